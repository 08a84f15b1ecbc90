"""Recording a follow-up as one transaction: what the office's form and the API call.

record_follow_up (service.py) checks and writes the row; these commit it. The form's
evidence file is written under a temporary name first and moved into place only once
its row is committed, so a file without its row, or a row without its file, is never
left (evidence.py).
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from werkzeug.datastructures import FileStorage

from .. import clock
from ..audit.service import record
from ..bangla import normalize_text, number_label, to_bangla_digits
from ..extensions import db
from ..models import Assignment, FollowUp
from ..retrysafe import Key, first_answer, remember
from ..vocab import FollowUpStatus
from .access import NOT_YOURS_TO_DROP, may_drop
from .evidence import KEPT_WITHOUT_FILE, StagedEvidence, committed, stage_evidence
from .service import _CONTROL, NOTE_LIMIT, FollowUpError, record_follow_up


def submit_follow_up(assignment: Assignment, status, note, on: date | None, user,
                     upload: FileStorage | None = None) -> str | None:
    """Record the follow-up with its evidence file and commit.

    Raises what stage_evidence raises (EvidenceError; StorageError when the server
    cannot write the file) or FollowUpError, with nothing stored. Returns None, or a
    warning for the user when the row is stored but its file could not be kept.
    """
    _check_drop(assignment, status, user)
    staged = stage_evidence(upload)
    try:
        record_follow_up(assignment, status, note, on, user=user,
                         evidence=staged.columns if staged else None)
    except BaseException:
        db.session.rollback()
        _discard(staged)
        raise
    try:
        db.session.commit()
    except BaseException:
        if staged is None:
            db.session.rollback()
            raise
        stored = committed(staged.name)  # rolls back; a lost answer may hide a commit
        if stored is not True:
            if stored is False:
                _discard(staged)
            # None (the database cannot be asked): the part stays for settle_stale_parts.
            raise
    if staged is not None:
        try:
            staged.keep()
        except OSError as exc:
            _unlink_evidence(staged, exc)
            return KEPT_WITHOUT_FILE
    return None


def submit_status(assignment: Assignment, status, note, on: date | None, user,
                  answer: Callable[[], Any], key: Key | None = None) -> tuple[Any, bool]:
    """Record a follow-up without a file (the API) and commit, once per idempotency key.

    Returns (``answer()``, True) for a new follow-up, the answer built before the commit
    from what is loaded, so no query after the commit can fail on a lost connection
    although the follow-up is stored; (``answer()``, False) when ``key`` was used before
    (the first request's follow-up stands, nothing new is stored). Raises FollowUpError
    (nothing stored), KeyReused/BodyChanged for a key of another request.
    """
    if first_answer(key) is not None:
        return answer(), False
    _check_drop(assignment, status, user)
    try:
        follow_up = record_follow_up(assignment, status, note, on, user=user)
        remember(key, follow_up.id)
    except BaseException:
        db.session.rollback()
        raise
    result = answer()
    try:
        db.session.commit()
    except IntegrityError:
        # A twin with this key committed first: its follow-up stands, this one is dropped.
        db.session.rollback()
        if first_answer(key) is None:
            raise
        db.session.refresh(assignment)
        return answer(), False
    return result, True


def _check_drop(assignment: Assignment, status, user) -> None:
    """An office may not drop a decision (the committee's call): it asks (request_drop)."""
    if status == FollowUpStatus.DROPPED and user is not None and not may_drop(user, assignment):
        raise FollowUpError([{"path": "status", "message": NOT_YOURS_TO_DROP}])


DROP_NOTE_REQUIRED = "কেন বাদ দেওয়া উচিত, তা সংক্ষেপে লিখুন"


def request_drop(assignment: Assignment, note: str, user) -> None:
    """An office asks the committee to drop its decision, with its reason; commits. The
    request shows on the secretary's overview until the district records a status."""
    if not isinstance(note, str) or _CONTROL.search(note):
        raise FollowUpError([{"path": "note", "message": "মন্তব্যে অগ্রহণযোগ্য অক্ষর আছে"}])
    note = normalize_text(note)
    if not note:
        raise FollowUpError([{"path": "note", "message": DROP_NOTE_REQUIRED}])
    if len(note) > NOTE_LIMIT:
        raise FollowUpError([{"path": "note", "message": (
            f"মন্তব্য সর্বোচ্চ {to_bangla_digits(NOTE_LIMIT)} অক্ষরের হতে পারে; "
            f"এখানে {to_bangla_digits(len(note))} অক্ষর")}])
    if assignment.status not in FollowUpStatus.open():
        raise FollowUpError([{"path": "status", "message": "সিদ্ধান্তটি আর অমীমাংসিত নেই"}])
    assignment.drop_requested_on = clock.today()
    assignment.drop_request_note = note
    assignment.drop_requested_by = user.id if user else None
    decision = assignment.decision
    record("drop_request", "assignment", assignment.id, user=user,
           district_id=decision.meeting.committee.district_id,
           summary=f"বাদ দেওয়ার অনুরোধ: {decision.meeting.held_on.isoformat()} সভার সিদ্ধান্ত "
                   f"{number_label(decision.item.position, decision.position)} "
                   f"({assignment.party})",
           changes={"drop_request": [None, note]})
    db.session.commit()


def _discard(staged: StagedEvidence | None) -> None:
    """Remove the file staged for a follow-up that was then refused."""
    if staged is not None:
        with contextlib.suppress(OSError):
            staged.discard()


def _unlink_evidence(staged: StagedEvidence, exc: OSError) -> None:
    """The row is committed but its file could not be moved into place: the row forgets
    the file (no row names a missing file) and the temporary file goes."""
    current_app.logger.error("evidence %s not moved into place: %s", staged.name, exc)
    try:
        db.session.execute(update(FollowUp).where(FollowUp.evidence_path == staged.name)
                           .values(evidence_path=None, evidence_name=None, evidence_type=None))
        db.session.commit()
    except SQLAlchemyError:
        # The row still names the file: the part stays, settle_stale_parts moves it later.
        with contextlib.suppress(SQLAlchemyError):
            db.session.rollback()
        return
    _discard(staged)
