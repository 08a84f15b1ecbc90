"""Meetings, agenda items, decisions, responsible parties, and the letters of a file."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..vocab import FollowUpStatus, LetterKind, MeetingStatus
from ._common import utcnow
from .committees import Committee
from .directory import Office

MEETING_STATUSES = MeetingStatus.values()
FOLLOW_UP_STATUSES = FollowUpStatus.values()
LETTER_KINDS = LetterKind.values()
# The serials a file may hold (five digits: the longest memo number still fits one line).
MAX_SERIAL = 99_999


class Letter(db.Model):
    """A letter issued from a committee's file: the serial is its memo number's last part.

    The unique constraint on (file_key, serial) is what guarantees that two letters
    never share a number, whatever the application does concurrently.
    """

    __tablename__ = "letters"
    __table_args__ = (
        UniqueConstraint("file_key", "serial"),
        CheckConstraint(f"serial BETWEEN 1 AND {MAX_SERIAL}", name="serial_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    file_key: Mapped[str] = mapped_column(String(40), index=True)
    serial: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(String(20), default=LetterKind.MINUTES.value)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    refers_to_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), index=True)
    memo_date: Mapped[date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(String(500), default="")
    # The letter's own text where it has one (a corrigendum's correction).
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Frozen at issue: the DOCX exactly as sent, its SHA-256 (hex), and the context it was
    # rendered from (what the meeting page and the print view show from then on). None on
    # letters issued before freezing existed, until their first download freezes them.
    docx: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str | None] = mapped_column(String(64))
    content: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    # For a reminder: the office it is addressed to, as written.
    addressee: Mapped[str] = mapped_column(String(300), default="")

    committee: Mapped[Committee] = relationship()
    meeting: Mapped[Meeting | None] = relationship(foreign_keys=[meeting_id])
    refers_to: Mapped[Letter | None] = relationship(remote_side=[id])


class Meeting(db.Model):
    """One meeting of a committee: at most one per committee and date (the constraint is
    what holds when two saves race; meetings.service answers with the Bangla message)."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint(MeetingStatus.check("status"), name="status"),
        # A unique index (not a constraint): SQLite adds it without rebuilding the table.
        Index("uq_meetings_committee_id_held_on", "committee_id", "held_on", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    time: Mapped[time | None] = mapped_column(Time)
    venue: Mapped[str] = mapped_column(String(300), default="")
    chair_name: Mapped[str] = mapped_column(String(200), default="")
    chair_designation: Mapped[str] = mapped_column(String(300), default="")
    opening: Mapped[str] = mapped_column(Text, default="")
    closing: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=MeetingStatus.DRAFT.value, index=True)
    # Print "পরিশিষ্ট 'ক'" in the header and the attendance as an annex.
    attendance_annex: Mapped[bool] = mapped_column(default=False)

    # Issue details (prepared on a draft, frozen on issuing).
    has_issue_details: Mapped[bool] = mapped_column(default=False)
    memo_date: Mapped[date | None] = mapped_column(Date)
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_designation: Mapped[str] = mapped_column(String(300), default="")
    distribution_note: Mapped[str] = mapped_column(String(300), default="")
    # [{"text": str, "tag": "action" | "info"}, ...]
    distribution: Mapped[list] = mapped_column(JSON, default=list)
    # use_alter: letters and meetings refer to each other.
    minutes_letter_id: Mapped[int | None] = mapped_column(
        ForeignKey("letters.id", use_alter=True), index=True)
    notice_letter_id: Mapped[int | None] = mapped_column(
        ForeignKey("letters.id", use_alter=True), index=True)

    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    __mapper_args__ = {"version_id_col": version}

    committee: Mapped[Committee] = relationship()
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendance.position"
    )
    items: Mapped[list[Item]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Item.position"
    )
    minutes_letter: Mapped[Letter | None] = relationship(
        foreign_keys=[minutes_letter_id], post_update=True)
    notice_letter: Mapped[Letter | None] = relationship(
        foreign_keys=[notice_letter_id], post_update=True)

    @property
    def memo_serial(self) -> int | None:
        return self.minutes_letter.serial if self.minutes_letter else None

    @property
    def is_editable(self) -> bool:
        return self.status == MeetingStatus.DRAFT


class Attendance(db.Model):
    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200), default="")
    designation: Mapped[str] = mapped_column(String(300), default="")
    office: Mapped[str | None] = mapped_column(String(300))
    present: Mapped[bool] = mapped_column(default=True)
    guest: Mapped[bool] = mapped_column(default=False)

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")


class Item(db.Model):
    """An agenda item (আলোচনা); numbered by position: ১, ২, ৩ …"""

    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(500))
    discussion: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="Decision.position"
    )
    parties: Mapped[list[ResponsibleParty]] = relationship(
        cascade="all, delete-orphan",
        order_by="ResponsibleParty.position",
        primaryjoin="Item.id == ResponsibleParty.item_id",
    )


class Decision(db.Model):
    """A decision (সিদ্ধান্ত) under an item; numbered <item>.<position>: ২.১, ২.২ …"""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    # Denormalized from the item so trackers filter without a join.
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    # True: the decision's own parties replace the item's list.
    own_parties: Mapped[bool] = mapped_column(default=False)

    item: Mapped[Item] = relationship(back_populates="decisions")
    meeting: Mapped[Meeting] = relationship(foreign_keys=[meeting_id])
    parties: Mapped[list[ResponsibleParty]] = relationship(
        cascade="all, delete-orphan",
        order_by="ResponsibleParty.position",
        primaryjoin="Decision.id == ResponsibleParty.decision_id",
    )
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="Assignment.position"
    )

    @property
    def number(self) -> str:
        return f"{self.item.position}.{self.position}"


class ResponsibleParty(db.Model):
    """A party named in the বাস্তবায়নে column, kept exactly as written."""

    __tablename__ = "responsible_parties"
    __table_args__ = (
        CheckConstraint(
            "(item_id IS NULL) <> (decision_id IS NULL)", name="one_owner"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), index=True
    )
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(300))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"), index=True)

    office: Mapped[Office | None] = relationship()


class Assignment(db.Model):
    """One decision owed by one party (a group is expanded to its member offices).

    Holds the party's current follow-up status, so trackers and dashboards read one
    row per decision × party instead of replaying the history.
    """

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("decision_id", "party"),
        CheckConstraint(
            FollowUpStatus.check("status"), name="status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    party: Mapped[str] = mapped_column(String(300))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"), index=True)
    # The party as written when this assignment came from expanding a group.
    via_group: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default=FollowUpStatus.PENDING.value,
                                        index=True)
    status_note: Mapped[str] = mapped_column(Text, default="")
    status_on: Mapped[date | None] = mapped_column(Date)
    # An office's request that the committee drop this decision (only the secretary or an
    # admin drops one); cleared when the district records the next status.
    drop_requested_on: Mapped[date | None] = mapped_column(Date)
    drop_request_note: Mapped[str | None] = mapped_column(Text)
    drop_requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    decision: Mapped[Decision] = relationship(back_populates="assignments")
    office: Mapped[Office | None] = relationship()


__all__ = [
    "Assignment", "Attendance", "Decision", "Item", "Letter", "Meeting", "ResponsibleParty",
    "MEETING_STATUSES", "FOLLOW_UP_STATUSES", "LETTER_KINDS",
]
