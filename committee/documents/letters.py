"""Letters frozen at issue: the DOCX is rendered once, stored with its SHA-256 and the
context it was rendered from, and every later download returns exactly those bytes.

Edits to the committee, the directory, the members or the templates therefore change only
letters issued after them. Letters issued before freezing existed are frozen on their first
download (an atomic UPDATE … WHERE sha256 IS NULL, so two first downloads agree).
"""
from __future__ import annotations

import hashlib

from sqlalchemy import or_, select, update
from sqlalchemy.orm import undefer

from ..authz import get_meeting_for_view, require_district_reader
from ..extensions import db
from ..meetings.access import load_meeting_for_view
from ..meetings.service import load_meeting
from ..models import Letter, Meeting
from . import context as contexts
from .memo import cited_by_reminders, memo_number
from .render import docx_response, render_docx

KIND_LABELS = {"minutes": "কার্যবিবরণী", "notice": "সভার নোটিশ", "corrigendum": "সংশোধনী",
               "reminder": "তাগিদপত্র", "other": "পত্র"}
TEMPLATES = {"minutes": "minutes.docx", "notice": "notice.docx",
             "corrigendum": "corrigendum.docx", "reminder": "reminder.docx"}


def issuing_office(letter: Letter) -> str:
    """The office a letter comes from: the last header line, with the place if missing."""
    committee = letter.committee
    lines = [line for line in committee.office_header or [] if line.strip()]
    office = lines[-1] if lines else committee.name
    place = committee.upazila.name if committee.upazila else committee.district.name
    return office if place in office else f"{office}, {place}"


def properties(letter: Letter, title: str) -> dict:
    """Core properties of the letter's DOCX: its subject, issuing office and issue time."""
    return {"title": title, "author": issuing_office(letter), "created": letter.created_at,
            "category": KIND_LABELS.get(letter.kind, "")}


def freeze(letter: Letter, context: dict, title: str) -> None:
    """Render the letter once and keep its bytes, hash and context (caller commits)."""
    data = render_docx(TEMPLATES[letter.kind], context, properties(letter, title))
    letter.docx = data
    letter.sha256 = hashlib.sha256(data).hexdigest()
    letter.content = context


def _legacy_context(letter: Letter) -> tuple[dict, str]:
    """The context of a letter issued before freezing, rendered from today's data."""
    if letter.kind == "corrigendum":
        context = contexts.corrigendum_context(letter, [{"ref": "", "was": "",
                                                          "now": letter.body}])
        return context, context["subject"]
    meeting = load_meeting(letter.meeting_id)
    if letter.kind == "notice":
        context = contexts.notice_context(meeting)
        return context, context["subject"]
    context = contexts.minutes_context(meeting)
    return context, context["title"]


def letter_docx(letter: Letter) -> bytes:
    """The letter's frozen bytes; a letter issued before freezing is frozen now."""
    data = db.session.scalar(select(Letter.docx).where(Letter.id == letter.id))
    if data is not None:
        return data
    context, title = _legacy_context(letter)
    data = render_docx(TEMPLATES[letter.kind], context, properties(letter, title))
    db.session.execute(
        update(Letter).where(Letter.id == letter.id, Letter.sha256.is_(None))
        .values(docx=data, sha256=hashlib.sha256(data).hexdigest(), content=context)
        .execution_options(synchronize_session=False))
    db.session.commit()
    # Another first download may have won the race: its bytes are the letter's.
    return db.session.scalar(select(Letter.docx).where(Letter.id == letter.id))


def frozen_content(letter: Letter | None) -> dict | None:
    """The context a letter was rendered from (None for a draft or an unfrozen letter)."""
    if letter is None:
        return None
    return db.session.scalar(select(Letter.content).where(Letter.id == letter.id))


def letters_with_content(meeting: Meeting) -> list[Letter]:
    """The meeting's letters in serial order, their frozen content loaded (one query;
    the DOCX bytes stay deferred). None issued yet: no query."""
    if meeting.minutes_letter_id is None and meeting.notice_letter_id is None:
        return []
    return list(db.session.scalars(
        select(Letter).options(undefer(Letter.content))
        .where(or_(Letter.meeting_id == meeting.id,
                   Letter.id.in_(cited_by_reminders(meeting.id))))
        .order_by(Letter.serial)))


def letter_json(letter: Letter) -> dict:
    """A letter as the API lists it."""
    return {"id": letter.id, "kind": letter.kind, "memo_number": memo_number(letter),
            "memo_serial": letter.serial, "memo_date": letter.memo_date.isoformat(),
            "sha256": letter.sha256, "meeting_id": letter.meeting_id,
            "addressee": letter.addressee or None}


def download_name(letter: Letter) -> str:
    """An ASCII file name such as "corrigendum-2022-04-20-56.04.5500.000.06.001.20.11.docx"."""
    return f"{letter.kind}-{letter.memo_date.isoformat()}-{letter.file_key}.{letter.serial}.docx"


def send_letter(letter: Letter, filename: str | None = None):
    """The letter's frozen bytes as a download."""
    return docx_response(letter_docx(letter), filename or download_name(letter))


def send_document(meeting_id: int, kind: str):
    """The minutes or the notice (kind) of a meeting the user may read, as a download.

    One place for the web and the API: authorization and the fixed-query loader, then the
    frozen bytes of the issued letter, or a live rendering of the draft.
    """
    meeting = get_meeting_for_view(meeting_id)  # one row: an issued letter needs no more
    letter_id = meeting.minutes_letter_id if kind == "minutes" else meeting.notice_letter_id
    filename = f"{kind}-{meeting.held_on.isoformat()}-{meeting.id}.docx"
    if letter_id is not None:
        return send_letter(db.session.get(Letter, letter_id), filename)
    meeting = load_meeting_for_view(meeting_id)
    context = (contexts.minutes_context if kind == "minutes" else contexts.notice_context)(meeting)
    return docx_response(render_docx(TEMPLATES[kind], context), filename)


def get_letter_for_view(letter_id: int) -> Letter:
    """A letter of a committee the user may read (404 if none, 403 outside the district)."""
    letter = db.get_or_404(Letter, letter_id)
    require_district_reader(letter.committee.district_id)
    return letter
