"""Flat, preformatted contexts for the DOCX templates and the print view.

The templates only place values and loop over lists: every number is already in
Bangla digits, every date already written out. ``minutes_templates/README.md`` lists
each key with an example; a test keeps this module, the README and the templates in step.
"""
from __future__ import annotations

import re
import unicodedata

from .. import bangla
from ..followup.review import review_rows
from ..meetings.service import minutes_title
from ..models import Committee, Meeting
from ..vocab import FollowUpStatus
from .distribution import effective_distribution, effective_note, member_entries
from .memo import default_signatory, memo_number

ANNEX_LABEL = "পরিশিষ্ট 'ক'"
# XML 1.0 forbids most C0 controls; docxtpl also turns \a and \f into paragraph/page breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


def clean(text) -> str:
    """NFC text safe for a DOCX run: line breaks kept as "\\n", controls removed."""
    text = unicodedata.normalize("NFC", str(text or "")).replace("\r\n", "\n")
    # \r, and Word's manual line break (\v) and page break (\f), become line breaks.
    text = text.replace("\r", "\n").replace("\v", "\n").replace("\f", "\n")
    return _CONTROL.sub("", text).strip()


def notice_subject(committee: Committee) -> str:
    """"<committee> মাসিক সভার নোটিশ", worded like the minutes title."""
    title = minutes_title(committee)
    if title.endswith("কার্যবিবরণী"):
        return title[: -len("কার্যবিবরণী")] + "নোটিশ"
    return f"{committee.name} মাসিক সভার নোটিশ"


def _numbered(texts, suffix: str) -> list[dict]:
    return [{"number": bangla.to_bangla_digits(i) + suffix, "text": clean(t)}
            for i, t in enumerate(texts, start=1)]


def _heading(item) -> str:
    title = clean(item.title).rstrip()
    colon = "" if title.endswith((":", "ঃ")) else ":"
    return f"{bangla.to_bangla_digits(item.position)}. {title}{colon}"


def _due(decision) -> str:
    return bangla.format_date_numeric(decision.due_on) if decision.due_on else ""


def _decision_lines(item, suffix: str) -> list[str]:
    """"২.১। text (সময়সীমা: …)" per decision; a decision naming its own parties gets them
    on the next line. ``suffix`` is the committee's punctuation after the number."""
    lines = []
    for d in item.decisions:
        due = f" (সময়সীমা: {_due(d)})" if d.due_on else ""
        lines.append(f"{bangla.number_label(item.position, d.position)}{suffix} "
                     f"{clean(d.text)}{due}")
        if d.own_parties and d.parties:
            lines.append("বাস্তবায়নে: " + ", ".join(clean(p.text) for p in d.parties))
    return lines


def items_context(meeting: Meeting) -> list[dict]:
    """One row per agenda item for the আলোচনা | সিদ্ধান্ত | বাস্তবায়নে table."""
    suffix = meeting.committee.decision_suffix or "।"
    return [{
        "heading": _heading(item),
        "discussion": clean(item.discussion),
        # Never empty: a table cell must keep at least one paragraph.
        "decision_lines": _decision_lines(item, suffix) or [""],
        "responsible": ", ".join(clean(p.text) for p in item.parties),
    } for item in meeting.items]


def _attendance(meeting: Meeting) -> tuple[str, list[dict]]:
    present = [a for a in meeting.attendance if a.present]
    if meeting.attendance_annex:
        rows = [{"number": bangla.to_bangla_digits(i), "name": clean(a.name),
                 "designation": clean(a.designation), "office": clean(a.office)}
                for i, a in enumerate(present, start=1)]
        return ANNEX_LABEL, rows
    names = ", ".join(clean(a.name or a.designation) for a in present)
    return names, []


def _memo(letter) -> dict:
    if letter is None:
        return {"memo_number": "", "memo_date_bangla": "", "memo_date_gregorian": ""}
    return {"memo_number": memo_number(letter),
            "memo_date_bangla": bangla.format_bangla_date(letter.memo_date),
            "memo_date_gregorian": bangla.format_gregorian_long(letter.memo_date)}


def _signatory(meeting: Meeting) -> dict:
    name, designation = meeting.signatory_name, meeting.signatory_designation
    if not (name or designation):
        name, designation = default_signatory(meeting)
    return {"signatory_name": clean(name), "signatory_designation": clean(designation)}


def _common(meeting: Meeting, letter) -> dict:
    committee = meeting.committee
    return {
        "header_lines": [clean(line) for line in committee.office_header or []],
        "is_draft": letter is None,
        "chair_name": clean(meeting.chair_name),
        "chair_designation": clean(meeting.chair_designation),
        "meeting_date": bangla.format_date_numeric(meeting.held_on) + " খ্রিঃ",
        "meeting_time": bangla.format_time_bn(meeting.time) if meeting.time else "",
        "venue": clean(meeting.venue),
        **_memo(letter),
        **_signatory(meeting),
    }


def _status_lines(parties: list[dict]) -> list[str]:
    """One line per group ("… (সকল): ৩/৭ বাস্তবায়িত") and per party with a note; parties
    of the same status without a note share one line, so a decision stays a few lines."""
    lines: list[str] = []
    plain: dict[str, list[str]] = {}
    for p in parties:
        if p["members"] or p["note"]:
            note = f" — {p['note']}" if p["note"] else ""
            lines.append(clean(f"{p['label']}: {p['summary']}{note}"))
        else:
            plain.setdefault(p["summary"], []).append(p["label"])
    return [clean(f"{', '.join(labels)}: {summary}") for summary, labels in plain.items()] \
        + lines


def review_context(meeting: Meeting) -> list[dict]:
    """The review of earlier open decisions, one row per decision with each party's status
    (groups summarised), as recorded at this meeting."""
    rows = []
    for row in review_rows(meeting.id):
        d = row["decision"]
        rows.append({
            "decision": clean(f"{bangla.format_date_numeric(d.held_on)} সভার "
                              f"সিদ্ধান্ত {bangla.number_label(d.item_position, d.position)}: "
                              f"{d.text}"),
            "due": _due(d),
            "statuses": _status_lines(row["parties"]),
        })
    return rows


def minutes_context(meeting: Meeting) -> dict:
    """Everything minutes.docx (and the print view) shows, preformatted."""
    attendance, annex_rows = _attendance(meeting)
    return {
        **_common(meeting, meeting.minutes_letter),
        "title": clean(minutes_title(meeting.committee)),
        "attendance": attendance,
        "annex": bool(meeting.attendance_annex),
        "annex_rows": annex_rows,
        "opening": clean(meeting.opening),
        "review_rows": review_context(meeting),
        "items": items_context(meeting),
        "closing": clean(meeting.closing),
        **_distribution_lists(meeting),
    }


def notice_context(meeting: Meeting) -> dict:
    """Everything notice.docx shows, preformatted."""
    context = _common(meeting, meeting.notice_letter)
    weekday = bangla.weekday_bn(meeting.held_on)
    recipients = member_entries(meeting) or [
        r["text"] for r in effective_distribution(meeting) if r["tag"] == "action"]
    chair = ", ".join(p for p in (context["chair_name"], context["chair_designation"]) if p)
    context.update({
        "subject": clean(notice_subject(meeting.committee)),
        "committee_name": clean(meeting.committee.name),
        "chair": chair,
        "meeting_day": f"{context['meeting_date']}, {weekday}",
        "agenda": [{"number": bangla.to_bangla_digits(item.position) + ".",
                    "title": clean(item.title)} for item in meeting.items],
        "distribution": _numbered(recipients, ")"),
    })
    # Folded into "chair" and "meeting_day": the notice's keys stay exactly those it uses.
    for key in ("chair_name", "chair_designation", "meeting_date"):
        del context[key]
    return context


def _distribution_lists(meeting: Meeting) -> dict:
    """The minutes' distribution (heading, for action, copies) as the letters print it."""
    rows = effective_distribution(meeting)
    note = clean(effective_note(meeting))
    return {
        "distribution_heading": f"বিতরণ ({note}) :" if note else "বিতরণ :",
        "distribution": _numbered([r["text"] for r in rows if r["tag"] == "action"], ")"),
        "copies": _numbered([r["text"] for r in rows if r["tag"] == "info"], ")"),
    }


def letter_reference(letter) -> str:
    """"৫৬.০৪.…২০.৯, তারিখ: ২৪ চৈত্র ১৪২৮ / ০৭ এপ্রিল ২০২২": a letter as another cites it."""
    return (f"{memo_number(letter)}, তারিখ: {bangla.format_bangla_date(letter.memo_date)} / "
            f"{bangla.format_gregorian_long(letter.memo_date)}")


def corrigendum_subject(meeting: Meeting) -> str:
    """"জেলা আইসিটি কমিটির ১৪/০৩/২০২২ তারিখের মাসিক সভার কার্যবিবরণীর সংশোধনী"."""
    title = minutes_title(meeting.committee)
    held = bangla.format_date_numeric(meeting.held_on)
    marker = " মাসিক সভার কার্যবিবরণী"
    if title.endswith(marker):
        return f"{title[: -len(marker)]} {held} তারিখের মাসিক সভার কার্যবিবরণীর সংশোধনী"
    return f"{meeting.committee.name} এর {held} তারিখের সভার কার্যবিবরণীর সংশোধনী"


def corrigendum_context(letter, corrections: list[dict]) -> dict:
    """Everything corrigendum.docx shows: the letter citing the minutes it corrects.

    ``corrections``: [{"ref", "was", "now"}] as validated by the corrigendum service.
    """
    meeting = letter.meeting
    original = letter.refers_to or meeting.minutes_letter
    context = _common(meeting, letter)
    for key in ("chair_name", "chair_designation", "meeting_date", "meeting_time", "venue"):
        del context[key]
    context.update({
        "subject": clean(corrigendum_subject(meeting)),
        "reference": letter_reference(original),
        "intro": "সূত্রোক্ত স্মারকে জারিকৃত কার্যবিবরণীর নিম্নবর্ণিত অংশ নিম্নরূপভাবে সংশোধন "
                 "করা হলো:",
        "corrections": [{"number": bangla.to_bangla_digits(i),
                         "ref": bangla.to_bangla_digits(clean(c["ref"])),
                         "was": clean(c["was"]), "now": clean(c["now"])}
                        for i, c in enumerate(corrections, start=1)],
        "closing_line": "কার্যবিবরণীর অন্যান্য অংশ অপরিবর্তিত থাকবে।",
        **_distribution_lists(meeting),
    })
    return context


def _ordinal(n: int) -> str:
    """"২য়" for 2: the usual way a second (third …) reminder is marked."""
    suffix = {1: "ম", 2: "য়", 3: "য়", 4: "র্থ"}.get(n, "তম")
    return bangla.to_bangla_digits(n) + suffix


def reminder_subject(committee: Committee, nth: int) -> str:
    """"জেলা আইসিটি কমিটির সভার সিদ্ধান্ত বাস্তবায়নের অগ্রগতি প্রেরণ প্রসঙ্গে।" (+ "(২য় তাগিদ)")."""
    title = minutes_title(committee)
    marker = " মাসিক সভার কার্যবিবরণী"
    owner = title[: -len(marker)] if title.endswith(marker) else committee.name + " এর"
    subject = f"{owner} সভার সিদ্ধান্ত বাস্তবায়নের অগ্রগতি প্রেরণ প্রসঙ্গে।"
    return f"{subject} ({_ordinal(nth)} তাগিদ)" if nth > 1 else subject


def addressee_lines(name: str, committee: Committee) -> str:
    """প্রাপক: the office, then its place on the next line ("জেলা শিক্ষা অফিসার\\nমাগুরা।")."""
    place = committee.upazila.name if committee.upazila else committee.district.name
    name = clean(name)
    return name + "।" if place in name else f"{name}\n{place}।"


def reminder_context(letter, committee: Committee, office, earlier: list, signatory,
                     report_by) -> dict:
    """Everything reminder.docx shows: one office's overdue decisions, citing the minutes
    of each meeting they come from (and the last reminder sent about them).

    ``office``: followup.overdue.OfficeOverdue; ``earlier``: reminder letters already sent
    to it; ``signatory``: (name, designation); ``report_by``: the date to report by.
    """
    meetings = office.meetings
    references = [letter_reference(m.minutes_letter) for m in meetings]
    if earlier:
        references.append(letter_reference(earlier[-1]))
    held = ", ".join(bangla.format_date_numeric(m.held_on) for m in meetings)
    committee_name = clean(committee.name)
    chair = next((m for m in meetings[::-1] if m.chair_designation), None)
    chair_line = (f"{clean(chair.chair_designation)} ও সভাপতি, {committee_name}"
                  if chair else f"সভাপতি, {committee_name}")
    secretary = committee.secretary
    copies = [chair_line]
    if secretary is not None and secretary.designation:
        copies.append(f"{clean(secretary.designation)} ও সদস্য-সচিব, {committee_name}")
    copies.append("অফিস কপি")
    labels = FollowUpStatus.labels()
    return {
        "header_lines": [clean(line) for line in committee.office_header or []],
        **_memo(letter),
        "addressee": addressee_lines(office.name, committee),
        "subject": reminder_subject(committee, len(earlier) + 1),
        "references": references,
        "intro": (f"উপর্যুক্ত বিষয় ও সূত্রের প্রেক্ষিতে জানানো যাচ্ছে যে, {committee_name} এর "
                  f"{held} তারিখে অনুষ্ঠিত সভায় নিম্নবর্ণিত সিদ্ধান্তসমূহ বাস্তবায়নের দায়িত্ব "
                  "আপনার দপ্তরকে প্রদান করা হয়েছিল, যার অগ্রগতি অদ্যাবধি পাওয়া যায়নি।"),
        "rows": [{
            "number": bangla.to_bangla_digits(i),
            "meeting_date": bangla.format_date_numeric(a.decision.item.meeting.held_on),
            "decision_number": bangla.number_label(a.decision.item.position,
                                                   a.decision.position),
            "text": clean(a.decision.text),
            "due": _due(a.decision),
            "status": clean(labels[a.status] + (f" — {a.status_note}" if a.status_note
                                                else "")),
        } for i, a in enumerate(office.assignments, start=1)],
        "request": (f"আগামী {bangla.format_date_numeric(report_by)} তারিখের মধ্যে বাস্তবায়ন "
                    "অগ্রগতি এ দপ্তরে প্রেরণের জন্য অনুরোধ করা হলো।"),
        "signatory_name": clean(signatory[0]),
        "signatory_designation": clean(signatory[1]),
        "copies": _numbered(copies, ")"),
    }
