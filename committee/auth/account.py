"""The account pages: one's sessions and API tokens, the password, and the administrator's
view of every user's. A session or token of someone else is 404 to anyone but an admin.
The list of users and their management are in users_views.py."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from ..audit.service import record
from ..authz import current, is_admin, login_required, roles_required
from ..bangla import to_bangla_digits
from ..extensions import db
from ..models import User
from ..users import accounts, sessions
from ..users.service import change_password, revoke_token, token_by_id
from ..vocab import Role
from . import bp, throttle
from .cookie import current_session_id, sign_in, sign_out
from .forms import PasswordForm


def _owned(row):
    """`row` if it belongs to the current user or the current user is an admin, else 404
    (whether someone else's session or token exists is not told)."""
    me = current()
    if row is None or (row.user_id != me.id and not is_admin(me)):
        abort(404)
    return row


def _back(user_id: int):
    me = current()
    return redirect(url_for("auth.sessions") if user_id == me.id
                    else url_for("auth.user", user_id=user_id))


def _page(user: User, own: bool):
    return render_template("account/sessions.html", account=user, own=own,
                           sessions=accounts.session_rows(user, current_session_id()),
                           tokens=accounts.token_rows(user))


@bp.get("/account/sessions", endpoint="sessions")
@login_required
def own_sessions():
    """Where I am logged in, and my API tokens."""
    return _page(current(), own=True)


@bp.post("/account/sessions/end-others", endpoint="end_other_sessions")
@login_required
def end_other_sessions():
    """End every session of mine but this one (a shared computer, a lost phone)."""
    me = current()
    ended = sessions.end_sessions(me, "others", f"{me.username} তাঁর অন্য সব সেশন বন্ধ করেছেন",
                                  keep=current_session_id())
    flash(f"অন্য {to_bangla_digits(ended)}টি সেশন বন্ধ করা হয়েছে", "success")
    return redirect(url_for("auth.sessions"))


@bp.post("/account/sessions/<int:session_id>/end", endpoint="end_session")
@login_required
def end_session(session_id: int):
    """End one session: my own, or (admin) anyone's. Ending this one logs me out."""
    found = _owned(sessions.by_id(session_id))
    me, owner_id = current(), found.user_id
    if found.id == current_session_id():
        record("logout", "user", me.id, district_id=me.district_id,
               summary=f"লগ আউট: {me.username}")
        sign_out()
        flash("আপনি লগ আউট করেছেন", "info")
        return redirect(url_for("auth.login"))
    if sessions.end_one(found, "ended" if owner_id == me.id else "admin"):
        flash("সেশনটি বন্ধ করা হয়েছে", "success")
    return _back(owner_id)


@bp.post("/account/tokens/<int:token_id>/revoke", endpoint="revoke_token")
@login_required
def revoke(token_id: int):
    """Revoke one API token: my own, or (admin) anyone's; its next call gets 401."""
    row = _owned(token_by_id(token_id))
    owner_id = row.user_id
    if revoke_token(row):
        flash("টোকেনটি বাতিল করা হয়েছে", "success")
    return _back(owner_id)


@bp.route("/account/password", methods=["GET", "POST"], endpoint="password")
@login_required
def password():
    """Change my password: every session of mine ends, this browser gets a new one."""
    me = current()
    form = PasswordForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("account/password.html", form=form), status
    address = request.remote_addr
    lockout = throttle.check(me.username, address)  # guessing the current password
    if lockout is not None:
        flash(throttle.message(lockout), "error")
        return render_template("account/password.html", form=form), 429, \
            {"Retry-After": str(lockout.retry_after)}
    if not me.check_password(form.current.data):
        throttle.record(me.username, address, success=False)
        form.current.errors.append("বর্তমান পাসওয়ার্ড সঠিক নয়")
        return render_template("account/password.html", form=form), 400
    change_password(me, form.password.data)
    sign_in(me)
    flash("পাসওয়ার্ড পরিবর্তিত হয়েছে; অন্য সব জায়গা থেকে লগ আউট করা হয়েছে", "success")
    return redirect(url_for("auth.sessions"))


@bp.get("/account/users/<int:user_id>", endpoint="user")
@roles_required(Role.ADMIN)
def user(user_id: int):
    """One user's sessions and tokens, to end or revoke (admin)."""
    return _page(db.get_or_404(User, user_id), own=user_id == current().id)


@bp.post("/account/users/<int:user_id>/sessions/end", endpoint="end_user_sessions")
@roles_required(Role.ADMIN)
def end_user_sessions(user_id: int):
    """End every session of a user (admin); ending one's own logs one out too."""
    target = db.get_or_404(User, user_id)
    ended = sessions.end_sessions(target, "admin",
                                  f"{target.username}-এর সব সেশন বন্ধ করা হয়েছে")
    flash(f"{target.username}-এর {to_bangla_digits(ended)}টি সেশন বন্ধ করা হয়েছে", "success")
    return redirect(url_for("auth.user", user_id=target.id))
