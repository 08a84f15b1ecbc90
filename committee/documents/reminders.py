"""Reminder letters (তাগিদপত্র): one letter per office about its overdue decisions.

Each letter takes the next serial of the committee's file (allocated under the same lock
as every other letter of the file, all letters of one action in one transaction), cites the
minutes of each meeting its decisions come from, is frozen at issue like every letter, and
is recorded in the history of each decision × office it lists (``ReminderEntry``).
"""
from __future__ import annotations

import datetime

from .. import clock
from ..audit.service import record
from ..bangla import format_memo_number
from ..extensions import db
from ..followup.overdue import OfficeOverdue, overdue_by_office, pick
from ..models import Committee, Letter, ReminderEntry
from .context import reminder_context
from .dates import check_memo_date
from .letters import freeze
from .memo import default_signatory
from .service import _allocate, lock_committee

REPORT_DAYS = 15  # the office is asked to report within this many days


class ReminderError(ValueError):
    """Nothing to remind of, or an office not overdue; Bangla ``problems``."""

    def __init__(self, message: str, problems: list[dict] | None = None):
        super().__init__(message)
        self.problems = problems or []


def issue_reminders(committee: Committee, offices="all", memo_date: datetime.date | None = None,
                    user=None) -> list[Letter]:
    """Issue one reminder to each chosen overdue office ("all", or a list of office names);
    overdue as of ``memo_date`` (default today). Commits; raises ReminderError."""
    memo_date = check_memo_date(memo_date or clock.today())
    try:
        lock_committee(committee.id)
        overdue = overdue_by_office(committee, memo_date)
        chosen, unknown = pick(overdue, offices)
        if unknown:
            raise ReminderError("এই দপ্তরগুলোর কোনো মেয়াদোত্তীর্ণ সিদ্ধান্ত নেই", [
                {"path": "offices", "message": f"{name}: কোনো মেয়াদোত্তীর্ণ সিদ্ধান্ত নেই"}
                for name in unknown])
        if not chosen:
            raise ReminderError("কোনো দপ্তরের মেয়াদোত্তীর্ণ সিদ্ধান্ত নেই; তাগিদপত্রের প্রয়োজন নেই")
        letters = [_issue_one(committee, office, memo_date, user) for office in chosen]
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return letters


def _issue_one(committee: Committee, office: OfficeOverdue, memo_date: datetime.date,
               user) -> Letter:
    latest = office.meetings[-1]
    letter = _allocate(committee, "reminder", memo_date, meeting_id=None,
                       subject="তাগিদপত্র", addressee=office.name)
    context = reminder_context(letter, committee, office, office.reminders,
                               default_signatory(latest),
                               memo_date + datetime.timedelta(days=REPORT_DAYS))
    freeze(letter, context, context["subject"])
    for assignment in office.assignments:
        db.session.add(ReminderEntry(letter=letter, assignment=assignment,
                                     status=assignment.status, note=assignment.status_note))
    memo = format_memo_number(letter.file_key, letter.serial)
    numbers = ", ".join(row["decision_number"] for row in context["rows"])
    record("issue_reminder", "committee", committee.id, user=user,
           district_id=committee.district_id,
           changes={"memo_number": [None, f"{letter.file_key}.{letter.serial}"],
                    "sha256": [None, letter.sha256], "addressee": [None, office.name]},
           summary=f"তাগিদপত্র জারি: স্মারক নম্বর {memo}, {office.name} "
                   f"(সিদ্ধান্ত {numbers})")
    return letter
