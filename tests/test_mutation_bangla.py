"""committee.bangla: what the mutation run (scripts/mutation) found untested.

Every printed month and weekday name, the matching keys' handling of visarga, double
danda and invisible characters, the separators a memo number may use, and the Bangla
error texts a secretary reads when a file or memo number is wrong.
"""
import datetime as dt

import pytest

from committee.bangla import (
    FileNumberError,
    format_bangla_date,
    format_gregorian_long,
    format_memo_number,
    match_key,
    normalize_text,
    parse_file_number,
    parse_memo_number,
    to_ascii_digits,
    weekday_bn,
)

MAGURA_FILE = "56.04.5500.000.06.001.20"
FILE_MESSAGE = "নথি নম্বর ১৮ অঙ্কের (২.২.৪.৩.২.৩.২) বা ২২ অঙ্কের (২.২.৪.৩.৩.২.৪.২) হতে হবে"
SERIAL_MESSAGE = "স্মারকের ক্রমিক নম্বর ১ বা তার বেশি পূর্ণসংখ্যা হতে হবে"


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(("month", "name"), [
    (1, "জানুয়ারি"), (2, "ফেব্রুয়ারি"), (3, "মার্চ"), (4, "এপ্রিল"), (5, "মে"), (6, "জুন"),
    (7, "জুলাই"), (8, "আগস্ট"), (9, "সেপ্টেম্বর"), (10, "অক্টোবর"), (11, "নভেম্বর"),
    (12, "ডিসেম্বর"),
])
def test_every_gregorian_month_prints_its_bangla_name(month, name):
    assert format_gregorian_long(dt.date(2025, month, 9)) == normalize_text(f"০৯ {name} ২০২৫")


@pytest.mark.parametrize(("d", "text"), [
    (dt.date(2025, 4, 14), "১ বৈশাখ ১৪৩২"), (dt.date(2025, 5, 15), "১ জ্যৈষ্ঠ ১৪৩২"),
    (dt.date(2025, 6, 15), "১ আষাঢ় ১৪৩২"), (dt.date(2025, 7, 16), "১ শ্রাবণ ১৪৩২"),
    (dt.date(2025, 8, 16), "১ ভাদ্র ১৪৩২"), (dt.date(2025, 9, 16), "১ আশ্বিন ১৪৩২"),
    (dt.date(2025, 10, 17), "১ কার্তিক ১৪৩২"), (dt.date(2025, 11, 16), "১ অগ্রহায়ণ ১৪৩২"),
    (dt.date(2025, 12, 16), "১ পৌষ ১৪৩২"), (dt.date(2026, 1, 15), "১ মাঘ ১৪৩২"),
    (dt.date(2026, 2, 14), "১ ফাল্গুন ১৪৩২"), (dt.date(2026, 3, 15), "১ চৈত্র ১৪৩২"),
    (dt.date(2026, 4, 13), "৩০ চৈত্র ১৪৩২"),
])
def test_every_bangla_month_prints_its_name(d, text):
    assert format_bangla_date(d) == normalize_text(text)


def test_every_weekday_prints_its_bangla_name():
    week = [weekday_bn(dt.date(2025, 6, 2) + dt.timedelta(days=i)) for i in range(7)]
    assert week == ["সোমবার", "মঙ্গলবার", "বুধবার", "বৃহস্পতিবার", "শুক্রবার", "শনিবার",
                    "রবিবার"]


# --------------------------------------------------------------------------- text keys


def test_missing_text_normalizes_to_empty():
    assert normalize_text(None) == ""
    assert to_ascii_digits(None) == ""
    assert match_key(None) == ""


@pytest.mark.parametrize("typed", [
    "জেলা প্রশাসকঃ",  # trailing visarga
    "জেলা প্রশাসক॥",  # double danda
    "জেলা প্রশাসক ।॥ঃ",
    "\ufeffজেলা প্রশাসক",  # byte order mark from a copied cell
    "জেলা\u200b প্রশাসক",  # zero-width space
    "জেলা প্রশাসক\ufeff\u200b",
])
def test_match_key_ignores_end_marks_and_invisible_characters(typed):
    assert match_key(typed) == "জেলা প্রশাসক"


def test_match_key_writes_slashes_without_spaces():
    assert match_key("সভার নোটিশ / কার্যবিবরণী") == "সভার নোটিশ/কার্যবিবরণী"
    assert match_key("আইসিটি/ই-গভর্নেন্স") == "আইসিটি/ই-গভর্নেন্স"


# --------------------------------------------------------------------------- memo numbers


@pytest.mark.parametrize("separator", [".", "-", "\u2010", "\u2013", " - ", " \u2010 "])
def test_memo_serial_separators(separator):
    assert parse_memo_number(f"৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০{separator}৬৩০") == (MAGURA_FILE, 630)


@pytest.mark.parametrize("separator", ["_", ",", ":"])
def test_other_marks_are_no_memo_separator(separator):
    with pytest.raises(FileNumberError):
        parse_memo_number(f"৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০{separator}৬৩০")


@pytest.mark.parametrize("text", [None, 56, "৫৬.০৪.৫৫০০", "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯.১"])
def test_bad_file_or_memo_number_says_which_layouts_are_valid(text):
    with pytest.raises(FileNumberError) as file_error:
        parse_file_number(text)
    assert str(file_error.value) == FILE_MESSAGE
    with pytest.raises(FileNumberError) as memo_error:
        parse_memo_number(text)
    assert str(memo_error.value) == FILE_MESSAGE


@pytest.mark.parametrize("text", ["৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০", "৯", "", "  ", "স্মারক নম্বর"])
def test_memo_number_without_serial_says_which_layouts_are_valid(text):
    with pytest.raises(FileNumberError) as error:
        parse_memo_number(text)
    assert str(error.value) == FILE_MESSAGE


@pytest.mark.parametrize("serial", [True, False, 0, -3, "০", "ক", "", " ", "1.5", 2.0, None])
def test_bad_serial_says_what_a_serial_is(serial):
    with pytest.raises(FileNumberError) as error:
        format_memo_number(MAGURA_FILE, serial)
    assert str(error.value) == SERIAL_MESSAGE


@pytest.mark.parametrize("text", ["৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.০", "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০-০০"])
def test_memo_number_with_serial_zero_says_what_a_serial_is(text):
    with pytest.raises(FileNumberError) as error:
        parse_memo_number(text)
    assert str(error.value) == SERIAL_MESSAGE


def test_serial_in_bangla_digits_with_spaces():
    assert format_memo_number(MAGURA_FILE, " ১২ ") == "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.১২"
