"""The minutes editor's form: request.form <-> an editable state <-> the interchange `meeting`.

The editor posts flat fields named after their position: `held_on`, `chair-name`,
`attendance-2-office`, `items-0-title`, `items-0-decisions-1-text` and hidden `…-id`s.
Positions may have gaps (rows removed in the browser); they are read in numeric order.

The *state* is what the form shows: every value exactly as typed (strings; parties as
one-per-line text), so a refused form comes back with nothing lost. `to_meeting_data`
turns it into the `meeting` object that `validate_meeting` checks.
"""
from __future__ import annotations

import re
from datetime import date

from ..bangla import format_date_numeric, to_ascii_digits, to_bangla_digits
from ..clock import today as dhaka_today
from ..models import Committee, Meeting

FIRST_ITEM_TITLE = "পূর্ববর্তী সভার কার্যবিবরণী দৃঢ়ীকরণ"
FIRST_ITEM_DECISION = "কোন সংশোধনী না থাকায় বিগত সভার কার্যবিবরণী সর্বসম্মতিক্রমে দৃঢ়ীকরণ করা হয়।"
DEFAULT_TIME = "১১:০০"
DEFAULT_CLOSING = ("পরিশেষে আর কোন আলোচ্য বিষয় না থাকায় উপস্থিত সকলকে ধন্যবাদ জানিয়ে "
                   "সভাপতি মহোদয় সভার সমাপ্তি ঘোষণা করেন।")

ITEM_FIELDS = ("id", "title", "discussion", "responsible")
DECISION_FIELDS = ("id", "text", "due_on", "responsible")
ATTENDANCE_FIELDS = ("name", "designation", "office", "present", "guest")
_N = r"(\d{1,4})"
_ITEM = re.compile(rf"^items-{_N}-({'|'.join(ITEM_FIELDS)})$")
_DECISION = re.compile(rf"^items-{_N}-decisions-{_N}-({'|'.join(DECISION_FIELDS)})$")
_ATTENDANCE = re.compile(rf"^attendance-{_N}-({'|'.join(ATTENDANCE_FIELDS)})$")


# -- blank rows -------------------------------------------------------------------------

def blank_decision(text: str = "") -> dict:
    """An empty decision row of the state."""
    return {"id": None, "text": text, "due_on": "", "responsible": ""}


def blank_item(title: str = "") -> dict:
    """An empty agenda item of the state, with one empty decision."""
    return {"id": None, "title": title, "discussion": "", "responsible": "",
            "decisions": [blank_decision()]}


def blank_attendee() -> dict:
    """An empty attendance row of the state."""
    return {"name": "", "designation": "", "office": "", "present": True, "guest": False}


# -- request.form -> state ----------------------------------------------------------------

def _int_or_none(value: str) -> int | None:
    value = to_ascii_digits(value or "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else None


def parse_form(form) -> dict:
    """The state of a posted editor form (any MultiDict), values as typed."""
    items: dict[int, dict] = {}
    decisions: dict[tuple[int, int], dict] = {}
    attendance: dict[int, dict] = {}
    for key in form:
        value = form.get(key, "")
        if m := _DECISION.match(key):
            decisions.setdefault((int(m[1]), int(m[2])), {})[m[3]] = value
            items.setdefault(int(m[1]), {})
        elif m := _ITEM.match(key):
            items.setdefault(int(m[1]), {})[m[2]] = value
        elif m := _ATTENDANCE.match(key):
            attendance.setdefault(int(m[1]), {})[m[2]] = value
    state = {
        "held_on": form.get("held_on", ""), "time": form.get("time", ""),
        "venue": form.get("venue", ""),
        "chair": {"name": form.get("chair-name", ""),
                  "designation": form.get("chair-designation", "")},
        "attendance_annex": "attendance_annex" in form,
        "opening": form.get("opening", ""), "closing": form.get("closing", ""),
        "attendance": [_attendee(attendance[k]) for k in sorted(attendance)],
        "items": [],
    }
    for i in sorted(items):
        item = {f: items[i].get(f, "") for f in ITEM_FIELDS}
        item["id"] = _int_or_none(item["id"])
        rows = sorted(j for (owner, j) in decisions if owner == i)
        item["decisions"] = [_decision(decisions[(i, j)]) for j in rows]
        state["items"].append(item)
    return state


def _attendee(raw: dict) -> dict:
    row = {f: raw.get(f, "") for f in ("name", "designation", "office")}
    row["present"] = "present" in raw
    row["guest"] = "guest" in raw
    return row


def _decision(raw: dict) -> dict:
    row = {f: raw.get(f, "") for f in DECISION_FIELDS}
    row["id"] = _int_or_none(row["id"])
    return row


# -- state -> interchange `meeting` -------------------------------------------------------

def split_lines(text: str) -> list[str]:
    """One party per line (names contain commas); blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _or_none(value: str) -> str | None:
    return value.strip() or None


def attendance_rows(state: dict) -> list[int]:
    """Positions of the attendance rows that count (a row left entirely blank is unused)."""
    return [k for k, a in enumerate(state["attendance"])
            if any(a[f].strip() for f in ("name", "designation", "office"))]


def to_meeting_data(state: dict) -> dict:
    """The `meeting` object of committee-minutes/1 for validate_meeting."""
    attendance = [
        {"name": a["name"], "designation": a["designation"], "office": _or_none(a["office"]),
         "present": a["present"], "guest": a["guest"]}
        for a in (state["attendance"][k] for k in attendance_rows(state))
    ]
    items = [
        {"id": item["id"], "title": item["title"], "discussion": item["discussion"],
         "responsible": split_lines(item["responsible"]),
         "decisions": [
             {"id": d["id"], "text": d["text"], "due_on": _or_none(d["due_on"]),
              "responsible": split_lines(d["responsible"]) or None}
             for d in item["decisions"]
         ]}
        for item in state["items"]
    ]
    return {
        "held_on": _or_none(state["held_on"]), "time": _or_none(state["time"]),
        "venue": state["venue"], "chair": dict(state["chair"]),
        "attendance_annex": state["attendance_annex"], "attendance": attendance,
        "opening": state["opening"], "closing": state["closing"], "items": items,
    }


# -- stored data -> state ---------------------------------------------------------------

def state_from_meeting(meeting: Meeting) -> dict:
    """The editor's state for an existing meeting."""
    return {
        "held_on": format_date_numeric(meeting.held_on) if meeting.held_on else "",
        "time": to_bangla_digits(meeting.time.strftime("%H:%M")) if meeting.time else "",
        "venue": meeting.venue,
        "chair": {"name": meeting.chair_name, "designation": meeting.chair_designation},
        "attendance_annex": meeting.attendance_annex,
        "opening": meeting.opening, "closing": meeting.closing,
        "attendance": [{"name": a.name, "designation": a.designation, "office": a.office or "",
                        "present": a.present, "guest": a.guest} for a in meeting.attendance],
        "items": [
            {"id": item.id, "title": item.title, "discussion": item.discussion,
             "responsible": "\n".join(p.text for p in item.parties),
             "decisions": [
                 {"id": d.id, "text": d.text,
                  "due_on": format_date_numeric(d.due_on) if d.due_on else "",
                  "responsible": "\n".join(p.text for p in d.parties) if d.own_parties
                  else ""}
                 for d in item.decisions]}
            for item in meeting.items
        ],
    }


def state_for_new(committee: Committee, venue: str = "", today: date | None = None) -> dict:
    """A new meeting's state: chair and members from the committee, item 1 proposed."""
    chair = committee.chair
    secretary = committee.secretary
    presenter = secretary.designation if secretary else "সদস্য-সচিব"
    first = blank_item(FIRST_ITEM_TITLE)
    first["discussion"] = (f"সভাপতির সম্মতিক্রমে {presenter} বিগত সভার কার্যবিবরণী "
                           "পাঠ করে শোনান।")
    first["decisions"] = [blank_decision(FIRST_ITEM_DECISION)]
    return {
        "held_on": format_date_numeric(today or dhaka_today()), "time": DEFAULT_TIME,
        "venue": venue,
        "chair": {"name": chair.name if chair else "",
                  "designation": chair.designation if chair else ""},
        "attendance_annex": False,
        "opening": ("সভাপতি উপস্থিত সকলকে স্বাগত জানিয়ে সভার কাজ শুরু করেন। সভাপতির "
                    f"অনুমতিক্রমে {presenter} সভার আলোচ্যসূচি উপস্থাপন করেন এবং সবাইকে "
                    "মতামত প্রদানের জন্য অনুরোধ করেন। আলোচনান্তে নিম্নরূপ সিদ্ধান্ত গৃহীত হয়।"),
        "closing": DEFAULT_CLOSING,
        "attendance": [{"name": m.name, "designation": m.designation,
                        "office": m.office_name, "present": True,
                        "guest": False} for m in committee.members],
        "items": [first],
    }
