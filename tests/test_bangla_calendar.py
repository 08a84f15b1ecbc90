"""Table-driven tests for committee.bangla: the calendar, Bangla dates, formatting.

Expected Bangla dates were derived by hand from the month lengths:
revised rule (from 16 Oct 2019): months start every year on 14 Apr, 15 May, 15 Jun,
16 Jul, 16 Aug, 16 Sep, 17 Oct, 16 Nov, 16 Dec, 15 Jan, 14 Feb, 15 Mar (ফাল্গুন's
30th day in a leap year absorbs 29 Feb, so চৈত্র still starts on 15 Mar).
1987 rule (before): 14 Apr, 15 May, 15 Jun, 16 Jul, 16 Aug, 16 Sep, 16 Oct, 15 Nov,
15 Dec, 14 Jan, 13 Feb, 15 Mar (ফাল্গুন 31 days in a leap year).
"""

import calendar
import datetime as dt
import unicodedata

import pytest

from committee.bangla import (
    BANGLA_MONTHS,
    GREGORIAN_MONTHS_BN,
    WEEKDAYS_BN,
    bangla_date,
    format_bangla_date,
    format_date_numeric,
    format_gregorian_long,
    format_time_bn,
    normalize_text,
    weekday_bn,
)

D = dt.date

# --------------------------------------------------------------------------- calendar constants


def test_month_and_weekday_names():
    assert len(BANGLA_MONTHS) == len(GREGORIAN_MONTHS_BN) == 12
    assert BANGLA_MONTHS[0] == "বৈশাখ" and BANGLA_MONTHS[11] == "চৈত্র"
    assert GREGORIAN_MONTHS_BN[3] == normalize_text("এপ্রিল")
    assert WEEKDAYS_BN[0] == "সোমবার" and WEEKDAYS_BN[6] == "রবিবার"
    for name in BANGLA_MONTHS + GREGORIAN_MONTHS_BN + WEEKDAYS_BN:
        assert unicodedata.is_normalized("NFC", name)


# --------------------------------------------------------------------------- Bangla dates

REVISED_MONTH_STARTS = [
    (4, 14, 1),
    (5, 15, 2),
    (6, 15, 3),
    (7, 16, 4),
    (8, 16, 5),
    (9, 16, 6),
    (10, 17, 7),
    (11, 16, 8),
    (12, 16, 9),
    (1, 15, 10),
    (2, 14, 11),
    (3, 15, 12),
]


@pytest.mark.parametrize(
    "year", [2020, 2022, 2023, 2024, 2027, 2028]
)  # Bangla years 1427...
@pytest.mark.parametrize(("gmonth", "gday", "bmonth"), REVISED_MONTH_STARTS)
def test_revised_month_starts(year, gmonth, gday, bmonth):
    # Bangla year `year - 593` starts on 14 April `year`; its last three months fall in `year + 1`.
    gyear = year if gmonth >= 4 else year + 1
    assert bangla_date(D(gyear, gmonth, gday)) == (1, bmonth, year - 593)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        # The Magura memo and the brief's checks.
        (D(2022, 4, 7), (24, 12, 1428)),
        (D(2022, 4, 13), (30, 12, 1428)),
        (D(2022, 4, 14), (1, 1, 1429)),
        # National days fixed by the 2019 revision, non-leap (2023) and leap (2024, 2028).
        (D(2023, 2, 21), (8, 11, 1429)),
        (D(2024, 2, 21), (8, 11, 1430)),
        (D(2028, 2, 21), (8, 11, 1434)),
        (D(2023, 3, 26), (12, 12, 1429)),
        (D(2024, 3, 26), (12, 12, 1430)),
        (D(2028, 3, 26), (12, 12, 1434)),
        (D(2023, 4, 14), (1, 1, 1430)),
        (D(2024, 4, 14), (1, 1, 1431)),
        (D(2028, 4, 14), (1, 1, 1435)),
        (D(2023, 8, 15), (31, 4, 1430)),
        (D(2024, 8, 15), (31, 4, 1431)),
        (D(2023, 12, 16), (1, 9, 1430)),
        (D(2024, 12, 16), (1, 9, 1431)),
        # Year boundaries.
        (D(2023, 4, 13), (30, 12, 1429)),
        (D(2024, 4, 13), (30, 12, 1430)),
        (D(2030, 4, 13), (30, 12, 1436)),
        (D(2030, 4, 14), (1, 1, 1437)),
        # ফাল্গুন in leap and non-leap years; 1 Jan = 17 পৌষ.
        (D(2024, 2, 29), (16, 11, 1430)),
        (D(2024, 3, 14), (30, 11, 1430)),
        (D(2024, 3, 15), (1, 12, 1430)),
        (D(2023, 2, 28), (15, 11, 1429)),
        (D(2023, 3, 14), (29, 11, 1429)),
        (D(2023, 3, 15), (1, 12, 1429)),
        (D(2020, 1, 1), (17, 9, 1426)),
        (D(2025, 1, 1), (17, 9, 1431)),
        # Month ends under the revised rule.
        (D(2022, 10, 16), (31, 6, 1429)),
        (D(2022, 2, 13), (30, 10, 1428)),
        # The 2019 cut-over: seamless, আশ্বিন ১৪২৬ gets its 31st day.
        (D(2019, 10, 15), (30, 6, 1426)),
        (D(2019, 10, 16), (31, 6, 1426)),
        (D(2019, 10, 17), (1, 7, 1426)),
        (D(2020, 2, 29), (16, 11, 1426)),
        # Before the revision (1987 rule): national days fell one day later.
        (D(2019, 2, 21), (9, 11, 1425)),
        (D(2018, 12, 16), (2, 9, 1425)),
        (D(2018, 12, 15), (1, 9, 1425)),
        (D(2019, 1, 1), (18, 9, 1425)),
        (D(2019, 3, 26), (12, 12, 1425)),
        (D(2019, 4, 13), (30, 12, 1425)),
        (D(2019, 4, 14), (1, 1, 1426)),
        (D(2018, 10, 16), (1, 7, 1425)),
        (D(2016, 2, 13), (1, 11, 1422)),
        (D(2016, 2, 29), (17, 11, 1422)),
        (D(2016, 3, 14), (31, 11, 1422)),
        (D(2016, 3, 15), (1, 12, 1422)),
        (D(2017, 3, 14), (30, 11, 1423)),
        (D(1971, 12, 16), (2, 9, 1378)),
    ],
)
def test_bangla_date(d, expected):
    assert bangla_date(d) == expected


def test_bangla_date_accepts_datetime():
    assert bangla_date(dt.datetime(2022, 4, 7, 23, 59)) == (24, 12, 1428)


def _expected_lengths(year: int) -> list[int]:
    # Written independently of the module. ফাল্গুন of Bangla year y falls in Gregorian y + 594.
    leap = calendar.isleap(year + 594)
    if year >= 1426:  # the revision took effect within আশ্বিন ১৪২৬; months 1-5 agree
        return [31] * 6 + [30] * 4 + [30 if leap else 29, 30]
    return [31] * 5 + [30] * 5 + [31 if leap else 30, 30]


@pytest.mark.parametrize(
    ("first", "last"),
    [(D(2019, 10, 16), D(2030, 12, 31)), (D(1990, 1, 1), D(2019, 10, 16))],
)
def test_every_day_advances_by_one_bangla_day(first, last):
    """Consecutive days walk through every Bangla date exactly once, in order."""
    prev = bangla_date(first)
    day = first + dt.timedelta(days=1)
    while day <= last:
        cur = bangla_date(day)
        d, m, y = cur
        pd, pm, py = prev
        assert 1 <= m <= 12 and 1 <= d <= _expected_lengths(y)[m - 1], day
        assert y == (day.year - 593 if day >= D(day.year, 4, 14) else day.year - 594)
        assert (y, m, d) > (py, pm, pd), day  # strictly increasing
        if d != 1:
            assert (d, m, y) == (pd + 1, pm, py), day
        elif m != 1:
            assert (m, y) == (pm + 1, py) and pd == _expected_lengths(py)[pm - 1], day
        else:
            assert (y, pm, pd) == (py + 1, 12, 30), day
        prev = cur
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("year", range(1427, 1438))
def test_revised_year_lengths(year):
    start = D(year + 593, 4, 14)
    end = D(year + 594, 4, 13)
    assert bangla_date(start) == (1, 1, year)
    assert bangla_date(end) == (30, 12, year)
    assert (end - start).days + 1 == sum(_expected_lengths(year))


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("func", "d", "expected"),
    [
        (format_bangla_date, D(2022, 4, 7), "২৪ চৈত্র ১৪২৮"),
        (format_bangla_date, D(2022, 4, 14), "১ বৈশাখ ১৪২৯"),
        (format_bangla_date, D(2024, 2, 21), "৮ ফাল্গুন ১৪৩০"),
        (format_bangla_date, D(2023, 6, 15), normalize_text("১ আষাঢ় ১৪৩০")),
        (format_gregorian_long, D(2022, 4, 7), "০৭ এপ্রিল ২০২২"),
        (format_gregorian_long, D(2024, 12, 16), "১৬ ডিসেম্বর ২০২৪"),
        (format_gregorian_long, D(2025, 1, 1), normalize_text("০১ জানুয়ারি ২০২৫")),
        (format_date_numeric, D(2022, 3, 14), "১৪/০৩/২০২২"),
        (format_date_numeric, D(2025, 1, 5), "০৫/০১/২০২৫"),
        (weekday_bn, D(2022, 3, 14), "সোমবার"),
        (weekday_bn, D(2022, 4, 7), "বৃহস্পতিবার"),
        (weekday_bn, D(2024, 12, 20), "শুক্রবার"),
        (weekday_bn, D(2024, 12, 22), "রবিবার"),
    ],
)
def test_date_formatting(func, d, expected):
    assert func(d) == expected


@pytest.mark.parametrize(
    ("h", "m", "expected"),
    [
        (0, 0, "রাত ১২:০০ টা"),
        (3, 59, "রাত ০৩:৫৯ টা"),
        (4, 30, "ভোর ০৪:৩০ টা"),
        (5, 59, "ভোর ০৫:৫৯ টা"),
        (6, 0, "সকাল ০৬:০০ টা"),
        (11, 0, "সকাল ১১:০০ টা"),
        (12, 0, "দুপুর ১২:০০ টা"),
        (14, 30, "দুপুর ০২:৩০ টা"),
        (15, 30, "বিকাল ০৩:৩০ টা"),
        (17, 59, "বিকাল ০৫:৫৯ টা"),
        (18, 0, "সন্ধ্যা ০৬:০০ টা"),
        (19, 45, "সন্ধ্যা ০৭:৪৫ টা"),
        (20, 0, "রাত ০৮:০০ টা"),
        (23, 5, "রাত ১১:০৫ টা"),
    ],
)
def test_format_time_bn(h, m, expected):
    assert format_time_bn(dt.time(h, m)) == expected
