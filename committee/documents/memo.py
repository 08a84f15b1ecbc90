"""Memo numbers and signatories of a committee's letters (no dependency on issuing)."""
from __future__ import annotations

from sqlalchemy import select

from .. import bangla
from ..extensions import db
from ..models import Assignment, Decision, Letter, Meeting, ReminderEntry


def memo_number(letter: Letter | None) -> str:
    """The Bangla-digit memo number of ``letter`` ("" for none)."""
    if letter is None:
        return ""
    return bangla.format_memo_number(letter.file_key, letter.serial)


def default_signatory(meeting: Meeting) -> tuple[str, str]:
    """(name, designation) signing the letters of ``meeting`` unless one is chosen.

    The committee's member-secretary; else what the meeting already holds; else the
    signatory of the committee's latest issued minutes.
    """
    secretary = meeting.committee.secretary
    if secretary is not None and (secretary.name or secretary.designation):
        return secretary.name, secretary.designation
    if meeting.signatory_name or meeting.signatory_designation:
        return meeting.signatory_name, meeting.signatory_designation
    previous = db.session.scalars(
        select(Meeting).where(Meeting.committee_id == meeting.committee_id,
                              Meeting.minutes_letter_id.is_not(None),
                              Meeting.signatory_name != "")
        .order_by(Meeting.memo_date.desc(), Meeting.id.desc()).limit(1)).first()
    if previous is not None:
        return previous.signatory_name, previous.signatory_designation
    return "", ""


def cited_by_reminders(meeting_id: int):
    """A select() of the ids of the reminder letters that cite the meeting."""
    return (select(ReminderEntry.letter_id).join(ReminderEntry.assignment)
            .join(Assignment.decision).where(Decision.meeting_id == meeting_id))
