"""The review of open decisions at a later meeting: bringing them before it, recording
their progress from its form, the grouping the minutes print, and confirming the
previous minutes (দৃঢ়ীকরণ)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from ..audit.service import record
from ..bangla import normalize_text, number_label, to_bangla_digits
from ..extensions import db
from ..locks import lock_meeting
from ..models import Assignment, Decision, FollowUp, Item, Meeting, ReviewEntry
from ..records import ensure_draft
from ..vocab import FollowUpStatus, MeetingStatus
from .service import OPEN, STATUS_LABELS, FollowUpError, _base, record_follow_up

_REVIEW_ORDER = (Meeting.held_on, Item.position, Decision.position, Assignment.position)


def attach_review(meeting: Meeting) -> int:
    """Bring the committee's open decisions of earlier meetings before this meeting.

    Entries added by an earlier call stay; every entry is then numbered 1, 2, … in the
    minutes' order (oldest meeting first, then item, decision, office), so a decision
    reopened meanwhile takes its place without sharing a number with another.
    """
    existing = set(db.session.scalars(
        select(ReviewEntry.assignment_id).where(ReviewEntry.meeting_id == meeting.id)))
    rows = db.session.scalars(
        _base().where(Meeting.committee_id == meeting.committee_id,
                      Meeting.held_on < meeting.held_on, Meeting.id != meeting.id,
                      Assignment.status.in_(OPEN))
        .order_by(*_REVIEW_ORDER)
    ).all()
    added = 0
    for assignment in rows:
        if assignment.id in existing:
            continue
        db.session.add(ReviewEntry(meeting_id=meeting.id, assignment=assignment,
                                   position=0, status_before=assignment.status,
                                   note_before=assignment.status_note))
        added += 1
    db.session.flush()
    if added:
        entries = db.session.scalars(
            select(ReviewEntry).join(ReviewEntry.assignment).join(Assignment.decision)
            .join(Decision.item).join(Item.meeting)
            .where(ReviewEntry.meeting_id == meeting.id)
            .order_by(*_REVIEW_ORDER, ReviewEntry.id)).all()
        for position, entry in enumerate(entries, start=1):
            entry.position = position
        db.session.flush()
    return added


def attach_review_by(meeting: Meeting, user) -> int:
    """A secretary's "bring the open decisions before this meeting": drafts only, audited;
    commits. Holds the committee's, then the meeting's lock (committee.locks), so minutes
    being issued meanwhile are either issued first (and refused here) or wait."""
    lock_meeting(meeting.id, meeting.committee_id)
    db.session.refresh(meeting)
    ensure_draft(meeting)
    added = attach_review(meeting)
    if added:
        record("attach_review", "meeting", meeting.id, user=user,
               district_id=meeting.committee.district_id,
               changes={"review_entries": [None, added]},
               summary=f"{meeting.held_on.isoformat()} তারিখের সভার পর্যালোচনায় পূর্ববর্তী "
                       f"সভার {added} টি অমীমাংসিত সিদ্ধান্ত যোগ")
    db.session.commit()
    return added


def record_review_rows(meeting: Meeting, posted: dict[int, tuple[str | None, str]],
                       user) -> list[str]:
    """Record the meeting review's changed rows, `posted` being {entry id: (status, note)}
    as the review form sent them; all or nothing: commits when every row is accepted,
    otherwise stores nothing and returns the refusals, each naming its row. Locks as
    attach_review_by does, then the assignments one by one (the one order)."""
    lock_meeting(meeting.id, meeting.committee_id)
    db.session.refresh(meeting)
    ensure_draft(meeting)  # the review printed in issued minutes stays as issued
    problems = []
    for entry in review_entries(meeting.id):
        status, note = posted.get(entry.id, (None, ""))
        current_status = entry.follow_up.status if entry.follow_up else entry.status_before
        current_note = entry.follow_up.note if entry.follow_up else entry.note_before
        if not status or (status == current_status
                          and normalize_text(note or "") == current_note):
            continue
        try:
            record_review(entry, status, note, user)
        except FollowUpError as exc:
            decision = entry.assignment.decision
            where = (f"সিদ্ধান্ত {number_label(decision.item.position, decision.position)} "
                     f"({entry.assignment.party})")
            problems.extend(f"{where}: {p['message']}" for p in exc.problems)
    if problems:
        db.session.rollback()
    else:
        db.session.commit()
    return problems


def review_entries(meeting_id: int) -> list[ReviewEntry]:
    """The review of a meeting with everything the minutes print, in a constant 2 queries."""
    return db.session.scalars(
        select(ReviewEntry)
        .join(ReviewEntry.assignment).join(Assignment.decision).join(Decision.item)
        .join(Item.meeting)
        .options(contains_eager(ReviewEntry.assignment).contains_eager(Assignment.decision)
                 .contains_eager(Decision.item).load_only(Item.position)
                 .contains_eager(Item.meeting).load_only(Meeting.held_on),
                 joinedload(ReviewEntry.follow_up))
        .where(ReviewEntry.meeting_id == meeting_id)
        .order_by(ReviewEntry.position)
    ).all()


@dataclass(frozen=True)
class ReviewedDecision:
    """What the printed review shows of an earlier decision (review_rows)."""

    id: int
    text: str
    due_on: date | None
    position: int
    item_position: int
    held_on: date  # the meeting that took it

    @property
    def number(self) -> str:
        return f"{self.item_position}.{self.position}"


def review_rows(meeting_id: int) -> list[dict]:
    """The review of a meeting as the minutes print it (group_review), read as plain rows
    in one query: a draft's review may list hundreds of decisions (645 on the national
    dataset's, in about 3,000 entries), which as ORM objects cost more than the page."""
    decisions: dict[int, ReviewedDecision] = {}

    def records():
        for r in db.session.execute(
                select(Decision.id, Decision.text, Decision.due_on, Decision.position,
                       Item.position.label("item_position"), Meeting.held_on,
                       Assignment.party, Assignment.via_group, ReviewEntry.follow_up_id,
                       FollowUp.status, FollowUp.note, ReviewEntry.status_before,
                       ReviewEntry.note_before)
                .select_from(ReviewEntry).join(ReviewEntry.assignment)
                .join(Assignment.decision).join(Decision.item).join(Item.meeting)
                .outerjoin(FollowUp, FollowUp.id == ReviewEntry.follow_up_id)
                .where(ReviewEntry.meeting_id == meeting_id)
                .order_by(ReviewEntry.position)):
            decision = decisions.get(r.id)
            if decision is None:
                decision = decisions[r.id] = ReviewedDecision(
                    r.id, r.text, r.due_on, r.position, r.item_position, r.held_on)
            recorded = r.follow_up_id is not None
            yield (r.id, decision, r.party, r.via_group,
                   r.status if recorded else r.status_before,
                   r.note if recorded else r.note_before)

    return group_review(records())


def group_review(records: Iterable[tuple]) -> list[dict]:
    """The review grouped as the minutes print it: one row per decision, and in it one
    line per responsible party, a group ("… (সকল)") summarised over its member offices.

    `records`: (decision id, decision, party, group or None, status, note) per entry, in
    the review's order. Each row: ``decision``, ``parties``: [{"label", "status", "note",
    "summary", "members": [{"party", "status", "note"}]}]; a group's ``status`` is None
    and its ``summary`` reads "৩/৭ বাস্তবায়িত"."""
    rows: dict[int, dict] = {}
    for decision_id, decision, party, via_group, status, note in records:
        row = rows.setdefault(decision_id, {"decision": decision, "parties": {}})
        row["parties"].setdefault(via_group or party, []).append(
            {"party": party, "status": status, "note": note})
    return [{"decision": row["decision"],
             "parties": [_party_line(label, members)
                         for label, members in row["parties"].items()]}
            for row in rows.values()]


def _party_line(label: str, members: list[dict]) -> dict:
    if len(members) == 1 and members[0]["party"] == label:
        only = members[0]
        return {"label": label, "status": only["status"], "note": only["note"],
                "summary": STATUS_LABELS[only["status"]], "members": []}
    done = sum(1 for m in members if m["status"] == FollowUpStatus.IMPLEMENTED)
    summary = f"{to_bangla_digits(done)}/{to_bangla_digits(len(members))} বাস্তবায়িত"
    others = [f"{STATUS_LABELS[s]} {to_bangla_digits(n)}" for s in STATUS_LABELS
              if s != FollowUpStatus.IMPLEMENTED
              and (n := sum(1 for m in members if m["status"] == s))]
    if others:
        summary += " (" + ", ".join(others) + ")"
    return {"label": label, "status": None, "note": "", "summary": summary,
            "members": members}


def record_review(entry: ReviewEntry, status: str, note: str, user) -> FollowUp:
    """Record a decision's status as reported during the reviewing meeting."""
    follow_up = record_follow_up(entry.assignment, status, note, entry.meeting.held_on,
                                 user=user, meeting=entry.meeting)
    entry.follow_up = follow_up
    return follow_up


CONFIRMATION_KEYS = ("দৃঢ়ীকরণ", "দৃঢ়করণ", "দৃষ্টিকরণ")


def confirms_previous(meeting: Meeting) -> bool:
    """Item 1 is the confirmation of the previous minutes and has been decided."""
    if not meeting.items:
        return False
    first = meeting.items[0]
    title = normalize_text(first.title)
    return bool(first.decisions) and any(normalize_text(k) in title for k in CONFIRMATION_KEYS)


def confirm_previous(meeting: Meeting) -> Meeting | None:
    """On issuing, mark the committee's previous issued minutes as confirmed."""
    if not confirms_previous(meeting):
        return None
    previous = db.session.scalar(
        select(Meeting).where(Meeting.committee_id == meeting.committee_id,
                              Meeting.held_on < meeting.held_on,
                              Meeting.status == MeetingStatus.ISSUED)
        .order_by(Meeting.held_on.desc()).limit(1))
    if previous is not None:
        previous.status = MeetingStatus.CONFIRMED
    return previous


# -- the search page: decision numbers, highlighting, statuses ----------------------------

# A decision's number as the minutes print it: "২.৩", "2.3", "২.৩।" (the committee's
# suffix, "।" or "."), in either digits (turned to ASCII before this pattern).
