"""Validation problems of the editor: from a path in the `meeting` object to a form field.

`validate_meeting` names problems by path ("meeting.items[3].decisions[1].text"); the
editor shows each message next to its field ("items-3-decisions-1-text") and lists them
at the top with a human label ("আলোচ্য বিষয় ৪ › সিদ্ধান্ত ৪.২ › লেখা"). The positions
match because the state's lists are rendered in order, with the same indexes.
"""
from __future__ import annotations

import re

from ..bangla import number_label, to_bangla_digits

TOP_LABELS = {
    "held_on": "সভার তারিখ", "time": "সভার সময়", "venue": "স্থান",
    "opening": "সূচনা বক্তব্য", "closing": "সমাপনী বক্তব্য",
    "chair.name": "সভাপতি › নাম", "chair.designation": "সভাপতি › পদবি",
}
ITEM_LABELS = {"title": "শিরোনাম", "discussion": "আলোচনা", "responsible": "বাস্তবায়নে"}
DECISION_LABELS = {"text": "লেখা", "due_on": "বাস্তবায়নের সময়সীমা",
                   "responsible": "বাস্তবায়নে"}
ATTENDANCE_LABELS = {"name": "নাম", "designation": "পদবি", "office": "দপ্তর"}
# Problems of a whole list or object: summary only, no single field to mark.
GENERAL_LABELS = {"": "কার্যবিবরণী", "items": "আলোচ্য বিষয়সমূহ", "attendance": "উপস্থিতি",
                  "chair": "সভাপতি"}

_ITEM = re.compile(r"^items\[(\d+)\](?:\.decisions\[(\d+)\])?(?:\.(\w+))?(?:\[\d+\])?$")
_ATTENDANCE = re.compile(r"^attendance\[(\d+)\](?:\.(\w+))?$")


def locate(path: str) -> tuple[str | None, str]:
    """(form field name or None, human label) of a problem path."""
    path = path.removeprefix("meeting").removeprefix(".")
    if path in TOP_LABELS:
        return path.replace(".", "-"), TOP_LABELS[path]
    if m := _ITEM.match(path):
        i, j, field = int(m[1]), m[2], m[3]
        label = f"আলোচ্য বিষয় {to_bangla_digits(i + 1)}"
        if j is None:
            name = f"items-{i}-{field}" if field in ITEM_LABELS else None
            return name, f"{label} › {ITEM_LABELS.get(field, 'সিদ্ধান্তসমূহ')}"
        j = int(j)
        label = f"{label} › সিদ্ধান্ত {number_label(i + 1, j + 1)}"
        name = f"items-{i}-decisions-{j}-{field}" if field in DECISION_LABELS else None
        return name, f"{label} › {DECISION_LABELS.get(field, 'লেখা')}" if field else label
    if m := _ATTENDANCE.match(path):
        k, field = int(m[1]), m[2]
        label = f"উপস্থিতি {to_bangla_digits(k + 1)}"
        if field in ATTENDANCE_LABELS:
            return f"attendance-{k}-{field}", f"{label} › {ATTENDANCE_LABELS[field]}"
        return None, label
    return None, GENERAL_LABELS.get(path, path)


def field_errors(problems: list[dict], attendance_rows: list[int] | None = None):
    """(errors by field name, summary rows with labels) for the template.

    `attendance_rows` maps positions in the validated attendance list (blank rows
    dropped) back to the rows of the form.
    """
    errors: dict[str, list[str]] = {}
    summary = []
    for problem in problems:
        path = _form_path(problem["path"], attendance_rows)
        name, label = locate(path)
        if name:
            errors.setdefault(name, []).append(problem["message"])
        summary.append({"path": problem["path"], "label": label,
                        "message": problem["message"], "field": name})
    return errors, summary


def _form_path(path: str, attendance_rows: list[int] | None) -> str:
    m = re.match(r"^meeting\.attendance\[(\d+)\](.*)$", path)
    if m and attendance_rows is not None and int(m[1]) < len(attendance_rows):
        return f"meeting.attendance[{attendance_rows[int(m[1])]}]{m[2]}"
    return path
