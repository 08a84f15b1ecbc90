"""Bangla text helpers: digits, text matching, the Bangla calendar, memo numbers.

Everything here is pure and dependency-free. Digits are transliterated only for
display; stored values (file numbers, serials, dates) stay ASCII / ``datetime``.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata

__all__ = [
    "BANGLA_MONTHS",
    "GREGORIAN_MONTHS_BN",
    "WEEKDAYS_BN",
    "DATE_MESSAGE",
    "TIME_MESSAGE",
    "DateTextError",
    "FileNumberError",
    "bangla_date",
    "describe_date",
    "format_bangla_date",
    "format_date_numeric",
    "format_gregorian_long",
    "format_memo_number",
    "format_time_bn",
    "match_key",
    "normalize_text",
    "number_label",
    "parse_date_typed",
    "parse_file_number",
    "parse_memo_number",
    "parse_time_typed",
    "to_ascii_digits",
    "to_bangla_digits",
    "weekday_bn",
]

# --------------------------------------------------------------------------- digits

_TO_BANGLA = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
_TO_ASCII = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")


def to_bangla_digits(value) -> str:
    """Return ``str(value)`` with ASCII digits 0-9 replaced by Bangla ০-৯ (None -> "")."""
    if value is None:
        return ""
    return str(value).translate(_TO_BANGLA)


def to_ascii_digits(text: str) -> str:
    """Return ``text`` with Bangla digits ০-৯ replaced by ASCII 0-9; other characters kept."""
    if text is None:
        return ""
    return str(text).translate(_TO_ASCII)


# --------------------------------------------------------------------------- text


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def normalize_text(text: str) -> str:
    """NFC-normalize ``text``, collapse whitespace runs to one space and strip.

    NFC matters for য়/ড়/ঢ়: U+09DF/U+09DC/U+09DD are composition exclusions, so
    NFC *decomposes* them to য/ড/ঢ + nukta (U+09BC). Both keyboard typings of
    "নারায়ণগঞ্জ" therefore end up identical after this function.
    """
    if text is None:
        return ""
    # str.split() with no argument splits on every Unicode whitespace (NBSP too).
    return " ".join(_nfc(str(text)).split())


# Zero-width (non-)joiners change rendering only; U+200B/U+FEFF sneak in from copy-paste.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"))
_BN_CHAR = "\u0980-\u09ff"
# "সহঃ"/"সহ:" is the usual abbreviation of সহকারী (assistant); only at a word start.
_SAHA_ABBR = re.compile(rf"(?<![{_BN_CHAR}])সহ[ঃ:]")
# Abbreviations end in visarga (ঃ) but are often typed with an ASCII colon.
_COLON_AFTER_BN = re.compile(rf"(?<=[{_BN_CHAR}]):")
_COMMA = re.compile(r"\s*,\s*")
_SLASH = re.compile(r"\s*/\s*")
# Trailing visarga is stripped too, so "খ্রিঃ", "খ্রি:" and "খ্রি" share one key.
_TRAILING = "।॥.,;:ঃ \u00a0"


def match_key(text: str) -> str:
    """Return a forgiving comparison key for names, designations and offices.

    Built on :func:`normalize_text`, then: casefold; drop zero-width characters;
    "সহঃ"/"সহ:" -> "সহকারী"; an ASCII colon after a Bangla letter -> visarga "ঃ";
    commas as ", " and slashes as "/" (no spaces around); trailing punctuation
    (। ॥ . , ; : ঃ) and spaces stripped. Use it only for comparing, never for display.
    """
    key = normalize_text(text).translate(_INVISIBLE).casefold()
    key = _SAHA_ABBR.sub("সহকারী", key)
    key = _COLON_AFTER_BN.sub("ঃ", key)
    key = _COMMA.sub(", ", key)
    key = _SLASH.sub("/", key)
    return key.rstrip(_TRAILING)


# --------------------------------------------------------------------------- calendar

# NFC so that আষাঢ়/অগ্রহায়ণ/জানুয়ারি compare equal to normalized user input.
BANGLA_MONTHS = tuple(
    _nfc(m)
    for m in "বৈশাখ জ্যৈষ্ঠ আষাঢ় শ্রাবণ ভাদ্র আশ্বিন কার্তিক অগ্রহায়ণ পৌষ মাঘ ফাল্গুন চৈত্র".split()
)
GREGORIAN_MONTHS_BN = tuple(
    _nfc(m)
    for m in (
        "জানুয়ারি ফেব্রুয়ারি মার্চ এপ্রিল মে জুন জুলাই আগস্ট সেপ্টেম্বর অক্টোবর নভেম্বর ডিসেম্বর"
    ).split()
)
WEEKDAYS_BN = ("সোমবার", "মঙ্গলবার", "বুধবার", "বৃহস্পতিবার", "শুক্রবার", "শনিবার", "রবিবার")

# Bangla Academy revision, in force from 16 Oct 2019 (= ৩১ আশ্বিন ১৪২৬). Both rules give
# identical dates from ১ বৈশাখ to ৩০ আশ্বিন, so switching rule on this date is seamless:
# 15 Oct 2019 = ৩০ আশ্বিন, 16 Oct = ৩১ আশ্বিন (new rule), 17 Oct = ১ কার্তিক.
REVISION_2019 = datetime.date(2019, 10, 16)


def _month_lengths(revised: bool, falgun_in_leap_year: bool) -> tuple[int, ...]:
    if revised:
        # 2019: বৈশাখ-আশ্বিন 31, কার্তিক-মাঘ 30, ফাল্গুন 29 (30 in leap), চৈত্র 30.
        # The leap day lands in ফাল্গুন, so every month starts on a fixed Gregorian date.
        return (31,) * 6 + (30,) * 4 + (30 if falgun_in_leap_year else 29, 30)
    # 1987 rule: বৈশাখ-ভাদ্র 31, আশ্বিন-চৈত্র 30, ফাল্গুন 31 in leap years.
    # Used (proleptically) for every date before the 2019 revision.
    return (31,) * 5 + (30,) * 5 + (31 if falgun_in_leap_year else 30, 30)


def _as_date(d) -> datetime.date:
    # datetime is a date subclass but cannot be compared with date; drop the time part.
    return d.date() if isinstance(d, datetime.datetime) else d


def bangla_date(d: datetime.date) -> tuple[int, int, int]:
    """Return the Bangla date of ``d`` as ``(day, month 1-12, year)``.

    ১ বৈশাখ is 14 April; the Bangla year is the Gregorian year - 593 from 14 April
    on and - 594 before it. Month lengths follow the 2019 revision from
    16 Oct 2019 and the 1987 rule before (see ``_month_lengths``).
    """
    d = _as_date(d)
    start_year = d.year if d >= datetime.date(d.year, 4, 14) else d.year - 1
    offset = (d - datetime.date(start_year, 4, 14)).days
    # ফাল্গুন (mid-Feb to mid-Mar) falls in the Gregorian year after ১ বৈশাখ.
    lengths = _month_lengths(d >= REVISION_2019, calendar.isleap(start_year + 1))
    month = 1
    for length in lengths:
        if offset < length:
            break
        offset -= length
        month += 1
    return offset + 1, month, start_year - 593


def format_bangla_date(d: datetime.date) -> str:
    """Format ``d`` in the Bangla calendar, e.g. "২৪ চৈত্র ১৪২৮" (day not zero-padded)."""
    day, month, year = bangla_date(d)
    return (
        f"{to_bangla_digits(day)} {BANGLA_MONTHS[month - 1]} {to_bangla_digits(year)}"
    )


def format_gregorian_long(d: datetime.date) -> str:
    """Format ``d`` as "০৭ এপ্রিল ২০২২" (Gregorian, Bangla month name, day padded)."""
    day = to_bangla_digits(f"{d.day:02d}")
    return f"{day} {GREGORIAN_MONTHS_BN[d.month - 1]} {to_bangla_digits(d.year)}"


def format_date_numeric(d: datetime.date) -> str:
    """Format ``d`` as "১৪/০৩/২০২২" (dd/mm/yyyy in Bangla digits)."""
    return to_bangla_digits(f"{d.day:02d}/{d.month:02d}/{d.year:04d}")


def weekday_bn(d: datetime.date) -> str:
    """Return the Bangla weekday name of ``d``, e.g. "সোমবার"."""
    return WEEKDAYS_BN[d.weekday()]


def _day_period(hour: int) -> str:
    # Government notices name the part of the day instead of using AM/PM.
    if 4 <= hour <= 5:
        return "ভোর"
    if 6 <= hour <= 11:
        return "সকাল"
    if 12 <= hour <= 14:
        return "দুপুর"
    if 15 <= hour <= 17:
        return "বিকাল"
    if 18 <= hour <= 19:
        return "সন্ধ্যা"
    return "রাত"


def format_time_bn(t: datetime.time) -> str:
    """Format ``t`` government-style, e.g. 11:00 -> "সকাল ১১:০০ টা", 15:30 -> "বিকাল ০৩:৩০ টা"."""
    hour12 = t.hour % 12 or 12
    return f"{_day_period(t.hour)} {to_bangla_digits(f'{hour12:02d}:{t.minute:02d}')} টা"


def describe_date(d: datetime.date) -> str:
    """The day in both calendars: "সোমবার, ১৪ মার্চ ২০২২ = ২৯ ফাল্গুন ১৪২৮"."""
    d = _as_date(d)
    gregorian = f"{to_bangla_digits(d.day)} {GREGORIAN_MONTHS_BN[d.month - 1]} " \
                f"{to_bangla_digits(d.year)}"
    return f"{weekday_bn(d)}, {gregorian} = {format_bangla_date(d)}"


# --------------------------------------------------------------------------- typed dates, times

DATE_MESSAGE = "সঠিক তারিখ নয়; দিন/মাস/বছর আকারে লিখুন, যেমন ১৪/০৩/২০২২"
TIME_MESSAGE = "সঠিক সময় নয়; যেমন ১১:০০, ১১.৩০, ১৫:৩০ বা সকাল ১১টা লিখুন"


class DateTextError(ValueError):
    """A typed date or time could not be read; the message is in Bangla."""


# dd/mm/yyyy (d/m/yyyy too) with "/", "-" or "." (officers type all three); the ISO form a
# browser's date picker and the API send; eight digits without separators = ddmmyyyy
# (what a keyboard user types into a picker: 14032022 is 14 March, never 3 December).
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DDMMYYYY = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_SHORT_YEAR = re.compile(r"^\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2}$")


def parse_date_typed(text) -> datetime.date:
    """Read a date as an officer types it: "১৪/০৩/২০২২", "14-03-2022", "১৪.০৩.২০২২",
    "১৪/৩/২০২২", "14032022" (ddmmyyyy), or ISO "2022-03-14"; Bangla or ASCII digits.

    Raises :class:`DateTextError` (a Bangla message) for anything else, a two-digit year
    or a day that does not exist (৩১/০২/২০২২).
    """
    if isinstance(text, datetime.date):
        return _as_date(text)
    value = to_ascii_digits(normalize_text(text if isinstance(text, str) else ""))
    if m := _DMY.match(value) or _DDMMYYYY.match(value):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif m := _ISO.match(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif _SHORT_YEAR.match(value):
        raise DateTextError("বছর চার অঙ্কে লিখুন, যেমন ১৪/০৩/২০২২")
    else:
        raise DateTextError(DATE_MESSAGE)
    if not 1 <= month <= 12:
        raise DateTextError("মাস ১ থেকে ১২-এর মধ্যে হতে হবে; দিন/মাস/বছর আকারে লিখুন, "
                            "যেমন ১৪/০৩/২০২২")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateTextError(
            f"{GREGORIAN_MONTHS_BN[month - 1]} {to_bangla_digits(year)}-এ "
            f"{to_bangla_digits(day)} তারিখ নেই") from None


# The parts of the day the app prints (see _day_period), with common spellings.
_PERIODS = {"ভোর": "ভোর", "সকাল": "সকাল", "দুপুর": "দুপুর", "বিকাল": "বিকাল",
            "বিকেল": "বিকাল", "সন্ধ্যা": "সন্ধ্যা", "সন্ধা": "সন্ধ্যা", "রাত": "রাত"}
_PERIOD_NAMES = "|".join(sorted(map(_nfc, _PERIODS), key=len, reverse=True))
_TIME_TYPED = re.compile(
    rf"^(?:({_PERIOD_NAMES})\s*)?(\d{{1,2}})(?:\s*[:.]\s*(\d{{2}}))?\s*(?:{_nfc('টায়')}|টা)?$")


def parse_time_typed(text) -> datetime.time:
    """Read a time as an officer types it: "১১:০০", "১১.৩০", "11:30", "১৫:৩০", "১১টা",
    "সকাল ১১টা", "বিকাল ৩টা" (15:00), "দুপুর ১২টা", "সন্ধ্যা ৬টা", "রাত ৮টা" (20:00),
    and what format_time_bn prints ("বিকাল ০৩:৩০ টা").

    Raises :class:`DateTextError` (a Bangla message) for anything else, or a part of the
    day that does not fit the hour ("সকাল ৯টা" is fine, "রাত ১১টা" = 23:00, "সকাল ৩টা"
    is refused).
    """
    if isinstance(text, datetime.time):
        return text
    value = to_ascii_digits(normalize_text(text if isinstance(text, str) else ""))
    m = _TIME_TYPED.match(value)
    if not m:
        raise DateTextError(TIME_MESSAGE)
    hour, minute = int(m[2]), int(m[3] or 0)
    if hour > 23 or minute > 59:
        raise DateTextError(TIME_MESSAGE)
    if m[1]:
        period = _PERIODS[m[1]] if m[1] in _PERIODS else _PERIODS[_nfc(m[1])]
        candidates = (hour,) if hour > 12 else (hour % 12, hour % 12 + 12)
        fits = [h for h in candidates if _day_period(h) == period]
        if not fits:
            raise DateTextError(f"«{normalize_text(text)}» মেলে না: {period} "
                                f"{to_bangla_digits(hour)}টা হয় না; যেমন ১১:০০ বা সকাল "
                                "১১টা লিখুন")
        hour = fits[0]
    return datetime.time(hour, minute)


# --------------------------------------------------------------------------- file & memo numbers

# Secretariat Instructions: 2014 (18 digits) and 2024 (22 digits) segment layouts.
_FILE_LAYOUTS = ((2, 2, 4, 3, 2, 3, 2), (2, 2, 4, 3, 3, 2, 4, 2))
_DIGITS = re.compile(r"[0-9]+")
# "." is the standard serial separator; "-" is used in real documents, and Word often
# turns a typed hyphen into an en dash (U+2013) or hyphen (U+2010).
_SERIAL_SEP = re.compile(r"\s*[.\-\u2010\u2013]\s*(?=[0-9]+\s*$)")

FILE_NUMBER_MESSAGE = (
    "নথি নম্বর ১৮ অঙ্কের (২.২.৪.৩.২.৩.২) বা ২২ অঙ্কের (২.২.৪.৩.৩.২.৪.২) হতে হবে"
)
SERIAL_MESSAGE = "স্মারকের ক্রমিক নম্বর ১ বা তার বেশি পূর্ণসংখ্যা হতে হবে"


class FileNumberError(ValueError):
    """A file (নথি) or memo (স্মারক) number is malformed; the message is in Bangla."""


def parse_file_number(text: str) -> str:
    """Validate a file number and return its canonical ASCII form.

    Accepts Bangla, ASCII or mixed digits and surrounding whitespace, e.g.
    "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০" -> "56.04.5500.000.06.001.20".
    Raises :class:`FileNumberError` unless the segments match 2.2.4.3.2.3.2 or
    2.2.4.3.3.2.4.2 digits.
    """
    if not isinstance(text, str):
        raise FileNumberError(FILE_NUMBER_MESSAGE)
    segments = to_ascii_digits(text).strip().split(".")
    lengths = tuple(len(s) for s in segments)
    # fullmatch on [0-9] rejects other Unicode digits that str.isdigit() would accept.
    if lengths not in _FILE_LAYOUTS or not all(_DIGITS.fullmatch(s) for s in segments):
        raise FileNumberError(FILE_NUMBER_MESSAGE)
    return ".".join(segments)


def _parse_serial(serial) -> int:
    if isinstance(serial, bool):  # bool is an int subclass; True is not a serial.
        raise FileNumberError(SERIAL_MESSAGE)
    if isinstance(serial, str):
        serial = to_ascii_digits(serial).strip()
        if not _DIGITS.fullmatch(serial):
            raise FileNumberError(SERIAL_MESSAGE)
        serial = int(serial)
    if not isinstance(serial, int) or serial < 1:
        raise FileNumberError(SERIAL_MESSAGE)
    return serial


def format_memo_number(file_number: str, serial: int) -> str:
    """Return the Bangla-digit memo number ``file_number + "." + serial``.

    ("৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০", 9) -> "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯". The file
    number may use either digit system; raises :class:`FileNumberError` if the file
    number is invalid or the serial is not a positive integer.
    """
    return to_bangla_digits(f"{parse_file_number(file_number)}.{_parse_serial(serial)}")


def parse_memo_number(text: str) -> tuple[str, int]:
    """Split a memo number into ``(canonical ASCII file number, serial)``.

    The serial follows the file number after "." or "-" ("…২০২৫-৬৩০"); digits may
    be Bangla, ASCII or mixed. Raises :class:`FileNumberError` on bad input.
    """
    if not isinstance(text, str):
        raise FileNumberError(FILE_NUMBER_MESSAGE)
    parts = _SERIAL_SEP.split(to_ascii_digits(text).strip())
    # The lookahead ties the split to the last separator, so there are exactly two parts.
    if len(parts) != 2:
        raise FileNumberError(FILE_NUMBER_MESSAGE)
    file_part, serial_part = parts
    return parse_file_number(file_part), _parse_serial(serial_part)


# --------------------------------------------------------------------------- labels


def number_label(*parts) -> str:
    """Join numbering parts with "." in Bangla digits: (2, 1) -> "২.১", (3,) -> "৩"."""
    return ".".join(to_bangla_digits(p) for p in parts)
