"""CSRF on every form: a POST without the token is refused (400) and changes nothing.

Every POST route of app.url_map but the API (bearer tokens, no cookies) is posted by a
logged-in admin (the login and setup forms anonymously) on the Magura dataset of
tests/authz_matrix.py. Where WORKING has a body, the same POST with the token is posted
too and must change something: the refusal is the token's doing, not the body's.
"""
from __future__ import annotations

import io
import json

import pytest

from tests.authz_matrix import MATRIX, Dataset, draft_doc, snapshot, url_for_rule
from tests.conftest import PASSWORD, csrf_token, login
from tests.meeting_forms import flat

ANONYMOUS = {"auth.login", "auth.setup"}
INDICATOR = {"level": "district", "code": "[৯.৯.৯]", "title": "নতুন সূচক", "method": "sum",
             "unit": "সংখ্যা", "weight": "১", "t100": "১২", "t90": "11", "t80": "10",
             "t70": "9", "t60": "8", "source": "meetings", "committee_kind": "ict",
             "scope": "own"}

# endpoint: the body of a POST that does change something when it carries the token.
WORKING = {
    "auth.login": lambda ids: {"username": "admin", "password": PASSWORD},
    "auth.logout": lambda ids: {},
    "auth.end_other_sessions": lambda ids: {},  # the admin's other browser (build_world)
    "auth.end_session": lambda ids: {},
    "auth.revoke_token": lambda ids: {},
    "auth.end_user_sessions": lambda ids: {},
    "auth.password": lambda ids: {"current": PASSWORD, "password": "another-password-1",
                                  "confirm": "another-password-1"},
    "meetings.new": lambda ids: flat(),
    "meetings.edit": lambda ids: flat(held_on="2022-04-14", version=1),  # the draft as imported
    "meetings.delete": lambda ids: {},
    "committees.serial": lambda ids: {"reached": "২৪"},
    "documents.reminders": lambda ids: {"memo_date": "2022-05-17", "all": "1"},
    "meetings.import_file": lambda ids: {"file": (io.BytesIO(json.dumps(
        draft_doc("2022-06-12")).encode()), "magura.json")},
    "documents.issue": lambda ids: {"memo_date": "2022-04-20", "confirm": "y"},
    "documents.issue_notice": lambda ids: {"memo_date": "2022-04-01"},
    "documents.corrigendum": lambda ids: {"text": "৩.১ নম্বর সিদ্ধান্তের তারিখ সংশোধন",
                                          "memo_date": "2022-04-20"},
    "documents.distribution": lambda ids: {"note": "জ্যেষ্ঠতার ক্রমানুসারে নয়",
                                           "text": ["জেলা প্রশাসক, মাগুরা"], "tag": ["action"]},
    "followup.assignment": lambda ids: {"status": "implemented", "note": "সম্পন্ন",
                                        "on": "2022-04-01"},
    # followup.attach: the draft's review came with its import, attaching again adds
    # nothing (tests/test_frozen_letters.py attaches one with its audit entry).
    "followup.drop_request": lambda ids: {"reason": "প্রকল্পটি বাতিল হয়েছে"},
    "directory.add_office": lambda ids: {"name": "জেলা মৎস্য অফিসার", "kind": "office",
                                         "upazila_id": "0"},
    "directory.add_alias": lambda ids: {"alias": "জেলা শিক্ষা অফিস, মাগুরা"},
    "directory.remove_alias": lambda ids: {},
    "directory.set_members": lambda ids: {"members": [str(ids["office"])]},
    "apa.indicators": lambda ids: INDICATOR,
    "apa.edit_indicator": lambda ids: {**INDICATOR, "code": "[৩.১.১]"},
}


def _post_rules(app) -> list:
    return sorted((r for r in app.url_map.iter_rules()
                   if "POST" in r.methods and r.endpoint != "static"
                   and not r.endpoint.startswith("api.")), key=lambda r: r.endpoint)


def _endpoints() -> list[str]:
    return sorted(e for e, methods in MATRIX.items()
                  if "POST" in methods and not e.startswith("api."))


@pytest.fixture(scope="module")
def dataset(_session_app):
    return Dataset(_session_app)


def _logged_in(client) -> bool:
    response = client.get("/")
    response.close()
    return response.status_code == 200


def test_every_form_post_is_listed(_session_app):
    """The parametrization below follows the matrix; the matrix follows the url_map."""
    assert [r.endpoint for r in _post_rules(_session_app)] == _endpoints()
    assert set(WORKING) <= set(_endpoints())


@pytest.mark.parametrize("endpoint", _endpoints())
def test_post_without_token_changes_nothing(_session_app, dataset, monkeypatch, endpoint):
    app = _session_app
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    world = dataset.get()
    rule = next(r for r in _post_rules(app) if r.endpoint == endpoint)
    url = url_for_rule(rule, world)
    body = WORKING.get(endpoint, lambda ids: {})
    client = app.test_client()
    if endpoint not in ANONYMOUS:
        login(client, "admin")
    before, session_before = snapshot(app), _logged_in(client)

    dataset.dirty = True  # until the database is known to be as it was
    response = client.post(url, data=body(world.ids))
    assert response.status_code == 400, response.status_code
    assert "CSRF" in response.get_data(as_text=True)
    assert _logged_in(client) == session_before
    assert snapshot(app) == before
    dataset.dirty = False

    if endpoint in WORKING:  # the same POST with the token does something
        dataset.dirty = True
        token = csrf_token(client, "/login" if endpoint in ANONYMOUS else "/")
        response = client.post(url, data={**body(world.ids), "csrf_token": token})
        assert response.status_code in (200, 201, 302), response.status_code
        assert snapshot(app) != before or _logged_in(client) != session_before
