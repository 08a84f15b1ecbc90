"""The APA report: indicators of an office and fiscal year, computed by SQL aggregation."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import extract, func, or_, select

from ..bangla import format_memo_number
from ..clock import today
from ..extensions import db
from ..models import Assignment, Committee, Decision, Indicator, Letter, Meeting
from ..models.followup import implementation_sums
from ..vocab import Level, MeetingStatus, implementation_rate
from .scoring import achievement, fiscal_bounds, fiscal_year_label, fiscal_year_of, score

COUNTED = (MeetingStatus.ISSUED, MeetingStatus.CONFIRMED)


def is_counted():
    """The condition "the meeting counts toward the APA" (status in COUNTED), for a query
    narrowed to committees and dates elsewhere. Written `status || ''` so that SQLite,
    which keeps no statistics, starts from the committees' meetings of the year instead of
    reading every counted meeting in the country through ix_meetings_status: a district's
    decision rate for one year took 28 ms that way on the national dataset and 3 ms from
    the committees down. PostgreSQL plans both spellings alike."""
    return (Meeting.status + "").in_(COUNTED)


@dataclass
class IndicatorResult:
    indicator: Indicator
    quarters: list = field(default_factory=lambda: [None] * 4)
    achievement: float | None = None
    score: float = 0.0
    evidence: list = field(default_factory=list)
    pending: list = field(default_factory=list)


def opening_fiscal_year(district_id: int | None) -> int:
    """The fiscal year the APA page opens on: that of the latest meeting held (to today,
    Asia/Dhaka) by a committee of the district (of any district when None), else the
    current one."""
    now = today()
    stmt = select(func.max(Meeting.held_on)).where(Meeting.held_on <= now)
    if district_id is not None:
        stmt = stmt.join(Meeting.committee).where(Committee.district_id == district_id)
    latest = db.session.scalar(stmt)
    return fiscal_year_of(latest or now)


def indicators_for(start_year: int, district_id: int, upazila_id: int | None) -> list[Indicator]:
    """The office's indicators: its own rows, else the defaults of its level."""
    fy = fiscal_year_label(start_year)
    level = Level.UPAZILA if upazila_id else Level.DISTRICT
    rows = db.session.scalars(
        select(Indicator).where(
            Indicator.fiscal_year == fy, Indicator.level == level,
            or_(Indicator.district_id.is_(None),
                (Indicator.district_id == district_id)
                & (Indicator.upazila_id.is_(upazila_id) if upazila_id is None
                   else Indicator.upazila_id == upazila_id)))
        .order_by(Indicator.position, Indicator.id)).all()
    return effective(rows)


def effective(rows: list[Indicator]) -> list[Indicator]:
    """An office's own rows replace the defaults with the same code; order is kept."""
    own = {r.code for r in rows if r.district_id is not None}
    return [r for r in rows if r.district_id is not None or r.code not in own]


def district_indicators(start_year: int, district_ids: list[int]) -> dict[int, list[Indicator]]:
    """The district offices' indicators (as indicators_for), for many districts at once."""
    rows = db.session.scalars(
        select(Indicator).where(Indicator.fiscal_year == fiscal_year_label(start_year),
                                Indicator.level == Level.DISTRICT,
                                or_(Indicator.district_id.is_(None),
                                    Indicator.upazila_id.is_(None)))
        .order_by(Indicator.position, Indicator.id)).all()
    return {d: effective([r for r in rows if r.district_id in (None, d)])
            for d in district_ids}


def upazila_indicators(start_year: int, district_id: int,
                       upazila_ids: list[int]) -> dict[int, list[Indicator]]:
    """The upazila offices' indicators (as indicators_for) of one district, in one query."""
    rows = db.session.scalars(
        select(Indicator).where(Indicator.fiscal_year == fiscal_year_label(start_year),
                                Indicator.level == Level.UPAZILA,
                                or_(Indicator.district_id.is_(None),
                                    Indicator.district_id == district_id))
        .order_by(Indicator.position, Indicator.id)).all()
    return {u: effective([r for r in rows if r.district_id is None or r.upazila_id == u])
            for u in upazila_ids}


def month_of(column):
    """The month of a date column in SQL. Grouping by it (at most 12 groups) and folding
    months into quarters afterwards keeps the SQL the same on SQLite and PostgreSQL."""
    return extract("month", column)


def quarter_of_month(month) -> int:
    """Q1 Jul–Sep, Q2 Oct–Dec, Q3 Jan–Mar, Q4 Apr–Jun."""
    return (int(month) - 7) % 12 // 3 + 1


def _committee_filter(ind: Indicator, district_id: int, upazila_id: int | None):
    conds = [Committee.district_id == district_id]
    if ind.committee_kind:
        conds.append(Committee.kind == ind.committee_kind)
    if upazila_id is not None:
        conds.append(Committee.upazila_id == upazila_id)
    elif ind.scope == "own":
        conds.append(Committee.level == Level.DISTRICT)
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
    month = month_of(Meeting.held_on)
    # Distinct meetings: one per committee and date (as the database holds them).
    counts = db.session.execute(
        select(month, Meeting.committee_id, func.count(Meeting.held_on.distinct()))
        .join(Meeting.committee)
        .where(*_committee_filter(ind, district_id, upazila_id),
               Meeting.held_on.between(first, last), is_counted())
        .group_by(month, Meeting.committee_id)).all()
    result.quarters = [0, 0, 0, 0]
    for m, _committee, n in counts:
        result.quarters[quarter_of_month(m) - 1] += n
    for r in rows:
        entry = {"meeting_id": r.id, "held_on": r.held_on.isoformat(), "committee": r.name,
                 "memo_number": format_memo_number(r.file_key, r.serial) if r.serial else None,
                 "memo_date": r.memo_date.isoformat() if r.memo_date else None}
        (result.evidence if r.status in COUNTED else result.pending).append(entry)
    return result


def _decision_rate(ind, start_year, district_id, upazila_id) -> IndicatorResult:
    first, last = fiscal_bounds(start_year)
    implemented, counted = implementation_sums()
    month = month_of(Meeting.held_on)
    rows = db.session.execute(
        select(month, implemented, counted)
        .select_from(Assignment).join(Assignment.decision)
        .join(Meeting, Meeting.id == Decision.meeting_id).join(Meeting.committee)
        .where(*_committee_filter(ind, district_id, upazila_id),
               Meeting.held_on.between(first, last), is_counted())
        .group_by(month)).all()
    per_quarter = [[0, 0] for _ in range(4)]
    for m, i, c in rows:
        per_quarter[quarter_of_month(m) - 1][0] += i or 0
        per_quarter[quarter_of_month(m) - 1][1] += c or 0
    return rate_result(ind, per_quarter)


def rate_result(ind: Indicator, per_quarter: list[list[int]]) -> IndicatorResult:
    """A decision-rate result from [implemented, counted] per quarter."""
    result = IndicatorResult(ind)
    for q, (i, c) in enumerate(per_quarter):
        result.quarters[q] = implementation_rate(i, c)
    total_i = sum(i for i, _ in per_quarter)
    total_c = sum(c for _, c in per_quarter)
    result.achievement = implementation_rate(total_i, total_c)
    return result


def compute(start_year: int, district_id: int, upazila_id: int | None = None
            ) -> list[IndicatorResult]:
    """Every indicator of the office with quarters, achievement, score and evidence."""
    results = []
    for ind in indicators_for(start_year, district_id, upazila_id):
        if ind.source == "meetings":
            r = _meetings(ind, start_year, district_id, upazila_id)
        elif ind.source == "decision_rate":
            r = _decision_rate(ind, start_year, district_id, upazila_id)
        else:
            r = IndicatorResult(ind)
        results.append(finish(r))
    return results


def finish(r: IndicatorResult) -> IndicatorResult:
    """Fill in the achievement (meetings: by the method) and the score."""
    ind = r.indicator
    if ind.source == "meetings":
        r.achievement = achievement(ind.method, r.quarters)
    r.score = score(r.achievement, ind.targets or [], ind.weight,
                    lower_is_better=ind.method == "date")
    return r


def to_json(r: IndicatorResult) -> dict:
    ind = r.indicator
    return {"code": ind.code, "title": ind.title, "method": ind.method, "unit": ind.unit,
            "weight": ind.weight, "targets": ind.targets, "quarter_targets": ind.quarter_targets,
            "quarters": r.quarters, "achievement": r.achievement, "score": r.score,
            "evidence": r.evidence, "evidence_pending": r.pending,
            "evidence_description": ind.evidence}


