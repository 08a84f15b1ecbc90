"""Dates and times typed as an officer types them, in Chromium (static/dates.js).

The minutes editor's date boxes take "১৪/০৩/২০২২", "14-03-2022", "১৪.০৩.২০২২" or
"14032022" and show the day in both calendars as it is typed; times take "১১.৩০" and
"সকাল ১১টা"; what is saved is the day that was meant, shown back as দিন/মাস/বছর.
"""
from __future__ import annotations

import datetime
import re

import pytest

from committee import clock
from committee.bangla import describe_date, format_date_numeric
from committee.extensions import db
from committee.models import Decision, Meeting
from tests.conftest import import_magura, make_user

pytestmark = pytest.mark.browser
expect = pytest.importorskip(
    "playwright.sync_api", reason="browser tests: the playwright package is not installed "
    "(scripts/setup-venv requirements-dev.txt)").expect

MARCH_14 = "সোমবার, ১৪ মার্চ ২০২২ = ২৯ ফাল্গুন ১৪২৮"


@pytest.fixture
def magura(app):
    make_user(app, "sec", "secretary", district="মাগুরা")
    meeting_id = import_magura(app)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        return {"committee": meeting.committee_id, "meeting": meeting_id}


def _refused(page, status: int = 422) -> None:
    """The browser logs the refused form's answer as a failed load: expected here."""
    refused = [m for m in page.errors.messages if f"status of {status}" in m]
    assert len(refused) == 1, page.errors.messages
    page.errors.messages.remove(refused[0])


def _chair(page) -> None:
    page.locator("input[name='chair-name']").fill("ড. আশরাফুল আলম")
    page.locator("input[name='chair-designation']").fill("জেলা প্রশাসক")


def _line(page, name: str):
    return page.locator(f"input[name='{name}'] ~ [data-date-both]")


def _saved(app) -> Meeting:
    with app.app_context():
        meeting = db.session.scalars(db.select(Meeting).order_by(Meeting.id.desc())).first()
        dues = db.session.scalars(db.select(Decision.due_on).where(
            Decision.meeting_id == meeting.id, Decision.due_on.is_not(None))).all()
        return meeting.held_on, meeting.time, dues, meeting.id


def test_the_editor_reads_dates_and_times_as_typed(app, page, magura, login, shot):
    login("sec")
    page.goto(f"/committees/{magura['committee']}/meetings/new")
    held_on = page.locator("input[name=held_on]")
    # The default is today in Dhaka, in Bangla digits, its line shown when the page opens.
    today = clock.today()
    expect(held_on).to_have_value(format_date_numeric(today))
    expect(_line(page, "held_on")).to_have_text(describe_date(today))

    for typed in ("১৪/০৩/২০২২", "14-03-2022", "১৪.০৩.২০২২", "14032022"):
        held_on.fill(typed)
        expect(_line(page, "held_on")).to_have_text(MARCH_14)
    held_on.fill("৩১/০২/২০২২")
    expect(_line(page, "held_on")).to_have_text("ফেব্রুয়ারি ২০২২-এ ৩১ তারিখ নেই")
    expect(_line(page, "held_on")).to_have_class("date-both date-bad")

    # Typed key by key, as a keyboard does; on leaving the box it reads ১০/০৪/২০২২.
    held_on.fill("")
    held_on.press_sequentially("10.4.2022", delay=20)
    expect(_line(page, "held_on")).to_have_text(describe_date(datetime.date(2022, 4, 10)))
    held_on.press("Tab")
    expect(held_on).to_have_value("১০/০৪/২০২২")
    page.locator("input[name=time]").fill("১১.৩০")
    page.locator("input[name=venue]").fill("জেলা প্রশাসকের সম্মেলন কক্ষ")
    _chair(page)

    # A decision's deadline, in a row the editor's script adds.
    item = page.locator("[data-items] > [data-row=item]").first
    item.get_by_role("button", name="+ সিদ্ধান্ত যোগ করুন").click()
    second = item.locator("[data-row=decision]").nth(1)
    second.locator("[data-name='items-{i}-decisions-{j}-text']").fill("ই-নথি চালু করতে হবে।")
    due = second.locator("[data-name='items-{i}-decisions-{j}-due_on']")
    due.fill("৩১-০৫-২০২২")
    expect(second.locator("[data-date-both]")).to_have_text(
        "মঙ্গলবার, ৩১ মে ২০২২ = ১৭ জ্যৈষ্ঠ ১৪২৯")
    # The calendar picker fills the box in দিন/মাস/বছর.
    second.locator("input.date-picker").evaluate(
        "el => { el.value = '2022-06-15'; el.dispatchEvent(new Event('change')); }")
    expect(due).to_have_value("১৫/০৬/২০২২")
    expect(second.locator("[data-date-both]")).to_contain_text("১৫ জুন ২০২২ = ")
    shot("dates-typed-editor")

    page.get_by_role("button", name="সংরক্ষণ করুন", exact=True).click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+$"))
    held, time, dues, meeting_id = _saved(app)
    assert (held, time, dues) == (datetime.date(2022, 4, 10), datetime.time(11, 30),
                                  [datetime.date(2022, 6, 15)])

    # Edited again: shown in Bangla; "সকাল ১১টা" is 11:00.
    page.goto(f"/meetings/{meeting_id}/edit")
    expect(page.locator("input[name=held_on]")).to_have_value("১০/০৪/২০২২")
    expect(_line(page, "held_on")).to_have_text(describe_date(datetime.date(2022, 4, 10)))
    expect(page.locator("input[name=time]")).to_have_value("১১:৩০")
    page.locator("input[name=time]").fill("সকাল ১১টা")
    page.locator("input[name=held_on]").fill("১১.০৪.২০২২")
    page.get_by_role("button", name="সংরক্ষণ করুন", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting_id}$"))
    assert _saved(app)[:2] == (datetime.date(2022, 4, 11), datetime.time(11, 0))


def test_a_refused_time_keeps_what_was_typed_with_a_bangla_message(app, page, magura, login):
    login("sec")
    page.goto(f"/committees/{magura['committee']}/meetings/new")
    page.locator("input[name=held_on]").fill("১২/০৪/২০২২")
    page.locator("input[name=time]").fill("সকাল ৩টা")
    _chair(page)
    page.get_by_role("button", name="সংরক্ষণ করুন", exact=True).click()
    expect(page.locator("[role=alert]")).to_contain_text("সভার সময়:")
    _refused(page)
    expect(page.locator("input[name=time]")).to_have_value("সকাল ৩টা")
    expect(page.locator("input[name=time] ~ .error")).to_contain_text("সকাল ৩টা হয় না")
    expect(page.locator("input[name=held_on]")).to_have_value("১২/০৪/২০২২")
    expect(_line(page, "held_on")).to_have_text(describe_date(datetime.date(2022, 4, 12)))


def test_the_meeting_pages_date_boxes_show_both_calendars(app, page, magura, login):
    """The other date boxes (the letters' memo dates) work the same way."""
    login("sec")
    page.goto(f"/meetings/{magura['meeting']}")
    page.get_by_text("সংশোধনী জারি করুন…").click()
    memo_date = page.locator("#corr-date")
    expect(memo_date).to_have_attribute("placeholder", "দিন/মাস/বছর")
    memo_date.fill("০৭-০৪-২০২২")
    expect(page.locator("#corr-date ~ [data-date-both]")).to_have_text(
        "বৃহস্পতিবার, ৭ এপ্রিল ২০২২ = ২৪ চৈত্র ১৪২৮")
