"""What the account pages show: a user's sessions and API tokens as display rows, and the
counts of the list of users (a fixed number of queries per page)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from ..audit.log import local_time
from ..extensions import db
from ..models import ApiToken, User, UserSession
from ..models._common import utcnow
from . import sessions
from .service import token_state, tokens_of

TOKEN_STATES = {"active": "চালু", "revoked": "বাতিল", "expired": "মেয়াদোত্তীর্ণ"}


@dataclass(frozen=True)
class SessionRow:
    id: int
    client: str
    address: str
    started: str
    last_seen: str
    current: bool


@dataclass(frozen=True)
class TokenRow:
    id: int
    name: str
    created: str
    last_used: str
    expires: str
    state: str
    label: str

    @property
    def active(self) -> bool:
        return self.state == "active"


def session_rows(user: User, current_id: int | None = None) -> list[SessionRow]:
    """The user's live sessions, the current one first."""
    rows = [SessionRow(s.id, s.user_agent or "অজানা ব্রাউজার", s.address or "-",
                       local_time(s.created_at), local_time(s.last_seen_at),
                       s.id == current_id) for s in sessions.live(user)]
    return sorted(rows, key=lambda r: not r.current)


def token_rows(user: User) -> list[TokenRow]:
    """Every token of the user, newest first, with its state in Bangla."""
    rows = []
    for t in tokens_of(user):
        state = token_state(t)
        rows.append(TokenRow(t.id, t.name, local_time(t.created_at),
                             local_time(t.last_used_at) or "কখনো নয়",
                             local_time(t.expires_at) or "মেয়াদ নেই", state,
                             TOKEN_STATES[state]))
    return rows


def live_counts(user_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{user id: (live sessions, working tokens)} for these users: two grouped queries."""
    now = utcnow()
    live = dict(db.session.execute(
        select(UserSession.user_id, func.count())
        .where(UserSession.user_id.in_(user_ids), UserSession.ended_at.is_(None),
               UserSession.last_seen_at > now - sessions.idle_limit())
        .group_by(UserSession.user_id)).all()) if user_ids else {}
    working = dict(db.session.execute(
        select(ApiToken.user_id, func.count())
        .where(ApiToken.user_id.in_(user_ids), ApiToken.revoked_at.is_(None),
               or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now))
        .group_by(ApiToken.user_id)).all()) if user_ids else {}
    return {uid: (live.get(uid, 0), working.get(uid, 0)) for uid in user_ids}
