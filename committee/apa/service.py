"""The APA report: indicators of an office and fiscal year, computed by SQL aggregation."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, extract, func, or_, select

from ..bangla import format_memo_number
from ..extensions import db
from ..models import Assignment, Committee, Decision, Indicator, Letter, Meeting
from .scoring import achievement, fiscal_bounds, score

COUNTED = ("issued", "confirmed")


@dataclass
class IndicatorResult:
    indicator: Indicator
    quarters: list = field(default_factory=lambda: [None] * 4)
    achievement: float | None = None
    score: float = 0.0
    evidence: list = field(default_factory=list)
    pending: list = field(default_factory=list)


def indicators_for(start_year: int, district_id: int, upazila_id: int | None) -> list[Indicator]:
    """The office's indicators: its own rows, else the defaults of its level."""
    from .scoring import fiscal_year_label

    fy = fiscal_year_label(start_year)
    level = "upazila" if upazila_id else "district"
    rows = db.session.scalars(
        select(Indicator).where(
            Indicator.fiscal_year == fy, Indicator.level == level,
            or_(Indicator.district_id.is_(None),
                (Indicator.district_id == district_id)
                & (Indicator.upazila_id.is_(upazila_id) if upazila_id is None
                   else Indicator.upazila_id == upazila_id)))
        .order_by(Indicator.position, Indicator.id)).all()
    own = {r.code for r in rows if r.district_id is not None}
    return [r for r in rows if r.district_id is not None or r.code not in own]


def _quarter_expr(column):
    """Quarter of a date column in SQL: Q1 Jul–Sep … Q4 Apr–Jun."""
    month = extract("month", column)
    return case((month >= 10, 2), (month >= 7, 1), (month >= 4, 4), else_=3)


def _committee_filter(ind: Indicator, district_id: int, upazila_id: int | None):
    conds = [Committee.district_id == district_id]
    if ind.committee_kind:
        conds.append(Committee.kind == ind.committee_kind)
    if upazila_id is not None:
        conds.append(Committee.upazila_id == upazila_id)
    elif ind.scope == "own":
        conds.append(Committee.level == "district")
    return conds


def _meetings(ind, start_year, district_id, upazila_id) -> IndicatorResult:
    first, last = fiscal_bounds(start_year)
    rows = db.session.execute(
        select(Meeting.id, Meeting.held_on, Meeting.status, Committee.name,
               Letter.file_key, Letter.serial, Letter.memo_date)
        .join(Meeting.committee).outerjoin(Letter, Letter.id == Meeting.minutes_letter_id)
        .where(*_committee_filter(ind, district_id, upazila_id),
               Meeting.held_on.between(first, last))
        .order_by(Meeting.held_on)).all()
    result = IndicatorResult(ind)
    counts = db.session.execute(
        select(_quarter_expr(Meeting.held_on), func.count())
        .join(Meeting.committee)
        .where(*_committee_filter(ind, district_id, upazila_id),
               Meeting.held_on.between(first, last), Meeting.status.in_(COUNTED))
        .group_by(_quarter_expr(Meeting.held_on))).all()
    result.quarters = [0, 0, 0, 0]
    for quarter, n in counts:
        result.quarters[int(quarter) - 1] = n
    for r in rows:
        entry = {"meeting_id": r.id, "held_on": r.held_on.isoformat(), "committee": r.name,
                 "memo_number": format_memo_number(r.file_key, r.serial) if r.serial else None,
                 "memo_date": r.memo_date.isoformat() if r.memo_date else None}
        (result.evidence if r.status in COUNTED else result.pending).append(entry)
    return result


def _decision_rate(ind, start_year, district_id, upazila_id) -> IndicatorResult:
    first, last = fiscal_bounds(start_year)
    implemented = func.sum(case((Assignment.status == "implemented", 1), else_=0))
    counted = func.sum(case((Assignment.status != "dropped", 1), else_=0))
    rows = db.session.execute(
        select(_quarter_expr(Meeting.held_on), implemented, counted)
        .select_from(Assignment).join(Assignment.decision)
        .join(Meeting, Meeting.id == Decision.meeting_id).join(Meeting.committee)
        .where(*_committee_filter(ind, district_id, upazila_id),
               Meeting.held_on.between(first, last), Meeting.status.in_(COUNTED))
        .group_by(_quarter_expr(Meeting.held_on))).all()
    result = IndicatorResult(ind)
    total_i = total_c = 0
    for quarter, i, c in rows:
        i, c = i or 0, c or 0
        total_i, total_c = total_i + i, total_c + c
        result.quarters[int(quarter) - 1] = round(100 * i / c, 1) if c else None
    result.achievement = round(100 * total_i / total_c, 1) if total_c else None
    return result


def compute(start_year: int, district_id: int, upazila_id: int | None = None
            ) -> list[IndicatorResult]:
    """Every indicator of the office with quarters, achievement, score and evidence."""
    results = []
    for ind in indicators_for(start_year, district_id, upazila_id):
        if ind.source == "meetings":
            r = _meetings(ind, start_year, district_id, upazila_id)
            r.achievement = achievement(ind.method, r.quarters)
        elif ind.source == "decision_rate":
            r = _decision_rate(ind, start_year, district_id, upazila_id)
        else:
            r = IndicatorResult(ind)
        r.score = score(r.achievement, ind.targets or [], ind.weight,
                        lower_is_better=ind.method == "date")
        results.append(r)
    return results


def to_json(r: IndicatorResult) -> dict:
    ind = r.indicator
    return {"code": ind.code, "title": ind.title, "method": ind.method, "unit": ind.unit,
            "weight": ind.weight, "targets": ind.targets, "quarter_targets": ind.quarter_targets,
            "quarters": r.quarters, "achievement": r.achievement, "score": r.score,
            "evidence": r.evidence, "evidence_pending": r.pending,
            "evidence_description": ind.evidence}


