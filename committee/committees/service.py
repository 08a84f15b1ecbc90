"""Committees: the list, saving the form, and the committee's meetings and decisions."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ..audit.service import diff, record
from ..audit.snapshots import committee_content
from ..authz import visible_committees
from ..bangla import format_memo_number, match_key, normalize_text, parse_file_number
from ..directory.service import (
    Resolver,
    find_district,
    find_upazila,
    get_or_create_district,
    get_or_create_upazila,
)
from ..extensions import db
from ..meetings.deletion import NotDeletable
from ..models import Committee, Decision, District, Item, Letter, Meeting, Member
from ..vocab import CommitteeKind, Level, MeetingStatus, MemberRole
from .file import FileTaken, check_file, file_owner

KIND_LABELS = CommitteeKind.labels()
LEVEL_LABELS = Level.labels()
# The form lists members first: most rows are members.
ROLE_LABELS = {r.value: r.label for r in (MemberRole.MEMBER, MemberRole.CHAIR,
                                          MemberRole.MEMBER_SECRETARY)}
# The punctuation after a decision number in the documents ("২.১।" or "২.১.").
DECISION_SUFFIXES = ("।", ".")
DEFAULT_DECISION_SUFFIX = "।"
# Days after the minutes' issue when an open decision counts as overdue.
DEFAULT_REMINDER_DAYS = 30
MAX_REMINDER_DAYS = 365
STATUS_LABELS = MeetingStatus.labels()
LABELS = {"kind_labels": KIND_LABELS, "level_labels": LEVEL_LABELS,
          "role_labels": ROLE_LABELS, "meeting_status_labels": STATUS_LABELS}


def find_committee(name: str, district_id: int, upazila_id: int | None) -> Committee | None:
    """The committee identified by (name, district, upazila), compared forgivingly."""
    stmt = select(Committee).where(Committee.district_id == district_id,
                                   Committee.upazila_id.is_(upazila_id)
                                   if upazila_id is None
                                   else Committee.upazila_id == upazila_id)
    key = match_key(name)
    return next((c for c in db.session.scalars(stmt) if match_key(c.name) == key), None)


def default_header(district_name: str) -> list[str]:
    """The four header lines of the Magura minutes, for another district."""
    return ["গণপ্রজাতন্ত্রী বাংলাদেশ সরকার",
            "ডাক, টেলিযোগাযোগ ও তথ্যপ্রযুক্তি মন্ত্রণালয়",
            f"তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর, {district_name}",
            "প্রোগ্রামার এর দপ্তর"]


def committee_list(user):
    """A select() of the user's committees, district and upazila loaded with them."""
    return (visible_committees(user).join(Committee.district)
            .options(contains_eager(Committee.district), joinedload(Committee.upazila))
            .order_by(District.name, Committee.level, Committee.name, Committee.id))


def committee_by_id(committee_id: int) -> Committee | None:
    return db.session.get(Committee, committee_id)


def discard_unsaved() -> None:
    """Forget what a refused form's checks added to the session (a district created to
    look an office up): nothing of a form that was not saved is kept."""
    db.session.rollback()


def visible_committee_list(user) -> list[Committee]:
    """The committees the user may see, by id, with district and upazila (the API)."""
    return list(db.session.scalars(visible_committees(user).options(
        joinedload(Committee.district), joinedload(Committee.upazila))
        .order_by(Committee.id)))


def name_taken(name: str, district_name: str, upazila_name: str | None,
               exclude_id: int | None = None) -> bool:
    """Whether another committee of that district/upazila already has this name."""
    district = find_district(district_name)
    if district is None:
        return False
    upazila_id = None
    if upazila_name:
        upazila = find_upazila(district, upazila_name)
        if upazila is None:
            return False
        upazila_id = upazila.id
    found = find_committee(name, district.id, upazila_id)
    return found is not None and found.id != exclude_id


def committee_members(committee_id: int) -> list[Member]:
    """The committee's members in order, each with its office loaded."""
    return list(db.session.scalars(
        select(Member).where(Member.committee_id == committee_id)
        .options(joinedload(Member.office)).order_by(Member.position, Member.id)))


@dataclass
class MemberData:
    """One member row as entered: stripped text, a role from ROLE_LABELS."""
    name: str
    designation: str
    office: str
    role: str


def save_committee(committee: Committee | None, data: dict) -> Committee:
    """Create or update a committee from validated form data; commits.

    `data`: name, kind, level, district, upazila (name or None), file_number,
    office_header (list of lines), members (list of MemberData); optionally
    decision_suffix ("।" or ".") and reminder_days (1..365): None or missing keeps the
    committee's value (the defaults for a new committee).

    Raises FileTaken when the file number is another committee's file, also when another
    request took it between the form's check and the commit (nothing is stored then).
    """
    committee_id = committee.id if committee is not None else None
    file_key = parse_file_number(data["file_number"])
    check_file(file_key, committee_id)
    before = committee_content(committee) if committee is not None else {}
    try:  # the queries below autoflush: the constraint may answer at any of them
        committee = _apply(committee, data, file_key)
        db.session.flush()
        record("update" if before else "create", "committee", committee.id,
               district_id=committee.district_id,
               changes=diff(before, committee_content(committee)),
               summary=("কমিটি পরিবর্তন: " if before else "নতুন কমিটি: ") + committee.name)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        owner = file_owner(file_key, committee_id)  # another request took the file meanwhile
        if owner is None:
            raise
        raise FileTaken(owner) from None
    return committee


def _apply(committee: Committee | None, data: dict, file_key: str) -> Committee:
    """The form's values on the committee (a new one is added to the session)."""
    if committee is None:
        district = get_or_create_district(data["district"])
        committee = Committee(district=district, distribution=[], notes="",
                              decision_suffix=DEFAULT_DECISION_SUFFIX,
                              reminder_days=DEFAULT_REMINDER_DAYS)
        db.session.add(committee)
    district = committee.district
    committee.name = normalize_text(data["name"])
    committee.kind = data["kind"]
    committee.level = data["level"]
    committee.upazila = (get_or_create_upazila(district, data["upazila"])
                         if data["level"] == Level.UPAZILA else None)
    committee.file_number = data["file_number"].strip()
    committee.file_key = file_key
    if data.get("decision_suffix") is not None:
        committee.decision_suffix = data["decision_suffix"]
    if data.get("reminder_days") is not None:
        committee.reminder_days = data["reminder_days"]
    committee.office_header = data["office_header"] or default_header(district.name)
    resolver = Resolver(district.id, district.name)
    committee.members = [_member(i, row, resolver)
                         for i, row in enumerate(data["members"], start=1)]
    return committee


def _member(position: int, row: MemberData, resolver: Resolver) -> Member:
    """A member row; the office kept as written, linked when the directory knows it."""
    office_text = normalize_text(row.office)
    office = resolver(office_text) if office_text else None
    return Member(position=position, name=normalize_text(row.name),
                  designation=normalize_text(row.designation),
                  office_text=office_text, office=office, role=row.role)


@dataclass
class MeetingRow:
    """A meeting of the committee page, with its counts and memo number."""
    meeting: Meeting
    items: int
    decisions: int
    memo_number: str | None


def meetings_page(committee_id: int, page: int, per_page: int = 20):
    """The committee's meetings, newest first: (pagination, [MeetingRow]).

    Three statements whatever the page holds: the count, the page (with its minutes
    letter joined), and the item/decision counts of the page's meetings.
    """
    stmt = (select(Meeting).where(Meeting.committee_id == committee_id)
            .options(joinedload(Meeting.minutes_letter))
            .order_by(Meeting.held_on.desc(), Meeting.id.desc()))
    pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    counts = _counts([m.id for m in pagination.items])
    rows = []
    for meeting in pagination.items:
        letter = meeting.minutes_letter
        memo = format_memo_number(letter.file_key, letter.serial) if letter else None
        items, decisions = counts.get(meeting.id, (0, 0))
        rows.append(MeetingRow(meeting, items, decisions, memo))
    return pagination, rows


def _counts(meeting_ids: list[int]) -> dict[int, tuple[int, int]]:
    if not meeting_ids:
        return {}
    stmt = (select(Item.meeting_id, func.count(func.distinct(Item.id)), func.count(Decision.id))
            .outerjoin(Decision, Decision.item_id == Item.id)
            .where(Item.meeting_id.in_(meeting_ids)).group_by(Item.meeting_id))
    return {meeting_id: (items, decisions)
            for meeting_id, items, decisions in db.session.execute(stmt)}


def decisions_page(committee_id: int, page: int, per_page: int = 50):
    """Every decision of the committee, newest meeting first, item and decision order.

    Item, meeting and both party lists are loaded with the page, so the page costs the
    same few statements for 1 row or 50.
    """
    stmt = (select(Decision).join(Decision.item).join(Item.meeting)
            .where(Meeting.committee_id == committee_id)
            .options(contains_eager(Decision.item).contains_eager(Item.meeting),
                     contains_eager(Decision.item).selectinload(Item.parties),
                     selectinload(Decision.parties))
            .order_by(Meeting.held_on.desc(), Meeting.id.desc(), Item.position,
                      Decision.position))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


HAS_MEETINGS = ("এই কমিটির সভা রেকর্ড করা আছে, তাই কমিটিটি মুছে ফেলা যায় না। শুধু যে কমিটির "
                "কোনো সভা নেই সেটিই মুছে ফেলা যায়।")
HAS_LETTERS = "এই কমিটির নথি থেকে পত্র জারি হয়েছে, তাই কমিটিটি মুছে ফেলা যায় না।"


def committee_deletion_blockers(committee: Committee) -> list[str]:
    """Why the committee may not be deleted ([] when it has no meetings and no letters)."""
    reasons = []
    if db.session.scalar(select(func.count(Meeting.id))
                         .where(Meeting.committee_id == committee.id)):
        reasons.append(HAS_MEETINGS)
    if db.session.scalar(select(func.count(Letter.id))
                         .where(Letter.committee_id == committee.id)):
        reasons.append(HAS_LETTERS)
    return reasons


def delete_committee(committee: Committee) -> None:
    """Delete a committee without meetings (and its members); the log keeps a copy.

    Raises NotDeletable when committee_deletion_blockers() objects; commits otherwise.
    """
    reasons = committee_deletion_blockers(committee)
    if reasons:
        raise NotDeletable(reasons)
    snapshot = committee_content(committee)
    snapshot["distribution"] = list(committee.distribution or [])
    record("delete", "committee", committee.id, district_id=committee.district_id,
           summary=f"কমিটি মুছে ফেলা হয়েছে: {committee.name}",
           changes={"deleted": snapshot})
    db.session.delete(committee)
    try:
        db.session.commit()
    except IntegrityError as exc:  # a meeting was added meanwhile
        db.session.rollback()
        raise NotDeletable([HAS_MEETINGS]) from exc
