"""Deleting a draft meeting: never issued minutes, only after confirmation, always logged.

The audit entry of a deletion keeps the whole meeting in committee-minutes/1, so a
draft deleted by mistake can be imported again from the log.
"""
from __future__ import annotations

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..audit.service import record
from ..audit.snapshots import meeting_counts
from ..extensions import db
from ..interchange.exporter import export_meeting
from ..locks import lock_meeting
from ..models import Assignment, Decision, FollowUp, Letter, Meeting, ReviewEntry
from ..vocab import MeetingStatus

ISSUED = ("এই সভার কার্যবিবরণী জারি হয়েছে। জারিকৃত কার্যবিবরণী কখনো মুছে ফেলা যায় না; "
          "কোনো সংশোধন প্রয়োজন হলে সংশোধনী পত্র জারি করুন।")
HAS_LETTERS = ("এই সভার নামে স্মারক নম্বরসহ পত্র (যেমন সভার নোটিশ) জারি হয়েছে। জারিকৃত পত্রের "
               "নম্বর স্থায়ী, তাই সভাটি মুছে ফেলা যায় না।")
HAS_FOLLOW_UP = ("এই সভার সিদ্ধান্তের অগ্রগতি, অথবা এই সভায় আগের সিদ্ধান্তের অগ্রগতি লিপিবদ্ধ "
                 "হয়েছে। মুছে ফেললে সেই ইতিহাস হারিয়ে যাবে, তাই সভাটি মুছে ফেলা যায় না।")
CHANGED = ("এর মধ্যে অন্য কেউ সভাটি পরিবর্তন বা জারি করেছেন; কিছুই মুছে ফেলা হয়নি। "
           "পাতাটি আবার খুলে দেখুন।")
IN_LATER_REVIEW = ("পরবর্তী কোনো সভার পর্যালোচনায় এই সভার সিদ্ধান্ত অন্তর্ভুক্ত আছে, তাই সভাটি "
                   "মুছে ফেলা যায় না।")


class NotDeletable(Exception):
    """The meeting (or committee) must stay; `reasons` say why, in Bangla."""
    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _assignment_ids(meeting_id: int):
    return (select(Assignment.id).join(Assignment.decision)
            .where(Decision.meeting_id == meeting_id).scalar_subquery())


def _count(stmt) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def deletion_blockers(meeting: Meeting) -> list[str]:
    """Why the meeting may not be deleted ([] when it is a draft nothing depends on)."""
    reasons = []
    if meeting.status != MeetingStatus.DRAFT or meeting.minutes_letter_id is not None:
        reasons.append(ISSUED)
    if meeting.notice_letter_id is not None or _count(
            select(Letter.id).where(Letter.meeting_id == meeting.id)):
        reasons.append(HAS_LETTERS)
    if _count(select(FollowUp.id).where(or_(
            FollowUp.meeting_id == meeting.id,
            FollowUp.assignment_id.in_(_assignment_ids(meeting.id))))):
        reasons.append(HAS_FOLLOW_UP)
    if _count(select(ReviewEntry.id).where(
            ReviewEntry.meeting_id != meeting.id,
            ReviewEntry.assignment_id.in_(_assignment_ids(meeting.id)))):
        reasons.append(IN_LATER_REVIEW)
    return reasons


def delete_meeting(meeting: Meeting) -> None:
    """Delete a draft meeting with its items, decisions and attendance; commits.

    Raises NotDeletable (nothing changed) when deletion_blockers() objects, or when the
    meeting changed meanwhile (issued by another request: the version check fails).
    Takes the committee's, then the meeting's lock first (the one order of every writer,
    committee.locks) and decides on what is stored then.
    """
    lock_meeting(meeting.id, meeting.committee_id)
    db.session.refresh(meeting)
    reasons = deletion_blockers(meeting)
    if reasons:
        raise NotDeletable(reasons)
    committee = meeting.committee
    counts = meeting_counts(meeting)
    record("delete", "meeting", meeting.id, district_id=committee.district_id,
           summary=f"খসড়া সভা মুছে ফেলা হয়েছে: {committee.name}, {counts['held_on']} "
                   f"({counts['items']}টি আলোচ্যসূচি, {counts['decisions']}টি সিদ্ধান্ত)",
           changes={"status": [MeetingStatus.DRAFT, None], "deleted": export_meeting(meeting)})
    try:
        # This draft's own review list goes with it (nothing was recorded in it).
        db.session.execute(delete(ReviewEntry).where(ReviewEntry.meeting_id == meeting.id))
        db.session.delete(meeting)
        db.session.commit()
    except (IntegrityError, StaleDataError) as exc:
        db.session.rollback()
        raise NotDeletable([CHANGED]) from exc
