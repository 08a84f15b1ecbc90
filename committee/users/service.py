"""Creating users and API tokens (shared by the CLI and the admin pages)."""
from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import select

from ..directory.service import add_office, find_district, get_or_create_district, resolve
from ..extensions import db
from ..models import ApiToken, User
from ..models.users import ROLES

USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,80}$")


class UserError(ValueError):
    """Bad arguments for a user; the message says which."""


def create_user(username: str, password: str, role: str, *, district: str | None = None,
                office: str | None = None, full_name: str = "") -> User:
    """Create and commit a user after checking every argument."""
    if not USERNAME.match(username or ""):
        raise UserError("username: 3-80 characters of A-Z a-z 0-9 _ . -")
    if db.session.scalar(select(User).where(User.username == username)):
        raise UserError(f"username '{username}' is taken")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 10:
        raise UserError("password: at least 10 characters (read from the first line of stdin)")
    user = User(username=username, role=role, full_name=full_name)
    user.set_password(password)
    if role != "admin":
        if not district:
            raise UserError(f"--district is required for role {role}")
        found = find_district(district)
        if found is None:
            from ..directory.service import known_district_names

            if district.strip() not in known_district_names():
                raise UserError(f"unknown district '{district}' (use the Bangla name, "
                                "e.g. মাগুরা)")
            found = get_or_create_district(district)
        user.district_id = found.id
    elif district or office:
        raise UserError("an admin belongs to no district or office")
    if role == "office":
        if not office:
            raise UserError("--office is required for role office")
        found_office = resolve(found.id, office) or add_office(found, office)
        user.office_id = found_office.id
    elif office:
        raise UserError("--office goes with --role office only")
    db.session.add(user)
    db.session.commit()
    return user


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(username: str) -> str:
    """A new API token for the user; only its hash is stored."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserError(f"no user '{username}'")
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=hash_token(token)))
    db.session.commit()
    return token


def user_for_token(token: str) -> User | None:
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or not row.user.active:
        return None
    return row.user
