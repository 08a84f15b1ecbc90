"""API: the serial a committee's file has reached (only upward), and its next memo number."""
from __future__ import annotations

from flask import jsonify

from ..authz import current, get_committee_for_edit, roles_required
from ..committees.file import SerialRefused, set_serial_reached
from ..vocab import Role
from . import bp
from .params import ApiError, json_body

SUMMARY = {400: "নথির ক্রমিক নম্বর সঠিক নয়", 409: "নথির ক্রমিক নম্বর পিছিয়ে নেওয়া যায় না"}


@bp.post("/committees/<int:committee_id>/serial")
@roles_required(Role.SECRETARY)  # viewers and offices: 403 before the body
def committee_serial(committee_id: int):
    """Set the serial the file has reached outside the system: 200 {"reached",
    "next_serial", "next_memo_number"}; 400 not a serial 0..99,999; 409 it would go back
    (below the current value or the highest serial issued); 403/404 as for editing."""
    committee = get_committee_for_edit(committee_id)
    body = json_body()
    if "reached" not in body:
        raise ApiError(400, SUMMARY[400], [{"path": "reached",
                                            "message": "reached দেওয়া আবশ্যক"}])
    try:
        state = set_serial_reached(committee, body["reached"], current())
    except SerialRefused as exc:
        raise ApiError(exc.status, SUMMARY[exc.status],
                       [{"path": "reached", "message": exc.message}]) from exc
    return jsonify(committee_id=committee_id, reached=state.reached,
                   highest_issued=state.highest, next_serial=state.next_serial,
                   next_memo_number=state.next_memo_number)
