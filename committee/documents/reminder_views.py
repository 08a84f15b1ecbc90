"""The overdue decisions of a committee per office, and issuing reminder letters from it."""
from __future__ import annotations

import datetime

from flask import flash, redirect, render_template, request, url_for

from .. import clock
from ..authz import can_run_district, current, get_committee_for_view, roles_required
from ..bangla import to_bangla_digits
from ..followup.overdue import overdue_by_office
from ..vocab import FollowUpStatus
from . import bp
from .dates import EARLIEST, LetterDateError
from .forms import ReminderForm
from .memo import memo_number
from .reminders import ReminderError, issue_reminders


@bp.route("/committees/<int:committee_id>/reminders", methods=["GET", "POST"])
@roles_required()
def reminders(committee_id: int):
    """তাগিদপত্র: each office's overdue decisions; the secretary issues one letter per office
    (the chosen offices, or every overdue office in one action)."""
    committee = get_committee_for_view(committee_id)
    may_issue = can_run_district(current(), committee.district_id)
    form = ReminderForm()
    if request.method == "GET":
        form.memo_date.data = clock.today()
    as_of = form.memo_date.data or clock.today()
    if not EARLIEST <= as_of <= clock.today() + datetime.timedelta(days=366):
        as_of = clock.today()  # the list stays readable; the date is refused below
    problems = []
    if request.method == "POST":
        if not may_issue:
            return render_template("error.html", code=403,
                                   message="তাগিদপত্র জারির অনুমতি আপনার নেই"), 403
        if form.validate_on_submit():
            wanted = "all" if request.form.get("all") else request.form.getlist("office")
            if not wanted:
                problems = [{"path": "offices", "message": "অন্তত একটি দপ্তর বেছে নিন"}]
            else:
                try:
                    letters = issue_reminders(committee, wanted, form.memo_date.data,
                                              current())
                except ReminderError as exc:
                    problems = exc.problems or [{"path": "offices", "message": str(exc)}]
                except LetterDateError as exc:
                    problems = [{"path": "memo_date", "label": "তাগিদপত্রের তারিখ",
                                 "message": str(exc)}]
                else:
                    numbers = ", ".join(memo_number(x) for x in letters)
                    flash(f"{to_bangla_digits(len(letters))} টি তাগিদপত্র জারি হয়েছে: "
                          f"স্মারক নম্বর {numbers}", "success")
                    return redirect(url_for(".reminders", committee_id=committee.id))
    offices = overdue_by_office(committee, as_of)
    status = 400 if request.method == "POST" else 200
    return render_template("documents/reminders.html", committee=committee, offices=offices,
                           form=form, may_issue=may_issue, problems=problems,
                           chosen=set(request.form.getlist("office")), as_of=as_of,
                           labels=FollowUpStatus.labels()), status

