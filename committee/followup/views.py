"""Office dashboard, assignment history, committee tracker with exports."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_from_directory, url_for

from .. import clock
from ..authz import current, get_committee_for_view, login_required, roles_required
from ..redirects import safe_redirect
from ..vocab import Role
from . import bp
from .access import get_assignment_for_update, get_assignment_for_view, may_update
from .evidence import EvidenceError, StorageError, evidence_dir
from .exports import tracker_csv, tracker_xlsx
from .forms import FollowUpForm
from .queries import (
    district_offices,
    follow_up_or_404,
    office_choices,
    owed_page,
    tracker_page,
    tracker_rows,
    visible_office,
)
from .recording import submit_follow_up
from .service import STATUS_LABELS, FollowUpError, TrackerFilters, history, rates


@bp.get("/followup/")
@roles_required(Role.OFFICE, Role.SECRETARY)
def dashboard():
    """What an office owes across its district's committees; secretaries pick an office."""
    user = current()
    office_id = user.office_id if user.role == Role.OFFICE else request.args.get("office_id",
                                                                                type=int)
    office = visible_office(user, office_id)
    today = clock.today()
    page = owed_page(office, today) if office is not None else None
    offices = office_choices(user) if user.role != Role.OFFICE else []
    return render_template("followup/dashboard.html", office=office, page=page,
                           offices=offices, form=FollowUpForm(), today=today,
                           labels=STATUS_LABELS)


@bp.route("/followup/assignments/<int:assignment_id>", methods=["GET", "POST"])
@login_required
def assignment(assignment_id: int):
    """One decision × party: its history, and the form to record progress."""
    item = get_assignment_for_update(assignment_id) if request.method == "POST" else \
        get_assignment_for_view(assignment_id)
    form = FollowUpForm()
    status = 200
    if form.validate_on_submit():
        done = _record(item, form)
        if isinstance(done, int):
            status = done
        elif done is not None:
            return done
    elif request.method == "GET":
        form.status.data = item.status
    if status == 200 and form.errors:
        status = 400
    return render_template("followup/assignment.html", a=item, form=form,
                           history=history([item.id]).get(item.id, []),
                           may_update=may_update(current(), item),
                           labels=STATUS_LABELS), status


def _record(item, form: FollowUpForm):
    """Record the submitted follow-up and redirect; or put the refusal on the form and
    return None, or the page's status when the server could not store the file."""
    # Computed before the commit, which expires every loaded object.
    back = safe_redirect(request.form.get("back"),
                         url_for(".assignment", assignment_id=item.id))
    try:
        warning = submit_follow_up(item, form.status.data, form.note.data, form.on.data,
                                   current(), form.evidence.data)
    except StorageError as exc:
        form.evidence.errors.append(str(exc))
        return exc.status
    except EvidenceError as exc:
        form.evidence.errors.append(str(exc))
        return None
    except FollowUpError as exc:
        for problem in exc.problems:
            getattr(form, problem["path"]).errors.append(problem["message"])
        return None
    if warning:
        flash(warning, "error")
    else:
        flash("অগ্রগতি সংরক্ষণ করা হয়েছে", "success")
    return redirect(back)


@bp.get("/followup/evidence/<int:follow_up_id>")
@login_required
def evidence(follow_up_id: int):
    """Download a follow-up's evidence file (district users only)."""
    row = follow_up_or_404(follow_up_id)
    get_assignment_for_view(row.assignment_id)
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
    today = clock.today()
    page = tracker_page(committee.id, filters, today)
    per_office, overall = rates(committee.id)
    return render_template("followup/tracker.html", committee=committee, page=page,
                           filters=filters, per_office=per_office, overall=overall,
                           offices=district_offices(committee.district_id),
                           labels=STATUS_LABELS, today=today)


@bp.get("/committees/<int:committee_id>/tracker.<fmt>")
@login_required
def committee_tracker_export(committee_id: int, fmt: str):
    """The filtered tracker as XLSX or CSV."""
    committee = get_committee_for_view(committee_id)
    rows = tracker_rows(committee.id, _filters(), clock.today())
    if fmt == "xlsx":
        return tracker_xlsx(committee, rows)
    if fmt == "csv":
        return tracker_csv(committee, rows)
    abort(404)
