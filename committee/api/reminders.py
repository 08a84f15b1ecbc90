"""API: a committee's overdue decisions per office, and issuing reminder letters."""
from __future__ import annotations

import datetime

from flask import jsonify, request

from .. import clock
from ..authz import (
    current,
    get_committee_for_edit,
    get_committee_for_view,
    login_required,
    roles_required,
)
from ..bangla import to_ascii_digits
from ..documents.dates import EARLIEST, LetterDateError
from ..documents.letters import letter_json
from ..documents.reminders import ReminderError, issue_reminders
from ..followup.overdue import overdue_by_office
from ..vocab import Role
from . import bp
from .params import ApiError

LATEST_AS_OF = datetime.date(2099, 12, 31)


def _date(value, path: str) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(to_ascii_digits(str(value)).strip())
    except ValueError as exc:
        raise ApiError(400, "তারিখ সঠিক নয়", [{"path": path,
                                               "message": "তারিখ YYYY-MM-DD আকারে দিন"}]) from exc


def _office_json(office) -> dict:
    return {
        "office": office.name, "office_id": office.office_id,
        "reminders": len(office.reminders),
        "decisions": [{
            "id": a.decision_id, "meeting_id": a.decision.item.meeting_id,
            "held_on": a.decision.item.meeting.held_on.isoformat(),
            "number": f"{a.decision.item.position}.{a.decision.position}",
            "text": a.decision.text,
            "due_on": a.decision.due_on.isoformat() if a.decision.due_on else None,
            "status": a.status, "note": a.status_note,
        } for a in office.assignments],
    }


@bp.get("/committees/<int:committee_id>/overdue")
@login_required
def overdue(committee_id: int):
    """Each office with its overdue decisions (as of ?on=YYYY-MM-DD, default today)."""
    committee = get_committee_for_view(committee_id)
    as_of = _date(request.args.get("on"), "on") or clock.today()
    if not EARLIEST <= as_of <= LATEST_AS_OF:
        raise ApiError(400, "তারিখ সঠিক নয়", [{"path": "on", "message":
                       "২০০০ থেকে ২০৯৯ সালের মধ্যে একটি তারিখ দিন"}])
    return jsonify(on=as_of.isoformat(),
                   offices=[_office_json(o) for o in overdue_by_office(committee, as_of)])


@bp.post("/committees/<int:committee_id>/reminders")
@roles_required(Role.SECRETARY)
def reminders(committee_id: int):
    """Issue reminders: {"offices": "all" | [name, …], "memo_date"?} → 201 with the letters."""
    committee = get_committee_for_edit(committee_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "অনুরোধের বডি একটি JSON অবজেক্ট হতে হবে")
    offices = body.get("offices")
    if offices != "all" and not (isinstance(offices, list) and offices
                                 and all(isinstance(x, str) for x in offices)):
        raise ApiError(400, "কোন দপ্তরে তাগিদপত্র যাবে তা দিন", [{
            "path": "offices", "message": "\"all\" অথবা দপ্তরের নামের তালিকা দিন"}])
    memo_date = _date(body.get("memo_date"), "memo_date")
    try:
        letters = issue_reminders(committee, offices, memo_date, current())
    except ReminderError as exc:
        raise ApiError(400, str(exc), exc.problems) from exc
    except LetterDateError as exc:
        raise ApiError(400, "তাগিদপত্রের তারিখ সঠিক নয়",
                       [{"path": "memo_date", "message": str(exc)}]) from exc
    return jsonify(letters=[{**letter_json(x), "office": x.addressee} for x in letters]), 201
