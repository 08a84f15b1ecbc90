"""Roll-ups: a district's offices this quarter, and every district for the admin."""
from __future__ import annotations

from ..extensions import db
from ..models import District
from .service import compute


def _quarter_status(results, quarter: int) -> dict:
    """Score so far and whether the meetings indicators keep pace with their targets."""
    behind = []
    for r in results:
        ind = r.indicator
        if ind.source != "meetings" or not ind.targets:
            continue
        done = sum(q or 0 for q in r.quarters[:quarter])
        expected = (sum(ind.quarter_targets[:quarter]) if ind.quarter_targets
                    else ind.targets[0] * quarter / 4)
        if done < expected:
            behind.append({"code": ind.code, "done": done, "expected": expected})
    return {"score": round(sum(r.score for r in results), 2), "behind": behind,
            "on_track": not behind}


def district_rollup(start_year: int, district: District, quarter: int) -> list[dict]:
    """The district office and each upazila office with its quarter status."""
    rows = [{"name": f"জেলা কার্যালয়, {district.name}", "district": district, "upazila": None,
             **_quarter_status(compute(start_year, district.id), quarter)}]
    for upazila in district.upazilas:
        rows.append({"name": upazila.name, "district": district, "upazila": upazila,
                     **_quarter_status(compute(start_year, district.id, upazila.id),
                                       quarter)})
    return rows


def national_rollup(start_year: int) -> list[dict]:
    """Each district office's total score (district level indicators)."""
    rows = []
    for district in db.session.scalars(db.select(District).order_by(District.name)):
        results = compute(start_year, district.id)
        rows.append({"district": district, "score": round(sum(r.score for r in results), 2),
                     "weight": sum(r.indicator.weight for r in results)})
    return rows
