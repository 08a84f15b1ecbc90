"""Decisions across meetings: the filtered list, and finding a decision's responsible party.

The API and any page listing decisions build on `decisions_query`; a status is recorded by
committee.followup.service.record_follow_up, the one write path.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, and_, false, select
from sqlalchemy.orm import contains_eager, selectinload

from ..bangla import match_key
from ..directory.service import Resolver
from ..extensions import db
from ..models import Assignment, Committee, Decision, Item, Meeting, Office
from ..vocab import FollowUpStatus


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


def decisions_page(f: DecisionFilters | None, page: int, per_page: int) -> Pagination:
    """One page of decisions_query(f); f None (a filter that matches nothing) is empty."""
    stmt = decisions_query(f or DecisionFilters())
    if f is None:
        stmt = stmt.where(false())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def decision_or_404(decision_id: int) -> Decision:
    return db.get_or_404(Decision, decision_id)


def office_by_id(office_id: int | None) -> Office | None:
    return db.session.get(Office, office_id) if office_id is not None else None


def status_problem(status) -> dict | None:
    """The problem with a status value, or None when it is one of the four."""
    if status in FollowUpStatus.values():
        return None
    allowed = ", ".join(f"{s.value} ({s.label})" for s in FollowUpStatus)
    return {"path": "status", "message": f"অবস্থা এগুলোর একটি হতে হবে: {allowed}"}


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
