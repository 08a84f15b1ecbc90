"""Follow-up history of decisions, and the review of open decisions at a later meeting."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    case,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..vocab import FollowUpStatus
from ._common import utcnow
from .meetings import Assignment, Letter, Meeting
from .users import User

STATUS_CHECK = FollowUpStatus.check("status")


def implementation_sums():
    """The SQL sums behind every implementation rate, over a query of assignments:
    (implemented, counted), counted being those not dropped (see vocab.implementation_rate).
    Used by the tracker, the APA indicator and the national roll-up alike."""
    return (func.sum(case((Assignment.status == FollowUpStatus.IMPLEMENTED, 1), else_=0)),
            func.sum(case((Assignment.status != FollowUpStatus.DROPPED, 1), else_=0)))


class FollowUp(db.Model):
    """One recorded follow-up of one assignment; never edited. The latest is current."""

    __tablename__ = "follow_ups"
    __table_args__ = (CheckConstraint(STATUS_CHECK, name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    on: Mapped[date | None] = mapped_column(Date)
    # Recorded during a later meeting's review, when there was one.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    evidence_path: Mapped[str | None] = mapped_column(String(300))
    evidence_name: Mapped[str | None] = mapped_column(String(300))
    evidence_type: Mapped[str | None] = mapped_column(String(100))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)

    assignment: Mapped[Assignment] = relationship()
    user: Mapped[User | None] = relationship()


class ReviewEntry(db.Model):
    """An open decision × party brought before a later meeting for review."""

    __tablename__ = "review_entries"
    __table_args__ = (UniqueConstraint("meeting_id", "assignment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    # The status and note as they stood when the review was attached.
    status_before: Mapped[str] = mapped_column(String(20))
    note_before: Mapped[str] = mapped_column(Text, default="")
    # Set when the status is recorded during the meeting.
    follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("follow_ups.id"), index=True)

    meeting: Mapped[Meeting] = relationship()
    assignment: Mapped[Assignment] = relationship()
    follow_up: Mapped[FollowUp | None] = relationship()


class ReminderEntry(db.Model):
    """A reminder letter (তাগিদপত্র) sent about one decision × office: part of that
    assignment's history beside its follow-ups, never changing its status."""

    __tablename__ = "reminder_entries"
    __table_args__ = (UniqueConstraint("letter_id", "assignment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    # The status and note the letter quoted.
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    letter: Mapped[Letter] = relationship()
    assignment: Mapped[Assignment] = relationship()
