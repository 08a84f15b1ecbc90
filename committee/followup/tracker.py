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


def _ordered_ids(committee_id: int, f: TrackerFilters, today: date) -> list[int]:
    """The ids of the committee's decisions with an office matching the filters, newest
    meeting first (without an office, status, overdue or word filter, decisions with no
    office too: "১.১ confirmed"). The offices are joined only when a filter reads them; a
    decision with several matching offices is listed once."""
    base = (select(Decision.id).join(Decision.item).join(Item.meeting)
            .where(Meeting.committee_id == committee_id))
    if f.reads_offices:
        stmt = base.where(Decision.id.in_(
            filtered(base.outerjoin(Decision.assignments), f, today)))
    else:
        stmt = filtered(base, f, today)
    return list(db.session.scalars(
        stmt.order_by(Meeting.held_on.desc(), Item.position, Decision.position)))


class DecisionPage(Pagination):
    """A page (?page=) of the matching decisions: their ids in order come from one narrow
    query, whose length is the count; the page's rows are then loaded by id with their item,
    meeting and every office. A committee's five years (1,800 decisions) sorted as whole
    rows to keep 25 took 12 ms on PostgreSQL, and the count as many again."""

    def _query_items(self) -> list[Decision]:
        start = (self.page - 1) * self.per_page
        chosen = self._query_args["ids"][start:start + self.per_page]
        if not chosen:
            return []
        found = {d.id: d for d in db.session.scalars(
            select(Decision).join(Decision.item).join(Item.meeting)
            .where(Decision.id.in_(chosen))
            .options(contains_eager(Decision.item).contains_eager(Item.meeting),
                     selectinload(Decision.assignments)))}
        return [found[i] for i in chosen]

    def _query_count(self) -> int:
        return len(self._query_args["ids"])


def decision_page(committee_id: int, f: TrackerFilters, today: date) -> Pagination:
    """The page (?page=) of matching decisions, newest meeting first, with their item,
    meeting and every office (3 queries)."""
    return DecisionPage(per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False,
                        ids=_ordered_ids(committee_id, f, today))


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


def numbers(committee: Committee, today: date) -> tuple[dict, list[dict], dict]:
    """The numbers of the tracker, unfiltered, in two queries: (totals on top — decisions,
    offices' rows by status, overdue, the rate —, the implementation rate per office, and
    the committee's). The offices' rows are summed once, grouped by office."""
    implemented, counted = implementation_sums()
    open_ = func.sum(func.cast(Assignment.status.in_(FollowUpStatus.open()), db.Integer))
    overdue = func.sum(case((is_overdue(today, [committee.reminder_days]), 1), else_=0))
    per_office = []
    sums = {"total": 0, "implemented": 0, "counted": 0, "open": 0, "overdue": 0}
    for party, total, done, counted_n, open_n, overdue_n in db.session.execute(
            select(Assignment.party, func.count(), implemented, counted, open_, overdue)
            .join(Assignment.decision).join(Decision.meeting).join(Meeting.committee)
            .where(Meeting.committee_id == committee.id)
            .group_by(Assignment.party).order_by(Assignment.party)):
        done, counted_n = done or 0, counted_n or 0
        per_office.append({"party": party, "total": total, "implemented": done,
                           "counted": counted_n, "rate": implementation_rate(done, counted_n)})
        for key, value in (("total", total), ("implemented", done), ("counted", counted_n),
                           ("open", open_n or 0), ("overdue", overdue_n or 0)):
            sums[key] += value
    overall = {"implemented": sums["implemented"], "counted": sums["counted"],
               "rate": implementation_rate(sums["implemented"], sums["counted"])}
    decisions = db.session.scalar(select(func.count()).select_from(Decision)
                                  .join(Decision.meeting)
                                  .where(Meeting.committee_id == committee.id))
    totals = {"decisions": decisions, "assignments": sums["total"],
              "implemented": sums["implemented"], "open": sums["open"],
              "overdue": sums["overdue"], "rate": overall["rate"]}
    return totals, per_office, overall
