"""Saving a meeting's content: the one path used by the editor, the import and the API.

Content arrives as the `meeting` object of the committee-minutes/1 format, already
validated (see committee.interchange.validate). Items and decisions that carry an
"id" are updated in place, so follow-up recorded against them survives an edit.
"""
from __future__ import annotations

from ..directory.service import Resolver, expand
from ..extensions import db
from ..models import Assignment, Attendance, Decision, Item, Meeting, ResponsibleParty


class NotEditable(Exception):
    """Issued minutes are frozen: a correction is a new letter."""


def resolver_for(meeting: Meeting) -> Resolver:
    committee = meeting.committee
    return Resolver(committee.district_id, committee.district.name)


def apply_meeting(meeting: Meeting, data: dict, resolver: Resolver | None = None) -> Meeting:
    """Write validated meeting content into `meeting` (new or a draft)."""
    if meeting.id is not None and not meeting.is_editable:
        raise NotEditable(meeting.id)
    resolver = resolver or resolver_for(meeting)
    for field in ("held_on", "time", "venue", "opening", "closing"):
        setattr(meeting, field, data[field])
    meeting.chair_name = data["chair"]["name"]
    meeting.chair_designation = data["chair"]["designation"]
    meeting.attendance_annex = data.get("attendance_annex", False)
    meeting.attendance = [
        Attendance(position=i, name=a["name"], designation=a["designation"],
                   office=a.get("office"), present=a.get("present", True),
                   guest=a.get("guest", False))
        for i, a in enumerate(data["attendance"], start=1)
    ]
    existing = {item.id: item for item in meeting.items}
    items = []
    for position, item_data in enumerate(data["items"], start=1):
        item = existing.pop(item_data.get("id"), None) or Item()
        item.position = position
        item.title = item_data["title"]
        item.discussion = item_data["discussion"]
        item.parties = _parties(item_data["responsible"], resolver)
        items.append(item)
        _apply_decisions(meeting, item, item_data["decisions"], resolver)
    meeting.items = items
    db.session.add(meeting)
    db.session.flush()
    for item in meeting.items:
        for decision in item.decisions:
            sync_assignments(decision, item)
    return meeting


def _parties(names: list[str], resolver: Resolver) -> list[ResponsibleParty]:
    parties = []
    for i, name in enumerate(names, start=1):
        office = resolver(name)
        parties.append(ResponsibleParty(position=i, text=name,
                                        office_id=office.id if office else None,
                                        office=office))
    return parties


def _apply_decisions(meeting: Meeting, item: Item, rows: list[dict], resolver) -> None:
    existing = {d.id: d for d in item.decisions}
    decisions = []
    for position, row in enumerate(rows, start=1):
        decision = existing.pop(row.get("id"), None)
        if decision is None:
            # A decision moved here from another item keeps its id and its follow-up.
            decision = _find_decision(meeting, row.get("id")) or Decision()
        decision.position = position
        decision.text = row["text"]
        decision.due_on = row.get("due_on")
        decision.own_parties = row.get("responsible") is not None
        decision.parties = _parties(row.get("responsible") or [], resolver)
        decision.meeting = meeting
        decisions.append(decision)
    item.decisions = decisions


def _find_decision(meeting: Meeting, decision_id) -> Decision | None:
    if decision_id is None or meeting.id is None:
        return None
    decision = db.session.get(Decision, decision_id)
    return decision if decision is not None and decision.meeting_id == meeting.id else None


def effective_parties(decision: Decision, item: Item | None = None) -> list[ResponsibleParty]:
    """The decision's own parties if it overrides the item's list, else the item's."""
    item = item or decision.item
    return decision.parties if decision.own_parties else item.parties


def sync_assignments(decision: Decision, item: Item | None = None) -> None:
    """Make the decision's assignments match its parties, keeping recorded statuses."""
    wanted = []
    seen = set()
    for party in effective_parties(decision, item):
        for name, office, via in expand(party.office, party.text):
            if name not in seen:
                seen.add(name)
                wanted.append((name, office, via))
    current = {a.party: a for a in decision.assignments}
    result = []
    for position, (name, office, via) in enumerate(wanted, start=1):
        assignment = current.pop(name, None) or Assignment(party=name)
        assignment.position = position
        assignment.office_id = office.id if office else None
        assignment.via_group = via
        result.append(assignment)
    decision.assignments = result

