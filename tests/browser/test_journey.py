"""The whole journey in Chromium: committee, minutes, issue, DOCX, follow-up, APA.

A Magura secretary types everything through the real pages (the editor's script adds,
moves and removes rows); the district education officer records a follow-up; the APA
report counts the meeting once its minutes are issued.
"""
from __future__ import annotations

import io
import re

import pytest
from docx import Document

from tests.conftest import make_user

pytestmark = pytest.mark.browser
expect = pytest.importorskip(
    "playwright.sync_api", reason="browser tests: the playwright package is not installed "
    "(scripts/setup-venv requirements-dev.txt)").expect

COMMITTEE = "জেলা আইসিটি কমিটি, মাগুরা"
FILE_NUMBER = "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০"
MEMO_NUMBER = FILE_NUMBER + ".১"
DEO = "জেলা শিক্ষা অফিসার"
HELD_ON = "2024-09-15"  # FY 2024-25, whose APA indicators the app ships
ITEM2 = "ডিজিটাল কনটেন্ট তৈরি"
ITEM3 = "ই-নথি কার্যক্রম"
D21 = "সকল মাধ্যমিক বিদ্যালয়ে নিয়মিত অনলাইন ক্লাশ পরিচালনা করতে হবে।"
D22 = "শিক্ষকদের ডিজিটাল কনটেন্ট তৈরির প্রশিক্ষণ দিতে হবে।"
D31 = "সকল দপ্তরে ই-নথির মাধ্যমে পত্র জারি নিশ্চিত করতে হবে।"


@pytest.fixture
def people(app):
    from committee.apa.defaults import install_defaults

    make_user(app, "sec", "secretary", district="মাগুরা")
    make_user(app, "deo", "office", district="মাগুরা", office=DEO)
    with app.app_context():  # as `flask apa defaults 2024-25` does on a real install
        install_defaults("2024-25")


def test_committee_minutes_followup_and_apa(page, people, login, logout, shot):
    login("sec")
    shot("02-committee-list-empty")
    create_committee(page, shot)
    meeting_url = write_minutes(page, shot)
    expect(apa_achievement(page)).to_have_text("০")
    issue_minutes(page, meeting_url, shot)
    check_docx(page)
    expect(apa_achievement(page)).to_have_text("১")
    expect(page.locator("table.apa")).to_contain_text("প্রমাণক: ১ টি সভা")
    shot("07-apa-report")
    logout()

    login("deo")
    record_follow_up(page, shot)
    logout()

    login("sec")
    page.goto(meeting_url)
    page.locator(".minutes-actions").get_by_role("link", name=COMMITTEE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COMMITTEE)
    page.get_by_role("link", name="বাস্তবায়ন অগ্রগতি").click()
    row = page.locator("tr", has_text=D31)
    expect(row).to_contain_text("বাস্তবায়িত")
    expect(page.locator(".tracker-totals")).to_contain_text("বাস্তবায়নের হার: ৩৩.৩%")
    shot("09-committee-tracker")
    # The history of changes shows the issue and the office's follow-up, by whom.
    page.get_by_role("link", name="পরিবর্তনের ইতিহাস").click()
    log = page.locator("main")
    expect(log).to_contain_text(MEMO_NUMBER)
    follow_up = log.locator("tr", has_text="সিদ্ধান্ত ৩.১, জেলা শিক্ষা অফিসার: অমীমাংসিত → বাস্তবায়িত")
    expect(follow_up.first).to_contain_text("deo")
    expect(log.locator("tr", has_text="লগ আউট").first).to_contain_text("deo")
    shot("10-audit-log")
    page.errors.check()


def create_committee(page, shot) -> None:
    """The committee form, with a member row added and another added then removed."""
    page.get_by_role("link", name="নতুন কমিটি").click()
    page.get_by_label("কমিটির নাম").fill(COMMITTEE)
    page.get_by_label("ধরন", exact=True).select_option("ict")
    page.get_by_label("স্তর", exact=True).select_option("district")
    expect(page.get_by_label("জেলা", exact=True)).to_have_value("মাগুরা")
    expect(page.locator(".upazila-field")).to_be_hidden()  # the script hides it for a district
    page.get_by_label("নথি নম্বর").fill(FILE_NUMBER)

    rows = page.locator("tbody.members tr")
    before = rows.count()
    members = [("মোঃ আবু নাসের বেগ", "জেলা প্রশাসক, মাগুরা", "", "chair"),
               ("মোঃ রাশেদুল ইসলাম", "প্রোগ্রামার, জেলা প্রশাসকের কার্যালয়, মাগুরা", "",
                "member_secretary"),
               ("মোছাঃ রেহানা পারভীন", DEO + ", মাগুরা", DEO, "member")]
    for _ in range(len(members) + 1 - before):
        page.get_by_role("button", name="সদস্য যোগ করুন").click()
    expect(rows).to_have_count(len(members) + 1)
    expect(rows.last.locator("input").first).to_be_focused()
    for row, (name, designation, office, role) in zip(rows.all(), members, strict=False):
        cells = row.locator("input[type=text]")
        cells.nth(0).fill(name)
        cells.nth(1).fill(designation)
        cells.nth(2).fill(office)
        row.locator("select").select_option(role)
    rows.last.locator("input[type=text]").first.fill("ভুল সারি")
    rows.last.get_by_role("button", name="বাদ দিন").click()
    expect(rows).to_have_count(len(members))
    shot("03-committee-form")

    page.get_by_role("button", name="সংরক্ষণ করুন").click()
    expect(page.get_by_role("status")).to_contain_text("কমিটি সংরক্ষণ করা হয়েছে")
    expect(page.get_by_role("heading", level=1)).to_have_text(COMMITTEE)
    expect(page.locator("table.committee-meta")).to_contain_text(FILE_NUMBER)
    expect(page.locator("table.list").first).to_contain_text("মোছাঃ রেহানা পারভীন")
    page.get_by_role("link", name="কমিটি", exact=True).click()
    expect(page.locator("table.list")).to_contain_text(FILE_NUMBER)
    shot("04-committee-list")
    page.get_by_role("link", name=COMMITTEE).click()


def _field(scope, pattern: str):
    return scope.locator(f"[data-name='{pattern}']")


def write_minutes(page, shot) -> str:
    """The editor: two items added, a decision added and moved up, a stray item removed."""
    page.get_by_role("link", name="নতুন সভা").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("নতুন সভার কার্যবিবরণী")
    page.locator("input[name=held_on]").fill(HELD_ON)
    page.locator("input[name=venue]").fill("জেলা প্রশাসকের সম্মেলন কক্ষ, মাগুরা")
    expect(page.locator("input[name='chair-name']")).to_have_value("মোঃ আবু নাসের বেগ")
    expect(page.locator("[data-attendance] [data-row=attendee]")).to_have_count(3)

    items = page.locator("[data-items] > [data-row=item]")
    expect(items).to_have_count(1)  # item 1, "confirming the previous minutes", is proposed
    add_item = page.get_by_role("button", name="+ আলোচ্য বিষয় যোগ করুন")

    add_item.click()
    item2 = items.nth(1)
    expect(item2.locator("[data-item-number]")).to_have_text("২")
    expect(_field(item2, "items-{i}-title")).to_be_focused()
    _field(item2, "items-{i}-title").fill(ITEM2)
    _field(item2, "items-{i}-discussion").fill("মাধ্যমিক শিক্ষায় ডিজিটাল কনটেন্ট নিয়ে আলোচনা হয়।")
    _field(item2, "items-{i}-responsible").fill(DEO)
    decisions2 = item2.locator("[data-row=decision]")
    _field(decisions2.nth(0), "items-{i}-decisions-{j}-text").fill(D21)
    item2.get_by_role("button", name="+ সিদ্ধান্ত যোগ করুন").click()
    expect(decisions2).to_have_count(2)
    expect(decisions2.nth(1).locator("[data-decision-number]")).to_have_text("২.২")
    _field(decisions2.nth(1), "items-{i}-decisions-{j}-text").fill(D22)
    decisions2.nth(1).get_by_role("button", name="▲ উপরে").click()  # D22 becomes ২.১
    expect(_field(decisions2.nth(0), "items-{i}-decisions-{j}-text")).to_have_value(D22)
    expect(decisions2.nth(0).locator("[data-decision-number]")).to_have_text("২.১")
    expect(_field(decisions2.nth(0), "items-{i}-decisions-{j}-text")).to_have_attribute(
        "name", "items-1-decisions-0-text")

    add_item.click()
    item3 = items.nth(2)
    _field(item3, "items-{i}-title").fill(ITEM3)
    _field(item3, "items-{i}-discussion").fill("ই-নথির ব্যবহার নিয়ে আলোচনা হয়।")
    d31 = item3.locator("[data-row=decision]").first
    _field(d31, "items-{i}-decisions-{j}-text").fill(D31)
    _field(d31, "items-{i}-decisions-{j}-responsible").fill(DEO)

    add_item.click()  # typed into, then removed (the script asks first)
    _field(items.nth(3), "items-{i}-title").fill("ভুলে যোগ করা বিষয়")
    page.once("dialog", lambda dialog: dialog.accept())
    items.nth(3).get_by_role("button", name="✕ মুছুন").first.click()
    expect(items).to_have_count(3)
    expect(items.nth(2).locator("[data-item-number]")).to_have_text("৩")
    shot("05-meeting-editor")

    page.get_by_role("button", name="সংরক্ষণ করুন", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("কার্যবিবরণী সংরক্ষণ করা হয়েছে।")
    expect(page.locator(".minutes-actions .badge").first).to_have_text("খসড়া")
    table = page.locator("table.minutes-table")
    expect(table.locator("#item-2")).to_contain_text(ITEM2)
    expect(table.locator(".minutes-decision").nth(1)).to_contain_text("২.১। " + D22)
    expect(table.locator(".minutes-decision").nth(2)).to_contain_text("২.২। " + D21)
    expect(table.locator("#item-3")).to_contain_text("৩.১। " + D31)
    expect(table.locator("#item-3")).to_contain_text("বাস্তবায়নে: " + DEO)
    expect(table.locator("[data-row]")).to_have_count(0)
    return page.url


def apa_achievement(page):
    """The [৩.১.১] achievement cell of the FY 2024-25 report of the user's district."""
    page.goto("/apa/2024-25")
    expect(page.get_by_role("heading", level=1)).to_contain_text("মাগুরা")
    row = page.locator("table.apa tbody tr", has_text="[৩.১.১]")
    expect(row).to_have_count(1)
    return row.locator("td").nth(8)


def issue_minutes(page, meeting_url: str, shot) -> None:
    page.goto(meeting_url)
    page.get_by_text("কার্যবিবরণী জারি করুন…").click()
    # The confirmation page (issue 16) shows the number before anything is issued.
    page.get_by_role("button", name="পরবর্তী: যাচাই করুন").click()
    expect(page.locator("#confirm-memo-number")).to_have_text(MEMO_NUMBER)
    page.get_by_role("button", name=f"নিশ্চিত করুন: {MEMO_NUMBER} নম্বরে জারি করুন").click()
    expect(page.get_by_role("status")).to_contain_text(f"স্মারক নম্বর {MEMO_NUMBER}")
    expect(page.locator(".paper .memo")).to_contain_text(f"স্মারক নম্বর: {MEMO_NUMBER}")
    expect(page.locator(".minutes-actions .badge").first).to_have_text("জারিকৃত")
    expect(page.get_by_role("link", name="সম্পাদনা", exact=True)).to_have_count(0)
    shot("06-meeting-issued")


def check_docx(page) -> None:
    """Download the minutes through the browser and read them with python-docx."""
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^কার্যবিবরণী \(DOCX\)")).click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as fh:
        doc = Document(io.BytesIO(fh.read()))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    text = "\n".join(texts)
    for expected in (ITEM2, ITEM3, D21, D22, D31, MEMO_NUMBER, "২.১", "৩.১"):
        assert expected in text, f"{expected!r} not in the downloaded minutes"
    assert not re.search(r"56\.04\.5500", text), "memo number printed in ASCII digits"


def record_follow_up(page, shot) -> None:
    """The office dashboard lists what the office owes; one decision is implemented."""
    page.get_by_role("link", name="আমার দপ্তরের সিদ্ধান্ত").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(DEO)
    expect(page.locator("main")).to_contain_text("মোট ৩ টি অমীমাংসিত সিদ্ধান্ত")
    row = page.locator("table.list tbody tr", has_text=D31)
    expect(row).to_contain_text("১৫/০৯/২০২৪ সভার সিদ্ধান্ত ৩.১")
    history_url = row.get_by_role("link").first.get_attribute("href")
    shot("08-office-dashboard")
    row.get_by_label("অবস্থা").select_option("implemented")
    row.get_by_label("মন্তব্য").fill("সকল দপ্তরে ই-নথি চালু হয়েছে")
    row.get_by_role("button", name="সংরক্ষণ").click()
    expect(page.get_by_role("status")).to_contain_text("অগ্রগতি সংরক্ষণ করা হয়েছে")
    expect(page.locator("main")).to_contain_text("মোট ২ টি অমীমাংসিত সিদ্ধান্ত")
    expect(page.locator("table.list tbody tr", has_text=D31)).to_have_count(0)
    page.goto(history_url)
    expect(page.locator("section.card").first).to_contain_text("বর্তমান অবস্থা: বাস্তবায়িত")
    expect(page.locator("table.list")).to_contain_text("সকল দপ্তরে ই-নথি চালু হয়েছে")
