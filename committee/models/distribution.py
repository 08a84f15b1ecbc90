"""Distribution lists beyond one meeting: a district's presets of the usual higher offices
and what a committee's standing list remembers (its note, the rows removed from it)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from ._common import utcnow
from .committees import Committee
from .directory import District


class DistributionPreset(db.Model):
    """One recipient a district's secretary adds with one click ("মন্ত্রণালয়", "অধিদপ্তর",
    "বিভাগ", …): a short label, the text as the letters print it, and its tag."""

    __tablename__ = "distribution_presets"
    __table_args__ = (CheckConstraint("tag IN ('action', 'info')", name="tag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(
        ForeignKey("districts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(String(500))
    tag: Mapped[str] = mapped_column(String(10), default="action")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    district: Mapped[District] = relationship()


class StandingDistribution(db.Model):
    """What a committee's standing list (``committees.distribution``) keeps besides its
    rows: the note printed after "বিতরণ" and the recipients removed from the proposal,
    which the next meeting's proposal leaves out."""

    __tablename__ = "standing_distributions"

    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True)
    note: Mapped[str] = mapped_column(String(300), default="")
    # ["text as it was proposed", ...]
    removed: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    committee: Mapped[Committee] = relationship(
        backref=backref("standing", uselist=False, cascade="all, delete-orphan"))
