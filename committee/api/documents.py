"""API: issuing minutes and corrigenda; the letters of a meeting and their frozen DOCX."""
from __future__ import annotations

import datetime

from flask import jsonify, request

from ..authz import (
    current,
    get_meeting_for_edit,
    get_meeting_for_view,
    login_required,
    roles_required,
)
from ..bangla import to_ascii_digits
from ..documents.corrigendum import CorrectionError
from ..documents.dates import LetterDateError
from ..documents.letters import get_letter_for_view, letter_json, send_document, send_letter
from ..documents.service import (
    NotIssued,
    issue_corrigendum,
    issue_minutes,
    letters_of,
    memo_number,
)
from ..retrysafe import HEADER, KEY_REUSED, KeyReused, first_answer
from ..vocab import Role
from . import bp
from .views import idempotency_key


def _error(status: int, message: str, details=()):
    return jsonify(error=message, details=list(details)), status


def _memo_date(body) -> tuple[datetime.date | None, dict | None]:
    """The optional ISO memo_date of the body (Bangla digits accepted), or a problem."""
    value = body.get("memo_date")
    if value is None:
        return None, None
    try:
        return datetime.date.fromisoformat(to_ascii_digits(str(value)).strip()), None
    except ValueError:
        return None, {"path": "memo_date", "message": "তারিখ YYYY-MM-DD আকারে দিন"}


def _used_elsewhere(key, meeting) -> bool:
    """Whether the key was used before, but not for issuing this meeting's minutes."""
    try:
        first = first_answer(key)
    except KeyReused:
        return True
    return first is not None and first != meeting.minutes_letter_id


@bp.post("/meetings/<int:meeting_id>/issue")
@roles_required(Role.SECRETARY)
def issue_meeting(meeting_id: int):
    """Issue the minutes: 200 {"memo_number", "memo_serial"}; again → the same number.

    Idempotent by the meeting; an `Idempotency-Key` header is stored with the letter, and
    the same key sent for another meeting is refused (422).
    """
    meeting = get_meeting_for_edit(meeting_id)
    key = idempotency_key("api.issue_meeting")
    body = request.get_json(silent=True) if request.content_length else {}
    if not isinstance(body, dict):
        return _error(400, "অনুরোধের বডি একটি JSON অবজেক্ট হতে হবে")
    memo_date, problem = _memo_date(body)
    if problem:
        return _error(400, "স্মারকের তারিখ সঠিক নয়", [problem])
    if _used_elsewhere(key, meeting):
        return _error(422, KEY_REUSED, [{"path": HEADER, "message": KEY_REUSED}])
    try:
        letter = issue_minutes(meeting, memo_date, user=current(), key=key)
    except LetterDateError as exc:
        return _error(400, "স্মারকের তারিখ সঠিক নয়", [{"path": "memo_date", "message": str(exc)}])
    # Built from what issuing holds: no query after its commit.
    return jsonify(memo_number=memo_number(letter), memo_serial=letter.serial,
                   memo_date=letter.memo_date.isoformat(), meeting_id=meeting.id,
                   status=meeting.status)


@bp.get("/meetings/<int:meeting_id>/minutes.docx")
@login_required
def minutes_docx(meeting_id: int):
    return send_document(meeting_id, "minutes")


@bp.get("/meetings/<int:meeting_id>/notice.docx")
@login_required
def notice_docx(meeting_id: int):
    return send_document(meeting_id, "notice")


@bp.get("/meetings/<int:meeting_id>/letters")
@login_required
def meeting_letters(meeting_id: int):
    """Every letter issued for the meeting: id, kind, memo_number, memo_date, sha256."""
    meeting = get_meeting_for_view(meeting_id)
    return jsonify(letters=[letter_json(x) for x in letters_of(meeting)])


@bp.get("/letters/<int:letter_id>.docx")
@login_required
def letter_docx(letter_id: int):
    """The letter's bytes, exactly as frozen when it was issued."""
    return send_letter(get_letter_for_view(letter_id))


@bp.post("/meetings/<int:meeting_id>/corrigendum")
@roles_required(Role.SECRETARY)
def corrigendum(meeting_id: int):
    """Issue a corrigendum of issued minutes: 201 with the new letter."""
    meeting = get_meeting_for_edit(meeting_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error(400, "অনুরোধের বডি একটি JSON অবজেক্ট হতে হবে")
    memo_date, problem = _memo_date(body)
    if problem:
        return _error(400, "স্মারকের তারিখ সঠিক নয়", [problem])
    try:
        letter = issue_corrigendum(meeting, body.get("corrections"), current(), memo_date)
    except NotIssued:
        return _error(409, "সংশোধনী শুধু জারিকৃত কার্যবিবরণীর হয়; খসড়া সরাসরি সম্পাদনা করুন")
    except LetterDateError as exc:
        return _error(400, "স্মারকের তারিখ সঠিক নয়", [{"path": "memo_date", "message": str(exc)}])
    except CorrectionError as exc:
        return _error(400, "সংশোধনী জারি করা যায়নি", exc.problems)
    return jsonify(letter_json(letter)), 201
