"""Bad input on every kind of form: a Bangla message, the typed text kept, nothing stored.

The messages WTForms gives by default (too long, not a number, not in the list) come
through committee.formbase in Bangla; no English sentence reaches the user.
"""
from __future__ import annotations

import copy
import html as html_lib

import pytest
from sqlalchemy import func, select

from committee.extensions import db
from tests.conftest import csrf_token, import_magura, login

ENGLISH = ("Field cannot be longer", "Not a valid", "This field is required",
           "Invalid Choice", "Number must be", "CSRF token")
LONG = "ক" * 400 + "<b>&শেষ"


def _counts(app) -> dict[str, int]:
    with app.app_context():
        return {t.name: db.session.scalar(select(func.count()).select_from(t))
                for t in db.metadata.sorted_tables if t.name != "audit_entries"}


def _draft(app, magura_doc) -> int:
    doc = copy.deepcopy(magura_doc)
    doc.pop("issue")
    doc["meeting"]["held_on"] = "2022-04-11"
    return import_magura(app, doc)


def _ids(app, magura_doc) -> dict:
    from committee.directory.service import find_district
    from committee.models import Assignment, Office

    issued = import_magura(app)
    draft = _draft(app, magura_doc)
    with app.app_context():
        deo = db.session.scalar(select(Office.id).where(Office.name == "জেলা শিক্ষা অফিসার")
                               .order_by(Office.id))
        assignment = db.session.scalar(select(Assignment.id).where(
            Assignment.office_id == deo).order_by(Assignment.id))
        district = find_district("মাগুরা").id
    return {"issued": issued, "draft": draft, "assignment": assignment,
            "district": district}


# (user, page with the form, path posted to, data, what must be said, what must be kept)
CASES = {
    "issue: signatory too long": (
        "sec", "/meetings/{draft}/issue", "/meetings/{draft}/issue",
        {"memo_date": "২০/০৪/২০২২", "signatory_name": LONG, "confirm": "y"},
        "সর্বোচ্চ ২০০ অক্ষর", LONG),
    "issue: impossible date": (
        "sec", "/meetings/{draft}/issue", "/meetings/{draft}/issue",
        {"memo_date": "৩১/০২/২০২২", "signatory_name": "মোঃ করিম", "confirm": "y"},
        "তারিখ", "মোঃ করিম"),
    "corrigendum: blank": (
        "sec", "/meetings/{issued}/corrigendum", "/meetings/{issued}/corrigendum",
        {"ref": ["", ""], "now": ["   ", ""], "memo_date": ""}, "অন্তত একটি সংশোধনী লিখুন",
        None),
    "corrigendum: correction without its new text, typed number kept": (
        "sec", "/meetings/{issued}/corrigendum", "/meetings/{issued}/corrigendum",
        {"ref": ["২.৯৯"], "was": ["ভুল লেখা"], "now": [""], "memo_date": ""},
        "সংশোধিত রূপটি লিখুন", "ভুল লেখা"),
    "corrigendum: too long, typed text kept": (
        "sec", "/meetings/{issued}/corrigendum", "/meetings/{issued}/corrigendum",
        {"ref": ["২.১"], "now": ["সংশোধন " * 800], "memo_date": ""}, "সর্বোচ্চ ৫০০০ অক্ষর",
        "সংশোধন " * 800),
    "follow-up: unknown status, long note kept": (
        "deo", "/followup/assignments/{assignment}", "/followup/assignments/{assignment}",
        {"status": "done!", "note": "অগ্রগতি <i>চলছে</i> & ভালো"},
        "তালিকা থেকে একটি বেছে নিন", "অগ্রগতি <i>চলছে</i> & ভালো"),
    "directory: office name too long": (
        "sec", "/directory/", "/directory/{district}/offices",
        {"name": LONG, "kind": "office", "upazila_id": "0"}, "সর্বোচ্চ ৩০০ অক্ষর", LONG),
    "directory: office kind not in the list": (
        "sec", "/directory/", "/directory/{district}/offices",
        {"name": "নতুন দপ্তর", "kind": "castle", "upazila_id": "0"},
        "তালিকা থেকে একটি বেছে নিন", "নতুন দপ্তর"),
    "distribution: note too long": (
        "sec", "/meetings/{draft}/distribution", "/meetings/{draft}/distribution",
        {"note": LONG, "text": ["জেলা প্রশাসক, মাগুরা"], "tag": ["action"]},
        "সর্বোচ্চ ৩০০ অক্ষর", LONG),
    "APA indicator: code too long, weight not a number": (
        "admin", "/apa/2024-25/indicators", "/apa/2024-25/indicators",
        {"level": "district", "code": "[" + "৩" * 60 + "]", "title": "সভা", "method": "sum",
         "unit": "সংখ্যা", "weight": "চার", "t100": "১২", "t90": "11", "t80": "10",
         "t70": "9", "t60": "8", "source": "meetings", "committee_kind": "ict",
         "scope": "own", "district_id": "0"},
        "সর্বোচ্চ ৪০ অক্ষর", "[" + "৩" * 60 + "]"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_refused_in_bangla_and_kept(app, client, users, magura_doc, case):
    user, page, path, data, message, kept = CASES[case]
    ids = _ids(app, magura_doc)
    login(client, user)
    page, path = page.format(**ids), path.format(**ids)
    token = csrf_token(client, page)  # opening a page may install defaults (APA)
    before = _counts(app)
    response = client.post(path, data={"csrf_token": token, **data})
    body = response.get_data(as_text=True)
    assert response.status_code in (400, 422), (case, response.status_code)
    assert message in body, case
    assert not [e for e in ENGLISH if e in body], case
    if kept is not None:
        assert html_lib.escape(kept, quote=False) in body or html_lib.escape(kept) in body
    assert _counts(app) == before, case
