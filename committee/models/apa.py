"""APA indicators: per fiscal year and office, with the rule that feeds each one."""
from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..vocab import IndicatorMethod, Level
from .directory import District, Upazila

METHODS = IndicatorMethod.values()
SOURCES = ("meetings", "decision_rate", "manual")
SCOPES = ("own", "with_upazilas")


def _where(condition: str) -> dict:
    """A partial index's condition, for both SQLite and PostgreSQL."""
    return {"sqlite_where": text(condition), "postgresql_where": text(condition)}


# (fiscal year, office, code) is unique. The office of a row is its level plus its district
# and upazila, either of which may be NULL (a default row for every office has neither);
# NULLs never collide in a unique index, so there is one partial unique index per kind of
# row, each over columns that are NOT NULL in its rows. Both databases enforce partial
# indexes; plain columns rather than COALESCE expressions, which SQLAlchemy cannot reflect
# on SQLite (Alembic could not compare them with the migrations).
UNIQUE_INDEXES = (
    ("uq_indicators_default_code", ("fiscal_year", "level", "code"),
     "district_id IS NULL"),
    ("uq_indicators_district_code", ("fiscal_year", "level", "district_id", "code"),
     "district_id IS NOT NULL AND upazila_id IS NULL"),
    ("uq_indicators_upazila_code", ("fiscal_year", "level", "upazila_id", "code"),
     "upazila_id IS NOT NULL"),
)


class Indicator(db.Model):
    """An APA indicator of one office (district or upazila ICT office) in one fiscal year.

    Rows without a district are the defaults for every office of their level; an office's
    own row with the same code replaces the default. (fiscal year, level, office, code) is
    unique (UNIQUE_INDEXES).
    """

    __tablename__ = "indicators"
    __table_args__ = (
        CheckConstraint(IndicatorMethod.check("method"), name="method"),
        CheckConstraint("source IN ('meetings', 'decision_rate', 'manual')", name="source"),
        CheckConstraint(Level.check("level"), name="level"),
        *(Index(name, *cols, unique=True, **_where(where))
          for name, cols, where in UNIQUE_INDEXES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fiscal_year: Mapped[str] = mapped_column(String(7), index=True)  # "2024-25"
    level: Mapped[str] = mapped_column(String(20), default=Level.DISTRICT.value)
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
