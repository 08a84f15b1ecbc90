"""The committee form: details, office header and a repeating set of member rows."""
from __future__ import annotations

from wtforms import FieldList, FormField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..bangla import FileNumberError, normalize_text, parse_file_number
from ..formbase import BnForm, BnSubForm
from .service import KIND_LABELS, LEVEL_LABELS, ROLE_LABELS, MemberData

PICK = "তালিকা থেকে একটি বেছে নিন"


def choices(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def _max(n: int) -> Length:
    return Length(max=n, message=f"সর্বোচ্চ {n} অক্ষর লেখা যাবে")


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
        if self.level.data != "upazila":
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
            if row.role.data in ("chair", "member_secretary"):
                if row.role.data in seen:
                    row.role.errors.append(f"{ROLE_LABELS[row.role.data]} একজনই হতে পারেন")
                    ok = False
                seen.add(row.role.data)
        return ok

    def check_offices(self, resolver) -> bool:
        """Every office typed in a member row must name an office of the directory."""
        ok = True
        for entry in self.members:
            row = entry.form
            office = normalize_text(row.office.data)
            if not row.is_blank() and office and resolver(office) is None:
                row.office.errors.append(f"«{office}» দপ্তর তালিকায় নেই; তালিকা থেকে বেছে "
                                         "নিন অথবা আগে দপ্তর তালিকায় যোগ করুন")
                ok = False
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
                "office_header": self.header_lines(), "members": self.members_data()}
