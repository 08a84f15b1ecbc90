"""Only the secretary or an admin drops a decision; an office asks, with its reason, and
the request shows on the secretary's overview (issue 15, item 4)."""
from __future__ import annotations

from sqlalchemy import select

from committee.extensions import db
from committee.models import Assignment, AuditEntry, Decision, Office
from tests.conftest import csrf_token, import_magura, login, make_token
from tests.test_api_decisions import _decision_id

DEO = "জেলা শিক্ষা অফিসার"


def _deo_assignment(app, number: str = "2.1") -> int:
    decision = _decision_id(app, number)
    with app.app_context():
        return db.session.scalar(select(Assignment.id).where(
            Assignment.decision_id == decision, Assignment.party == DEO))


def _state(app, assignment_id: int) -> tuple:
    with app.app_context():
        a = db.session.get(Assignment, assignment_id)
        return a.status, a.drop_requested_on is not None, a.drop_request_note


def test_an_office_cannot_drop_its_decision_by_api_or_form(app, users):
    import_magura(app)
    assignment = _deo_assignment(app)
    api = app.test_client().post(
        f"/api/v1/decisions/{_decision_id(app, '2.1')}/status",
        json={"party": DEO, "status": "dropped", "note": "প্রয়োজন নেই"},
        headers={"Authorization": "Bearer " + make_token(app, "deo")})
    assert api.status_code == 400
    assert "শুধু সদস্য-সচিব বা অ্যাডমিন" in api.get_json()["details"][0]["message"]
    client = app.test_client()
    login(client, "deo")
    page = client.get(f"/followup/assignments/{assignment}").get_data(as_text=True)
    assert 'value="dropped"' not in page and "বাদ দেওয়ার অনুরোধ" in page
    url = f"/followup/assignments/{assignment}"
    form = client.post(url, data={"status": "dropped", "csrf_token": csrf_token(client, url)})
    assert form.status_code == 400
    assert _state(app, assignment) == ("pending", False, None)


def test_an_office_asks_and_the_secretary_decides(app, users):
    import_magura(app)
    assignment = _deo_assignment(app)
    client = app.test_client()
    login(client, "deo")
    url = f"/followup/assignments/{assignment}"
    empty = client.post(f"{url}/drop-request", data={"reason": "  ",
                                                     "csrf_token": csrf_token(client, url)})
    assert empty.status_code == 400 and "সংক্ষেপে লিখুন" in empty.get_data(as_text=True)
    done = client.post(f"{url}/drop-request", data={
        "reason": "প্রকল্পটি মন্ত্রণালয় বাতিল করেছে", "csrf_token": csrf_token(client, url)})
    assert done.status_code == 302
    assert _state(app, assignment) == ("pending", True, "প্রকল্পটি মন্ত্রণালয় বাতিল করেছে")
    with app.app_context():
        assert db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "drop_request")) is not None
    # The secretary's overview lists the request; another district's does not.
    secretary = app.test_client()
    login(secretary, "sec")
    overview = secretary.get("/followup/").get_data(as_text=True)
    assert "বাদ দেওয়ার অনুরোধ (১)" in overview and "প্রকল্পটি মন্ত্রণালয় বাতিল করেছে" in overview
    other = app.test_client()
    login(other, "sec_b")
    assert "প্রকল্পটি মন্ত্রণালয়" not in other.get("/followup/").get_data(as_text=True)
    # The secretary drops it: the request is settled.
    dropped = secretary.post(url, data={"status": "dropped", "note": "কমিটির সিদ্ধান্তে",
                                        "csrf_token": csrf_token(secretary, url)})
    assert dropped.status_code == 302
    assert _state(app, assignment) == ("dropped", False, None)
    assert "বাদ দেওয়ার অনুরোধ (" not in secretary.get("/followup/").get_data(as_text=True)


def test_only_an_office_user_may_ask_and_only_for_its_own(app, users):
    import_magura(app)
    assignment = _deo_assignment(app)
    civil = app.test_client()
    login(civil, "civil")
    url = f"/followup/assignments/{assignment}"
    response = civil.post(f"{url}/drop-request", data={
        "reason": "x", "csrf_token": csrf_token(civil, "/followup/")})
    assert response.status_code == 403
    secretary = app.test_client()
    login(secretary, "sec")
    response = secretary.post(f"{url}/drop-request", data={
        "reason": "x", "csrf_token": csrf_token(secretary, url)})
    assert response.status_code == 403  # the secretary drops it, not asks
    assert _state(app, assignment) == ("pending", False, None)
    with app.app_context():
        assert db.session.scalar(select(Office.id).where(Office.name == DEO)
                                 .order_by(Office.id)) is not None
        assert db.session.get(Decision, _decision_id(app, "2.1")) is not None
