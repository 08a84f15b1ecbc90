"""Login, setup, password and user management forms."""
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired, EqualTo, Length, Regexp

from ..formbase import BnForm

REQUIRED = "ঘরটি পূরণ করা আবশ্যক"
USERNAME = Regexp(r"^[A-Za-z0-9_.-]+$",
                  message="শুধু ইংরেজি অক্ষর, সংখ্যা, _ . - ব্যবহার করা যাবে")


class LoginForm(BnForm):
    username = StringField("ব্যবহারকারীর নাম", validators=[DataRequired(REQUIRED),
                                                        Length(max=80)])
    password = PasswordField("পাসওয়ার্ড", validators=[DataRequired(REQUIRED)])


class SetupForm(BnForm):
    setup_code = StringField("সেটআপ কোড", validators=[DataRequired(REQUIRED)])
    username = StringField("ব্যবহারকারীর নাম", validators=[
        DataRequired(REQUIRED), Length(min=3, max=80,
                                       message="৩ থেকে ৮০ অক্ষরের মধ্যে হতে হবে"), USERNAME])
    full_name = StringField("পূর্ণ নাম", validators=[Length(max=200)])
    designation = StringField("পদবি", validators=[Length(max=200)])
    password = PasswordField("পাসওয়ার্ড", validators=[
        DataRequired(REQUIRED), Length(min=10, message="পাসওয়ার্ড অন্তত ১০ অক্ষরের হতে হবে")])
    confirm = PasswordField("পাসওয়ার্ড আবার লিখুন", validators=[
        DataRequired(REQUIRED), EqualTo("password", message="দুটি পাসওয়ার্ড মেলেনি")])


class PasswordForm(BnForm):
    current = PasswordField("বর্তমান পাসওয়ার্ড", validators=[DataRequired(REQUIRED)])
    password = PasswordField("নতুন পাসওয়ার্ড", validators=[
        DataRequired(REQUIRED), Length(min=10, message="পাসওয়ার্ড অন্তত ১০ অক্ষরের হতে হবে")])
    confirm = PasswordField("নতুন পাসওয়ার্ড আবার লিখুন", validators=[
        DataRequired(REQUIRED), EqualTo("password", message="দুটি পাসওয়ার্ড মেলেনি")])


# -- user management (committee/auth/users_views.py) ---------------------------------------

NAME_LENGTH = Length(max=200, message="সর্বোচ্চ ২০০ অক্ষর লেখা যাবে")


class ProfileForm(BnForm):
    """One's own full name and designation (asked at login until given)."""
    full_name = StringField("পূর্ণ নাম", validators=[DataRequired(REQUIRED), NAME_LENGTH],
                            filters=[lambda v: " ".join(v.split()) if v else v])
    designation = StringField("পদবি", validators=[DataRequired(REQUIRED), NAME_LENGTH],
                              filters=[lambda v: " ".join(v.split()) if v else v])


class UserEditForm(ProfileForm):
    """A user's names, role, district (administrators only) and office. The choices are
    set by the page from what the current user may assign."""
    role = SelectField("ভূমিকা", validators=[DataRequired(REQUIRED)])
    district = SelectField("জেলা", validate_choice=False)
    office = SelectField("দপ্তর", validate_choice=False)


class UserCreateForm(UserEditForm):
    username = StringField("ব্যবহারকারীর নাম (লগইনের জন্য)", validators=[
        DataRequired(REQUIRED), Length(min=3, max=80,
                                       message="৩ থেকে ৮০ অক্ষরের মধ্যে হতে হবে"), USERNAME])


class ActiveForm(BnForm):
    """Deactivate ("0") or reactivate ("1") a user."""
    active = HiddenField(validators=[DataRequired(REQUIRED), AnyOf(("0", "1"))])


class ConfirmForm(BnForm):
    """A button that only needs its CSRF token (resetting a password)."""


class NewPasswordForm(BnForm):
    """The password of one's own, after logging in with a one-time code."""
    password = PasswordField("নতুন পাসওয়ার্ড", validators=[
        DataRequired(REQUIRED), Length(min=10, message="পাসওয়ার্ড অন্তত ১০ অক্ষরের হতে হবে")])
    confirm = PasswordField("নতুন পাসওয়ার্ড আবার লিখুন", validators=[
        DataRequired(REQUIRED), EqualTo("password", message="দুটি পাসওয়ার্ড মেলেনি")])
