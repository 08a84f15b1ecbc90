"""The one-step follow-up form."""
from flask_wtf.file import FileField
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..formbase import BnForm
from ..formfields import BnDateField
from .service import STATUS_LABELS


class FollowUpForm(BnForm):
    status = SelectField("অবস্থা", choices=list(STATUS_LABELS.items()),
                         validators=[DataRequired("অবস্থা বেছে নিন")])
    on = BnDateField("তারিখ", validators=[Optional()])
    note = TextAreaField("মন্তব্য", validators=[Length(max=5000, message="সর্বোচ্চ ৫০০০ অক্ষর")])
    evidence = FileField("প্রমাণক (PDF/ছবি/DOCX, সর্বোচ্চ ৫ MB)")
