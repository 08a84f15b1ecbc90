"""A meeting fully loaded for the user who asks: 404 when missing, 403 when not theirs."""
from __future__ import annotations

from flask import abort

from ..authz import can_read_district, can_run_district, current
from ..models import Meeting
from .service import load_meeting


def _load_meeting(meeting_id: int, allowed, for_edit: bool) -> Meeting:
    """The meeting with everything its minutes show, in a fixed number of queries
    (service.load_meeting); 404 when missing, 403 unless `allowed`."""
    meeting = load_meeting(meeting_id, for_edit=for_edit)
    if meeting is None:
        abort(404)
    if not allowed(current(), meeting.committee.district_id):
        abort(403)
    return meeting


def load_meeting_for_view(meeting_id: int, *, for_edit: bool = False) -> Meeting:
    """As authz.get_meeting_for_view, fully loaded: for the page, the JSON and the
    documents."""
    return _load_meeting(meeting_id, can_read_district, for_edit)


def load_meeting_for_edit(meeting_id: int) -> Meeting:
    """As authz.get_meeting_for_edit, fully loaded (with the assignments saving updates)."""
    return _load_meeting(meeting_id, can_run_district, True)
