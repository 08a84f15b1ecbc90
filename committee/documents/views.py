"""Document pages and downloads: DOCX, issuing, notices, corrigenda, distribution, print."""
from __future__ import annotations

import datetime

from flask import flash, redirect, render_template, request, url_for

from ..authz import (
    current,
    get_meeting_for_edit,
    login_required,
    roles_required,
)
from ..meetings.access import load_meeting_for_edit, load_meeting_for_view
from ..records import Frozen, ensure_draft, is_issued
from ..vocab import Role
from . import bp
from .context import letter_reference, minutes_context
from .corrigendum import CorrectionError
from .dates import LetterDateError
from .distribution import (
    DistributionFrozen,
    effective_distribution,
    propose_distribution,
    save_distribution,
)
from .forms import (
    CorrigendumForm,
    DistributionForm,
    IssueForm,
    NoticeForm,
    correction_rows,
    decision_choices,
    posted_rows,
)
from .letters import (
    KIND_LABELS,
    frozen_content,
    get_letter_for_view,
    send_document,
    send_letter,
)
from .service import (
    NotIssued,
    default_signatory,
    issue_corrigendum,
    issue_minutes,
    issue_notice,
    letters_of,
    memo_number,
)

runs_district = roles_required(Role.SECRETARY)


@bp.app_template_filter("memo_number")
def _memo_number_filter(letter) -> str:
    return memo_number(letter)


@bp.app_context_processor
def _today():
    return {"documents_today": datetime.date.today()}


def _to_meeting(meeting):
    return redirect(url_for("meetings.view", meeting_id=meeting.id))


@bp.get("/meetings/<int:meeting_id>/minutes.docx")
@login_required
def minutes_docx(meeting_id: int):
    return send_document(meeting_id, "minutes")


@bp.get("/meetings/<int:meeting_id>/notice.docx")
@login_required
def notice_docx(meeting_id: int):
    return send_document(meeting_id, "notice")


@bp.get("/meetings/<int:meeting_id>/print")
@login_required
def print_view(meeting_id: int):
    """The minutes to print: as frozen at issue, or the draft as it stands."""
    meeting = load_meeting_for_view(meeting_id)
    doc = frozen_content(meeting.minutes_letter) or minutes_context(meeting)
    return render_template("documents/print.html", meeting=meeting, doc=doc)


@bp.get("/letters/<int:letter_id>.docx")
@login_required
def letter_docx(letter_id: int):
    """Any issued letter, exactly the bytes frozen when it was issued."""
    return send_letter(get_letter_for_view(letter_id))


@bp.get("/letters/<int:letter_id>/print")
@login_required
def letter_print(letter_id: int):
    """An issued letter to print, from the content it was frozen with."""
    letter = get_letter_for_view(letter_id)
    if letter.kind == "minutes":
        return redirect(url_for(".print_view", meeting_id=letter.meeting_id))
    if letter.sha256 is None:
        send_letter(letter)  # a letter issued before freezing: freeze it now
    return render_template("documents/letter_print.html", letter=letter,
                           doc=frozen_content(letter), kind_label=KIND_LABELS[letter.kind])


@bp.route("/meetings/<int:meeting_id>/issue", methods=["GET", "POST"])
@runs_district
def issue(meeting_id: int):
    """GET: the issue form with defaults; POST: issue the minutes (idempotent)."""
    meeting = load_meeting_for_edit(meeting_id)
    if meeting.minutes_letter is not None:
        flash(f"কার্যবিবরণী আগেই জারি হয়েছে: স্মারক নম্বর {memo_number(meeting.minutes_letter)}",
              "info")
        return _to_meeting(meeting)
    form = IssueForm()
    if request.method == "GET":
        form.memo_date.data = meeting.memo_date or datetime.date.today()
        form.signatory_name.data, form.signatory_designation.data = default_signatory(meeting)
    if form.validate_on_submit():
        # A field left out of the POST is None, not "" (a 500 before).
        signatory = ((form.signatory_name.data or "").strip(),
                     (form.signatory_designation.data or "").strip())
        try:
            letter = issue_minutes(meeting, form.memo_date.data,
                                   signatory if any(signatory) else None, user=current())
        except LetterDateError as exc:
            form.memo_date.errors = [*form.memo_date.errors, str(exc)]
        else:
            flash(f"কার্যবিবরণী জারি হয়েছে: স্মারক নম্বর {memo_number(letter)}", "success")
            return _to_meeting(meeting)
    status = 400 if request.method == "POST" else 200
    return render_template("documents/issue.html", meeting=meeting, form=form,
                           distribution=effective_distribution(meeting)), status


@bp.post("/meetings/<int:meeting_id>/notice/issue", endpoint="issue_notice")
@runs_district
def issue_notice_view(meeting_id: int):
    """Issue the meeting notice under the next memo number of the committee's file."""
    meeting = get_meeting_for_edit(meeting_id)
    if meeting.notice_letter is None:
        ensure_draft(meeting)  # no new letter for issued minutes but a corrigendum
    form = NoticeForm()
    if not form.validate_on_submit():
        flash("নোটিশ জারি করা যায়নি: " + "; ".join(form.memo_date.errors or ["ফর্মটি আবার খুলুন"]),
              "error")
        return _to_meeting(meeting)
    try:
        letter = issue_notice(meeting, form.memo_date.data, user=current())
    except LetterDateError as exc:
        flash(f"নোটিশ জারি করা যায়নি: {exc}", "error")
        return _to_meeting(meeting)
    flash(f"সভার নোটিশ জারি হয়েছে: স্মারক নম্বর {memo_number(letter)}", "success")
    return _to_meeting(meeting)


NOT_ISSUED = "খসড়া কার্যবিবরণী সরাসরি সম্পাদনা করুন; সংশোধনী শুধু জারিকৃত কার্যবিবরণীর জন্য"


@bp.route("/meetings/<int:meeting_id>/corrigendum", methods=["GET", "POST"])
@runs_district
def corrigendum(meeting_id: int):
    """Issue a correction of issued minutes as a new letter; the original stays."""
    meeting = load_meeting_for_edit(meeting_id)
    if meeting.minutes_letter is None:
        flash(NOT_ISSUED, "error")
        return _to_meeting(meeting)
    form = CorrigendumForm()
    rows = correction_rows(request.form) if request.method == "POST" else []
    problems = []
    if request.method == "GET":
        form.memo_date.data = datetime.date.today()
    if form.validate_on_submit():
        try:
            letter = issue_corrigendum(meeting, rows, current(), form.memo_date.data)
        except NotIssued:
            flash(NOT_ISSUED, "error")
            return _to_meeting(meeting)
        except CorrectionError as exc:
            problems = exc.problems
        except LetterDateError as exc:
            problems = [{"path": "memo_date", "label": "স্মারকের তারিখ", "message": str(exc)}]
        else:
            flash(f"সংশোধনী জারি হয়েছে: স্মারক নম্বর {memo_number(letter)}", "success")
            return _to_meeting(meeting)
    status = 400 if request.method == "POST" else 200
    return render_template("documents/corrigendum.html", meeting=meeting, form=form,
                           rows=rows + [{"ref": "", "was": "", "now": ""}] * (3 - len(rows)),
                           problems=problems, decisions=decision_choices(meeting),
                           reference=letter_reference(meeting.minutes_letter)), status


@bp.route("/meetings/<int:meeting_id>/distribution", methods=["GET", "POST"])
@runs_district
def distribution(meeting_id: int):
    """The distribution list editor (proposal → reorder, edit, tag → save)."""
    meeting = load_meeting_for_edit(meeting_id)
    if request.method == "POST":
        ensure_draft(meeting)
    form = DistributionForm()
    rows = meeting.distribution or propose_distribution(meeting)
    status = 200
    if request.method == "GET":
        form.note.data = meeting.distribution_note or "জ্যেষ্ঠতার ক্রমানুসারে নয়"
    else:
        rows = posted_rows(request.form)  # shown again as typed if the form is refused
        status = 400
    if form.validate_on_submit():
        try:
            save_distribution(meeting, rows, form.note.data, form.keep_standing.data)
        except DistributionFrozen as exc:
            raise Frozen() from exc
        flash("বিতরণ তালিকা সংরক্ষিত হয়েছে", "success")
        return redirect(url_for("documents.distribution", meeting_id=meeting.id))
    return render_template("documents/distribution.html", meeting=meeting, form=form,
                           rows=rows, letters=letters_of(meeting),
                           frozen=is_issued(meeting)), status
