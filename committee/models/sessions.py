"""Server-side login sessions: what a browser's session cookie stands for."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import utcnow
from .users import User


class UserSession(db.Model):
    """One login in one browser (committee/users/sessions.py).

    The cookie carries a random key; only its SHA-256 is stored, so the table grants
    nothing if it leaks. A session counts while `ended_at` is empty and it has been seen
    recently; ending it (logout, "end my other sessions", a password change, deactivation)
    locks out every copy of the cookie at once. Ended rows are kept a while for the record.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # For the list of sessions: a summary such as "Firefox · Windows", and the address.
    user_agent: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # logout, ended (by its user), others (the user ended their other sessions),
    # admin, password, deactivated, replaced (another login in the same browser).
    end_reason: Mapped[str | None] = mapped_column(String(20))

    user: Mapped[User] = relationship()
