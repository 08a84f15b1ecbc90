"""Directory forms: every change is a POST with a CSRF token."""
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length

from ..formbase import BnForm, choices
from .offices import OFFICE_KIND_LABELS

PICK = "তালিকা থেকে একটি বেছে নিন"
LONG = Length(max=300, message="সর্বোচ্চ ৩০০ অক্ষর লেখা যাবে")


class OfficeForm(BnForm):
    name = StringField("নাম", validators=[DataRequired("নাম লিখুন"), LONG])
    kind = SelectField("ধরন", choices=choices(OFFICE_KIND_LABELS.items()),
                       invalid_choice_message=PICK)
    upazila_id = SelectField("উপজেলা (ঐচ্ছিক)", coerce=int, invalid_choice_message=PICK,
                             invalid_value_message=PICK)

    def set_upazilas(self, upazilas) -> None:
        """Offer the district's upazilas (0 = none)."""
        self.upazila_id.choices = choices([(0, "—")] + [(u.id, u.name) for u in upazilas])


class AliasForm(BnForm):
    alias = StringField("বিকল্প নাম", validators=[DataRequired("বিকল্প নাম লিখুন"), LONG])


class ConfirmForm(BnForm):
    """A bare POST (remove an alias): only the CSRF token."""


class GroupMembersForm(BnForm):
    # Checked in linking.set_group_members against the district's offices.
    members = SelectMultipleField("সদস্য", coerce=int, validate_choice=False,
                                  invalid_value_message=PICK)


class LinkForm(BnForm):
    text = HiddenField(validators=[DataRequired("নামটি ফাঁকা"), LONG])
    office_id = SelectField("দপ্তর", coerce=int, invalid_choice_message=PICK,
                            invalid_value_message=PICK,
                            validators=[DataRequired("যে দপ্তরের সাথে যুক্ত করবেন তা বেছে নিন")])

    def set_offices(self, offices) -> None:
        """Offer the district's offices and groups (0 = none chosen)."""
        self.office_id.choices = choices([(0, "— দপ্তর বেছে নিন —")]
                                        + [(o.id, o.name) for o in offices])
