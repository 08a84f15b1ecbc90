"""Dates as minutes write them: "১৪/০৩/২০২২ খ্রিঃ", "১৪-০৩-২০২২", "০৭ এপ্রিল ২০২২",
"২৪ চৈত্র ১৪২৮" (the Bangla calendar, read back through committee.bangla's own rule)."""
from __future__ import annotations

import datetime
import re

from ..bangla import (
    BANGLA_MONTHS,
    GREGORIAN_MONTHS_BN,
    DateTextError,
    bangla_date,
    normalize_text,
    parse_date_typed,
    to_ascii_digits,
)

# Other spellings of the Gregorian months seen in minutes.
_GREGORIAN_ALIASES = {"জানুয়ারী": 1, "ফেব্রুয়ারী": 2, "ফেব্রুয়ারি": 2, "অগাস্ট": 8, "আগষ্ট": 8,
                      "সেপ্টেম্বার": 9, "অক্টোবার": 10, "নভেম্বার": 11, "ডিসেম্বার": 12}
_SUFFIX = re.compile(r"\s*(খ্রিঃ|খ্রি:|খ্রিস্টাব্দ|খ্রিষ্টাব্দ|খ্রী:|খ্রীঃ|ইং|ইং:|বঙ্গাব্দ|সাল)\.?\s*$")
_WRITTEN = re.compile(r"^(\d{1,2})\s+(\S+?)[,\s]+(\d{4})$")


def _month(name: str) -> tuple[str, int] | None:
    name = normalize_text(name)
    if name in GREGORIAN_MONTHS_BN:
        return "gregorian", GREGORIAN_MONTHS_BN.index(name) + 1
    if name in _GREGORIAN_ALIASES:
        return "gregorian", _GREGORIAN_ALIASES[normalize_text(name)]
    if name in BANGLA_MONTHS:
        return "bangla", BANGLA_MONTHS.index(name) + 1
    return None


def from_bangla(day: int, month: int, year: int) -> datetime.date:
    """The Gregorian date of a Bangla-calendar date (the rule of committee.bangla)."""
    start = datetime.date(year + 593, 4, 14)
    for offset in range(366):
        d = start + datetime.timedelta(days=offset)
        if bangla_date(d) == (day, month, year):
            return d
    raise DateTextError("বাংলা পঞ্জিকায় এই তারিখ নেই")


def parse_written_date(text: str) -> tuple[datetime.date, str]:
    """(date, calendar) of a date as minutes write it; calendar is "bangla" for
    "২৪ চৈত্র ১৪২৮", else "gregorian". Raises DateTextError (Bangla) otherwise."""
    value = _SUFFIX.sub("", normalize_text(text)).strip(" ,।")
    m = _WRITTEN.match(to_ascii_digits(value))
    if m:
        month = _month(m[2])
        if month is None:
            raise DateTextError(f"«{m[2]}» কোনো মাসের নাম নয়")
        calendar, number = month
        day, year = int(m[1]), int(m[3])
        if calendar == "bangla":
            return from_bangla(day, number, year), calendar
        try:
            return datetime.date(year, number, day), calendar
        except ValueError:
            raise DateTextError("এই তারিখ নেই") from None
    return parse_date_typed(value), "gregorian"


DATE_IN_TEXT = re.compile(
    r"[০-৯0-9]{1,2}\s*[/.\-]\s*[০-৯0-9]{1,2}\s*[/.\-]\s*[০-৯0-9]{4}"
    r"|[০-৯0-9]{1,2}\s+[\u0980-\u09ff]+[,\s]+[০-৯0-9]{4}")


def dates_in(text: str) -> list[tuple[datetime.date, str, str]]:
    """Every date written in `text`, as (date, calendar, the text of it)."""
    found = []
    for m in DATE_IN_TEXT.finditer(normalize_text(text)):
        try:
            d, calendar = parse_written_date(m.group())
        except DateTextError:
            continue
        found.append((d, calendar, m.group()))
    return found
