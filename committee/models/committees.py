"""Committees and their members."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..vocab import CommitteeKind, Level, MemberRole
from ._common import utcnow
from .directory import District, Office, Upazila

COMMITTEE_KINDS = CommitteeKind.values()
LEVELS = Level.values()
MEMBER_ROLES = MemberRole.values()


class Committee(db.Model):
    __tablename__ = "committees"
    __table_args__ = (
        CheckConstraint(CommitteeKind.check("kind"), name="kind"),
        CheckConstraint(Level.check("level"), name="level"),
        # A file belongs to one committee: its serials are that committee's letters.
        UniqueConstraint("file_key"),
        CheckConstraint("serial_reached BETWEEN 0 AND 99999", name="serial_reached"),
        CheckConstraint("decision_suffix IN ('।', '.')", name="decision_suffix"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    upazila_id: Mapped[int | None] = mapped_column(ForeignKey("upazilas.id"), index=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    level: Mapped[str] = mapped_column(String(20), index=True)
    # As typed (Bangla or ASCII digits); file_key is the canonical ASCII form.
    file_number: Mapped[str] = mapped_column(String(80))
    file_key: Mapped[str] = mapped_column(String(40))
    # The serial the file had reached outside the system (set by the secretary, only
    # upward): the next letter takes max(this, the highest issued serial) + 1.
    serial_reached: Mapped[int] = mapped_column(default=0)
    # The punctuation after a decision number in the documents: "২.১।" or "২.১."
    decision_suffix: Mapped[str] = mapped_column(String(4), default="।")
    # Days after the minutes' issue when an open decision becomes overdue (reminders).
    reminder_days: Mapped[int] = mapped_column(default=30)
    office_header: Mapped[list] = mapped_column(JSON, default=list)
    # The standing distribution list: [{"text": str, "tag": "action"|"info"}, ...]
    distribution: Mapped[list] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    district: Mapped[District] = relationship()
    upazila: Mapped[Upazila | None] = relationship()
    members: Mapped[list[Member]] = relationship(
        back_populates="committee", cascade="all, delete-orphan", order_by="Member.position"
    )

    @property
    def chair(self) -> Member | None:
        return next((m for m in self.members if m.role == MemberRole.CHAIR), None)

    @property
    def secretary(self) -> Member | None:
        return next((m for m in self.members if m.role == MemberRole.MEMBER_SECRETARY), None)


class Member(db.Model):
    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint(MemberRole.check("role"), name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200), default="")
    designation: Mapped[str] = mapped_column(String(300))
    # The office as written ("জেলা প্রশাসকের কার্যালয়, মাগুরা"), kept as typed; office_id
    # links it to the directory when a name or alias answers to it (now or when linked
    # later on the directory page), like a responsible party of the minutes.
    office_text: Mapped[str] = mapped_column(String(300), default="", server_default="")
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default=MemberRole.MEMBER.value)

    committee: Mapped[Committee] = relationship(back_populates="members")
    office: Mapped[Office | None] = relationship()

    @property
    def office_name(self) -> str:
        """The office as written; a member stored before offices were kept as written
        shows its directory office's name."""
        return self.office_text or (self.office.name if self.office else "")
