"""Login, logout, first-run setup."""
from flask import current_app, flash, redirect, render_template, request, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from ..audit.service import record
from ..authz import current, login_required, public
from ..models import User
from ..redirects import safe_redirect
from ..users.service import find_user
from ..vocab import Role
from . import account, bp, throttle, users_views  # noqa: F401  (the /account pages)
from .cookie import sign_in, sign_out
from .forms import LoginForm, SetupForm
from .setup import claim_setup_code, clear_setup_code, create_first_admin, has_users

# Checked when the username is unknown, so both refusals take as long.
_DUMMY_HASH = generate_password_hash("not-a-password")


def _authenticate(username: str, password: str) -> User | None:
    """The active user with that username (compared case-insensitively, in NFC, as names
    are unique) and password, or None."""
    user = find_user(username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """The login form; with no user yet, the first-run setup instead."""
    if not has_users():
        return redirect(url_for("auth.setup"))
    form = LoginForm()
    if form.validate_on_submit():
        address = request.remote_addr
        lockout = throttle.check(form.username.data, address)
        if lockout is not None:  # even a correct password waits (see auth/throttle.py)
            flash(throttle.message(lockout), "error")
            return render_template("auth/login.html", form=form), 429, \
                {"Retry-After": str(lockout.retry_after)}
        user = _authenticate(form.username.data, form.password.data)
        if user is not None:  # committed with the attempt below
            record("login", "user", user.id, user=user, district_id=user.district_id,
                   summary=f"লগইন: {user.username}")
        throttle.record(form.username.data, address, success=user is not None)
        if user is not None:
            sign_in(user)
            # An office lands on what it owes; everyone else on the committees.
            home = url_for("followup.dashboard") if user.role == Role.OFFICE \
                else url_for("committees.index")
            return redirect(safe_redirect(request.args.get("next"), home))
        flash("ব্যবহারকারীর নাম অথবা পাসওয়ার্ড সঠিক নয়", "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out (POST only, with the CSRF token): the session ends on the server too, so
    no copy of the cookie opens a page afterwards."""
    user = current()
    record("logout", "user", user.id, user=user, district_id=user.district_id,
           summary=f"লগ আউট: {user.username}")
    sign_out()  # commits the entry with the ended session
    flash("আপনি লগ আউট করেছেন", "info")
    return redirect(url_for("auth.login"))


@bp.route("/setup", methods=["GET", "POST"])
@public
def setup():
    """First run only: the setup code from the server console creates the first admin."""
    if has_users():
        return redirect(url_for("auth.login"))
    form = SetupForm()
    if form.validate_on_submit():
        claimed = claim_setup_code(current_app, form.setup_code.data)
        if claimed is None:
            form.setup_code.errors.append("সেটআপ কোড সঠিক নয়; সার্ভারের কনসোলে ছাপা কোডটি দিন")
        elif has_users():  # created by someone else between our check and our claim
            clear_setup_code(current_app, claimed)
            return redirect(url_for("auth.login"))
        else:
            sign_in(create_first_admin(form.username.data, form.full_name.data,
                                       form.password.data, current_app, claimed,
                                       designation=form.designation.data))
            flash("অ্যাডমিনিস্ট্রেটর তৈরি হয়েছে", "success")
            return redirect(url_for("committees.index"))
    return render_template("auth/setup.html", form=form)
