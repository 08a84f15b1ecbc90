"""Saving a meeting's content: the one path used by the editor, the import and the API.

Content arrives as the `meeting` object of the committee-minutes/1 format, already
validated (see committee.interchange.validate). Items and decisions that carry an
"id" are updated in place, so follow-up recorded against them survives an edit.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, false, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import NotFound

from .. import clock
from ..audit.service import created, diff, record
from ..audit.snapshots import meeting_content, meeting_counts
from ..authz import scoped
from ..bangla import format_date_numeric
from ..directory.service import Resolver, expand
from ..extensions import db
from ..followup.review import attach_review
from ..locks import is_busy, lock_meeting
from ..models import (
    Assignment,
    Attendance,
    Committee,
    Decision,
    FollowUp,
    IdempotencyKey,
    Item,
    Meeting,
    ResponsibleParty,
)
from ..models._common import utcnow
from ..retrysafe import Key, commit_kept, first_answer, remember
from ..vocab import CommitteeKind, FollowUpStatus, Level

DELETED = "এই খসড়া সভাটি এর মধ্যে মুছে ফেলা হয়েছে"


class NotEditable(Exception):
    """Issued minutes are frozen: a correction is a new letter."""


class Conflict(Exception):
    """The meeting changed after the form was loaded (optimistic locking)."""


class VersionMissing(Exception):
    """An update must name the version it was made from, or it could undo a newer one."""


class Busy(Exception):
    """Another writer of the committee held its lock too long: nothing stored, try again."""


class DateTaken(Exception):
    """The committee already has a meeting on that date (one meeting per committee and
    date): `meeting_id` is that meeting, `held_on` the date; nothing was stored."""

    def __init__(self, meeting_id: int, held_on: date):
        super().__init__(f"meeting {meeting_id} is on {held_on.isoformat()}")
        self.meeting_id = meeting_id
        self.held_on = held_on

    @property
    def message(self) -> str:
        return date_taken_message(self.held_on)


def date_taken_message(held_on: date) -> str:
    """The Bangla refusal of a second meeting of a committee on one date."""
    return (f"এই কমিটির {format_date_numeric(held_on)} তারিখের সভা আগেই আছে; একই কমিটির "
            "একই দিনে একটিই সভা রাখা যায়। সেই সভাটি খুলে দেখুন, অথবা সঠিক তারিখ দিন।")


def meeting_on(committee_id: int | None, held_on: date | None,
               exclude_id: int | None = None) -> int | None:
    """The id of the committee's meeting on `held_on` (other than `exclude_id`), if any."""
    if committee_id is None or held_on is None:
        return None
    stmt = select(Meeting.id).where(Meeting.committee_id == committee_id,
                                    Meeting.held_on == held_on)
    if exclude_id is not None:
        stmt = stmt.where(Meeting.id != exclude_id)
    return db.session.scalar(stmt.order_by(Meeting.id).limit(1))


def _committee_id(meeting: Meeting) -> int | None:
    if meeting.committee_id is not None:
        return meeting.committee_id
    return meeting.committee.id if meeting.committee is not None else None


def check_date_free(meeting: Meeting, held_on: date | None) -> None:
    """Raise DateTaken when another meeting of the committee is on `held_on`."""
    with db.session.no_autoflush:
        other = meeting_on(_committee_id(meeting), held_on, meeting.id)
    if other is not None:
        raise DateTaken(other, held_on)


def token_meeting(key: Key | None) -> int | None:
    """The meeting the first submission of a one-time form token stored, if it still
    exists (to link to it when the form is sent again with other content)."""
    if key is None:
        return None
    return db.session.scalar(
        select(Meeting.id).join(IdempotencyKey, IdempotencyKey.resource_id == Meeting.id)
        .where(IdempotencyKey.user_id == key.user_id, IdempotencyKey.key == key.value,
               IdempotencyKey.endpoint == key.endpoint))


def _date_taken(meeting: Meeting, held_on: date | None) -> DateTaken | None:
    """After a unique-constraint failure (rolled back): the meeting that took the date."""
    other = meeting_on(_committee_id(meeting), held_on, meeting.id)
    return DateTaken(other, held_on) if other is not None else None


def resolver_for(meeting: Meeting) -> Resolver:
    committee = meeting.committee
    return Resolver(committee.district_id, committee.district.name)


def apply_meeting(meeting: Meeting, data: dict, resolver: Resolver | None = None) -> Meeting:
    """Write validated meeting content into `meeting` (new or a draft); DateTaken when
    another meeting of the committee is on its date (nothing written)."""
    if meeting.id is not None and not meeting.is_editable:
        raise NotEditable(meeting.id)
    check_date_free(meeting, data["held_on"])
    resolver = resolver or resolver_for(meeting)
    for field in ("held_on", "time", "venue", "opening", "closing"):
        setattr(meeting, field, data[field])
    meeting.chair_name = data["chair"]["name"]
    meeting.chair_designation = data["chair"]["designation"]
    meeting.attendance_annex = data.get("attendance_annex", False)
    meeting.attendance = [
        Attendance(position=i, name=a["name"], designation=a["designation"],
                   office=a.get("office"), present=a.get("present", True),
                   guest=a.get("guest", False))
        for i, a in enumerate(data["attendance"], start=1)
    ]
    existing = {item.id: item for item in meeting.items}
    items = []
    for position, item_data in enumerate(data["items"], start=1):
        item = existing.pop(item_data.get("id"), None) or Item()
        item.position = position
        item.title = item_data["title"]
        item.discussion = item_data["discussion"]
        item.parties = _parties(item_data["responsible"], resolver)
        items.append(item)
        _apply_decisions(meeting, item, item_data["decisions"], resolver)
    meeting.items = items
    db.session.add(meeting)
    db.session.flush()
    for item in meeting.items:
        for decision in item.decisions:
            sync_assignments(decision, item)
    return meeting


def _parties(names: list[str], resolver: Resolver) -> list[ResponsibleParty]:
    parties = []
    for i, name in enumerate(names, start=1):
        office = resolver(name)
        parties.append(ResponsibleParty(position=i, text=name,
                                        office_id=office.id if office else None,
                                        office=office))
    return parties


def _apply_decisions(meeting: Meeting, item: Item, rows: list[dict], resolver) -> None:
    existing = {d.id: d for d in item.decisions}
    decisions = []
    for position, row in enumerate(rows, start=1):
        decision = existing.pop(row.get("id"), None)
        if decision is None:
            # A decision moved here from another item keeps its id and its follow-up; a
            # new one starts with no assignments, known without asking the database.
            decision = _find_decision(meeting, row.get("id")) or Decision(assignments=[])
        decision.position = position
        decision.text = row["text"]
        decision.due_on = row.get("due_on")
        decision.own_parties = row.get("responsible") is not None
        decision.parties = _parties(row.get("responsible") or [], resolver)
        decision.meeting = meeting
        decisions.append(decision)
    item.decisions = decisions


def _find_decision(meeting: Meeting, decision_id) -> Decision | None:
    if decision_id is None or meeting.id is None:
        return None
    decision = db.session.get(Decision, decision_id)
    return decision if decision is not None and decision.meeting_id == meeting.id else None


def effective_parties(decision: Decision, item: Item | None = None) -> list[ResponsibleParty]:
    """The decision's own parties if it overrides the item's list, else the item's."""
    item = item or decision.item
    return decision.parties if decision.own_parties else item.parties


def sync_assignments(decision: Decision, item: Item | None = None) -> None:
    """Make the decision's assignments match its parties, keeping recorded statuses."""
    wanted = []
    seen = set()
    for party in effective_parties(decision, item):
        for name, office, via in expand(party.office, party.text):
            if name not in seen:
                seen.add(name)
                wanted.append((name, office, via))
    current = {a.party: a for a in decision.assignments}
    result = []
    for position, (name, office, via) in enumerate(wanted, start=1):
        assignment = current.pop(name, None) or Assignment(party=name)
        assignment.position = position
        assignment.office_id = office.id if office else None
        assignment.via_group = via
        result.append(assignment)
    # A party that drops out but already reported progress keeps its row and history.
    kept = [a for a in current.values() if a.status_on is not None]
    for position, assignment in enumerate(kept, start=len(result) + 1):
        assignment.position = position
        if assignment.status in (FollowUpStatus.PENDING, FollowUpStatus.IN_PROGRESS):
            _mark_no_longer_responsible(assignment)
    decision.assignments = result + kept


NO_LONGER_RESPONSIBLE = "দায়িত্বপ্রাপ্তদের তালিকা থেকে বাদ পড়েছে"


def _mark_no_longer_responsible(assignment: Assignment) -> None:
    """Close an open assignment whose party is no longer named, in its history.

    No flush here: the caller may be halfway through renumbering items and decisions.
    """
    from flask_login import current_user

    user_id = current_user.id if current_user and current_user.is_authenticated else None
    db.session.add(FollowUp(assignment=assignment, status=FollowUpStatus.DROPPED, on=clock.today(),
                            note=NO_LONGER_RESPONSIBLE, user_id=user_id))
    assignment.status = FollowUpStatus.DROPPED
    assignment.status_note = NO_LONGER_RESPONSIBLE
    assignment.status_on = clock.today()



# -- the editor and the minutes page -------------------------------------------------------

_KIND_TITLES = {
    (CommitteeKind.ICT, Level.DISTRICT): "জেলা আইসিটি কমিটির মাসিক সভার কার্যবিবরণী",
    (CommitteeKind.ICT, Level.UPAZILA): "উপজেলা আইসিটি কমিটির মাসিক সভার কার্যবিবরণী",
    (CommitteeKind.ICT_COORDINATION, Level.DISTRICT):
        "উপজেলা আইসিটি অফিসসমূহের মাসিক সমন্বয় সভার কার্যবিবরণী",
    (CommitteeKind.ICT_COORDINATION, Level.UPAZILA):
        "উপজেলা আইসিটি অফিসের মাসিক সমন্বয় সভার কার্যবিবরণী",
    (CommitteeKind.ETHICS, Level.DISTRICT): "জেলা নৈতিকতা কমিটির সভার কার্যবিবরণী",
    (CommitteeKind.ETHICS, Level.UPAZILA): "উপজেলা নৈতিকতা কমিটির সভার কার্যবিবরণী",
}


def minutes_title(committee: Committee) -> str:
    """The minutes' title, e.g. "জেলা আইসিটি কমিটির মাসিক সভার কার্যবিবরণী"."""
    title = _KIND_TITLES.get((committee.kind, committee.level))
    if title:
        return title
    # "other": the committee's own name without the place ("…, মাগুরা").
    return f"{committee.name.split(',')[0].strip()} এর সভার কার্যবিবরণী"


def load_meeting(meeting_id: int, *, for_edit: bool = False,
                 fresh: bool = False) -> Meeting | None:
    """A meeting with everything its minutes page shows, in a fixed number of queries.

    `for_edit` adds the decisions' assignments, which saving brings up to date; `fresh`
    overwrites what the session already holds with what is stored now.
    """
    items = selectinload(Meeting.items)
    decisions = items.selectinload(Item.decisions)
    stmt = (
        select(Meeting).where(Meeting.id == meeting_id)
        .options(
            joinedload(Meeting.committee).joinedload(Committee.district),
            joinedload(Meeting.committee).joinedload(Committee.upazila),
            joinedload(Meeting.minutes_letter),
            selectinload(Meeting.attendance),
            items.selectinload(Item.parties),
            decisions.selectinload(Decision.parties),
            *([decisions.selectinload(Decision.assignments)] if for_edit else []),
        )
        .execution_options(populate_existing=fresh)
    )
    return db.session.scalars(stmt).unique().first()


def locked_fresh(meeting: Meeting) -> Meeting:
    """Lock the meeting (its committee's row, then its own: see locks) and reload all that
    saving or issuing reads, so what another writer committed meanwhile is seen.

    A draft deleted meanwhile is a 404 (werkzeug's NotFound, as the loaders answer).
    """
    lock_meeting(meeting.id, meeting.committee_id)
    fresh = load_meeting(meeting.id, for_edit=True, fresh=True)
    if fresh is None:
        raise NotFound(DELETED)
    return fresh


def visible_meetings(user, committee: Committee | None = None, district=None) -> Select:
    """A select() of the meetings the user may see, newest first, with committee and
    minutes letter; limited to `committee`, and to `district` (False: to none)."""
    stmt = scoped(select(Meeting).join(Meeting.committee)
                  .options(contains_eager(Meeting.committee), joinedload(Meeting.minutes_letter))
                  .order_by(Meeting.held_on.desc(), Meeting.id.desc()), user)
    if committee is not None:
        stmt = stmt.where(Meeting.committee_id == committee.id)
    if district is False:
        stmt = stmt.where(false())
    elif district is not None:
        stmt = stmt.where(Committee.district_id == district.id)
    return stmt


def last_venue(committee_id: int) -> str:
    """The venue of the committee's latest meeting ("" if none), to prefill a new one."""
    stmt = (select(Meeting.venue).where(Meeting.committee_id == committee_id)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1))
    return db.session.scalar(stmt) or ""


def save_meeting(meeting: Meeting, data: dict, expected_version: int | None) -> Meeting:
    """Store validated content of a draft and commit, all or nothing.

    `expected_version` is the version the editor's form was loaded with; without it
    (VersionMissing) nothing is stored. Under the committee's lock the meeting is read
    again: issued meanwhile raises NotEditable, changed since the form was loaded raises
    Conflict, a lock not obtained in time raises Busy; nothing is stored in those cases.
    """
    if meeting.id is None:
        create_meeting(meeting, data)
        return meeting
    if expected_version is None:
        raise VersionMissing(meeting.id)
    meeting_id = meeting.id
    try:
        meeting = locked_fresh(meeting)
        if not meeting.is_editable:
            raise NotEditable(meeting_id)
        if meeting.version != expected_version:
            raise Conflict(meeting_id)
        # Touch the row so the version advances even when only items or decisions change.
        meeting.updated_at = utcnow()
        before = meeting_content(meeting)
        apply_meeting(meeting, data)
        _audit_save(meeting, before)
        commit_kept()
    except (StaleDataError, DBAPIError) as exc:
        db.session.rollback()
        if isinstance(exc, StaleDataError):
            raise Conflict(meeting_id) from exc
        if isinstance(exc, IntegrityError):
            taken = _date_taken(meeting, data["held_on"])  # another save took the date
            if taken is not None:
                raise taken from exc
        if is_busy(exc):
            raise Busy(meeting_id) from exc
        raise
    except Exception:
        db.session.rollback()
        raise
    return meeting


def create_meeting(meeting: Meeting, data: dict, key: Key | None = None) -> int:
    """Store a new meeting with the review of what earlier meetings left open; commit.

    Returns the meeting's id. With `key` (the form's one-time token) a second submission
    returns the id of the meeting the first one stored and stores nothing. DateTaken when
    the committee already has a meeting on that date (also when another request stored
    one meanwhile: the database's unique constraint answers then).
    """
    first = first_answer(key)
    if first is not None:
        return first
    committee_id = _committee_id(meeting)
    try:
        apply_meeting(meeting, data)
        # A new meeting reviews what earlier meetings left open (issue: follow-up).
        attach_review(meeting)
        _audit_save(meeting, None)
        remember(key, meeting.id)
        commit_kept()
    except (IntegrityError, DateTaken) as exc:
        db.session.rollback()
        first = first_answer(key)  # a twin with this key was stored first
        if first is not None:
            return first
        if isinstance(exc, DateTaken):
            raise
        other = meeting_on(committee_id, data["held_on"])  # or another save took the date
        if other is None:
            raise
        raise DateTaken(other, data["held_on"]) from exc
    except DBAPIError as exc:
        db.session.rollback()
        if is_busy(exc):
            raise Busy(None) from exc
        raise
    except Exception:
        db.session.rollback()
        raise
    return meeting.id


def _audit_save(meeting: Meeting, before: dict | None) -> None:
    """Log the save: a new meeting's numbers, or the fields an edit changed."""
    committee = meeting.committee
    counts = meeting_counts(meeting)
    if before is None:
        record("create", "meeting", meeting.id, district_id=committee.district_id,
               summary=f"নতুন সভা: {committee.name}, {counts['held_on']}",
               changes=created(counts))
        return
    changes = diff(before, meeting_content(meeting))
    record("update", "meeting", meeting.id, district_id=committee.district_id,
           summary=f"খসড়া সম্পাদনা: {committee.name}, {counts['held_on']}"
                   f" ({len(changes)}টি ঘর পরিবর্তিত)", changes=changes)
