"""User management in the browser, and what a user is asked for before anything else.

An administrator manages every user, a secretary the users of their own district
(committee/users/manage.py decides who may manage whom; a refusal is 403). A new user and
a reset password get a one-time code, shown once on the answer to the POST (never put in
the session cookie or the log). Until a user with a one-time code has chosen a password,
and until a user has a full name and designation, every page sends them to the page that
asks for it (`_first_things_first`).
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..authz import current, is_admin, login_required, roles_required
from ..directory.offices import all_districts
from ..extensions import db
from ..models import User
from ..models.users import ROLES
from ..redirects import safe_redirect
from ..users import accounts, manage
from ..users.service import UserError, change_password
from ..vocab import Role
from . import bp
from .cookie import sign_in
from .forms import (
    ActiveForm,
    ConfirmForm,
    NewPasswordForm,
    ProfileForm,
    UserCreateForm,
    UserEditForm,
)

PER_PAGE = 50
# Pages open to a user who still has to choose a password or give their name.
NOT_GATED = {"static", "auth.login", "auth.logout", "auth.setup", "auth.profile",
             "auth.new_password"}


def _home(user) -> str:
    """Where a user lands: an office on what it owes, everyone else on the committees."""
    return url_for("followup.dashboard") if user.role == Role.OFFICE \
        else url_for("committees.index")


@bp.before_app_request
def _first_things_first():
    """A user logged in with a one-time code chooses a password first; a user without a
    full name or designation gives them next. The API (scripts, bearer tokens) is not
    asked."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in NOT_GATED or request.blueprint == "api":
        return None
    if not current_user.is_authenticated:
        return None
    if current_user.must_change_password:
        return redirect(url_for("auth.new_password"))
    if not current_user.profile_complete:
        wanted = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.profile", next=wanted))
    return None


# -- one's own name, designation and password ---------------------------------------------------

@bp.route("/account/profile", methods=["GET", "POST"], endpoint="profile")
@login_required
def profile():
    """My full name and designation: shown wherever I am named (asked until given)."""
    me = current()
    form = ProfileForm(data={"full_name": me.full_name, "designation": me.designation})
    first = not me.profile_complete
    if form.validate_on_submit():
        try:
            manage.complete_profile(me, form.full_name.data, form.designation.data)
        except manage.ManageError as exc:
            _field_error(form, exc)
        else:
            flash("নাম ও পদবি সংরক্ষিত হয়েছে", "success")
            return redirect(safe_redirect(request.args.get("next"), _home(me)))
    status = 400 if request.method == "POST" else 200
    return render_template("account/profile.html", form=form, first=first), status


@bp.route("/account/new-password", methods=["GET", "POST"], endpoint="new_password")
@login_required
def new_password():
    """After logging in with a one-time code: choose a password of one's own."""
    me = current()
    if not me.must_change_password:
        return redirect(url_for("auth.password"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        if me.check_password(form.password.data):
            form.password.errors.append("এককালীন কোডটি নয়, নিজের একটি নতুন পাসওয়ার্ড দিন")
        else:
            try:
                change_password(me, form.password.data)
            except UserError:
                form.password.errors.append("পাসওয়ার্ড অন্তত ১০ অক্ষরের হতে হবে")
            else:
                home = _home(me)
                # The user itself, not the current_user proxy, becomes the new login.
                sign_in(getattr(me, "_get_current_object", lambda: me)())
                flash("নতুন পাসওয়ার্ড সংরক্ষিত হয়েছে", "success")
                return redirect(home)
    status = 400 if request.method == "POST" else 200
    return render_template("account/new_password.html", form=form), status


# -- managing users -----------------------------------------------------------------------------

def _managed(user_id: int) -> User:
    """The user of that id if the current user manages them: 404 if none, else 403."""
    target = db.get_or_404(User, user_id)
    if not manage.may_manage(current(), target):
        abort(403)
    return target


def _field_error(form, exc: manage.ManageError) -> None:
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, str(exc)]
    else:
        flash(str(exc), "error")


def _set_choices(form, me) -> None:
    form.role.choices = [(r, Role.label_of(r)) for r in manage.assignable_roles(me)]
    form.district.choices = [("", "— জেলা বেছে নিন —")] + [
        (name, name) for name in manage.district_choices()]


def _refuse_roles_above(me) -> None:
    """A secretary asking for a role they may not give (an administrator) gets 403."""
    wanted = request.form.get("role")
    if wanted in ROLES and wanted not in manage.assignable_roles(me):
        abort(403)


def _form_page(form, target: User | None, status: int = 200):
    me = current()
    return render_template(
        "account/user_form.html", form=form, target=target, admin=is_admin(me),
        offices=manage.office_choices(me), active_form=ActiveForm(), reset_form=ConfirmForm(),
        office_role=Role.OFFICE, own_district=me.district), status


def _code_page(user: User, code: str, *, new: bool):
    """The one-time code, shown once: on this answer only, never cached."""
    page = render_template("account/user_code.html", account=user, code=code, new=new)
    return page, 200, {"Cache-Control": "no-store"}


@bp.get("/account/users", endpoint="users")
@roles_required(Role.SECRETARY)
def users():
    """The users I manage (an admin: everyone, by district if asked; a secretary: the
    users of their district), with their live sessions and working tokens."""
    me = current()
    district_id = request.args.get("district", type=int) if is_admin(me) else None
    page = db.paginate(manage.managed_users(me, district_id),
                       page=max(request.args.get("page", 1, type=int), 1),
                       per_page=PER_PAGE, error_out=False)
    counts = accounts.live_counts([u.id for u in page.items])
    return render_template("account/users.html", page=page, counts=counts,
                           districts=all_districts() if is_admin(me) else [],
                           district_id=district_id, admin=is_admin(me))


@bp.route("/account/users/new", methods=["GET", "POST"], endpoint="new_user")
@roles_required(Role.SECRETARY)
def new_user():
    """A new user: their login name, names, role and place; the password is a one-time
    code shown once, which they replace at their first login."""
    me = current()
    form = UserCreateForm()
    _set_choices(form, me)
    if request.method == "POST":
        _refuse_roles_above(me)
    if form.validate_on_submit():
        try:
            user, code = manage.create_managed(
                me, username=form.username.data, full_name=form.full_name.data,
                designation=form.designation.data, role=form.role.data,
                district=form.district.data, office_id=form.office.data)
        except manage.Refused:
            abort(403)
        except manage.ManageError as exc:
            _field_error(form, exc)
        else:
            return _code_page(user, code, new=True)
    return _form_page(form, None, 400 if request.method == "POST" else 200)


@bp.route("/account/users/<int:user_id>/edit", methods=["GET", "POST"], endpoint="edit_user")
@roles_required(Role.SECRETARY)
def edit_user(user_id: int):
    """A user's names, role and place; deactivating and resetting the password are
    buttons of this page."""
    me = current()
    target = _managed(user_id)
    form = UserEditForm(data={
        "full_name": target.full_name, "designation": target.designation,
        "role": target.role, "district": target.district.name if target.district else "",
        "office": str(target.office_id or "")})
    _set_choices(form, me)
    if request.method == "POST":
        _refuse_roles_above(me)
    if form.validate_on_submit():
        try:
            changes = manage.update_managed(
                me, target, full_name=form.full_name.data, designation=form.designation.data,
                role=form.role.data, district=form.district.data, office_id=form.office.data)
        except manage.Refused:
            abort(403)
        except manage.ManageError as exc:
            _field_error(form, exc)
        else:
            flash("পরিবর্তন সংরক্ষিত হয়েছে" if changes else "কোনো পরিবর্তন ছিল না", "success")
            return redirect(url_for("auth.users"))
    return _form_page(form, target, 400 if request.method == "POST" else 200)


@bp.post("/account/users/<int:user_id>/active", endpoint="set_user_active")
@roles_required(Role.SECRETARY)
def set_user_active(user_id: int):
    """Deactivate a user (no more logins or API calls, every session ended) or make them
    active again. Users are never deleted: their names stay on what they recorded."""
    target = _managed(user_id)
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    active = form.active.data == "1"
    try:
        manage.set_active_managed(current(), target, active)
    except manage.ManageError as exc:
        flash(str(exc), "error")
    else:
        flash(f"{target.display_name} সক্রিয় করা হয়েছে" if active else
              f"{target.display_name} নিষ্ক্রিয় করা হয়েছে; তাঁর সব সেশন বন্ধ হয়েছে", "success")
    return redirect(url_for("auth.edit_user", user_id=target.id))


@bp.post("/account/users/<int:user_id>/reset-password", endpoint="reset_user_password")
@roles_required(Role.SECRETARY)
def reset_user_password(user_id: int):
    """A one-time code replaces the user's password (shown once); their sessions end and
    they choose a new password at the next login."""
    target = _managed(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        code = manage.reset_password(current(), target)
    except manage.ManageError as exc:
        flash(str(exc), "error")
        return redirect(url_for("auth.edit_user", user_id=target.id))
    return _code_page(target, code, new=False)
