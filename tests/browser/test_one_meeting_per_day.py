"""One meeting per committee and date, in Chromium, as a Magura secretary meets it: a second
meeting typed for the same day, the back button after saving, and the same minutes imported
twice. Each refusal links to the meeting already stored, and nothing is stored twice."""
from __future__ import annotations

import copy
import json
import re

import pytest
from sqlalchemy import func, select

from tests.conftest import MAGURA, make_user
from tests.meeting_forms import setup_magura

pytestmark = pytest.mark.browser
expect = pytest.importorskip(
    "playwright.sync_api", reason="browser tests: the playwright package is not installed "
    "(scripts/setup-venv requirements-dev.txt)").expect

HELD_ON = "১৫/০৯/২০২৪"  # as an officer types it
VENUE = "জেলা প্রশাসকের সম্মেলন কক্ষ, মাগুরা"
TAKEN = "এই কমিটির ১৫/০৯/২০২৪ তারিখের সভা আগেই আছে"


@pytest.fixture
def magura(app):
    make_user(app, "sec", "secretary", district="মাগুরা")
    return setup_magura(app)  # the issued Magura minutes of ১৪/০৩/২০২২, three members


def _refused(page, status: int = 409) -> None:
    """The refusal answered with `status`: Chromium logs each 4xx page as a console error,
    exactly once here; anything else still fails the test."""
    refused = [m for m in page.errors.messages if f"status of {status}" in m]
    assert len(refused) == 1, page.errors.messages
    page.errors.messages.remove(refused[0])


def _meetings(app) -> int:
    from committee.extensions import db
    from committee.models import Meeting

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Meeting))


def _new_meeting(page, committee_id: int, held_on: str = HELD_ON) -> None:
    """The committee page's "নতুন সভা", the date and venue typed, saved."""
    page.goto(f"/committees/{committee_id}")
    page.get_by_role("link", name="নতুন সভা").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("নতুন সভার কার্যবিবরণী")
    page.get_by_label("সভার তারিখ").fill(held_on)
    page.get_by_label("স্থান").fill(VENUE)
    page.get_by_role("button", name="সংরক্ষণ করুন", exact=True).click()


def test_a_second_meeting_on_the_same_day_is_refused_with_a_link(page, app, magura, login,
                                                                 shot):
    login("sec")
    _new_meeting(page, magura["committee"])
    expect(page.get_by_role("status")).to_contain_text("কার্যবিবরণী সংরক্ষণ করা হয়েছে।")
    first_url = page.url
    assert re.search(r"/meetings/\d+$", first_url)

    # Later, forgetting it was typed already: the same day again, with other content.
    _new_meeting(page, magura["committee"])
    alert = page.locator("[data-date-taken]")
    expect(alert).to_be_visible()
    date_field = page.get_by_label("সভার তারিখ")
    expect(date_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("label.field.has-error")).to_contain_text(TAKEN)
    expect(date_field).to_have_value(HELD_ON)  # what was typed is still there
    expect(page.get_by_label("স্থান")).to_have_value(VENUE)
    _refused(page)
    shot("one-meeting-per-day-refused")
    assert _meetings(app) == 2  # Magura's and the first one

    alert.get_by_role("link", name="সেই সভাটি খুলুন").click()
    expect(page).to_have_url(first_url)
    expect(page.locator(".minutes-actions .badge").first).to_have_text("খসড়া")

    # Another day is another meeting.
    _new_meeting(page, magura["committee"], "১৬/০৯/২০২৪")
    expect(page.get_by_role("status")).to_contain_text("কার্যবিবরণী সংরক্ষণ করা হয়েছে।")
    assert page.url != first_url and _meetings(app) == 3


def test_back_after_saving_then_save_again_stores_nothing(page, app, magura, login):
    login("sec")
    _new_meeting(page, magura["committee"])
    expect(page.get_by_role("status")).to_contain_text("কার্যবিবরণী সংরক্ষণ করা হয়েছে।")
    first_url = page.url

    # Back: the editor page comes again from the server (pages are never cached), so with
    # a new one-time token; the date of the meeting just saved refuses it.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("নতুন সভার কার্যবিবরণী")
    page.get_by_label("সভার তারিখ").fill(HELD_ON)  # the officer checks the date: unchanged
    page.get_by_role("button", name="সংরক্ষণ করুন", exact=True).click()
    alert = page.locator("[data-date-taken]")
    expect(alert).to_contain_text("এই কমিটির এই তারিখের সভা আগেই সংরক্ষিত আছে")
    _refused(page)
    alert.get_by_role("link", name="সেই সভাটি খুলুন").click()
    expect(page).to_have_url(first_url)
    assert _meetings(app) == 2


def _minutes_file(tmp_path, name: str, **meeting) -> str:
    """The Magura minutes as a later draft (no "issue"): the file an officer uploads."""
    doc = json.loads(MAGURA.read_text(encoding="utf-8"))
    doc = copy.deepcopy(doc)
    doc.pop("issue")
    doc["meeting"].update({"held_on": "2024-09-15", **meeting})
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _upload(page, path: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="JSON থেকে সভা আমদানি").click()
    page.get_by_label("JSON ফাইল").set_input_files(path)
    page.get_by_role("button", name="আমদানি করুন").click()


def test_importing_the_same_minutes_twice(page, app, magura, login, tmp_path, shot):
    login("sec")
    minutes = _minutes_file(tmp_path, "magura-2024-09-15.json")
    _upload(page, minutes)
    expect(page.get_by_role("status")).to_contain_text("সভাটি যোগ হয়েছে")
    first_url = page.url

    _upload(page, minutes)  # the same file again: nothing new, and the page says so
    expect(page.get_by_role("status")).to_contain_text(
        "এই কার্যবিবরণী আগেই আমদানি করা হয়েছে এবং ফাইলটি হুবহু একই")
    expect(page).to_have_url(first_url)
    assert _meetings(app) == 2

    # Other minutes of that committee and day: refused, with the meeting's link.
    _upload(page, _minutes_file(tmp_path, "magura-other.json", venue="উপজেলা পরিষদ হলরুম"))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(TAKEN)
    expect(alert).to_contain_text("আমদানি করা হয়নি")
    _refused(page)
    shot("one-meeting-per-day-import-refused")
    alert.get_by_role("link", name="সেই সভাটি খুলুন").click()
    expect(page).to_have_url(first_url)
    assert _meetings(app) == 2
