"""The review of open decisions at a later meeting, and the district search."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ..authz import (
    current,
    get_meeting_for_edit,
    get_meeting_for_view,
    login_required,
    roles_required,
)
from ..bangla import number_label
from ..extensions import db
from ..models import Committee, Decision, Item, Meeting
from ..records import ensure_draft
from . import bp
from .service import (
    STATUS_LABELS,
    FollowUpError,
    attach_review_by,
    record_review,
    review_entries,
    text_match,
)


@bp.post("/meetings/<int:meeting_id>/review/attach")
@roles_required("secretary")
def attach(meeting_id: int):
    """Bring the open decisions of earlier meetings before this one."""
    meeting = get_meeting_for_edit(meeting_id)
    added = attach_review_by(meeting, current())
    db.session.commit()
    flash(f"পূর্ববর্তী সভার {added} টি অমীমাংসিত সিদ্ধান্ত পর্যালোচনায় যোগ হয়েছে", "success")
    return redirect(url_for(".review", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/review", methods=["GET", "POST"])
@login_required
def review(meeting_id: int):
    """পূর্ববর্তী সভার সিদ্ধান্ত বাস্তবায়ন অগ্রগতি: record each open decision's status."""
    status = 200
    if request.method == "POST":
        meeting = get_meeting_for_edit(meeting_id)
        ensure_draft(meeting)  # the review printed in issued minutes stays as issued
        problems = _record(meeting)
        if not problems:
            db.session.commit()
            flash("পর্যালোচনার অগ্রগতি সংরক্ষণ করা হয়েছে", "success")
            return redirect(url_for(".review", meeting_id=meeting_id))
        db.session.rollback()
        flash("; ".join(problems), "error")
        status = 400  # the page again, with what was typed (form_values)
    meeting = get_meeting_for_view(meeting_id)
    return render_template("followup/review.html", meeting=meeting,
                           entries=review_entries(meeting.id), labels=STATUS_LABELS,
                           form_values=request.form), status


def _record(meeting: Meeting) -> list[str]:
    """Record every changed row of the posted review; the refusals, each with its row."""
    problems = []
    for entry in review_entries(meeting.id):
        status = request.form.get(f"entry-{entry.id}-status")
        note = request.form.get(f"entry-{entry.id}-note", "")
        current_status = entry.follow_up.status if entry.follow_up else entry.status_before
        current_note = entry.follow_up.note if entry.follow_up else entry.note_before
        if not status or (status == current_status and note.strip() == current_note):
            continue
        try:
            record_review(entry, status, note, current())
        except FollowUpError as exc:
            decision = entry.assignment.decision
            where = (f"সিদ্ধান্ত {number_label(decision.item.position, decision.position)} "
                     f"({entry.assignment.party})")
            problems.extend(f"{where}: {p['message']}" for p in exc.problems)
    return problems


@bp.get("/search")
@login_required
def search():
    """Search decisions and discussions of the user's district (every word must match)."""
    q = (request.args.get("q") or "").strip()[:200]
    decisions, items = [], []
    if q:
        user = current()
        scope = [] if user.role == "admin" else [Committee.district_id == user.district_id]
        decisions = db.session.scalars(
            select(Decision).join(Decision.item).join(Item.meeting).join(Meeting.committee)
            .options(contains_eager(Decision.item).contains_eager(Item.meeting)
                     .contains_eager(Meeting.committee))
            .where(text_match(q, Decision.text), *scope)
            .order_by(Meeting.held_on.desc(), Item.position, Decision.position).limit(100)
        ).all()
        items = db.session.scalars(
            select(Item).join(Item.meeting).join(Meeting.committee)
            .options(contains_eager(Item.meeting).contains_eager(Meeting.committee))
            .where(text_match(q, Item.title, Item.discussion), *scope)
            .order_by(Meeting.held_on.desc(), Item.position).limit(100)
        ).all()
    return render_template("followup/search.html", q=q, decisions=decisions, items=items)


