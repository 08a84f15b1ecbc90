"""Login and setup forms."""
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

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
