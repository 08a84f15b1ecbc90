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

from flask import abort, g, request
from flask_login import current_user
from sqlalchemy import select

from .extensions import db
from .models import Committee, Meeting

PUBLIC = "public"


def _mark(view, rule):
    view._authz = rule
    return view


def public(view):
    """Declare a view open to anonymous users (login form, first-run setup)."""
    return _mark(view, PUBLIC)


def _current():
    """The user of this request: bearer-token user for the API, else the session user."""
    user = getattr(g, "api_user", None)
    if user is not None:
        return user
    return current_user if current_user.is_authenticated else None


def roles_required(*roles):
    """Require a logged-in user; with roles, one of them (admin always passes)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = _current()
            if user is None:
                from .extensions import login_manager

                if request.blueprint == "api":
                    abort(401)
                return login_manager.unauthorized()
            if roles and user.role not in roles and user.role != "admin":
                abort(403)
            return view(*args, **kwargs)

        return _mark(wrapped, roles or ("any",))

    return decorator


login_required = roles_required()


def current():
    """The authenticated user (views behind roles_required only)."""
    return _current()


def can_read_district(user, district_id: int) -> bool:
    return user.role == "admin" or user.district_id == district_id


def can_run_district(user, district_id: int) -> bool:
    return user.role == "admin" or (user.role == "secretary" and user.district_id == district_id)


def visible_committees(user):
    """A select() of the committees the user may see."""
    stmt = select(Committee)
    if user.role != "admin":
        stmt = stmt.where(Committee.district_id == user.district_id)
    return stmt


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


def _load_meeting(meeting_id: int, allowed, for_edit: bool) -> Meeting:
    """The meeting with everything its minutes show, in a fixed number of queries
    (meetings.service.load_meeting); 404 when missing, 403 unless `allowed`."""
    from .meetings.service import load_meeting

    meeting = load_meeting(meeting_id, for_edit=for_edit)
    if meeting is None:
        abort(404)
    _check(allowed(current(), meeting.committee.district_id))
    return meeting


def load_meeting_for_view(meeting_id: int, *, for_edit: bool = False) -> Meeting:
    """As get_meeting_for_view, fully loaded: for the page, the JSON and the documents."""
    return _load_meeting(meeting_id, can_read_district, for_edit)


def load_meeting_for_edit(meeting_id: int) -> Meeting:
    """As get_meeting_for_edit, fully loaded (with the assignments saving updates)."""
    return _load_meeting(meeting_id, can_run_district, True)


def get_meeting_for_edit(meeting_id: int) -> Meeting:
    """A meeting the user may run (its district's secretary, or admin)."""
    meeting = db.get_or_404(Meeting, meeting_id)
    _check(can_run_district(current(), meeting.committee.district_id))
    return meeting


def require_district_runner(district_id: int) -> None:
    _check(can_run_district(current(), district_id))


def require_district_reader(district_id: int) -> None:
    _check(can_read_district(current(), district_id))
