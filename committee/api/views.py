"""API views: thin wrappers over the feature services."""
from flask import jsonify, request
from sqlalchemy import select

from ..authz import current, get_meeting_for_view, login_required, visible_committees
from ..extensions import csrf, db
from ..interchange import ImportRefused, ValidationError, export_meeting, import_document
from ..models import Committee, Meeting
from . import bp

csrf.exempt(bp)


def error(status: int, message: str, details=()):
    return jsonify(error=message, details=list(details)), status


def committee_json(c: Committee) -> dict:
    return {"id": c.id, "name": c.name, "kind": c.kind, "level": c.level,
            "district": c.district.name, "upazila": c.upazila.name if c.upazila else None,
            "file_number": c.file_number}


@bp.get("/committees")
@login_required
def committees():
    rows = db.session.scalars(visible_committees(current()).order_by(Committee.id))
    return jsonify([committee_json(c) for c in rows])


@bp.post("/meetings/import")
@login_required
def import_meeting():
    doc = request.get_json(silent=True)
    if doc is None:
        return error(400, "অনুরোধের বডি সঠিক JSON নয়")
    try:
        meeting = import_document(doc, current())
    except ValidationError as exc:
        return error(400, "কার্যবিবরণী গ্রহণ করা যায়নি", exc.problems)
    except ImportRefused:
        return error(403, "এই জেলায় কার্যবিবরণী যোগ করার অনুমতি আপনার নেই")
    return jsonify(id=meeting.id, committee_id=meeting.committee_id, status=meeting.status,
                   items=len(meeting.items)), 201


@bp.get("/meetings/<int:meeting_id>")
@login_required
def meeting(meeting_id: int):
    return jsonify(export_meeting(get_meeting_for_view(meeting_id)))


