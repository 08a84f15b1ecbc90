"""One path for every follow-up write (issue 13 item 2, issue 14 item 1).

The web form, the meeting review and the API all go through `record_follow_up`: the same
rule and the same Bangla message at each, nothing stored on a refusal; `back`/`next` only
ever lead back into the site; an assignment's current status equals its newest history
row however two posts interleave; answers are built before the commit.
"""
from __future__ import annotations

import copy
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from committee.extensions import db
from committee.followup.review import attach_review
from committee.followup.service import history
from committee.models import Assignment, Decision, FollowUp, Office, ReviewEntry
from tests.conftest import csrf_token, import_magura, login, make_token

DEO = "জেলা শিক্ষা অফিসার"
RACES = 30


def dhaka_today() -> date:
    return datetime.now(ZoneInfo("Asia/Dhaka")).date()


@pytest.fixture
def world(app, users, magura_doc) -> dict:
    """The Magura minutes, a draft next meeting reviewing them, and the DEO's ২.১."""
    from committee.imports import import_document

    first = import_magura(app)
    doc = copy.deepcopy(magura_doc)
    doc.pop("issue")
    doc["meeting"]["held_on"] = "2022-04-14"
    with app.app_context():
        second = import_document(doc)
        attach_review(second)
        db.session.commit()
        assignment = db.session.scalar(
            select(Assignment).join(Assignment.decision).join(Decision.item)
            .join(Assignment.office)
            .where(Office.name == DEO, Decision.meeting_id == first, Decision.position == 1,
                   Decision.item.has(position=2)))
        entry = db.session.scalar(select(ReviewEntry.id).where(
            ReviewEntry.meeting_id == second.id, ReviewEntry.assignment_id == assignment.id))
        return {"first": first, "second": second.id, "assignment": assignment.id,
                "decision": assignment.decision_id, "entry": entry}


def _web_client(app, username: str, page: str):
    client = app.test_client()
    login(client, username)
    return client, csrf_token(client, page)


# -- C: concurrent posts ----------------------------------------------------------------

def _mismatches(app, assignment_id: int) -> int:
    """1 when the assignment's current status differs from its newest history row."""
    with app.app_context():
        a = db.session.get(Assignment, assignment_id)
        newest = history([assignment_id])[assignment_id][0]
        return int((a.status, a.status_note, a.status_on)
                   != (newest.status, newest.note, newest.on))


def _race(posts) -> list:
    """Run the posts in threads released together; the unexpected answers."""
    barrier = threading.Barrier(len(posts))
    errors = []

    def run(post):
        barrier.wait(timeout=30)
        response, expected = post()
        if response.status_code != expected:
            errors.append((response.status_code, response.get_data(as_text=True)[:300]))

    threads = [threading.Thread(target=run, args=(post,)) for post in posts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


def test_racing_posts_leave_current_status_equal_to_newest_history(app, world, capsys):
    """An office posts `implemented` by the API while the secretary posts `pending` on the
    web form, RACES times; after each race the assignment must equal its newest row."""
    assignment_id = world["assignment"]
    page = f"/followup/assignments/{assignment_id}"
    secretary, token = _web_client(app, "sec", page)
    office = app.test_client()
    headers = {"Authorization": "Bearer " + make_token(app, "deo")}
    mismatches, errors = 0, []
    for race in range(RACES):
        on = (date(2022, 4, 1) + timedelta(days=race)).isoformat()
        errors += _race([
            lambda race=race, on=on: (office.post(
                f"/api/v1/decisions/{world['decision']}/status", headers=headers,
                json={"party": DEO, "status": "implemented", "note": f"দপ্তর {race}",
                      "on": on}), 200),
            lambda race=race, on=on: (secretary.post(page, data={
                "csrf_token": token, "status": "pending", "note": f"সচিব {race}",
                "on": on}), 302),
        ])
        mismatches += _mismatches(app, assignment_id)
        # The next race starts from `pending` again: the secretary's post then changes
        # only the note unless the status it compares with is re-read under the lock.
        with app.app_context():
            a = db.session.get(Assignment, assignment_id)
            a.status, a.status_note = "pending", ""
            db.session.commit()
    with capsys.disabled():
        print(f"\n[{app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}] "
              f"{RACES} races, {mismatches} mismatches")
    assert not errors, errors[:3]
    assert mismatches == 0, f"{mismatches} of {RACES} races left status != newest history"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 2 * RACES


# -- A: one rule, one message at the three entry points ---------------------------------

def _bn(value: date) -> str:
    return value.strftime("%d/%m/%Y").translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))


def _date_message(bad: date) -> str:
    if bad > dhaka_today():
        return f"তারিখ ({_bn(bad)}) ভবিষ্যতের হতে পারে না; আজ {_bn(dhaka_today())}"
    return f"তারিখ ({_bn(bad)}) সিদ্ধান্তের সভার তারিখের (১৪/০৩/২০২২) আগে হতে পারে না"


def _post_web(app, world, **fields):
    page = f"/followup/assignments/{world['assignment']}"
    client, token = _web_client(app, "deo", page)
    return client.post(page, data={"csrf_token": token, "status": "implemented", **fields})


def _post_review(app, world, note: str = "পর্যালোচনায় জানানো অগ্রগতি", held_on=None):
    if held_on is not None:  # the review records the status as of the reviewing meeting
        from committee.models import Meeting

        with app.app_context():
            db.session.get(Meeting, world["second"]).held_on = held_on
            db.session.commit()
    page = f"/meetings/{world['second']}/review"
    client, token = _web_client(app, "sec", page)
    entry = world["entry"]
    return client.post(page, data={"csrf_token": token, f"entry-{entry}-status": "implemented",
                                   f"entry-{entry}-note": note})


def _post_api(app, world, **body):
    headers = {"Authorization": "Bearer " + make_token(app, "deo")}
    return app.test_client().post(f"/api/v1/decisions/{world['decision']}/status",
                                  headers=headers,
                                  json={"party": DEO, "status": "implemented", **body})


def _nothing_stored(app, world) -> None:
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 0
        a = db.session.get(Assignment, world["assignment"])
        assert (a.status, a.status_note, a.status_on) == ("pending", "", None)


@pytest.mark.parametrize("bad", ["1990-01-01", "2022-03-13", "tomorrow"])
def test_a_bad_date_is_refused_alike_at_the_form_the_review_and_the_api(app, world, bad):
    bad = dhaka_today() + timedelta(days=1) if bad == "tomorrow" else date.fromisoformat(bad)
    message = _date_message(bad)

    web = _post_web(app, world, note="ফর্মে লেখা মন্তব্য", on=bad.isoformat())
    assert web.status_code == 400
    html = web.get_data(as_text=True)
    assert message in html and "ফর্মে লেখা মন্তব্য" in html  # the form is kept

    review = _post_review(app, world, held_on=bad)
    assert review.status_code == 400
    html = review.get_data(as_text=True)
    assert f"সিদ্ধান্ত ২.১ ({DEO}): {message}" in html
    assert "পর্যালোচনায় জানানো অগ্রগতি" in html  # the typed values are kept

    api = _post_api(app, world, note="", on=bad.isoformat())
    assert api.status_code == 400
    assert api.get_json()["details"] == [{"path": "on", "message": message}]
    _nothing_stored(app, world)


def test_the_meeting_day_and_today_are_accepted(app, world):
    assert _post_api(app, world, on="২০২২-০৩-১৪").status_code == 200
    assert _post_web(app, world, on=dhaka_today().isoformat()).status_code == 302
    with app.app_context():
        a = db.session.get(Assignment, world["assignment"])
        assert a.status_on == dhaka_today()


@pytest.mark.parametrize("note", ["ঠিক\x00আছে", "ঠিক\x1bআছে", "ঠিক\x0bআছে"])
def test_a_control_character_in_the_note_is_400_at_each_entry_point(app, world, note):
    message = "মন্তব্যে অগ্রহণযোগ্য নিয়ন্ত্রণ অক্ষর আছে (যেমন NUL); লেখাটি আবার টাইপ করুন"
    web = _post_web(app, world, note=note, on="2022-04-01")
    assert web.status_code == 400 and message in web.get_data(as_text=True)
    review = _post_review(app, world, note=note)
    assert review.status_code == 400 and message in review.get_data(as_text=True)
    api = _post_api(app, world, note=note, on="2022-04-01")
    assert api.status_code == 400
    assert api.get_json()["details"] == [{"path": "note", "message": message}]
    _nothing_stored(app, world)


def test_tabs_and_line_breaks_are_kept_out_of_the_way_not_refused(app, world):
    assert _post_web(app, world, note="কাজ\r\nচলছে\tভালো", on="2022-04-01").status_code == 302
    assert _post_api(app, world, note="আরও\nকাজ", on="2022-04-02").status_code == 200
    with app.app_context():
        rows = history([world["assignment"]])[world["assignment"]]
        assert [r.note for r in rows] == ["আরও কাজ", "কাজ চলছে ভালো"]


def test_the_note_limit_is_the_same_everywhere(app, world):
    message = "মন্তব্য সর্বোচ্চ ৫০০০ অক্ষরের হতে পারে; এখানে ৫০০১ অক্ষর"
    web = _post_web(app, world, note="ক" * 5001, on="2022-04-01")
    assert web.status_code == 400 and message in web.get_data(as_text=True)
    api = _post_api(app, world, note="ক" * 5001, on="2022-04-01")
    assert api.get_json()["details"] == [{"path": "note", "message": message}]
    _nothing_stored(app, world)
    assert _post_api(app, world, note="ক" * 5000, on="2022-04-01").status_code == 200


def test_the_api_names_a_bad_status(app, world):
    response = _post_api(app, world, status="done", on="2022-04-01")
    assert response.status_code == 400
    [problem] = response.get_json()["details"]
    assert problem["path"] == "status" and "implemented (বাস্তবায়িত)" in problem["message"]
    _nothing_stored(app, world)


# -- B: back and next stay on the site ------------------------------------------------

@pytest.mark.parametrize("target, followed", [
    ("/followup/", True),
    ("/followup/?office_id=3&page=2", True),
    ("//evil.example", False),
    ("https://evil.example", False),
    ("/\\evil", False),
    ("/\t/evil.example", False),
    ("\\\\evil.example", False),
    ("javascript:alert(1)", False),
    ("evil.example", False),
    ("", False),
    (None, False),
])
def test_safe_redirect(target, followed):
    from committee.redirects import safe_redirect

    assert safe_redirect(target, "/home") == (target if followed else "/home")


@pytest.mark.parametrize("back", ["//evil.example", "https://evil.example", "/\\evil"])
def test_the_follow_up_form_does_not_redirect_off_site(app, world, back):
    response = _post_web(app, world, on="2022-04-01", back=back)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/followup/assignments/{world['assignment']}"


def test_the_follow_up_form_returns_to_the_dashboard(app, world):
    response = _post_web(app, world, on="2022-04-01", back="/followup/")
    assert (response.status_code, response.headers["Location"]) == (302, "/followup/")


@pytest.mark.parametrize("target, location", [
    ("/followup/", "/followup/"), ("//evil.example", "/"), ("https://evil.example", "/"),
    ("/\\evil", "/")])
def test_login_next_stays_on_site(app, users, target, location):
    from urllib.parse import quote

    from tests.conftest import PASSWORD

    client = app.test_client()
    response = client.post(f"/login?next={quote(target)}", data={
        "username": "sec", "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert (response.status_code, response.headers["Location"]) == (302, location)
    # An office user's own home (its decisions) is the fallback for them.
    office = app.test_client()
    response = office.post(f"/login?next={quote(target)}", data={
        "username": "deo", "password": PASSWORD, "csrf_token": csrf_token(office)})
    assert response.headers["Location"] == (location if location != "/" else "/followup/")


# -- D: the answer is built before the commit -----------------------------------------

@pytest.fixture
def drop_after_commit(app):
    """Every statement after a commit fails, as when the connection drops right then.
    (Bookkeeping on a connection of its own, such as an API token's last use, may try
    and give up; the answer must not depend on any of it.)"""
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    state = {"armed": False, "committed": 0, "after": []}

    def after_commit(session):
        if state["armed"]:
            state["committed"] += 1

    def before_cursor_execute(conn, cursor, statement, parameters, *args):
        if state["committed"]:
            state["after"].append(statement)
            raise OperationalError(statement, parameters, Exception("connection dropped"))

    with app.app_context():
        engine = db.engine
    event.listen(Session, "after_commit", after_commit)
    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    yield state
    event.remove(engine, "before_cursor_execute", before_cursor_execute)
    event.remove(Session, "after_commit", after_commit)


def test_answers_need_no_query_after_the_commit(app, world, drop_after_commit):
    headers = {"Authorization": "Bearer " + make_token(app, "deo")}
    api = app.test_client()
    page = f"/followup/assignments/{world['assignment']}"
    web, token = _web_client(app, "deo", page)
    review_page = f"/meetings/{world['second']}/review"
    review, review_token = _web_client(app, "sec", review_page)

    drop_after_commit["armed"] = True
    response = api.post(f"/api/v1/decisions/{world['decision']}/status", headers=headers,
                        json={"party": DEO, "status": "in_progress", "note": "চলছে",
                              "on": "2022-04-01"})
    assert response.status_code == 200
    [party] = [p for p in response.get_json()["parties"] if p["party"] == DEO]
    assert (party["status"], party["note"], party["on"]) == ("in_progress", "চলছে",
                                                             "2022-04-01")
    drop_after_commit["committed"] = 0

    response = web.post(page, data={"csrf_token": token, "status": "implemented",
                                     "on": "2022-04-02", "back": "/followup/"})
    assert (response.status_code, response.headers["Location"]) == (302, "/followup/")
    drop_after_commit["committed"] = 0

    entry = world["entry"]
    response = review.post(review_page, data={"csrf_token": review_token,
                                              f"entry-{entry}-status": "dropped",
                                              f"entry-{entry}-note": "প্রয়োজন নেই"})
    assert (response.status_code, response.headers["Location"]) == (302, review_page)
    drop_after_commit.update(armed=False, committed=0)
    with app.app_context():
        assert [r.status for r in history([world["assignment"]])[world["assignment"]]] == [
            "dropped", "implemented", "in_progress"]
