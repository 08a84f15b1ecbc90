"""What the audit log keeps of a meeting or a committee: content to diff, counts to show."""
from __future__ import annotations

from ..vocab import MemberRole
from .service import flatten, jsonable


def meeting_content(meeting) -> dict:
    """The meeting's editable content, flattened ({"items.2.decisions.1.text": ...}).

    Ids and follow-up statuses are left out: a diff of two saves shows what was written.
    """
    return flatten(jsonable({
        "held_on": meeting.held_on, "time": meeting.time, "venue": meeting.venue,
        "chair_name": meeting.chair_name, "chair_designation": meeting.chair_designation,
        "opening": meeting.opening, "closing": meeting.closing,
        "attendance_annex": bool(meeting.attendance_annex),
        "attendance": [{"name": a.name, "designation": a.designation, "office": a.office,
                        "present": a.present, "guest": a.guest} for a in meeting.attendance],
        "items": [{"title": item.title, "discussion": item.discussion,
                   "responsible": [p.text for p in item.parties],
                   "decisions": [_decision(d) for d in item.decisions]}
                  for item in meeting.items],
    }))


def _decision(decision) -> dict:
    return {"text": decision.text, "due_on": decision.due_on,
            "responsible": [p.text for p in decision.parties] if decision.own_parties else None}


def meeting_counts(meeting) -> dict:
    """The numbers a summary of the meeting needs: date, items, decisions, attendance."""
    return {"held_on": jsonable(meeting.held_on), "items": len(meeting.items),
            "decisions": sum(len(item.decisions) for item in meeting.items),
            "attendance": len(meeting.attendance)}


def committee_content(committee) -> dict:
    """A committee's details and members as plain values (members one line each)."""
    return jsonable({
        "name": committee.name, "kind": committee.kind, "level": committee.level,
        "district": committee.district.name if committee.district else None,
        "upazila": committee.upazila.name if committee.upazila else None,
        "file_number": committee.file_number,
        "decision_suffix": committee.decision_suffix,
        "reminder_days": committee.reminder_days,
        "office_header": list(committee.office_header or []),
        "members": [" | ".join([m.name or "", m.designation or "",
                                m.office_name,
                                MemberRole.label_of(m.role)])
                    for m in committee.members],
    })
