"""Today's date where the committees work: Bangladesh (Asia/Dhaka, UTC+6 all year).

The server may run on UTC; a date typed or defaulted by an officer is a Dhaka date.
"""
from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

BANGLADESH = ZoneInfo("Asia/Dhaka")


def today() -> datetime.date:
    """Today's date in Bangladesh."""
    return datetime.datetime.now(BANGLADESH).date()
