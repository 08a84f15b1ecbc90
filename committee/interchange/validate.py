"""Validation of committee-minutes/1 documents, collecting every problem with its path.

The same checks serve the import, the API and the meeting editor, so a message a user
sees in the browser is the one an API client gets. Messages are in Bangla.
"""
from __future__ import annotations

import re
from datetime import date, time

from ..bangla import (
    FileNumberError,
    normalize_text,
    parse_file_number,
    to_ascii_digits,
    to_bangla_digits,
)
from ..models.meetings import MAX_SERIAL
from ..requests import MAX_INT

FORMAT = "committee-minutes/1"
KINDS = ("ict", "ict-coordination", "ethics", "other")
LEVELS = ("district", "upazila")
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


def has_forbidden_chars(value: str) -> bool:
    """True when `value` holds a character that cannot be stored or printed."""
    return _FORBIDDEN.search(value) is not None


class ValidationError(Exception):
    """Raised with the list of problems: [{"path": str, "message": str}, ...]."""

    def __init__(self, problems: list[dict]):
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
            self.add(full, f"সর্বোচ্চ {LIMITS[limit]} অক্ষর লেখা যাবে")
        return value

    def date(self, parent: dict, key: str, path: str, *, required=True) -> date | None:
        value = parent.get(key)
        full = f"{path}.{key}"
        if value is None:
            if required:
                self.add(full, "তারিখ দেওয়া আবশ্যক (YYYY-MM-DD)")
            return None
        try:
            return date.fromisoformat(to_ascii_digits(str(value)).strip())
        except (ValueError, TypeError):
            self.add(full, f"সঠিক তারিখ নয়: '{value}' (YYYY-MM-DD আকারে দিন)")
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
                self.add(f"{full}[{i}]", f"সর্বোচ্চ {LIMITS['party']} অক্ষর লেখা যাবে")
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


_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def _time(c: _Checker, parent: dict, path: str) -> time | None:
    value = parent.get("time")
    if value in (None, ""):
        return None
    match = _TIME.match(to_ascii_digits(str(value)).strip())
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return time(int(match[1]), int(match[2]))
    c.add(f"{path}.time", f"সঠিক সময় নয়: '{value}' (ঘণ্টা:মিনিট, যেমন 11:00)")
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
    if out["level"] == "upazila" and not out["upazila"]:
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
            c.add(f"{p}.office", f"সর্বোচ্চ {LIMITS['party']} অক্ষর লেখা যাবে")
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


def validate_document(doc, *, committee_check=None) -> dict:
    """A clean copy of a committee-minutes/1 document, or ValidationError with every problem.

    `committee_check(clean_committee) -> [problem, ...]` adds the checks that need the
    database (the import asks whether the file number is another committee's file); it
    runs when the committee part itself is valid, so its problems are listed with the rest.
    """
    c = _Checker()
    if not isinstance(doc, dict):
        raise ValidationError([{"path": "", "message": "JSON অবজেক্ট আশা করা হয়েছিল"}])
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
    c = _Checker()
    clean = _meeting(c, raw)
    if c.problems:
        raise ValidationError(c.problems)
    return clean
