"""Import of one committee-minutes/1 document: all or nothing."""
from __future__ import annotations

from sqlalchemy import func, select

from ..audit.service import created, record
from ..audit.snapshots import committee_content, meeting_counts
from ..bangla import match_key
from ..directory.service import (
    Resolver,
    find_district,
    get_or_create_district,
    get_or_create_upazila,
)
from ..extensions import db
from ..meetings.service import apply_meeting
from ..models import Committee, Letter, Meeting
from .validate import ValidationError, validate_document


class ImportRefused(Exception):
    """The user may not import into that district (HTTP 403)."""


def find_committee(name: str, district_id: int, upazila_id: int | None) -> Committee | None:
    """The committee identified by (name, district, upazila), compared forgivingly."""
    stmt = select(Committee).where(Committee.district_id == district_id,
                                   Committee.upazila_id.is_(upazila_id)
                                   if upazila_id is None
                                   else Committee.upazila_id == upazila_id)
    key = match_key(name)
    return next((c for c in db.session.scalars(stmt) if match_key(c.name) == key), None)


def _authorize(user, district_name: str) -> None:
    if user is None or user.role == "admin":
        return
    district = find_district(district_name)
    if user.role != "secretary" or district is None or district.id != user.district_id:
        raise ImportRefused(district_name)


def import_document(doc, user=None) -> Meeting:
    """Validate and store a document as a new meeting; `user` None means the shell."""
    clean = validate_document(doc)
    c = clean["committee"]
    _authorize(user, c["district"])
    try:
        meeting = _store(clean, user)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return meeting


def _store(clean: dict, user=None) -> Meeting:
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
    meeting = Meeting(committee=committee, status="draft")
    apply_meeting(meeting, clean["meeting"], Resolver(district.id, district.name))
    issue = clean["issue"]
    if issue is not None:
        _apply_issue(meeting, committee, issue, c["file_key"])
    db.session.flush()
    letter = meeting.minutes_letter
    record("import", "meeting", meeting.id, district_id=district.id, user=user,
           summary=f"কার্যবিবরণী আমদানি: {committee.name}, {meeting.held_on.isoformat()}",
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
    taken = db.session.scalar(select(func.count()).select_from(Letter).where(
        Letter.file_key == file_key, Letter.serial == serial))
    if taken:
        raise ValidationError([{
            "path": "issue.memo_serial",
            "message": f"এই নথির {serial} নম্বর পত্র আগেই জারি হয়েছে; একই স্মারক নম্বর "
                       "দুইবার ব্যবহার করা যায় না",
        }])
    letter = Letter(file_key=file_key, serial=serial, kind="minutes", committee=committee,
                    meeting=meeting, memo_date=issue["memo_date"], subject="কার্যবিবরণী")
    db.session.add(letter)
    meeting.minutes_letter = letter
    meeting.status = "issued"
