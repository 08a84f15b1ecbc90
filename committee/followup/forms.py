"""The one-step follow-up form."""
from flask_wtf.file import FileField
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Optional

from ..formbase import BnForm
from ..formfields import BnDateField
from .service import STATUS_LABELS


class FollowUpForm(BnForm):
    """Parses the fields; what may be recorded (date range, note length and characters)
    is checked by record_follow_up, the same rule as the meeting review and the API."""

    status = SelectField("অবস্থা", choices=list(STATUS_LABELS.items()),
                         validators=[DataRequired("অবস্থা বেছে নিন")])
    on = BnDateField("তারিখ", validators=[Optional()])
    note = TextAreaField("মন্তব্য")
    evidence = FileField("প্রমাণক (PDF/ছবি/DOCX, সর্বোচ্চ ৫ MB)")


class DropRequestForm(BnForm):
    """An office's request that the committee drop its decision: the reason."""

    reason = TextAreaField("কেন বাদ দেওয়া উচিত")
