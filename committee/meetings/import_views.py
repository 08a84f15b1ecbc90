"""Importing a meeting from a committee-minutes/1 file in the browser."""
from __future__ import annotations

import json

from flask import flash, redirect, render_template, request, url_for

from ..authz import current, roles_required
from ..extensions import db
from ..interchange import ImportRefused, ValidationError, import_document
from . import bp

MAX_BYTES = 2 * 1024 * 1024


@bp.route("/meetings/import", methods=["GET", "POST"])
@roles_required("secretary")
def import_file():
    """Upload a JSON file; on any problem nothing is stored and every problem is listed."""
    problems: list[dict] = []
    status = 200
    if request.method == "POST":
        upload = request.files.get("file")
        doc, problem = _read(upload)
        if problem:
            problems, status = [{"path": "", "message": problem}], 400
        else:
            try:
                meeting = import_document(doc, current())
            except ValidationError as exc:
                problems, status = exc.problems, 400
            except ImportRefused:
                db.session.rollback()
                status = 403
                problems = [{"path": "committee.district",
                             "message": "এই জেলায় কার্যবিবরণী যোগ করার অনুমতি আপনার নেই"}]
            else:
                flash(f"সভাটি যোগ হয়েছে: {len(meeting.items)} টি আলোচ্য বিষয়", "success")
                return redirect(url_for("meetings.view", meeting_id=meeting.id))
    return render_template("meetings/import.html", problems=problems), status


def _read(upload) -> tuple[dict | None, str | None]:
    if upload is None or not upload.filename:
        return None, "একটি JSON ফাইল বেছে নিন"
    data = upload.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return None, "ফাইলটি ২ মেগাবাইটের বেশি"
    try:
        return json.loads(data.decode("utf-8-sig")), None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"ফাইলটি সঠিক JSON নয় ({exc})"
