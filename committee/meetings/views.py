"""Meeting pages: the minutes editor (new, edit) and the minutes page."""
from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for

from ..audit.snapshots import meeting_counts
from ..authz import (
    can_run_district,
    current,
    get_committee_for_edit,
    get_meeting_for_edit,
    get_meeting_for_view,
    login_required,
    roles_required,
)
from ..bangla import format_memo_number
from ..documents.letters import KIND_LABELS, letters_with_content
from ..followup.review import review_rows
from ..followup.service import STATUS_LABELS
from ..formbase import ConfirmForm
from ..interchange.validate import ValidationError, validate_meeting
from ..models import Meeting
from ..retrysafe import FORM_FIELD, KeyReused, new_form_token, request_key
from ..vocab import MeetingStatus, Role
from . import bp
from .access import load_meeting_for_view
from .actions import apply_action
from .deletion import NotDeletable, delete_meeting, deletion_blockers
from .forms import attendance_rows, parse_form, state_for_new, state_from_meeting, to_meeting_data
from .problems import field_errors
from .service import (
    Busy,
    Conflict,
    DateTaken,
    NotEditable,
    VersionMissing,
    create_meeting,
    last_venue,
    load_meeting,
    minutes_title,
    save_meeting,
    token_meeting,
)

CONFLICT = ("আপনি এই কার্যবিবরণী খোলার পর অন্য কেউ এটি পরিবর্তন করেছেন, তাই আপনার লেখা "
            "সংরক্ষণ করা হয়নি। আপনার লেখা নিচে রাখা আছে। বর্তমান সংস্করণটি নতুন ট্যাবে দেখে "
            "নিন; আবার সংরক্ষণ করলে আপনার লেখাই থাকবে।")
ISSUED = ("এই কার্যবিবরণী জারি করা হয়েছে, তাই আর সম্পাদনা করা যায় না। কোনো সংশোধন "
          "প্রয়োজন হলে সংশোধনী (corrigendum) পত্র জারি করুন।")
SAVED = "কার্যবিবরণী সংরক্ষণ করা হয়েছে।"
NO_VERSION = ("ফর্মে কার্যবিবরণীর সংস্করণ নম্বর (version) নেই, তাই আপনার লেখা সংরক্ষণ করা "
              "হয়নি: না হলে এর মধ্যে অন্য কারও করা পরিবর্তন মুছে যেতে পারত। আপনার লেখা নিচে "
              "রাখা আছে। বর্তমান সংস্করণটি নতুন ট্যাবে দেখে নিন; আবার সংরক্ষণ করলে আপনার লেখাই "
              "থাকবে।")
BUSY = ("এই মুহূর্তে এই কমিটির আরেকটি কাজ (সংরক্ষণ বা জারি) চলছে, তাই আপনার লেখা সংরক্ষণ "
        "করা হয়নি। আপনার লেখা নিচে রাখা আছে; কয়েক সেকেন্ড পরে আবার সংরক্ষণ করুন।")
TOKEN_USED = ("এই ফর্মটি আগেই অন্য একটি কাজে জমা দেওয়া হয়েছে, তাই আবার সংরক্ষণ করা হয়নি। "
              "আপনার লেখা নিচে রাখা আছে; পাতাটি নতুন করে খুলে আবার চেষ্টা করুন।")
# Back, change, save: the form's one-time token already stored a meeting.
TOKEN_SAVED = ("এই ফর্মটি আগেই একবার জমা দেওয়া হয়েছে এবং সেই সভাটি সংরক্ষিত আছে, তাই আবার "
               "নতুন সভা হিসেবে সংরক্ষণ করা হয়নি। আপনার লেখা নিচে রাখা আছে; কিছু বদলাতে চাইলে "
               "সংরক্ষিত সভাটি খুলে সম্পাদনা করুন।")
SAVED_ONCE = ("এই ফর্মটি আগেই জমা দেওয়া হয়েছিল; কার্যবিবরণী একবারই সংরক্ষিত হয়েছে, "
              "এটিই সেই সভা।")


def _render(committee, state, *, meeting=None, problems=(), message=None, status=200,
            version=None, token=None, existing=None):
    """The editor page; `version` overrides the meeting's (a retry is checked against
    what the user loaded), `token` is a new meeting's one-time form token, `existing`
    the id of a stored meeting the message links to."""
    rows = attendance_rows(state)
    errors, summary = field_errors(list(problems), rows)
    if version is None and meeting is not None:
        version = meeting.version
    return render_template(
        "meetings/edit.html", committee=committee, meeting=meeting, state=state,
        errors=errors, summary=summary, message=message, version=version,
        idempotency_token=token, token_field=FORM_FIELD, title=minutes_title(committee),
        existing=existing,
    ), status


def _submit(committee, meeting: Meeting | None):
    """Handle a POST of the editor: a row operation, or validate and save.

    Whatever is refused comes back with everything the user typed (status 4xx).
    """
    state = parse_form(request.form)
    token = _posted_token() if meeting is None else None
    page = partial(_render, committee, state, meeting=meeting, token=token)
    if apply_action(state, request.form.get("action", "")):
        return page()
    if meeting is not None and not meeting.is_editable:
        return page(message=ISSUED, status=409)
    try:
        data = validate_meeting(to_meeting_data(state))
    except ValidationError as exc:
        return page(problems=exc.problems, status=422)
    if meeting is None:
        return _create(page, committee, data, token)
    posted = _posted_version()
    try:
        save_meeting(meeting, data, posted)
    except VersionMissing:
        return page(message=NO_VERSION, status=400)
    except Conflict:
        return page(meeting=get_meeting_for_edit(meeting.id), message=CONFLICT, status=409)
    except NotEditable:
        return page(message=ISSUED, status=409)
    except Busy:
        return page(message=BUSY, status=409, version=posted)
    except DateTaken as exc:
        return _date_taken(page, exc)
    flash(SAVED, "success")
    return redirect(url_for("meetings.view", meeting_id=meeting.id))


def _date_taken(page, exc: DateTaken):
    """The committee already meets on that date: the date field says so, with a link."""
    return page(problems=[{"path": "meeting.held_on", "message": exc.message}],
                status=409, existing=exc.meeting_id)


def _create(page, committee, data: dict, token: str):
    """Store a new meeting once per form token (a double submit answers like the first)."""
    key = request_key(token, current(), "meetings.new", strict=False)
    earlier = token_meeting(key)
    try:
        meeting_id = create_meeting(Meeting(committee=committee, status=MeetingStatus.DRAFT),
                                    data, key)
    except KeyReused:
        if earlier is not None:
            return page(message=TOKEN_SAVED, status=409, token=new_form_token(),
                        existing=earlier)
        return page(message=TOKEN_USED, status=409, token=new_form_token())
    except Busy:
        return page(message=BUSY, status=409)
    except DateTaken as exc:
        return _date_taken(page, exc)
    flash(SAVED_ONCE if meeting_id == earlier else SAVED, "success")
    return redirect(url_for("meetings.view", meeting_id=meeting_id))


def _posted_version() -> int | None:
    value = request.form.get("version", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _posted_token() -> str:
    """The new-meeting form's one-time token as posted; a new one if it is missing."""
    return request.form.get(FORM_FIELD, "") or new_form_token()


@bp.route("/committees/<int:committee_id>/meetings/new", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def new(committee_id: int):
    """Record a new meeting's minutes (the district's secretary or an admin)."""
    committee = get_committee_for_edit(committee_id)
    if request.method == "POST":
        return _submit(committee, None)
    return _render(committee, state_for_new(committee, last_venue(committee.id)),
                   token=new_form_token())


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def edit(meeting_id: int):
    """Edit a draft's minutes; issued minutes are corrected by a corrigendum instead."""
    if load_meeting(meeting_id, for_edit=True) is None:
        abort(404)
    meeting = get_meeting_for_edit(meeting_id)  # the loaded meeting: no further query
    if request.method == "POST":
        return _submit(meeting.committee, meeting)
    if not meeting.is_editable:
        flash(ISSUED, "warning")
        return redirect(url_for("meetings.view", meeting_id=meeting.id))
    return _render(meeting.committee, state_from_meeting(meeting), meeting=meeting)


@bp.get("/meetings/<int:meeting_id>")
@login_required
def view(meeting_id: int):
    """The full minutes, laid out like the official document. Issued minutes show the
    content frozen at issue, so their items, decisions and review are not loaded."""
    meeting = get_meeting_for_view(meeting_id)
    letters = letters_with_content(meeting)
    frozen = next((x.content for x in letters if x.id == meeting.minutes_letter_id), None)
    if frozen is None:
        meeting = load_meeting_for_view(meeting_id)
    letter = meeting.minutes_letter
    distribution = meeting.distribution or []
    return render_template(
        "meetings/view.html", meeting=meeting, committee=meeting.committee,
        title=minutes_title(meeting.committee),
        present=[] if frozen else [a for a in meeting.attendance if a.present],
        memo_number=format_memo_number(letter.file_key, letter.serial) if letter else None,
        memo_date=(meeting.memo_date or letter.memo_date) if letter else None,
        distribution_action=[e for e in distribution if e.get("tag") != "info"],
        distribution_info=[e for e in distribution if e.get("tag") == "info"],
        can_edit=meeting.is_editable and can_run_district(current(),
                                                          meeting.committee.district_id),
        review=None if frozen else review_rows(meeting.id),
        review_labels=STATUS_LABELS, frozen=frozen, letters=letters, letter_labels=KIND_LABELS,
    )


@bp.route("/meetings/<int:meeting_id>/delete", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def delete(meeting_id: int):
    """Delete a draft: GET shows what would go and asks; a POST (with CSRF) deletes."""
    meeting = get_meeting_for_edit(meeting_id)
    committee = meeting.committee
    reasons = deletion_blockers(meeting)
    form = ConfirmForm()
    if request.method == "POST" and not reasons and form.validate_on_submit():
        try:
            delete_meeting(meeting)
        except NotDeletable as exc:
            reasons = exc.reasons
        else:
            flash("খসড়া সভাটি মুছে ফেলা হয়েছে; পরিবর্তনের ইতিহাসে এর একটি পূর্ণ অনুলিপি "
                  "রাখা আছে।", "success")
            return redirect(url_for("committees.view", committee_id=committee.id))
    status = 200 if request.method == "GET" else 409 if reasons else 400
    return render_template("meetings/delete.html", meeting=meeting, committee=committee,
                           counts=meeting_counts(meeting), reasons=reasons,
                           form=form), status
