"""The base of every form: WTForms' own messages in Bangla.

Fields declare their Bangla messages where they know the field best; whatever a
validator or field type says by default ("Not a valid choice.", "Field cannot be longer
than 300 characters.") comes through these translations, so no English reaches a user.

WTForms fills in the numbers after translating ("%(max)d" -> 500), so a translation is a
`BanglaMessage`: its `%` writes every number (and date) in Bangla digits ("সর্বোচ্চ ৫০০
অক্ষর লেখা যাবে"), leaving text values (a refused choice as typed) as they are.
"""
from __future__ import annotations

import datetime
import re
from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import Form
from wtforms.fields.choices import SelectChoice

from .bangla import format_date_numeric, to_bangla_digits

BANGLA = {
    "This field is required.": "এই ঘরটি পূরণ করুন।",
    "Invalid input.": "ঘরটির মান সঠিক নয়।",
    "Not a valid choice.": "তালিকা থেকে একটি বেছে নিন।",
    "Invalid Choice: could not coerce.": "তালিকা থেকে একটি বেছে নিন।",
    "Choices cannot be None.": "তালিকা থেকে একটি বেছে নিন।",
    "Invalid choice(s): one or more data inputs could not be coerced.":
        "তালিকা থেকে বেছে নিন।",
    "Not a valid integer value.": "একটি পূর্ণ সংখ্যা লিখুন।",
    "Not a valid float value.": "একটি সংখ্যা লিখুন।",
    "Not a valid decimal value.": "একটি সংখ্যা লিখুন।",
    "Not a valid date value.": "সঠিক তারিখ লিখুন (দিন/মাস/বছর)।",
    "Not a valid datetime value.": "সঠিক তারিখ ও সময় লিখুন।",
    "Not a valid time value.": "সঠিক সময় লিখুন (ঘণ্টা:মিনিট)।",
    "Not a valid week value.": "সঠিক সপ্তাহ লিখুন।",
    "Number must be at least %(min)s.": "সংখ্যাটি কমপক্ষে %(min)s হতে হবে।",
    "Number must be at most %(max)s.": "সংখ্যাটি সর্বোচ্চ %(max)s হতে পারে।",
    "Number must be between %(min)s and %(max)s.": "সংখ্যাটি %(min)s থেকে %(max)s-এর মধ্যে হতে হবে।",
    "Date must be at least %(min)s.": "তারিখটি %(min)s বা তার পরে হতে হবে।",
    "Date must be at most %(max)s.": "তারিখটি %(max)s বা তার আগে হতে হবে।",
    "Date must be between %(min)s and %(max)s.": "তারিখটি %(min)s থেকে %(max)s-এর মধ্যে হতে হবে।",
    "Field must be between %(min)d and %(max)d characters long.":
        "%(min)d থেকে %(max)d অক্ষরের মধ্যে লিখুন।",
    "Field must be at least %(min)d character long.": "কমপক্ষে %(min)d অক্ষর লিখুন।",
    "Field cannot be longer than %(max)d character.": "সর্বোচ্চ %(max)d অক্ষর লেখা যাবে।",
    "Field must be exactly %(max)d character long.": "ঠিক %(max)d অক্ষর লিখুন।",
    "'%(value)s' is not a valid choice for this field.": "«%(value)s» তালিকায় নেই।",
    "Invalid CSRF Token.": "ফর্মের নিরাপত্তা টোকেন সঠিক নয়; পাতাটি আবার খুলুন।",
    "CSRF token missing.": "ফর্মের নিরাপত্তা টোকেন নেই; পাতাটি আবার খুলুন।",
    "CSRF failed.": "ফর্মের নিরাপত্তা যাচাই ব্যর্থ হয়েছে; পাতাটি আবার খুলুন।",
    "CSRF token expired.": "ফর্মের মেয়াদ শেষ; পাতাটি আবার খুলুন।",
    "The CSRF token is missing.": "ফর্মের নিরাপত্তা টোকেন নেই; পাতাটি আবার খুলুন।",
    "The CSRF token is invalid.": "ফর্মের নিরাপত্তা টোকেন সঠিক নয়; পাতাটি আবার খুলুন।",
    "The CSRF token has expired.": "ফর্মের মেয়াদ শেষ; পাতাটি আবার খুলুন।",
    "The CSRF tokens do not match.": "ফর্মের নিরাপত্তা টোকেন মেলেনি; পাতাটি আবার খুলুন।",
    "The CSRF session token is missing.": "সেশনের মেয়াদ শেষ; পাতাটি আবার খুলুন।",
}


_NUMBER_SLOT = re.compile(r"%\((\w+)\)d")


def bangla_value(value):
    """A value for a message: numbers and dates in Bangla digits, anything else as is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime.date):
        return format_date_numeric(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float, Decimal)):
        return to_bangla_digits(value)
    return value


class BanglaMessage(str):
    """A translated message whose `%` interpolation writes numbers in Bangla digits."""

    def __mod__(self, values):
        template = _NUMBER_SLOT.sub(r"%(\1)s", str(self))
        if isinstance(values, dict):
            return template % {key: bangla_value(v) for key, v in values.items()}
        if isinstance(values, tuple):
            return template % tuple(bangla_value(v) for v in values)
        return template % bangla_value(values)


class BanglaTranslations:
    """The gettext interface WTForms asks for, answering from BANGLA."""
    def gettext(self, string: str) -> str:
        return BanglaMessage(BANGLA.get(string, string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # Bangla has one form: the singular message id keys both.
        return BanglaMessage(BANGLA.get(singular, singular if n == 1 else plural))


TRANSLATIONS = BanglaTranslations()


class BnForm(FlaskForm):
    """A form with a CSRF token and Bangla default messages."""
    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS


class BnSubForm(Form):
    """A repeated group of fields inside a BnForm (no token of its own)."""
    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS


class ConfirmForm(BnForm):
    """A confirmation POST (delete a draft, a committee): only the CSRF token."""


def choices(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
