"""Importing a meeting from a committee-minutes/1 file in the browser."""
from __future__ import annotations

import json

from flask import flash, redirect, render_template, request, url_for

from ..authz import current, roles_required
from ..bangla import to_bangla_digits
from ..imports import IDENTICAL, AlreadyImported, ImportRefused
from ..imports.once import import_once
from ..interchange import ValidationError
from ..retrysafe import FORM_FIELD, GONE, Gone, KeyReused, new_form_token, request_key
from ..vocab import Role
from . import bp
from .problems import document_labels

MAX_BYTES = 2 * 1024 * 1024
TOKEN_USED = "এই ফর্মটি আগেই অন্য একটি কাজে জমা দেওয়া হয়েছে; পাতাটি নতুন করে খুলে আবার চেষ্টা করুন"


@bp.route("/meetings/import", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def import_file():
    """Upload a JSON file; on any problem nothing is stored and every problem is listed.

    The form carries a one-time token: submitting it twice stores the meeting once.
    """
    problems: list[dict] = []
    status = 200
    token = new_form_token()
    if request.method == "POST":
        token = request.form.get(FORM_FIELD, "") or token
        doc, problem = _read(request.files.get("file"))
        if problem:
            problems, status = [{"path": "", "message": problem}], 400
        else:
            key = request_key(token, current(), "meetings.import_file", strict=False)
            try:
                meeting, created = import_once(doc, current(), key)
            except AlreadyImported as exc:
                problems, status = exc.problems, 409
            except ValidationError as exc:
                problems, status = exc.problems, 400
            except ImportRefused:
                status = 403
                problems = [{"path": "committee.district",
                             "message": "এই জেলায় কার্যবিবরণী যোগ করার অনুমতি আপনার নেই"}]
            except (KeyReused, Gone) as exc:
                token, status = new_form_token(), 409
                problems = [{"path": "", "message": GONE if isinstance(exc, Gone)
                             else TOKEN_USED}]
            else:
                if created:
                    flash(f"সভাটি যোগ হয়েছে: {to_bangla_digits(len(meeting.items))} টি "
                          "আলোচ্য বিষয়", "success")
                else:
                    flash(IDENTICAL, "info")
                return redirect(url_for("meetings.view", meeting_id=meeting.id))
    return render_template("meetings/import.html", problems=document_labels(problems),
                           token=token,
                           token_field=FORM_FIELD), status


def _read(upload) -> tuple[dict | None, str | None]:
    if upload is None or not upload.filename:
        return None, "একটি JSON ফাইল বেছে নিন"
    data = upload.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return None, "ফাইলটি ২ মেগাবাইটের বেশি"
    try:
        return json.loads(data.decode("utf-8-sig")), None
    except UnicodeDecodeError:
        return None, "ফাইলটি সঠিক JSON নয় (UTF-8 লেখা নয়)"
    except json.JSONDecodeError as exc:
        return None, (f"ফাইলটি সঠিক JSON নয় (লাইন {to_bangla_digits(exc.lineno)}, "
                      f"কলাম {to_bangla_digits(exc.colno)})")
