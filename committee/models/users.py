"""Users, roles and API tokens."""
from __future__ import annotations

import unicodedata
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..vocab import Role
from ._common import utcnow
from .directory import District, Office

ROLES = Role.values()
# Room for the case-folded name: folding may lengthen a name (ß -> ss), up to 3 times.
USERNAME_KEY_LENGTH = 240


def normalize_username(username: str | None) -> str:
    """The form in which user names are unique and compared: trimmed, NFC, case-folded.

    `Offm`, `offm` and `OFFM` are one name, for creating users, logging in and the login
    throttle alike (NFC once more after folding, which can undo composition).
    """
    name = unicodedata.normalize("NFC", (username or "").strip())
    return unicodedata.normalize("NFC", name.casefold())


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(Role.check("role"), name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    # normalize_username(username), kept in step by the validator below: the unique index
    # on it refuses a second spelling of a name in the database itself.
    username_key: Mapped[str] = mapped_column(String(USERNAME_KEY_LENGTH), unique=True,
                                              index=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    # The post ("সহকারী প্রোগ্রামার"), shown with the name wherever a user is named. A user
    # without a full name or designation is asked for both at their next login.
    designation: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Set by a password reset (and a user created in the browser): the password is a
    # one-time code, and the next login must choose a new one before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    district: Mapped[District | None] = relationship()
    office: Mapped[Office | None] = relationship()

    @validates("username")
    def _keep_key(self, _key: str, username: str) -> str:
        self.username_key = normalize_username(username)
        return username

    def set_password(self, password: str) -> None:
        from flask import current_app

        # Tests lower the cost through config; production keeps werkzeug's default.
        method = current_app.config.get("PASSWORD_HASH_METHOD") if current_app else None
        self.password_hash = generate_password_hash(password, **({"method": method}
                                                                  if method else {}))

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def profile_complete(self) -> bool:
        """Whether the full name and designation are given (asked at login until they are)."""
        return bool((self.full_name or "").strip() and (self.designation or "").strip())

    @property
    def display_name(self) -> str:
        """"মোঃ রফিকুল ইসলাম, সহকারী প্রোগ্রামার": the name, with the designation when
        known; the user name when no full name was given."""
        name = (self.full_name or "").strip() or self.username
        designation = (self.designation or "").strip()
        return f"{name}, {designation}" if designation else name

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored, the token is shown once.

    A token works until it is revoked (`revoked_at`) or expires (`expires_at`, optional);
    revoked tokens are kept, so the list still says which token did what and when it ended.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()
