"""Rows of one synthetic committee: its meetings, agenda, assignments, follow-up, letters.

Everything is a plain dict keyed by column name, with the primary keys assigned here
(see :class:`Ids`), ready for one Core ``insert(table)`` executemany per table. The
outcome matches what the application leaves behind: minutes saved (items, decisions,
parties, assignments as ``sync_assignments`` makes them), issued (a ``minutes`` letter
with the file's next serial, the issue fields frozen, the previous minutes confirmed),
and followed up (history rows, the latest one mirrored on the assignment).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import null

from ..vocab import FollowUpStatus, Level, MeetingStatus
from .plan import CommitteePlan, template

OPEN = (FollowUpStatus.PENDING, FollowUpStatus.IN_PROGRESS)
# SQL NULL for a JSON column (a bare None would be stored as the JSON value null).
SQL_NULL = null()
NOTES = {"pending": "কাজ এখনও শুরু হয়নি", "in_progress": "কাজ চলমান রয়েছে",
         "implemented": "বাস্তবায়িত হয়েছে", "dropped": "প্রয়োজন না থাকায় বাদ দেওয়া হয়েছে"}
# Share (per mille) of assignments still open, implemented, dropped by meeting age.
OUTCOMES = ((1, 1000, 0, 0), (3, 600, 380, 20), (6, 300, 650, 50), (12, 80, 860, 60),
            (10**6, 30, 900, 70))


class Ids:
    """Next primary key per table, starting after what the database already holds."""

    def __init__(self, start: dict[str, int]):
        self.next = dict(start)

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


def _mix(*numbers: int) -> int:
    """A cheap deterministic hash in 0..999 (reproducible data without random state)."""
    h = 0
    for n in numbers:
        h = (h * 1_000_003 + n * 2_654_435_761) % 4_294_967_296
    return (h >> 8) % 1000


def meeting_day(year: int, month: int, salt: int, today: date) -> date:
    """A working day (not Friday or Saturday) between the 8th and the 21st, not after today."""
    day = date(year, month, 8 + salt % 12)
    while day.weekday() in (4, 5):
        day += timedelta(days=1)
    return min(day, today)


def _outcome(age: int, h: int) -> str:
    for max_age, open_, done, _ in OUTCOMES:
        if age < max_age:
            if h < open_:
                return (FollowUpStatus.PENDING if h < open_ // 2 or age < 1
                        else FollowUpStatus.IN_PROGRESS)
            return FollowUpStatus.IMPLEMENTED if h < open_ + done else FollowUpStatus.DROPPED
    return "implemented"


@lru_cache(maxsize=65536)
def _at(day: date) -> datetime:
    return datetime.combine(day, time(11, 0), tzinfo=UTC)


class CommitteeRows:
    """Builds the rows of one committee over the given months."""

    def __init__(self, plan: CommitteePlan, ids: Ids, today: date, first_serial: int):
        self.plan, self.ids, self.today = plan, ids, today
        self.serial = first_serial
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.committee_id = ids.take("committees")
        self.latest: tuple[int, date] | None = None

    def committee(self, existing_id: int | None = None) -> None:
        """The committee and its members (skipped when the committee already exists)."""
        p = self.plan
        if existing_id is not None:
            self.committee_id = existing_id
            return
        self.rows["committees"].append({
            "id": self.committee_id, "district_id": p.district.id,
            "upazila_id": p.upazila.id if p.upazila else None, "name": p.name, "kind": p.kind,
            "level": p.level, "file_number": p.file_number, "file_key": p.file_key,
            "serial_reached": 0, "decision_suffix": "।", "reminder_days": 30,
            "office_header": p.header, "distribution": [], "notes": "",
            "created_at": _at(self.today)})
        for m in p.members:
            self.rows["members"].append({"id": self.ids.take("members"),
                                         "committee_id": self.committee_id, **m})

    def meetings(self, months: list[tuple[int, int]], salt: int) -> None:
        """One issued meeting per month, oldest first; the latest stays `issued`."""
        for index, (year, month) in enumerate(months):
            held = meeting_day(year, month, salt + month, self.today)
            age = (self.today.year - year) * 12 + self.today.month - month
            self._meeting(held, age, last=index == len(months) - 1)

    def _meeting(self, held: date, age: int, last: bool) -> None:
        p, ids = self.plan, self.ids
        meeting_id, letter_id = ids.take("meetings"), ids.take("letters")
        memo_date = min(held + timedelta(days=5 + meeting_id % 8), self.today)
        secretary = p.secretary
        self.rows["meetings"].append({
            "id": meeting_id, "committee_id": self.committee_id, "held_on": held,
            "time": time(11, 0) if p.level == Level.DISTRICT else time(10, 30), "venue": p.venue,
            "chair_name": p.chair["name"], "chair_designation": p.chair["designation"],
            "opening": template()["opening"].format(district=p.district.name),
            "closing": template()["closing"],
            "status": MeetingStatus.ISSUED if last else MeetingStatus.CONFIRMED,
            "attendance_annex": False, "has_issue_details": True, "memo_date": memo_date,
            "signatory_name": secretary["name"],
            "signatory_designation": secretary["designation"], "distribution_note": "",
            "distribution": p.distribution, "minutes_letter_id": None,
            "notice_letter_id": None, "version": 2 if last else 3,
            "created_at": _at(held), "updated_at": _at(memo_date)})
        self.rows["letters"].append({
            "id": letter_id, "file_key": p.file_key, "serial": self.serial, "kind": "minutes",
            "committee_id": self.committee_id, "meeting_id": meeting_id,
            "refers_to_id": None, "memo_date": memo_date, "subject": "কার্যবিবরণী",
            "body": "", "created_at": _at(memo_date), "addressee": "",
            # Not frozen yet: the app freezes a letter's DOCX on its first download.
            "docx": None, "sha256": None, "content": SQL_NULL})
        self.serial += 1
        for position, m in enumerate(p.members, start=1):
            self.rows["attendance"].append({
                "id": ids.take("attendance"), "meeting_id": meeting_id, "position": position,
                "name": m["name"], "designation": m["designation"], "office": None,
                "present": _mix(meeting_id, position) >= 80, "guest": False})
        self._items(meeting_id, held, age)
        self.latest = (meeting_id, held)

    def _items(self, meeting_id: int, held: date, age: int) -> None:
        ids, rows = self.ids, self.rows
        for item_pos, item in enumerate(self.plan.items, start=1):
            item_id = ids.take("items")
            rows["items"].append({"id": item_id, "meeting_id": meeting_id,
                                  "position": item_pos, "title": item.title,
                                  "discussion": item.discussion})
            for party_pos, (text, office_id) in enumerate(item.parties, start=1):
                rows["responsible_parties"].append({
                    "id": ids.take("responsible_parties"), "item_id": item_id,
                    "decision_id": None, "position": party_pos, "text": text,
                    "office_id": office_id})
            for dec_pos, text in enumerate(item.decisions, start=1):
                decision_id = ids.take("decisions")
                due = held + timedelta(days=30) if decision_id % 3 == 0 else None
                rows["decisions"].append({
                    "id": decision_id, "item_id": item_id, "meeting_id": meeting_id,
                    "position": dec_pos, "text": text, "due_on": due, "own_parties": False})
                for a_pos, party in enumerate(item.assignments, start=1):
                    self._assignment(decision_id, a_pos, party, held, age)

    def _assignment(self, decision_id: int, position: int, party, held: date,
                    age: int) -> None:
        name, office_id, via = party
        assignment_id = self.ids.take("assignments")
        h = _mix(assignment_id, decision_id)
        status = _outcome(age, h)
        history = self._history(assignment_id, status, held, h)
        last = history[-1] if history else None
        self.rows["assignments"].append({
            "id": assignment_id, "decision_id": decision_id, "position": position,
            "party": name, "office_id": office_id, "via_group": via, "status": status,
            "status_note": last["note"] if last else "",
            "status_on": last["on"] if last else None,
            "drop_requested_on": None, "drop_request_note": None, "drop_requested_by": None,
            "updated_at": last["created_at"] if last else _at(held)})
        self.rows["follow_ups"].extend(history)

    def _history(self, assignment_id: int, status: str, held: date, h: int) -> list[dict]:
        """Recorded follow-ups, oldest first: progress, then the outcome."""
        if status == FollowUpStatus.PENDING:
            steps = ["pending"] if h % 2 else []
        elif status == FollowUpStatus.IMPLEMENTED and h % 3:
            steps = [FollowUpStatus.IN_PROGRESS, FollowUpStatus.IMPLEMENTED]
        else:
            steps = [status]
        out = []
        for n, step in enumerate(steps, start=1):
            on = min(held + timedelta(days=20 * n + h % 10), self.today)
            out.append({"id": self.ids.take("follow_ups"), "assignment_id": assignment_id,
                        "status": step, "note": NOTES[step], "on": on, "meeting_id": None,
                        "evidence_path": None, "evidence_name": None, "evidence_type": None,
                        "user_id": None, "created_at": _at(on)})
        return out

    def review(self) -> None:
        """The latest meeting reviews every assignment of earlier meetings still open."""
        if self.latest is None:
            return
        latest_id, _ = self.latest
        meetings = {m["id"] for m in self.rows["meetings"] if m["id"] != latest_id}
        decisions = {d["id"] for d in self.rows["decisions"] if d["meeting_id"] in meetings}
        position = 0
        for a in self.rows["assignments"]:   # already in meeting, item, decision order
            if a["decision_id"] in decisions and a["status"] in OPEN:
                position += 1
                self.rows["review_entries"].append({
                    "id": self.ids.take("review_entries"), "meeting_id": latest_id,
                    "assignment_id": a["id"], "position": position,
                    "status_before": a["status"], "note_before": a["status_note"],
                    "follow_up_id": None})
