"""Every page on a phone (issue 16): at 390 × 844 no page scrolls sideways, no select's
text is cut and every input is wide enough to read; at 1366 × 900 nothing scrolls either.

"Every page" comes from the app itself: each GET rule of ``app.url_map`` (static files
aside), its URL parameters filled from a seeded Magura dataset (issued minutes, a draft
with its review, a follow-up with evidence, a drop request, a corrigendum, reminders, the
APA indicators). A GET rule with a parameter this test cannot fill fails it, and so does
a rule no role can open: nobody can add a page that is silently skipped. Whether a
response is a page is decided by its Content-Type (DOCX, XLSX, CSV, PDF and JSON are not).
The pages checked are written to test-output/phone-width-pages.txt.
"""
from __future__ import annotations

import copy
import datetime
import io
import itertools
import json
import os
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from committee.apa.defaults import install_defaults
from committee.documents.service import issue_minutes
from committee.extensions import db
from committee.models import (
    Assignment,
    Decision,
    District,
    FollowUp,
    Indicator,
    Item,
    Letter,
    Meeting,
    Office,
    User,
)
from tests.browser.conftest import CSP_LISTENER, TIMEOUT_MS, PageErrors
from tests.conftest import MAGURA, PASSWORD, csrf_token, import_magura, login, make_token, make_user

# A layout check: what it measures is the browser's, on pages the same on both databases
# (every route's answer on PostgreSQL is tests/test_authz_matrix.py's), so it runs once,
# in the SQLite run; 20 s saved from the PostgreSQL run of scripts/test.
ON_POSTGRES = (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(ON_POSTGRES, reason="layout: checked in the SQLite run")]
expect = pytest.importorskip(
    "playwright.sync_api", reason="browser tests: the playwright package is not installed "
    "(scripts/setup-venv requirements-dev.txt)").expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
MIN_CONTROL_PX = 120  # an input narrower than this shows two or three Bangla words
DEO = "জেলা শিক্ষা অফিসার"
LONG_NOTE = ("সকল মাধ্যমিক বিদ্যালয়ের মাল্টিমিডিয়া শ্রেণিকক্ষে নিয়মিত অনলাইন ক্লাশ পরিচালনার "
             "জন্য প্রধান শিক্ষকদের নির্দেশনা প্রদান করা হয়েছে এবং উপজেলাভিত্তিক তদারকি চলছে")
# Who looks at the pages: None is a visitor who has not logged in.
ROLES = (None, "admin", "sec", "deo", "viewer")
# Each page is looked at once, by the first of these who can open it (the secretary sees
# the fullest district pages); pages whose content is each role's own are looked at by
# every role that opens them.
FIRST_LOOK = ("sec", "admin", "deo", "viewer", None)
EVERY_ROLE = {"/", "/followup/", "/account/sessions", "/account/profile"}
# A query that gives a page its content (the bare URL is checked too).
QUERIES = {"followup.search": ["?q=ইন্টারনেট"],
           "followup.committee_tracker": ["?status=pending"],
           "audit.index": ["?page=2"],
           "api.apa_indicators": ["?district=মাগুরা"]}
# GET rules that no signed-in role or visitor opens once the app has users, with why.
NEVER_A_PAGE_HERE = {"auth.setup": "the first administrator's form, only on an empty install"}
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "phone-width-pages.txt"

MEASURE = """async (minControl) => {
  // Measured once the fonts are in and the layout of the new width is painted.
  await document.fonts.ready;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const vw = window.innerWidth;
  const doc = document.documentElement;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== "hidden";
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim()
       ? "." + el.className.trim().split(/\\s+/).join(".") : "")
    + (el.name ? "[name=" + el.name + "]" : "");
  // The innermost elements reaching past the right edge, for the failure message.
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right <= vw + 1 || !visible(el)) continue;
    if ([...el.children].some((c) => c.getBoundingClientRect().right > vw + 1)) continue;
    wide.push(name(el) + " → " + Math.round(r.right) + "px");
    if (wide.length >= 6) break;
  }
  // Selects: the chosen option's text fits inside the box, beside the arrow, and so does
  // every other option's unless the box already spans the whole row it stands in (the
  // phone's own list then shows the long option in full).
  const ctx = document.createElement("canvas").getContext("2d");
  const cut = [];
  for (const s of document.querySelectorAll("select")) {
    if (!visible(s)) continue;
    const cs = getComputedStyle(s);
    ctx.font = cs.fontStyle + " " + cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily;
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)
      - (s.multiple || s.size > 1 ? 0 : 16);
    const row = s.parentElement, rs = getComputedStyle(row);
    const full = s.getBoundingClientRect().width + 1 >= row.clientWidth
      - parseFloat(rs.paddingLeft) - parseFloat(rs.paddingRight);
    const shown = full && !(s.multiple || s.size > 1)
      ? [...s.options].filter((o) => o.selected).slice(0, 1) : [...s.options];
    for (const o of shown) {
      const w = ctx.measureText(o.text).width;
      if (w > room + 0.5) {
        cut.push(name(s) + ": «" + o.text + "» needs " + Math.ceil(w) + "px, has "
                 + Math.floor(room) + "px");
        break;
      }
    }
  }
  // Inputs one types in: wide enough to read what was typed (a select's text is checked
  // above).
  const narrow = [];
  const typed = "input:not([type]), input[type=text], input[type=search], input[type=email],"
    + " input[type=password], input[type=url], input[type=date], input[type=number], textarea";
  for (const el of document.querySelectorAll(typed)) {
    if (!visible(el)) continue;
    const w = el.getBoundingClientRect().width;
    if (w < minControl) narrow.push(name(el) + " " + Math.round(w) + "px");
  }
  return {scrollWidth: doc.scrollWidth, width: vw, wide, cut, narrow};
}"""


# -- the dataset ------------------------------------------------------------------------

@pytest.fixture
def dataset(app):
    """Magura's minutes imported and issued, a later draft reviewing them, a follow-up
    with evidence, a drop request, a corrigendum, a notice, reminders and the APA
    indicators; returns the values each URL parameter may take."""
    make_user(app, "admin", "admin")
    make_user(app, "sec", "secretary", district="মাগুরা")
    make_user(app, "deo", "office", district="মাগুরা", office=DEO)
    make_user(app, "viewer", "viewer", district="মাগুরা")
    doc = json.loads(MAGURA.read_text(encoding="utf-8"))
    issue = doc.pop("issue")
    issued = import_magura(app, copy.deepcopy(doc))
    with app.app_context():
        install_defaults("2024-25")
        issue_minutes(db.session.get(Meeting, issued),
                      memo_date=datetime.date.fromisoformat(issue["memo_date"]))
    later = copy.deepcopy(doc)
    later["meeting"]["held_on"] = "2022-06-20"
    draft = import_magura(app, later)

    def deo_assignment(number: str) -> int:
        item, decision = (int(n) for n in number.split("."))
        with app.app_context():
            return db.session.scalar(
                select(Assignment.id).join(Decision).join(Item)
                .where(Item.meeting_id == issued, Item.position == item,
                       Decision.position == decision, Assignment.party == DEO))

    followed, dropped = deo_assignment("2.1"), deo_assignment("2.2")
    deo = app.test_client()
    login(deo, "deo")
    url = f"/followup/assignments/{followed}"
    done = deo.post(url, data={
        "csrf_token": csrf_token(deo, url), "status": "in_progress", "note": LONG_NOTE,
        "evidence": (io.BytesIO(b"%PDF-1.4 phone"), "বিদ্যালয়-পরিদর্শন-প্রতিবেদন.pdf")},
        content_type="multipart/form-data")
    assert done.status_code == 302, done.get_data(as_text=True)
    url = f"/followup/assignments/{dropped}"
    done = deo.post(f"{url}/drop-request", data={
        "csrf_token": csrf_token(deo, url), "reason": "প্রকল্পটি মন্ত্রণালয় বাতিল করেছে"})
    assert done.status_code == 302

    api = app.test_client()
    headers = {"Authorization": "Bearer " + make_token(app, "sec")}
    with app.app_context():
        committee_id = db.session.get(Meeting, issued).committee_id
    done = api.post(f"/api/v1/committees/{committee_id}/reminders", headers=headers,
                    json={"offices": [DEO], "memo_date": "2022-05-17"})
    assert done.status_code == 201, done.get_json()
    sec = app.test_client()
    login(sec, "sec")
    token = csrf_token(sec, f"/meetings/{issued}/corrigendum")
    done = sec.post(f"/meetings/{issued}/corrigendum", data={
        "csrf_token": token, "ref": ["২.১"], "was": [""], "now": [LONG_NOTE], "memo_date": ""})
    assert done.status_code == 302
    done = sec.post(f"/meetings/{draft}/notice/issue",
                    data={"csrf_token": token, "memo_date": "2022-06-10"})
    assert done.status_code == 302

    word = word_upload(app, sec, issued)

    with app.app_context():
        letters = db.session.execute(select(Letter.kind, Letter.id).order_by(Letter.id)).all()
        magura = db.session.scalar(select(District.id).where(District.name == "মাগুরা"))
        values = {
            "committee_id": [committee_id],
            "meeting_id": [issued, draft],
            "letter_id": list({kind: id_ for kind, id_ in reversed(letters)}.values()),
            "assignment_id": [followed, dropped],
            "follow_up_id": list(db.session.scalars(select(FollowUp.id)).all()),
            "fy": ["2024-25", "2021-22"],
            "indicator_id": [db.session.scalars(select(Indicator.id).where(
                Indicator.fiscal_year == "2024-25").order_by(Indicator.id)).first()],
            "district_id": [magura],
            "office_id": [db.session.scalar(select(Office.id).where(Office.name == DEO))],
            "user_id": list(db.session.scalars(select(User.id).order_by(User.id)).all()),
            "fmt": ["csv", "xlsx"],
            **word,
        }
    assert all(values.values()), values
    return values


def word_upload(app, sec, meeting_id: int) -> dict:
    """The issued minutes' own DOCX uploaded to the Word import, once that page exists:
    its batch and the file's check page ({} without the page)."""
    if "wordimport.upload" not in app.view_functions:
        return {}
    docx = sec.get(f"/meetings/{meeting_id}/minutes.docx").data
    done = sec.post("/meetings/import-docx", data={
        "csrf_token": csrf_token(sec, "/meetings/import-docx"),
        "files": (io.BytesIO(docx), "মাগুরা-১৪-০৩-২০২২.docx")},
        content_type="multipart/form-data")
    assert done.status_code == 302, done.get_data(as_text=True)
    batch = done.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    page = sec.get(done.headers["Location"]).get_data(as_text=True)
    uploads = sorted({int(n) for n in re.findall(r"/meetings/import-docx/(\d+)", page)})
    assert uploads, page
    return {"batch": [batch], "upload_id": uploads[:1]}


# -- the pages ----------------------------------------------------------------------------

def get_rules(app):
    return sorted((r for r in app.url_map.iter_rules()
                   if "GET" in r.methods and r.endpoint != "static"), key=lambda r: r.rule)


def urls_of(rule, values) -> list[str]:
    """Every URL of `rule` with its parameters filled from `values` (and its queries)."""
    names = sorted(rule.arguments)
    urls = []
    for combo in itertools.product(*(values[n] for n in names)):
        _, path = rule.build(dict(zip(names, combo, strict=True)), append_unknown=False)
        urls.append(path)
        urls.extend(path + q for q in QUERIES.get(rule.endpoint, []))
    return urls


def check_every_parameter_filled(app, values) -> None:
    missing = sorted(f"{rule.rule} ({rule.endpoint}): {name}" for rule in get_rules(app)
                     for name in rule.arguments if name not in values)
    assert not missing, ("GET routes with a URL parameter the phone-width test cannot fill; "
                         "seed a value in tests/browser/test_phone_width.py:\n"
                         + "\n".join(missing))


def test_fill_every_parameter_of_a_get_page(app, dataset):
    """A new GET page whose URL parameter has no seeded value fails here, by name."""
    check_every_parameter_filled(app, dataset)


def probe(app, values) -> tuple[dict, list[str]]:
    """{role: [url of a 200 HTML page]} through the test client, and the GET rules that
    nobody could open: neither a 200 answer (of any type: the API with the role's token)
    nor a redirect elsewhere than the login page (/apa/ leads to this year's report)."""
    pages: dict = {role: [] for role in ROLES}
    answered: set[str] = set()
    for role in ROLES:
        client = app.test_client()
        headers = {}
        if role:
            assert login(client, role).status_code == 302
            headers = {"Authorization": "Bearer " + make_token(app, role)}
        for rule in get_rules(app):
            for url in urls_of(rule, values):
                response = client.get(url, headers=headers)
                location = response.headers.get("Location", "")
                if response.status_code in (301, 302, 303, 307, 308) \
                        and not location.split("?")[0].endswith("/login"):
                    answered.add(rule.endpoint)
                if response.status_code != 200:
                    continue
                answered.add(rule.endpoint)
                if response.mimetype == "text/html":
                    pages[role].append(url)
    unopened = [f"{r.rule} ({r.endpoint})" for r in get_rules(app)
                if r.endpoint not in answered and r.endpoint not in NEVER_A_PAGE_HERE]
    return pages, unopened


def sign_in(page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("ব্যবহারকারীর নাম").fill(username)
    page.get_by_label("পাসওয়ার্ড").fill(PASSWORD)
    page.get_by_role("button", name="প্রবেশ করুন").click()
    expect(page.locator("header.topbar .user")).to_contain_text(username)


def problems_of(page, url: str, viewport: dict) -> list[str]:
    page.set_viewport_size(viewport)
    m = page.evaluate(MEASURE, MIN_CONTROL_PX)
    where = f"{url} at {viewport['width']}px"
    found = []
    if m["scrollWidth"] > viewport["width"]:
        found.append(f"{where}: scrolls sideways ({m['scrollWidth']}px): {m['wide']}")
    if m["cut"]:
        found.append(f"{where}: {len(m['cut'])} select(s) with cut text, e.g. {m['cut'][0]}")
    if m["narrow"] and viewport is PHONE:
        found.append(f"{where}: {len(m['narrow'])} input(s) narrower than {MIN_CONTROL_PX}px: "
                     f"{m['narrow'][:4]}")
    return found


def test_every_page_fits_a_phone_and_a_laptop(app, dataset, browser, live_server):
    check_every_parameter_filled(app, dataset)
    pages, unopened = probe(app, dataset)
    assert not unopened, ("GET routes no role could open with the seeded data (seed what "
                          "they need, or list them in NEVER_A_PAGE_HERE with the reason):\n"
                          + "\n".join(unopened))
    problems: list[str] = []
    report: list[str] = []
    seen: set[str] = set()
    visits: dict = {role: [] for role in FIRST_LOOK}
    for role in FIRST_LOOK:
        for url in pages[role]:
            if url not in seen or url in EVERY_ROLE:
                visits[role].append(url)
                seen.add(url)
    for role in FIRST_LOOK:
        context = browser.new_context(base_url=live_server, locale="bn-BD", viewport=PHONE)
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.errors = PageErrors(page)
        try:
            if role:
                sign_in(page, role)
            for url in visits[role]:
                page.set_viewport_size(PHONE)
                response = page.goto(url)
                assert response is not None and response.status == 200, url
                problems += problems_of(page, url, PHONE)
                problems += problems_of(page, url, DESKTOP)
                report.append(f"{role or 'visitor'}\t{url}")
            page.errors.check()
        finally:
            context.close()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text("\n".join(report) + "\n", encoding="utf-8")
    # The roles that matter saw their own pages: the list is not empty by accident.
    assert {"/", "/followup/", "/apa/2024-25"} <= {u for r, u in
                                            (line.split("\t") for line in report)}
    assert not problems, f"{len(problems)} layout problems:\n" + "\n".join(problems)


def test_the_menu_opens_and_closes_on_a_phone(page, app, login):
    """At 390 px the links hide behind the menu button (static/nav.js); at 1366 px they
    show and the button does not."""
    make_user(app, "sec", "secretary", district="মাগুরা")
    page.set_viewport_size(PHONE)
    login("sec")
    menu = page.get_by_role("button", name="মেনু")
    audit = page.locator("header.topbar").get_by_role("link", name="পরিবর্তনের ইতিহাস")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(audit).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(audit).to_be_visible()
    expect(page.get_by_role("button", name="লগ আউট")).to_be_visible()
    page.keyboard.press("Escape")
    expect(audit).to_be_hidden()
    expect(menu).to_be_focused()
    menu.click()
    audit.click()
    expect(page).to_have_url(re.compile(r"/audit/$"))
    page.set_viewport_size(DESKTOP)
    expect(menu).to_be_hidden()
    expect(page.locator("header.topbar").get_by_role("link", name="এপিএ")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
