"""Forms of the documents feature: issuing, notices, corrigenda, distribution lists."""
from __future__ import annotations

from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..formbase import BnForm
from ..formfields import BnDateField
from .distribution import MAX_ENTRIES, MAX_TEXT, TAGS


class IssueForm(BnForm):
    """Issue the minutes: memo date, signatory, and an explicit confirmation."""

    memo_date = BnDateField("স্মারকের তারিখ", validators=[DataRequired("তারিখ দিন")])
    # Both blank: the default signatory (the member-secretary; see service.default_signatory).
    signatory_name = StringField("স্বাক্ষরকারীর নাম", validators=[Length(max=200)])
    signatory_designation = StringField("স্বাক্ষরকারীর পদবি", validators=[Length(max=300)])
    confirm = BooleanField(
        "আমি নিশ্চিত: জারির পর কার্যবিবরণী আর সম্পাদনা করা যাবে না",
        validators=[DataRequired("জারি করতে নিশ্চিত করুন")])


class NoticeForm(BnForm):
    """Issue the meeting notice under its own memo number."""

    memo_date = BnDateField("নোটিশের তারিখ", validators=[DataRequired("তারিখ দিন")])


class CorrigendumForm(BnForm):
    """A correction of issued minutes, issued as a new letter."""

    text = TextAreaField("সংশোধনী", validators=[DataRequired("সংশোধনীর বিবরণ লিখুন"),
                                                 Length(max=5000)],
                         render_kw={"rows": 6})
    memo_date = BnDateField("স্মারকের তারিখ", validators=[Optional()])


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
