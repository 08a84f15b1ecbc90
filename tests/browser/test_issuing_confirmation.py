"""No irreversible mistake (issue 16), in Chromium: the secretary issues the Magura minutes
through the confirmation page (memo number, both dates, signatory, recipients, the first
page as printed), goes back to correct the date, is refused a date before the meeting, and
is shown the page again when another letter takes the number meanwhile."""
from __future__ import annotations

import copy
import datetime
import json

import pytest

from tests.conftest import MAGURA, import_magura, make_user

pytestmark = pytest.mark.browser
expect = pytest.importorskip(
    "playwright.sync_api", reason="browser tests: the playwright package is not installed "
    "(scripts/setup-venv requirements-dev.txt)").expect

FILE_BN = "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০"


def _refused(page, status: int) -> None:
    """The page came back with `status` (a refused form, a number taken), which Chromium
    logs as a console error: expected once here, any other error still fails the test."""
    refused = [m for m in page.errors.messages if f"status of {status}" in m]
    assert len(refused) == 1, page.errors.messages
    page.errors.messages.remove(refused[0])


@pytest.fixture
def magura(app):
    """The issued Magura minutes (serial 9) and two drafts of the same committee."""
    make_user(app, "sec", "secretary", district="মাগুরা")
    doc = json.loads(MAGURA.read_text(encoding="utf-8"))
    import_magura(app, copy.deepcopy(doc))
    doc.pop("issue")
    drafts = []
    for held_on in ("2022-04-11", "2022-05-09"):
        doc["meeting"]["held_on"] = held_on
        drafts.append(import_magura(app, copy.deepcopy(doc)))
    return drafts


def test_issue_through_the_confirmation_page(page, magura, login, shot):
    draft, _ = magura
    login("sec")
    page.goto(f"/meetings/{draft}/issue")
    date = page.get_by_label("স্মারকের তারিখ")
    # A date before the meeting (11/04/2022) is refused next to the field, as typed.
    date.fill("১০/০৪/২০২২")
    page.get_by_role("button", name="পরবর্তী: যাচাই করুন").click()
    expect(page.locator(".field.has-error")).to_contain_text("সভার তারিখ (১১/০৪/২০২২) এর আগে")
    expect(page.get_by_label("স্মারকের তারিখ")).to_have_value("১০/০৪/২০২২")
    _refused(page, 400)

    page.get_by_label("স্মারকের তারিখ").fill("১৮/০৪/২০২২")
    page.get_by_role("button", name="পরবর্তী: যাচাই করুন").click()
    expect(page.get_by_role("heading", name="জারি নিশ্চিত করুন")).to_be_visible()
    expect(page.locator("#confirm-memo-number")).to_have_text(FILE_BN + ".১০")
    expect(page.locator("#confirm-memo-date")).to_contain_text("১৮ এপ্রিল ২০২২")
    expect(page.locator("#confirm-signatory")).to_contain_text("মোঃ আবুল কাসেম পলাশ, প্রোগ্রামার")
    expect(page.locator("#confirm-recipients")).to_contain_text("জন")
    first_page = page.locator("#first-page")
    expect(first_page).to_contain_text("স্মারক নম্বর: " + FILE_BN + ".১০")
    expect(first_page).to_contain_text("ড. আশরাফুল আলম")
    expect(first_page).not_to_contain_text("খসড়া")
    shot("16-issue-confirmation")

    # Back to the form: everything kept; the date corrected.
    page.get_by_role("button", name="ফিরে যান ও সংশোধন করুন").click()
    expect(page.get_by_label("স্মারকের তারিখ")).to_have_value("১৮/০৪/২০২২")
    expect(page.get_by_label("স্বাক্ষরকারীর নাম")).to_have_value("মোঃ আবুল কাসেম পলাশ")
    page.get_by_label("স্মারকের তারিখ").fill("২০/০৪/২০২২")
    page.get_by_role("button", name="পরবর্তী: যাচাই করুন").click()
    expect(page.locator("#confirm-memo-date")).to_contain_text("২০ এপ্রিল ২০২২")
    expect(page.locator("#confirm-memo-date")).to_contain_text("৭ বৈশাখ ১৪২৯")
    page.get_by_role("button", name=f"নিশ্চিত করুন: {FILE_BN}.১০ নম্বরে জারি করুন").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"কার্যবিবরণী জারি হয়েছে: স্মারক নম্বর {FILE_BN}.১০")


def test_a_number_taken_meanwhile_is_shown_again(page, app, magura, login):
    from committee.documents.service import issue_notice
    from committee.extensions import db
    from committee.models import Meeting

    draft, other = magura
    login("sec")
    page.goto(f"/meetings/{draft}/issue")
    page.get_by_label("স্মারকের তারিখ").fill("২০/০৪/২০২২")
    page.get_by_role("button", name="পরবর্তী: যাচাই করুন").click()
    expect(page.locator("#confirm-memo-number")).to_have_text(FILE_BN + ".১০")
    with app.app_context():  # another officer's notice takes serial 10 meanwhile
        issue_notice(db.session.get(Meeting, other), datetime.date(2022, 5, 1))
    page.get_by_role("button", name=f"নিশ্চিত করুন: {FILE_BN}.১০ নম্বরে জারি করুন").click()
    expect(page.locator("#serial-taken")).to_contain_text("কিছু জারি হয়নি")
    expect(page.locator("#confirm-memo-number")).to_have_text(FILE_BN + ".১১")
    _refused(page, 409)
    page.get_by_role("button", name=f"নিশ্চিত করুন: {FILE_BN}.১১ নম্বরে জারি করুন").click()
    expect(page.get_by_role("status")).to_contain_text(f"স্মারক নম্বর {FILE_BN}.১১")
