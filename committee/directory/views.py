"""Directory pages: a district's offices, aliases, groups, and linking written names."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..authz import current, is_admin, require_district_runner, roles_required
from ..bangla import match_key, to_bangla_digits
from ..meetings.linking import link_name, set_group_members, unlinked_names
from ..models import District, Office
from ..vocab import Role
from . import bp
from .forms import AliasForm, ConfirmForm, GroupMembersForm, LinkForm, OfficeForm
from .offices import (
    OFFICE_KIND_LABELS,
    DirectoryError,
    alias_or_404,
    all_districts,
    create_alias,
    create_office,
    delete_alias,
    district_offices,
    district_or_404,
    office_by_id,
    office_or_404,
    upazila_by_id,
)


def _district(district_id: int) -> District:
    district = district_or_404(district_id)
    require_district_runner(district.id)
    return district


def _office(office_id: int) -> Office:
    office = office_or_404(office_id)
    require_district_runner(office.district_id)
    return office


def _back(district_id: int):
    return redirect(url_for(".index", district_id=district_id))


@bp.get("/")
@roles_required(Role.SECRETARY)
def index():
    """The directory of a district (admin picks one; a secretary has their own)."""
    user = current()
    district_id = request.args.get("district_id", type=int)
    if not is_admin(user):
        district_id = district_id or user.district_id
    if district_id is None:
        districts = all_districts()
        return render_template("directory/pick.html", districts=districts)
    return _render(_district(district_id))


def _render(district: District, failed: dict | None = None, status: int = 200):
    """The directory page; `failed` holds a refused form by its place on the page."""
    offices = district_offices(district.id)
    office_form = (failed or {}).get("office") or OfficeForm(formdata=None)
    office_form.set_upazilas(district.upazilas)
    districts = []
    if is_admin(current()):
        districts = all_districts()
    return render_template(
        "directory/index.html", district=district, offices=offices,
        members_choices=[o for o in offices if not o.is_group],
        unlinked=unlinked_names(district.id, district.name), office_form=office_form,
        failed=failed or {}, kind_labels=OFFICE_KIND_LABELS, districts=districts,
        match_key=match_key), status


def _refused(district: District, place, form):
    """Re-render the page with the refused form (errors and typed values) in its place."""
    return _render(district, {place: form}, 400)


@bp.post("/<int:district_id>/offices")
@roles_required(Role.SECRETARY)
def add_office(district_id: int):
    """Add an office, company or group to the district's directory."""
    district = _district(district_id)
    form = OfficeForm()
    form.set_upazilas(district.upazilas)
    if not form.validate_on_submit():
        return _refused(district, "office", form)
    upazila = upazila_by_id(form.upazila_id.data)
    try:
        office = create_office(district, form.name.data, form.kind.data, upazila)
    except DirectoryError as exc:
        form.name.errors.append(str(exc))
        return _refused(district, "office", form)
    flash(f"«{office.name}» তালিকায় যোগ হয়েছে", "success")
    return _back(district.id)


@bp.post("/offices/<int:office_id>/aliases")
@roles_required(Role.SECRETARY)
def add_alias(office_id: int):
    """Add another spelling of an office."""
    office = _office(office_id)
    form = AliasForm()
    if form.validate_on_submit():
        try:
            create_alias(office, form.alias.data)
        except DirectoryError as exc:
            form.alias.errors.append(str(exc))
        else:
            flash(f"«{office.name}»-এর বিকল্প নাম যোগ হয়েছে", "success")
            return _back(office.district_id)
    return _refused(office.district, ("alias", office.id), form)


@bp.post("/aliases/<int:alias_id>/delete")
@roles_required(Role.SECRETARY)
def remove_alias(alias_id: int):
    """Remove a spelling; names already linked through it stay linked."""
    alias = alias_or_404(alias_id)
    require_district_runner(alias.district_id)
    if not ConfirmForm().validate_on_submit():
        return _render(alias.office.district, status=400)
    district_id = alias.district_id
    delete_alias(alias)
    flash("বিকল্প নাম বাদ দেওয়া হয়েছে", "success")
    return _back(district_id)


@bp.post("/offices/<int:office_id>/members")
@roles_required(Role.SECRETARY)
def set_members(office_id: int):
    """Set the offices a group stands for; the decisions naming it are re-synced."""
    group = _office(office_id)
    form = GroupMembersForm()
    if form.validate_on_submit():
        try:
            set_group_members(group, form.members.data or [])
        except DirectoryError as exc:
            form.members.errors.append(str(exc))
        else:
            flash(f"«{group.name}» গ্রুপের সদস্য হালনাগাদ হয়েছে", "success")
            return _back(group.district_id)
    return _refused(group.district, ("group", group.id), form)


@bp.post("/<int:district_id>/link")
@roles_required(Role.SECRETARY)
def link(district_id: int):
    """Link an unlinked written name to an office (the name becomes its alias)."""
    district = _district(district_id)
    form = LinkForm()
    form.set_offices(district_offices(district.id))
    if form.validate_on_submit():
        office = office_by_id(form.office_id.data)
        try:
            count = link_name(district.id, form.text.data, office)
        except DirectoryError as exc:
            form.office_id.errors.append(str(exc))
        else:
            flash(f"«{form.text.data}» «{office.name}»-এর সাথে যুক্ত হয়েছে "
                  f"({to_bangla_digits(count)}টি উল্লেখ)", "success")
            return _back(district.id)
    return _refused(district, ("link", match_key(form.text.data or "")), form)
