"""Distribution lists (বিতরণ): proposing, cleaning and saving them.

A list is ``[{"text": str, "tag": "action" | "info"}, ...]``: "action" entries go under
"বিতরণ", "info" entries under "সদয় অবগতি ও কার্যার্থে অনুলিপি".
"""
from __future__ import annotations

import unicodedata

from sqlalchemy import select

from ..audit.service import diff, record
from ..bangla import match_key
from ..directory.service import Resolver
from ..extensions import db
from ..models import Committee, Meeting, StandingDistribution
from ..vocab import MemberRole
from .memo import default_signatory

TAGS = ("action", "info")
MAX_ENTRIES = 200
MAX_TEXT = 500
# "স্ব স্ব দপ্তর প্রধান" (= each concerned office) is no address to send a letter to.
_NOT_ADDRESSES = ("স্ব স্ব",)
# What a new list's heading says unless the committee's standing list says otherwise.
DEFAULT_NOTE = "জ্যেষ্ঠতার ক্রমানুসারে নয়"
MAX_NOTE = 300
# Why the proposal leaves a recipient out (shown on the editor).
CHAIR = "সভাপতি: কার্যবিবরণীতে স্বাক্ষর করেন"
SIGNATORY = "স্বাক্ষরকারী"
REMOVED = "স্থায়ী তালিকায় বাদ দেওয়া"


class DistributionFrozen(Exception):
    """Issued minutes keep the distribution they were issued with."""


def clean_rows(rows) -> list[dict]:
    """Normalize rows (dicts or plain strings): NFC, trimmed, known tag, no blanks/dupes."""
    result, seen = [], set()
    for row in rows or []:
        if isinstance(row, str):
            row = {"text": row}
        text = unicodedata.normalize("NFC", str(row.get("text") or "")).strip()[:MAX_TEXT]
        tag = row.get("tag") if row.get("tag") in TAGS else "action"
        key = match_key(text)
        if not key or key in seen:
            continue
        seen.add(key)
        result.append({"text": text, "tag": tag})
    return result[:MAX_ENTRIES]


def member_entries(meeting: Meeting) -> list[str]:
    """The committee's members as recipients (designation, else name), secretary excluded."""
    return [m.designation or m.name for m in meeting.committee.members
            if m.role != MemberRole.MEMBER_SECRETARY and (m.designation or m.name)]


def party_entries(meeting: Meeting) -> list[str]:
    """Responsible parties of the meeting's items and decisions, as written, in order."""
    names = []
    for item in meeting.items:
        names.extend(p.text for p in item.parties)
        for decision in item.decisions:
            if decision.own_parties:
                names.extend(p.text for p in decision.parties)
    return [n for n in names if not n.strip().startswith(_NOT_ADDRESSES)]


def previous_distribution(meeting: Meeting) -> list:
    """The list saved with the committee's latest other meeting ([] if none)."""
    stmt = (select(Meeting.distribution)
            .where(Meeting.committee_id == meeting.committee_id, Meeting.id != meeting.id)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(5))
    return next((rows for rows in db.session.scalars(stmt) if rows), [])


def propose_distribution(meeting: Meeting) -> list[dict]:
    """The list to start from (see :func:`proposal`)."""
    return proposal(meeting)[0]


def proposal(meeting: Meeting) -> tuple[list[dict], list[dict]]:
    """(rows, left out) of the list to start from.

    Rows: the committee's standing list (without one, the list of its latest meeting),
    its members, then the responsible parties of this meeting, one row per directory
    office (other rows compared by match_key). Left out, as [{"text", "why"}]: the chair
    and the signatory (who sign the minutes), and what the standing list remembers as
    removed; the chair and the signatory are never proposed, whatever the source.
    """
    offices = _Offices(meeting.committee)
    rows = _one_row_per_office(clean_rows(_sources(meeting)), offices)
    signers = _Matcher(offices, _signers(meeting))
    standing = meeting.committee.standing
    removed = _Matcher(offices, [(t, REMOVED) for t in (standing.removed if standing else [])])
    kept, left_out = [], []
    for row in rows:
        why = signers.why(row["text"]) or removed.why(row["text"])
        if why is None:
            kept.append(row)
        else:
            left_out.append({"text": row["text"], "why": why})
    # A removed row no source proposes any more is still shown, so it can be brought back.
    shown = {match_key(r["text"]) for r in left_out}
    left_out += [{"text": t, "why": REMOVED} for t in (standing.removed if standing else [])
                 if match_key(t) not in shown and not signers.why(t)]
    return kept, left_out


def _sources(meeting: Meeting) -> list[dict]:
    rows = list(meeting.committee.distribution or previous_distribution(meeting))
    rows += [{"text": t, "tag": "action"} for t in member_entries(meeting)]
    rows += [{"text": t, "tag": "action"} for t in party_entries(meeting)]
    return rows


def _signers(meeting: Meeting) -> list[tuple[str, str]]:
    """(text, why) of who signs the minutes: the chair and the signatory, as the meeting
    and the committee's members name them (designation and name)."""
    committee = meeting.committee
    chair = committee.chair
    texts = [(meeting.chair_designation, CHAIR), (meeting.chair_name, CHAIR)]
    if chair is not None:
        texts += [(chair.designation, CHAIR), (chair.name, CHAIR)]
    name, designation = (meeting.signatory_name, meeting.signatory_designation)
    if not (name or designation):
        name, designation = default_signatory(meeting)
    texts += [(designation, SIGNATORY), (name, SIGNATORY)]
    secretary = committee.secretary
    if secretary is not None:
        texts += [(secretary.designation, SIGNATORY), (secretary.name, SIGNATORY)]
    return [(t, why) for t, why in texts if t and t.strip()]


class _Matcher:
    """Whether a row names one of the given recipients: the same text (match_key) or the
    same directory office ("জেলা প্রশাসক" and "জেলা প্রশাসক, মাগুরা")."""

    def __init__(self, offices: _Offices, texts: list[tuple[str, str]]):
        self.offices = offices
        self.keys: dict[str, str] = {}
        self.office_ids: dict[int, str] = {}
        for text, why in texts:
            self.keys.setdefault(match_key(text), why)
            office_id = offices.office_id(text)
            if office_id is not None:
                self.office_ids.setdefault(office_id, why)

    def why(self, text: str) -> str | None:
        found = self.keys.get(match_key(text))
        if found is None and self.office_ids:
            found = self.office_ids.get(self.offices.office_id(text))
        return found


class _Offices:
    """The directory office a row names, for the committee's district (and upazila).

    One Resolver for the whole list: a fixed number of queries however long it is.
    """

    def __init__(self, committee: Committee):
        district = committee.district
        self.resolve = Resolver(district.id, district.name)
        self.upazila = committee.upazila.name if committee.upazila is not None else ""
        places = [district.name] + ([self.upazila] if self.upazila else [])
        # match_key puts one space after a comma: " মাগুরা" covers ", মাগুরা" and "… মাগুরা".
        self.place_suffixes = tuple(" " + match_key(p) for p in places)

    def office_id(self, text: str) -> int | None:
        office = self.resolve(text)
        if office is None and self.upazila:
            # In an upazila committee's minutes "উপজেলা নির্বাহী অফিসার" is that upazila's.
            office = self.resolve(f"{match_key(text)}, {self.upazila}")
        return office.id if office is not None else None

    def names_place(self, text: str) -> bool:
        """Whether the text ends with the district's or upazila's name ("…, মাগুরা")."""
        return match_key(text).endswith(self.place_suffixes)


def _one_row_per_office(rows: list[dict], offices: _Offices) -> list[dict]:
    """Merge rows naming the same directory office into the first one (its place and
    tag), written as the Magura list writes it: with the place ("জেলা শিক্ষা অফিসার,
    মাগুরা") if any of them has it. Rows naming no office are left to clean_rows."""
    result: list[dict] = []
    index: dict[int, int] = {}
    for row in rows:
        office_id = offices.office_id(row["text"])
        if office_id is None:
            result.append(row)
        elif office_id not in index:
            index[office_id] = len(result)
            result.append(row)
        else:
            kept = result[index[office_id]]
            if offices.names_place(row["text"]) and not offices.names_place(kept["text"]):
                result[index[office_id]] = {**kept, "text": row["text"]}
    return result


def effective_distribution(meeting: Meeting) -> list[dict]:
    """What the documents print: the meeting's saved list, else the proposal."""
    return clean_rows(meeting.distribution) or propose_distribution(meeting)


def effective_note(meeting: Meeting) -> str:
    """The note the documents print after "বিতরণ": the meeting's own with its saved
    list, else the standing list's, else the meeting's (as imported)."""
    standing = meeting.committee.standing
    if not clean_rows(meeting.distribution) and standing is not None:
        return standing.note
    return meeting.distribution_note or ""


def note_to_edit(meeting: Meeting) -> str:
    """The note the editor starts from: as :func:`effective_note`, a new list's default
    when nothing says otherwise."""
    if clean_rows(meeting.distribution) or meeting.committee.standing is not None:
        return effective_note(meeting)
    return meeting.distribution_note or DEFAULT_NOTE


def _clean_note(note) -> str:
    return unicodedata.normalize("NFC", note or "").strip()[:MAX_NOTE]


def save_distribution(meeting: Meeting, rows, note: str, keep_standing: bool = False) -> None:
    """Store the meeting's list and note; with ``keep_standing`` also the committee's
    standing list, which the next meeting's proposal starts from, with the note and the
    proposed rows left out of this list (the next proposal leaves them out too). Commits."""
    if not meeting.is_editable:
        raise DistributionFrozen(meeting.id)
    cleaned = clean_rows(rows)
    before = _lists(meeting)
    if keep_standing:
        removed = _removed(meeting, cleaned)
    meeting.distribution = cleaned
    meeting.distribution_note = _clean_note(note)
    if keep_standing:
        committee = meeting.committee
        committee.distribution = [dict(r) for r in cleaned]
        if committee.standing is None:
            committee.standing = StandingDistribution(note="", removed=[])
        committee.standing.note = meeting.distribution_note
        committee.standing.removed = removed
    record("distribution", "meeting", meeting.id, district_id=meeting.committee.district_id,
           summary=f"বিতরণ তালিকা সংরক্ষণ ({len(cleaned)}টি প্রাপক)"
                   + ("; কমিটির স্থায়ী তালিকাও" if keep_standing else ""),
           changes=diff(before, _lists(meeting)))
    db.session.commit()


def _removed(meeting: Meeting, saved: list[dict]) -> list[str]:
    """The rows the proposal offers (or the standing list already left out) that the
    saved list does not name, by text or directory office."""
    offices = _Offices(meeting.committee)
    kept = _Matcher(offices, [(r["text"], "✓") for r in saved])
    rows, left_out = proposal(meeting)
    candidates = [r["text"] for r in rows] + [r["text"] for r in left_out
                                              if r["why"] == REMOVED]
    result, seen = [], set()
    for text in candidates:
        key = match_key(text)
        if key in seen or kept.why(text):
            continue
        seen.add(key)
        result.append(text)
    return result[:MAX_ENTRIES]


def _lists(meeting: Meeting) -> dict:
    """The lists as the log shows them: one "text" (or "text [অনুলিপি]") per recipient."""
    def lines(rows):
        return [r["text"] + (" [অনুলিপি]" if r.get("tag") == "info" else "")
                for r in rows or []]

    standing = meeting.committee.standing
    return {"distribution": lines(meeting.distribution),
            "distribution_note": meeting.distribution_note,
            "standing_distribution": lines(meeting.committee.distribution),
            "standing_note": standing.note if standing else None,
            "standing_removed": list(standing.removed) if standing else None}
