"""Issuing letters from a committee's file: minutes, notices, corrigenda.

Every letter takes the next serial of its file (the highest serial used so far + 1,
imported historical letters included). Two letters never share a number:

* the UNIQUE (file_key, serial) constraint on ``letters`` is the guarantee; an
  allocation that loses a race fails inside a SAVEPOINT and is retried;
* allocations of one committee are serialized first, so retries stay rare: on
  PostgreSQL by ``SELECT … FOR UPDATE`` on the committee row, on SQLite by a no-op
  UPDATE of that row, which takes SQLite's single write lock for the transaction.

The functions commit: the lock must be held until the letter is stored and no longer.
"""
from __future__ import annotations

import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from .. import bangla, clock
from ..audit.service import record
from ..bangla import format_date_numeric
from ..extensions import db
from ..followup.review import confirm_previous
from ..locks import lock_committee  # noqa: F401 (re-exported: the one lock order)
from ..meetings.service import locked_fresh
from ..models import Committee, Letter, Meeting
from ..models.meetings import MAX_SERIAL
from ..records import FileFull, ensure_draft
from ..retrysafe import Key, commit_kept, remember
from ..vocab import MeetingStatus
from .context import corrigendum_context, minutes_context, notice_context
from .corrigendum import CorrectionError, check_corrections  # noqa: F401 (re-exported)
from .dates import LetterDateError, check_memo_date
from .distribution import effective_distribution, effective_note
from .letters import KIND_LABELS, freeze
from .memo import (  # noqa: F401 (default_signatory, memo_number: re-exported)
    cited_by_reminders,
    default_signatory,
    memo_number,
)

MAX_ATTEMPTS = 8


class NotIssued(Exception):
    """A corrigendum needs issued minutes to refer to."""


class SerialTaken(Exception):
    """The memo number shown on the confirmation page was taken by another letter
    meanwhile: nothing is issued, the page is shown again with ``serial`` (the next)."""

    def __init__(self, shown: int, serial: int):
        super().__init__(f"serial {shown} taken; next is {serial}")
        self.shown, self.serial = shown, serial


def highest_serial(file_key: str) -> int:
    """The highest serial issued from the file (0 when none)."""
    return db.session.scalar(
        select(func.max(Letter.serial)).where(Letter.file_key == file_key)) or 0


def next_serial(committee: Committee) -> int:
    """The serial the committee's next letter takes: after the highest issued and after
    the serial the file had reached outside the system (``serial_reached``)."""
    # Read from the row, not the loaded object: another request may have just raised it.
    reached = db.session.scalar(
        select(Committee.serial_reached).where(Committee.id == committee.id))
    return max(highest_serial(committee.file_key), reached or 0) + 1


def next_memo_number(committee: Committee) -> str:
    """The Bangla-digit memo number the committee's next letter would take."""
    return bangla.format_memo_number(committee.file_key, next_serial(committee))


def _allocate(committee: Committee, kind: str, memo_date: datetime.date,
              expected_serial: int | None = None, **fields) -> Letter:
    """Store a new letter with the next free serial of the committee's file; with
    ``expected_serial`` (the number an officer confirmed) that serial or none."""
    for _ in range(MAX_ATTEMPTS):
        serial = next_serial(committee)
        if serial > MAX_SERIAL:
            raise FileFull()
        if expected_serial is not None and serial != expected_serial:
            raise SerialTaken(expected_serial, serial)
        letter = Letter(file_key=committee.file_key, serial=serial,
                        kind=kind, committee_id=committee.id, memo_date=memo_date, **fields)
        try:
            with db.session.begin_nested():
                db.session.add(letter)
        except IntegrityError:
            continue  # another writer took this serial: read the maximum again
        return letter
    raise RuntimeError(f"no free serial in file {committee.file_key} after "
                       f"{MAX_ATTEMPTS} attempts")


def _locked_fresh(meeting: Meeting) -> Meeting:
    """Lock the committee, then the meeting, and reread all of it: another request may
    have issued it, or saved the draft whose content is about to be frozen."""
    return locked_fresh(meeting)


def _finish(letter: Letter) -> Letter:
    """Commit, keeping the letter and its meeting loaded: the answer needs no new query."""
    commit_kept()
    return letter


def check_issue(meeting: Meeting, memo_date: datetime.date) -> datetime.date:
    """``memo_date`` if the minutes may be issued with it; raises LetterDateError: not
    before the meeting is held (Dhaka's today), the date not before the meeting and at
    most 30 days ahead."""
    if meeting.held_on > clock.today():
        raise LetterDateError("সভা অনুষ্ঠিত হওয়ার আগে কার্যবিবরণী জারি করা যায় না "
                              f"(সভার তারিখ {format_date_numeric(meeting.held_on)})")
    return check_memo_date(memo_date, meeting.held_on)


def issue_preview(meeting: Meeting, memo_date: datetime.date,
                  signatory: tuple[str, str] | None = None) -> dict:
    """What issuing would do, for the confirmation page (nothing is stored): the serial
    and memo number it will take, both dates, the signatory, the recipients, and the
    minutes as they will print. Raises LetterDateError like issuing."""
    check_issue(meeting, memo_date)
    name, designation = signatory or default_signatory(meeting)
    serial = next_serial(meeting.committee)
    number = bangla.format_memo_number(meeting.committee.file_key, serial)
    rows = effective_distribution(meeting)
    doc = minutes_context(meeting)
    doc.update({
        "is_draft": False, "memo_number": number,
        "memo_date_bangla": bangla.format_bangla_date(memo_date),
        "memo_date_gregorian": bangla.format_gregorian_long(memo_date),
        "signatory_name": name, "signatory_designation": designation,
    })
    return {"serial": serial, "memo_number": number, "memo_date": memo_date,
            "memo_date_bangla": doc["memo_date_bangla"],
            "memo_date_gregorian": doc["memo_date_gregorian"],
            "signatory_name": name, "signatory_designation": designation,
            "recipients": len(rows),
            "for_action": sum(1 for r in rows if r["tag"] != "info"),
            "copies": sum(1 for r in rows if r["tag"] == "info"),
            "doc": doc}


def issue_minutes(meeting: Meeting, memo_date: datetime.date | None = None,
                  signatory: tuple[str, str] | None = None, user=None,
                  key: Key | None = None, expected_serial: int | None = None) -> Letter:
    """Issue the minutes of ``meeting``: allocate the memo number and freeze the content.

    Idempotent: minutes already issued keep their letter, date and signatory.
    ``signatory`` is (name, designation), defaulting to :func:`default_signatory`.
    ``user`` is accepted for auditing by callers; authorization happens in the views.
    ``key`` (the API's Idempotency-Key) is stored with the letter, in its transaction.
    ``expected_serial``: the serial the confirmation page showed; when another letter
    took it meanwhile, SerialTaken is raised and nothing is stored.
    """
    if meeting.minutes_letter is not None:
        return meeting.minutes_letter
    memo_date = check_issue(meeting, memo_date or clock.today())
    try:
        meeting = _locked_fresh(meeting)
        if meeting.minutes_letter is not None:
            db.session.rollback()  # release the lock; nothing to store
            return meeting.minutes_letter
        name, designation = signatory or default_signatory(meeting)
        letter = _allocate(meeting.committee, "minutes", memo_date, expected_serial,
                           meeting_id=meeting.id, subject="কার্যবিবরণী")
        meeting.minutes_letter = letter
        meeting.memo_date = memo_date
        meeting.signatory_name, meeting.signatory_designation = name, designation
        if not meeting.distribution:
            # The issued letter names its recipients (and its note) for good.
            meeting.distribution_note = effective_note(meeting)
            meeting.distribution = effective_distribution(meeting)
        meeting.has_issue_details = True
        meeting.status = MeetingStatus.ISSUED
        context = minutes_context(meeting)
        freeze(letter, context, context["title"])
        # Item 1 "পূর্ববর্তী সভার কার্যবিবরণী দৃঢ়ীকরণ", decided: the previous minutes stand.
        _audit_letter("issue", meeting, letter, user, {
            "status": [MeetingStatus.DRAFT, MeetingStatus.ISSUED], "memo_date": [None, memo_date],
            "signatory": [None, ", ".join(p for p in (name, designation) if p)]})
        previous = confirm_previous(meeting)
        if previous is not None:
            record("confirm", "meeting", previous.id, user=user,
                   district_id=meeting.committee.district_id,
                   changes={"status": [MeetingStatus.ISSUED, MeetingStatus.CONFIRMED]},
                   summary=f"{meeting.held_on.isoformat()} তারিখের সভার কার্যবিবরণী জারিতে "
                           f"{previous.held_on.isoformat()} তারিখের কার্যবিবরণী দৃঢ়ীকৃত")
        remember(key, letter.id)
    except Exception:
        db.session.rollback()
        raise
    return _finish(letter)


def issue_notice(meeting: Meeting, memo_date: datetime.date | None = None, user=None) -> Letter:
    """Issue the meeting notice under its own memo number (idempotent like the minutes)."""
    if meeting.notice_letter is not None:
        return meeting.notice_letter
    memo_date = check_memo_date(memo_date or clock.today())
    try:
        meeting = _locked_fresh(meeting)
        if meeting.notice_letter is not None:
            db.session.rollback()
            return meeting.notice_letter
        ensure_draft(meeting)
        letter = _allocate(meeting.committee, "notice", memo_date,
                           meeting_id=meeting.id, subject="সভার নোটিশ")
        meeting.notice_letter = letter
        context = notice_context(meeting)
        freeze(letter, context, context["subject"])
        _audit_letter("issue_notice", meeting, letter, user)
    except Exception:
        db.session.rollback()
        raise
    return _finish(letter)


def issue_corrigendum(meeting: Meeting, corrections, user=None,
                      memo_date: datetime.date | None = None) -> Letter:
    """Issue a correction of issued minutes as a new letter citing the original.

    ``corrections``: [{"ref", "was", "now"}] (see documents.corrigendum), or one text.
    The original letter and the meeting content stay unchanged; every call is a new letter.
    Raises CorrectionError (Bangla problems) and NotIssued.
    """
    if isinstance(corrections, str):
        corrections = [{"ref": "", "was": "", "now": corrections}]
    if meeting.minutes_letter is None:
        raise NotIssued(meeting.id)
    rows = check_corrections(meeting, corrections)
    memo_date = check_memo_date(memo_date or clock.today(), meeting.minutes_letter.memo_date,
                                "কার্যবিবরণীর স্মারকের তারিখ")
    summary = "; ".join(" → ".join(p for p in (r["ref"], r["now"]) if p) for r in rows)
    try:
        lock_committee(meeting.committee_id)
        letter = _allocate(meeting.committee, "corrigendum", memo_date,
                           meeting_id=meeting.id, refers_to_id=meeting.minutes_letter.id,
                           subject="কার্যবিবরণীর সংশোধনী", body=summary)
        context = corrigendum_context(letter, rows)
        freeze(letter, context, context["subject"])
        _audit_letter("issue_corrigendum", meeting, letter, user, {"text": [None, summary]})
    except Exception:
        db.session.rollback()
        raise
    return _finish(letter)




def _audit_letter(action: str, meeting: Meeting, letter: Letter, user,
                  changes: dict | None = None) -> None:
    """Log an issued letter against its meeting (in the letter's transaction)."""
    memo = f"{letter.file_key}.{letter.serial}"
    record(action, "meeting", meeting.id, user=user, district_id=meeting.committee.district_id,
           summary=f"{KIND_LABELS.get(letter.kind, letter.kind)} জারি: স্মারক নম্বর {memo}"
                   f" ({meeting.committee.name}, {meeting.held_on.isoformat()})",
           changes={"memo_number": [None, memo], "sha256": [None, letter.sha256],
                    **(changes or {})})


def letters_of(meeting: Meeting) -> list[Letter]:
    """Every letter issued for ``meeting`` (minutes, notice, corrigenda, and the reminders
    citing it), oldest first."""
    return list(db.session.scalars(
        select(Letter).where(or_(Letter.meeting_id == meeting.id,
                                 Letter.id.in_(cited_by_reminders(meeting.id))))
        .order_by(Letter.serial)))
