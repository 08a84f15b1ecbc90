"""Follow-up of decisions: recording a status, history, what an office owes, the tracker's
filters and rates (the meeting review is review.py, the search search.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, case, func, or_, select, update
from sqlalchemy.orm import contains_eager, joinedload

from ..audit.service import diff, record
from ..authz import can_run_district
from ..bangla import normalize_text, to_ascii_digits, to_bangla_digits
from ..extensions import db
from ..models import Assignment, Committee, Decision, FollowUp, Item, Meeting
from ..models._common import utcnow
from ..models.search_index import decisions_fts, items_fts
from ..vocab import FollowUpStatus

OPEN = FollowUpStatus.open()
STATUS_LABELS = FollowUpStatus.labels()


NOTE_LIMIT = 5000  # the most the web form and the API accepted before they shared this rule
BANGLADESH = ZoneInfo("Asia/Dhaka")
_LINE_BREAK = re.compile(r"\r\n?")
# C0 controls other than tab and newline, DEL, lone surrogates and the two non-characters:
# PostgreSQL cannot store NUL (it answered 500) and the DOCX (XML) cannot hold the rest.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class FollowUpError(ValueError):
    """A follow-up that cannot be recorded: `problems` is [{"path", "message"}, ...], the
    path one of "status", "on", "note" and the message in Bangla."""

    def __init__(self, problems: list[dict]):
        super().__init__("; ".join(p["message"] for p in problems))
        self.problems = problems


def today_in_bangladesh() -> date:
    """Today's date in Bangladesh, whatever zone the server's clock is set to."""
    return datetime.now(BANGLADESH).date()


def _bn_date(value: date) -> str:
    return to_bangla_digits(value.strftime("%d/%m/%Y"))


def _check(assignment: Assignment, status, note, on: date | None) -> tuple[str, date]:
    """The note as stored and the date, or FollowUpError naming every problem."""
    problems = []
    if not isinstance(status, str) or status not in STATUS_LABELS:
        allowed = ", ".join(f"{s} ({label})" for s, label in STATUS_LABELS.items())
        problems.append({"path": "status", "message": f"অবস্থা এগুলোর একটি হতে হবে: {allowed}"})
    note = "" if note is None else note
    if not isinstance(note, str):
        problems.append({"path": "note", "message": "মন্তব্য লেখা (string) হতে হবে"})
        note = ""
    elif _CONTROL.search(_LINE_BREAK.sub("\n", note)):
        problems.append({"path": "note", "message": "মন্তব্যে অগ্রহণযোগ্য নিয়ন্ত্রণ অক্ষর আছে "
                                                     "(যেমন NUL); লেখাটি আবার টাইপ করুন"})
    else:
        note = normalize_text(note)
        if len(note) > NOTE_LIMIT:
            problems.append({"path": "note", "message": (
                f"মন্তব্য সর্বোচ্চ {to_bangla_digits(NOTE_LIMIT)} অক্ষরের হতে পারে; "
                f"এখানে {to_bangla_digits(len(note))} অক্ষর")})
    today = today_in_bangladesh()
    on = on or today
    held_on = assignment.decision.meeting.held_on
    if on < held_on:
        problems.append({"path": "on", "message": f"তারিখ ({_bn_date(on)}) সিদ্ধান্তের সভার "
                                                   f"তারিখের ({_bn_date(held_on)}) আগে হতে পারে না"})
    elif on > today:
        problems.append({"path": "on", "message": f"তারিখ ({_bn_date(on)}) ভবিষ্যতের হতে পারে না; "
                                                   f"আজ {_bn_date(today)}"})
    if problems:
        raise FollowUpError(problems)
    return note, on


def _lock(assignment: Assignment) -> None:
    """Hold the assignment's row until the transaction ends, and re-read it.

    Two posts for one assignment then write one after the other: the second sees the
    first's status (an UPDATE carries only changed columns, so a stale "pending" would
    not be written over a fresh "implemented") and takes a later (created_at, id)."""
    if db.session.get_bind().dialect.name != "postgresql":
        # SQLite has no row locks: the no-op UPDATE takes the database's write lock first
        # (and makes pysqlite BEGIN), so the read below already sees the previous writer.
        db.session.execute(update(Assignment).where(Assignment.id == assignment.id)
                           .values(id=Assignment.id)
                           .execution_options(synchronize_session=False))
    # Fetched, not only executed: the ORM refreshes the loaded object as rows are read.
    db.session.execute(select(Assignment).where(Assignment.id == assignment.id)
                       .with_for_update().execution_options(populate_existing=True)
                       ).scalar_one()


def _created_at(assignment_id: int) -> datetime:
    """Now, but never before the newest history row: with a clock stepped back (or two
    servers' clocks apart) the order by (created_at, id) still follows the writes."""
    now = utcnow()
    newest = db.session.scalar(select(func.max(FollowUp.created_at))
                               .where(FollowUp.assignment_id == assignment_id))
    if newest is None:
        return now
    if newest.tzinfo is None:  # SQLite keeps the UTC value without its zone
        newest = newest.replace(tzinfo=UTC)
    return max(now, newest)


def record_follow_up(assignment: Assignment, status, note="", on: date | None = None,
                     user=None, meeting: Meeting | None = None,
                     evidence: dict | None = None) -> FollowUp:
    """Check a follow-up, append it to the history and make it the assignment's current
    status (flushed, not committed). Every writer of a follow-up status calls this.

    status: one of STATUS_LABELS; note: at most NOTE_LIMIT characters after NFC and
    whitespace normalization, no control characters but tab and line breaks; on: not
    before the decision's meeting, not after today in Bangladesh (default: today).
    Raises FollowUpError before writing anything. Permissions are the caller's."""
    note, on = _check(assignment, status, note, on)
    _lock(assignment)
    before = {"status": assignment.status, "note": assignment.status_note,
              "on": assignment.status_on}
    follow_up = FollowUp(assignment=assignment, status=status, note=note, on=on,
                         user_id=user.id if user else None,
                         meeting_id=meeting.id if meeting else None,
                         created_at=_created_at(assignment.id), **(evidence or {}))
    db.session.add(follow_up)
    assignment.status = status
    assignment.status_note = note
    assignment.status_on = on
    if assignment.drop_requested_on is not None and (
            user is None or status == FollowUpStatus.DROPPED
            or can_run_district(user, assignment.decision.meeting.committee.district_id)):
        # The district has answered the office's request to drop it (see recording).
        assignment.drop_requested_on = None
        assignment.drop_request_note = None
        assignment.drop_requested_by = None
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
    """Follow-ups per assignment, newest first, in one query.

    Newest is by (created_at, id): record_follow_up writes under the assignment's lock,
    so both grow with the write order and the first row is the current status."""
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


def owed_by_office(office_id: int, district_id: int, today: date,
                   group: str | None = None) -> Select:
    """Open assignments of one office in its district: overdue first, then by due date.
    For a group ("… (সকল)", ``group`` its name): those of its member offices through it."""
    who = Assignment.via_group == group if group else Assignment.office_id == office_id
    return (
        _base()
        .where(who, Assignment.status.in_(OPEN),
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
    fiscal_year: int | None = None  # the year of its 1 July: 2024 for 2024-25

    @property
    def reads_offices(self) -> bool:
        """Whether `filtered` reads the assignments (offices) for these filters."""
        return bool(self.office_id or self.status or self.overdue or self.q)


_FISCAL_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def parse_fiscal_year_arg(text: str | None) -> int | None:
    """'2024-25' or '২০২৪-২৫' -> 2024; None for anything else (no filter)."""
    match = _FISCAL_YEAR.match(to_ascii_digits(text or "").strip())
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        return None
    return int(match[1])


def tracker(committee_id: int, f: TrackerFilters, today: date) -> Select:
    """Every decision × party of a committee, filtered."""
    stmt = filtered(_base().where(Meeting.committee_id == committee_id), f, today)
    return stmt.order_by(Meeting.held_on.desc(), Item.position, Decision.position,
                         Assignment.position)


def filtered(stmt: Select, f: TrackerFilters, today: date) -> Select:
    """`stmt` (joining decisions, items and meetings, and assignments when
    `f.reads_offices`) limited by the tracker's filters: office, status, meeting, overdue,
    words."""
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
    if f.fiscal_year:
        stmt = stmt.where(Meeting.held_on.between(date(f.fiscal_year, 7, 1),
                                                  date(f.fiscal_year + 1, 6, 30)))
    return stmt


def text_match(q: str, *columns, indexed: bool = False):
    """Every word of q appears in one of the columns (case-insensitive, NFC). `indexed`:
    the search across a district or the country, where SQLite's FTS5 tables pay (one
    query per word and indexed column to count the word's rows first); a committee's
    tracker reads its own rows."""
    words = [w for w in normalize_text(q).split(" ") if w]
    return and_(*[or_(*[_contains(col, w, indexed) for col in columns]) for w in words])


# The columns SQLite's FTS5 trigram tables index (models/search_index.py): column → (FTS
# table, the id it holds as rowid). PostgreSQL's pg_trgm indexes serve ILIKE directly.
_FTS = {("decisions", "text"): (decisions_fts, Decision.id),
        ("items", "title"): (items_fts, Item.id),
        ("items", "discussion"): (items_fts, Item.id)}
# A word the index finds in at least this many rows is looked for by reading the rows the
# rest of the query selects (a district's) rather than through the index: the ids of half
# the country's decisions make a slower query than the scan (national dataset, district
# search with many hits: 119 ms scanning, 1,473 ms through the index). Counting up to the
# limit costs about 5 ms a word and column at 1,000 (about 20 ms at 5,000).
FTS_FREQUENT = 1000


def _contains(col, word: str, indexed: bool):
    """`word` anywhere in `col`: ILIKE '%word%'; or on SQLite, for an indexed column, a
    word of three characters or more (the trigram index's least) and one the index finds
    in fewer than FTS_FREQUENT rows (one query to know), the ids the FTS5 table finds."""
    escaped = _escape(word)
    fts = _FTS.get((col.class_.__tablename__, col.key))
    if (indexed and fts and len(word) >= 3 and escaped == word
            and db.session.get_bind().dialect.name == "sqlite"):
        index, id_col = fts
        found = select(index.c.rowid).where(index.c[col.key].like(f"%{word}%"))
        if db.session.scalar(select(func.count()).select_from(
                found.limit(FTS_FREQUENT).subquery())) < FTS_FREQUENT:
            return id_col.in_(found)
    if _caseless(word):  # Bangla: LIKE answers as ILIKE does, without folding each row
        return col.like(f"%{escaped}%", escape="\\")
    return col.ilike(f"%{escaped}%", escape="\\")


def _caseless(word: str) -> bool:
    """No character of `word` has another case (Bangla letters, digits, punctuation):
    matching it with or without case folding finds the same rows. ILIKE folds every row's
    text first: on PostgreSQL 2.6 times the time of LIKE over Bangla decisions (100,000
    rows: 430 against 170 ms); SQLite's ILIKE is lower(text) LIKE lower(word)."""
    return all(c.lower() == c == c.upper() for c in word)


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


