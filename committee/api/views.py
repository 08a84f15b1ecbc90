"""API views: committees, meetings (list, import, export); thin wrappers over services."""
from flask import jsonify, request

from ..authz import (
    current,
    login_required,
    roles_required,
)
from ..bangla import format_memo_number
from ..committees.service import visible_committee_list
from ..extensions import csrf, db
from ..imports import IDENTICAL, AlreadyImported, ImportRefused
from ..imports.once import import_once
from ..interchange import ValidationError, export_meeting
from ..meetings.access import load_meeting_for_view
from ..meetings.service import visible_meetings
from ..models import Committee, Meeting
from ..retrysafe import (
    BAD_KEY,
    GONE,
    HEADER,
    KEY_REUSED,
    BadKey,
    Gone,
    Key,
    KeyReused,
    request_key,
)
from ..vocab import Role
from . import bp
from .params import ApiError, committee_arg, district_arg, json_body, page_args, paginated

csrf.exempt(bp)


def error(status: int, message: str, details=()):
    """A JSON error answer: {"error": message, "details": [...]}."""
    return jsonify(error=message, details=list(details)), status


def committee_json(c: Committee) -> dict:
    """A committee as the API lists it."""
    return {"id": c.id, "name": c.name, "kind": c.kind, "level": c.level,
            "district": c.district.name, "upazila": c.upazila.name if c.upazila else None,
            "file_number": c.file_number}


def idempotency_key(endpoint: str) -> Key | None:
    """The request's `Idempotency-Key` header (optional); a malformed one is a 400."""
    try:
        return request_key(request.headers.get(HEADER), current(), endpoint)
    except BadKey as exc:
        raise ApiError(400, BAD_KEY, [{"path": HEADER, "message": BAD_KEY}]) from exc


def meeting_json(m: Meeting) -> dict:
    """A meeting in lists: memo_number in Bangla digits once the minutes are issued."""
    letter = m.minutes_letter
    return {"id": m.id, "committee_id": m.committee_id, "held_on": m.held_on.isoformat(),
            "status": m.status,
            "memo_number": format_memo_number(letter.file_key, letter.serial)
            if letter is not None else None}


@bp.get("/committees")
@login_required
def committees():
    """The committees the user may see."""
    return jsonify([committee_json(c) for c in visible_committee_list(current())])


@bp.get("/meetings")
@login_required
def meetings():
    """Meetings the user may see: id, committee_id, held_on, status, memo_number."""
    user = current()
    stmt = visible_meetings(user, committee_arg(user), district_arg(user))
    page = page_args()
    pagination = db.paginate(stmt, page=page.page, per_page=page.per_page, error_out=False)
    return paginated([meeting_json(m) for m in pagination.items], pagination, page)


@bp.post("/meetings/import")
@roles_required(Role.SECRETARY)  # viewers and offices never import: 403 before the body
def import_meeting():
    """Import one committee-minutes/1 document: 201 with the new meeting's id.

    With an `Idempotency-Key` header, a repeated request stores nothing and answers as
    the first did (201, the same meeting). One meeting per committee and date: the same
    minutes imported again answer 200 with that meeting and `"already_imported": true`
    (nothing stored); other minutes of that committee and date are refused with 409.
    """
    key = idempotency_key("api.import_meeting")
    doc = json_body()
    try:
        meeting, created = import_once(doc, current(), key)
    except AlreadyImported as exc:
        return error(409, "এই কমিটির এই তারিখের সভা আগেই আছে", exc.problems)
    except ValidationError as exc:
        return error(400, "কার্যবিবরণী গ্রহণ করা যায়নি", exc.problems)
    except ImportRefused as exc:
        raise ApiError(403, "এই জেলায় কার্যবিবরণী যোগ করার অনুমতি আপনার নেই") from exc
    except KeyReused:
        return error(422, KEY_REUSED, [{"path": HEADER, "message": KEY_REUSED}])
    except Gone:
        return error(409, GONE)
    # Built from the objects the import holds: no query after its commit.
    if not created:
        return jsonify(id=meeting.id, committee_id=meeting.committee_id,
                       status=meeting.status, items=len(meeting.items),
                       already_imported=True, message=IDENTICAL), 200
    return jsonify(id=meeting.id, committee_id=meeting.committee_id, status=meeting.status,
                   items=len(meeting.items)), 201


@bp.get("/meetings/<int:meeting_id>")
@login_required
def meeting(meeting_id: int):
    """One meeting in committee-minutes/1 with numbers, ids, statuses, memo number."""
    return jsonify(export_meeting(load_meeting_for_view(meeting_id, for_edit=True)))
