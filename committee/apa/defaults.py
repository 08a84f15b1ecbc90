"""Indicators the app ships for FY 2024-25 (from the Narayanganj APA and Khulna's
integrity plan), and copying a year's indicators into the next."""
from __future__ import annotations

from sqlalchemy import func, select

from ..audit.service import record
from ..extensions import db
from ..models import Indicator

DEFAULT_YEAR = "2024-25"
MEETINGS = "সভার নোটিশ/ কার্যবিবরণী"
DEFAULTS = [
    # (level, code, title, method, unit, weight, targets, quarter_targets, source, kind)
    ("district", "[৩.১.১]", "জেলা ও উপজেলা পর্যায়ে আইসিটি কমিটির সভা", "sum", "সংখ্যা", 4,
     [12, 11, 10, 9, 8], None, "meetings", "ict"),
    ("district", "[৩.৪.১]", "জেলা উপজেলা অফিস সমূহের কর্মকর্তাদের সমন্বয় সভা", "sum", "সংখ্যা",
     3, [12, 11, 10, 9, 8], None, "meetings", "ict-coordination"),
    ("district", "[শু ১.১]", "নৈতিকতা কমিটির সভা আয়োজন", "sum", "সংখ্যা", 2,
     [12, 11, 10, 9, 8], [3, 3, 3, 3], "meetings", "ethics"),
    ("district", "[শু ১.২]", "নৈতিকতা কমিটির সভার সিদ্ধান্ত বাস্তবায়ন", "avg", "%", 3,
     [100, 90, 80, 70, 60], [100, 100, 100, 100], "decision_rate", "ethics"),
    ("upazila", "[৩.১.১]", "উপজেলা পর্যায়ে আইসিটি কমিটির সভা", "sum", "সংখ্যা", 4,
     [12, 11, 10, 9, 8], None, "meetings", "ict"),
]


def ensure_defaults() -> None:
    """Install the shipped defaults once (when no default row of that year exists)."""
    exists = db.session.scalar(select(func.count()).select_from(Indicator).where(
        Indicator.fiscal_year == DEFAULT_YEAR, Indicator.district_id.is_(None)))
    if exists:
        return
    for position, (level, code, title, method, unit, weight, targets, quarters, source,
                   kind) in enumerate(DEFAULTS, start=1):
        db.session.add(Indicator(
            fiscal_year=DEFAULT_YEAR, level=level, position=position, code=code, title=title,
            method=method, unit=unit, weight=weight, targets=targets,
            quarter_targets=quarters, evidence=MEETINGS if source == "meetings"
            else "সভার কার্যবিবরণী ও বাস্তবায়ন প্রতিবেদন", source=source,
            committee_kind=kind, scope="own"))
    db.session.commit()


def copy_year(source_fy: str, target_fy: str) -> int:
    """Copy every indicator of source_fy into target_fy; returns how many were copied."""
    if db.session.scalar(select(func.count()).select_from(Indicator)
                         .where(Indicator.fiscal_year == target_fy)):
        raise ValueError(f"{target_fy} অর্থবছরের সূচক আগে থেকেই আছে")
    rows = db.session.scalars(select(Indicator).where(Indicator.fiscal_year == source_fy)).all()
    columns = [c.key for c in Indicator.__table__.columns if c.key not in ("id", "fiscal_year")]
    for row in rows:
        db.session.add(Indicator(fiscal_year=target_fy,
                                 **{c: getattr(row, c) for c in columns}))
    record("copy", "indicator", None, district_id=None,
           summary=f"{source_fy} অর্থবছরের {len(rows)}টি এপিএ সূচক {target_fy} অর্থবছরে কপি",
           changes={"fiscal_year": [source_fy, target_fy], "count": [None, len(rows)]})
    db.session.commit()
    return len(rows)
