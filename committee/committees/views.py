"""Committee pages: the list, the form (new/edit), the committee page, its decisions."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..authz import (
    can_run_district,
    current,
    get_committee_for_edit,
    get_committee_for_view,
    is_admin,
    login_required,
    roles_required,
)
from ..bangla import parse_file_number
from ..directory.service import all_upazila_names, find_district, office_names, upazila_names
from ..extensions import db
from ..followup.tracker import quarterly_rates
from ..formbase import ConfirmForm
from ..meetings.deletion import NotDeletable
from ..meetings.service import effective_parties
from ..models import Committee
from ..vocab import Role
from . import bp
from .file import (
    FileTaken,
    SerialRefused,
    file_owner,
    file_taken_message,
    serial_state,
    set_serial_reached,
)
from .forms import CommitteeForm, SerialForm
from .service import (
    LABELS,
    committee_by_id,
    committee_deletion_blockers,
    committee_list,
    committee_members,
    decisions_page,
    default_header,
    delete_committee,
    discard_unsaved,
    meetings_page,
    name_taken,
    save_committee,
)

NAME_TAKEN = "এই জেলা/উপজেলায় এই নামে আগে থেকেই একটি কমিটি আছে"


@bp.context_processor
def _labels():
    return LABELS


def _page_arg() -> int:
    return max(request.args.get("page", 1, type=int), 1)


@bp.get("/")
@login_required
def index():
    """The committees the user may see; admins see them grouped by district."""
    user = current()
    page = db.paginate(committee_list(user), page=_page_arg(), per_page=200,
                       error_out=False)
    return render_template("committees/index.html", page=page,
                           grouped=is_admin(user),
                           may_create=user.role in (Role.ADMIN, Role.SECRETARY))


@bp.route("/committees/new", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def new():
    """Create a committee: admin in any district, a secretary in their own."""
    form = CommitteeForm()
    _setup(form, None)
    if request.method == "GET":
        districts = list(form.upazilas)
        district = districts[0] if len(districts) == 1 else request.args.get("district", "")
        if district in form.upazilas:
            form.district.data = district
            form.office_header.data = "\n".join(default_header(district))
    return _save_or_render(form, None)


@bp.route("/committees/<int:committee_id>/edit", methods=["GET", "POST"])
@login_required
def edit(committee_id: int):
    """Change a committee's details and members (admin or the district's secretary)."""
    committee = get_committee_for_edit(committee_id)
    form = CommitteeForm()
    _setup(form, committee)
    if request.method == "GET":
        _fill(form, committee)
    return _save_or_render(form, committee)


def _setup(form: CommitteeForm, committee: Committee | None) -> None:
    """Districts the user may pick: a committee keeps its own, a secretary has theirs."""
    user = current()
    if committee is not None or not is_admin(user):
        name = committee.district.name if committee is not None else user.district.name
        upazilas = {name: upazila_names(name)}
    else:
        upazilas = all_upazila_names()
    form.setup(list(upazilas), upazilas)


def _fill(form: CommitteeForm, committee: Committee) -> None:
    form.name.data = committee.name
    form.kind.data = committee.kind
    form.level.data = committee.level
    form.district.data = committee.district.name
    form.upazila.data = committee.upazila.name if committee.upazila else ""
    form.file_number.data = committee.file_number
    form.office_header.data = "\n".join(committee.office_header or [])
    form.decision_suffix.data = committee.decision_suffix
    form.reminder_days.data = committee.reminder_days
    while form.members.entries:
        form.members.pop_entry()
    for m in committee_members(committee.id):
        form.members.append_entry({"name": m.name, "designation": m.designation,
                                   "office": m.office_name,
                                   "role": m.role})


def _valid(form: CommitteeForm, committee: Committee | None) -> bool:
    """The form's own checks, then the directory and the database."""
    if not form.is_submitted():
        return False
    ok = form.validate()
    ok &= _file_is_free(form, committee)  # listed with the other errors of the form
    if not ok:
        return False
    # A member's office is kept as written (linked to the directory when a name or alias
    # answers to it, or later on the directory page): any text is accepted.
    ok = True
    if name_taken(form.name.data, form.district.data, form.upazila.data or None,
                  committee.id if committee else None):
        form.name.errors.append(NAME_TAKEN)
        ok = False
    return ok


def _file_is_free(form: CommitteeForm, committee: Committee | None) -> bool:
    """A valid file number must not be another committee's file (its message otherwise)."""
    if not form.file_number.data or form.file_number.errors:
        return True  # no number, or its own message already
    owner = file_owner(parse_file_number(form.file_number.data),
                       committee.id if committee else None)
    if owner is None:
        return True
    form.file_number.errors.append(file_taken_message(owner))
    return False


def _save_or_render(form: CommitteeForm, committee: Committee | None):
    if _valid(form, committee):
        try:
            committee = save_committee(committee, form.data_for_save())
        except FileTaken as exc:  # taken between the check and the commit
            form.file_number.errors.append(exc.message)
            if committee is not None:
                committee = committee_by_id(committee.id)
        else:
            flash("কমিটি সংরক্ষণ করা হয়েছে", "success")
            return redirect(url_for(".view", committee_id=committee.id))
    if request.method == "POST":
        discard_unsaved()  # a district created for the office check is not kept
    if request.method == "GET" or not form.members.entries[-1].form.is_blank():
        form.members.append_entry()
    district = find_district(form.district.data) if form.district.data else None
    status = 400 if request.method == "POST" else 200
    return render_template("committees/form.html", form=form, committee=committee,
                           offices=office_names(district.id) if district else [],
                           grouped=len(form.upazilas) > 1), status


@bp.get("/committees/<int:committee_id>")
@login_required
def view(committee_id: int):
    """The committee page: its details, members and meetings (newest first)."""
    committee = get_committee_for_view(committee_id)
    return _render_view(committee, None)


def _render_view(committee: Committee, serial_form: SerialForm | None, status: int = 200):
    """The committee page; `serial_form` carries a refused serial and its message."""
    pagination, rows = meetings_page(committee.id, _page_arg())
    may_run = can_run_district(current(), committee.district_id)
    state = serial_state(committee)
    if may_run and serial_form is None:
        serial_form = SerialForm(formdata=None, reached=max(state.reached, state.highest))
    return render_template("committees/view.html", committee=committee, page=pagination,
                           rows=rows, members=committee_members(committee.id),
                           may_run=may_run, file_state=state, serial_form=serial_form,
                           quarterly_rates=quarterly_rates(committee.id)), status


@bp.post("/committees/<int:committee_id>/serial")
@roles_required(Role.SECRETARY)
def serial(committee_id: int):
    """Raise the serial the committee's file has reached (only upward; audited)."""
    committee = get_committee_for_edit(committee_id)
    form = SerialForm()
    if form.validate_on_submit():
        try:
            state = set_serial_reached(committee, form.reached.data, current())
        except SerialRefused as exc:
            form.reached.errors.append(exc.message)
            return _render_view(committee_by_id(committee_id), form, exc.status)
        flash("নথির সর্বশেষ ক্রমিক নম্বর সংরক্ষণ করা হয়েছে; পরবর্তী স্মারক নম্বর: "
              + (state.next_memo_number or "—"), "success")
        return redirect(url_for(".view", committee_id=committee_id) + "#file-serial")
    return _render_view(committee, form, 400)


@bp.get("/committees/<int:committee_id>/decisions")
@login_required
def decisions(committee_id: int):
    """Every decision of the committee with its responsible parties as written."""
    committee = get_committee_for_view(committee_id)
    pagination = decisions_page(committee.id, _page_arg())
    rows = [(d, effective_parties(d)) for d in pagination.items]
    return render_template("committees/decisions.html", committee=committee,
                           page=pagination, rows=rows)


@bp.route("/committees/<int:committee_id>/delete", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def delete(committee_id: int):
    """Delete a committee that has no meetings: GET asks to confirm, a POST deletes."""
    committee = get_committee_for_edit(committee_id)
    reasons = committee_deletion_blockers(committee)
    form = ConfirmForm()
    if request.method == "POST" and not reasons and form.validate_on_submit():
        name = committee.name
        try:
            delete_committee(committee)
        except NotDeletable as exc:
            reasons = exc.reasons
        else:
            flash(f"«{name}» কমিটি মুছে ফেলা হয়েছে; পরিবর্তনের ইতিহাসে এর অনুলিপি রাখা আছে।",
                  "success")
            return redirect(url_for(".index"))
    status = 200 if request.method == "GET" else 409 if reasons else 400
    return render_template("committees/delete.html", committee=committee, reasons=reasons,
                           members=committee_members(committee.id), form=form), status
