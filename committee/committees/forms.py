"""The committee form: details, office header and a repeating set of member rows."""
from __future__ import annotations

from wtforms import (
    FieldList,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, StopValidation

from ..bangla import (
    FileNumberError,
    normalize_text,
    parse_file_number,
    to_bangla_digits,
)
from ..formbase import BnForm, BnSubForm, choices
from ..formfields import BnIntegerField
from ..models.meetings import MAX_SERIAL
from ..vocab import Level, MemberRole
from .file import REACHED_RANGE
from .service import (
    DECISION_SUFFIXES,
    DEFAULT_DECISION_SUFFIX,
    DEFAULT_REMINDER_DAYS,
    KIND_LABELS,
    LEVEL_LABELS,
    MAX_REMINDER_DAYS,
    ROLE_LABELS,
    MemberData,
)

PICK = "তালিকা থেকে একটি বেছে নিন"


def _max(n: int) -> Length:
    return Length(max=n, message=f"সর্বোচ্চ {to_bangla_digits(n)} অক্ষর লেখা যাবে")


def _kept_when_left_out(form, field) -> None:
    """A field absent from the post keeps the committee's value (no check); one whose text
    could not be read already has its message."""
    if not field.raw_data or field.process_errors:
        raise StopValidation()


def _number_given(form, field) -> None:
    """Stop at the message of a number that could not be read; ask for a missing one."""
    if field.process_errors:
        raise StopValidation()
    if not field.raw_data:
        raise StopValidation(field.message)


class KeptRadioField(RadioField):
    """Radio buttons whose absence from the post keeps the committee's value."""
    def pre_validate(self, form):
        if self.raw_data:
            super().pre_validate(form)


# How a decision number prints after each choice, e.g. "২.১। …".
DECISION_SUFFIX_PREVIEW = {suffix: f"২.১{suffix} …" for suffix in DECISION_SUFFIXES}
REMINDER_DAYS_MESSAGE = (f"১ থেকে {to_bangla_digits(MAX_REMINDER_DAYS)} এর মধ্যে দিনের "
                         "সংখ্যা লিখুন (বাংলা বা ইংরেজি অঙ্কে)")


class MemberForm(BnSubForm):
    """One member row; a row left entirely blank is ignored."""
    name = StringField("নাম", validators=[_max(200)])
    designation = StringField("পদবি", validators=[_max(300)])
    office = StringField("দপ্তর", validators=[_max(300)])
    role = SelectField("ভূমিকা", choices=choices(ROLE_LABELS.items()), default="member",
                       invalid_choice_message=PICK)

    def is_blank(self) -> bool:
        """Nothing typed in the row (the role alone does not count)."""
        return not any(normalize_text(f.data) for f in (self.name, self.designation,
                                                          self.office))


class CommitteeForm(BnForm):
    name = StringField("কমিটির নাম", validators=[DataRequired("কমিটির নাম লিখুন"), _max(300)])
    kind = SelectField("ধরন", choices=choices(KIND_LABELS.items()), invalid_choice_message=PICK)
    level = SelectField("স্তর", choices=choices(LEVEL_LABELS.items()),
                        invalid_choice_message=PICK)
    district = SelectField("জেলা", validators=[DataRequired("জেলা বেছে নিন")],
                           invalid_choice_message=PICK)
    # Choices depend on the district; checked in validate() against `upazilas`.
    upazila = SelectField("উপজেলা", validate_choice=False)
    file_number = StringField("নথি নম্বর", validators=[DataRequired("নথি নম্বর লিখুন"),
                                                      _max(80)])
    office_header = TextAreaField("অফিসের শিরোনাম (প্রতি লাইনে একটি)")
    decision_suffix = KeptRadioField(
        "সিদ্ধান্ত নম্বরের পরের চিহ্ন",
        choices=choices((s, DECISION_SUFFIX_PREVIEW[s]) for s in DECISION_SUFFIXES),
        default=DEFAULT_DECISION_SUFFIX, invalid_choice_message="«২.১।» অথবা «২.১.» বেছে নিন")
    reminder_days = BnIntegerField(
        "তাগিদের সময় (জারির কত দিন পর অবাস্তবায়িত সিদ্ধান্ত মেয়াদোত্তীর্ণ)",
        validators=[_kept_when_left_out,
                    NumberRange(min=1, max=MAX_REMINDER_DAYS, message=REMINDER_DAYS_MESSAGE)],
        default=DEFAULT_REMINDER_DAYS, message=REMINDER_DAYS_MESSAGE)
    members = FieldList(FormField(MemberForm), min_entries=1)

    def setup(self, districts: list[str], upazilas: dict[str, list[str]]) -> None:
        """Set the district pick-list and the upazilas of each district."""
        blank = [("", "— জেলা বেছে নিন —")] if len(districts) > 1 else []
        self.district.choices = choices(blank + [(d, d) for d in districts])
        self.upazilas = upazilas
        self.upazila.choices = choices([("", "—")] + [(u, u) for names in upazilas.values()
                                                      for u in names])

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the rules that span fields (upazila, file number, roles)."""
        ok = super().validate(extra_validators)
        ok &= self._check_upazila()
        ok &= self._check_file_number()
        ok &= self._check_members()
        return ok

    def _check_upazila(self) -> bool:
        if self.level.data != Level.UPAZILA:
            self.upazila.data = ""
            return True
        if not self.upazila.data:
            self.upazila.errors.append("উপজেলা পর্যায়ের কমিটির উপজেলা বেছে নিন")
            return False
        if self.upazila.data not in self.upazilas.get(self.district.data, []):
            self.upazila.errors.append("উপজেলাটি নির্বাচিত জেলার নয়")
            return False
        return True

    def _check_file_number(self) -> bool:
        if not self.file_number.data or self.file_number.errors:
            return not self.file_number.errors
        try:
            parse_file_number(self.file_number.data)
        except FileNumberError as exc:
            self.file_number.errors.append(str(exc))
            return False
        return True

    def _check_members(self) -> bool:
        ok = True
        seen: set[str] = set()
        for entry in self.members:
            row = entry.form
            if row.is_blank():
                continue
            if not normalize_text(row.designation.data):
                row.designation.errors.append("পদবি লিখুন")
                ok = False
            if row.role.data in (MemberRole.CHAIR, MemberRole.MEMBER_SECRETARY):
                if row.role.data in seen:
                    row.role.errors.append(f"{ROLE_LABELS[row.role.data]} একজনই হতে পারেন")
                    ok = False
                seen.add(row.role.data)
        return ok

    def header_lines(self) -> list[str]:
        """The office header as a list of non-blank lines."""
        return [normalize_text(line) for line in (self.office_header.data or "").splitlines()
                if normalize_text(line)]

    def members_data(self) -> list[MemberData]:
        """The non-blank member rows, in order."""
        return [MemberData(normalize_text(e.form.name.data),
                           normalize_text(e.form.designation.data),
                           normalize_text(e.form.office.data), e.form.role.data)
                for e in self.members if not e.form.is_blank()]

    def data_for_save(self) -> dict:
        """The validated values in the shape service.save_committee takes."""
        return {"name": self.name.data, "kind": self.kind.data, "level": self.level.data,
                "district": self.district.data, "upazila": self.upazila.data or None,
                "file_number": self.file_number.data,
                "office_header": self.header_lines(), "members": self.members_data(),
                # Left out of the post (None): the committee keeps its value.
                "decision_suffix": self.decision_suffix.data
                if self.decision_suffix.raw_data else None,
                "reminder_days": self.reminder_days.data
                if self.reminder_days.raw_data else None}


class SerialForm(BnForm):
    """The serial the committee's file has reached outside the system (only upward)."""
    reached = BnIntegerField(
        "নথির সর্বশেষ ব্যবহৃত ক্রমিক নম্বর",
        validators=[_number_given,
                    NumberRange(min=0, max=MAX_SERIAL, message=REACHED_RANGE)],
        message=REACHED_RANGE)
