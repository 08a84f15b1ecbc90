"""GET /api/v1/apa/FY/indicators?district=NAME[&upazila=NAME]"""
from flask import jsonify, request

from ..apa.scoring import parse_fiscal_year
from ..apa.service import compute, to_json
from ..authz import can_read_district, current, login_required
from ..directory.service import find_district, find_upazila
from . import bp


@bp.get("/apa/<fy>/indicators")
@login_required
def apa_indicators(fy: str):
    """Per indicator: code, title, weight, targets, quarters, achievement, score, evidence."""
    try:
        start = parse_fiscal_year(fy)
    except ValueError as exc:
        return jsonify(error=str(exc), details=[{"path": "fy", "message": str(exc)}]), 400
    name = (request.args.get("district") or "").strip()
    if not name:
        message = "district প্যারামিটারে জেলার নাম দিন"
        return jsonify(error=message, details=[{"path": "district", "message": message}]), 400
    district = find_district(name)
    if district is None:
        return jsonify(error="জেলা পাওয়া যায়নি", details=[]), 404
    if not can_read_district(current(), district.id):
        return jsonify(error="এই জেলার তথ্য দেখার অনুমতি আপনার নেই", details=[]), 403
    upazila = None
    if request.args.get("upazila"):
        upazila = find_upazila(district, request.args["upazila"])
        if upazila is None:
            return jsonify(error="উপজেলা পাওয়া যায়নি", details=[]), 404
    # Reads only: a fiscal year without indicators answers [] (they are installed by
    # `flask apa defaults FY`, never by a GET).
    results = compute(start, district.id, upazila.id if upazila else None)
    return jsonify([to_json(r) for r in results])
