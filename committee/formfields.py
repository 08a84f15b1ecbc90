"""Form fields shared by the features: Bangla messages, Bangla or ASCII digits accepted."""
from wtforms import DateField

from .bangla import to_ascii_digits


class BnDateField(DateField):
    """A date field that accepts Bangla digits and explains errors in Bangla."""

    def process_formdata(self, valuelist):
        valuelist = [to_ascii_digits(v).strip() for v in valuelist]
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("সঠিক তারিখ নয় (বছর-মাস-দিন আকারে দিন)") from exc
