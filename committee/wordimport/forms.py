"""The preview form: every field of the read minutes, as the officer corrects it.

Fields are named by their place in the document ("meeting.held_on",
"items-3-decisions"); lists (header lines, decisions, offices, distribution) are one
line each in a text area. What the officer typed is kept as typed (dates included:
the importer's validation reads "১৪/০৩/২০২২" as well as ISO).
"""
from __future__ import annotations

from ..bangla import FileNumberError, format_memo_number, parse_memo_number, to_ascii_digits
from ..formbase import ConfirmForm

__all__ = ["ConfirmForm", "document_from_form", "memo_number_text", "lines"]


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def memo_number_text(doc: dict) -> str:
    """The memo number as the document carries it, in Bangla digits ("" for none)."""
    issue = doc.get("issue") or {}
    file_number = doc["committee"].get("file_number") or ""
    serial = issue.get("memo_serial")
    if not file_number:
        return ""
    if serial is None:
        return file_number
    try:
        return format_memo_number(to_ascii_digits(file_number), serial)
    except (FileNumberError, ValueError):
        return f"{file_number}.{serial}"


def document_from_form(form, staged: dict) -> tuple[dict, list[dict]]:
    """The document the officer corrected, and the problems of the form itself (a memo
    number that cannot be read). Kind, level and attendance are kept as read."""
    get = form.get
    committee = {**staged["committee"],
                 "name": get("committee.name", "").strip(),
                 "district": get("committee.district", "").strip(),
                 "upazila": get("committee.upazila", "").strip(),
                 "file_number": get("committee.file_number",
                                    staged["committee"].get("file_number") or "").strip(),
                 "office_header": lines(get("committee.office_header"))}
    meeting = {**staged["meeting"],
               "held_on": get("meeting.held_on", "").strip(),
               "time": get("meeting.time", "").strip(),
               "venue": get("meeting.venue", "").strip(),
               "chair": {"name": get("meeting.chair.name", "").strip(),
                         "designation": get("meeting.chair.designation", "").strip()},
               "opening": get("meeting.opening", "").strip(),
               "closing": get("meeting.closing", "").strip(),
               "items": []}
    count = min(int(get("items", "0") or 0) if str(get("items", "0")).isdigit() else 0, 500)
    for i in range(count):
        item = {"title": get(f"items-{i}-title", "").strip(),
                "discussion": get(f"items-{i}-discussion", "").strip(),
                "responsible": lines(get(f"items-{i}-responsible")),
                "decisions": [{"text": t} for t in lines(get(f"items-{i}-decisions"))]}
        if item["title"] or item["discussion"] or item["decisions"]:
            meeting["items"].append(item)
    doc = {**staged, "committee": committee, "meeting": meeting}
    problems: list[dict] = []
    if staged.get("issue") is not None:
        memo = get("issue.memo_number", "").strip()
        serial = None
        if memo:
            try:
                file_number, serial = parse_memo_number(memo)
                committee["file_number"] = file_number
            except (FileNumberError, ValueError) as exc:
                problems.append({"path": "issue.memo_serial", "message": str(exc)})
        doc["issue"] = {**staged["issue"],
                        "memo_serial": serial,
                        "memo_date": get("issue.memo_date", "").strip(),
                        "signatory": {"name": get("issue.signatory.name", "").strip(),
                                      "designation":
                                          get("issue.signatory.designation", "").strip()},
                        "distribution_note": get("issue.distribution_note", "").strip(),
                        "distribution": lines(get("issue.distribution"))}
    return doc, problems
