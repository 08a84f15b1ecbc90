"""The JSON API: tokens, JSON errors, districts and roles, the meetings list."""
from __future__ import annotations

import copy
import json
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event, select

from committee.extensions import db
from committee.models import Committee, Letter, Meeting, User
from tests.conftest import import_magura, make_token

MAGURA = "মাগুরা"
MEMO = "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def tokens(app, users):
    """{username: token} for every user of the `users` fixture."""
    return {name: make_token(app, name) for name in users}


def get(client, token, path, **params):
    return client.get(path, headers=bearer(token), query_string=params)


def assert_json_error(response, status: int):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["details"], list)
    return body


@contextmanager
def count_queries(app):
    """Collects the SQL statements run inside the block."""
    statements: list[str] = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", listener)


# -- authentication and error shape ---------------------------------------------------

@pytest.mark.parametrize("header", [
    None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "Token abc",
])
def test_missing_or_bad_token_is_401_json(client, users, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/committees", headers=headers)
    assert_json_error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_session_cookie_does_not_authenticate_the_api(client, users):
    from tests.conftest import login

    assert login(client, "admin").status_code == 302
    assert_json_error(client.get("/api/v1/committees"), 401)


def test_token_of_inactive_user_is_refused(app, client, tokens):
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "sec")).active = False
        db.session.commit()
    assert_json_error(get(client, tokens["sec"], "/api/v1/committees"), 401)


def test_unknown_path_and_wrong_method_are_json(client, tokens):
    assert_json_error(get(client, tokens["admin"], "/api/v1/nothing-here"), 404)
    assert_json_error(get(client, tokens["admin"], "/api/v1/meetings/import"), 405)
    assert_json_error(client.delete("/api/v1/committees", headers=bearer(tokens["admin"])),
                      405)


def test_missing_meeting_is_404_json(client, tokens):
    assert_json_error(get(client, tokens["admin"], "/api/v1/meetings/999999"), 404)


@pytest.mark.parametrize("data, content_type", [
    ("{not json", "application/json"),
    ('{"format": "committee-minutes/1"', "application/json"),
    ("[1, 2]", "application/json"),
    ('"text"', "application/json"),
    ("format=committee-minutes/1", "application/x-www-form-urlencoded"),
    ('{"format": "committee-minutes/1"}', "text/plain"),
    ("", None),
])
def test_malformed_import_body_is_400(client, tokens, data, content_type):
    headers = bearer(tokens["sec"])
    if content_type:
        headers["Content-Type"] = content_type
    response = client.post("/api/v1/meetings/import", data=data, headers=headers)
    assert_json_error(response, 400)


def test_body_over_the_limit_is_413_json(app, client, tokens, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    response = client.post("/api/v1/meetings/import", data=json.dumps({"x": "y" * 5000}),
                           headers=bearer(tokens["sec"]), content_type="application/json")
    assert_json_error(response, 413)


def test_invalid_document_is_400_with_paths(client, tokens, magura_doc):
    magura_doc["meeting"]["held_on"] = "2022-02-30"
    response = client.post("/api/v1/meetings/import", json=magura_doc,
                           headers=bearer(tokens["sec"]))
    body = assert_json_error(response, 400)
    assert [d["path"] for d in body["details"]] == ["meeting.held_on"]


# -- roles and districts --------------------------------------------------------------

def test_viewer_reads_but_cannot_import(app, client, tokens, magura_doc):
    meeting_id = import_magura(app)
    assert get(client, tokens["viewer"], f"/api/v1/meetings/{meeting_id}").status_code == 200
    magura_doc["meeting"]["held_on"] = "2022-04-14"
    magura_doc.pop("issue")
    response = client.post("/api/v1/meetings/import", json=magura_doc,
                           headers=bearer(tokens["viewer"]))
    assert_json_error(response, 403)
    with app.app_context():
        assert len(db.session.scalars(select(Meeting)).all()) == 1


def test_other_district_secretary_can_neither_import_nor_read(app, client, tokens, magura_doc):
    response = client.post("/api/v1/meetings/import", json=magura_doc,
                           headers=bearer(tokens["sec_b"]))
    assert_json_error(response, 403)
    meeting_id = import_magura(app)
    assert_json_error(get(client, tokens["sec_b"], f"/api/v1/meetings/{meeting_id}"), 403)


@pytest.mark.parametrize("who", ["admin", "sec"])
def test_admin_and_district_secretary_import_and_export(client, tokens, magura_doc, who):
    response = client.post("/api/v1/meetings/import", json=magura_doc,
                           headers=bearer(tokens[who]))
    assert response.status_code == 201, response.get_json()
    meeting_id = response.get_json()["id"]
    exported = get(client, tokens[who], f"/api/v1/meetings/{meeting_id}").get_json()
    assert exported["issue"]["memo_number"] == MEMO
    assert exported["committee"]["district"] == MAGURA


def test_committees_are_scoped_to_the_district(app, client, tokens):
    import_magura(app)
    assert len(get(client, tokens["admin"], "/api/v1/committees").get_json()) == 1
    assert len(get(client, tokens["viewer"], "/api/v1/committees").get_json()) == 1
    assert get(client, tokens["sec_b"], "/api/v1/committees").get_json() == []


# -- GET /api/v1/meetings -------------------------------------------------------------

def _add_meetings(app, committee_id: int, count: int, first_serial: int = 100) -> None:
    """Plain meetings of the committee, every other one issued under a new serial; one a
    day (one meeting per committee and date), from 1 January 2021 (2022 from serial 200)."""
    year = 2021 + (first_serial - 100) // 100
    with app.app_context():
        committee = db.session.get(Committee, committee_id)
        for n in range(count):
            meeting = Meeting(committee=committee, held_on=date(year, 1 + n % 12, 1 + n // 12),
                              status="draft")
            db.session.add(meeting)
            if n % 2 == 0:
                letter = Letter(file_key=committee.file_key, serial=first_serial + n,
                                committee=committee, meeting=meeting,
                                memo_date=meeting.held_on)
                meeting.minutes_letter = letter
                meeting.status = "issued"
        db.session.commit()


def _committee_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Committee.id))


def test_meetings_list_shape(app, client, tokens, magura_doc):
    issued = import_magura(app)
    magura_doc["meeting"]["held_on"] = "2022-04-14"
    magura_doc["issue"]["memo_serial"] = None
    draft = import_magura(app, magura_doc)
    rows = get(client, tokens["viewer"], "/api/v1/meetings").get_json()
    assert rows == [
        {"id": draft, "committee_id": _committee_id(app), "held_on": "2022-04-14",
         "status": "draft", "memo_number": None},
        {"id": issued, "committee_id": _committee_id(app), "held_on": "2022-03-14",
         "status": "issued", "memo_number": MEMO},
    ]
    assert get(client, tokens["sec_b"], "/api/v1/meetings").get_json() == []
    assert len(get(client, tokens["admin"], "/api/v1/meetings").get_json()) == 2


@pytest.mark.parametrize("params, status, path", [
    ({"committee_id": "abc"}, 400, "committee_id"),
    ({"committee_id": "1.5"}, 400, "committee_id"),
    ({"committee_id": "-1"}, 400, "committee_id"),
    ({"committee_id": "0"}, 400, "committee_id"),
    ({"committee_id": "99999"}, 404, "committee_id"),
    ({"page": "x"}, 400, "page"),
    ({"per_page": "0"}, 400, "per_page"),
    ({"per_page": "201"}, 400, "per_page"),
    ({"district": "আটলান্টিস"}, 400, "district"),
])
def test_meetings_filters_are_validated(app, client, tokens, params, status, path):
    import_magura(app)
    body = assert_json_error(get(client, tokens["sec"], "/api/v1/meetings", **params), status)
    assert body["details"][0]["path"] == path
    assert body["details"][0]["message"]


def test_meetings_filter_by_committee_and_district(app, client, tokens):
    import_magura(app)
    committee_id = _committee_id(app)
    ok = get(client, tokens["sec"], "/api/v1/meetings", committee_id=str(committee_id))
    assert len(ok.get_json()) == 1
    bangla_digits = str(committee_id).translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    assert len(get(client, tokens["sec"], "/api/v1/meetings",
                   committee_id=bangla_digits).get_json()) == 1
    assert_json_error(get(client, tokens["sec_b"], "/api/v1/meetings",
                          committee_id=committee_id), 403)
    assert len(get(client, tokens["admin"], "/api/v1/meetings",
                   district=f"  {MAGURA} ").get_json()) == 1
    # A real district without data: empty for admin, 403 for another district's user.
    assert get(client, tokens["admin"], "/api/v1/meetings", district="খুলনা").get_json() == []
    assert_json_error(get(client, tokens["sec"], "/api/v1/meetings", district="খুলনা"), 403)
    assert_json_error(get(client, tokens["sec_b"], "/api/v1/meetings", district=MAGURA), 403)


def test_district_filter_ignores_unicode_form(app, client, tokens, magura_doc):
    composed = "নারায\u09dfণগঞ্জ"      # য় as one code point
    typed = "নারায\u09af\u09bcণগঞ্জ"   # য + nukta, as many keyboards type it
    doc = copy.deepcopy(magura_doc)
    doc["committee"]["district"] = composed
    doc["committee"]["name"] = f"জেলা আইসিটি কমিটি, {composed}"
    doc["committee"]["file_number"] = "৫৬.০৪.৬৭০০.০০০.০৬.০০১.২০"
    import_magura(app, doc)
    import_magura(app)
    rows = get(client, tokens["admin"], "/api/v1/meetings", district=typed).get_json()
    assert len(rows) == 1
    assert rows[0]["committee_id"] != _committee_id_of(app, MAGURA)


def _committee_id_of(app, district: str) -> int:
    from committee.directory.service import find_district

    with app.app_context():
        return db.session.scalar(select(Committee.id).where(
            Committee.district_id == find_district(district).id))


def test_meetings_pagination(app, client, tokens):
    import_magura(app)
    _add_meetings(app, _committee_id(app), 4)
    first = get(client, tokens["sec"], "/api/v1/meetings", per_page=2)
    assert [m["held_on"] for m in first.get_json()] == ["2022-03-14", "2021-04-01"]
    assert first.headers["X-Total-Count"] == "5"
    assert 'rel="next"' in first.headers["Link"]
    last = get(client, tokens["sec"], "/api/v1/meetings", per_page=2, page=3)
    assert [m["held_on"] for m in last.get_json()] == ["2021-01-01"]
    assert 'rel="next"' not in last.headers["Link"]
    assert get(client, tokens["sec"], "/api/v1/meetings", page=9).get_json() == []


def test_meetings_list_query_count_is_constant(app, client, tokens):
    import_magura(app)
    committee_id = _committee_id(app)

    def count() -> int:
        with count_queries(app) as statements:
            response = get(client, tokens["sec"], "/api/v1/meetings")
            assert response.status_code == 200
        return len(statements)

    _add_meetings(app, committee_id, 2)
    small = count()
    _add_meetings(app, committee_id, 12, first_serial=200)
    assert count() == small
