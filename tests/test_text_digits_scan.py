"""No ASCII digits or ISO dates where Bangla ones belong, on any page or message.

tests/conftest.py installs tests/textscan.py on the session app: every text/html answer
and every flashed message of every test is read. Here a broad journey (an import through
the page, a draft typed as an officer types, refused forms, every page of the app as the
secretary and as the administrator) must leave no offence; and the scan itself is shown
to find what it is meant to find, so it cannot pass by seeing nothing.
"""
from __future__ import annotations

import json
import re

import pytest

from committee.extensions import db
from committee.models import Assignment, Letter, Meeting, User
from tests import textscan
from tests.conftest import MAGURA, login
from tests.meeting_forms import ITEMS, flat, post
from tests.test_meeting_import_page import _post as import_post

# Pages whose address takes a value other than an id, with the value to use.
VALUES = {"fy": "2024-25", "fmt": None}


# -- the scan finds what it should ------------------------------------------------------

@pytest.mark.parametrize("html, rule", [
    ("<p>সর্বোচ্চ 500 অক্ষর লেখা যাবে</p>", "ASCII digit next to Bangla"),
    ("<li>সভাটি যোগ হয়েছে: 13 টি আলোচ্য বিষয়</li>", "ASCII digit next to Bangla"),
    ("<p>সঠিক তারিখ নয় (2022-03-14)</p>", "ISO date"),
    ("<td>কক্ষ A২</td>", "Bangla digit glued to a Latin letter"),
    ("<small>যেমন ১১:০০ বা 11:00টা</small>", "ASCII digit next to Bangla"),
])
def test_the_scan_reports_the_page_and_the_offending_text(html, rule):
    scan = textscan.Scan()
    scan.page("GET /x [200]", f"<html><body>{html}</body></html>")
    assert len(scan.found) == 1 and scan.found[0].startswith(f"GET /x [200]: {rule}: «")
    assert scan.pages == 1


def test_the_scan_leaves_code_inputs_scripts_and_allowed_data_alone():
    scan = textscan.Scan(allowed={"কক্ষ 2"})
    scan.page("p", '<code>issue.memo_serial 2022-03-14</code><pre>১ 2</pre>'
                   '<script>var a = "তারিখ 2";</script><textarea>সভা 5</textarea>'
                   '<input value="2022-03-14"><p>কক্ষ 2 ও ১৪/০৩/২০২২, SHA-256 হ্যাশ, A2 কক্ষ</p>')
    assert scan.found == []
    scan.message("POST /x", "আমদানি হয়েছে: 13টি")
    assert scan.messages == 1 and "(flash)" in scan.found[0]


def test_the_session_app_is_scanned(client):
    before = textscan.SCAN.pages
    client.get("/login")
    assert textscan.SCAN.pages == before + 1


# -- a broad journey --------------------------------------------------------------------

def _urls(app) -> list[str]:
    """Every page of the app (GET, HTML), its ids filled from the database."""
    with app.app_context():
        ids = {
            "meeting_id": db.session.scalars(db.select(Meeting.id)).all(),
            "committee_id": sorted({m.committee_id for m in db.session.scalars(
                db.select(Meeting))}),
            "letter_id": db.session.scalars(db.select(Letter.id)).all()[:2],
            "assignment_id": db.session.scalars(db.select(Assignment.id)).all()[:3],
            "user_id": db.session.scalars(db.select(User.id)).all()[:2],
        }
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.split(".")[0] in (
                "static", "api", "dates") or rule.rule.endswith((".docx", ".xlsx", ".csv")):
            continue
        if any(VALUES.get(a, "") is None or (a not in VALUES and a not in ids)
               for a in rule.arguments):
            continue
        combos = [{}]
        for name in rule.arguments:
            values = [VALUES[name]] if name in VALUES else ids[name]
            combos = [{**c, name: v} for c in combos for v in values]
        for combo in combos:
            url = rule.rule
            for name, value in combo.items():
                url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
            urls.append(url)
    return sorted(set(urls))


def _visit_all(app, client) -> int:
    seen = 0
    for url in _urls(app):
        response = client.get(url)
        seen += response.mimetype == "text/html" and response.status_code == 200
    return seen


# What the Magura minutes say as typed (user data, shown as it was written).
TYPED = {"কোভিড-19"}


@pytest.fixture
def scan():
    textscan.SCAN.reset()
    textscan.SCAN.allowed |= TYPED
    yield textscan.SCAN
    textscan.SCAN.allowed -= TYPED - textscan.TYPED_DATA


def test_no_ascii_digit_or_iso_date_on_any_page_or_message(app, client, users, scan):
    login(client, "sec")
    # An import through the page: its flash counts the items.
    response = import_post(client, MAGURA.read_bytes())
    assert response.status_code == 302
    client.get(response.headers["Location"])
    magura = json.loads(MAGURA.read_text(encoding="utf-8"))
    # Another meeting of the file with the same memo serial: refused, every problem listed.
    magura["meeting"]["held_on"] = "2022-04-14"
    magura["meeting"]["items"][2]["title"] = ""
    response = import_post(client, json.dumps(magura, ensure_ascii=False).encode())
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "এই নথির ৯ নম্বর পত্র আগেই জারি হয়েছে" in page or "আলোচ্য বিষয় ৩" in page
    with app.app_context():
        committee_id = db.session.scalar(db.select(Meeting.committee_id))
    # A draft typed as an officer types it, then a refused one.
    url = f"/committees/{committee_id}/meetings/new"
    items = json.loads(json.dumps(ITEMS))
    items[1]["decisions"][1]["due_on"] = "৩১/০৫/২০২২"
    assert post(client, url, flat(items, held_on="১০/০৪/২০২২", time="১১.৩০")).status_code \
        == 302
    items[0]["title"] = "শ" * 501
    items[1]["decisions"][1]["due_on"] = "৩১/০২/২০২২"
    refused = post(client, url, flat(items, held_on="abc", time="সকাল ৩টা"))
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "সর্বোচ্চ ৫০০ অক্ষর লেখা যাবে" in page and "ফেব্রুয়ারি ২০২২-এ ৩১ তারিখ নেই" in page
    secretary_pages = _visit_all(app, client)
    client.post("/logout", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True))[1]})
    login(client, "admin")
    admin_pages = _visit_all(app, client)

    assert secretary_pages >= 15 and admin_pages >= 15, (secretary_pages, admin_pages)
    assert scan.pages >= secretary_pages + admin_pages and scan.messages >= 2
    assert scan.found == [], "Bangla digits and dates, please:\n" + "\n".join(scan.found)
