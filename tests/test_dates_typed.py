"""Dates, times and numbers as officers type them: bangla.py's readers, the shared form
fields, Bangla digits in WTForms' messages, GET /dates/describe and the minutes editor."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import SelectField, StringField
from wtforms.validators import Length, NumberRange

from committee import clock
from committee.audit.log import summary_text, value_text
from committee.bangla import (
    DateTextError,
    bangla_date,
    describe_date,
    format_bangla_date,
    format_time_bn,
    parse_date_typed,
    parse_time_typed,
)
from committee.extensions import db
from committee.formbase import BnSubForm
from committee.formfields import (
    BnDateField,
    BnDecimalField,
    BnFloatField,
    BnIntegerField,
    BnTimeField,
)
from committee.interchange.validate import validate_meeting
from committee.meetings.problems import document_label
from committee.models import Decision, Meeting
from tests.conftest import login
from tests.meeting_forms import ITEMS, as_user, flat, post, setup_magura

MARCH_14 = datetime.date(2022, 3, 14)


# -- dates -------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", [
    "১৪/০৩/২০২২", "14/03/2022", "14-03-2022", "১৪.০৩.২০২২", "১৪-৩-২০২২", "14/3/2022",
    " ১৪ / ০৩ / ২০২২ ", "14032022", "১৪০৩২০২২", "2022-03-14", "২০২২-০৩-১৪", "১৪/03/২০২২",
])
def test_a_date_typed_any_usual_way_is_the_same_day(typed):
    assert parse_date_typed(typed) == MARCH_14


def test_eight_digits_are_day_month_year_never_a_wrong_date():
    # A browser date box read 14032022 as 2022-12-03; an officer means 14 March.
    assert parse_date_typed("03122022") == datetime.date(2022, 12, 3)
    with pytest.raises(DateTextError, match="মাস ১ থেকে ১২"):
        parse_date_typed("20220314")  # yyyymmdd: month 20 is refused, not guessed


@pytest.mark.parametrize("typed, message", [
    ("৩১/০২/২০২২", "ফেব্রুয়ারি ২০২২-এ ৩১ তারিখ নেই"),
    ("২৯/০২/২০২৩", "ফেব্রুয়ারি ২০২৩-এ ২৯ তারিখ নেই"),
    ("১৪/১৩/২০২২", "মাস ১ থেকে ১২-এর মধ্যে হতে হবে"),
    ("১৪/০৩/২২", "বছর চার অঙ্কে লিখুন"),
    ("আগামীকাল", "দিন/মাস/বছর আকারে লিখুন"),
    ("", "দিন/মাস/বছর আকারে লিখুন"),
    ("1403202", "দিন/মাস/বছর আকারে লিখুন"),
])
def test_a_date_that_cannot_be_read_is_refused_in_bangla(typed, message):
    with pytest.raises(DateTextError, match=message) as refused:
        parse_date_typed(typed)
    assert not any(c in str(refused.value) for c in "0123456789")


def test_the_day_in_both_calendars():
    assert describe_date(MARCH_14) == "সোমবার, ১৪ মার্চ ২০২২ = ২৯ ফাল্গুন ১৪২৮"
    assert describe_date(datetime.date(2022, 4, 7)) == \
        "বৃহস্পতিবার, ৭ এপ্রিল ২০২২ = ২৪ চৈত্র ১৪২৮"
    # The revised calendar's one source: describe_date agrees with bangla_date every day.
    day = datetime.date(2019, 1, 1)
    while day < datetime.date(2026, 1, 1):
        assert describe_date(day).endswith(" = " + format_bangla_date(day))
        day += datetime.timedelta(days=1)
    assert bangla_date(datetime.date(2024, 2, 29)) == (16, 11, 1430)


# -- times -------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, hour, minute", [
    ("১১:০০", 11, 0), ("১১.৩০", 11, 30), ("11:30", 11, 30), ("11.30", 11, 30),
    ("১৫:৩০", 15, 30), ("১১টা", 11, 0), ("সকাল ১১টা", 11, 0), ("সকাল ১১টায়", 11, 0),
    ("সকাল ১০.৩০", 10, 30), ("বিকাল ৩টা", 15, 0), ("বিকেল ৩টা", 15, 0),
    ("দুপুর ১২টা", 12, 0), ("দুপুর ২টা", 14, 0), ("সন্ধ্যা ৬টা", 18, 0), ("রাত ৮টা", 20, 0),
    ("রাত ১২টা", 0, 0), ("ভোর ৫টা", 5, 0), ("বিকাল ০৩:৩০ টা", 15, 30), ("বিকাল ১৫:৩০", 15, 30),
])
def test_a_time_typed_any_usual_way(typed, hour, minute):
    assert parse_time_typed(typed) == datetime.time(hour, minute)


@pytest.mark.parametrize("hour", range(24))
def test_every_time_the_app_prints_reads_back(hour):
    t = datetime.time(hour, 30)
    assert parse_time_typed(format_time_bn(t)) == t


@pytest.mark.parametrize("typed", ["২৫:০০", "১১:৬০", "সকাল ৩টা", "রাত ৩টা বিকাল", "এগারোটা",
                                   "১১:৩", "সকাল", "১১ঃ৩০ pm"])
def test_a_time_that_cannot_be_read_is_refused_in_bangla(typed):
    with pytest.raises(DateTextError) as refused:
        parse_time_typed(typed)
    assert "যেমন ১১:০০" in str(refused.value)


# -- the shared form fields ---------------------------------------------------------------

class _Form(BnSubForm):
    on = BnDateField("তারিখ")
    at = BnTimeField("সময়")
    count = BnIntegerField("সংখ্যা")
    share = BnDecimalField("অংশ")
    score = BnFloatField("মান")


def _form(**typed):
    return _Form(MultiDict(typed))


def test_fields_read_bangla_digits_and_show_bangla_back():
    form = _form(on="১৪.০৩.২০২২", at="সকাল ১১টা", count="১,২০০", share="৯৫.৫", score="৮০")
    assert form.validate(), form.errors
    assert (form.on.data, form.at.data, form.count.data) == (
        MARCH_14, datetime.time(11, 0), 1200)
    assert form.share.data == Decimal("95.5") and form.score.data == 80.0
    shown = _Form(data={"on": MARCH_14, "at": datetime.time(15, 30), "count": 12,
                        "share": Decimal("95.50"), "score": 80.0})
    assert [f._value() for f in shown] == ["১৪/০৩/২০২২", "১৫:৩০", "১২", "৯৫.৫", "৮০"]
    html = shown.on()
    assert 'type="text"' in html and 'inputmode="numeric"' in html and "data-date" in html
    assert 'placeholder="দিন/মাস/বছর"' in html


def test_fields_keep_what_was_typed_and_say_what_is_wrong():
    form = _form(on="৩১/০২/২০২২", at="২৫.০০", count="১২টি", share="অর্ধেক", score="৮০%")
    assert not form.validate()
    assert form.on.errors == ["ফেব্রুয়ারি ২০২২-এ ৩১ তারিখ নেই"]
    assert "যেমন ১১:০০" in form.at.errors[0]
    assert form.count.errors == ["একটি পূর্ণ সংখ্যা লিখুন"]
    assert form.share.errors == ["একটি সংখ্যা লিখুন"] == form.score.errors
    assert [f._value() for f in form] == ["৩১/০২/২০২২", "২৫.০০", "১২টি", "অর্ধেক", "৮০%"]


def test_wtforms_own_messages_have_bangla_numbers_but_typed_text_stays():
    class F(BnSubForm):
        name = StringField(validators=[Length(max=500)])
        count = BnIntegerField(validators=[NumberRange(min=1, max=30)])
        pick = SelectField(choices=[("a", "ক")])

    form = F(MultiDict({"name": "শ" * 501, "count": "৪৫", "pick": "A2"}))
    assert not form.validate()
    assert form.name.errors == ["সর্বোচ্চ ৫০০ অক্ষর লেখা যাবে।"]
    assert form.count.errors == ["সংখ্যাটি ১ থেকে ৩০-এর মধ্যে হতে হবে।"]
    assert form.pick.errors == ["তালিকা থেকে একটি বেছে নিন।"]


# -- the interchange messages ------------------------------------------------------------

def test_minutes_messages_in_bangla_digits_and_typed_forms_accepted():
    data = {"held_on": "১৪.০৩.২০২২", "time": "বিকাল ৩টা", "venue": "ক" * 301,
            "chair": {"name": "ক", "designation": "খ"},
            "items": [{"title": "শিরোনাম", "decisions": [{"text": "লেখা", "due_on": "৩১-০৫-২০২২"}]}]}
    with pytest.raises(Exception) as refused:
        validate_meeting(data)
    [problem] = refused.value.problems
    assert problem == {"path": "meeting.venue", "message": "সর্বোচ্চ ৩০০ অক্ষর লেখা যাবে"}
    data["venue"] = "সম্মেলন কক্ষ A2"
    clean = validate_meeting(data)
    assert clean["held_on"] == MARCH_14 and clean["time"] == datetime.time(15)
    assert clean["items"][0]["decisions"][0]["due_on"] == datetime.date(2022, 5, 31)
    data.update(held_on="2022/14/03", time="11:00 AM")
    with pytest.raises(Exception) as refused:
        validate_meeting(data)
    messages = " ".join(p["message"] for p in refused.value.problems)
    assert "YYYY" not in messages and "11:00)" not in messages
    assert "দিন/মাস/বছর" in messages and "যেমন ১১:০০" in messages


def test_an_imported_files_problems_are_named_in_bangla():
    assert document_label("issue.memo_serial") == "জারির তথ্য › স্মারকের ক্রমিক নম্বর"
    assert document_label("meeting.items[2].title") == "আলোচ্য বিষয় ৩ › শিরোনাম"
    assert document_label("committee.office_header[1]") == "কমিটি › দপ্তরের শিরোনাম ২"


# -- the calendar line's endpoint ---------------------------------------------------------

def test_describe_needs_a_login_and_answers_each_date(app, client, users):
    assert client.get("/dates/describe?d=14032022").status_code == 302
    login(client, "viewer")
    answer = client.get("/dates/describe", query_string=[
        ("d", "১৪/০৩/২০২২"), ("d", "14032022"), ("d", "৩১/০২/২০২২"), ("d", "")]).get_json()
    first, second, bad, empty = answer["dates"]
    assert first == {"text": "১৪/০৩/২০২২", "ok": True, "iso": "2022-03-14",
                     "value": "১৪/০৩/২০২২", "both": "সোমবার, ১৪ মার্চ ২০২২ = ২৯ ফাল্গুন ১৪২৮"}
    assert second["iso"] == "2022-03-14"
    assert bad == {"text": "৩১/০২/২০২২", "ok": False,
                   "message": "ফেব্রুয়ারি ২০২২-এ ৩১ তারিখ নেই"}
    assert empty["ok"] is False and empty["empty"] is True


# -- the minutes editor -------------------------------------------------------------------

def test_the_editor_saves_dates_and_times_as_typed_and_shows_them_in_bangla(app, client, users):
    magura = setup_magura(app)
    as_user(client, "sec")
    url = f"/committees/{magura['committee']}/meetings/new"
    new_page = client.get(url).get_data(as_text=True)
    today = clock.today()
    assert f'value="{today.day:02d}/{today.month:02d}/{today.year}"'.translate(
        str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")) in new_page  # Dhaka's today, Bangla
    items = [dict(i) for i in ITEMS]
    items[1] = {**items[1], "decisions": [dict(items[1]["decisions"][0]),
                                          {**items[1]["decisions"][1], "due_on": "৩১.০৫.২০২২"}]}
    response = post(client, url, flat(items, held_on="১৪/০৪/২০২২", time="সকাল ১০.৩০"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    meeting_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert (meeting.held_on, meeting.time) == (datetime.date(2022, 4, 14),
                                                   datetime.time(10, 30))
        assert db.session.scalar(db.select(Decision.due_on).where(
            Decision.meeting_id == meeting_id, Decision.due_on.is_not(None))) == \
            datetime.date(2022, 5, 31)
    page = client.get(f"/meetings/{meeting_id}/edit").get_data(as_text=True)
    assert 'value="১৪/০৪/২০২২"' in page and 'value="৩১/০৫/২০২২"' in page
    assert 'value="১০:৩০"' in page and "data-date" in page and 'type="date"' not in page


def test_the_audit_log_converts_the_apps_numbers_not_typed_ones():
    assert summary_text("কার্যবিবরণী আমদানি: কমিটি, 2022-03-14; 13টি বিষয়; #5; কক্ষ A2; "
                        "ব্যবহারকারী sec2; SHA-256; 2024-25 অর্থবছর") == (
        "কার্যবিবরণী আমদানি: কমিটি, ১৪/০৩/২০২২; ১৩টি বিষয়; #৫; কক্ষ A2; "
        "ব্যবহারকারী sec2; SHA-256; ২০২৪-২৫ অর্থবছর")
    assert value_text("venue", "কক্ষ A2") == "কক্ষ A2"
    assert value_text("held_on", "2022-03-14") == "১৪/০৩/২০২২"
    assert value_text("time", "11:30:00") == "১১:৩০"
    assert value_text("reminder_days", 30) == "৩০"
