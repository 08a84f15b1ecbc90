"""Number boxes of the APA forms: typed in Bangla or ASCII digits ("১২", "12", "৯৫.৫",
"১,০০০"), shown back in Bangla digits, refused with a Bangla message next to the box.

A browser's number box (<input type="number">, WTForms' default for FloatField and
IntegerField) drops Bangla digits before the form is sent, so "১২" vanished and the page
said "সংখ্যা লিখুন"; these are text boxes with a numeric keyboard on phones.
"""
from __future__ import annotations

import math

from wtforms import Field
from wtforms.widgets import TextInput

from ..bangla import to_ascii_digits, to_bangla_digits

NUMBER = "সংখ্যা লিখুন"
WHOLE_NUMBER = "পূর্ণ সংখ্যা লিখুন"


def _typed(valuelist) -> str | None:
    """The text typed, or None when the box was left empty (or not sent)."""
    if not valuelist or not isinstance(valuelist[0], str) or not valuelist[0].strip():
        return None
    return valuelist[0]


def _ascii_number(text: str) -> str:
    """ASCII digits without spaces or thousands commas: "১,০০০" -> "1000"."""
    return to_ascii_digits(text).strip().replace(",", "").replace(" ", "")


class BnNumberField(Field):
    """A number (float) typed in Bangla or ASCII digits."""

    widget = TextInput()
    message = NUMBER

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["render_kw"] = {"inputmode": "decimal", "autocomplete": "off",
                               **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)

    def _convert(self, text: str):
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(text)
        return value

    def process_formdata(self, valuelist):
        text = _typed(valuelist)
        self.data = None
        if text is None:
            return  # InputRequired / Optional say what an empty box means
        try:
            self.data = self._convert(_ascii_number(text))
        except ValueError:
            raise ValueError(self.message) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]  # what the user typed, also when it was refused
        if self.data is None:
            return ""
        return to_bangla_digits(f"{self.data:g}")


class BnWholeNumberField(BnNumberField):
    """A whole number typed in Bangla or ASCII digits."""

    message = WHOLE_NUMBER

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["render_kw"] = {"inputmode": "numeric", **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)

    def _convert(self, text: str):
        return int(text)
