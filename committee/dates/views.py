"""GET /dates/describe?d=১৪/০৩/২০২২ -> the day in both calendars, for static/dates.js.

The one source of the calendar is committee/bangla.py: the script sends what was typed
and shows the answer, so the browser holds no calendar rule of its own.
"""
from __future__ import annotations

from flask import jsonify, request

from ..authz import login_required
from ..bangla import DateTextError, describe_date, format_date_numeric, parse_date_typed
from . import bp

# A page's date boxes are described in one request when it opens (the editor of a long
# meeting has one per decision); more than this is not a page.
MAX_DATES = 1000
MAX_TEXT = 40


def describe(text: str) -> dict:
    """What a typed date means: {"ok", "iso", "value" (dd/mm/yyyy), "both"} or
    {"ok": False, "message"}."""
    if not text.strip():
        return {"text": text, "ok": False, "empty": True, "message": ""}
    try:
        day = parse_date_typed(text[:MAX_TEXT])
    except DateTextError as exc:
        return {"text": text, "ok": False, "message": str(exc)}
    return {"text": text, "ok": True, "iso": day.isoformat(),
            "value": format_date_numeric(day), "both": describe_date(day)}


@bp.get("/describe")
@login_required
def describe_dates():
    """Each ?d= as the date boxes hold it, described in the order given."""
    typed = request.args.getlist("d")[:MAX_DATES]
    return jsonify(dates=[describe(text) for text in typed])
