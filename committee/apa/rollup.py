"""Roll-ups: a district's offices this quarter, and every district for the admin."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from ..extensions import db
from ..models import Assignment, Committee, Decision, District, Meeting
from ..models.followup import implementation_sums
from ..vocab import IndicatorMethod, Level
from .scoring import fiscal_bounds, score
from .service import (
    IndicatorResult,
    district_indicators,
    finish,
    is_counted,
    month_of,
    quarter_of_month,
    rate_result,
    upazila_indicators,
)


def _pace(r: IndicatorResult, quarter: int) -> tuple[float, float, float] | None:
    """(score so far, achieved so far, expected so far) of one indicator at the end of
    `quarter`: the meetings held by then against the year's targets scaled to the quarters
    gone (the quarterly targets when the indicator has them), a decision rate against its
    targets as they are. None when there is nothing to judge yet (no targets, a manual
    figure, a rate without decisions)."""
    ind = r.indicator
    if not ind.targets or len(ind.targets) != 5:
        return None
    if ind.source == "decision_rate":
        if r.achievement is None:
            return None
        return (score(r.achievement, ind.targets, ind.weight), r.achievement, ind.targets[0])
    if ind.source != "meetings" or ind.method != IndicatorMethod.SUM:
        return None
    if ind.quarter_targets and sum(ind.quarter_targets):
        share = sum(ind.quarter_targets[:quarter]) / sum(ind.quarter_targets)
    else:
        share = quarter / 4
    done = sum(q or 0 for q in r.quarters[:quarter])
    targets = [t * share for t in ind.targets]
    return score(done, targets, ind.weight), done, round(targets[0], 2)


def _quarter_status(results, quarter: int) -> dict:
    """An office's score and status at the end of `quarter`.

    `score` is the score so far (each indicator judged against the part of its target due
    by then, see _pace) out of `weight`; the office is on target only when every indicator
    that can be judged earns its full weight so far, so an office scoring ০ never is.
    `annual_score` is the year's score as the office's report shows it; `behind` lists
    the indicators short of their target so far."""
    behind, so_far, judged = [], 0.0, 0.0
    for r in results:
        pace = _pace(r, quarter)
        if pace is None:
            continue
        earned, done, expected = pace
        so_far += earned
        judged += r.indicator.weight
        if done < expected:
            behind.append({"code": r.indicator.code, "done": done, "expected": expected})
    so_far = round(so_far, 2)
    return {"score": so_far, "weight": judged,
            "annual_score": round(sum(r.score for r in results), 2),
            "annual_weight": sum(r.indicator.weight for r in results),
            "has_indicators": bool(results), "behind": behind,
            "on_track": judged > 0 and so_far > 0 and so_far >= judged and not behind}


def district_rollup(start_year: int, district: District, quarter: int) -> list[dict]:
    """The district office and each upazila office with its quarter status (5 queries)."""
    upazilas = list(district.upazilas)
    offices = {(district.id, None): district_indicators(start_year, [district.id])[district.id]}
    for upazila_id, inds in upazila_indicators(start_year, district.id,
                                               [u.id for u in upazilas]).items():
        offices[(district.id, upazila_id)] = inds
    results = office_results(start_year, offices, district_id=district.id)
    rows = [{"name": f"জেলা কার্যালয়, {district.name}", "district": district, "upazila": None,
             **_quarter_status(results[(district.id, None)], quarter)}]
    rows += [{"name": u.name, "district": district, "upazila": u,
              **_quarter_status(results[(district.id, u.id)], quarter)} for u in upazilas]
    return rows


# -- many offices at once: a fixed number of grouped queries, whatever their number --------

def _kinds(indicators) -> list[str] | None:
    """The committee kinds the indicators look at; None when one of them takes every kind."""
    kinds = {ind.committee_kind for ind in indicators}
    return None if None in kinds else sorted(kinds)


def _grouped(start_year: int, kinds: list[str] | None, district_id: int | None, *columns,
             rates: bool = False):
    """Rows (district, upazila, kind, level, month, *columns) of the year's counted meetings."""
    first, last = fiscal_bounds(start_year)
    month = month_of(Meeting.held_on)
    keys = (Committee.district_id, Committee.upazila_id, Committee.kind, Committee.level, month)
    stmt = select(*keys, *columns)
    if rates:
        stmt = stmt.select_from(Assignment).join(Assignment.decision).join(
            Meeting, Meeting.id == Decision.meeting_id)
    stmt = stmt.join(Meeting.committee).where(Meeting.held_on.between(first, last),
                                              is_counted())
    if kinds is not None:
        stmt = stmt.where(Committee.kind.in_(kinds))
    if district_id is not None:
        stmt = stmt.where(Committee.district_id == district_id)
    return db.session.execute(stmt.group_by(*keys)).all()


def _matches(ind, office_upazila: int | None, upazila: int | None, kind: str,
             level: str) -> bool:
    """service._committee_filter applied to a group of one district's committees."""
    if ind.committee_kind and kind != ind.committee_kind:
        return False
    if office_upazila is not None:
        return upazila == office_upazila
    return ind.scope != "own" or level == Level.DISTRICT


def office_results(start_year: int, offices: dict[tuple, list],
                   district_id: int | None = None) -> dict[tuple, list[IndicatorResult]]:
    """Results per office key (district_id, upazila_id or None) from two grouped queries;
    `district_id` limits the scan when every office is in one district."""
    everything = [ind for inds in offices.values() for ind in inds]
    meetings = [i for i in everything if i.source == "meetings"]
    rates = [i for i in everything if i.source == "decision_rate"]
    counts, done = defaultdict(list), defaultdict(list)
    if meetings:
        for d, u, kind, level, m, n in _grouped(start_year, _kinds(meetings), district_id,
                                                func.count()):
            counts[d].append((u, kind, level, quarter_of_month(m), n))
    if rates:
        implemented, counted = implementation_sums()
        for d, u, kind, level, m, i, c in _grouped(start_year, _kinds(rates), district_id,
                                                   implemented, counted, rates=True):
            done[d].append((u, kind, level, quarter_of_month(m), i or 0, c or 0))
    return {(d, u): [finish(_result(ind, u, counts[d], done[d])) for ind in inds]
            for (d, u), inds in offices.items()}


def _result(ind, office_upazila: int | None, counts: list, done: list) -> IndicatorResult:
    if ind.source == "meetings":
        result = IndicatorResult(ind, quarters=[0, 0, 0, 0])
        for u, kind, level, q, n in counts:
            if _matches(ind, office_upazila, u, kind, level):
                result.quarters[q - 1] += n
        return result
    if ind.source == "decision_rate":
        per_quarter = [[0, 0] for _ in range(4)]
        for u, kind, level, q, i, c in done:
            if _matches(ind, office_upazila, u, kind, level):
                per_quarter[q - 1][0] += i
                per_quarter[q - 1][1] += c
        return rate_result(ind, per_quarter)
    return IndicatorResult(ind)


def national_rollup(start_year: int) -> list[dict]:
    """Each district office's total score (district level indicators), in 4 queries."""
    districts = db.session.scalars(db.select(District).order_by(District.name)).all()
    by_district = district_indicators(start_year, [d.id for d in districts])
    results = office_results(start_year, {(d, None): inds for d, inds in by_district.items()})
    return [{"district": d, "score": round(sum(r.score for r in results[(d.id, None)]), 2),
             "weight": sum(r.indicator.weight for r in results[(d.id, None)])}
            for d in districts]
