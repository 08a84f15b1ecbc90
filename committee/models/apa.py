"""APA indicators: per fiscal year and office, with the rule that feeds each one."""
from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .directory import District, Upazila

METHODS = ("sum", "avg", "cumulative", "date")
SOURCES = ("meetings", "decision_rate", "manual")
SCOPES = ("own", "with_upazilas")


class Indicator(db.Model):
    """An APA indicator of one office (district or upazila ICT office) in one fiscal year.

    Rows without a district are the defaults for every office of their level; an office's
    own row with the same code replaces the default.
    """

    __tablename__ = "indicators"
    __table_args__ = (
        CheckConstraint("method IN ('sum', 'avg', 'cumulative', 'date')", name="method"),
        CheckConstraint("source IN ('meetings', 'decision_rate', 'manual')", name="source"),
        CheckConstraint("level IN ('district', 'upazila')", name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fiscal_year: Mapped[str] = mapped_column(String(7), index=True)  # "2024-25"
    level: Mapped[str] = mapped_column(String(20), default="district")
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    upazila_id: Mapped[int | None] = mapped_column(ForeignKey("upazilas.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(40))            # "[৩.১.১]"
    title: Mapped[str] = mapped_column(String(500))
    method: Mapped[str] = mapped_column(String(20), default="sum")
    unit: Mapped[str] = mapped_column(String(40), default="সংখ্যা")
    weight: Mapped[float] = mapped_column(default=0.0)
    # The five columns: অসাধারণ 100%, অতি উত্তম 90%, উত্তম 80%, চলতি মান 70%, নিম্নে 60%.
    targets: Mapped[list] = mapped_column(JSON, default=list)
    quarter_targets: Mapped[list | None] = mapped_column(JSON)
    evidence: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="meetings")
    committee_kind: Mapped[str | None] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(String(20), default="own")

    district: Mapped[District | None] = relationship()
    upazila: Mapped[Upazila | None] = relationship()
