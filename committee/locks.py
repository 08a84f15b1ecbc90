"""Row locks for the writes of one committee: saving a draft, issuing its letters.

Every writer takes its locks in one order — the committee row first, then the meeting
row — and holds them until its commit. Two writers of one committee therefore queue at
the committee row instead of each holding a row the other waits for (a deadlock on
PostgreSQL), and the second one reads what the first stored before deciding anything:
that the meeting is still a draft, that its version is still the one the editor loaded.

* PostgreSQL: ``SELECT … FOR UPDATE`` on the committee row, then on the meeting row; a
  wait longer than ``LOCK_TIMEOUT`` gives up (as SQLite's busy timeout does).
* SQLite: a no-op UPDATE of the committee row, which takes the database's single write
  lock (waiting up to the connection's ``busy_timeout``); the meeting needs no more.

A wait that gives up, a deadlock or a serialization failure is :func:`is_busy`: the
answer is a 409 ("try again"), never a 500.
"""
from __future__ import annotations

from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from .extensions import db
from .models import Committee, Meeting

# As long as SQLite's busy_timeout (committee/__init__.py).
LOCK_TIMEOUT = "10s"
# lock_not_available, deadlock_detected, serialization_failure.
_BUSY_SQLSTATES = {"55P03", "40P01", "40001"}
_BUSY_SQLITE = ("database is locked", "database table is locked", "database is busy")


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def lock_committee(committee_id: int) -> None:
    """Serialize the writes of one committee (letters, drafts) until the transaction ends."""
    if _postgresql():
        db.session.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
        db.session.execute(
            select(Committee.id).where(Committee.id == committee_id).with_for_update())
    else:
        # Also makes pysqlite open the transaction (BEGIN) before any SAVEPOINT; nothing
        # was read in it before, so the write lock is waited for, not refused at once.
        db.session.execute(
            update(Committee).where(Committee.id == committee_id)
            .values(id=Committee.id).execution_options(synchronize_session=False))


def lock_meeting(meeting_id: int, committee_id: int) -> None:
    """Lock the meeting's committee row, then the meeting row (the one order)."""
    lock_committee(committee_id)
    if _postgresql():
        db.session.execute(select(Meeting.id).where(Meeting.id == meeting_id).with_for_update())


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means "another writer holds the lock: try again"."""
    if not isinstance(exc, DBAPIError) or exc.connection_invalidated:
        return False
    if getattr(exc.orig, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    message = str(exc.orig).lower()
    return any(phrase in message for phrase in _BUSY_SQLITE)
