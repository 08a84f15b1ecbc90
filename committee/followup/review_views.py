"""The review of open decisions at a later meeting, and the district search."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..authz import (
    current,
    get_meeting_for_edit,
    get_meeting_for_view,
    login_required,
    roles_required,
)
from ..bangla import to_bangla_digits
from ..vocab import Role
from . import bp
from .review import attach_review_by, record_review_rows, review_entries
from .search import decision_statuses, highlight, searched_numbers
from .search import search as search_decisions
from .service import STATUS_LABELS


@bp.post("/meetings/<int:meeting_id>/review/attach")
@roles_required(Role.SECRETARY)
def attach(meeting_id: int):
    """Bring the open decisions of earlier meetings before this one."""
    meeting = get_meeting_for_edit(meeting_id)
    added = attach_review_by(meeting, current())
    flash(f"পূর্ববর্তী সভার {to_bangla_digits(added)} টি অমীমাংসিত সিদ্ধান্ত পর্যালোচনায় যোগ হয়েছে", "success")
    return redirect(url_for(".review", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/review", methods=["GET", "POST"])
@login_required
def review(meeting_id: int):
    """পূর্ববর্তী সভার সিদ্ধান্ত বাস্তবায়ন অগ্রগতি: record each open decision's status."""
    status = 200
    if request.method == "POST":
        meeting = get_meeting_for_edit(meeting_id)
        problems = record_review_rows(meeting, _posted(), current())
        if not problems:
            flash("পর্যালোচনার অগ্রগতি সংরক্ষণ করা হয়েছে", "success")
            return redirect(url_for(".review", meeting_id=meeting_id))
        flash("; ".join(problems), "error")
        status = 400  # the page again, with what was typed (form_values)
    meeting = get_meeting_for_view(meeting_id)
    return render_template("followup/review.html", meeting=meeting,
                           entries=review_entries(meeting.id), labels=STATUS_LABELS,
                           form_values=request.form), status


def _posted() -> dict[int, tuple[str | None, str]]:
    """The review form's rows: {entry id: (status, note)} from entry-ID-status/-note."""
    posted = {}
    for key, status in request.form.items():
        entry_id, sep, field = key.removeprefix("entry-").rpartition("-")
        if key.startswith("entry-") and sep and field == "status" and entry_id.isdigit():
            posted[int(entry_id)] = (status, request.form.get(f"entry-{entry_id}-note", ""))
    return posted


@bp.get("/search")
@login_required
def search():
    """Search decisions and discussions of the user's district (every word must match, or
    a decision's number): each hit with its meeting and status, the words found marked."""
    q = (request.args.get("q") or "").strip()[:200]
    decisions, items = search_decisions(q, current()) if q else ([], [])
    return render_template("followup/search.html", q=q, decisions=decisions, items=items,
                           numbers=searched_numbers(q), statuses=decision_statuses,
                           highlight=lambda text, around=None: highlight(text, q, around))
