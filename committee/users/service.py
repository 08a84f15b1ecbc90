"""Creating users and API tokens (shared by the CLI and the admin pages)."""
from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import select

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
from ..models.users import ROLES

USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,80}$")
MIN_PASSWORD = 10


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
    if role == "admin" and (district or office):
        raise UserError("an admin belongs to no district or office: "
                        "drop --district and --office")
    if role != "admin" and not (district or "").strip():
        raise UserError(f"--district is required for role {role}")
    if role == "office" and not (office or "").strip():
        raise UserError("--office is required for role office")
    if office and role != "office":
        raise UserError("--office goes with --role office only")
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise UserError(f"username '{username}' is taken")


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


def create_user(username: str, password: str, role: str, *, district: str | None = None,
                office: str | None = None, full_name: str = "") -> User:
    """Create and commit a user after checking every argument (UserError if bad)."""
    username = (username or "").strip()
    _check_arguments(username, password, role, district, office)
    user = User(username=username, role=role, full_name=full_name)
    user.set_password(password)
    if role != "admin":
        found = _district(district.strip())
        user.district_id = found.id
        if role == "office":
            user.office_id = _office(found, office.strip()).id
    db.session.add(user)
    db.session.flush()
    record("create", "user", user.id, district_id=user.district_id,
           summary=f"নতুন ব্যবহারকারী: {user.username} ({VALUE_LABELS.get(role, role)})",
           changes=created({"username": user.username, "role": role,
                            "full_name": full_name,
                            "district": user.district.name if user.district else None,
                            "office": user.office.name if user.office else None}))
    db.session.commit()
    return user


def hash_token(token: str) -> str:
    """The stored form of a token (SHA-256 hex): a leaked table grants nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(username: str) -> str:
    """A new API token for the user; only its hash is stored."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserError(f"no user '{username}'")
    if not user.active:
        raise UserError(f"user '{username}' is inactive")
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=hash_token(token)))
    # The token itself never reaches the log; who got one, and when, does.
    record("token", "user", user.id, district_id=user.district_id,
           summary=f"{user.username}-এর জন্য নতুন এপিআই টোকেন")
    db.session.commit()
    return token


def set_active(username: str, active: bool) -> User:
    """Deactivate (or reactivate) a user; an inactive user can neither log in nor use
    a token. Users are never deleted: their names stay on what they recorded."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserError(f"no user '{username}'")
    if user.active != active:
        user.active = active
        record("activate" if active else "deactivate", "user", user.id,
               district_id=user.district_id, changes={"active": [not active, active]},
               summary=f"ব্যবহারকারী {user.username} "
                       + ("পুনরায় সক্রিয়" if active else "নিষ্ক্রিয়") + " করা হয়েছে")
    db.session.commit()
    return user


def user_for_token(token: str) -> User | None:
    """The active user holding this bearer token, or None."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or not row.user.active:
        return None
    return row.user
