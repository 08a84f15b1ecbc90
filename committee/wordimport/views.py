"""Pages: upload Word minutes, check each beside its source, import one or the batch."""
from __future__ import annotations

import datetime

from flask import abort, flash, redirect, render_template, request, url_for

from ..authz import current, roles_required
from ..bangla import format_date_numeric, to_bangla_digits
from ..imports import IDENTICAL, ImportRefused
from ..interchange import ValidationError
from ..meetings.problems import document_labels
from ..vocab import Role
from . import bp
from .files import MAX_FILES
from .forms import ConfirmForm, document_from_form, memo_number_text
from .service import (
    FIELDS,
    REFUSED_DISTRICT,
    AlreadyDone,
    batch_uploads,
    confirm,
    confirm_batch,
    correct,
    field_share,
    get_upload,
    only_already,
    stage,
)


def _upload_or_404(upload_id: int):
    upload = get_upload(upload_id, current())
    if upload is None:
        abort(404)
    return upload


@bp.route("/meetings/import-docx", methods=["GET", "POST"], endpoint="upload")
@roles_required(Role.SECRETARY)
def upload():
    """Choose one or many .docx/.doc files, or a zip of them."""
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        files = [(f.filename or "minutes.docx", f.read())
                 for f in request.files.getlist("files") if f and f.filename]
        if not files:
            flash("অন্তত একটি Word ফাইল (.docx বা .doc) বা zip বেছে নিন", "error")
            return render_template("wordimport/upload.html", form=form), 400
        if len(files) > MAX_FILES:
            flash(f"একবারে সর্বোচ্চ {to_bangla_digits(MAX_FILES)}টি ফাইল দেওয়া যায়", "error")
            return render_template("wordimport/upload.html", form=form), 400
        batch = stage(files, current())
        return redirect(url_for("wordimport.batch", batch=batch))
    status = 400 if request.method == "POST" else 200
    return render_template("wordimport/upload.html", form=form), status


def _row(upload) -> dict:
    reading = upload.reading
    doc = reading.get("document") or {}
    meeting = doc.get("meeting") or {}
    good, total = field_share(doc, reading.get("problems", []), reading.get("sources")) \
        if doc else (0, 0)
    return {"upload": upload, "doc": doc, "held_on_text": _date_text(meeting.get("held_on")),
            "item_count": len(meeting.get("items") or []),
            "decisions": sum(len(i.get("decisions") or []) for i in meeting.get("items") or []),
            "good": good, "total": total, "refused": reading.get("refused"),
            "problems": document_labels(reading.get("problems") or []),
            "already": upload.meeting_id or only_already(reading.get("problems") or [])}


@bp.get("/meetings/import-docx/batch/<batch>", endpoint="batch")
@roles_required(Role.SECRETARY)
def batch(batch: str):
    """The files of one upload, in meeting-date order, with what was read of each."""
    uploads = batch_uploads(batch, current())
    if not uploads:
        abort(404)
    return render_template("wordimport/batch.html", batch=batch,
                           rows=[_row(u) for u in uploads], form=ConfirmForm())


@bp.post("/meetings/import-docx/batch/<batch>/import", endpoint="import_batch")
@roles_required(Role.SECRETARY)
def import_batch(batch: str):
    """Import, in date order, every file of the batch that has no problem."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    uploads = batch_uploads(batch, current())
    if not uploads:
        abort(404)
    summary = confirm_batch(uploads, current())
    imported = sum(1 for s in summary if s["status"] == "imported")
    flash(f"{to_bangla_digits(imported)}টি কার্যবিবরণী আমদানি হয়েছে; "
          f"{to_bangla_digits(len(summary) - imported)}টি বাকি বা বাদ", "success")
    return render_template("wordimport/summary.html", batch=batch, summary=summary)


def _preview(upload, doc: dict, problems: list[dict], status: int = 200):
    sources = upload.reading.get("sources") or {}
    flagged = {p.get("path") for p in problems}
    good, total = field_share(doc, problems, sources)
    held_on = doc["meeting"].get("held_on") or ""
    return render_template(
        "wordimport/preview.html", upload=upload, doc=doc, sources=sources,
        problems=document_labels(problems), flagged=flagged, labels=dict(FIELDS),
        memo_number=memo_number_text(doc), good=good, total=total,
        held_on_text=_date_text(held_on), memo_date_text=_date_text(
            (doc.get("issue") or {}).get("memo_date") or ""),
        form=ConfirmForm()), status


def _date_text(value: str) -> str:
    """An ISO date as dd/mm/yyyy in Bangla digits; what the officer typed stays as is."""
    try:
        return format_date_numeric(datetime.date.fromisoformat(value))
    except (ValueError, TypeError):
        return value


@bp.get("/meetings/import-docx/<int:upload_id>", endpoint="preview")
@roles_required(Role.SECRETARY)
def preview(upload_id: int):
    """Every field read from the file, beside the text it came from; what was not read
    is marked and can be typed in."""
    upload = _upload_or_404(upload_id)
    reading = upload.reading
    if reading.get("refused"):
        flash(reading["refused"], "error")
        return redirect(url_for("wordimport.batch", batch=upload.batch))
    return _preview(upload, reading["document"], reading.get("problems") or [])


@bp.post("/meetings/import-docx/<int:upload_id>", endpoint="check")
@roles_required(Role.SECRETARY)
def check(upload_id: int):
    """Keep the officer's corrections and check again; with "confirm", import."""
    upload = _upload_or_404(upload_id)
    if upload.reading.get("refused"):
        abort(404)
    form = ConfirmForm()
    doc, form_problems = document_from_form(request.form, upload.reading["document"])
    if not form.validate_on_submit():
        flash("ফর্মের মেয়াদ শেষ; আপনার সংশোধন রাখা হয়েছে, আবার জমা দিন", "error")
        return _preview(upload, doc, form_problems, 400)
    problems = form_problems + correct(upload, doc, current())
    if upload.meeting_id is not None:
        return redirect(url_for("meetings.view", meeting_id=upload.meeting_id))
    if problems or "confirm" not in request.form:
        return _preview(upload, doc, problems, 400 if problems else 200)
    try:
        answer = confirm(upload, current())
    except AlreadyDone as exc:
        return redirect(url_for("meetings.view", meeting_id=exc.meeting_id))
    except ImportRefused:
        return _preview(upload, doc, [{"path": "committee.district",
                                       "message": REFUSED_DISTRICT}], 403)
    except ValidationError as exc:
        return _preview(upload, doc, list(exc.problems), 409 if any(
            p.get("meeting_id") for p in exc.problems) else 400)
    meeting = answer.meeting
    if answer.created:
        flash(f"কার্যবিবরণী আমদানি হয়েছে: {to_bangla_digits(len(meeting.items))}টি আলোচ্য "
              "বিষয়; মূল Word ফাইলটি পত্র হিসেবে রাখা হয়েছে", "success")
    else:
        flash(IDENTICAL, "info")
    return redirect(url_for("meetings.view", meeting_id=meeting.id))
