"""Decisions across meetings: the filtered list, and a party's follow-up status.

The API and any page listing decisions build on `decisions_query`; every status change
goes through `record_status`, which appends to the follow-up history.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import contains_eager, selectinload

from ..bangla import match_key, normalize_text, to_ascii_digits
from ..directory.service import Resolver
from ..followup.access import may_update
from ..followup.service import STATUS_LABELS, record_follow_up
from ..interchange.validate import FORBIDDEN_MESSAGE, has_forbidden_chars
from ..models import Assignment, Committee, Decision, Item, Meeting
from ..models.meetings import FOLLOW_UP_STATUSES

NOTE_LIMIT = 5000
# A follow-up may be dated "today" in Bangladesh while the server is still on yesterday.
FUTURE_TOLERANCE = timedelta(days=1)


class StatusError(ValueError):
    """Bad input for a follow-up: `problems` is [{"path", "message"}, ...] in Bangla."""

    def __init__(self, problems: list[dict]):
        super().__init__("; ".join(f"{p['path']}: {p['message']}" for p in problems))
        self.problems = problems


class StatusForbidden(PermissionError):
    """The user may not record the follow-up of that party."""


@dataclass
class DecisionFilters:
    """None means "no filter"; district_id None is every district (admin only)."""

    district_id: int | None = None
    committee_id: int | None = None
    office_id: int | None = None
    status: str | None = None


def decisions_query(f: DecisionFilters) -> Select:
    """Decisions with item, meeting (joined) and assignments (one more query), newest first."""
    stmt = (
        select(Decision)
        .join(Decision.item).join(Decision.meeting).join(Meeting.committee)
        .options(contains_eager(Decision.item), contains_eager(Decision.meeting),
                 selectinload(Decision.assignments))
    )
    if f.district_id is not None:
        stmt = stmt.where(Committee.district_id == f.district_id)
    if f.committee_id is not None:
        stmt = stmt.where(Meeting.committee_id == f.committee_id)
    conditions = []
    if f.office_id is not None:
        conditions.append(Assignment.office_id == f.office_id)
    if f.status is not None:
        conditions.append(Assignment.status == f.status)
    if conditions:
        stmt = stmt.where(Decision.assignments.any(and_(*conditions)))
    return stmt.order_by(Meeting.held_on.desc(), Meeting.id.desc(), Item.position,
                         Decision.position)


def status_problem(status) -> dict | None:
    """The problem with a status value, or None when it is one of the four."""
    if status in FOLLOW_UP_STATUSES:
        return None
    allowed = ", ".join(f"{s} ({STATUS_LABELS[s]})" for s in FOLLOW_UP_STATUSES)
    return {"path": "status", "message": f"অবস্থা এগুলোর একটি হতে হবে: {allowed}"}


def _parse_on(on, problems: list[dict]) -> date | None:
    if on is None or on == "":
        return date.today()
    if isinstance(on, date):
        return on
    try:
        return date.fromisoformat(to_ascii_digits(str(on)).strip())
    except ValueError:
        problems.append({"path": "on", "message": f"সঠিক তারিখ নয়: '{on}' (YYYY-MM-DD আকারে দিন)"})
        return None


def _check_input(party, status, note, on) -> tuple[date | None, list[dict]]:
    problems: list[dict] = []
    if not isinstance(party, str) or not normalize_text(party):
        problems.append({"path": "party", "message": "দায়িত্বপ্রাপ্ত পক্ষের নাম (লেখা) দিন"})
    if (problem := status_problem(status)) is not None:
        problems.append(problem)
    if note is not None and not isinstance(note, str):
        problems.append({"path": "note", "message": "মন্তব্য লেখা (string) হতে হবে"})
    elif note and has_forbidden_chars(note):
        problems.append({"path": "note", "message": FORBIDDEN_MESSAGE})
    elif note and len(note) > NOTE_LIMIT:
        problems.append({"path": "note", "message": f"সর্বোচ্চ {NOTE_LIMIT} অক্ষর লেখা যাবে"})
    return _parse_on(on, problems), problems


def _check_date(on: date, decision: Decision) -> list[dict]:
    held_on = decision.meeting.held_on
    if on < held_on:
        return [{"path": "on", "message": "তারিখ সভার তারিখের "
                 f"({held_on.isoformat()}) আগে হতে পারে না"}]
    if on > date.today() + FUTURE_TOLERANCE:
        return [{"path": "on", "message": "ভবিষ্যতের তারিখ দেওয়া যাবে না"}]
    return []


def find_assignment(decision: Decision, party: str) -> Assignment | None:
    """The decision's assignment for a party as written (match_key), or via its office."""
    key = match_key(party)
    for assignment in decision.assignments:
        if match_key(assignment.party) == key:
            return assignment
    # "জেলা শিক্ষা অফিসার, মাগুরা" names the same office as the row "জেলা শিক্ষা অফিসার".
    committee = decision.meeting.committee
    office = Resolver(committee.district_id, committee.district.name)(party)
    if office is None:
        return None
    linked = [a for a in decision.assignments if a.office_id == office.id]
    return linked[0] if len(linked) == 1 else None


def record_status(decision: Decision, party, status, note, on, user) -> Assignment:
    """Record a follow-up of one responsible party of a decision (not committed).

    Raises StatusError (400) for bad input or an unknown party, StatusForbidden (403)
    when the user may not update that party: admin and the district's secretary may
    update any party, an office user only its own office's.
    """
    on_date, problems = _check_input(party, status, note, on)
    if problems:
        raise StatusError(problems)
    assignment = find_assignment(decision, party)
    if assignment is None:
        valid = "; ".join(a.party for a in decision.assignments) or "(কোনো পক্ষ নেই)"
        raise StatusError([{"path": "party", "message": f"'{party}' এই সিদ্ধান্তের "
                            f"দায়িত্বপ্রাপ্ত পক্ষ নয়। বৈধ পক্ষ: {valid}",
                            "parties": [a.party for a in decision.assignments]}])
    if not may_update(user, assignment):
        raise StatusForbidden(party)
    if problems := _check_date(on_date, decision):
        raise StatusError(problems)
    record_follow_up(assignment, status, note or "", on_date, user=user)
    return assignment
