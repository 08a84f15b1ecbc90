"""Follow-up of decisions: history, what an office owes, the committee tracker, reviews."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from ..audit.service import diff, record
from ..bangla import normalize_text, to_bangla_digits
from ..extensions import db
from ..models import Assignment, Committee, Decision, FollowUp, Item, Meeting, ReviewEntry
from ..records import ensure_draft

OPEN = ("pending", "in_progress")
STATUS_LABELS = {
    "pending": "অমীমাংসিত",
    "in_progress": "চলমান",
    "implemented": "বাস্তবায়িত",
    "dropped": "বাদ দেওয়া হয়েছে",
}


class FollowUpError(ValueError):
    """A follow-up that cannot be recorded; the message is in Bangla."""


def record_follow_up(assignment: Assignment, status: str, note: str = "", on: date | None = None,
                     user=None, meeting: Meeting | None = None,
                     evidence: dict | None = None) -> FollowUp:
    """Append a follow-up to the history and make it the assignment's current status."""
    if status not in STATUS_LABELS:
        raise FollowUpError("অবস্থা হতে হবে: " + ", ".join(STATUS_LABELS))
    note = normalize_text(note or "")
    follow_up = FollowUp(assignment=assignment, status=status, note=note,
                         on=on or date.today(), user_id=user.id if user else None,
                         meeting_id=meeting.id if meeting else None, **(evidence or {}))
    db.session.add(follow_up)
    before = {"status": assignment.status, "note": assignment.status_note,
              "on": assignment.status_on}
    assignment.status = status
    assignment.status_note = note
    assignment.status_on = follow_up.on
    _audit_follow_up(assignment, before, user, meeting, evidence)
    db.session.flush()
    return follow_up


def _audit_follow_up(assignment: Assignment, before: dict, user, meeting, evidence) -> None:
    decision = assignment.decision
    held = decision.meeting
    after = {"status": assignment.status, "note": assignment.status_note,
             "on": assignment.status_on}
    changes = diff(before, after)
    if evidence and evidence.get("evidence_name"):
        changes["evidence"] = [None, evidence["evidence_name"]]
    where = f"; {meeting.held_on.isoformat()} তারিখের সভার পর্যালোচনায়" if meeting else ""
    record("status", "assignment", assignment.id, user=user,
           district_id=held.committee.district_id, changes=changes,
           summary=f"{held.held_on.isoformat()} তারিখের সভার সিদ্ধান্ত {decision.number}, "
                   f"{assignment.party}: {STATUS_LABELS.get(before['status'], '—')} → "
                   f"{STATUS_LABELS[assignment.status]}{where}")


def history(assignment_ids: list[int]) -> dict[int, list[FollowUp]]:
    """Follow-ups per assignment, newest first, in one query."""
    rows = db.session.scalars(
        select(FollowUp).options(joinedload(FollowUp.user))
        .where(FollowUp.assignment_id.in_(assignment_ids))
        .order_by(FollowUp.created_at.desc(), FollowUp.id.desc())
    )
    out: dict[int, list[FollowUp]] = {}
    for row in rows:
        out.setdefault(row.assignment_id, []).append(row)
    return out


def _base() -> Select:
    """Assignments with their decision, item, meeting and committee loaded by joins."""
    return (
        select(Assignment)
        .join(Assignment.decision).join(Decision.item).join(Item.meeting)
        .join(Meeting.committee)
        .options(contains_eager(Assignment.decision).contains_eager(Decision.item)
                 .contains_eager(Item.meeting).contains_eager(Meeting.committee))
    )


def overdue_flag(today: date):
    return case((and_(Decision.due_on.is_not(None), Decision.due_on < today), 0), else_=1)


def owed_by_office(office_id: int, district_id: int, today: date) -> Select:
    """Open assignments of one office in its district: overdue first, then by due date."""
    return (
        _base()
        .where(Assignment.office_id == office_id, Assignment.status.in_(OPEN),
               Committee.district_id == district_id)
        .order_by(overdue_flag(today), Decision.due_on.is_(None), Decision.due_on,
                  Meeting.held_on.desc(), Item.position, Decision.position, Assignment.id)
    )


@dataclass
class TrackerFilters:
    office_id: int | None = None
    status: str | None = None
    meeting_id: int | None = None
    overdue: bool = False
    q: str = ""


def tracker(committee_id: int, f: TrackerFilters, today: date) -> Select:
    """Every decision × party of a committee, filtered."""
    stmt = _base().where(Meeting.committee_id == committee_id)
    if f.office_id:
        stmt = stmt.where(Assignment.office_id == f.office_id)
    if f.status:
        stmt = stmt.where(Assignment.status == f.status)
    if f.meeting_id:
        stmt = stmt.where(Meeting.id == f.meeting_id)
    if f.overdue:
        stmt = stmt.where(Assignment.status.in_(OPEN), Decision.due_on < today)
    if f.q:
        stmt = stmt.where(text_match(f.q, Decision.text, Assignment.party, Item.title))
    return stmt.order_by(Meeting.held_on.desc(), Item.position, Decision.position,
                         Assignment.position)


def text_match(q: str, *columns):
    """Every word of q appears in one of the columns (case-insensitive, NFC)."""
    words = [w for w in normalize_text(q).split(" ") if w]
    return and_(*[or_(*[col.ilike(f"%{_escape(w)}%", escape="\\") for col in columns])
                  for w in words])


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def rates(committee_id: int) -> tuple[list[dict], dict]:
    """Implementation rate per office and for the committee (dropped ones excluded)."""
    implemented = func.sum(case((Assignment.status == "implemented", 1), else_=0))
    counted = func.sum(case((Assignment.status != "dropped", 1), else_=0))
    stmt = (
        select(Assignment.party, func.count(), implemented, counted)
        .join(Assignment.decision).where(Decision.meeting_id.in_(
            select(Meeting.id).where(Meeting.committee_id == committee_id)))
        .group_by(Assignment.party).order_by(Assignment.party)
    )
    rows = [{"party": p, "total": t, "implemented": i or 0, "counted": c or 0,
             "rate": round(100 * (i or 0) / c, 1) if c else None}
            for p, t, i, c in db.session.execute(stmt)]
    total_i = sum(r["implemented"] for r in rows)
    total_c = sum(r["counted"] for r in rows)
    overall = {"implemented": total_i, "counted": total_c,
               "rate": round(100 * total_i / total_c, 1) if total_c else None}
    return rows, overall


def attach_review(meeting: Meeting) -> int:
    """Bring the committee's open decisions of earlier meetings before this meeting."""
    existing = set(db.session.scalars(
        select(ReviewEntry.assignment_id).where(ReviewEntry.meeting_id == meeting.id)))
    rows = db.session.scalars(
        _base().where(Meeting.committee_id == meeting.committee_id,
                      Meeting.held_on < meeting.held_on, Meeting.id != meeting.id,
                      Assignment.status.in_(OPEN))
        .order_by(Meeting.held_on, Item.position, Decision.position, Assignment.position)
    ).all()
    added = 0
    for position, assignment in enumerate(rows, start=1):
        if assignment.id in existing:
            continue
        db.session.add(ReviewEntry(meeting_id=meeting.id, assignment=assignment,
                                   position=position, status_before=assignment.status,
                                   note_before=assignment.status_note))
        added += 1
    db.session.flush()
    return added


def attach_review_by(meeting: Meeting, user) -> int:
    """A secretary's "bring the open decisions before this meeting": drafts only, audited."""
    ensure_draft(meeting)
    added = attach_review(meeting)
    if added:
        record("attach_review", "meeting", meeting.id, user=user,
               district_id=meeting.committee.district_id,
               changes={"review_entries": [None, added]},
               summary=f"{meeting.held_on.isoformat()} তারিখের সভার পর্যালোচনায় পূর্ববর্তী "
                       f"সভার {added} টি অমীমাংসিত সিদ্ধান্ত যোগ")
    return added


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


def review_by_decision(entries: list[ReviewEntry]) -> list[dict]:
    """The review grouped as the minutes print it: one row per decision, and in it one
    line per responsible party, a group ("… (সকল)") summarised over its member offices.

    Each row: ``decision`` (the Decision), ``parties``: [{"label", "status", "note",
    "summary", "members": [{"party", "status", "note"}]}]; a group's ``status`` is None
    and its ``summary`` reads "৩/৭ বাস্তবায়িত"."""
    rows: dict[int, dict] = {}
    for entry in entries:
        assignment = entry.assignment
        latest = entry.follow_up
        status = latest.status if latest else entry.status_before
        note = latest.note if latest else entry.note_before
        row = rows.setdefault(assignment.decision_id,
                              {"decision": assignment.decision, "parties": {}})
        label = assignment.via_group or assignment.party
        row["parties"].setdefault(label, []).append(
            {"party": assignment.party, "status": status, "note": note})
    return [{"decision": row["decision"],
             "parties": [_party_line(label, members)
                         for label, members in row["parties"].items()]}
            for row in rows.values()]


def _party_line(label: str, members: list[dict]) -> dict:
    if len(members) == 1 and members[0]["party"] == label:
        only = members[0]
        return {"label": label, "status": only["status"], "note": only["note"],
                "summary": STATUS_LABELS[only["status"]], "members": []}
    done = sum(1 for m in members if m["status"] == "implemented")
    summary = f"{to_bangla_digits(done)}/{to_bangla_digits(len(members))} বাস্তবায়িত"
    others = [f"{STATUS_LABELS[s]} {to_bangla_digits(n)}" for s in STATUS_LABELS
              if s != "implemented" and (n := sum(1 for m in members if m["status"] == s))]
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
                              Meeting.held_on < meeting.held_on, Meeting.status == "issued")
        .order_by(Meeting.held_on.desc()).limit(1))
    if previous is not None:
        previous.status = "confirmed"
    return previous
