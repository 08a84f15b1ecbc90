"""Fiscal years, quarters and the APA score: the rules kept in one place.

ASSUMPTION (the official text was not found): achievement at or above the 100 % column
earns the full weight, below the 60 % column earns 0, and between two columns the
percentage is interpolated linearly. For [৩.১.১] (weight 4; 12/11/10/9/8):
12+ → 4.0, 11 → 3.6, 10 → 3.2, 9 → 2.8, 8 → 2.4, ≤7 → 0.
"""
from __future__ import annotations

import re
from datetime import date

from ..bangla import to_ascii_digits

COLUMN_PERCENTS = (100, 90, 80, 70, 60)
_FY = re.compile(r"^(\d{4})-(\d{2})$")


def parse_fiscal_year(text: str) -> int:
    """'2024-25' -> 2024 (the year of 1 July); ValueError with a Bangla message otherwise."""
    match = _FY.match(to_ascii_digits(text or "").strip())
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValueError("অর্থবছর লিখুন যেমন 2024-25")
    return int(match[1])


def fiscal_year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def fiscal_year_of(d: date) -> int:
    return d.year if d.month >= 7 else d.year - 1


def fiscal_bounds(start_year: int) -> tuple[date, date]:
    """1 July to 30 June, both inclusive."""
    return date(start_year, 7, 1), date(start_year + 1, 6, 30)


def quarter_of(d: date) -> int:
    """Q1 Jul–Sep, Q2 Oct–Dec, Q3 Jan–Mar, Q4 Apr–Jun."""
    return (d.month - 7) % 12 // 3 + 1


def achievement(method: str, quarters: list[float | None]) -> float | None:
    """The annual figure from the four quarterly ones, by the indicator's method."""
    values = [q for q in quarters if q is not None]
    if not values:
        return None
    if method == "sum":
        return float(sum(values))
    if method == "avg":
        return round(sum(values) / len(values), 2)
    # cumulative (the latest running figure) and date (the latest recorded date)
    return values[-1]


def score(value: float | None, targets: list[float], weight: float,
          lower_is_better: bool = False) -> float:
    """The score earned by `value` against the five target columns (see module doc)."""
    if value is None or len(targets) != 5:
        return 0.0
    sign = -1 if lower_is_better else 1
    v, cols = sign * value, [sign * t for t in targets]
    if v >= cols[0]:
        return float(weight)
    if v < cols[-1]:
        return 0.0
    for i in range(len(cols) - 1):
        hi, lo = cols[i], cols[i + 1]
        if lo <= v < hi:
            hi_pct, lo_pct = COLUMN_PERCENTS[i], COLUMN_PERCENTS[i + 1]
            pct = lo_pct + (hi_pct - lo_pct) * (v - lo) / (hi - lo)
            return round(weight * pct / 100, 2)
    return 0.0  # targets not in descending order
