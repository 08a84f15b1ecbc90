"""Chasing decisions in Chromium (issue 15): the secretary issues reminders to every
overdue office in one action, reads the tracker (one row per decision) and the office
overview with its chart; the office sees "তাগিদপত্র: ১", cannot drop a decision, and asks
for it instead; the request shows on the secretary's overview."""
from __future__ import annotations

import re

import pytest

from tests.conftest import import_magura, make_user

pytestmark = pytest.mark.browser
expect = pytest.importorskip(
    "playwright.sync_api", reason="browser tests: the playwright package is not installed "
    "(scripts/setup-venv requirements-dev.txt)").expect

DEO = "জেলা শিক্ষা অফিসার"


@pytest.fixture
def magura(app):
    make_user(app, "sec", "secretary", district="মাগুরা")
    make_user(app, "deo", "office", district="মাগুরা", office=DEO)
    meeting_id = import_magura(app)
    from committee.extensions import db
    from committee.models import Meeting

    with app.app_context():
        return db.session.get(Meeting, meeting_id).committee_id


def test_reminders_tracker_overview_and_a_drop_request(page, magura, login, logout, shot):
    login("sec")
    page.goto(f"/committees/{magura}/reminders?memo_date=2022-05-17")
    expect(page.get_by_label("তাগিদপত্রের তারিখ")).not_to_be_empty()  # 17/05/2022
    page.get_by_role("button", name="সকল মেয়াদোত্তীর্ণ দপ্তরে তাগিদপত্র জারি").click()
    expect(page.get_by_role("status")).to_contain_text("টি তাগিদপত্র জারি হয়েছে")
    shot("15-reminders-issued")

    page.goto(f"/committees/{magura}/tracker")
    expect(page.locator("table.tracker > tbody > tr")).to_have_count(25)  # a page of 29
    expect(page.locator(".tracker-totals")).to_contain_text("২৯")
    expect(page.locator("table.tracker")).to_contain_text("তাগিদপত্র: ১")
    page.locator("table.tracker details summary").first.click()
    shot("15-tracker-one-row-per-decision")

    page.goto("/followup/")
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("table.overview")).to_contain_text(DEO)
    shot("15-office-overview")
    logout()

    login("deo")
    expect(page).to_have_url(re.compile(r"/followup/$"))
    expect(page.locator("table.list").first).to_contain_text("তাগিদপত্র: ১")
    page.locator("table.list a").first.click()
    expect(page.locator("select#status")).not_to_contain_text("বাদ দেওয়া হয়েছে")
    page.get_by_label("কেন বাদ দেওয়া উচিত").fill("প্রকল্পটি মন্ত্রণালয় বাতিল করেছে")
    page.get_by_role("button", name="অনুরোধ পাঠান").click()
    expect(page.get_by_role("status")).to_contain_text("বাদ দেওয়ার অনুরোধ")
    logout()

    login("sec")
    page.goto("/followup/")
    expect(page.locator("ul.drop-requests")).to_contain_text("প্রকল্পটি মন্ত্রণালয় বাতিল করেছে")
    shot("15-drop-request-on-overview")
