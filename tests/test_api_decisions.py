"""The decisions API: the filtered list and recording a party's follow-up status."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from committee.extensions import db
from committee.models import Assignment, Decision, FollowUp, Office
from tests.conftest import import_magura, make_token
from tests.test_api import assert_json_error, bearer, count_queries, get

DEO = "জেলা শিক্ষা অফিসার"
DPEO = "জেলা প্রাথমিক শিক্ষা অফিসার"
DEO_NUMBERS = ["2.1", "2.2", "2.3", "6.1", "6.2", "6.3", "13.1", "13.2"]


@pytest.fixture
def tokens(app, users):
    return {name: make_token(app, name) for name in users}


def _decision_id(app, number: str) -> int:
    item, position = (int(x) for x in number.split("."))
    with app.app_context():
        return db.session.scalar(select(Decision.id).where(
            Decision.position == position, Decision.item.has(position=item)))


def _office_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Office.id).where(Office.name == name).order_by(Office.id))


def post_status(client, token, decision_id, **body):
    return client.post(f"/api/v1/decisions/{decision_id}/status", json=body,
                       headers=bearer(token))


def _numbers(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [d["number"] for d in response.get_json()]


# -- GET /api/v1/decisions ------------------------------------------------------------

def test_decisions_list_shape(app, client, tokens):
    meeting_id = import_magura(app)
    rows = get(client, tokens["viewer"], "/api/v1/decisions", per_page=200).get_json()
    assert len(rows) == 29
    row = next(r for r in rows if r["number"] == "2.1")
    assert row["id"] == _decision_id(app, "2.1")
    assert row["text"]
    assert row["meeting"]["id"] == meeting_id
    assert row["meeting"]["held_on"] == "2022-03-14"
    assert isinstance(row["meeting"]["committee_id"], int)
    deo = next(p for p in row["parties"] if p["party"] == DEO)
    assert deo == {"party": DEO, "office_id": _office_id(app, DEO), "status": "pending",
                   "note": "", "on": None}
    assert [r["number"] for r in rows][:3] == ["1.1", "2.1", "2.2"]


def test_decisions_are_scoped_to_the_district(app, client, tokens):
    import_magura(app)
    assert get(client, tokens["sec_b"], "/api/v1/decisions").get_json() == []
    # An office user sees all of its district's decisions, not only its own.
    assert len(get(client, tokens["deo"], "/api/v1/decisions").get_json()) == 29
    assert len(get(client, tokens["admin"], "/api/v1/decisions").get_json()) == 29
    with app.app_context():
        from committee.models import Committee

        committee_id = db.session.scalar(select(Committee.id))
    assert_json_error(get(client, tokens["sec_b"], "/api/v1/decisions",
                          committee_id=committee_id), 403)
    assert len(get(client, tokens["sec"], "/api/v1/decisions",
                   committee_id=committee_id).get_json()) == 29


def test_decisions_by_office_name_or_id(app, client, tokens):
    import_magura(app)
    office_id = _office_id(app, DEO)
    assert _numbers(get(client, tokens["sec"], "/api/v1/decisions", office=DEO)) == DEO_NUMBERS
    # Forgiving: extra spaces, the district's name as a suffix.
    assert _numbers(get(client, tokens["viewer"], "/api/v1/decisions",
                        office=" জেলা  শিক্ষা অফিসার, মাগুরা")) == DEO_NUMBERS
    assert _numbers(get(client, tokens["sec"], "/api/v1/decisions",
                        office=str(office_id))) == DEO_NUMBERS
    assert _numbers(get(client, tokens["admin"], "/api/v1/decisions",
                        office_id=office_id)) == DEO_NUMBERS
    assert _numbers(get(client, tokens["admin"], "/api/v1/decisions", office=DEO,
                        district="মাগুরা")) == DEO_NUMBERS


@pytest.mark.parametrize("who, params, status, path", [
    ("sec", {"status": "done"}, 400, "status"),
    ("sec", {"office": "চাঁদের দপ্তর"}, 400, "office"),
    ("sec", {"office_id": "abc"}, 400, "office_id"),
    ("sec", {"office_id": "999999"}, 404, "office_id"),
    ("sec", {"committee_id": "x"}, 400, "committee_id"),
    ("sec", {"per_page": "500"}, 400, "per_page"),
    ("admin", {"office": DEO}, 400, "office"),   # by name needs a district
])
def test_decisions_filters_are_validated(app, client, tokens, who, params, status, path):
    import_magura(app)
    body = assert_json_error(get(client, tokens[who], "/api/v1/decisions", **params), status)
    assert body["details"][0]["path"] == path
    assert body["details"][0]["message"]


def test_office_of_another_district_is_403(app, client, tokens):
    import_magura(app)
    assert_json_error(get(client, tokens["sec_b"], "/api/v1/decisions",
                          office_id=_office_id(app, DEO)), 403)


def test_decisions_by_status(app, client, tokens):
    import_magura(app)
    assert get(client, tokens["sec"], "/api/v1/decisions", status="implemented").get_json() == []
    post_status(client, tokens["deo"], _decision_id(app, "6.2"), party=DEO,
                status="implemented", note="", on="2022-04-01")
    assert _numbers(get(client, tokens["sec"], "/api/v1/decisions",
                        status="implemented")) == ["6.2"]
    # Office and status apply to the same party.
    assert get(client, tokens["sec"], "/api/v1/decisions", status="implemented",
               office=DPEO).get_json() == []
    # 1.1 (confirming the previous minutes) has no responsible party.
    pending = get(client, tokens["sec"], "/api/v1/decisions", status="pending", per_page=200)
    assert len(pending.get_json()) == 28 and "1.1" not in _numbers(pending)


def test_decisions_list_query_count_is_constant(app, client, tokens, magura_doc):
    from committee.imports import import_document

    import_magura(app)

    def count() -> int:
        with count_queries(app) as statements:
            assert get(client, tokens["sec"], "/api/v1/decisions",
                       per_page=200).status_code == 200
        return len(statements)

    small = count()
    magura_doc.pop("issue")
    with app.app_context():
        for month in (4, 5):
            magura_doc["meeting"]["held_on"] = f"2022-0{month}-14"
            import_document(magura_doc)
    assert count() == small


# -- POST /api/v1/decisions/ID/status -------------------------------------------------

def test_office_records_its_own_status(app, client, tokens):
    import_magura(app)
    decision_id = _decision_id(app, "2.1")
    response = post_status(client, tokens["deo"], decision_id, party=DEO,
                           status="in_progress", note="৫০টি বিদ্যালয়ে চালু", on="২০২২-০৪-২০")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["id"] == decision_id and body["number"] == "2.1"
    party = next(p for p in body["parties"] if p["party"] == DEO)
    assert party == {"party": DEO, "office_id": _office_id(app, DEO), "status": "in_progress",
                     "note": "৫০টি বিদ্যালয়ে চালু", "on": "2022-04-20"}
    assert all(p["status"] == "pending" for p in body["parties"] if p["party"] != DEO)
    with app.app_context():
        history = db.session.scalars(select(FollowUp).join(FollowUp.assignment)
                                     .where(Assignment.decision_id == decision_id)).all()
        assert [(h.status, h.on, h.user.username) for h in history] == [
            ("in_progress", date(2022, 4, 20), "deo")]
    listed = get(client, tokens["viewer"], "/api/v1/decisions", status="in_progress")
    assert listed.get_json() == [body]


def test_party_is_matched_forgivingly(app, client, tokens):
    import_magura(app)
    response = post_status(client, tokens["deo"], _decision_id(app, "2.2"),
                           party="  জেলা শিক্ষা  অফিসার।", status="implemented", note="",
                           on="2022-04-01")
    assert response.status_code == 200, response.get_json()


@pytest.mark.parametrize("who, party, status_code", [
    ("deo", DPEO, 403),       # another office's party
    ("civil", DEO, 403),      # an office not responsible at all
    ("viewer", DEO, 403),
    ("sec_b", DEO, 403),      # another district
    ("sec", DPEO, 200),       # the district's secretary: any party
    ("admin", "স্ব স্ব শিক্ষা প্রতিষ্ঠান প্রধান", 200),
])
def test_who_may_record_which_party(app, client, tokens, who, party, status_code):
    import_magura(app)
    decision_id = _decision_id(app, "2.1")
    response = post_status(client, tokens[who], decision_id, party=party, status="implemented",
                           note="", on="2022-04-01")
    assert response.status_code == status_code, response.get_json()
    with app.app_context():
        stored = db.session.scalar(select(Assignment.status).where(
            Assignment.decision_id == decision_id, Assignment.party == party))
    assert stored == ("implemented" if status_code == 200 else "pending")
    if status_code != 200:
        assert_json_error(response, status_code)


def test_unknown_party_names_the_valid_ones(app, client, tokens):
    import_magura(app)
    response = post_status(client, tokens["sec"], _decision_id(app, "2.1"),
                           party="সিভিল সার্জন", status="implemented", note="", on="2022-04-01")
    body = assert_json_error(response, 400)
    assert body["details"][0]["path"] == "party"
    assert DEO in body["details"][0]["message"] and DPEO in body["details"][0]["message"]
    assert DEO in body["details"][0]["parties"]


@pytest.mark.parametrize("body, path", [
    ({"party": DEO, "status": "done", "note": "", "on": "2022-04-01"}, "status"),
    ({"party": DEO, "note": "", "on": "2022-04-01"}, "status"),
    ({"party": DEO, "status": "implemented", "note": "", "on": "2022-02-30"}, "on"),
    ({"party": DEO, "status": "implemented", "note": "", "on": "01/04/2022"}, "on"),
    ({"party": DEO, "status": "implemented", "note": "", "on": "2022-03-01"}, "on"),
    ({"party": DEO, "status": "implemented", "note": "", "on": "2999-01-01"}, "on"),
    ({"party": DEO, "status": "implemented", "note": 5, "on": "2022-04-01"}, "note"),
    ({"status": "implemented", "note": "", "on": "2022-04-01"}, "party"),
    ({"party": ["x"], "status": "implemented"}, "party"),
])
def test_bad_status_input_is_400_in_bangla(app, client, tokens, body, path):
    import_magura(app)
    decision_id = _decision_id(app, "2.1")
    response = client.post(f"/api/v1/decisions/{decision_id}/status", json=body,
                           headers=bearer(tokens["sec"]))
    problem = assert_json_error(response, 400)["details"][0]
    assert problem["path"] == path
    assert any("\u0980" <= ch <= "\u09ff" for ch in problem["message"])
    with app.app_context():
        assert db.session.scalars(select(FollowUp)).all() == []


def test_missing_on_means_today(app, client, tokens):
    import_magura(app)
    response = post_status(client, tokens["sec"], _decision_id(app, "2.1"), party=DEO,
                           status="dropped", note="প্রয়োজন নেই")
    party = next(p for p in response.get_json()["parties"] if p["party"] == DEO)
    # Today in Bangladesh, not the server's zone (UTC servers are a day behind 18:00-24:00).
    assert party["on"] == datetime.now(ZoneInfo("Asia/Dhaka")).date().isoformat()


def test_status_of_missing_decision_and_bad_body(app, client, tokens):
    import_magura(app)
    assert_json_error(post_status(client, tokens["sec"], 999999, party=DEO,
                                  status="implemented"), 404)
    decision_id = _decision_id(app, "2.1")
    for data, content_type in (("{", "application/json"), ("[]", "application/json"),
                               ("party=x", "application/x-www-form-urlencoded")):
        response = client.post(f"/api/v1/decisions/{decision_id}/status", data=data,
                               content_type=content_type, headers=bearer(tokens["sec"]))
        assert_json_error(response, 400)
    assert_json_error(client.get(f"/api/v1/decisions/{decision_id}/status",
                                 headers=bearer(tokens["sec"])), 405)
    assert_json_error(client.post(f"/api/v1/decisions/{decision_id}/status",
                                  json={"party": DEO, "status": "implemented"}), 401)
