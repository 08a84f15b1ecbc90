"""APA indicators as the administrator edits them: listing, adding, changing.

save_new and save_changed are what the pages call: each is one transaction and commits
(docs/architecture.md, "Who commits"), or raises Duplicate with nothing written.
"""
from __future__ import annotations

from sqlalchemy import select, true
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import NotFound

from ..audit.service import columns, created, diff, record
from ..extensions import db
from ..models import District, Indicator, Upazila

DUPLICATE = "এই অর্থবছরে এই কার্যালয়ের এই কোডের সূচক আগে থেকেই আছে; অন্য কোড দিন"


class Duplicate(Exception):
    """Another indicator has this one's (fiscal year, level, office, code)."""


def of_year(fy: str) -> list[Indicator]:
    """The fiscal year's indicators, by level and position."""
    return list(db.session.scalars(select(Indicator).where(Indicator.fiscal_year == fy)
                                   .order_by(Indicator.level, Indicator.position)))


def indicator_or_404(indicator_id: int) -> Indicator:
    return db.get_or_404(Indicator, indicator_id)


def districts() -> list[District]:
    """Every district, by name (the offices an indicator may belong to)."""
    return list(db.session.scalars(select(District).order_by(District.name)))


def district_office(district_id: int, upazila_id: int | None) -> tuple[District, Upazila | None]:
    """The office of a report: the district, and the upazila when one is named (404 when
    either is missing or the upazila is another district's)."""
    district = db.get_or_404(District, district_id)
    upazila = db.get_or_404(Upazila, upazila_id) if upazila_id else None
    if upazila is not None and upazila.district_id != district.id:
        raise NotFound()
    return district, upazila


def _duplicate(row: Indicator) -> bool:
    """Whether another indicator has row's (fiscal year, level, office, code)."""
    office = (Indicator.district_id.is_(None) if row.district_id is None else
              (Indicator.district_id == row.district_id)
              & (Indicator.upazila_id.is_(None) if row.upazila_id is None
                 else Indicator.upazila_id == row.upazila_id))
    with db.session.no_autoflush:
        return db.session.scalar(select(Indicator.id).where(
            Indicator.fiscal_year == row.fiscal_year, Indicator.level == row.level,
            Indicator.code == row.code, office,
            Indicator.id != row.id if row.id is not None else true()).limit(1)) is not None


def _save(row: Indicator, audit) -> None:
    """Flush the filled row and its audit entry and commit; Duplicate (nothing stored)
    when another indicator has its (fiscal year, level, office, code)."""
    if _duplicate(row):
        db.session.rollback()
        raise Duplicate(DUPLICATE)
    try:
        db.session.add(row)
        db.session.flush()
        audit(row)
        db.session.commit()
    except IntegrityError as exc:  # the unique index: a concurrent save took the key first
        db.session.rollback()
        raise Duplicate(DUPLICATE) from exc


def save_new(row: Indicator) -> None:
    """Store a new indicator (filled from the form) with its audit entry."""
    _save(row, lambda row: record(
        "create", "indicator", row.id, district_id=row.district_id,
        summary=f"এপিএ সূচক যোগ: {row.code} {row.title} ({row.fiscal_year})",
        changes=created(columns(row))))


def save_changed(row: Indicator, before: dict) -> None:
    """Store the changes made to `row` since `before` (its columns() when loaded)."""
    _save(row, lambda row: record(
        "update", "indicator", row.id, district_id=row.district_id,
        summary=f"এপিএ সূচক পরিবর্তন: {row.code} {row.title} ({row.fiscal_year})",
        changes=diff(before, columns(row))))
