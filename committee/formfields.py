"""Form fields shared by the features: typed as officers type them, in Bangla or ASCII
digits, shown back in Bangla digits, refused with a Bangla message.

Dates: "১৪/০৩/২০২২", "14-03-2022", "১৪.০৩.২০২২", "14032022" (ddmmyyyy) and the ISO form a
date picker or a script sends (bangla.parse_date_typed); the box is a text box (a browser's
date box shows its own locale's order and reads 14032022 as a year), and static/dates.js
adds a picker and the day in both calendars beside it. Times: "১১:০০", "১১.৩০", "সকাল ১১টা"
(bangla.parse_time_typed). Numbers: "১২", "১,০০০", "৯৫.৫".
"""
from __future__ import annotations

from decimal import Decimal

from wtforms import DateField, DecimalField, Field, FloatField, IntegerField
from wtforms.widgets import TextInput

from .bangla import (
    DateTextError,
    format_date_numeric,
    parse_date_typed,
    parse_time_typed,
    to_ascii_digits,
    to_bangla_digits,
)

DATE_PLACEHOLDER = "দিন/মাস/বছর"
INTEGER_MESSAGE = "একটি পূর্ণ সংখ্যা লিখুন"
NUMBER_MESSAGE = "একটি সংখ্যা লিখুন"
# The attributes static/dates.js looks for: a date box gets a picker and the day in both
# calendars beside it.
DATE_ATTRS = {"inputmode": "numeric", "placeholder": DATE_PLACEHOLDER, "data-date": "",
              "autocomplete": "off"}
TIME_ATTRS = {"placeholder": "১১:০০", "autocomplete": "off"}


def _attrs(defaults: dict, kwargs: dict) -> dict:
    kwargs["render_kw"] = {**defaults, **(kwargs.get("render_kw") or {})}
    return kwargs


def _typed(valuelist) -> str | None:
    """The text typed, or None when the field was left empty (or not sent)."""
    if not valuelist or not isinstance(valuelist[0], str) or not valuelist[0].strip():
        return None
    return valuelist[0]


class BnDateField(DateField):
    """A date typed as dd/mm/yyyy (Bangla or ASCII digits, / - . separators), ddmmyyyy or
    ISO; shown back as "১৪/০৩/২০২২"; explained in Bangla when it cannot be read."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **_attrs(DATE_ATTRS, kwargs))

    def process_formdata(self, valuelist):
        text = _typed(valuelist)
        self.data = None
        if text is None:
            return  # Optional / DataRequired say what an empty box means
        try:
            self.data = parse_date_typed(text)
        except DateTextError as exc:
            raise ValueError(str(exc)) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_date_numeric(self.data) if self.data else ""


class BnTimeField(Field):
    """A time of day typed as "১১:০০", "১১.৩০", "11:30", "সকাল ১১টা", "বিকাল ৩টা" …;
    shown back as "১১:০০" (24-hour, Bangla digits)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **_attrs(TIME_ATTRS, kwargs))

    def process_formdata(self, valuelist):
        text = _typed(valuelist)
        self.data = None
        if text is None:
            return
        try:
            self.data = parse_time_typed(text)
        except DateTextError as exc:
            raise ValueError(str(exc)) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return to_bangla_digits(self.data.strftime("%H:%M")) if self.data else ""


def _number_text(text: str) -> str:
    """ASCII digits, no spaces, no thousands commas ("১,০০০" -> "1000")."""
    return to_ascii_digits(text).strip().replace(",", "").replace(" ", "")


def _bangla_number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Decimal):
        value = format(value.normalize(), "f")  # 95.50 -> 95.5, 1E+2 -> 100
    return to_bangla_digits(value)


class BnIntegerField(IntegerField):
    """A whole number typed in Bangla or ASCII digits (a text box: a browser's number box
    refuses Bangla digits), shown back in Bangla digits; `message` for anything else."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, message=INTEGER_MESSAGE, **kwargs):
        super().__init__(label, validators, **_attrs({"inputmode": "numeric"}, kwargs))
        self.message = message

    def process_formdata(self, valuelist):
        text = _typed(valuelist)
        self.data = None
        if text is None:
            return
        digits = _number_text(text)
        unsigned = digits.removeprefix("-")
        if not (unsigned.isascii() and unsigned.isdigit() and len(unsigned) <= 9):
            raise ValueError(self.message)
        self.data = int(digits)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return to_bangla_digits(self.data) if self.data is not None else ""


class _BnFractionField:
    """A number with an optional fraction ("৯৫.৫", "১,০০০", "-২") in Bangla or ASCII
    digits, shown back in Bangla digits; `message` for anything else. The column's type
    comes from the subclass (`_convert`)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, message=NUMBER_MESSAGE, **kwargs):
        super().__init__(label, validators, **_attrs({"inputmode": "decimal"}, kwargs))
        self.message = message

    def process_formdata(self, valuelist):
        text = _typed(valuelist)
        self.data = None
        if text is None:
            return
        digits = _number_text(text)
        unsigned = digits.removeprefix("-")
        # ASCII only: "²".isdigit() is true, and neither Decimal nor float reads it.
        if not (unsigned.isascii() and unsigned.replace(".", "", 1).isdigit()):
            raise ValueError(self.message)
        self.data = self._convert(digits)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return _bangla_number(self.data) if self.data is not None else ""


class BnDecimalField(_BnFractionField, DecimalField):
    """A decimal number typed in Bangla or ASCII digits (a Numeric column)."""

    _convert = staticmethod(Decimal)


class BnFloatField(_BnFractionField, FloatField):
    """The same input rules for a float column (scores, weights)."""

    _convert = staticmethod(float)
