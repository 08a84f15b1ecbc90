"""User management as a district's secretary does it, in Chromium: create an office user
(one-time code), who logs in and chooses a password; reset and deactivate; a user made
without a name is asked for it; the audit log names people by name and designation."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

OWN_PASSWORD = "nijer-password-2026"


def _sign_in(page, username: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("ব্যবহারকারীর নাম").fill(username)
    page.get_by_label("পাসওয়ার্ড").fill(password)
    page.get_by_role("button", name="প্রবেশ করুন").click()


def _expect_refused_form(page, path: str) -> None:
    """The refused form came back with 400, which Chromium logs as a console error: that
    one, and only that one, is expected."""
    refused = [m for m in page.errors.messages if path in m and "status of 400" in m]
    assert len(refused) == 1, page.errors.messages
    page.errors.messages.remove(refused[0])


def _choose_password(page) -> None:
    expect(page.get_by_role("heading", name="নিজের পাসওয়ার্ড দিন")).to_be_visible()
    page.get_by_label("নতুন পাসওয়ার্ড", exact=True).fill(OWN_PASSWORD)
    page.get_by_label("নতুন পাসওয়ার্ড আবার লিখুন").fill(OWN_PASSWORD)
    page.get_by_role("button", name="সংরক্ষণ করুন").click()


def test_a_secretary_manages_the_users_of_the_district(app, page, logout, shot):
    make_user(app, "admin", "admin")
    make_user(app, "sec", "secretary", district="মাগুরা", full_name="নাজমুল হক",
              designation="অতিরিক্ত জেলা প্রশাসক")
    make_user(app, "sec_b", "secretary", district="ঝিনাইদহ")
    _sign_in(page, "sec", PASSWORD)
    expect(page.locator("header.topbar .user")).to_contain_text("নাজমুল হক")

    # The list, from the top bar: the district's users only.
    page.locator("header.topbar nav").get_by_role("link", name="ব্যবহারকারী").click()
    expect(page.get_by_role("heading", name=re.compile("ব্যবহারকারী ব্যবস্থাপনা"))).to_be_visible()
    expect(page.locator("table.users")).to_contain_text("নাজমুল হক")
    expect(page.locator("table.users")).not_to_contain_text("sec_b")

    # A new office user: a missing designation is refused next to the field, nothing lost.
    page.get_by_role("link", name="নতুন ব্যবহারকারী").click()
    expect(page.get_by_label("ভূমিকা").locator("option[value=admin]")).to_have_count(0)
    page.get_by_label("ব্যবহারকারীর নাম (লগইনের জন্য)").fill("cs_magura")
    page.get_by_label("পূর্ণ নাম").fill("ডাঃ সেলিনা পারভীন")
    page.get_by_label("ভূমিকা").select_option(label="দপ্তর")
    page.get_by_label("দপ্তর", exact=True).select_option(label="সিভিল সার্জন")
    page.get_by_role("button", name="তৈরি করুন").click()
    designation = page.get_by_label("পদবি")
    expect(designation).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field.has-error .error")).to_contain_text("ঘরটি পূরণ করা আবশ্যক")
    expect(page.get_by_label("পূর্ণ নাম")).to_have_value("ডাঃ সেলিনা পারভীন")
    _expect_refused_form(page, "/account/users/new")
    designation.fill("সিভিল সার্জন, মাগুরা")
    page.get_by_role("button", name="তৈরি করুন").click()
    expect(page.get_by_role("heading", name="ব্যবহারকারী তৈরি হয়েছে")).to_be_visible()
    code = page.locator("#one-time-code").inner_text().strip()
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", code)
    shot("users-one-time-code")
    logout()

    # The new user logs in with the code and must choose a password first.
    _sign_in(page, "cs_magura", code)
    page.goto("/")  # every page leads to the password first
    _choose_password(page)
    expect(page.locator("header.topbar .user")).to_contain_text("ডাঃ সেলিনা পারভীন")
    expect(page.get_by_role("status")).to_contain_text("নতুন পাসওয়ার্ড সংরক্ষিত হয়েছে")
    logout()
    _sign_in(page, "cs_magura", code)  # the code is used up
    expect(page.get_by_role("status")).to_contain_text("সঠিক নয়")

    # The secretary resets the password, then deactivates the user.
    _sign_in(page, "sec", PASSWORD)
    expect(page.locator("header.topbar .user")).to_contain_text("নাজমুল হক")
    page.goto("/account/users")
    page.locator("tr", has_text="cs_magura").get_by_role("link", name="সম্পাদনা").click()
    page.get_by_role("button", name="পাসওয়ার্ড রিসেট (এককালীন কোড)").click()
    expect(page.get_by_role("heading", name="পাসওয়ার্ড রিসেট হয়েছে")).to_be_visible()
    second = page.locator("#one-time-code").inner_text().strip()
    assert second != code
    page.get_by_role("link", name="ব্যবহারকারীর পাতা").click()
    page.get_by_role("button", name="নিষ্ক্রিয় করুন").click()
    expect(page.locator(".flash-success")).to_contain_text("নিষ্ক্রিয় করা হয়েছে")
    expect(page.get_by_role("button", name="পুনরায় সক্রিয় করুন")).to_be_visible()

    # Everything above is in the audit log, naming the secretary by name and designation.
    page.locator("header.topbar nav").get_by_role("link", name="পরিবর্তনের ইতিহাস").click()
    log = page.locator("table.audit-log")
    expect(log).to_contain_text("নাজমুল হক, অতিরিক্ত জেলা প্রশাসক")
    for action in ("নিষ্ক্রিয়করণ", "পাসওয়ার্ড পরিবর্তন", "তৈরি"):
        expect(log).to_contain_text(action)
    expect(log).to_contain_text("ডাঃ সেলিনা পারভীন, সিভিল সার্জন, মাগুরা")
    shot("users-audit-log")
    logout()
    _sign_in(page, "cs_magura", second)  # deactivated: even the fresh code is refused
    expect(page.get_by_role("status")).to_contain_text("সঠিক নয়")


def test_a_user_created_without_a_name_gives_it_at_first_login(app, page, logout):
    make_user(app, "sec_magura", "secretary", district="মাগুরা", full_name="",
              designation="")
    _sign_in(page, "sec_magura", PASSWORD)
    expect(page.get_by_role("heading", name="আপনার নাম ও পদবি দিন")).to_be_visible()
    page.goto("/audit/")  # the rest of the app leads back here until they are given
    expect(page.get_by_role("heading", name="আপনার নাম ও পদবি দিন")).to_be_visible()
    page.get_by_label("পূর্ণ নাম").fill("মোঃ রফিকুল ইসলাম")
    page.get_by_label("পদবি").fill("সহকারী প্রোগ্রামার")
    page.get_by_role("button", name="সংরক্ষণ করুন").click()
    expect(page.get_by_role("heading", name=re.compile("পরিবর্তনের ইতিহাস"))).to_be_visible()
    expect(page.locator("header.topbar .user")).to_contain_text("মোঃ রফিকুল ইসলাম")
    expect(page.locator("table.audit-log")).to_contain_text(
        "মোঃ রফিকুল ইসলাম, সহকারী প্রোগ্রামার")
    logout()
