"""The dates a letter may carry: never before what it refers to, never far ahead.

An issued letter is irreversible, so its memo date is checked before a number is taken:
not before the meeting (minutes), the minutes (a corrigendum) or the earliest date the
system knows (1 January 2000), and at most 30 days after today (Asia/Dhaka).
"""
from __future__ import annotations

import datetime

from .. import bangla, clock

EARLIEST = datetime.date(2000, 1, 1)
MAX_DAYS_AHEAD = 30


class LetterDateError(ValueError):
    """A memo date that cannot be issued; the message is in Bangla."""


def check_memo_date(memo_date: datetime.date, not_before: datetime.date | None = None,
                    what: str = "সভার তারিখ") -> datetime.date:
    """``memo_date`` if it may be issued; raises LetterDateError otherwise."""
    floor = max(not_before or EARLIEST, EARLIEST)
    if memo_date < floor:
        if not_before and memo_date < not_before:
            raise LetterDateError(
                f"স্মারকের তারিখ ({bangla.format_date_numeric(memo_date)}) {what} "
                f"({bangla.format_date_numeric(not_before)}) এর আগে হতে পারে না")
        raise LetterDateError("স্মারকের তারিখ ২০০০ সালের আগে হতে পারে না")
    latest = clock.today() + datetime.timedelta(days=MAX_DAYS_AHEAD)
    if memo_date > latest:
        raise LetterDateError(
            f"স্মারকের তারিখ আজ থেকে {bangla.to_bangla_digits(MAX_DAYS_AHEAD)} দিনের বেশি পরে "
            f"হতে পারে না ({bangla.format_date_numeric(latest)} পর্যন্ত)")
    return memo_date
