"""Idempotency keys bound to their request's body, and purged after 24 hours (issue 14,
item 12). On SQLite, and on PostgreSQL with TEST_DATABASE_URL.

The same key with the same body answers as the first request did (tests/test_concurrency.py);
here: the same key with another body is refused (422 for the API, the form's message on
the pages), the body is compared in a canonical form, and expired keys are deleted when a
new key is stored, at most once every few minutes.
"""
from __future__ import annotations

import copy
import hashlib
import io
import json
import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import create_engine, select, text

from committee import retrysafe
from committee.extensions import db
from committee.models import IdempotencyKey, Meeting
from committee.models._common import utcnow
from committee.retrysafe import HEADER, KEY_REUSED, BodyChanged, Key, KeyReused
from committee.vocab import MeetingStatus
from tests.conftest import csrf_token, import_magura, login, make_token
from tests.meeting_forms import as_user, count, flat, setup_magura
from tests.test_concurrency import _together


def _doc(magura_doc: dict, held_on: str = "2022-06-12") -> dict:
    doc = copy.deepcopy(magura_doc)
    doc.pop("issue")
    doc["meeting"]["held_on"] = held_on
    return doc


def _headers(app, key: str, user: str = "sec") -> dict:
    return {"Authorization": "Bearer " + make_token(app, user), HEADER: key}


def _keys(app) -> list[IdempotencyKey]:
    with app.app_context():
        return db.session.scalars(select(IdempotencyKey).order_by(IdempotencyKey.id)).all()


def _refused(response) -> None:
    assert response.status_code == 422, response.get_json()
    body = response.get_json()
    assert body == {"error": KEY_REUSED, "details": [{"path": HEADER, "message": KEY_REUSED}]}


# -- the key is bound to the body ----------------------------------------------------------

def test_import_with_the_same_key_and_another_body_is_refused(app, users, magura_doc):
    client = app.test_client()
    headers = _headers(app, "import-7d1f")
    first = client.post("/api/v1/meetings/import", json=_doc(magura_doc), headers=headers)
    assert first.status_code == 201
    other = client.post("/api/v1/meetings/import", json=_doc(magura_doc, "2022-07-10"),
                        headers=headers)
    _refused(other)
    assert count(app, Meeting) == 1 and len(_keys(app)) == 1
    # The first body again still answers as the first request did.
    again = client.post("/api/v1/meetings/import", json=_doc(magura_doc), headers=headers)
    assert again.status_code == 201 and again.get_json() == first.get_json()
    # Another user's key of the same spelling is another key.
    mine = client.post("/api/v1/meetings/import", json=_doc(magura_doc, "2022-07-10"),
                       headers=_headers(app, "import-7d1f", "admin"))
    assert mine.status_code == 201 and count(app, Meeting) == 2


def test_body_is_compared_in_canonical_form(app, users, magura_doc):
    """Key order and white space do not make another body; a value does."""
    client = app.test_client()
    headers = {**_headers(app, "canon-1"), "Content-Type": "application/json"}
    doc = _doc(magura_doc)
    first = client.post("/api/v1/meetings/import", data=json.dumps(doc), headers=headers)
    assert first.status_code == 201
    reordered = json.dumps(dict(reversed(list(doc.items()))), indent=4, ensure_ascii=False)
    again = client.post("/api/v1/meetings/import", data=reordered.encode(), headers=headers)
    assert again.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
    doc["meeting"]["venue"] += " "
    _refused(client.post("/api/v1/meetings/import", data=json.dumps(doc), headers=headers))
    [row] = _keys(app)
    canonical = json.dumps(_doc(magura_doc), sort_keys=True, separators=(",", ":"))
    assert row.request_hash == hashlib.sha256(b"json:" + canonical.encode()).hexdigest()


def test_issue_with_the_same_key_and_another_date_is_refused(app, users, magura_doc):
    meeting_id = import_magura(app, _doc(magura_doc))
    client = app.test_client()
    headers = _headers(app, "issue-1")
    url = f"/api/v1/meetings/{meeting_id}/issue"
    first = client.post(url, json={"memo_date": "2022-06-20"}, headers=headers)
    assert first.status_code == 200
    _refused(client.post(url, json={"memo_date": "2022-06-21"}, headers=headers))
    again = client.post(url, json={"memo_date": "2022-06-20"}, headers=headers)
    assert again.status_code == 200 and again.get_json() == first.get_json()


def test_issue_without_a_body_is_the_same_as_an_empty_object(app, users, magura_doc):
    meeting_id = import_magura(app, _doc(magura_doc))
    client = app.test_client()
    headers = _headers(app, "issue-empty")
    url = f"/api/v1/meetings/{meeting_id}/issue"
    first = client.post(url, headers=headers)
    again = client.post(url, json={}, headers=headers)
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.get_json() == again.get_json()


def test_twins_with_different_bodies_store_one_meeting(app, users, magura_doc):
    """Sent at once with one key: one body wins, the other is refused, never both stored."""
    headers = _headers(app, "twins-differ")
    bodies = [_doc(magura_doc), _doc(magura_doc, "2022-07-10")] * 2
    clients = [app.test_client() for _ in bodies]
    responses, errors = _together(
        [lambda c=c, b=b: c.post("/api/v1/meetings/import", json=b, headers=headers)
         for c, b in zip(clients, bodies, strict=True)])
    assert not errors, errors
    codes = [r.status_code for r in responses]
    assert set(codes) == {201, 422}, [r.get_json() for r in responses]
    assert len({r.get_json()["id"] for r in responses if r.status_code == 201}) == 1
    assert count(app, Meeting) == 1 and len(_keys(app)) == 1
    with app.app_context():
        held_on = db.session.scalar(select(Meeting.held_on)).isoformat()
    assert all((r.status_code == 201) == (b["meeting"]["held_on"] == held_on)
               for r, b in zip(responses, bodies, strict=True))


def test_a_key_over_the_body_limit_is_still_a_413(app, users):
    """The body is hashed only once the view has read it: an import over its limit is
    refused as such, with its details."""
    limit = app.config.get("IMPORT_MAX_CONTENT_LENGTH")
    app.config["IMPORT_MAX_CONTENT_LENGTH"] = 1024
    try:
        response = app.test_client().post(
            "/api/v1/meetings/import", data=b"{" + b" " * 4096 + b"}",
            headers={**_headers(app, "big-1"), "Content-Type": "application/json"})
    finally:
        if limit is None:
            del app.config["IMPORT_MAX_CONTENT_LENGTH"]
        else:
            app.config["IMPORT_MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413 and response.get_json()["details"]
    assert _keys(app) == []


def test_keys_stored_before_the_hash_match_any_body(app, users, magura_doc):
    """Rows from before the migration have no hash: they answer as before."""
    client = app.test_client()
    headers = _headers(app, "legacy-1")
    first = client.post("/api/v1/meetings/import", json=_doc(magura_doc), headers=headers)
    with app.app_context():
        db.session.execute(text("UPDATE idempotency_keys SET request_hash = NULL"))
        db.session.commit()
    other = client.post("/api/v1/meetings/import", json=_doc(magura_doc, "2022-07-10"),
                        headers=headers)
    assert other.status_code == 201 and other.get_json() == first.get_json()


def test_body_changed_is_a_key_reused():
    assert issubclass(BodyChanged, KeyReused)
    assert Key(1, "k", "e") == Key(1, "k", "e", bound=True)
    assert Key(1, "k", "e").request_hash is None  # outside a request: not bound


# -- web forms' one-time tokens ------------------------------------------------------------

def _new_form(client, committee_id: int) -> tuple[str, dict]:
    url = f"/committees/{committee_id}/meetings/new"
    html = client.get(url).get_data(as_text=True)
    token = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    return url, {**flat(held_on="2022-06-01"), "csrf_token": csrf_token(client, "/"),
                 "idempotency_key": token}


def test_new_meeting_form_sent_again_with_other_content_is_refused(app, users):
    magura = setup_magura(app)
    client = app.test_client()
    as_user(client, "sec")
    url, body = _new_form(client, magura["committee"])
    first = client.post(url, data=body)
    assert first.status_code == 302 and count(app, Meeting) == 2
    # A double submit with a fresh CSRF token is the same form: the same meeting.
    again = client.post(url, data={**body, "csrf_token": csrf_token(client, "/")})
    assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    # Back, edit, submit: refused with what was typed, and a new token on the page.
    edited = {**body, "venue": "উপজেলা পরিষদ হলরুম"}
    refused = client.post(url, data=edited)
    html = unescape(refused.get_data(as_text=True))
    assert refused.status_code == 409 and "এই ফর্মটি আগেই" in html
    assert "উপজেলা পরিষদ হলরুম" in html and body["idempotency_key"] not in html
    assert count(app, Meeting) == 2


def test_import_page_sent_again_with_another_file_is_refused(app, users, magura_doc):
    client = app.test_client()
    login(client, "sec")
    html = client.get("/meetings/import").get_data(as_text=True)
    token = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)

    def submit(doc):
        return client.post("/meetings/import", content_type="multipart/form-data", data={
            "csrf_token": csrf_token(client, "/meetings/import"), "idempotency_key": token,
            "file": (io.BytesIO(json.dumps(doc).encode()), "magura.json")})

    assert submit(_doc(magura_doc)).status_code == 302
    assert submit(_doc(magura_doc)).status_code == 302  # the same file: the same meeting
    refused = submit(_doc(magura_doc, "2022-07-10"))
    assert refused.status_code == 409
    assert "এই ফর্মটি আগেই" in unescape(refused.get_data(as_text=True))
    assert count(app, Meeting) == 1


# -- expired keys are purged ---------------------------------------------------------------

def _store_key(app, key: str, age: timedelta, resource_id: int = 1) -> None:
    from committee.models import User

    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == "sec"))
        db.session.add(IdempotencyKey(user_id=user_id, key=key, endpoint="api.import_meeting",
                                      resource_id=resource_id, created_at=utcnow() - age))
        db.session.commit()


@pytest.fixture
def purge_due(monkeypatch):
    """This process purges with the next key stored."""
    monkeypatch.setattr(retrysafe, "_next_purge", 0.0)


def test_storing_a_key_purges_the_expired_ones(app, users, magura_doc, purge_due):
    _store_key(app, "old-1", timedelta(hours=25))
    _store_key(app, "old-2", timedelta(days=40))
    _store_key(app, "young", timedelta(hours=23))
    client = app.test_client()
    response = client.post("/api/v1/meetings/import", json=_doc(magura_doc),
                           headers=_headers(app, "new-1"))
    assert response.status_code == 201
    assert [k.key for k in _keys(app)] == ["young", "new-1"]
    # A retry after its key was purged is a new request.
    _store_key(app, "old-3", timedelta(hours=30))
    retrysafe._next_purge = 0.0
    client.post("/api/v1/meetings/import", json=_doc(magura_doc, "2022-07-10"),
                headers=_headers(app, "new-2"))
    assert "old-3" not in [k.key for k in _keys(app)]


def test_purge_runs_at_most_once_every_few_minutes(app, users, magura_doc, purge_due):
    client = app.test_client()
    client.post("/api/v1/meetings/import", json=_doc(magura_doc),
                headers=_headers(app, "first"))
    _store_key(app, "expired-meanwhile", timedelta(hours=48))
    client.post("/api/v1/meetings/import", json=_doc(magura_doc, "2022-07-10"),
                headers=_headers(app, "second"))
    assert "expired-meanwhile" in [k.key for k in _keys(app)]  # not yet: purged lately
    assert retrysafe._next_purge > 0


def test_a_failed_write_purges_nothing(app, users, magura_doc, purge_due):
    """The purge is part of the write's transaction: refused, it is rolled back too."""
    _store_key(app, "old", timedelta(hours=25))
    doc = _doc(magura_doc)
    doc["meeting"]["items"][0]["title"] = ""
    response = app.test_client().post("/api/v1/meetings/import", json=doc,
                                      headers=_headers(app, "refused"))
    assert response.status_code == 400
    assert [k.key for k in _keys(app)] == ["old"]


def test_purge_expired_in_batches(app, users):
    for n in range(5):
        _store_key(app, f"old-{n}", timedelta(hours=24, minutes=n + 1))
    _store_key(app, "fresh", timedelta(hours=1))
    with app.app_context():
        assert retrysafe.purge_expired(batch=3) == 3
        assert retrysafe.purge_expired(batch=3) == 2
        assert retrysafe.purge_expired() == 0
        db.session.commit()
    assert [k.key for k in _keys(app)] == ["fresh"]


def test_purge_skips_rows_another_transaction_holds(app, users):
    """On PostgreSQL two purges never wait for each other (FOR UPDATE SKIP LOCKED)."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("row locks: PostgreSQL only (SQLite has one writer at a time)")
        url = db.engine.url
    _store_key(app, "held", timedelta(hours=30))
    _store_key(app, "free", timedelta(hours=30))
    other = create_engine(url)
    try:
        with other.connect() as conn:
            conn.execute(text("SET lock_timeout = '2s'"))
            conn.execute(text("SELECT id FROM idempotency_keys WHERE key = 'held' FOR UPDATE"))
            with app.app_context():
                db.session.execute(text("SET LOCAL lock_timeout = '2s'"))
                assert retrysafe.purge_expired() == 1
                db.session.commit()
            conn.rollback()
    finally:
        other.dispose()
    assert [k.key for k in _keys(app)] == ["held"]


def test_the_stored_key_holds_the_hash_and_what_it_created(app, users, magura_doc):
    client = app.test_client()
    client.post("/api/v1/meetings/import", json=_doc(magura_doc),
                headers=_headers(app, "cascade-1"))
    with app.app_context():
        [row] = db.session.scalars(select(IdempotencyKey)).all()
        assert row.request_hash and len(row.request_hash) == 64
        assert db.session.get(Meeting, row.resource_id).status == MeetingStatus.DRAFT


# -- follow-up statuses through the API ------------------------------------------------------

def _status(app, client, token: str, key: str | None, **body):
    from tests.test_api_decisions import DEO, _decision_id

    headers = {"Authorization": "Bearer " + token}
    if key:
        headers[HEADER] = key
    body = {"party": DEO, "status": "in_progress", "note": "৩০টি বিদ্যালয়ে", "on": "2022-04-20",
            **body}
    return client.post(f"/api/v1/decisions/{_decision_id(app, '2.1')}/status", json=body,
                       headers=headers)


def _follow_ups(app) -> list[tuple[str, str]]:
    from committee.models import FollowUp

    with app.app_context():
        return [(f.status, f.note) for f in db.session.scalars(
            select(FollowUp).order_by(FollowUp.id))]


def test_a_status_sent_again_with_its_key_is_recorded_once(app, users):
    import_magura(app)
    client, token = app.test_client(), make_token(app, "deo")
    first = _status(app, client, token, "status-2.1-deo")
    again = _status(app, client, token, "status-2.1-deo")
    assert first.status_code == again.status_code == 200
    assert again.get_json() == first.get_json()
    assert _follow_ups(app) == [("in_progress", "৩০টি বিদ্যালয়ে")]
    # Another body under the same key: refused, nothing stored.
    _refused(_status(app, client, token, "status-2.1-deo", status="implemented"))
    # Without a key, each request is a new follow-up (as before).
    _status(app, client, token, None, status="implemented", note="")
    assert _follow_ups(app) == [("in_progress", "৩০টি বিদ্যালয়ে"), ("implemented", "")]


def test_twin_status_posts_with_one_key_record_one_follow_up(app, users):
    import_magura(app)
    token = make_token(app, "deo")
    results, errors = _together([
        lambda: _status(app, app.test_client(), token, "twin-status") for _ in range(4)])
    assert errors == []
    codes = sorted(r.status_code for r in results)
    # Each twin either answers with the decision or was told to retry (busy, 409).
    assert set(codes) <= {200, 409} and 200 in codes, codes
    assert _follow_ups(app) == [("in_progress", "৩০টি বিদ্যালয়ে")]
