"""Office dashboard, assignment history, committee tracker with exports, search."""
from __future__ import annotations

import contextlib
import os
from datetime import date

from flask import abort, flash, redirect, render_template, request, send_from_directory, url_for

from ..authz import current, get_committee_for_view, login_required, roles_required
from ..extensions import db
from ..models import Assignment, FollowUp, Office
from ..redirects import safe_redirect
from . import bp
from .access import get_assignment_for_update, may_update
from .evidence import EvidenceError, evidence_dir, save_evidence
from .exports import tracker_csv, tracker_xlsx
from .forms import FollowUpForm
from .service import (
    STATUS_LABELS,
    FollowUpError,
    TrackerFilters,
    history,
    owed_by_office,
    rates,
    record_follow_up,
    tracker,
)


@bp.get("/followup/")
@roles_required("office", "secretary")
def dashboard():
    """What an office owes across its district's committees; secretaries pick an office."""
    user = current()
    office_id = user.office_id if user.role == "office" else request.args.get("office_id",
                                                                                type=int)
    office = db.session.get(Office, office_id) if office_id else None
    if office is not None and user.role != "admin" and office.district_id != user.district_id:
        abort(403)
    page = None
    if office is not None:
        page = db.paginate(owed_by_office(office.id, office.district_id, date.today()),
                           per_page=50, error_out=False)
    offices = _offices_for(user) if user.role != "office" else []
    return render_template("followup/dashboard.html", office=office, page=page,
                           offices=offices, form=FollowUpForm(), today=date.today(),
                           labels=STATUS_LABELS)


def _offices_for(user) -> list[Office]:
    stmt = db.select(Office).where(Office.kind != "group").order_by(Office.name)
    if user.role != "admin":
        stmt = stmt.where(Office.district_id == user.district_id)
    return db.session.scalars(stmt).all()


@bp.route("/followup/assignments/<int:assignment_id>", methods=["GET", "POST"])
@login_required
def assignment(assignment_id: int):
    """One decision × party: its history, and the form to record progress."""
    item = get_assignment_for_update(assignment_id) if request.method == "POST" else \
        _assignment_for_view(assignment_id)
    form = FollowUpForm()
    if form.validate_on_submit():
        done = _record(item, form)
        if done is not None:
            return done
    elif request.method == "GET":
        form.status.data = item.status
    status = 400 if form.errors else 200
    return render_template("followup/assignment.html", a=item, form=form,
                           history=history([item.id]).get(item.id, []),
                           may_update=may_update(current(), item),
                           labels=STATUS_LABELS), status


def _record(item, form: FollowUpForm):
    """Record the submitted follow-up and redirect, or put the refusal on the form."""
    try:
        evidence = save_evidence(form.evidence.data)
    except EvidenceError as exc:
        form.evidence.errors.append(str(exc))
        return None
    # Computed before the commit, which expires every loaded object.
    back = safe_redirect(request.form.get("back"),
                         url_for(".assignment", assignment_id=item.id))
    try:
        record_follow_up(item, form.status.data, form.note.data, form.on.data,
                         user=current(), evidence=evidence)
    except FollowUpError as exc:
        db.session.rollback()
        _discard(evidence)
        for problem in exc.problems:
            getattr(form, problem["path"]).errors.append(problem["message"])
        return None
    db.session.commit()
    flash("অগ্রগতি সংরক্ষণ করা হয়েছে", "success")
    return redirect(back)


def _discard(evidence: dict | None) -> None:
    """Remove the file saved for a follow-up that was then refused."""
    if evidence:
        with contextlib.suppress(OSError):
            os.remove(os.path.join(evidence_dir(), evidence["evidence_path"]))


def _assignment_for_view(assignment_id: int):
    item = db.get_or_404(Assignment, assignment_id)
    user = current()
    if user.role != "admin" and user.district_id != item.decision.meeting.committee.district_id:
        abort(403)
    return item


@bp.get("/followup/evidence/<int:follow_up_id>")
@login_required
def evidence(follow_up_id: int):
    """Download a follow-up's evidence file (district users only)."""
    row = db.get_or_404(FollowUp, follow_up_id)
    _assignment_for_view(row.assignment_id)
    if not row.evidence_path:
        abort(404)
    return send_from_directory(evidence_dir(), row.evidence_path, as_attachment=True,
                               download_name=row.evidence_name, mimetype=row.evidence_type)


def _filters() -> TrackerFilters:
    args = request.args
    status = args.get("status") or None
    return TrackerFilters(
        office_id=args.get("office_id", type=int),
        status=status if status in STATUS_LABELS else None,
        meeting_id=args.get("meeting_id", type=int),
        overdue=args.get("overdue") == "1",
        q=(args.get("q") or "").strip()[:200],
    )


@bp.get("/committees/<int:committee_id>/tracker")
@login_required
def committee_tracker(committee_id: int):
    """Every decision × party of a committee, filtered, with implementation rates."""
    committee = get_committee_for_view(committee_id)
    filters = _filters()
    page = db.paginate(tracker(committee.id, filters, date.today()), per_page=50,
                       error_out=False)
    per_office, overall = rates(committee.id)
    offices = db.session.scalars(db.select(Office).where(
        Office.district_id == committee.district_id).order_by(Office.name)).all()
    return render_template("followup/tracker.html", committee=committee, page=page,
                           filters=filters, per_office=per_office, overall=overall,
                           offices=offices, labels=STATUS_LABELS, today=date.today())


@bp.get("/committees/<int:committee_id>/tracker.<fmt>")
@login_required
def committee_tracker_export(committee_id: int, fmt: str):
    """The filtered tracker as XLSX or CSV."""
    committee = get_committee_for_view(committee_id)
    rows = db.session.scalars(tracker(committee.id, _filters(), date.today())).all()
    if fmt == "xlsx":
        return tracker_xlsx(committee, rows)
    if fmt == "csv":
        return tracker_csv(committee, rows)
    abort(404)
