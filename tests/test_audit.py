"""The audit log: every change through the web, the API and the CLI leaves an entry with
who, when and what changed, in the change's own transaction; the log is read-only and a
secretary reads only their own district's entries."""
from __future__ import annotations

import copy
import json
import re

import pytest
from sqlalchemy import select

from committee.apa.defaults import install_defaults
from committee.audit.service import created, diff, flatten, record
from committee.extensions import db
from committee.models import Assignment, AuditEntry, Decision, Meeting, Office, User
from tests.conftest import csrf_token, import_magura, login, make_token
from tests.meeting_forms import ITEMS, as_user, create, flat, form_version, post, setup_magura

DEO = "জেলা শিক্ষা অফিসার"


def _entries(app, **where) -> list[dict]:
    """Audit entries (oldest first) matching the column values given."""
    with app.app_context():
        stmt = select(AuditEntry).order_by(AuditEntry.id)
        for column, value in where.items():
            stmt = stmt.where(getattr(AuditEntry, column) == value)
        return [{c.key: getattr(e, c.key) for c in AuditEntry.__table__.columns}
                for e in db.session.scalars(stmt)]


def _draft(app, magura_doc, held_on="2022-04-11") -> int:
    doc = copy.deepcopy(magura_doc)
    doc.pop("issue")
    doc["meeting"]["held_on"] = held_on
    return import_magura(app, doc)


def _bearer(app, username):
    return {"Authorization": "Bearer " + make_token(app, username)}


def _deo_assignment(app, meeting_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Assignment.id).join(Assignment.decision).join(Assignment.office)
            .where(Decision.meeting_id == meeting_id, Office.name == DEO)
            .order_by(Assignment.id))


# -- the service -----------------------------------------------------------------------

@pytest.mark.parametrize("before, after, expected", [
    ({"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"b": ["x", "y"]}),
    ({"a": 1}, {}, {"a": [1, None]}),
    ({}, {"a": [1, 2]}, {"a": [None, [1, 2]]}),
    ({"a": "same"}, {"a": "same"}, {}),
])
def test_diff(before, after, expected):
    assert diff(before, after) == expected


def test_flatten_numbers_records_and_keeps_name_lists():
    assert flatten({"venue": "v", "items": [{"title": "t", "responsible": ["A", "B"]}]}) == {
        "venue": "v", "items.1.title": "t", "items.1.responsible": ["A", "B"]}
    assert created({"a": 1, "b": None, "c": ""}) == {"a": [None, 1]}


def test_an_entry_shares_the_transaction_of_its_change(app):
    with app.app_context():
        record("update", "meeting", 1, district_id=None, summary="rolled back")
        db.session.rollback()
        record("update", "meeting", 2, district_id=None, summary="kept")
        db.session.commit()
    assert [(e["object_id"], e["username"], e["user_id"]) for e in _entries(app)] == [
        (2, "cli", None)]


def test_a_refused_save_leaves_no_entry(app, client, users):
    ids = setup_magura(app)
    as_user(client, "sec")
    before = len(_entries(app))
    response = post(client, f"/committees/{ids['committee']}/meetings/new", flat(held_on=""))
    assert response.status_code == 422
    assert len(_entries(app)) == before


# -- what gets recorded ----------------------------------------------------------------

def test_editor_create_and_edit_record_who_and_what_changed(app, client, users):
    ids = setup_magura(app)
    as_user(client, "sec")
    meeting_id = create(client, ids["committee"])
    [made] = _entries(app, object_type="meeting", object_id=meeting_id)
    assert (made["action"], made["username"], made["address"]) == ("create", "sec", "127.0.0.1")
    assert made["changes"]["held_on"] == [None, "2022-04-10"]
    assert made["changes"]["decisions"] == [None, 5]

    version = form_version(client.get(f"/meetings/{meeting_id}/edit").get_data(as_text=True))
    items = copy.deepcopy(ITEMS)
    items[1]["decisions"][0]["text"] = "সপ্তাহে দুইদিন অনলাইনে ক্লাশ পরিচালনা করতে হবে।"
    data = flat(items, venue="অনলাইন (জুম)", version=version)
    response = post(client, f"/meetings/{meeting_id}/edit", data)
    assert response.status_code == 302
    edited = _entries(app, object_type="meeting", object_id=meeting_id, action="update")
    assert len(edited) == 1 and edited[0]["username"] == "sec"
    changes = edited[0]["changes"]
    assert changes["venue"] == ["জেলা প্রশাসকের সম্মেলন কক্ষ", "অনলাইন (জুম)"]
    assert changes["items.2.decisions.1.text"] == [
        "নিয়মিত অনলাইনে ক্লাশ পরিচালনা করতে হবে।",
        "সপ্তাহে দুইদিন অনলাইনে ক্লাশ পরিচালনা করতে হবে।"]
    assert "items.1.title" not in changes  # unchanged fields are not listed


def test_issuing_on_the_web_and_by_the_api_is_recorded(app, client, users, magura_doc):
    web_draft = _draft(app, magura_doc)
    api_draft = _draft(app, magura_doc, "2022-05-09")
    as_user(client, "sec")
    token = csrf_token(client, f"/meetings/{web_draft}/issue")
    response = client.post(f"/meetings/{web_draft}/issue", data={
        "csrf_token": token, "memo_date": "2022-04-20", "signatory_name": "মোঃ করিম",
        "signatory_designation": "প্রোগ্রামার", "confirm": "y"})
    assert response.status_code == 302
    [issued] = _entries(app, action="issue", object_id=web_draft)
    assert issued["username"] == "sec" and issued["object_type"] == "meeting"
    assert issued["changes"]["status"] == ["draft", "issued"]
    assert issued["changes"]["memo_number"][0] is None
    assert issued["changes"]["memo_number"][1].endswith(".1")

    response = client.post(f"/meetings/{web_draft}/corrigendum", data={
        "csrf_token": token, "text": "২.১ সিদ্ধান্তে 'সপ্তাহে' পড়ুন", "memo_date": "2022-04-25"})
    assert response.status_code == 302
    [fix] = _entries(app, action="issue_corrigendum", object_id=web_draft)
    assert fix["changes"]["text"] == [None, "২.১ সিদ্ধান্তে 'সপ্তাহে' পড়ুন"]

    response = client.post(f"/api/v1/meetings/{api_draft}/issue", json={"memo_date": "2022-05-20"},
                           headers=_bearer(app, "admin"))
    assert response.status_code == 200
    [by_api] = _entries(app, action="issue", object_id=api_draft)
    assert by_api["username"] == "admin" and by_api["changes"]["status"] == ["draft", "issued"]


def test_follow_up_on_the_web_and_by_the_api_is_recorded(app, client, users):
    meeting_id = import_magura(app)
    assignment_id = _deo_assignment(app, meeting_id)
    as_user(client, "deo")
    url = f"/followup/assignments/{assignment_id}"
    response = client.post(url, data={"csrf_token": csrf_token(client, url),
                                      "status": "in_progress", "note": "৩০টি বিদ্যালয়ে চালু",
                                      "on": "2022-04-20"})
    assert response.status_code == 302
    [web] = _entries(app, object_type="assignment", object_id=assignment_id)
    assert (web["action"], web["username"]) == ("status", "deo")
    assert web["changes"]["status"] == ["pending", "in_progress"]
    assert web["changes"]["note"] == ["", "৩০টি বিদ্যালয়ে চালু"]

    with app.app_context():
        decision_id = db.session.get(Assignment, assignment_id).decision_id
    response = client.post(f"/api/v1/decisions/{decision_id}/status", headers=_bearer(app, "sec"),
                           json={"party": DEO, "status": "implemented", "on": "2022-05-02"})
    assert response.status_code == 200, response.get_json()
    api = _entries(app, object_type="assignment", object_id=assignment_id)[-1]
    assert api["username"] == "sec"
    assert api["changes"]["status"] == ["in_progress", "implemented"]


def test_import_by_api_and_cli_is_recorded(app, client, users, magura_doc, runner, tmp_path):
    response = client.post("/api/v1/meetings/import", json=magura_doc,
                           headers=_bearer(app, "sec"))
    assert response.status_code == 201
    meeting_id = response.get_json()["id"]
    [imported] = _entries(app, action="import", object_id=meeting_id)
    assert imported["username"] == "sec" and imported["changes"]["status"] == [None, "issued"]
    assert _entries(app, action="create", object_type="committee")[0]["username"] == "sec"

    doc = copy.deepcopy(magura_doc)
    doc.pop("issue")
    doc["meeting"]["held_on"] = "2022-06-12"
    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["minutes", "import", str(path)])
    assert result.exit_code == 0, result.output
    new_id = int(result.output.strip().splitlines()[-1])
    assert _entries(app, action="import", object_id=new_id)[0]["username"] == "cli"


def test_distribution_and_directory_changes_are_recorded(app, client, users, magura_doc):
    draft = _draft(app, magura_doc)
    as_user(client, "sec")
    url = f"/meetings/{draft}/distribution"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "note": "নোট",
                                      "text": ["জেলা প্রশাসক, মাগুরা", "অফিস কপি"],
                                      "tag": ["action", "info"]})
    assert response.status_code == 302
    [saved] = _entries(app, action="distribution", object_id=draft)
    assert saved["changes"]["distribution"][1] == ["জেলা প্রশাসক, মাগুরা", "অফিস কপি [অনুলিপি]"]

    with app.app_context():
        district_id = db.session.get(Meeting, draft).committee.district_id
    response = client.post(f"/directory/{district_id}/offices", data={
        "csrf_token": csrf_token(client, "/directory/"), "name": "গ্রামীণফোন লিমিটেড",
        "kind": "company", "upazila_id": "0"})
    assert response.status_code == 302
    [office] = _entries(app, object_type="office", action="create")
    assert office["district_id"] == district_id and office["username"] == "sec"
    assert office["changes"]["name"] == [None, "গ্রামীণফোন লিমিটেড"]


def test_users_tokens_and_deactivation_are_recorded(app, runner, users):
    [made] = _entries(app, object_type="user", action="create", username="cli",
                      summary="নতুন ব্যবহারকারী: deo (দপ্তর)")
    assert made["changes"]["office"] == [None, DEO]
    token = make_token(app, "viewer")
    [issued] = _entries(app, action="token")
    assert token not in str(issued["changes"]) + issued["summary"]
    result = runner.invoke(args=["users", "deactivate", "viewer"])
    assert result.exit_code == 0, result.output
    [off] = _entries(app, action="deactivate")
    assert off["changes"]["active"] == [True, False] and "sessions_ended" in off["changes"]


def test_apa_copy_is_recorded(app, client, users):
    as_user(client, "admin")
    with app.app_context():
        install_defaults("2024-25")
    token = csrf_token(client, "/apa/2024-25/indicators")
    assert client.post("/apa/2025-26/copy", data={"csrf_token": token}).status_code == 302
    [copied] = _entries(app, action="copy", object_type="indicator")
    assert copied["changes"]["fiscal_year"] == ["2024-25", "2025-26"]
    assert copied["username"] == "admin"


# -- reading the log -------------------------------------------------------------------

def _magura_with_history(app, client, magura_doc) -> int:
    draft = _draft(app, magura_doc)
    as_user(client, "sec")
    token = csrf_token(client, f"/meetings/{draft}/issue")
    client.post(f"/meetings/{draft}/notice/issue",
                data={"csrf_token": token, "memo_date": "2022-04-01"})
    client.post("/logout", data={"csrf_token": token})
    return draft


def test_admin_and_the_district_secretary_read_the_log(app, client, users, magura_doc):
    draft = _magura_with_history(app, client, magura_doc)
    for who in ("admin", "sec"):
        login(client, who)
        page = client.get("/audit/").get_data(as_text=True)
        assert "নোটিশ জারি" in page and "মাগুরা" in page
        history = client.get(f"/audit/meetings/{draft}")
        assert history.status_code == 200 and "নোটিশ জারি" in history.get_data(as_text=True)
        client.post("/logout", data={"csrf_token": csrf_token(client, "/audit/")})


def test_a_secretary_of_another_district_sees_none_of_it(app, client, users, magura_doc):
    draft = _magura_with_history(app, client, magura_doc)
    login(client, "sec_b")
    page = client.get("/audit/")
    assert page.status_code == 200
    shown = set(re.findall(r'id="entry-(\d+)"', page.get_data(as_text=True)))
    with app.app_context():
        jhenaidah = db.session.scalar(select(User.district_id).where(User.username == "sec_b"))
    assert shown == {str(e["id"]) for e in _entries(app, district_id=jhenaidah)}
    assert shown and not shown & {str(e["id"]) for e in _entries(app, object_id=draft)}
    assert client.get(f"/audit/meetings/{draft}").status_code == 403
    assert client.get("/audit/?user=sec").get_data(as_text=True).count('id="entry-') == 0


@pytest.mark.parametrize("who", ["deo", "viewer"])
def test_office_users_and_viewers_are_refused(app, client, users, magura_doc, who):
    draft = _draft(app, magura_doc)
    login(client, who)
    assert client.get("/audit/").status_code == 403
    assert client.get(f"/audit/meetings/{draft}").status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    assert client.get("/audit/").status_code == 302


def test_filters(app, client, users, magura_doc):
    _magura_with_history(app, client, magura_doc)
    login(client, "admin")
    only_notices = client.get("/audit/?action=issue_notice").get_data(as_text=True)
    assert only_notices.count('id="entry-') == 1
    by_cli = client.get("/audit/?user=cli&object_type=user").get_data(as_text=True)
    assert by_cli.count('id="entry-') == len(users)


def test_no_route_changes_the_log(app, client, users):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert rules and all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)
    login(client, "admin")
    entry_id = _entries(app)[0]["id"]
    token = csrf_token(client, "/audit/")
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)(f"/audit/{entry_id}", data={"csrf_token": token})
        assert response.status_code in (404, 405)
        assert getattr(client, method)("/audit/", data={"csrf_token": token}).status_code == 405


def test_issuing_minutes_that_confirm_the_previous_ones_records_both(app, client, users,
                                                                      magura_doc):
    previous = import_magura(app)
    draft = _draft(app, magura_doc)
    as_user(client, "sec")
    token = csrf_token(client, f"/meetings/{draft}/issue")
    assert client.post(f"/meetings/{draft}/issue", data={
        "csrf_token": token, "memo_date": "2022-04-20", "confirm": "y"}).status_code == 302
    [confirmed] = _entries(app, action="confirm")
    assert (confirmed["object_id"], confirmed["username"]) == (previous, "sec")
    assert confirmed["changes"] == {"status": ["issued", "confirmed"]}


def test_log_page_query_count_does_not_grow_with_entries(app, client, users, magura_doc):
    from tests.test_api import count_queries

    meeting_id = import_magura(app)
    login(client, "sec")

    def statements() -> int:
        with count_queries(app) as seen:
            assert client.get("/audit/").status_code == 200
            assert client.get(f"/audit/meetings/{meeting_id}").status_code == 200
        return len(seen)

    few = statements()
    with app.app_context():
        district_id = db.session.get(Meeting, meeting_id).committee.district_id
        for n in range(40):
            record("update", "meeting", meeting_id, district_id=district_id,
                   summary=f"পরিবর্তন {n}", changes={"venue": [str(n), str(n + 1)]})
        db.session.commit()
    assert statements() == few


def test_logins_logouts_and_the_first_admin_are_recorded(app, client, users):
    login(client, "sec")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, "sec", "wrong-password")
    rows = [(e["action"], e["username"]) for e in _entries(app, object_type="user")
            if e["action"] in ("login", "logout")]
    assert rows == [("login", "sec"), ("logout", "sec")]  # a failed login is not an entry


def test_only_one_of_two_simultaneous_setups_claims_the_code(app):
    from committee.auth.setup import claim_setup_code, clear_setup_code, setup_code

    code = setup_code(app)
    first = claim_setup_code(app, code)
    second = claim_setup_code(app, code)  # the same right code, a moment later
    assert first is not None and first.exists()
    assert second is None
    clear_setup_code(app, first)
    assert not first.exists()
