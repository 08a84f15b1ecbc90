"""Writing the audit log: one entry per change, inside the change's own transaction.

record() only adds the entry to the session. The caller's commit stores it together
with the change and a rollback drops both, so a committed change always has its entry
and a refused one leaves none. Entries are never updated or deleted.
"""
from __future__ import annotations

import datetime
import decimal

from flask import has_request_context, request

from ..extensions import db
from ..identity import request_user
from ..models import AuditEntry
from ..models._common import utcnow

# Who acts when there is no request: the `flask` command line (or a shell).
NO_REQUEST_USER = "cli"
NO_LOGIN_USER = "anonymous"


def jsonable(value):
    """`value` with dates, times and decimals as text, so it fits a JSON column."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for every field whose value differs (missing = None)."""
    before, after = jsonable(before or {}), jsonable(after or {})
    keys = list(before) + [k for k in after if k not in before]
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def created(values: dict) -> dict:
    """The changes of a new record: {field: [None, value]} for each given field."""
    return diff({}, {k: v for k, v in values.items() if v not in (None, "", [])})


def flatten(value, prefix: str = "") -> dict:
    """Nested content as {"items.2.decisions.1.text": ...}, lists of records numbered from 1.

    A list of plain values (a list of names) stays one value.
    """
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            out.update(flatten(inner, f"{prefix}{key}."))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = {}
        for position, inner in enumerate(value, start=1):
            out.update(flatten(inner, f"{prefix}{position}."))
        return out
    return {prefix.rstrip("."): value}


def columns(obj, exclude: tuple[str, ...] = ("id",)) -> dict:
    """The values of a model object's table columns, for a before/after diff."""
    return {c.key: jsonable(getattr(obj, c.key)) for c in obj.__table__.columns
            if c.key not in exclude}


def _actor(user) -> tuple[int | None, str]:
    """(user id, username) of who acts: the given user, else the request's, else the CLI."""
    if user is None and has_request_context():
        user = request_user()
    if user is None:
        return None, NO_LOGIN_USER if has_request_context() else NO_REQUEST_USER
    return user.id, user.username


def _address() -> str | None:
    return (request.remote_addr or None) if has_request_context() else None


def record(action: str, object_type: str, object_id: int | None, *, district_id: int | None,
           summary: str = "", changes: dict | None = None, user=None) -> AuditEntry:
    """Add an audit entry to the current session (the caller commits it with the change).

    `user` defaults to the user of the request (session or API token); without a request
    the entry is attributed to the command line. `changes` is {field: [before, after]}
    or any JSON detail (a deleted record's snapshot).
    """
    user_id, username = _actor(user)
    entry = AuditEntry(at=utcnow(), user_id=user_id, username=username[:80],
                       district_id=district_id, action=action, object_type=object_type,
                       object_id=object_id, summary=summary,
                       changes=jsonable(changes) if changes is not None else None,
                       address=(_address() or "")[:64] or None)
    db.session.add(entry)
    return entry
