"""API: decisions with their per-party status, and recording a party's follow-up."""
from __future__ import annotations

import re
from datetime import date

from flask import jsonify, request

from ..authz import can_read_district, current, is_admin, login_required, roles_required
from ..bangla import normalize_text, to_ascii_digits
from ..decisions.service import (
    DecisionFilters,
    decision_or_404,
    decisions_page,
    find_assignment,
    office_by_id,
    status_problem,
)
from ..directory.service import resolve
from ..followup.access import may_update
from ..followup.recording import submit_status
from ..followup.service import FollowUpError
from ..models import Decision, Office
from ..retrysafe import HEADER, KEY_REUSED, KeyReused
from ..vocab import Role
from . import bp
from .params import (
    ApiError,
    bad_request,
    committee_arg,
    district_arg,
    json_body,
    page_args,
    paginated,
    parse_int,
)
from .views import idempotency_key

# A party is looked up by name (PostgreSQL refuses a NUL even as a query parameter).
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def decision_json(d: Decision) -> dict:
    """One decision: number, text, its meeting and each responsible party's status."""
    return {
        "id": d.id,
        "number": f"{d.item.position}.{d.position}",
        "text": d.text,
        "due_on": _iso(d.due_on),
        "meeting": {"id": d.meeting.id, "held_on": _iso(d.meeting.held_on),
                    "committee_id": d.meeting.committee_id},
        "parties": [{"party": a.party, "office_id": a.office_id, "status": a.status,
                     "note": a.status_note, "on": _iso(a.status_on)}
                    for a in d.assignments],
    }


def _office_by_id(user, text: str, path: str) -> Office:
    number = parse_int(text)
    office = office_by_id(number)
    if office is None:
        raise ApiError(404, "দপ্তর পাওয়া যায়নি",
                       [{"path": path, "message": f"{text} নম্বরের কোনো দপ্তর নেই"}])
    if not can_read_district(user, office.district_id):
        raise ApiError(403, "এই দপ্তরের তথ্য দেখার অনুমতি আপনার নেই")
    return office


def _office_arg(user, district_id: int | None) -> Office | None:
    """`office_id=ID`, or `office=` an id or a name resolved in the district's directory."""
    for path in ("office_id", "office"):
        raw = (request.args.get(path) or "").strip()
        if not raw:
            continue
        digits = to_ascii_digits(raw)
        if digits.isascii() and digits.isdigit():
            return _office_by_id(user, digits, path)
        if path == "office_id":
            raise bad_request(path, f"'{raw}' সঠিক নয়: দপ্তরের id একটি পূর্ণসংখ্যা")
        if district_id is None:
            raise bad_request(path, "নাম দিয়ে দপ্তর খুঁজতে district অথবা committee_id দিন, "
                                    "অথবা দপ্তরের id দিন")
        office = resolve(district_id, raw)
        if office is None:
            raise bad_request(path, f"'{raw}' নামে কোনো দপ্তর এই জেলার তালিকায় নেই")
        return office
    return None


def _filters(user) -> DecisionFilters | None:
    """The filters of the query string; None when the answer is certainly empty."""
    committee = committee_arg(user)
    district = district_arg(user)
    if district is False:
        return None
    status = request.args.get("status") or None
    if status is not None and (problem := status_problem(status)) is not None:
        raise ApiError(400, "অনুরোধের প্যারামিটার সঠিক নয়", [problem])
    if not is_admin(user):
        district_id = user.district_id
    elif committee is not None:
        district_id = committee.district_id
    else:
        district_id = district.id if district else None
    if committee is not None and district and committee.district_id != district.id:
        return None
    office = _office_arg(user, district_id)
    return DecisionFilters(district_id=district_id,
                           committee_id=committee.id if committee else None,
                           office_id=office.id if office else None, status=status)


@bp.get("/decisions")
@login_required
def decisions():
    """Decisions the user may see, filtered by committee_id, district, office, status."""
    user = current()
    filters = _filters(user)
    page = page_args()
    pagination = decisions_page(filters, page.page, page.per_page)
    return paginated([decision_json(d) for d in pagination.items], pagination, page)


def _decision_for_status(decision_id: int) -> Decision:
    decision = decision_or_404(decision_id)
    if not can_read_district(current(), decision.meeting.committee.district_id):
        raise ApiError(403, "এই জেলার সিদ্ধান্ত হালনাগাদ করার অনুমতি আপনার নেই")
    return decision


def _status_input(body: dict) -> tuple[str, date | None]:
    """The party and the date of a status body, parsed; 400 naming each bad one. What
    may be recorded (status, note, the date's range) is record_follow_up's to check."""
    problems = []
    party = body.get("party")
    if not isinstance(party, str) or not normalize_text(party):
        problems.append({"path": "party", "message": "দায়িত্বপ্রাপ্ত পক্ষের নাম (লেখা) দিন"})
    elif _CONTROL.search(party):
        problems.append({"path": "party", "message": "পক্ষের নামে অগ্রহণযোগ্য নিয়ন্ত্রণ অক্ষর আছে"})
    on = body.get("on")
    if on is None or on == "":
        on = None
    else:
        try:
            on = date.fromisoformat(to_ascii_digits(on).strip())
        except (TypeError, ValueError, AttributeError):
            problems.append({"path": "on",
                             "message": f"সঠিক তারিখ নয়: '{on}' (YYYY-MM-DD আকারে দিন)"})
    if problems:
        raise ApiError(400, "অবস্থা হালনাগাদ করা যায়নি", problems)
    return party, on


@bp.post("/decisions/<int:decision_id>/status")
@roles_required(Role.SECRETARY, Role.OFFICE)
def decision_status(decision_id: int):
    """Record a follow-up for one responsible party; 200 with the decision."""
    decision = _decision_for_status(decision_id)
    body = json_body()
    party, on = _status_input(body)
    assignment = find_assignment(decision, party)
    if assignment is None:
        parties = [a.party for a in decision.assignments]
        raise ApiError(400, "অবস্থা হালনাগাদ করা যায়নি", [{
            "path": "party", "parties": parties,
            "message": f"'{party}' এই সিদ্ধান্তের দায়িত্বপ্রাপ্ত পক্ষ নয়। বৈধ পক্ষ: "
                       + ("; ".join(parties) or "(কোনো পক্ষ নেই)")}])
    user = current()
    if not may_update(user, assignment):
        raise ApiError(403, "এই পক্ষের অবস্থা হালনাগাদ করার অনুমতি আপনার নেই")
    key = idempotency_key("api.decision_status")
    try:
        # The answer is built from what is loaded, before the commit (submit_status).
        answer, _new = submit_status(assignment, body.get("status"), body.get("note"), on,
                                     user, answer=lambda: decision_json(decision), key=key)
    except FollowUpError as exc:
        raise ApiError(400, "অবস্থা হালনাগাদ করা যায়নি", exc.problems) from exc
    except KeyReused as exc:
        raise ApiError(422, KEY_REUSED, [{"path": HEADER, "message": KEY_REUSED}]) from exc
    return jsonify(answer)
