"""Validation of committee-minutes/1 documents, collecting every problem with its path.

The same checks serve the import, the API and the meeting editor, so a message a user
sees in the browser is the one an API client gets. Messages are in Bangla.
"""
from __future__ import annotations

import re
from datetime import date, time

from ..bangla import (
    DATE_MESSAGE,
    TIME_MESSAGE,
    DateTextError,
    FileNumberError,
    normalize_text,
    parse_date_typed,
    parse_file_number,
    parse_time_typed,
    to_ascii_digits,
    to_bangla_digits,
)
from ..models.meetings import MAX_SERIAL
from ..requests import MAX_INT
from ..vocab import CommitteeKind, Level

FORMAT = "committee-minutes/1"
KINDS = CommitteeKind.values()
LEVELS = Level.values()
# The lengths of the columns the values go to (PostgreSQL enforces them; SQLite does not).
LIMITS = {"name": 300, "title": 500, "designation": 300, "venue": 300, "party": 300,
          "text": 20000, "person": 200, "place": 80}
# Control characters, lone surrogates and U+FFFE/U+FFFF: never meant in minutes, they come
# from damaged files. PostgreSQL cannot store NUL, and the DOCX (XML) cannot hold any of
# them, so they are refused with the field's path. Tab, line breaks and the three that text
# copied out of Word carries (\a cell end, \v manual line break, \f page break) are kept:
# the documents turn them into breaks or drop them (documents.context.clean).
_FORBIDDEN = re.compile("[\x00-\x06\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
FORBIDDEN_MESSAGE = "অগ্রহণযোগ্য নিয়ন্ত্রণ অক্ষর আছে (যেমন NUL); লেখাটি আবার টাইপ করুন"
# A letter's serial: 1..99,999 (Letter's CHECK constraint), whatever the JSON number holds.
MEMO_SERIAL_MESSAGE = (f"স্মারকের ক্রমিক নম্বর ১ থেকে {to_bangla_digits(f'{MAX_SERIAL:,}')} "
                       "এর মধ্যে একটি পূর্ণসংখ্যা (অথবা খসড়ার জন্য null) হতে হবে")
# How many entries one document may hold. The Magura minutes of 14/03/2022 (a typical
# district ICT committee meeting) have 13 items, 29 decisions, at most 3 decisions and 7
# responsible parties to an item, 6 distribution entries and 4 header lines; the limits
# leave room for the longest real minutes (~15 times that) and keep the largest import a
# few seconds of database work (1,000 decisions: ~6 s on a loaded 2-core test machine,
# where Magura takes 0.8 s), so one import cannot hold SQLite's write lock long enough for
# others to time out (20,000 items took 40 s). Checked first, on the bare lists.
MAX_ITEMS = 200                 # meeting.items
MAX_DECISIONS_PER_ITEM = 50     # meeting.items[i].decisions
MAX_DECISIONS = 1000            # all decisions of the meeting
MAX_ATTENDANCE = 500            # meeting.attendance
MAX_DISTRIBUTION = 300          # issue.distribution
MAX_PARTIES = 50                # responsible of an item or a decision
# Responsible names in all: each item's list, plus each decision's list, a decision without
# one counted with its item's (it is assigned to each of them). Magura: 147. Every name of
# a decision becomes a follow-up row, so this bounds the rows 50 x 1,000 would allow.
MAX_NAMES = 2000
MAX_HEADER_LINES = 20           # committee.office_header
# A refusal lists at most this many problems, then one more naming how many are left out
# ({"path": "", "message": "আরও ১২৩টি সমস্যা আছে"}), so 100,000 problems stay a small answer.
MAX_PROBLEMS = 100


def _bn(number: int) -> str:
    """A count in Bangla digits with thousands separators: 20000 -> ২০,০০০."""
    return to_bangla_digits(f"{number:,}")


def too_long_message(limit: int) -> str:
    """A text longer than its column: "সর্বোচ্চ ৫০০ অক্ষর লেখা যাবে"."""
    return f"সর্বোচ্চ {_bn(limit)} অক্ষর লেখা যাবে"


def more_problems_message(rest: int) -> str:
    """The last entry of a cut list of problems: how many more there are."""
    return f"আরও {_bn(rest)}টি সমস্যা আছে"


def has_forbidden_chars(value: str) -> bool:
    """True when `value` holds a character that cannot be stored or printed."""
    return _FORBIDDEN.search(value) is not None


class ValidationError(Exception):
    """Raised with the list of problems: [{"path": str, "message": str}, ...].

    The list is cut after MAX_PROBLEMS: `problems` then holds the first MAX_PROBLEMS and a
    last entry {"path": "", "message": "আরও Nটি সমস্যা আছে"}; `total` is the full count.
    """

    def __init__(self, problems: list[dict]):
        self.total = len(problems)
        if self.total > MAX_PROBLEMS:
            problems = [*problems[:MAX_PROBLEMS],
                        {"path": "", "message": more_problems_message(self.total - MAX_PROBLEMS)}]
        super().__init__("; ".join(f"{p['path']}: {p['message']}" for p in problems))
        self.problems = problems


class _Checker:
    def __init__(self):
        self.problems: list[dict] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append({"path": path, "message": message})

    def obj(self, value, path: str) -> dict:
        if not isinstance(value, dict):
            self.add(path, "একটি অবজেক্ট (JSON object) হতে হবে")
            return {}
        return value

    def text(self, parent: dict, key: str, path: str, *, required=True, limit="text",
             allow_empty=False) -> str | None:
        value = parent.get(key)
        full = f"{path}.{key}" if path else key
        if value is None:
            if required:
                self.add(full, "ঘরটি পূরণ করা আবশ্যক")
            return None
        if not isinstance(value, str):
            self.add(full, "লেখা (string) হতে হবে")
            return None
        if has_forbidden_chars(value):
            self.add(full, FORBIDDEN_MESSAGE)
            return None
        value = normalize_text(value) if limit != "text" else _normalize_block(value)
        if not value and required and not allow_empty:
            self.add(full, "ঘরটি ফাঁকা রাখা যাবে না")
        if len(value) > LIMITS[limit]:
            self.add(full, too_long_message(LIMITS[limit]))
        return value

    def date(self, parent: dict, key: str, path: str, *, required=True) -> date | None:
        value = parent.get(key)
        full = f"{path}.{key}"
        if value is None:
            if required:
                self.add(full, "তারিখ দেওয়া আবশ্যক (দিন/মাস/বছর, যেমন ১৪/০৩/২০২২)")
            return None
        # dd/mm/yyyy as an officer types it in the editor, or ISO as the JSON format has it.
        try:
            return parse_date_typed(value if isinstance(value, str) else str(value))
        except DateTextError as exc:
            self.add(full, f"সঠিক তারিখ নয়: '{value}' ({_hint(exc, DATE_MESSAGE)})")
            return None

    def names(self, parent: dict, key: str, path: str, *, required=True) -> list[str] | None:
        value = parent.get(key)
        full = f"{path}.{key}"
        if value is None:
            if required:
                self.add(full, "তালিকা দেওয়া আবশ্যক")
            return None
        if not isinstance(value, list):
            self.add(full, "তালিকা (list) হতে হবে")
            return None
        out = []
        for i, name in enumerate(value):
            if not isinstance(name, str) or not normalize_text(name):
                self.add(f"{full}[{i}]", "ফাঁকা নয় এমন লেখা হতে হবে")
                continue
            if has_forbidden_chars(name):
                self.add(f"{full}[{i}]", FORBIDDEN_MESSAGE)
                continue
            name = normalize_text(name)
            if len(name) > LIMITS["party"]:
                self.add(f"{full}[{i}]", too_long_message(LIMITS["party"]))
            out.append(name)
        return out

    def person(self, parent: dict, key: str, path: str, *, required=True) -> dict:
        value = parent.get(key)
        if value is None and not required:
            return {"name": "", "designation": ""}
        person = self.obj(value, f"{path}.{key}")
        return {
            "name": self.text(person, "name", f"{path}.{key}", limit="person") or "",
            "designation": self.text(person, "designation", f"{path}.{key}",
                                     limit="designation") or "",
        }


def _normalize_block(value: str) -> str:
    """NFC and trimmed, keeping the paragraph breaks of long texts (Word's manual line
    break \\v and page break \\f count as breaks)."""
    lines = [normalize_text(line) for line in re.split(r"\r\n|[\r\n\v\f]", value)]
    return "\n".join(lines).strip()


def _hint(exc: DateTextError, general: str) -> str:
    """What to type instead: the general example, or what exactly is wrong."""
    message = str(exc)
    return message.split("; ", 1)[1] if message == general else message


def _time(c: _Checker, parent: dict, path: str) -> time | None:
    value = parent.get("time")
    if value in (None, ""):
        return None
    # "১১:০০", "১১.৩০", "11:30", "সকাল ১১টা", "বিকাল ৩টা" … (bangla.parse_time_typed).
    try:
        return parse_time_typed(value if isinstance(value, str) else str(value))
    except DateTextError as exc:
        c.add(f"{path}.time", f"সঠিক সময় নয়: '{value}' ({_hint(exc, TIME_MESSAGE)})")
        return None


def _committee(c: _Checker, doc: dict) -> dict:
    raw = c.obj(doc.get("committee"), "committee")
    out = {
        "name": c.text(raw, "name", "committee", limit="name"),
        "district": c.text(raw, "district", "committee", limit="place"),
        "upazila": c.text(raw, "upazila", "committee", required=False, limit="place") or None,
        "office_header": c.names(raw, "office_header", "committee", required=False) or [],
    }
    for key, allowed in (("kind", KINDS), ("level", LEVELS)):
        value = raw.get(key)
        if value not in allowed:
            c.add(f"committee.{key}", f"এর মান {', '.join(allowed)} এর একটি হতে হবে")
        out[key] = value
    if out["level"] == Level.UPAZILA and not out["upazila"]:
        c.add("committee.upazila", "উপজেলা কমিটির জন্য উপজেলার নাম আবশ্যক")
    file_number = raw.get("file_number")
    try:
        out["file_key"] = parse_file_number(file_number if isinstance(file_number, str) else "")
        out["file_number"] = normalize_text(file_number)
    except FileNumberError as exc:
        c.add("committee.file_number", str(exc))
    return out


def _meeting(c: _Checker, raw, path: str = "meeting") -> dict:
    raw = c.obj(raw, path)
    out = {
        "held_on": c.date(raw, "held_on", path),
        "time": _time(c, raw, path),
        "venue": c.text(raw, "venue", path, limit="venue", required=False) or "",
        "chair": c.person(raw, "chair", path),
        "opening": c.text(raw, "opening", path, required=False) or "",
        "closing": c.text(raw, "closing", path, required=False) or "",
        "attendance_annex": bool(raw.get("attendance_annex", False)),
        "attendance": [],
        "items": [],
    }
    attendance = raw.get("attendance", [])
    if not isinstance(attendance, list):
        c.add(f"{path}.attendance", "তালিকা (list) হতে হবে")
        attendance = []
    for i, entry in enumerate(attendance):
        p = f"{path}.attendance[{i}]"
        entry = c.obj(entry, p)
        office = entry.get("office")
        if isinstance(office, str) and has_forbidden_chars(office):
            c.add(f"{p}.office", FORBIDDEN_MESSAGE)
            office = None
        elif isinstance(office, str) and len(normalize_text(office)) > LIMITS["party"]:
            c.add(f"{p}.office", too_long_message(LIMITS["party"]))
            office = None
        out["attendance"].append({
            "name": c.text(entry, "name", p, limit="person", required=False) or "",
            "designation": c.text(entry, "designation", p, limit="designation") or "",
            "office": normalize_text(office) if isinstance(office, str) and office.strip()
            else None,
            "present": entry.get("present", True) is not False,
            "guest": entry.get("guest", False) is True,
        })
    items = raw.get("items")
    if not isinstance(items, list):
        c.add(f"{path}.items", "আলোচ্য বিষয়ের তালিকা (list) দেওয়া আবশ্যক")
        items = []
    for i, item in enumerate(items):
        out["items"].append(_item(c, item, f"{path}.items[{i}]"))
    return out


def _id(value) -> int | None:
    """An existing row's id (the editor sends them back); anything else is a new row."""
    ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_INT
    return value if ok else None


def _item(c: _Checker, raw, path: str) -> dict:
    raw = c.obj(raw, path)
    out = {
        "id": _id(raw.get("id")),
        "title": c.text(raw, "title", path, limit="title"),
        "discussion": c.text(raw, "discussion", path, required=False) or "",
        "responsible": c.names(raw, "responsible", path, required=False) or [],
        "decisions": [],
    }
    decisions = raw.get("decisions", [])
    if not isinstance(decisions, list):
        c.add(f"{path}.decisions", "সিদ্ধান্তের তালিকা (list) হতে হবে")
        decisions = []
    for j, row in enumerate(decisions):
        p = f"{path}.decisions[{j}]"
        row = c.obj(row, p)
        out["decisions"].append({
            "id": _id(row.get("id")),
            "text": c.text(row, "text", p),
            "responsible": c.names(row, "responsible", p, required=False),
            "due_on": c.date(row, "due_on", p, required=False),
        })
    return out


def _issue(c: _Checker, raw) -> dict | None:
    if raw is None:
        return None
    raw = c.obj(raw, "issue")
    serial = raw.get("memo_serial")
    digits = to_ascii_digits(serial).strip() if isinstance(serial, str) else ""
    if digits.isascii() and digits.isdigit() and len(digits) <= 12:  # not "²" nor 10**5000
        serial = int(digits)
    if serial is not None and (isinstance(serial, bool) or not isinstance(serial, int)
                               or not 1 <= serial <= MAX_SERIAL):
        c.add("issue.memo_serial", MEMO_SERIAL_MESSAGE)
        serial = None
    distribution = c.names(raw, "distribution", "issue", required=False) or []
    return {
        "memo_serial": serial,
        "memo_date": c.date(raw, "memo_date", "issue"),
        "signatory": c.person(raw, "signatory", "issue", required=False),
        "distribution_note": c.text(raw, "distribution_note", "issue", required=False,
                                    limit="name") or "",
        "distribution": [{"text": t, "tag": "action"} for t in distribution],
    }


def _too_many(problems: list[dict], value, path: str, limit: int, what: str) -> int:
    """Add a problem when `value` is a list longer than `limit`; returns its length."""
    if not isinstance(value, list):
        return 0
    if len(value) > limit:
        problems.append({"path": path, "message": f"{what} সর্বোচ্চ {_bn(limit)}টি থাকতে "
                                                  f"পারে; এখানে {_bn(len(value))}টি আছে"})
    return len(value)


def _meeting_count_problems(raw, path: str = "meeting") -> list[dict]:
    """The limits on the meeting's lists (MAX_ITEMS …), looking at nothing but their
    lengths: cheap, so a document of 20,000 items is refused before any is validated."""
    problems: list[dict] = []
    if not isinstance(raw, dict):
        return problems
    _too_many(problems, raw.get("attendance"), f"{path}.attendance", MAX_ATTENDANCE,
              "উপস্থিতির তালিকায় সারি")
    items = raw.get("items")
    _too_many(problems, items, f"{path}.items", MAX_ITEMS, "একটি সভায় আলোচ্য বিষয়")
    decisions = names = 0
    for i, item in enumerate(items if isinstance(items, list) else ()):
        if not isinstance(item, dict):
            continue
        p = f"{path}.items[{i}]"
        own = _too_many(problems, item.get("responsible"), f"{p}.responsible", MAX_PARTIES,
                        "দায়িত্বপ্রাপ্তদের তালিকায় নাম")
        names += own
        rows = item.get("decisions")
        decisions += _too_many(problems, rows, f"{p}.decisions", MAX_DECISIONS_PER_ITEM,
                               "একটি আলোচ্য বিষয়ে সিদ্ধান্ত")
        for j, row in enumerate(rows if isinstance(rows, list) else ()):
            listed = row.get("responsible") if isinstance(row, dict) else None
            names += _too_many(problems, listed, f"{p}.decisions[{j}].responsible",
                               MAX_PARTIES, "দায়িত্বপ্রাপ্তদের তালিকায় নাম") \
                if listed is not None else own
    for count, limit, what in ((decisions, MAX_DECISIONS, "সিদ্ধান্ত"),
                               (names, MAX_NAMES, "দায়িত্বপ্রাপ্তদের নাম (প্রতিটি আলোচ্য "
                                                  "বিষয় ও সিদ্ধান্তের জন্য আলাদা করে গুনে)")):
        if count > limit:
            problems.append({"path": f"{path}.items",
                             "message": f"একটি সভায় মোট {what} সর্বোচ্চ {_bn(limit)}টি থাকতে "
                                        f"পারে; এখানে {_bn(count)}টি আছে"})
    return problems


def count_problems(doc: dict) -> list[dict]:
    """Every list of the document longer than its limit (see MAX_ITEMS …)."""
    problems: list[dict] = []
    committee, issue = doc.get("committee"), doc.get("issue")
    if isinstance(committee, dict):
        _too_many(problems, committee.get("office_header"), "committee.office_header",
                  MAX_HEADER_LINES, "দপ্তরের শিরোনামে লাইন")
    problems += _meeting_count_problems(doc.get("meeting"))
    if isinstance(issue, dict):
        _too_many(problems, issue.get("distribution"), "issue.distribution",
                  MAX_DISTRIBUTION, "বিতরণ তালিকায় প্রাপক")
    return problems


def validate_document(doc, *, committee_check=None) -> dict:
    """A clean copy of a committee-minutes/1 document, or ValidationError with every problem.

    `committee_check(clean_committee) -> [problem, ...]` adds the checks that need the
    database (the import asks whether the file number is another committee's file); it
    runs when the committee part itself is valid, so its problems are listed with the rest.
    """
    c = _Checker()
    if not isinstance(doc, dict):
        raise ValidationError([{"path": "", "message": "JSON অবজেক্ট আশা করা হয়েছিল"}])
    too_many = count_problems(doc)
    if too_many:  # refused on the lengths alone: no entry is looked at
        raise ValidationError(too_many)
    if doc.get("format") != FORMAT:
        c.add("format", f"'{FORMAT}' হতে হবে")
    clean = {
        "committee": _committee(c, doc),
        "meeting": _meeting(c, doc.get("meeting")),
        "issue": _issue(c, doc.get("issue")),
    }
    if committee_check is not None and not any(p["path"].startswith("committee")
                                               for p in c.problems):
        c.problems.extend(committee_check(clean["committee"]))
    if c.problems:
        raise ValidationError(c.problems)
    return clean


def validate_meeting(raw) -> dict:
    """A clean copy of the `meeting` part alone (the editor's form), or ValidationError."""
    too_many = _meeting_count_problems(raw)
    if too_many:
        raise ValidationError(too_many)
    c = _Checker()
    clean = _meeting(c, raw)
    if c.problems:
        raise ValidationError(c.problems)
    return clean
