"""A distribution list that takes seconds (issue 16), in Chromium: the Magura list is built
from the page's proposal with presets, drags, "সবার উপরে/নিচে" and the keyboard, saved as
the committee's standing list, and the next meeting proposes exactly it, without the rows
removed and with its note. The chair is never proposed."""
from __future__ import annotations

import copy
import json

import pytest

from tests.conftest import MAGURA, import_magura, make_user

pytestmark = pytest.mark.browser
expect = pytest.importorskip(
    "playwright.sync_api", reason="browser tests: the playwright package is not installed "
    "(scripts/setup-venv requirements-dev.txt)").expect

ORIGINAL = json.loads(MAGURA.read_text(encoding="utf-8"))["issue"]["distribution"]
UNO = "উপজেলা নির্বাহী অফিসার (সকল), মাগুরা"


def _draft(app, held_on: str) -> int:
    doc = json.loads(MAGURA.read_text(encoding="utf-8"))
    doc.pop("issue")
    doc["meeting"]["held_on"] = held_on
    return import_magura(app, copy.deepcopy(doc))


@pytest.fixture
def drafts(app):
    make_user(app, "sec", "secretary", district="মাগুরা")
    # The committee's first meeting in the system, then its next one.
    return _draft(app, "2022-03-14"), _draft(app, "2022-04-11")


def _texts(page) -> list[str]:
    values = page.locator("#distribution-body input[name=text]").evaluate_all(
        "els => els.map(e => e.value.trim())")
    return [v for v in values if v]


def _focused(page) -> str:
    """The recipient text of the row holding the focus."""
    return page.evaluate("document.activeElement.closest('tr')"
                         ".querySelector('input[name=text]').value")


def _row_of(page, text):
    """The row whose recipient box holds `text` (its current value, not the attribute)."""
    index = page.locator("#distribution-body input[name=text]").evaluate_all(
        "(els, t) => els.findIndex(e => e.value.trim() === t)", text)
    assert index >= 0, f"no row {text!r}"
    return page.locator("#distribution-body tr").nth(index)


def test_magura_list_from_the_proposal_in_a_few_actions(page, drafts, login, shot):
    first, second = drafts
    login("sec")
    page.goto(f"/meetings/{first}/distribution")
    proposed = _texts(page)
    assert UNO in proposed and not any(t.startswith("জেলা প্রশাসক") for t in proposed)
    clicks = 0

    # Remove what the original does not name (one click each).
    for text in proposed:
        if text != UNO:
            _row_of(page, text).locator(".js-remove").click()
            clicks += 1
    removals = clicks
    # The usual higher offices: one click each (the district's presets).
    for label in ("মন্ত্রণালয়/বিভাগ", "অধিদপ্তর", "বিভাগ"):
        page.get_by_role("button", name=f"+ {label}", exact=True).click()
        clicks += 1
    expect(page.locator(".js-preset").first).to_be_disabled()  # no second copy
    # The two members of parliament, typed.
    for text in ORIGINAL[:2]:
        page.get_by_role("button", name="+ সারি যোগ করুন").click()
        page.locator("#distribution-body input[name=text]").last.fill(text)
    assert _texts(page) == [UNO, *ORIGINAL[2:5], *ORIGINAL[:2]]

    moves = 0
    # Drag the first MP onto the top half of the first row…
    first_row = page.locator("#distribution-body tr").first
    _row_of(page, ORIGINAL[0]).locator(".drag-handle").drag_to(
        first_row, target_position={"x": 200, "y": 4})
    moves += 1
    # …the UNO row to the bottom with its button…
    _row_of(page, UNO).get_by_role("button", name="সবার নিচে").click()
    moves += 1
    # …and the second MP with the keyboard: Alt+↑ three times from the fifth place.
    box = _row_of(page, ORIGINAL[1]).locator("input[name=text]")
    box.focus()
    for _ in range(3):
        page.keyboard.press("Alt+ArrowUp")
        moves += 1
    assert _focused(page) == ORIGINAL[1]  # the moved row keeps the focus
    expect(page.locator("#reorder-status")).to_contain_text("২ নম্বরে")
    assert _texts(page) == ORIGINAL
    expect(page.locator("#distribution-body .row-number").first).to_have_text("১)")
    shot("16-distribution-reordered")

    page.get_by_label("স্থায়ী তালিকা হিসেবে রাখুন").check()
    page.get_by_role("button", name="সংরক্ষণ করুন").click()
    expect(page.get_by_role("status")).to_contain_text("বিতরণ তালিকা সংরক্ষিত হয়েছে")
    assert _texts(page) == ORIGINAL

    # The next meeting: the same list in the same order, the removed rows not proposed
    # (listed apart, to bring back), the note kept.
    page.goto(f"/meetings/{second}/distribution")
    assert _texts(page) == ORIGINAL
    expect(page.get_by_label("বিতরণ নোট")).to_have_value("জ্যেষ্ঠতার ক্রমানুসারে নয়")
    expect(page.locator("#left-out")).to_contain_text("উজ্জ্বল দত্ত")
    page.locator("#left-out li", has_text="উজ্জ্বল দত্ত").get_by_role(
        "button", name="ফিরিয়ে আনুন").click()
    assert _texts(page)[-1] == "উজ্জ্বল দত্ত"
    shot("16-distribution-next-meeting")
    print(f"\nMagura list from the page's proposal: {removals} removals, 3 preset clicks, "
          f"2 rows typed, {moves} moves (1 drag, 1 click, 3 keystrokes)")


def test_keyboard_and_buttons_move_to_top_and_bottom(page, drafts, login):
    first, _ = drafts
    login("sec")
    page.goto(f"/meetings/{first}/distribution")
    before = _texts(page)
    last = before[-1]
    box = _row_of(page, last).locator("input[name=text]")
    box.focus()
    page.keyboard.press("Alt+Home")
    assert _focused(page) == last
    assert _texts(page) == [last, *before[:-1]]
    page.keyboard.press("Alt+End")
    assert _texts(page) == before
    _row_of(page, before[3]).get_by_role("button", name="সবার উপরে").click()
    assert _texts(page)[0] == before[3]
    page.keyboard.press("Alt+ArrowDown")  # focus stayed on the button of the moved row
    assert _texts(page)[1] == before[3]
