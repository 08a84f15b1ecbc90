"""Users and API tokens: create, find, deactivate, change passwords, issue and revoke
tokens (shared by the CLI and the account pages)."""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from functools import partial

from flask import after_this_request, current_app, has_request_context
from sqlalchemy import or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..audit.log import VALUE_LABELS
from ..audit.service import created, record
from ..bangla import match_key
from ..directory.service import (
    add_office,
    find_district,
    get_or_create_district,
    known_district_names,
    resolve,
)
from ..extensions import db
from ..models import ApiToken, District, Office, User
from ..models._common import utcnow
from ..models.users import ROLES, normalize_username
from ..vocab import Role
from . import sessions

USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,80}$")
MIN_PASSWORD = 10
MAX_TOKEN_DAYS = 3650  # `--expires-days` at most (ten years)


class UserError(ValueError):
    """Bad arguments for a user; the message says which."""


def _check_arguments(username: str, password: str, role: str, district: str | None,
                     office: str | None) -> None:
    """Every check that needs no district lookup, before anything is written."""
    if not USERNAME.match(username or ""):
        raise UserError("username: 3-80 characters of A-Z a-z 0-9 _ . -")
    if role not in ROLES:
        raise UserError(f"unknown role '{role}': use one of {', '.join(ROLES)}")
    if not password:
        raise UserError("no password: give it on the first line of standard input")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"password too short: at least {MIN_PASSWORD} characters")
    if role == Role.ADMIN and (district or office):
        raise UserError("an admin belongs to no district or office: "
                        "drop --district and --office")
    if role != Role.ADMIN and not (district or "").strip():
        raise UserError(f"--district is required for role {role}")
    if role == Role.OFFICE and not (office or "").strip():
        raise UserError("--office is required for role office")
    if office and role != Role.OFFICE:
        raise UserError("--office goes with --role office only")
    taken = db.session.scalar(select(User.username).where(
        User.username_key == normalize_username(username)))
    if taken == username:
        raise UserError(f"username '{username}' is taken")
    if taken is not None:
        raise UserError(f"username '{username}' is taken: user '{taken}' exists, and names "
                        "differing only in upper/lower case are the same user")


def _district(name: str) -> District:
    """The district of that name; one of the 64 gets created with its directory."""
    found = find_district(name)
    if found is not None:
        return found
    if match_key(name) not in {match_key(n) for n in known_district_names()}:
        raise UserError(f"unknown district '{name}' (use the Bangla name, e.g. মাগুরা)")
    return get_or_create_district(name)


def _office(district: District, name: str) -> Office:
    """The office of the district's directory; added to the directory when new."""
    return resolve(district.id, name) or add_office(district, name)


def find_user(username: str | None) -> User | None:
    """The user of that name, compared as at login (case-insensitive, NFC)."""
    if not username or "\x00" in username:  # PostgreSQL refuses a NUL even as a parameter
        return None
    return db.session.scalar(select(User).where(
        User.username_key == normalize_username(username)))


def _user(username: str) -> User:
    user = find_user(username)
    if user is None:
        raise UserError(f"no user '{username}'")
    return user


def create_user(username: str, password: str, role: str, *, district: str | None = None,
                office: str | None = None, full_name: str | None = "",
                designation: str | None = "") -> User:
    """Create and commit a user after checking every argument (UserError if bad). Without
    a full name or designation, the user is asked for them at their first login."""
    username = (username or "").strip()
    _check_arguments(username, password, role, district, office)
    full_name = " ".join((full_name or "").split())
    designation = " ".join((designation or "").split())
    if len(full_name) > 200 or len(designation) > 200:
        raise UserError("--full-name and --designation: at most 200 characters each")
    user = User(username=username, role=role, full_name=full_name, designation=designation)
    user.set_password(password)
    if role != Role.ADMIN:
        found = _district(district.strip())
        user.district_id = found.id
        if role == Role.OFFICE:
            user.office_id = _office(found, office.strip()).id
    db.session.add(user)
    db.session.flush()
    record("create", "user", user.id, district_id=user.district_id,
           summary=f"নতুন ব্যবহারকারী: {user.username} ({VALUE_LABELS.get(role, role)})",
           changes=created({"username": user.username, "role": role,
                            "full_name": full_name, "designation": designation,
                            "district": user.district.name if user.district else None,
                            "office": user.office.name if user.office else None}))
    db.session.commit()
    return user


def hash_token(token: str) -> str:
    """The stored form of a token (SHA-256 hex): a leaked table grants nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(username: str, *, name: str = "", expires_days: int | None = None) -> str:
    """A new API token for the user, optionally named and expiring after `expires_days`
    days; only its hash is stored. Returns the token (shown once)."""
    user = _user(username)
    if not user.active:
        raise UserError(f"user '{username}' is inactive")
    name = " ".join((name or "").split())
    if len(name) > 80:
        raise UserError("token name: at most 80 characters")
    if expires_days is not None and not 1 <= expires_days <= MAX_TOKEN_DAYS:
        raise UserError(f"expiry: 1 to {MAX_TOKEN_DAYS} days")
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(days=expires_days) if expires_days else None
    row = ApiToken(user=user, token_hash=hash_token(token), name=name, expires_at=expires_at)
    db.session.add(row)
    db.session.flush()
    # The token itself never reaches the log; who got one, and when, does.
    record("token", "user", user.id, district_id=user.district_id,
           summary=f"{user.username}-এর জন্য নতুন এপিআই টোকেন"
                   + (f" «{name}»" if name else ""),
           changes={"token_id": row.id, "name": name,
                    "expires_at": expires_at.isoformat() if expires_at else None})
    db.session.commit()
    return token


def tokens_of(user: User) -> list[ApiToken]:
    """Every token of the user, revoked and expired ones too, newest first."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def token_state(row: ApiToken) -> str:
    """"active", "revoked" or "expired"."""
    if row.revoked_at is not None:
        return "revoked"
    if row.expires_at is not None and sessions.aware(row.expires_at) <= utcnow():
        return "expired"
    return "active"


def token_by_id(token_id: int) -> ApiToken | None:
    return db.session.get(ApiToken, token_id)


def revoke_token(row: ApiToken, *, actor: User | None = None) -> bool:
    """Revoke one token at once (401 from its next call); audited and committed.
    False when it was revoked already."""
    if row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    user = row.user
    record("token_revoke", "user", user.id, user=actor, district_id=user.district_id,
           summary=f"{user.username}-এর এপিআই টোকেন #{row.id}"
                   + (f" «{row.name}»" if row.name else "") + " বাতিল করা হয়েছে",
           changes={"token_id": row.id, "name": row.name})
    db.session.commit()
    return True


def revoke_token_of(username: str, token_id: int) -> ApiToken:
    """The command line's revoke: the token must belong to that user (UserError if not)."""
    user = _user(username)
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise UserError(f"user '{user.username}' has no token {token_id}")
    if not revoke_token(row):
        raise UserError(f"token {token_id} was revoked already")
    return row


def set_active(username: str, active: bool) -> User:
    """Deactivate (or reactivate) a user; an inactive user can neither log in nor use
    a token, and deactivating ends every session at once. Users are never deleted: their
    names stay on what they recorded."""
    user = _user(username)
    if user.active != active:
        apply_active(user, active)
    db.session.commit()
    return user


def apply_active(user: User, active: bool, *, actor: User | None = None) -> None:
    """Set `active` with its audit entry, ending every session on deactivation (the
    caller commits)."""
    user.active = active
    changes: dict = {"active": [not active, active]}
    if not active:
        changes["sessions_ended"] = sessions.end_all(user, "deactivated")
    record("activate" if active else "deactivate", "user", user.id, user=actor,
           district_id=user.district_id, changes=changes,
           summary=f"ব্যবহারকারী {user.display_name} ({user.username}) "
                   + ("পুনরায় সক্রিয়" if active else "নিষ্ক্রিয়") + " করা হয়েছে")


def change_password(user: User, password: str, *, actor: User | None = None) -> int:
    """Set a new password and end every session of the user (audited, committed); returns
    how many sessions were ended. Whoever changed it in a browser signs in afresh there."""
    if len(password or "") < MIN_PASSWORD:
        raise UserError(f"password too short: at least {MIN_PASSWORD} characters")
    user.set_password(password)
    user.must_change_password = False  # a one-time code is replaced: the user's own now
    ended = sessions.end_all(user, "password")
    record("password", "user", user.id, user=actor, district_id=user.district_id,
           summary=f"{user.username}-এর পাসওয়ার্ড পরিবর্তন; সব সেশন বন্ধ",
           changes={"sessions_ended": ended})
    db.session.commit()
    return ended


USE_EVERY = timedelta(minutes=5)


def user_for_token(token: str) -> User | None:
    """The active user holding this bearer token (not revoked, not expired), or None:
    one indexed query. In a request, a successful answer records the token's use."""
    if not token or "\x00" in token:  # PostgreSQL refuses a NUL even as a parameter
        return None
    now = utcnow()
    row = db.session.execute(
        select(ApiToken.id, ApiToken.last_used_at, User).join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None),
               or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
               User.active.is_(True))).first()
    if row is None:
        return None
    token_id, last_used, user = row
    # Recorded at most every few minutes, as a session's last_seen_at: a burst of calls
    # costs one write (and one extra connection), not one per call.
    if has_request_context() and (last_used is None
                                  or sessions.aware(last_used) < now - USE_EVERY):
        after_this_request(partial(_record_use, token_id, db.engine))
    return user



def _record_use(token_id: int, engine, response):
    """`last_used_at` of a token whose call succeeded, in a short transaction of its own
    once the answer is sent and the request's connection is back in the pool (holding
    both at once, a burst of calls could exhaust the pool). A refused call (4xx/5xx)
    writes nothing: a refused request changes nothing at all."""
    if response.status_code < 400:
        logger = current_app.logger

        def record():
            try:
                with engine.begin() as conn:
                    conn.execute(update(ApiToken).where(ApiToken.id == token_id)
                                 .values(last_used_at=utcnow()))
            except SQLAlchemyError:  # bookkeeping only: the answer stands
                logger.exception("recording the use of API token %s failed", token_id)

        response.call_on_close(record)
    return response
