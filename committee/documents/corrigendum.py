"""The corrections a corrigendum lists, checked the same way for the web form and the API.

Each correction: ``ref`` (the item or decision number, e.g. "২.১"; optional), ``was`` (what
the issued minutes say; filled from the minutes when left blank and ``ref`` names a
decision), ``now`` (what it now says; required).
"""
from __future__ import annotations

from ..bangla import normalize_text, to_ascii_digits, to_bangla_digits
from ..models import Meeting

MAX_CORRECTIONS = 50
MAX_REF = 50
MAX_TEXT = 5000


class CorrectionError(ValueError):
    """The corrections cannot be issued; ``problems`` are [{"path", "message"}] in Bangla."""

    def __init__(self, problems: list[dict]):
        super().__init__("; ".join(p["message"] for p in problems))
        self.problems = problems


def _text(value) -> str:
    """NFC text with line breaks kept (a correction may quote several lines)."""
    lines = str(value or "").replace("\r\n", "\n").split("\n")
    return "\n".join(normalize_text(line) for line in lines).strip()


def decision_texts(meeting: Meeting) -> dict[str, str]:
    """{"2.1": text, …} of the meeting's decisions, and {"2": title} of its items."""
    out = {}
    for item in meeting.items:
        out[str(item.position)] = item.title
        for d in item.decisions:
            out[f"{item.position}.{d.position}"] = d.text
    return out


def _key(ref: str) -> str:
    return to_ascii_digits(ref).strip().rstrip(".।:ঃ").strip()


def check_corrections(meeting: Meeting, rows) -> list[dict]:
    """Validated corrections [{"ref", "was", "now"}]; raises CorrectionError."""
    if not isinstance(rows, list):
        raise CorrectionError([{"path": "corrections",
                                "message": "সংশোধনীর তালিকা দিন (প্রতিটিতে ref, was, now)"}])
    problems: list[dict] = []
    known = None
    out = []
    for i, row in enumerate(rows):
        path = f"corrections[{i}]"
        if not isinstance(row, dict):
            problems.append({"path": path, "message": "প্রতিটি সংশোধনী একটি অবজেক্ট হতে হবে"})
            continue
        ref, was, now = (_text(row.get(k)) for k in ("ref", "was", "now"))
        if not (ref or was or now):
            continue  # an empty row of the form
        if not now:
            problems.append({"path": f"{path}.now", "message": "সংশোধিত রূপটি লিখুন"})
        for key, value, limit in (("ref", ref, MAX_REF), ("was", was, MAX_TEXT),
                                  ("now", now, MAX_TEXT)):
            if len(value) > limit:
                problems.append({"path": f"{path}.{key}",
                                 "message": f"সর্বোচ্চ {to_bangla_digits(limit)} অক্ষর"})
        if ref and not was:
            known = known if known is not None else decision_texts(meeting)
            was = known.get(_key(ref), "")
        out.append({"ref": ref, "was": was, "now": now})
    if not out and not problems:
        problems.append({"path": "corrections", "message": "অন্তত একটি সংশোধনী লিখুন"})
    if len(out) > MAX_CORRECTIONS:
        problems.append({"path": "corrections",
                         "message": "একটি সংশোধনীতে সর্বোচ্চ "
                                    f"{to_bangla_digits(MAX_CORRECTIONS)} টি অংশ"})
    for p in problems:
        row = p["path"].partition("[")[2].partition("]")[0]
        p["label"] = f"সারি {to_bangla_digits(int(row) + 1)}" if row else "সংশোধনী"
    if problems:
        raise CorrectionError(problems)
    return out
