"""A member's office as written, in Chromium: a Magura secretary types "জেলা প্রশাসকের
কার্যালয়, মাগুরা" (no office of the directory), the committee keeps it, the committee page
offers to link it, the directory links it, and the minutes' attendance shows it as written."""
from __future__ import annotations

import pytest

from tests.conftest import make_user

pytestmark = pytest.mark.browser
expect = pytest.importorskip(
    "playwright.sync_api", reason="browser tests: the playwright package is not installed "
    "(scripts/setup-venv requirements-dev.txt)").expect

COMMITTEE = "জেলা আইসিটি কমিটি, মাগুরা"
DC_OFFICE = "জেলা প্রশাসকের কার্যালয়, মাগুরা"
DEO = "জেলা শিক্ষা অফিসার"


@pytest.fixture
def secretary(app):
    make_user(app, "sec", "secretary", district="মাগুরা")


def _create_committee(page) -> None:
    page.get_by_role("link", name="নতুন কমিটি").click()
    page.get_by_label("কমিটির নাম").fill(COMMITTEE)
    page.get_by_label("ধরন", exact=True).select_option("ict")
    page.get_by_label("স্তর", exact=True).select_option("district")
    page.get_by_label("নথি নম্বর").fill("৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০")
    rows = page.locator("tbody.members tr")
    while rows.count() < 2:
        page.get_by_role("button", name="সদস্য যোগ করুন").click()
    members = [("মোঃ আবু নাসের বেগ", "জেলা প্রশাসক, মাগুরা", DC_OFFICE, "chair"),
               ("মোছাঃ রেহানা পারভীন", DEO + ", মাগুরা", DEO, "member_secretary")]
    for row, (name, designation, office, role) in zip(rows.all(), members, strict=False):
        row.get_by_label("নাম").fill(name)
        row.get_by_label("পদবি").fill(designation)
        row.get_by_label("দপ্তর").fill(office)
        row.get_by_label("ভূমিকা").select_option(role)
    page.get_by_role("button", name="সংরক্ষণ করুন").click()


def test_a_members_office_as_written_then_linked(page, secretary, login, shot):
    login("sec")
    _create_committee(page)
    expect(page.get_by_role("status")).to_contain_text("কমিটি সংরক্ষণ করা হয়েছে")
    expect(page.get_by_role("heading", level=1)).to_have_text(COMMITTEE)
    committee_url = page.url
    members = page.locator("table.list", has_text="ভূমিকা").first
    chair = members.locator("tr", has_text="মোঃ আবু নাসের বেগ")
    expect(chair).to_contain_text(DC_OFFICE)
    expect(chair.locator("[data-unlinked-office]")).to_contain_text("দপ্তর তালিকায় সংযুক্ত নয়")
    # The directory's own office is linked at once: no offer.
    expect(members.locator("tr", has_text="মোছাঃ রেহানা পারভীন")
           .locator("[data-unlinked-office]")).to_have_count(0)
    shot("member-office-as-written")

    # The editor of a new meeting takes the office as written into the attendance.
    page.get_by_role("link", name="নতুন সভা").click()
    expect(page.locator("input[name='attendance-0-office']")).to_have_value(DC_OFFICE)

    # Linking it: from the committee page to the directory's unlinked names.
    page.goto(committee_url)
    chair.get_by_role("link", name="সংযুক্ত করুন").click()
    row = page.locator("#unlinked tr", has_text=DC_OFFICE)
    expect(row).to_have_count(1)
    row.get_by_label("দপ্তর").select_option(label="জেলা প্রশাসক")
    row.get_by_role("button", name="যুক্ত করুন").click()
    expect(page.get_by_role("status")).to_contain_text("«জেলা প্রশাসক»-এর সাথে যুক্ত হয়েছে")
    expect(page.locator("#unlinked tr", has_text=DC_OFFICE)).to_have_count(0)

    page.goto(committee_url)
    expect(chair).to_contain_text(DC_OFFICE)  # still as written
    expect(page.locator("[data-unlinked-office]")).to_have_count(0)

    # Editing the committee shows the office as it was typed and keeps it on saving.
    page.get_by_role("link", name="সম্পাদনা").first.click()
    expect(page.locator("input[name='members-0-office']")).to_have_value(DC_OFFICE)
    page.get_by_role("button", name="সংরক্ষণ করুন").click()
    expect(page.get_by_role("status")).to_contain_text("কমিটি সংরক্ষণ করা হয়েছে")
    expect(chair).to_contain_text(DC_OFFICE)
