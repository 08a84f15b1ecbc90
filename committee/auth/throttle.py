"""Login throttling: too many recent failures for a username or from an address → 429.

Counts live in the `login_attempts` table, not in process memory, so every app instance
behind the proxy sees the same numbers. Rules (limits and window from app.config):

- `LOGIN_MAX_FAILURES_PER_USER` (default 5) failures for one username, or
  `LOGIN_MAX_FAILURES_PER_ADDRESS` (default 20) failures from one address, within
  `LOGIN_THROTTLE_WINDOW` seconds (default 900) refuse further attempts with 429.
- The lockout is checked *before* the password: during it even the correct password gets
  429, otherwise the throttle would not slow down guessing at all.
- A successful login starts the username's count afresh (failures before it no longer
  count for that username; they still count for their address).
- Refused (429) attempts are not stored: they checked no password, and storing them would
  let a user who keeps retrying extend their own lockout forever.
- Rows older than the window count for nothing and are deleted as new attempts arrive
  (one indexed DELETE on `at`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from ..bangla import to_bangla_digits
from ..extensions import db
from ..models import LoginAttempt
from ..models.users import normalize_username

DEFAULTS = {"LOGIN_THROTTLE_WINDOW": 15 * 60, "LOGIN_MAX_FAILURES_PER_USER": 5,
            "LOGIN_MAX_FAILURES_PER_ADDRESS": 20}


@dataclass(frozen=True)
class Lockout:
    """Why and for how long attempts are refused."""
    reason: str  # "username" or "address"
    retry_after: int  # seconds

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def _setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


def _now() -> datetime:
    return datetime.now(UTC)


def username_key(username: str | None) -> str:
    """The username as counted: as names are compared (trimmed, NFC, case-folded: `Offm`
    and `offm` fail against one count), cut to the column's length."""
    return normalize_username((username or "").replace("\x00", ""))[:80]


def address_key(address: str | None) -> str:
    return (address or "")[:64]


def _aware(value: datetime) -> datetime:
    # SQLite gives naive datetimes back; every stored time is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _failures(column, key: str, since: datetime, limit: int) -> datetime | None:
    """The time of the failure that keeps `key` locked out, or None under the limit.

    That failure is the limit-th most recent one: once it leaves the window, one more
    attempt is allowed.
    """
    stmt = (select(LoginAttempt.at)
            .where(column == key, LoginAttempt.success.is_(False), LoginAttempt.at > since)
            .order_by(LoginAttempt.at.desc()).offset(limit - 1).limit(1))
    found = db.session.scalar(stmt)
    return _aware(found) if found is not None else None


def check(username: str | None, address: str | None) -> Lockout | None:
    """The lockout in force for this username or address, or None to go ahead."""
    window = timedelta(seconds=_setting("LOGIN_THROTTLE_WINDOW"))
    now = _now()
    since = now - window
    user = username_key(username)
    last_success = db.session.scalar(
        select(func.max(LoginAttempt.at))
        .where(LoginAttempt.username == user, LoginAttempt.success.is_(True),
               LoginAttempt.at > since))
    user_since = max(since, _aware(last_success)) if last_success else since
    checks = (("username", LoginAttempt.username, user, user_since,
               _setting("LOGIN_MAX_FAILURES_PER_USER")),
              ("address", LoginAttempt.address, address_key(address), since,
               _setting("LOGIN_MAX_FAILURES_PER_ADDRESS")))
    for reason, column, key, start, limit in checks:
        oldest = _failures(column, key, start, limit)
        if oldest is not None:
            seconds = (oldest + window - now).total_seconds()
            return Lockout(reason, max(1, math.ceil(seconds)))
    return None


def record(username: str | None, address: str | None, success: bool) -> None:
    """Store one attempt whose password was checked, pruning expired rows; commits."""
    window = timedelta(seconds=_setting("LOGIN_THROTTLE_WINDOW"))
    now = _now()
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - window))
    db.session.add(LoginAttempt(at=now, username=username_key(username),
                                address=address_key(address), success=success))
    db.session.commit()


def message(lockout: Lockout) -> str:
    """The Bangla text shown on the login page."""
    who = "এই ব্যবহারকারীর নামে" if lockout.reason == "username" else "এই ঠিকানা থেকে"
    return (f"{who} অনেকবার ভুল পাসওয়ার্ড দেওয়া হয়েছে। নিরাপত্তার জন্য লগইন সাময়িকভাবে বন্ধ; "
            f"{to_bangla_digits(str(lockout.minutes))} মিনিট পরে আবার চেষ্টা করুন।")
