"""Import of one committee-minutes/1 document: all or nothing.

One meeting per committee and date: minutes whose committee already has a meeting on
that date are not stored again. Identical minutes (the same file imported twice) answer
with the meeting already there (:class:`Imported` with ``created`` False: idempotent);
different minutes are refused (:class:`AlreadyImported`, naming the meeting).
"""
from __future__ import annotations

import hashlib
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..audit.service import created, record
from ..audit.snapshots import committee_content, meeting_counts
from ..authz import is_admin
from ..bangla import format_date_numeric, to_bangla_digits
from ..committees.file import file_owner, file_taken_message
from ..committees.service import find_committee
from ..directory.service import (
    Resolver,
    find_district,
    find_upazila,
    get_or_create_district,
    get_or_create_upazila,
)
from ..extensions import db
from ..followup.review import attach_review
from ..interchange.exporter import export_meeting
from ..interchange.validate import ValidationError, validate_document
from ..meetings.service import DateTaken, apply_meeting, date_taken_message, meeting_on
from ..models import Committee, Letter, Meeting
from ..vocab import MeetingStatus, Role


class ImportRefused(Exception):
    """The user may not import into that district (HTTP 403)."""


HELD_ON_PATH = "meeting.held_on"


class AlreadyImported(ValidationError):
    """The committee already has a meeting on the document's date, with other content
    (a ValidationError at ``meeting.held_on`` whose problem carries ``meeting_id``)."""

    def __init__(self, meeting: Meeting):
        self.meeting_id = meeting.id
        self.held_on = meeting.held_on
        super().__init__([{"path": HELD_ON_PATH, "meeting_id": meeting.id,
                           "message": already_imported_message(meeting)}])


def already_imported_message(meeting: Meeting) -> str:
    """Different minutes of a committee and date already stored (imported or typed)."""
    fix = ("সংশোধন করতে সেই খসড়াটি খুলে সম্পাদনা করুন।" if meeting.is_editable else
           "সেই সভার কার্যবিবরণী জারি হয়েছে; সংশোধন প্রয়োজন হলে সংশোধনী পত্র জারি করুন।")
    return (date_taken_message(meeting.held_on).split(";")[0]
            + "; ফাইলের কার্যবিবরণী সেই সভা থেকে আলাদা, তাই আমদানি করা হয়নি (একই কমিটির "
              f"একই দিনে একটিই সভা রাখা যায়)। {fix}")


IDENTICAL = ("এই কার্যবিবরণী আগেই আমদানি করা হয়েছে এবং ফাইলটি হুবহু একই, তাই নতুন কিছু "
             "যোগ হয়নি; এটিই সেই সভা।")


class Imported(NamedTuple):
    """An import's answer: the meeting, and whether this import stored it (False: the
    same minutes were already there)."""
    meeting: Meeting
    created: bool


def _may_import(user, district_name: str) -> bool:
    if user is None or is_admin(user):
        return True
    district = find_district(district_name)
    return user.role == Role.SECRETARY and district is not None and district.id == user.district_id


def _authorize(user, district_name: str) -> None:
    if not _may_import(user, district_name):
        raise ImportRefused(district_name)


FILE_NUMBER_PATH = "committee.file_number"


def _existing_committee(c: dict) -> Committee | None:
    """The committee the document's (name, district, upazila) names, if it exists."""
    district = find_district(c["district"])
    if district is None:
        return None
    upazila = find_upazila(district, c["upazila"]) if c["upazila"] else None
    if c["upazila"] and upazila is None:
        return None
    return find_committee(c["name"], district.id, upazila.id if upazila else None)


def file_problems(c: dict) -> list[dict]:
    """The document's file number must not be another committee's file.

    A new committee needs a file of its own; an existing committee (same name, district
    and upazila) may import on its own file, or on a file no other committee holds.
    """
    existing = _existing_committee(c)
    owner = file_owner(c["file_key"], existing.id if existing else None)
    if owner is None:
        return []
    return [{"path": FILE_NUMBER_PATH, "message": file_taken_message(owner)}]


def _serial_problems(clean: dict) -> list[dict]:
    issue = clean["issue"]
    if issue is None or issue["memo_serial"] is None:
        return []
    return _serial_taken(clean["committee"]["file_key"], issue["memo_serial"])


def _serial_taken(file_key: str, serial: int) -> list[dict]:
    taken = db.session.scalar(select(func.count()).select_from(Letter).where(
        Letter.file_key == file_key, Letter.serial == serial))
    if not taken:
        return []
    return [{"path": "issue.memo_serial",
             "message": f"এই নথির {to_bangla_digits(serial)} নম্বর পত্র আগেই জারি হয়েছে; "
                        "একই স্মারক নম্বর দুইবার ব্যবহার করা যায় না"}]


def import_document(doc, user=None) -> Meeting:
    """The meeting `import_minutes` stored (or found identical); `user` None: the shell."""
    return import_minutes(doc, user).meeting


def import_minutes(doc, user=None, original: bytes | None = None) -> Imported:
    """Validate and store a document as a new meeting; `user` None means the shell.

    `original`: the file the minutes were read from (a Word document of issued minutes),
    kept as the minutes letter's frozen document: the original is the record.

    When the committee already has a meeting on the document's date: identical minutes
    answer with it (``created`` False, nothing stored), other minutes raise
    AlreadyImported (nothing stored).

    A draft (a document without "issue") gets the review of the committee's earlier open
    decisions, as a meeting created in the browser does.

    A constraint error at the commit means another request stored something meanwhile
    (a committee on this file number, a letter with this serial, this same new committee):
    after the rollback the checks run again and answer with their Bangla problem; when
    none applies (the committee was created meanwhile) the import is stored once more,
    into that committee.
    """
    # The file's owner is looked up for users who may import there (the others get 403).
    clean = validate_document(doc, committee_check=lambda c: file_problems(c)
                              if _may_import(user, c["district"]) else [])
    _authorize(user, clean["committee"]["district"])
    for attempt in range(2):
        there = _same_day(clean)
        if there is not None:
            return Imported(there, False)
        try:
            return Imported(_commit(clean, user, original), True)
        except (IntegrityError, DateTaken):  # DateTaken: stored meanwhile, found above
            _raise_conflicts(clean)
            if attempt:
                raise
    raise AssertionError("unreachable")


def _same_day(clean: dict) -> Meeting | None:
    """The committee's meeting on the document's date when its minutes are the same;
    AlreadyImported when they differ; None when the date is free."""
    committee = _existing_committee(clean["committee"])
    found = meeting_on(committee.id if committee else None, clean["meeting"]["held_on"])
    if found is None:
        return None
    meeting = db.session.get(Meeting, found)
    if not _same_minutes(meeting, clean):
        db.session.rollback()  # the lookups are not kept
        raise AlreadyImported(meeting)
    return meeting


def _without_ids(value):
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _same_minutes(meeting: Meeting, clean: dict) -> bool:
    """Whether the stored meeting says what the document says (content and issue)."""
    try:
        stored = validate_document(export_meeting(meeting))
    except ValidationError:
        return False
    return all(_without_ids(stored[part]) == _without_ids(clean[part])
               for part in ("meeting", "issue"))


def _commit(clean: dict, user, original: bytes | None = None) -> Meeting:
    try:
        meeting = _store(clean, user, original)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return meeting


def _raise_conflicts(clean: dict) -> None:
    """ValidationError naming what another request took meanwhile, if anything."""
    problems = file_problems(clean["committee"]) + _serial_problems(clean)
    if problems:
        raise ValidationError(problems) from None
    # Another request stored the committee's meeting of that date meanwhile: the loop of
    # import_minutes answers with it (the same minutes) or refuses (other minutes).


def _store(clean: dict, user=None, original: bytes | None = None) -> Meeting:
    c = clean["committee"]
    district = get_or_create_district(c["district"])
    upazila = get_or_create_upazila(district, c["upazila"]) if c["upazila"] else None
    committee = find_committee(c["name"], district.id, upazila.id if upazila else None)
    if committee is None:
        committee = Committee(district=district, upazila=upazila, name=c["name"],
                              kind=c["kind"], level=c["level"], file_number=c["file_number"],
                              file_key=c["file_key"], office_header=c["office_header"])
        db.session.add(committee)
        db.session.flush()
        record("create", "committee", committee.id, district_id=district.id, user=user,
               summary=f"কার্যবিবরণী আমদানির সাথে নতুন কমিটি: {committee.name}",
               changes=created(committee_content(committee)))
    meeting = Meeting(committee=committee, status=MeetingStatus.DRAFT)
    apply_meeting(meeting, clean["meeting"], Resolver(district.id, district.name))
    issue = clean["issue"]
    if issue is not None:
        _apply_issue(meeting, committee, issue, c["file_key"])
        if original is not None and meeting.minutes_letter is not None:
            meeting.minutes_letter.docx = original
            meeting.minutes_letter.sha256 = hashlib.sha256(original).hexdigest()
    db.session.flush()
    if issue is None:
        # A new draft reviews what earlier meetings left open, as one made in the browser
        # does (meetings.service.create_meeting); minutes imported as issued (legacy
        # minutes, with an "issue" block) are a record of the past and take no review.
        attach_review(meeting)
    letter = meeting.minutes_letter
    record("import", "meeting", meeting.id, district_id=district.id, user=user,
           summary=f"কার্যবিবরণী আমদানি: {committee.name}, "
                   f"{format_date_numeric(meeting.held_on)}",
           changes=created({**meeting_counts(meeting), "status": meeting.status,
                            "memo_number": f"{letter.file_key}.{letter.serial}"
                            if letter else None}))
    return meeting


def _apply_issue(meeting: Meeting, committee: Committee, issue: dict, file_key: str) -> None:
    meeting.has_issue_details = True
    meeting.memo_date = issue["memo_date"]
    meeting.signatory_name = issue["signatory"]["name"]
    meeting.signatory_designation = issue["signatory"]["designation"]
    meeting.distribution_note = issue["distribution_note"]
    meeting.distribution = issue["distribution"]
    serial = issue["memo_serial"]
    if serial is None:
        return
    problems = _serial_taken(file_key, serial)
    if problems:
        raise ValidationError(problems)
    letter = Letter(file_key=file_key, serial=serial, kind="minutes", committee=committee,
                    meeting=meeting, memo_date=issue["memo_date"], subject="কার্যবিবরণী")
    db.session.add(letter)
    meeting.minutes_letter = letter
    meeting.status = MeetingStatus.ISSUED
