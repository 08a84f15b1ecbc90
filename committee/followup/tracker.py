"""The committee tracker as the secretary reads it: one row per decision.

Each row holds the decision's responsible offices with their status (a group, "… (সকল)",
summarised as "৩/৭ বাস্তবায়িত" and expandable to its members) and the reminders sent to
each. Filters pick the decisions that have at least one matching office; the row then shows
all of them. The exports keep one row per decision × office (service.tracker). A page
takes a fixed number of queries, whatever the number of rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import case, func, select
from sqlalchemy.orm import contains_eager, selectinload

from ..bangla import to_bangla_digits
from ..extensions import db
from ..models import Assignment, Committee, Decision, Item, Meeting
from ..models.followup import implementation_sums
from ..vocab import FollowUpStatus, implementation_rate
from .overdue import is_overdue, reminder_counts
from .service import TrackerFilters, filtered

PER_PAGE = 25


@dataclass
class PartyLine:
    """One responsible party of a decision, or a group summarised over its members."""

    label: str
    status: str | None  # None for a group: see summary
    summary: str
    note: str = ""
    reminders: int = 0
    members: list[PartyLine] = field(default_factory=list)
    assignment_id: int | None = None


@dataclass
class DecisionRow:
    decision: Decision
    parties: list[PartyLine]
    overdue: bool


def _matching(committee_id: int, f: TrackerFilters, today: date):
    """The ids of the committee's decisions with an office matching the filters (without
    an office, status or overdue filter, decisions with no office too: "১.১ confirmed")."""
    return filtered(select(Decision.id).join(Decision.item).join(Item.meeting)
                    .outerjoin(Decision.assignments)
                    .where(Meeting.committee_id == committee_id), f, today)


def decision_page(committee_id: int, f: TrackerFilters, today: date) -> Pagination:
    """The page (?page=) of matching decisions, newest meeting first, with their item,
    meeting and every office (3 queries, and 1 for the count)."""
    stmt = (select(Decision).join(Decision.item).join(Item.meeting)
            .where(Decision.id.in_(_matching(committee_id, f, today)))
            .options(contains_eager(Decision.item).contains_eager(Item.meeting),
                     selectinload(Decision.assignments))
            .order_by(Meeting.held_on.desc(), Item.position, Decision.position))
    return db.paginate(stmt, per_page=PER_PAGE, error_out=False)


def rows(decisions: list[Decision], today: date,
         reminder_days: int | None = None) -> list[DecisionRow]:
    """The page's rows, with the reminders of every office in one query. A row is overdue
    as a reminder would chase it (overdue.py): open, its minutes issued, and past its due
    date or, without one, issued more than the committee's reminder interval ago."""
    waited = today - timedelta(days=reminder_days or 30)
    reminders = reminder_counts([a.id for d in decisions for a in d.assignments])
    out = []
    for decision in decisions:
        lines: dict[str, list[Assignment]] = {}
        for a in sorted(decision.assignments, key=lambda a: a.position):
            lines.setdefault(a.via_group or a.party, []).append(a)
        parties = [_line(label, members, reminders) for label, members in lines.items()]
        meeting = decision.item.meeting
        is_open = any(a.status in FollowUpStatus.open() for a in decision.assignments)
        late = decision.due_on < today if decision.due_on is not None else (
            meeting.memo_date is not None and meeting.memo_date < waited)
        out.append(DecisionRow(decision, parties, bool(
            is_open and meeting.minutes_letter_id is not None and late)))
    return out


def _line(label: str, members: list[Assignment], reminders: dict) -> PartyLine:
    def one(a: Assignment) -> PartyLine:
        return PartyLine(a.party, a.status, FollowUpStatus.label_of(a.status),
                         a.status_note or "", reminders.get(a.id, (0, None))[0],
                         assignment_id=a.id)

    if len(members) == 1 and members[0].party == label:
        return one(members[0])
    done = sum(1 for a in members if a.status == FollowUpStatus.IMPLEMENTED)
    counted = sum(1 for a in members if a.status != FollowUpStatus.DROPPED)
    summary = f"{done}/{counted} {FollowUpStatus.IMPLEMENTED.label}"
    return PartyLine(label, None, summary, reminders=sum(
        reminders.get(a.id, (0, None))[0] for a in members),
        members=[one(a) for a in members])


QUARTER_NAMES = ("জানু–মার্চ", "এপ্রি–জুন", "জুলা–সেপ্টে", "অক্টো–ডিসে")


def quarterly_rates(committee_id: int, last: int = 8) -> list[tuple[str, float | None]]:
    """The implementation rate of the decisions of each calendar quarter's meetings, for
    the latest ``last`` quarters with decisions (one query), oldest first."""
    implemented, counted = implementation_sums()
    year, month = func.extract("year", Meeting.held_on), func.extract("month", Meeting.held_on)
    rows = db.session.execute(
        select(year, month, implemented, counted)
        .select_from(Assignment).join(Assignment.decision).join(Decision.meeting)
        .where(Meeting.committee_id == committee_id).group_by(year, month)).all()
    quarters: dict[tuple[int, int], list[int]] = {}
    for y, m, done, counted_n in rows:
        sums = quarters.setdefault((int(y), (int(m) - 1) // 3), [0, 0])
        sums[0] += done or 0
        sums[1] += counted_n or 0
    keys = sorted(quarters)[-last:]
    return [(f"{QUARTER_NAMES[q]} {to_bangla_digits(y)}",
             implementation_rate(*quarters[(y, q)])) for y, q in keys]


def totals(committee_id: int, today: date) -> dict:
    """The numbers on top of the tracker: decisions, offices' rows by status, overdue,
    the implementation rate (one query)."""
    implemented, counted = implementation_sums()
    open_ = func.sum(func.cast(Assignment.status.in_(FollowUpStatus.open()), db.Integer))
    reminder_days = db.session.scalar(select(Committee.reminder_days)
                                      .where(Committee.id == committee_id))
    overdue = func.sum(case((is_overdue(today, [reminder_days]), 1), else_=0))
    row = db.session.execute(
        select(func.count(func.distinct(Decision.id)), func.count(Assignment.id),
               implemented, counted, open_, overdue)
        .select_from(Decision).join(Decision.meeting).join(Meeting.committee)
        .outerjoin(Decision.assignments)
        .where(Meeting.committee_id == committee_id)).one()
    decisions, assignments, done, counted_n, open_n, overdue_n = (v or 0 for v in row)
    return {"decisions": decisions, "assignments": assignments, "implemented": done,
            "open": open_n, "overdue": overdue_n, "rate": implementation_rate(done, counted_n)}
