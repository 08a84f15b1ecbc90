"""Limits on an import: how many entries a document holds, how many problems an answer
lists, how large a body may be (docs/api.md, "Limits on input").

A document over a count limit is refused with 400 naming the limit in Bangla (Bangla
digits) before any entry is validated, whichever way it arrives (API, `flask minutes
import`, the import page), and nothing is stored. A refusal lists at most 100 problems and
then how many more there are. An import body over 2 MiB is 413: JSON for the API, the
Bangla error page for the page.
"""
from __future__ import annotations

import copy
import io
import json
import time

import pytest
from sqlalchemy import func, select

from committee.extensions import db
from committee.interchange import validate
from committee.interchange.validate import ValidationError, validate_document
from committee.models import Committee, Decision, Letter, Meeting
from tests.conftest import csrf_token, import_magura, login, make_token

IMPORT = "/api/v1/meetings/import"
MIB = 1024 * 1024


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def tokens(app, users):
    return {name: make_token(app, name) for name in ("sec", "admin")}


def _stored(app) -> tuple[int, int, int, int]:
    with app.app_context():
        counts = tuple(db.session.scalar(select(func.count()).select_from(model))
                       for model in (Committee, Meeting, Decision, Letter))
        db.session.remove()
        return counts


def _item(n: int, decisions: int = 0, parties: int = 0) -> dict:
    return {"title": f"বিষয় {n}", "discussion": "",
            "responsible": [f"দপ্তর {k}" for k in range(parties)],
            "decisions": [{"text": f"সিদ্ধান্ত {n}.{j}"} for j in range(decisions)]}


# Each limit: how to go one over it, the problem's path and its message (Bangla digits).
def _items(doc):
    doc["meeting"]["items"] = [_item(i) for i in range(201)]


def _decisions_per_item(doc):
    doc["meeting"]["items"][1]["decisions"] = [{"text": f"সিদ্ধান্ত {j}"} for j in range(51)]


def _decisions_in_all(doc):
    doc["meeting"]["items"] = [_item(i, decisions=48) for i in range(21)]  # 1,008


def _attendance(doc):
    doc["meeting"]["attendance"] = [{"name": f"নাম {k}", "designation": "সদস্য",
                                     "office": None} for k in range(501)]


def _distribution(doc):
    doc["issue"]["distribution"] = [f"প্রাপক {k}" for k in range(301)]


def _item_parties(doc):
    doc["meeting"]["items"][3]["responsible"] = [f"দপ্তর {k}" for k in range(51)]


def _decision_parties(doc):
    doc["meeting"]["items"][0]["decisions"][0]["responsible"] = [
        f"দপ্তর {k}" for k in range(51)]


def _names_in_all(doc):
    # 41 items of 25 names, each with one decision assigned to them: 41 x 50 = 2,050.
    doc["meeting"]["items"] = [_item(i, decisions=1, parties=25) for i in range(41)]


def _header(doc):
    doc["committee"]["office_header"] = [f"লাইন {k}" for k in range(21)]


LIMITS = [
    (_items, "meeting.items", "আলোচ্য বিষয় সর্বোচ্চ ২০০টি থাকতে পারে; এখানে ২০১টি আছে"),
    (_decisions_per_item, "meeting.items[1].decisions",
     "একটি আলোচ্য বিষয়ে সিদ্ধান্ত সর্বোচ্চ ৫০টি থাকতে পারে; এখানে ৫১টি আছে"),
    (_decisions_in_all, "meeting.items",
     "মোট সিদ্ধান্ত সর্বোচ্চ ১,০০০টি থাকতে পারে; এখানে ১,০০৮টি আছে"),
    (_attendance, "meeting.attendance",
     "উপস্থিতির তালিকায় সারি সর্বোচ্চ ৫০০টি থাকতে পারে; এখানে ৫০১টি আছে"),
    (_distribution, "issue.distribution",
     "বিতরণ তালিকায় প্রাপক সর্বোচ্চ ৩০০টি থাকতে পারে; এখানে ৩০১টি আছে"),
    (_item_parties, "meeting.items[3].responsible",
     "দায়িত্বপ্রাপ্তদের তালিকায় নাম সর্বোচ্চ ৫০টি থাকতে পারে; এখানে ৫১টি আছে"),
    (_decision_parties, "meeting.items[0].decisions[0].responsible",
     "দায়িত্বপ্রাপ্তদের তালিকায় নাম সর্বোচ্চ ৫০টি থাকতে পারে; এখানে ৫১টি আছে"),
    (_names_in_all, "meeting.items", "সর্বোচ্চ ২,০০০টি থাকতে পারে; এখানে ২,০৫০টি আছে"),
    (_header, "committee.office_header",
     "দপ্তরের শিরোনামে লাইন সর্বোচ্চ ২০টি থাকতে পারে; এখানে ২১টি আছে"),
]
IDS = [mutate.__name__.strip("_") for mutate, _, _ in LIMITS]


@pytest.mark.parametrize("mutate, path, message", LIMITS, ids=IDS)
def test_each_limit_is_refused_by_the_api_naming_it(app, client, tokens, magura_doc,
                                                    mutate, path, message):
    mutate(magura_doc)
    magura_doc["meeting"]["held_on"] = "not a date"  # not looked at: the lengths come first
    response = client.post(IMPORT, json=magura_doc, headers=bearer(tokens["sec"]))
    assert response.status_code == 400, response.get_data(as_text=True)
    body = response.get_json()
    assert body["error"] == "কার্যবিবরণী গ্রহণ করা যায়নি"
    assert body["details"] == [{"path": path, "message": body["details"][0]["message"]}]
    assert message in body["details"][0]["message"]
    assert _stored(app) == (0, 0, 0, 0)


def test_every_limit_over_at_once_is_named(magura_doc):
    for mutate, _, _ in LIMITS:
        if mutate not in (_items, _decisions_in_all, _names_in_all):
            mutate(magura_doc)
    with pytest.raises(ValidationError) as caught:
        validate_document(magura_doc)
    paths = {p["path"] for p in caught.value.problems}
    assert paths == {"committee.office_header", "meeting.attendance", "issue.distribution",
                     "meeting.items[1].decisions", "meeting.items[3].responsible",
                     "meeting.items[0].decisions[0].responsible"}


def test_a_document_at_every_limit_is_valid(magura_doc):
    """200 items, 1,000 decisions, 2,000 names, 500 attendance rows, 300 recipients, 20
    header lines, 50 decisions and 50 names to a list: each exactly at its limit."""
    names = [f"দপ্তর {k}" for k in range(50)]
    first = _item(0, parties=50)  # 50 names, and 50 decisions with lists of their own:
    first["decisions"] = [{"text": f"সিদ্ধান্ত {j}", "responsible": names if j < 39 else []}
                          for j in range(50)]  # 50 + 39 x 50 = 2,000 names
    items = [first] + [_item(i, decisions=5 if i <= 154 else 4) for i in range(1, 200)]
    magura_doc["meeting"]["items"] = items
    for mutate in (_attendance, _distribution, _header):
        mutate(magura_doc)
    magura_doc["meeting"]["attendance"].pop()
    magura_doc["issue"]["distribution"].pop()
    magura_doc["committee"]["office_header"].pop()
    clean = validate_document(magura_doc)
    assert len(clean["meeting"]["items"]) == 200
    assert sum(len(item["decisions"]) for item in clean["meeting"]["items"]) == 1000
    items[1]["decisions"][0]["responsible"] = ["ক"]  # one name over
    with pytest.raises(ValidationError) as caught:
        validate_document(magura_doc)
    assert caught.value.problems == [{
        "path": "meeting.items",
        "message": "একটি সভায় মোট দায়িত্বপ্রাপ্তদের নাম (প্রতিটি আলোচ্য বিষয় ও সিদ্ধান্তের "
                   "জন্য আলাদা করে গুনে) সর্বোচ্চ ২,০০০টি থাকতে পারে; এখানে ২,০০১টি আছে"}]


def test_limits_are_checked_before_the_entries(magura_doc):
    """20,000 items of junk: one problem, at once (no entry is validated)."""
    magura_doc["meeting"]["items"] = [{"title": None, "decisions": "x"}] * 20000
    started = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        validate_document(magura_doc)
    assert time.perf_counter() - started < 1
    assert caught.value.problems == [{
        "path": "meeting.items",
        "message": "একটি সভায় আলোচ্য বিষয় সর্বোচ্চ ২০০টি থাকতে পারে; এখানে ২০,০০০টি আছে"}]


def test_the_cli_and_the_page_refuse_the_same(app, client, runner, users, magura_doc,
                                              tmp_path):
    _items(magura_doc)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(magura_doc, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["minutes", "import", str(path)])
    assert result.exit_code != 0
    assert "meeting.items: একটি সভায় আলোচ্য বিষয় সর্বোচ্চ ২০০টি" in result.output
    login(client, "sec")
    response = client.post("/meetings/import", data={
        "csrf_token": csrf_token(client, "/meetings/import"),
        "file": (io.BytesIO(path.read_bytes()), "big.json")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert "এখানে ২০১টি আছে" in response.get_data(as_text=True)
    assert _stored(app) == (0, 0, 0, 0)


def test_the_editor_has_the_meeting_limits(magura_doc):
    meeting = magura_doc["meeting"]
    meeting["attendance"] = [{"name": "নাম", "designation": "সদস্য"}] * 501
    with pytest.raises(ValidationError) as caught:
        validate.validate_meeting(meeting)
    assert caught.value.problems[0]["path"] == "meeting.attendance"


def test_at_the_limits_the_import_is_stored(app, client, tokens, magura_doc):
    """200 items, 500 attendance rows, 300 recipients, 20 header lines: accepted."""
    magura_doc["meeting"]["items"] = [_item(i) for i in range(200)]
    _attendance(magura_doc)
    magura_doc["meeting"]["attendance"].pop()
    _distribution(magura_doc)
    magura_doc["issue"]["distribution"].pop()
    _header(magura_doc)
    magura_doc["committee"]["office_header"].pop()
    response = client.post(IMPORT, json=magura_doc, headers=bearer(tokens["sec"]))
    assert response.status_code == 201, response.get_data(as_text=True)[:500]
    assert response.get_json()["items"] == 200


# -- at most 100 problems -------------------------------------------------------------------

def test_100000_problems_are_a_small_answer(app, client, tokens, magura_doc, monkeypatch):
    """With the count limits raised, 50,000 attendance rows that are not objects make
    100,000 problems (two each): the answer lists the first 100 and the count of the rest."""
    monkeypatch.setattr(validate, "MAX_ATTENDANCE", 10**6)
    magura_doc["meeting"]["attendance"] = [1] * 50000
    response = client.post(IMPORT, json=magura_doc, headers=bearer(tokens["sec"]))
    assert response.status_code == 400
    assert len(response.get_data()) < 20000
    details = response.get_json()["details"]
    assert len(details) == 101
    assert details[0] == {"path": "meeting.attendance[0]",
                          "message": "একটি অবজেক্ট (JSON object) হতে হবে"}
    assert details[99]["path"] == "meeting.attendance[49].designation"
    assert details[100] == {"path": "", "message": "আরও ৯৯,৯০০টি সমস্যা আছে"}
    assert _stored(app) == (0, 0, 0, 0)


def test_the_most_problems_the_limits_allow_are_a_small_answer(client, tokens, magura_doc):
    """Within the limits a document can still hold thousands of problems."""
    magura_doc["meeting"]["items"] = [
        {"title": 1, "discussion": 2, "responsible": [None] * 5,  # 2,000 names in all
         "decisions": [{"text": 3, "due_on": "x", "responsible": [None]}] * 5}
        for _ in range(200)]
    magura_doc["meeting"]["attendance"] = [1] * 500
    response = client.post(IMPORT, json=magura_doc, headers=bearer(tokens["sec"]))
    assert response.status_code == 400
    details = response.get_json()["details"]
    assert len(details) == 101 and len(response.get_data()) < 20000
    rest = 200 * (2 + 5 + 5 * 3) + 500 * 2 - 100  # 5,300
    assert details[-1] == {"path": "",
                           "message": f"আরও {validate._bn(rest)}টি সমস্যা আছে"}


def test_exactly_100_problems_are_listed_without_a_count():
    problems = [{"path": f"p{k}", "message": "m"} for k in range(100)]
    assert ValidationError(problems).problems == problems
    cut = ValidationError([*problems, {"path": "p100", "message": "m"}])
    assert cut.problems[-1] == {"path": "", "message": "আরও ১টি সমস্যা আছে"}
    assert cut.total == 101 and len(cut.problems) == 101


# -- the size of the body ----------------------------------------------------------------

def _padded(doc: dict, size: int) -> bytes:
    """`doc` as JSON, padded with spaces (still valid JSON) to exactly `size` bytes."""
    data = json.dumps(doc).encode()
    return data + b" " * (size - len(data))


def test_an_import_body_over_2_mib_is_413_json(app, client, tokens, magura_doc):
    response = client.post(IMPORT, data=_padded(magura_doc, 2 * MIB + 1),
                           headers=bearer(tokens["sec"]), content_type="application/json")
    assert response.status_code == 413
    assert response.is_json
    assert response.get_json() == {
        "error": "পাঠানো তথ্য অনেক বড়",
        "details": [{"path": "", "message": "অনুরোধের বডি সর্বোচ্চ ২ মেগাবাইট হতে পারে"}]}
    assert _stored(app) == (0, 0, 0, 0)


def test_an_import_body_of_exactly_2_mib_is_read(app, client, tokens, magura_doc):
    response = client.post(IMPORT, data=_padded(magura_doc, 2 * MIB),
                           headers=bearer(tokens["sec"]), content_type="application/json")
    assert response.status_code == 201, response.get_data(as_text=True)[:300]


def test_the_import_limit_is_configurable_and_never_above_max_content_length(
        app, client, tokens, magura_doc, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_CONTENT_LENGTH", 4 * MIB)
    response = client.post(IMPORT, data=_padded(magura_doc, 3 * MIB),
                           headers=bearer(tokens["sec"]), content_type="application/json")
    assert response.status_code == 201
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2000)
    response = client.post(IMPORT, data=_padded(magura_doc, 3 * MIB),
                           headers=bearer(tokens["sec"]), content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["details"][0]["message"] == \
        "অনুরোধের বডি সর্বোচ্চ ২০০০ বাইট হতে পারে"


def test_other_calls_keep_the_general_limit(app, client, tokens):
    """A 3 MiB status body is read (and refused for what it says), not cut at 2 MiB."""
    import_magura(app)
    body = json.dumps({"party": "x", "status": "pending", "note": "ক" * (3 * MIB // 6)})
    response = client.post("/api/v1/decisions/1/status", data=body,
                           headers=bearer(tokens["sec"]), content_type="application/json")
    assert len(body) > 3 * MIB - 100
    assert response.status_code == 400, response.status_code


def test_an_import_upload_over_the_limit_is_the_413_page(app, client, users, magura_doc):
    login(client, "sec")
    token = csrf_token(client, "/meetings/import")

    def upload(content: bytes):
        return client.post("/meetings/import", data={
            "csrf_token": token, "file": (io.BytesIO(content), "big.json")},
            content_type="multipart/form-data")

    response = upload(_padded(magura_doc, 3 * MIB))
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "পাঠানো তথ্য অনেক বড়" in html and "৪১৩" in html
    # Just over 2 MiB: inside the multipart allowance, the page's own message (400).
    response = upload(_padded(magura_doc, 2 * MIB + 1))
    assert response.status_code == 400
    assert "ফাইলটি ২ মেগাবাইটের বেশি" in response.get_data(as_text=True)
    assert _stored(app) == (0, 0, 0, 0)
    response = upload(_padded(copy.deepcopy(magura_doc), 2 * MIB))
    assert response.status_code == 302
