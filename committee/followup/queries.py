"""What the follow-up pages read: the offices a user may pick, pages of the office's
decisions and of the committee tracker, one follow-up's row (no page runs SQL itself)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import case, func, select

from ..authz import is_admin
from ..extensions import db
from ..models import Assignment, Committee, Decision, FollowUp, Meeting, Office
from ..models.followup import implementation_sums
from ..vocab import FollowUpStatus, implementation_rate
from .overdue import is_overdue, reminder_intervals, still_open
from .service import TrackerFilters, _base, owed_by_office, tracker

PER_PAGE = 50


def visible_office(user, office_id: int | None) -> Office | None:
    """The office whose decisions the user asked for (403 for another district's)."""
    office = db.session.get(Office, office_id) if office_id else None
    if office is not None and not is_admin(user) and office.district_id != user.district_id:
        abort(403)
    return office


def office_choices(user) -> list[Office]:
    """The offices and groups a secretary or an admin may pick, by name."""
    stmt = select(Office).order_by(Office.name)
    if not is_admin(user):
        stmt = stmt.where(Office.district_id == user.district_id)
    return list(db.session.scalars(stmt))


@dataclass
class OfficeLine:
    office: Office
    open: int = 0
    overdue: int = 0
    implemented: int = 0
    counted: int = 0

    @property
    def rate(self) -> float | None:
        return implementation_rate(self.implemented, self.counted)


def office_overview(district_id: int, today: date) -> list[OfficeLine]:
    """Every office and group of the district with its open, overdue and implemented
    decisions and its rate, most overdue first (4 queries, whatever the data size). A
    group counts its member offices' decisions given to it ("… (সকল)")."""
    implemented, counted = implementation_sums()
    is_open = Assignment.status.in_(FollowUpStatus.open())
    overdue = is_overdue(today, reminder_intervals(district_id))
    sums = (func.sum(case((is_open, 1), else_=0)), func.sum(case((overdue, 1), else_=0)),
            implemented, counted)
    base = (select().select_from(Assignment).join(Assignment.decision)
            .join(Decision.meeting).join(Meeting.committee)
            .where(Committee.district_id == district_id))
    by_office = {k: v for k, *v in db.session.execute(
        base.add_columns(Assignment.office_id, *sums)
        .where(Assignment.office_id.is_not(None)).group_by(Assignment.office_id))}
    by_group = {k: v for k, *v in db.session.execute(
        base.add_columns(Assignment.via_group, *sums)
        .where(Assignment.via_group.is_not(None)).group_by(Assignment.via_group))}
    lines = []
    for office in district_offices(district_id):
        numbers = by_group.get(office.name) if office.is_group else by_office.get(office.id)
        lines.append(OfficeLine(office, *(n or 0 for n in numbers or (0, 0, 0, 0))))
    return sorted(lines, key=lambda x: (-x.overdue, -x.open, x.office.name))


def drop_requests(district_id: int, limit: int = 200) -> list[Assignment]:
    """Open decisions of the district whose office asked that they be dropped, oldest
    request first (one query)."""
    return list(db.session.scalars(
        _base().where(Committee.district_id == district_id,
                      Assignment.drop_requested_on.is_not(None), still_open())
        .order_by(Assignment.drop_requested_on, Assignment.id).limit(limit)))


def district_offices(district_id: int) -> list[Office]:
    """The district's directory entries by name (the tracker's office filter)."""
    return list(db.session.scalars(select(Office).where(Office.district_id == district_id)
                                   .order_by(Office.name)))


def owed_page(office: Office, today: date) -> Pagination:
    """The page (?page=) of what the office owes."""
    return db.paginate(owed_by_office(office.id, office.district_id, today,
                                      group=office.name if office.is_group else None),
                       per_page=PER_PAGE, error_out=False)


def tracker_rows(committee_id: int, filters: TrackerFilters, today: date) -> list:
    """Every row of the filtered tracker (the exports)."""
    return list(db.session.scalars(tracker(committee_id, filters, today)))


def follow_up_or_404(follow_up_id: int) -> FollowUp:
    return db.get_or_404(FollowUp, follow_up_id)
