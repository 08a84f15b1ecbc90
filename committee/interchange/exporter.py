"""Export of a meeting in committee-minutes/1, plus numbers, ids, statuses, memo number."""
from __future__ import annotations

from ..bangla import format_memo_number
from ..models import Meeting
from .validate import FORMAT


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def export_meeting(meeting: Meeting) -> dict:
    """The meeting as a committee-minutes/1 document (keys absent on input stay absent)."""
    committee = meeting.committee
    doc = {
        "format": FORMAT,
        "committee": {
            "name": committee.name,
            "kind": committee.kind,
            "level": committee.level,
            "district": committee.district.name,
        },
    }
    if committee.upazila is not None:
        doc["committee"]["upazila"] = committee.upazila.name
    doc["committee"]["office_header"] = list(committee.office_header or [])
    doc["committee"]["file_number"] = committee.file_number
    doc["meeting"] = {
        "held_on": _iso(meeting.held_on),
        "time": meeting.time.strftime("%H:%M") if meeting.time else None,
        "venue": meeting.venue,
        "chair": {"name": meeting.chair_name, "designation": meeting.chair_designation},
        "attendance": [_attendee(a) for a in meeting.attendance],
        "opening": meeting.opening,
        "closing": meeting.closing,
        "items": [_item(item) for item in meeting.items],
    }
    if meeting.attendance_annex:
        doc["meeting"]["attendance_annex"] = True
    if meeting.has_issue_details or meeting.minutes_letter is not None:
        doc["issue"] = _issue(meeting)
    return doc


def _attendee(a) -> dict:
    out = {"name": a.name, "designation": a.designation, "office": a.office}
    if not a.present:
        out["present"] = False
    if a.guest:
        out["guest"] = True
    return out


def _item(item) -> dict:
    return {
        "number": str(item.position),
        "id": item.id,
        "title": item.title,
        "discussion": item.discussion,
        "responsible": [p.text for p in item.parties],
        "decisions": [_decision(item, d) for d in item.decisions],
    }


def _decision(item, decision) -> dict:
    out = {"number": f"{item.position}.{decision.position}", "id": decision.id,
           "text": decision.text}
    if decision.own_parties:
        out["responsible"] = [p.text for p in decision.parties]
    if decision.due_on is not None:
        out["due_on"] = _iso(decision.due_on)
    out["status"] = {a.party: a.status for a in decision.assignments}
    return out


def _issue(meeting: Meeting) -> dict:
    letter = meeting.minutes_letter
    out = {
        "memo_serial": letter.serial if letter else None,
        "memo_date": _iso(meeting.memo_date),
        "signatory": {"name": meeting.signatory_name,
                      "designation": meeting.signatory_designation},
        "distribution_note": meeting.distribution_note,
        "distribution": [entry["text"] for entry in meeting.distribution or []],
    }
    if letter is not None:
        out["memo_number"] = format_memo_number(letter.file_key, letter.serial)
    return out
