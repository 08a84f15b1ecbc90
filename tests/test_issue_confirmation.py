"""No irreversible mistake: issuing shows a confirmation page first (the memo number it will
take, both dates, the signatory, the recipients, the first page as printed); the number
issued is the one shown; dates that cannot be right are refused in the form and the API;
follow-ups cannot predate their meeting."""
from __future__ import annotations

import copy
import datetime
import re

from sqlalchemy import select

from committee import clock
from committee.extensions import db
from committee.models import Assignment, AuditEntry, Decision, Meeting
from tests.conftest import csrf_token, import_magura, login, make_token

FILE_BN = "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০"


def _draft(app, magura_doc, held_on="2022-04-11") -> int:
    doc = copy.deepcopy(magura_doc)
    doc.pop("issue")
    doc["meeting"]["held_on"] = held_on
    return import_magura(app, doc)


def _signed_in(app, user="sec"):
    client = app.test_client()
    login(client, user)
    return client


def _form(client, meeting_id, **fields) -> dict:
    return {"csrf_token": csrf_token(client, f"/meetings/{meeting_id}/issue"),
            "memo_date": "২০/০৪/২০২২", "signatory_name": "", "signatory_designation": "",
            **fields}


def _issued(app, meeting_id):
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        return meeting.memo_serial, meeting.status


def _audit_count(app, action) -> int:
    with app.app_context():
        return len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action))
                   .all())


def test_confirmation_page_shows_what_will_be_issued_and_stores_nothing(app, users, magura_doc):
    import_magura(app, magura_doc)  # the file has reached serial 9
    draft = _draft(app, magura_doc)
    client = _signed_in(app)
    page = client.post(f"/meetings/{draft}/issue", data=_form(
        client, draft, signatory_name="মোঃ করিম", signatory_designation="প্রোগ্রামার"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "জারি নিশ্চিত করুন" in html
    # The number it will take, as on the letter; the date in both calendars.
    assert re.search(r'id="confirm-memo-number">' + re.escape(FILE_BN + ".১০") + "<", html)
    assert "৭ বৈশাখ ১৪২৯" in html and "২০ এপ্রিল ২০২২" in html
    assert "2022-04-20" not in html
    assert "মোঃ করিম, প্রোগ্রামার" in html
    # The recipients: the last minutes' six and the parties of these decisions.
    count = re.search(r'id="confirm-recipients">([০-৯]+) জন', html).group(1)
    assert count != "০"
    # The first page as it will print: the memo number and date inside the paper, no
    # "draft" mark, the title and the chair.
    paper = html[html.index('id="first-page"'):]
    assert FILE_BN + ".১০" in paper and "খসড়া" not in paper
    assert "ড. আশরাফুল আলম" in paper and "মোঃ করিম" in paper
    # The confirm button carries the serial it showed.
    assert 'name="expected_serial" value="10"' in html
    assert _issued(app, draft) == (None, "draft") and _audit_count(app, "issue") == 0


def test_confirm_issues_with_the_number_shown(app, users, magura_doc):
    import_magura(app, magura_doc)
    draft = _draft(app, magura_doc)
    client = _signed_in(app)
    done = client.post(f"/meetings/{draft}/issue", data=_form(
        client, draft, confirm="y", expected_serial="10", step="issue"))
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/meetings/{draft}")
    assert _issued(app, draft) == (10, "issued")
    html = client.get(f"/meetings/{draft}").get_data(as_text=True)
    assert FILE_BN + ".১০" in html


def test_a_number_taken_meanwhile_shows_the_page_again(app, users, magura_doc):
    from committee.documents.service import issue_notice

    import_magura(app, magura_doc)
    draft = _draft(app, magura_doc)
    other = _draft(app, magura_doc, "2022-05-09")
    client = _signed_in(app)
    shown = client.post(f"/meetings/{draft}/issue", data=_form(client, draft))
    assert 'name="expected_serial" value="10"' in shown.get_data(as_text=True)
    with app.app_context():  # another officer issues a notice: it takes serial 10
        issue_notice(db.session.get(Meeting, other), datetime.date(2022, 5, 1))
    again = client.post(f"/meetings/{draft}/issue", data=_form(
        client, draft, confirm="y", expected_serial="10", step="issue"))
    html = again.get_data(as_text=True)
    assert again.status_code == 409
    assert f"স্মারক নম্বর {FILE_BN}.১০ এর মধ্যে অন্য একটি পত্র নিয়েছে" in html
    assert re.search(r'id="confirm-memo-number">' + re.escape(FILE_BN + ".১১") + "<", html)
    assert 'name="expected_serial" value="11"' in html
    assert _issued(app, draft) == (None, "draft")
    done = client.post(f"/meetings/{draft}/issue", data=_form(
        client, draft, confirm="y", expected_serial="11", step="issue"))
    assert done.status_code == 302 and _issued(app, draft) == (11, "issued")


def test_back_returns_to_the_form_with_everything_kept(app, users, magura_doc):
    draft = _draft(app, magura_doc)
    client = _signed_in(app)
    back = client.post(f"/meetings/{draft}/issue", data=_form(
        client, draft, memo_date="২১/০৪/২০২২", signatory_name="মোঃ করিম",
        signatory_designation="সহকারী প্রোগ্রামার", confirm="y", expected_serial="1",
        step="back"))
    html = back.get_data(as_text=True)
    assert back.status_code == 200 and "কার্যবিবরণী জারি করুন" in html
    assert 'value="২১/০৪/২০২২"' in html and 'value="মোঃ করিম"' in html
    assert 'value="সহকারী প্রোগ্রামার"' in html
    assert _issued(app, draft) == (None, "draft")


def test_memo_date_rules_hold_in_the_form(app, users, magura_doc):
    draft = _draft(app, magura_doc)
    client = _signed_in(app)
    early = client.post(f"/meetings/{draft}/issue", data=_form(
        client, draft, memo_date="১০/০৪/২০২২", confirm="y"))
    html = early.get_data(as_text=True)
    assert early.status_code == 400
    assert "স্মারকের তারিখ (১০/০৪/২০২২) সভার তারিখ (১১/০৪/২০২২) এর আগে হতে পারে না" in html
    assert 'value="১০/০৪/২০২২"' in html  # kept as typed, next to its field
    far = clock.today() + datetime.timedelta(days=31)
    late = client.post(f"/meetings/{draft}/issue", data=_form(
        client, draft, memo_date=far.isoformat()))
    assert late.status_code == 400 and "৩০ দিনের বেশি পরে" in late.get_data(as_text=True)
    assert _issued(app, draft) == (None, "draft")


def test_memo_date_rules_hold_in_the_api(app, users, magura_doc):
    draft = _draft(app, magura_doc)
    token = make_token(app, "sec")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for memo_date in ("2022-04-10", (clock.today() + datetime.timedelta(days=31)).isoformat()):
        r = client.post(f"/api/v1/meetings/{draft}/issue", json={"memo_date": memo_date},
                        headers=headers)
        assert r.status_code == 400 and r.get_json()["details"][0]["path"] == "memo_date"
    assert _issued(app, draft) == (None, "draft")
    ok = client.post(f"/api/v1/meetings/{draft}/issue", json={"memo_date": "2022-04-11"},
                     headers=headers)
    assert ok.status_code == 200 and ok.get_json()["memo_serial"] == 1


def test_a_meeting_not_yet_held_cannot_be_issued(app, users, magura_doc):
    ahead = clock.today() + datetime.timedelta(days=3)
    draft = _draft(app, magura_doc, ahead.isoformat())
    client = _signed_in(app)
    form_page = client.get(f"/meetings/{draft}/issue").get_data(as_text=True)
    assert "সভা এখনো অনুষ্ঠিত হয়নি" in form_page
    refused = client.post(f"/meetings/{draft}/issue", data=_form(
        client, draft, memo_date=ahead.isoformat()))
    assert refused.status_code == 400
    assert "সভা অনুষ্ঠিত হওয়ার আগে কার্যবিবরণী জারি করা যায় না" in refused.get_data(as_text=True)
    direct = client.post(f"/meetings/{draft}/issue", data=_form(
        client, draft, memo_date=ahead.isoformat(), confirm="y"))
    assert direct.status_code == 400
    api = app.test_client().post(f"/api/v1/meetings/{draft}/issue", json={},
                                 headers={"Authorization": f"Bearer {make_token(app, 'sec')}"})
    assert api.status_code == 400 and "অনুষ্ঠিত হওয়ার আগে" in api.get_json()["details"][0]["message"]
    assert _issued(app, draft) == (None, "draft")


def test_confirmation_is_the_district_secretarys(app, users, magura_doc):
    draft = _draft(app, magura_doc)
    for user in ("sec_b", "viewer", "deo"):
        client = _signed_in(app, user)
        r = client.post(f"/meetings/{draft}/issue", data={
            "csrf_token": csrf_token(client, "/"), "memo_date": "২০/০৪/২০২২"})
        assert r.status_code == 403
    client = _signed_in(app)
    r = client.post(f"/meetings/{draft}/issue", data={"memo_date": "২০/০৪/২০২২"})
    assert r.status_code == 400  # no CSRF token: nothing shown, nothing issued
    assert _issued(app, draft) == (None, "draft")


def _assignment(app, number="2.1", office="জেলা শিক্ষা অফিসার") -> tuple[int, int]:
    item, position = (int(x) for x in number.split("."))
    with app.app_context():
        decision = db.session.scalars(select(Decision).where(
            Decision.position == position, Decision.item.has(position=item))).first()
        assignment = next(a for a in decision.assignments if a.party == office)
        return decision.id, assignment.id


def test_follow_up_dates_may_not_predate_the_meeting(app, users, magura_doc):
    import_magura(app, magura_doc)  # held 14/03/2022
    decision_id, assignment_id = _assignment(app)
    client = _signed_in(app, "deo")
    r = client.post(f"/followup/assignments/{assignment_id}", data={
        "csrf_token": csrf_token(client, "/followup/"), "status": "implemented",
        "note": "চালু", "on": "১৩/০৩/২০২২"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "তারিখ (১৩/০৩/২০২২) সিদ্ধান্তের সভার তারিখের (১৪/০৩/২০২২) আগে হতে পারে না" in html
    api = app.test_client().post(
        f"/api/v1/decisions/{decision_id}/status",
        json={"party": "জেলা শিক্ষা অফিসার", "status": "implemented", "on": "2022-03-13"},
        headers={"Authorization": f"Bearer {make_token(app, 'deo')}"})
    assert api.status_code == 400 and api.get_json()["details"][0]["path"] == "on"
    with app.app_context():
        assert db.session.get(Assignment, assignment_id).status != "implemented"
    ok = client.post(f"/followup/assignments/{assignment_id}", data={
        "csrf_token": csrf_token(client, "/followup/"), "status": "implemented",
        "note": "চালু", "on": "১৪/০৩/২০২২"})
    assert ok.status_code == 302
