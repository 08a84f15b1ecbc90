"""What the follow-up pages read: the offices a user may pick, pages of the office's
decisions and of the committee tracker, one follow-up's row (no page runs SQL itself)."""
from __future__ import annotations

from datetime import date

from flask import abort
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select

from ..authz import is_admin
from ..extensions import db
from ..models import FollowUp, Office
from ..vocab import OfficeKind
from .service import TrackerFilters, owed_by_office, tracker

PER_PAGE = 50


def visible_office(user, office_id: int | None) -> Office | None:
    """The office whose decisions the user asked for (403 for another district's)."""
    office = db.session.get(Office, office_id) if office_id else None
    if office is not None and not is_admin(user) and office.district_id != user.district_id:
        abort(403)
    return office


def office_choices(user) -> list[Office]:
    """The offices (not groups) a secretary or an admin may pick, by name."""
    stmt = select(Office).where(Office.kind != OfficeKind.GROUP).order_by(Office.name)
    if not is_admin(user):
        stmt = stmt.where(Office.district_id == user.district_id)
    return list(db.session.scalars(stmt))


def district_offices(district_id: int) -> list[Office]:
    """The district's directory entries by name (the tracker's office filter)."""
    return list(db.session.scalars(select(Office).where(Office.district_id == district_id)
                                   .order_by(Office.name)))


def owed_page(office: Office, today: date) -> Pagination:
    """The page (?page=) of what the office owes."""
    return db.paginate(owed_by_office(office.id, office.district_id, today),
                       per_page=PER_PAGE, error_out=False)


def tracker_page(committee_id: int, filters: TrackerFilters, today: date) -> Pagination:
    """The page (?page=) of the committee's tracker."""
    return db.paginate(tracker(committee_id, filters, today), per_page=PER_PAGE,
                       error_out=False)


def tracker_rows(committee_id: int, filters: TrackerFilters, today: date) -> list:
    """Every row of the filtered tracker (the exports)."""
    return list(db.session.scalars(tracker(committee_id, filters, today)))


def follow_up_or_404(follow_up_id: int) -> FollowUp:
    return db.get_or_404(FollowUp, follow_up_id)
