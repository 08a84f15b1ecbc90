"""Authorization: who may see and change what. Every view declares one of these.

Rules:
- admin: everything.
- secretary: runs the committees of their district and its upazilas.
- office: reads its district; updates the follow-up of decisions assigned to its office.
- viewer: reads its district.
Objects of another district answer 403; objects that do not exist answer 404.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, request
from sqlalchemy import select

from .extensions import db, login_manager
from .identity import request_user
from .models import Committee, Meeting
from .vocab import Role

PUBLIC = "public"


def _mark(view, rule):
    view._authz = rule
    return view


def public(view):
    """Declare a view open to anonymous users (login form, first-run setup)."""
    return _mark(view, PUBLIC)


_current = request_user


def roles_required(*roles):
    """Require a logged-in user; with roles, one of them (admin always passes)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = _current()
            if user is None:
                if request.blueprint == "api":
                    abort(401)
                return login_manager.unauthorized()
            if roles and user.role not in roles and not is_admin(user):
                abort(403)
            return view(*args, **kwargs)

        return _mark(wrapped, roles or ("any",))

    return decorator


login_required = roles_required()


def current():
    """The authenticated user (views behind roles_required only)."""
    return _current()


def is_admin(user) -> bool:
    """Whether ``user`` may do everything."""
    return user is not None and user.role == Role.ADMIN


def can_read_district(user, district_id: int) -> bool:
    return is_admin(user) or user.district_id == district_id


def can_run_district(user, district_id: int) -> bool:
    return is_admin(user) or (user.role == Role.SECRETARY and user.district_id == district_id)


def scoped(stmt, user, district_column=None):
    """``stmt`` limited to what ``user`` may read: their district's rows (by
    ``district_column``, default the committee's district), everything for an admin."""
    if is_admin(user):
        return stmt
    return stmt.where((district_column if district_column is not None
                       else Committee.district_id) == user.district_id)


def visible_committees(user):
    """A select() of the committees the user may see."""
    return scoped(select(Committee), user)


# -- for templates: what the current user may do with an object ---------------------------

def may_run(district_id: int) -> bool:
    """The current user runs this district (its secretary, or an admin)."""
    user = current()
    return user is not None and can_run_district(user, district_id)


def may_edit(meeting) -> bool:
    """The current user may change this meeting: a draft of a district they run."""
    return meeting.is_editable and may_run(meeting.committee.district_id)


def may_update(assignment) -> bool:
    """The current user may record this decision × office's follow-up: the office itself,
    or whoever runs the district."""
    user = current()
    if user is None:
        return False
    district_id = assignment.decision.meeting.committee.district_id
    return can_run_district(user, district_id) or (
        user.role == Role.OFFICE and user.district_id == district_id
        and user.office_id is not None and user.office_id == assignment.office_id)


TEMPLATE_HELPERS = {"may_run": may_run, "may_edit": may_edit, "may_update": may_update,
                    "is_admin": lambda: is_admin(current())}


def _check(ok: bool) -> None:
    if not ok:
        abort(403)


def get_committee_for_view(committee_id: int) -> Committee:
    committee = db.get_or_404(Committee, committee_id)
    _check(can_read_district(current(), committee.district_id))
    return committee


def get_committee_for_edit(committee_id: int) -> Committee:
    committee = db.get_or_404(Committee, committee_id)
    _check(can_run_district(current(), committee.district_id))
    return committee


def get_meeting_for_view(meeting_id: int) -> Meeting:
    meeting = db.get_or_404(Meeting, meeting_id)
    _check(can_read_district(current(), meeting.committee.district_id))
    return meeting


def get_meeting_for_edit(meeting_id: int) -> Meeting:
    """A meeting the user may run (its district's secretary, or admin)."""
    meeting = db.get_or_404(Meeting, meeting_id)
    _check(can_run_district(current(), meeting.committee.district_id))
    return meeting


def require_district_runner(district_id: int) -> None:
    _check(can_run_district(current(), district_id))


def require_district_reader(district_id: int) -> None:
    _check(can_read_district(current(), district_id))
