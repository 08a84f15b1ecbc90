"""The browser's side of a login: Flask's session cookie names a server-side session.

Flask's signed cookie and Flask-Login stay as they were, with one change: the value
Flask-Login keeps in the cookie (`_user_id`) is the random key of a `user_sessions` row,
not the user's id, and the user loader below accepts nothing else. Every request looks the
key up with its user in one indexed query (committee/users/sessions.py); once the row is
ended, each copy of the cookie loads nobody and gets the login page. A cookie from before
this scheme holds a bare user id, matches no key, and simply asks for a new login.
"""
from __future__ import annotations

from flask import g, has_request_context, request, session
from flask_login import current_user, login_user, logout_user

from ..extensions import db, login_manager
from ..models import User, UserSession
from ..users import sessions

# Where Flask-Login keeps the logged-in identity in the cookie; it holds the session key.
_SLOT = "_user_id"


def load_user(key: str) -> User | None:
    """Flask-Login's user loader: the active user of the live session named by `key`."""
    found = sessions.lookup(key)
    if found is None:
        return None
    user_session, user = found
    if has_request_context():
        g.user_session_id = user_session.id
    return user


def install(state=None) -> None:
    """Make load_user Flask-Login's loader (registered with the auth blueprint, so it
    replaces any loader set before the blueprints)."""
    login_manager.user_loader(load_user)


def current_session_id() -> int | None:
    """The id of the session this request came with (None when anonymous)."""
    if not current_user.is_authenticated:  # loads the user and the session once
        return None
    return g.get("user_session_id")


def sign_in(user: User) -> None:
    """Log `user` in to this browser with a new session; commits.

    A session this browser had before is ended first: its key leaves the cookie now and
    must not live on in a copy of it.
    """
    previous = current_session_id()
    if previous is not None:
        old = db.session.get(UserSession, previous)
        if old is not None:
            sessions.end(old, "replaced")
    key, row = sessions.start(user, user_agent=request.headers.get("User-Agent"),
                              address=request.remote_addr)
    session_id = row.id
    db.session.commit()
    login_user(user)
    session[_SLOT] = key  # Flask-Login's slot: the session's key, never the user id
    g.user_session_id = session_id


def sign_out() -> None:
    """End this browser's session (the caller audits; committed here) and forget it."""
    current = current_session_id()
    if current is not None:
        found = db.session.get(UserSession, current)
        if found is not None:
            sessions.end(found, "logout")
    db.session.commit()
    logout_user()
    g.pop("user_session_id", None)
