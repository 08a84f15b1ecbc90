"""Office dashboard, assignment history, committee tracker with exports."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_from_directory, url_for

from .. import clock
from ..authz import current, get_committee_for_view, is_admin, login_required, roles_required
from ..redirects import safe_redirect
from ..vocab import FollowUpStatus, Role
from . import bp
from .access import get_assignment_for_update, get_assignment_for_view, may_drop, may_update
from .evidence import EvidenceError, StorageError, evidence_dir
from .exports import tracker_csv, tracker_xlsx
from .forms import DropRequestForm, FollowUpForm
from .overdue import reminder_counts
from .queries import (
    district_offices,
    drop_requests,
    follow_up_or_404,
    office_choices,
    office_overview,
    owed_page,
    tracker_rows,
    visible_office,
)
from .recording import request_drop, submit_follow_up
from .service import (
    STATUS_LABELS,
    FollowUpError,
    TrackerFilters,
    history,
    parse_fiscal_year_arg,
)
from .tracker import decision_page, numbers
from .tracker import rows as decision_rows


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
    reminders = reminder_counts([a.id for a in page.items]) if page is not None else {}
    # An admin picks the district (?district_id=); a secretary sees their own.
    district_id = request.args.get("district_id", type=int) if is_admin(user) \
        else user.district_id
    overview = office_overview(district_id, today) \
        if office is None and user.role != Role.OFFICE and district_id else []
    requests = drop_requests(district_id) if overview else []
    return render_template("followup/dashboard.html", office=office, page=page,
                           offices=offices, form=FollowUpForm(), today=today,
                           labels=STATUS_LABELS, reminders=reminders, overview=overview,
                           drop_requests=requests, rate_bars=sorted(
                               ((x.office.name, x.rate) for x in overview if x.counted),
                               key=lambda bar: -bar[1]))


@bp.route("/followup/assignments/<int:assignment_id>", methods=["GET", "POST"])
@login_required
def assignment(assignment_id: int):
    """One decision × party: its history, and the form to record progress."""
    item = get_assignment_for_update(assignment_id) if request.method == "POST" else \
        get_assignment_for_view(assignment_id)
    form = FollowUpForm()
    if not may_drop(current(), item):  # dropping is the committee's call (drop_request)
        form.status.choices = [c for c in form.status.choices
                               if c[0] != FollowUpStatus.DROPPED]
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
    return _assignment_page(item, form, status)


def _assignment_page(item, form, status: int = 200, drop_form=None):
    user = current()
    return render_template("followup/assignment.html", a=item, form=form,
                           history=history([item.id]).get(item.id, []),
                           may_update=may_update(user, item), may_drop=may_drop(user, item),
                           drop_form=drop_form or DropRequestForm(formdata=None),
                           labels=STATUS_LABELS), status


@bp.post("/followup/assignments/<int:assignment_id>/drop-request")
@roles_required(Role.OFFICE)
def drop_request(assignment_id: int):
    """An office asks the committee to drop its decision (the secretary decides)."""
    item = get_assignment_for_update(assignment_id)
    form = DropRequestForm()
    if form.validate_on_submit():
        try:
            request_drop(item, form.reason.data, current())
        except FollowUpError as exc:
            form.reason.errors.extend(p["message"] for p in exc.problems)
        else:
            flash("বাদ দেওয়ার অনুরোধ সদস্য-সচিবের কাছে পাঠানো হয়েছে", "success")
            return redirect(url_for(".assignment", assignment_id=item.id))
    return _assignment_page(item, FollowUpForm(formdata=None), 400, drop_form=form)


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
        fiscal_year=parse_fiscal_year_arg(args.get("fy")),
    )


@bp.get("/committees/<int:committee_id>/tracker")
@login_required
def committee_tracker(committee_id: int):
    """Every decision × party of a committee, filtered, with implementation rates."""
    committee = get_committee_for_view(committee_id)
    filters = _filters()
    today = clock.today()
    page = decision_page(committee.id, filters, today)
    totals, per_office, overall = numbers(committee, today)
    return render_template("followup/tracker.html", committee=committee, page=page,
                           rows=decision_rows(page.items, today, committee.reminder_days),
                           totals=totals,
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
