"""committee.apa.scoring: what the mutation run (scripts/mutation) found untested.

The existing tests interpolate only between columns one unit apart (12/11/10/9/8), where
dividing by the column gap and multiplying by it give the same score; here the columns
are 10 and 25 apart, the fiscal year of a date has tests of its own, and an average that
needs rounding is rounded to two places.
"""
from datetime import date

import pytest

from committee.apa.scoring import (
    COLUMN_PERCENTS,
    achievement,
    fiscal_bounds,
    fiscal_year_label,
    fiscal_year_of,
    parse_fiscal_year,
    quarter_of,
    score,
)

PERCENT_TARGETS = [100, 90, 80, 70, 60]  # e.g. "% of decisions implemented"


def test_the_five_columns_are_100_to_60_percent():
    assert COLUMN_PERCENTS == (100, 90, 80, 70, 60)


@pytest.mark.parametrize(("value", "expected"), [
    (100, 5.0), (120, 5.0),
    (95, 4.75),  # halfway between the 100 % and the 90 % column: 95 % of the weight
    (90, 4.5), (87.5, 4.38), (85, 4.25), (80, 4.0), (72, 3.6), (70, 3.5),
    (64, 3.2), (60, 3.0), (59.9, 0.0), (0, 0.0),
])
def test_score_between_columns_ten_units_apart(value, expected):
    assert score(value, PERCENT_TARGETS, 5) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (200, 2.0), (175, 1.8), (150, 1.6), (125, 1.4), (100, 1.2), (110, 1.28), (99, 0.0),
    (180, 1.84),  # 92 % of the weight
])
def test_score_between_columns_twenty_five_units_apart(value, expected):
    assert score(value, [200, 175, 150, 125, 100], 2) == expected


@pytest.mark.parametrize(("days_late", "expected"), [
    (-3, 3.0), (0, 3.0), (5, 2.7), (10, 2.4), (15, 2.1), (20, 1.8), (21, 0.0),
    (2, 2.88),  # 2 of the 5 days between the 100 % and the 90 % column
])
def test_lower_is_better_interpolates_over_days(days_late, expected):
    """A date target: each column five days later than the one before."""
    cols = [date(2025, 1, d).toordinal() for d in (10, 15, 20, 25, 30)]
    value = date(2025, 1, 10).toordinal() + days_late
    assert score(value, cols, 3, lower_is_better=True) == expected


def test_score_rounds_to_two_places():
    assert score(11.333, [12, 11, 10, 9, 8], 4) == 3.73  # 93.33 % of 4


def test_score_needs_a_value_and_five_targets():
    assert score(None, PERCENT_TARGETS, 5) == 0.0
    assert score(100, [100, 90, 80, 70], 5) == 0.0
    assert score(100, [100, 90, 80, 70, 60, 50], 5) == 0.0
    assert score(100, [], 5) == 0.0


def test_full_weight_is_returned_as_a_float():
    result = score(12, [12, 11, 10, 9, 8], 4)
    assert result == 4.0 and isinstance(result, float)


@pytest.mark.parametrize(("day", "year"), [
    (date(2024, 6, 30), 2023), (date(2024, 7, 1), 2024), (date(2024, 12, 31), 2024),
    (date(2025, 1, 1), 2024), (date(2025, 6, 30), 2024), (date(2025, 7, 1), 2025),
])
def test_fiscal_year_of_a_date_starts_on_1_july(day, year):
    assert fiscal_year_of(day) == year


@pytest.mark.parametrize(("start", "label"), [
    (2024, "2024-25"), (2099, "2099-00"), (2008, "2008-09"), (1999, "1999-00")])
def test_fiscal_year_label(start, label):
    assert fiscal_year_label(start) == label
    assert parse_fiscal_year(label) == start


def test_fiscal_bounds_are_1_july_to_30_june():
    assert fiscal_bounds(2024) == (date(2024, 7, 1), date(2025, 6, 30))


@pytest.mark.parametrize(("month", "quarter"), [
    (7, 1), (8, 1), (9, 1), (10, 2), (11, 2), (12, 2), (1, 3), (2, 3), (3, 3),
    (4, 4), (5, 4), (6, 4)])
def test_quarter_of_every_month(month, quarter):
    assert quarter_of(date(2025, month, 15)) == quarter


@pytest.mark.parametrize("text", [" 2024-25 ", "২০২৪-২৫", "2099-00"])
def test_parse_fiscal_year_accepts(text):
    assert parse_fiscal_year(text) == int(text.strip()[:4].translate(
        str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")))


@pytest.mark.parametrize("text", [
    "", None, "2024-26", "2024-2025", "2024", "24-25", "2024/25", "x2024-25", "2024-25x"])
def test_parse_fiscal_year_says_how_to_write_it(text):
    with pytest.raises(ValueError) as error:
        parse_fiscal_year(text)
    assert str(error.value) == "অর্থবছর লিখুন যেমন 2024-25"


@pytest.mark.parametrize(("method", "quarters", "expected"), [
    ("avg", [1, 1, 2, None], 1.33),  # 4 / 3, rounded to two places
    ("avg", [2, 1, 1, 1], 1.25),
    ("avg", [None, 7, None, None], 7),
    ("avg", [0, 0, 0, 1], 0.25),
    ("sum", [1.5, 2, None, 0], 3.5),
    ("sum", [0, 0, None, None], 0.0),
    ("cumulative", [4, None, 9, None], 9),
    ("date", [730000, 730005, None, None], 730005),
    ("cumulative", [None, None, None, None], None),
    ("avg", [], None),
])
def test_achievement_methods(method, quarters, expected):
    assert achievement(method, quarters) == expected


def test_sum_is_a_float():
    assert isinstance(achievement("sum", [1, 2, 3, 4]), float)
