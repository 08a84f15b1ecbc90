"""Forms of the documents feature: issuing, notices, corrigenda, distribution lists."""
from __future__ import annotations

from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..bangla import number_label
from ..formbase import BnForm
from ..formfields import BnDateField
from .corrigendum import MAX_CORRECTIONS
from .distribution import MAX_ENTRIES, MAX_TEXT, TAGS


class IssueForm(BnForm):
    """Issue the minutes: memo date and signatory; posted without ``confirm`` it shows the
    confirmation page, whose "confirm" posts the same fields with ``confirm`` and the
    serial it showed (``expected_serial``)."""

    memo_date = BnDateField("স্মারকের তারিখ", validators=[DataRequired("তারিখ দিন")])
    # Both blank: the default signatory (the member-secretary; see service.default_signatory).
    signatory_name = StringField("স্বাক্ষরকারীর নাম", validators=[Length(max=200)])
    signatory_designation = StringField("স্বাক্ষরকারীর পদবি", validators=[Length(max=300)])
    confirm = BooleanField("আমি নিশ্চিত: জারির পর কার্যবিবরণী আর সম্পাদনা করা যাবে না")
    expected_serial = HiddenField(validators=[Optional(), Regexp(r"^[0-9]{1,6}$",
                                                                 message="ফর্মটি আবার খুলুন")])

    def shown_serial(self) -> int | None:
        """The serial the confirmation page showed (None: posted without that page)."""
        value = (self.expected_serial.data or "").strip()
        return int(value) if value.isdigit() else None


class NoticeForm(BnForm):
    """Issue the meeting notice under its own memo number."""

    memo_date = BnDateField("নোটিশের তারিখ", validators=[DataRequired("তারিখ দিন")])


class ReminderForm(BnForm):
    """Issue reminder letters: their date (overdue is judged as of that day)."""

    memo_date = BnDateField("তাগিদপত্রের তারিখ", validators=[DataRequired("তারিখ দিন")])


class CorrigendumForm(BnForm):
    """A correction of issued minutes, issued as a new letter; the rows are parallel
    `ref`/`was`/`now` lists (see correction_rows)."""

    memo_date = BnDateField("স্মারকের তারিখ", validators=[Optional()])


def correction_rows(form_data) -> list[dict]:
    """The corrigendum form's rows in page order, as typed (blank rows dropped later).

    A single `text` field (the short form on the meeting page) is one correction."""
    refs, was, now = (form_data.getlist(k)[:MAX_CORRECTIONS * 2] for k in ("ref", "was", "now"))
    rows = [{"ref": refs[i] if i < len(refs) else "", "was": was[i] if i < len(was) else "",
             "now": text} for i, text in enumerate(now)]
    if form_data.get("text", "").strip():
        rows.append({"ref": "", "was": "", "now": form_data["text"]})
    return rows


def decision_choices(meeting) -> list[tuple[str, str]]:
    """(number, "২.১ — text…") of the meeting's decisions, for the corrigendum's row picker."""
    out = []
    for item in meeting.items:
        for d in item.decisions:
            label = number_label(item.position, d.position)
            text = d.text if len(d.text) <= 60 else d.text[:60] + "…"
            out.append((label, f"{label} — {text}"))
    return out


class DistributionForm(BnForm):
    """Note and standing-list checkbox; the rows are parallel `text`/`tag` lists."""

    note = StringField("বিতরণ নোট", validators=[Length(max=300)])
    keep_standing = BooleanField("স্থায়ী তালিকা হিসেবে রাখুন")


def posted_rows(form_data) -> list[dict]:
    """The rows of the distribution editor in page order (blank rows are dropped later)."""
    texts = form_data.getlist("text")[: MAX_ENTRIES * 2]
    tags = form_data.getlist("tag")
    rows = []
    for i, text in enumerate(texts):
        tag = tags[i] if i < len(tags) and tags[i] in TAGS else "action"
        rows.append({"text": text[:MAX_TEXT], "tag": tag})
    return rows


class PresetsForm(BnForm):
    """A district's distribution presets; the rows are parallel `label`/`text`/`tag` lists."""


def posted_presets(form_data) -> list[dict]:
    """The preset rows of the page in order, as typed."""
    labels = form_data.getlist("label")[:MAX_ENTRIES]
    texts = form_data.getlist("text")[:MAX_ENTRIES]
    tags = form_data.getlist("tag")[:MAX_ENTRIES]
    return [{"label": labels[i] if i < len(labels) else "", "text": text,
             "tag": tags[i] if i < len(tags) and tags[i] in TAGS else "action"}
            for i, text in enumerate(texts)]
