"""Server-side login sessions: start, look up, list and end them.

A session is a `user_sessions` row; the browser holds its random key (in Flask's signed
cookie, see committee/auth/cookie.py) and the table only the key's SHA-256. Looking a key
up is one indexed query that returns the session with its user (and the user's district,
which every page shows); a session whose row is ended, idle for too long, or whose user is
inactive loads nobody. `last_seen_at` is written at most every TOUCH_EVERY, on a
connection of its own, so a page costs one query for its user and an occasional tiny
UPDATE, not a write per request.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from ..audit.service import record
from ..extensions import db
from ..models import User, UserSession
from ..models._common import utcnow

TOUCH_EVERY = timedelta(minutes=5)
IDLE_DAYS = 30  # default of SESSION_IDLE_DAYS: unused this long, a session no longer counts
KEEP_DAYS = 90  # a user's sessions unseen this long are deleted at their next login

# (token in the User-Agent, name); the first match wins (Edge and Opera also say Chrome).
_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
             ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"),
            ("iPad", "iOS"), ("CrOS", "ChromeOS"), ("Mac OS X", "macOS"), ("Linux", "Linux"))


def hash_key(key: str) -> str:
    """The stored form of a session key (SHA-256 hex)."""
    return hashlib.sha256(key.encode()).hexdigest()


def describe_client(user_agent: str | None) -> str:
    """"Firefox · Windows" from a User-Agent header; the header's start when unknown."""
    agent = (user_agent or "").strip()
    browser = next((name for token, name in _BROWSERS if token in agent), None)
    system = next((name for token, name in _SYSTEMS if token in agent), None)
    if browser or system:
        return " · ".join(part for part in (browser, system) if part)
    return re.sub(r"[^\x20-\x7e]", "", agent)[:60]


def aware(value: datetime) -> datetime:
    """`value` as an aware UTC datetime."""
    # SQLite gives naive datetimes back; every stored time is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def idle_limit() -> timedelta:
    days = current_app.config.get("SESSION_IDLE_DAYS", IDLE_DAYS) if has_app_context() \
        else IDLE_DAYS
    return timedelta(days=int(days))


def start(user: User, *, user_agent: str | None = None,
          address: str | None = None) -> tuple[str, UserSession]:
    """Open a session for `user`: (its key for the cookie, the flushed row); the caller
    commits. The user's sessions unseen for KEEP_DAYS are deleted on the way."""
    now = utcnow()
    db.session.execute(delete(UserSession).where(
        UserSession.user_id == user.id,
        UserSession.last_seen_at < now - timedelta(days=KEEP_DAYS))
        .execution_options(synchronize_session=False))  # no loaded row is that old
    key = secrets.token_urlsafe(32)
    row = UserSession(user_id=user.id, key_hash=hash_key(key), created_at=now,
                      last_seen_at=now, user_agent=describe_client(user_agent),
                      address=(address or "")[:64])
    db.session.add(row)
    db.session.flush()
    return key, row


def lookup(key: str) -> tuple[UserSession, User] | None:
    """The live session of this key and its active user, or None: one indexed query."""
    if not key or "\x00" in key:
        return None
    now = utcnow()
    row = db.session.execute(
        select(UserSession, User).join(UserSession.user)
        .options(joinedload(User.district))
        .where(UserSession.key_hash == hash_key(key), UserSession.ended_at.is_(None),
               UserSession.last_seen_at > now - idle_limit(), User.active.is_(True))
    ).first()
    if row is None:
        return None
    found, user = row
    if aware(found.last_seen_at) < now - TOUCH_EVERY:
        _touch(found.id, now)
    return found, user


def _touch(session_id: int, now: datetime) -> None:
    """Record that the session was seen, in a short transaction of its own: the request's
    own session may hold changes that must not be committed here."""
    with db.engine.begin() as conn:
        conn.execute(update(UserSession).where(UserSession.id == session_id)
                     .values(last_seen_at=now))


def by_id(session_id: int) -> UserSession | None:
    return db.session.get(UserSession, session_id)


def live(user: User) -> list[UserSession]:
    """The user's sessions that still count, most recently seen first."""
    return list(db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None),
               UserSession.last_seen_at > utcnow() - idle_limit())
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())))


def end(found: UserSession, reason: str) -> bool:
    """End one session (the caller audits and commits); False when it had ended already."""
    if found.ended_at is not None:
        return False
    found.ended_at, found.end_reason = utcnow(), reason
    return True


def end_all(user: User, reason: str, *, keep: int | None = None) -> int:
    """End every live session of `user` but `keep` (a session id); the caller commits.
    Returns how many were ended."""
    stmt = (update(UserSession)
            .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
            .values(ended_at=utcnow(), end_reason=reason))
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep)
    return db.session.execute(stmt).rowcount or 0


def end_sessions(user: User, reason: str, summary: str, *, keep: int | None = None,
                 actor: User | None = None) -> int:
    """end_all() with its audit entry, committed: "end my other sessions" and the admin's
    "end all sessions". Returns how many were ended."""
    ended = end_all(user, reason, keep=keep)
    record("session_end", "user", user.id, user=actor, district_id=user.district_id,
           summary=summary, changes={"ended": ended, "reason": reason})
    db.session.commit()
    return ended


def end_one(found: UserSession, reason: str, *, actor: User | None = None) -> bool:
    """End one session with its audit entry, committed."""
    if not end(found, reason):
        return False
    user = found.user
    record("session_end", "user", user.id, user=actor, district_id=user.district_id,
           summary=f"{user.username}-এর একটি সেশন বন্ধ করা হয়েছে "
                   f"({found.user_agent or 'অজানা ব্রাউজার'}, {found.address or '-'})",
           changes={"session_id": found.id, "reason": reason})
    db.session.commit()
    return True
