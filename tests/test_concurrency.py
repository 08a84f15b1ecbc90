"""Concurrent and repeated writes: 409 with the user's text kept, never a 500 or a deadlock;
retries with an idempotency key stored once; a lost database connection answers 503.

Threads post through the app as separate browsers and API clients (on SQLite, and on
PostgreSQL with TEST_DATABASE_URL); a Barrier starts them together.
"""
from __future__ import annotations

import collections
import copy
import io
import json
import re
import threading
import time

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from committee.extensions import db
from committee.locks import is_busy
from committee.meetings.views import BUSY, CONFLICT, ISSUED, NO_VERSION
from committee.models import IdempotencyKey, Letter, Meeting
from tests.conftest import csrf_token, import_magura, login, make_token
from tests.meeting_forms import as_user, count, create, flat, form_version, post, setup_magura

TIMEOUT = 120


@pytest.fixture
def magura(app, users):
    return setup_magura(app)


def _items(app, meeting_id: int) -> list[dict]:
    """The meeting's items and decisions as the editor posts them, with their ids."""
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        return [{"id": i.id, "title": i.title, "discussion": i.discussion,
                 "responsible": [p.text for p in i.parties],
                 "decisions": [{"id": d.id, "text": d.text} for d in i.decisions]}
                for i in meeting.items]


def _edit_body(app, client, meeting_id: int, title: str) -> dict:
    """The editor's form for the meeting with item 2 retitled, as loaded now, with CSRF."""
    html = client.get(f"/meetings/{meeting_id}/edit").get_data(as_text=True)
    items = _items(app, meeting_id)
    items[1]["title"] = title
    with app.app_context():  # the meeting's own date: one meeting per committee and date
        held_on = db.session.get(Meeting, meeting_id).held_on.isoformat()
    return {**flat(items, held_on=held_on, version=form_version(html)),
            "csrf_token": csrf_token(client, "/")}


def _browser(app, username: str = "sec"):
    client = app.test_client()
    as_user(client, username)
    return client


def _together(calls: list) -> tuple[list, list]:
    """Run the calls in threads started at once; (results in order, errors as text)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[str] = []

    def run(n, call):
        try:
            barrier.wait(timeout=30)
            results[n] = call()
        except Exception as exc:  # a 500 in testing: reported, not lost
            errors.append(repr(exc))

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a request hung (deadlock?)"
    return results, errors


@pytest.fixture
def busy(monkeypatch):
    """The database errors answered as "busy, try again" (409) during the test: SQLite's
    lock or PostgreSQL's lock timeout may happen on a loaded machine, a deadlock never."""
    seen: list[str] = []

    def recording(exc):
        answer = is_busy(exc)
        if answer:
            seen.append(f"{getattr(exc.orig, 'sqlstate', None)} {exc.orig}")
        return answer

    monkeypatch.setattr("committee.meetings.service.is_busy", recording)
    monkeypatch.setattr("committee.web.is_busy", recording)
    yield seen
    assert not [error for error in seen if error.startswith("40P01")], seen


def _refused(response, text: str, *messages: str) -> bool:
    """A 409 page that says why (one of `messages`) and keeps what the user typed."""
    html = response.get_data(as_text=True)
    return response.status_code == 409 and any(m in html for m in messages) \
        and f'value="{text}"' in html


def _title(app, meeting_id: int) -> str:
    with app.app_context():
        return db.session.get(Meeting, meeting_id).items[1].title


# -- item 4: concurrent saves, edit versus issue ---------------------------------------------

def test_parallel_saves_of_one_draft_one_wins_the_others_keep_their_text(app, magura, busy):
    meeting_id = create(_browser(app), magura["committee"])
    texts = [f"সমান্তরাল সংরক্ষণ নং {n}" for n in range(10)]
    forms = [(_browser(app), text) for text in texts]
    bodies = [(client, _edit_body(app, client, meeting_id, text)) for client, text in forms]
    url = f"/meetings/{meeting_id}/edit"
    responses, errors = _together(
        [lambda c=client, b=body: c.post(url, data=b) for client, body in bodies])
    assert not errors, errors
    statuses = collections.Counter(r.status_code for r in responses)
    assert statuses == {302: 1, 409: 9}, statuses
    winner = next(t for t, r in zip(texts, responses, strict=True) if r.status_code == 302)
    assert _title(app, meeting_id) == winner
    with app.app_context():
        stored = db.session.get(Meeting, meeting_id).version
    for text, response in zip(texts, responses, strict=True):
        if response.status_code == 409:
            assert _refused(response, text, CONFLICT, BUSY), (text, busy)
        if CONFLICT in response.get_data(as_text=True):
            # The current version: saving again is a deliberate overwrite.
            assert form_version(response.get_data(as_text=True)) == stored


def _issue_call(app, client, meeting_id: int, via_api: bool, delay: float):
    """Issuing by the API or the page, `delay` seconds after the start (so that the edit,
    which has more to do before it locks, also gets there first in some races)."""
    if via_api:
        headers = {"Authorization": "Bearer " + make_token(app, "sec")}
        url, kwargs = f"/api/v1/meetings/{meeting_id}/issue", {
            "headers": headers, "json": {"memo_date": "2022-06-20"}}
    else:
        url, kwargs = f"/meetings/{meeting_id}/issue", {"data": {
            "memo_date": "2022-06-20", "confirm": "y",
            "csrf_token": csrf_token(client, f"/meetings/{meeting_id}/issue")}}

    def call():
        time.sleep(delay)
        return client.post(url, **kwargs)

    return call


def _race(app, owner, committee_id: int, race: int) -> str:
    """One draft edited and issued at once (the issue by the page or by the API)."""
    meeting_id = create(owner, committee_id, flat(held_on=f"2022-05-{race + 1:02d}"))
    typed = f"জারির সাথে প্রতিযোগিতা নং {race}"
    editor, issuer = _browser(app), _browser(app)
    body = _edit_body(app, editor, meeting_id, typed)
    via_api = race % 2 == 1
    (edited, issued), errors = _together(
        [lambda: editor.post(f"/meetings/{meeting_id}/edit", data=body),
         _issue_call(app, issuer, meeting_id, via_api, delay=0.01 * (race % 3))])
    assert not errors, errors
    # Issuing never loses (it never waits on a lock held in the other order).
    assert issued.status_code == (200 if via_api else 302), issued.get_data(as_text=True)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.status == "issued"
        frozen = json.dumps(meeting.minutes_letter.content, ensure_ascii=False)
        stored = meeting.items[1].title
    if edited.status_code == 302:  # the edit first: the issue froze the edited text
        assert stored == typed and typed in frozen
        return "edit, then issue"
    # The issue first: the edit is refused, what was typed is still on the page (BUSY:
    # it waited for the issue longer than the lock timeout, on a loaded machine).
    assert _refused(edited, typed, ISSUED, BUSY), edited.get_data(as_text=True)[:2000]
    assert stored != typed and typed not in frozen
    return "issue, edit refused"


def test_edit_racing_issue_either_wins_cleanly(app, magura, busy):
    owner = _browser(app)
    outcomes = collections.Counter(_race(app, owner, magura["committee"], race)
                                   for race in range(12))
    print("\nedit versus issue:", dict(outcomes), "busy:", busy)


def _delete_race(app, owner, committee_id: int, race: int) -> str:
    """One draft deleted and issued at once: one of the two wins, the other is refused."""
    meeting_id = create(owner, committee_id, flat(held_on=f"2022-06-{race + 1:02d}"))
    deleter, issuer = _browser(app), _browser(app)
    token = csrf_token(deleter, f"/meetings/{meeting_id}/delete")
    via_api = race % 2 == 0
    (deleted, issued), errors = _together(
        [lambda: deleter.post(f"/meetings/{meeting_id}/delete",
                              data={"csrf_token": token, "confirm": "y"}),
         _issue_call(app, issuer, meeting_id, via_api, delay=0.01 * (race % 3))])
    assert not errors, errors
    assert deleted.status_code in (302, 409) and issued.status_code != 500, (
        deleted.status_code, issued.status_code)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        if deleted.status_code == 302:  # deleted first: nothing was issued
            assert meeting is None and issued.status_code in (404, 409), (
                issued.status_code, issued.get_data(as_text=True)[-600:])
            return "delete, issue refused"
        assert meeting is not None and meeting.status == "issued"
        assert meeting.minutes_letter.docx  # the issue stands, frozen
    return "issue, delete refused"


def test_delete_racing_issue_either_wins_cleanly(app, magura, busy):
    owner = _browser(app)
    outcomes = collections.Counter(_delete_race(app, owner, magura["committee"], race)
                                   for race in range(8))
    print("\ndelete versus issue:", dict(outcomes), "busy:", busy)


def test_update_without_version_is_refused_and_keeps_the_text(app, magura):
    client = _browser(app)
    meeting_id = create(client, magura["committee"])
    body = _edit_body(app, client, meeting_id, "সংস্করণ ছাড়া পাঠানো লেখা")
    del body["version"]
    response = client.post(f"/meetings/{meeting_id}/edit", data=body)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert NO_VERSION in html and 'value="সংস্করণ ছাড়া পাঠানো লেখা"' in html
    assert form_version(html) == 1  # now a deliberate save is possible
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.version == 1 and meeting.items[1].title == "ডিজিটাল কনটেন্ট"


def test_save_that_cannot_get_the_lock_is_409_with_the_text(app, magura, monkeypatch):
    client = _browser(app)
    meeting_id = create(client, magura["committee"])
    body = _edit_body(app, client, meeting_id, "তালা না পাওয়া লেখা")

    def locked(*args):
        raise OperationalError("UPDATE committees ...", {}, Exception("database is locked"))

    monkeypatch.setattr("committee.meetings.service.lock_meeting", locked)
    response = client.post(f"/meetings/{meeting_id}/edit", data=body)
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and BUSY in html
    assert 'value="তালা না পাওয়া লেখা"' in html and form_version(html) == 1
    assert _title(app, meeting_id) == "ডিজিটাল কনটেন্ট"


# -- item 12: idempotency keys -------------------------------------------------------------

def _draft_doc(magura_doc: dict, held_on: str = "2022-06-12") -> dict:
    doc = copy.deepcopy(magura_doc)
    doc.pop("issue")
    doc["meeting"]["held_on"] = held_on
    return doc


def _meetings(app) -> int:
    return count(app, Meeting)


def test_api_import_repeated_with_the_same_key_stores_one_meeting(app, users, magura_doc):
    client = app.test_client()
    headers = {"Authorization": "Bearer " + make_token(app, "sec"),
               "Idempotency-Key": "8a3f2c1e-import-once"}
    doc = _draft_doc(magura_doc)
    first = client.post("/api/v1/meetings/import", json=doc, headers=headers)
    again = client.post("/api/v1/meetings/import", json=doc, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201), again.get_json()
    assert first.get_json() == again.get_json()
    assert _meetings(app) == 1 and count(app, IdempotencyKey) == 1
    # Another key is another import; a key of an import does not issue anything.
    other = client.post("/api/v1/meetings/import", json=_draft_doc(magura_doc, "2022-07-10"),
                        headers={**headers, "Idempotency-Key": "another-key"})
    assert other.status_code == 201 and other.get_json()["id"] != first.get_json()["id"]
    reused = client.post(f"/api/v1/meetings/{other.get_json()['id']}/issue", headers=headers)
    assert reused.status_code == 422 and reused.get_json()["details"][0]["path"] == \
        "Idempotency-Key"
    bad = client.post("/api/v1/meetings/import", json=doc,
                      headers={**headers, "Idempotency-Key": "কী"})
    assert bad.status_code == 400 and _meetings(app) == 2


def test_api_import_twins_at_once_store_one_meeting(app, users, magura_doc):
    headers = {"Authorization": "Bearer " + make_token(app, "sec"),
               "Idempotency-Key": "twins-at-once"}
    doc = _draft_doc(magura_doc)
    clients = [app.test_client() for _ in range(4)]
    responses, errors = _together(
        [lambda c=c: c.post("/api/v1/meetings/import", json=doc, headers=headers)
         for c in clients])
    assert not errors, errors
    assert {r.status_code for r in responses} == {201}, [r.get_json() for r in responses]
    assert len({r.get_json()["id"] for r in responses}) == 1
    assert _meetings(app) == 1 and count(app, IdempotencyKey) == 1


def test_api_issue_with_a_key_answers_the_same(app, users, magura_doc):
    meeting_id = import_magura(app, _draft_doc(magura_doc))
    client = app.test_client()
    headers = {"Authorization": "Bearer " + make_token(app, "sec"), "Idempotency-Key": "k-1"}
    url = f"/api/v1/meetings/{meeting_id}/issue"
    first = client.post(url, json={"memo_date": "2022-06-20"}, headers=headers)
    again = client.post(url, json={"memo_date": "2022-06-20"}, headers=headers)
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.get_json() == again.get_json() and first.get_json()["memo_serial"] == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Letter)) == 1
        row = db.session.scalar(select(IdempotencyKey))
        assert (row.endpoint, row.resource_id) == ("api.issue_meeting", 1)


def _new_form(client, committee_id: int, held_on: str = "2022-06-01") -> dict:
    """The new-meeting form's fields as a browser posts them: CSRF and one-time token."""
    html = client.get(f"/committees/{committee_id}/meetings/new").get_data(as_text=True)
    token = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    return {**flat(held_on=held_on), "csrf_token": csrf_token(client, "/"),
            "idempotency_key": token}


def test_new_meeting_form_submitted_twice_stores_one_meeting(app, magura):
    client = _browser(app)
    url = f"/committees/{magura['committee']}/meetings/new"
    body = _new_form(client, magura["committee"])
    first, again = client.post(url, data=body), client.post(url, data=body)
    assert (first.status_code, again.status_code) == (302, 302)
    assert first.headers["Location"] == again.headers["Location"]
    assert _meetings(app) == 2  # the imported Magura meeting and this one
    # At once, from two tabs of one browser session: still one.
    body = _new_form(client, magura["committee"], "2022-06-03")
    responses, errors = _together([lambda: client.post(url, data=body)] * 3)
    assert not errors, errors
    assert {r.status_code for r in responses} == {302}
    assert len({r.headers["Location"] for r in responses}) == 1
    assert _meetings(app) == 3
    # A form without a token (an old page) still saves.
    assert post(client, url, flat(held_on="2022-06-02")).status_code == 302
    assert _meetings(app) == 4


def test_import_page_submitted_twice_imports_once(app, users, magura_doc):
    client = app.test_client()
    login(client, "sec")
    html = client.get("/meetings/import").get_data(as_text=True)
    token = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    content = json.dumps(_draft_doc(magura_doc)).encode()

    def submit():
        return client.post("/meetings/import", content_type="multipart/form-data", data={
            "csrf_token": csrf_token(client, "/meetings/import"), "idempotency_key": token,
            "file": (io.BytesIO(content), "magura.json")})

    first, again = submit(), submit()
    assert (first.status_code, again.status_code) == (302, 302)
    assert first.headers["Location"] == again.headers["Location"]
    assert _meetings(app) == 1


# -- item 12: answers without a query after the commit; a lost connection -----------------

def _queries_after_a_commit(app, call) -> list[str]:
    """The ORM's statements (queries, lazy loads, reloads of expired objects) after a
    transaction was committed: each one would fail if the connection dropped then."""
    state = {"committed": False, "after": []}

    def commit(conn):
        state["committed"] = True

    def orm_execute(orm_state):
        if state["committed"]:
            state["after"].append(str(orm_state.statement)[:120])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "commit", commit)
    event.listen(Session, "do_orm_execute", orm_execute)
    try:
        call()
    finally:
        event.remove(Session, "do_orm_execute", orm_execute)
        event.remove(engine, "commit", commit)
    assert state["committed"]
    return state["after"]


def test_answers_to_import_and_issue_need_no_query_after_the_commit(app, users, magura_doc):
    client = app.test_client()
    headers = {"Authorization": "Bearer " + make_token(app, "sec")}
    answers = []
    after = _queries_after_a_commit(app, lambda: answers.append(client.post(
        "/api/v1/meetings/import", json=_draft_doc(magura_doc), headers=headers)))
    assert answers[-1].status_code == 201 and after == []
    assert answers[-1].get_json()["items"] == 13
    meeting_id = answers[-1].get_json()["id"]
    after = _queries_after_a_commit(app, lambda: answers.append(client.post(
        f"/api/v1/meetings/{meeting_id}/issue", headers=headers)))
    assert answers[-1].status_code == 200 and after == []
    assert answers[-1].get_json()["status"] == "issued"


def test_editor_saves_redirect_without_a_query_after_the_commit(app, magura):
    client = _browser(app)
    url = f"/committees/{magura['committee']}/meetings/new"
    body = _new_form(client, magura["committee"])
    answers = []
    assert _queries_after_a_commit(app, lambda: answers.append(client.post(url, data=body))) == []
    assert answers[-1].status_code == 302
    meeting_id = int(answers[-1].headers["Location"].rsplit("/", 1)[-1])
    body = _edit_body(app, client, meeting_id, "প্রশ্ন ছাড়া উত্তর")
    assert _queries_after_a_commit(app, lambda: answers.append(
        client.post(f"/meetings/{meeting_id}/edit", data=body))) == []
    assert answers[-1].status_code == 302


def _lost(*args, **kwargs):
    raise OperationalError("SELECT 1", {}, Exception("server closed the connection "
                                                     "unexpectedly"), connection_invalidated=True)


def test_lost_connection_answers_503_with_retry_after(app, magura, magura_doc, monkeypatch):
    monkeypatch.setattr("committee.meetings.views.create_meeting", _lost)
    monkeypatch.setattr("committee.api.views.import_once", _lost)
    client = _browser(app)
    page = post(client, f"/committees/{magura['committee']}/meetings/new", flat())
    assert page.status_code == 503 and page.headers["Retry-After"] == "5"
    assert "ডেটাবেসের সঙ্গে সংযোগ বিচ্ছিন্ন" in page.get_data(as_text=True)
    api = app.test_client().post("/api/v1/meetings/import", json=_draft_doc(magura_doc),
                                 headers={"Authorization": "Bearer " + make_token(app, "sec")})
    assert api.status_code == 503 and api.headers["Retry-After"] == "5"
    assert "সংযোগ বিচ্ছিন্ন" in api.get_json()["error"]


def test_ordinary_database_errors_are_not_503(app, magura, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT nope", {}, Exception("no such column: nope"))

    monkeypatch.setattr("committee.meetings.views.create_meeting", broken)
    client = _browser(app)
    with pytest.raises(OperationalError):  # a bug stays a 500 (raised in testing)
        post(client, f"/committees/{magura['committee']}/meetings/new", flat())
