"""Login, logout, first-run setup."""
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import login_user, logout_user
from sqlalchemy import select

from ..authz import login_required, public
from ..extensions import db
from ..models import User
from . import bp
from .forms import LoginForm, SetupForm
from .setup import check_setup_code, clear_setup_code, has_users


def safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after login."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") \
                and not target.startswith("//") and "\\" not in target:
            return target
    return url_for("committees.index")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if not has_users():
        return redirect(url_for("auth.setup"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        if user is not None and user.active and user.check_password(form.password.data):
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
        flash("ব্যবহারকারীর নাম অথবা পাসওয়ার্ড সঠিক নয়", "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("আপনি লগ আউট করেছেন", "info")
    return redirect(url_for("auth.login"))


@bp.route("/setup", methods=["GET", "POST"])
@public
def setup():
    if has_users():
        return redirect(url_for("auth.login"))
    form = SetupForm()
    if form.validate_on_submit():
        if not check_setup_code(current_app, form.setup_code.data):
            form.setup_code.errors.append("সেটআপ কোড সঠিক নয়; সার্ভারের কনসোলে ছাপা কোডটি দিন")
        else:
            user = User(username=form.username.data.strip(), role="admin",
                        full_name=(form.full_name.data or "").strip())
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.commit()
            clear_setup_code(current_app)
            login_user(user)
            flash("অ্যাডমিনিস্ট্রেটর তৈরি হয়েছে", "success")
            return redirect(url_for("committees.index"))
    return render_template("auth/setup.html", form=form)
