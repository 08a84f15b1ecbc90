"""The indicator form (admin)."""
from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..bangla import normalize_text, to_ascii_digits, to_bangla_digits
from ..formbase import BnForm
from ..formfields import BnFloatField, BnIntegerField
from ..vocab import CommitteeKind, IndicatorMethod, Level

NUMBER = "সংখ্যা লিখুন"

REQUIRED = "ঘরটি পূরণ করা আবশ্যক"
COLUMNS = ("অসাধারণ (১০০%)", "অতি উত্তম (৯০%)", "উত্তম (৮০%)", "চলতি মান (৭০%)",
           "চলতি মানের নিম্নে (৬০%)")


class IndicatorForm(BnForm):
    level = SelectField("কার্যালয়ের স্তর", choices=Level.choices())
    code = StringField("কোড", validators=[DataRequired(REQUIRED), Length(max=40)])
    title = StringField("সূচক", validators=[DataRequired(REQUIRED), Length(max=500)])
    method = SelectField("গণনা পদ্ধতি", choices=IndicatorMethod.choices())
    unit = StringField("একক", validators=[DataRequired(REQUIRED), Length(max=40)])
    weight = BnFloatField("মান", message=NUMBER, validators=[
        InputRequired(NUMBER), NumberRange(min=0, max=100, message="০ থেকে ১০০ এর মধ্যে লিখুন")])
    t100 = BnFloatField(COLUMNS[0], message=NUMBER, validators=[InputRequired(NUMBER)])
    t90 = BnFloatField(COLUMNS[1], message=NUMBER, validators=[InputRequired(NUMBER)])
    t80 = BnFloatField(COLUMNS[2], message=NUMBER, validators=[InputRequired(NUMBER)])
    t70 = BnFloatField(COLUMNS[3], message=NUMBER, validators=[InputRequired(NUMBER)])
    t60 = BnFloatField(COLUMNS[4], message=NUMBER, validators=[InputRequired(NUMBER)])
    quarter_targets = StringField("ত্রৈমাসিক লক্ষ্যমাত্রা (ঐচ্ছিক, যেমন ৩,৩,৩,৩)",
                                  validators=[Optional()])
    evidence = TextAreaField("প্রমাণক", validators=[Length(max=2000)])
    source = SelectField("যা থেকে গণনা", choices=[
        ("meetings", "অনুষ্ঠিত সভা (কার্যবিবরণী জারি হয়েছে)"),
        ("decision_rate", "সিদ্ধান্ত বাস্তবায়নের হার (%)"), ("manual", "হাতে লেখা")])
    committee_kind = SelectField("কমিটির ধরন", choices=CommitteeKind.choices())
    scope = SelectField("পরিধি", choices=[("own", "শুধু নিজ কার্যালয়ের কমিটি"),
                                           ("with_upazilas", "জেলা ও উপজেলার কমিটি")])
    position = BnIntegerField("ক্রম", message="পূর্ণ সংখ্যা লিখুন", validators=[Optional()])
    district_id = SelectField("কার্যালয় (জেলা)", coerce=int, default=0,
                             choices=[(0, "সকল (ডিফল্ট)")])

    def set_districts(self, districts) -> None:
        """Offer the districts: an indicator for one office replaces the default."""
        self.district_id.choices = [(0, "সকল জেলা (ডিফল্ট)")] + [(d.id, d.name)
                                                                 for d in districts]

    def _in_order(self, field, before) -> None:
        """A column may not ask for more than the column before it (the score reads the
        five columns from অসাধারণ down; a date indicator's columns are dates)."""
        if self.method.data == IndicatorMethod.DATE or field.data is None \
                or before.data is None:
            return
        if field.data > before.data:
            raise ValidationError(f"{before.label.text} কলামের চেয়ে বেশি হতে পারে না")

    def validate_t90(self, field):
        self._in_order(field, self.t100)

    def validate_t80(self, field):
        self._in_order(field, self.t90)

    def validate_t70(self, field):
        self._in_order(field, self.t80)

    def validate_t60(self, field):
        self._in_order(field, self.t70)

    def validate_quarter_targets(self, field):
        if field.data and len(self._quarters(field.data)) != 4:
            raise ValidationError("চারটি সংখ্যা কমা দিয়ে লিখুন")

    @staticmethod
    def _quarters(text: str) -> list[float]:
        try:
            return [float(p) for p in to_ascii_digits(text).split(",") if p.strip()]
        except ValueError:
            return []

    def fill(self, row) -> None:
        """Copy the validated form into an Indicator."""
        for name in ("level", "method", "source", "committee_kind", "scope"):
            setattr(row, name, self[name].data)
        row.code = normalize_text(self.code.data)
        row.title = normalize_text(self.title.data)
        row.unit = normalize_text(self.unit.data)
        row.evidence = (self.evidence.data or "").strip()
        row.weight = self.weight.data
        row.targets = [self[k].data for k in ("t100", "t90", "t80", "t70", "t60")]
        row.quarter_targets = self._quarters(self.quarter_targets.data) \
            if self.quarter_targets.data else None
        row.position = self.position.data or 0
        row.district_id = self.district_id.data or None

    def load(self, row) -> None:
        self.district_id.data = row.district_id or 0
        for k, v in zip(("t100", "t90", "t80", "t70", "t60"), row.targets or [], strict=False):
            self[k].data = v
        if row.quarter_targets:
            self.quarter_targets.data = to_bangla_digits(
                ",".join(f"{q:g}" for q in row.quarter_targets))
