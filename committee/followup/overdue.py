"""Overdue decisions per office: what a reminder letter (তাগিদপত্র) chases.

A decision × office is overdue on a day when it is still open (pending or in progress), its
minutes are issued, and either its due date (সময়সীমা) has passed, or — without a due date —
the minutes were issued more than the committee's reminder interval ago (default 30 days).
A decision with a due date still ahead is not chased, however old its minutes. Parties that
name no one to write to ("স্ব স্ব দপ্তর প্রধান": the head of each concerned office) are left
out: a reminder needs an addressee.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import contains_eager

from ..bangla import match_key
from ..extensions import db
from ..models import Assignment, Committee, Decision, Item, Letter, Meeting, ReminderEntry
from ..vocab import FollowUpStatus

_EACH = match_key("স্ব স্ব")


@dataclass
class OfficeOverdue:
    """One office (or a party not linked to the directory) and what it owes."""

    key: str  # "office-ID" or "party-<text>": stable across requests
    name: str
    office_id: int | None
    assignments: list[Assignment] = field(default_factory=list)
    reminders: list[Letter] = field(default_factory=list)  # earlier reminders, oldest first

    @property
    def meetings(self) -> list[Meeting]:
        """The meetings cited, oldest first."""
        seen: dict[int, Meeting] = {}
        for a in self.assignments:
            seen.setdefault(a.decision.item.meeting_id, a.decision.item.meeting)
        return sorted(seen.values(), key=lambda m: (m.held_on, m.id))


def still_open():
    """The condition "the assignment is pending or in progress", for a query that is
    narrowed by committee or district elsewhere. Written `status || ''` so that SQLite,
    which keeps no statistics, does not read every open assignment in the country through
    ix_assignments_status before looking at the committee: on the national dataset the
    overdue list took 1,163 ms that way and 10 ms from the committee's meetings down.
    PostgreSQL plans both spellings alike (from the committee's meetings, 33 ms)."""
    return (Assignment.status + "").in_(FollowUpStatus.open())


def is_overdue(as_of: date, reminder_days: list[int | None]):
    """The SQL condition "this assignment is overdue on ``as_of``" (see the module), for
    queries joining assignments, decisions, meetings and committees; ``reminder_days``
    lists the reminder intervals of the committees the query may meet (None: 30)."""
    waited = or_(*[and_(Committee.reminder_days.is_(None) if days is None
                        else Committee.reminder_days == days,
                        Meeting.memo_date < as_of - timedelta(days=days or 30))
                   for days in set(reminder_days)]) if reminder_days else false()
    return and_(Meeting.minutes_letter_id.is_not(None),
                Assignment.status.in_(FollowUpStatus.open()),
                or_(and_(Decision.due_on.is_not(None), Decision.due_on < as_of),
                    and_(Decision.due_on.is_(None), waited)))


def reminder_intervals(district_id: int) -> list[int | None]:
    """The distinct reminder intervals of a district's committees (one query)."""
    return list(db.session.scalars(select(Committee.reminder_days).distinct()
                                   .where(Committee.district_id == district_id)))


def overdue_assignments(committee: Committee, as_of: date):
    """A select() of the committee's overdue assignments on ``as_of``, in minutes order."""
    issued_before = as_of - timedelta(days=committee.reminder_days or 30)
    return (
        select(Assignment)
        .join(Assignment.decision).join(Decision.item).join(Item.meeting)
        .outerjoin(Assignment.office)
        .options(contains_eager(Assignment.decision).contains_eager(Decision.item)
                 .contains_eager(Item.meeting).joinedload(Meeting.minutes_letter),
                 contains_eager(Assignment.office))
        .where(Meeting.committee_id == committee.id,
               Meeting.minutes_letter_id.is_not(None), still_open(),
               or_(and_(Decision.due_on.is_not(None), Decision.due_on < as_of),
                   and_(Decision.due_on.is_(None), Meeting.memo_date < issued_before)))
        .order_by(Meeting.held_on, Item.position, Decision.position, Assignment.position,
                  Assignment.id)
    )


def _key(assignment: Assignment) -> tuple[str, str]:
    if assignment.office is not None:
        return f"office-{assignment.office_id}", assignment.office.name
    return f"party-{match_key(assignment.party)}", assignment.party


def overdue_by_office(committee: Committee, as_of: date) -> list[OfficeOverdue]:
    """Every office with overdue decisions of the committee, in order of first appearance,
    each with the reminders already sent about them (three queries in all)."""
    offices: dict[str, OfficeOverdue] = {}
    rows = db.session.scalars(overdue_assignments(committee, as_of)).unique().all()
    for assignment in rows:
        if match_key(assignment.party).startswith(_EACH):
            continue
        key, name = _key(assignment)
        office = offices.setdefault(key, OfficeOverdue(key, name, assignment.office_id))
        office.assignments.append(assignment)
    by_assignment: dict[int, list[Letter]] = {}
    if rows:
        sent = db.session.execute(
            select(ReminderEntry.assignment_id, Letter)
            .join(Letter, Letter.id == ReminderEntry.letter_id)
            .where(ReminderEntry.assignment_id.in_([a.id for a in rows]))
            .order_by(Letter.serial))
        for assignment_id, letter in sent:
            by_assignment.setdefault(assignment_id, []).append(letter)
    for office in offices.values():
        letters = {x.id: x for a in office.assignments for x in by_assignment.get(a.id, [])}
        office.reminders = sorted(letters.values(), key=lambda x: x.serial)
    return list(offices.values())


def reminder_counts(assignment_ids: list[int]) -> dict[int, tuple[int, Letter | None]]:
    """{assignment id: (reminders sent, the latest)} for the tracker and the office page."""
    out: dict[int, tuple[int, Letter | None]] = {}
    if not assignment_ids:
        return out
    rows = db.session.execute(
        select(ReminderEntry.assignment_id, Letter)
        .join(Letter, Letter.id == ReminderEntry.letter_id)
        .where(ReminderEntry.assignment_id.in_(assignment_ids))
        .order_by(Letter.serial))
    for assignment_id, letter in rows:
        count, _ = out.get(assignment_id, (0, None))
        out[assignment_id] = (count + 1, letter)
    return out


def pick(offices: list[OfficeOverdue], wanted) -> tuple[list[OfficeOverdue], list[str]]:
    """The offices named in ``wanted`` ("all" or a list of names, matched forgivingly),
    and the names that match no overdue office."""
    if wanted == "all":
        return offices, []
    by_name = {match_key(o.name): o for o in offices}
    chosen, unknown = [], []
    for name in wanted:
        office = by_name.get(match_key(str(name)))
        if office is None:
            unknown.append(str(name))
        elif office not in chosen:
            chosen.append(office)
    return chosen, unknown
