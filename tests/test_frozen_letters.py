"""Issued letters are frozen: their bytes, their number and the meeting they record.

Issue 12's acceptance path: the Magura minutes imported, a draft issued; then the
committee's header, its members and the directory edited and every state-changing route
that takes a meeting id tried on the issued minutes: the issued DOCX keeps its SHA-256 and
the exported meeting is unchanged. Corrigenda are letters of their own (DOCX, print view,
API) citing the minutes' memo number and date.
"""
from __future__ import annotations

import copy
import hashlib
import io
import json
import re
from datetime import date

import pytest
from docx import Document
from sqlalchemy import delete, select

from committee.extensions import db
from committee.models import AuditEntry, Letter, Meeting, Office
from tests.conftest import import_magura, login, make_token
from tests.documents_helpers import docx_lines
from tests.meeting_forms import flat

MAGURA_MEMO = "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯"
MAGURA_DATE = "২৪ চৈত্র ১৪২৮ / ০৭ এপ্রিল ২০২২"


def _draft(app, magura_doc, held_on="2022-04-11") -> int:
    doc = copy.deepcopy(magura_doc)
    doc.pop("issue")
    doc["meeting"]["held_on"] = held_on
    return import_magura(app, doc)


def _issue(app, meeting_id: int, memo_date=date(2022, 4, 20)) -> int:
    """Issue the minutes; returns the letter's id."""
    from committee.documents.service import issue_minutes

    with app.app_context():
        return issue_minutes(db.session.get(Meeting, meeting_id), memo_date).id


def _stored(app, letter_id: int) -> tuple[bytes, str]:
    with app.app_context():
        letter = db.session.get(Letter, letter_id)
        return letter.docx, letter.sha256


def _export(app, meeting_id: int) -> dict:
    from committee.interchange import export_meeting
    from committee.meetings.service import load_meeting

    with app.app_context():
        return export_meeting(load_meeting(meeting_id, for_edit=True))


def _edit_everything_around(app, meeting_id: int) -> None:
    """Change the committee's header, members and directory after the issue."""
    from committee.models import Member

    with app.app_context():
        committee = db.session.get(Meeting, meeting_id).committee
        committee.office_header = ["গণপ্রজাতন্ত্রী বাংলাদেশ সরকার", "নতুন দপ্তরের নাম"]
        committee.name = committee.name  # the identity stays; the header changes
        committee.members.append(Member(position=9, name="নতুন সদস্য-সচিব",
                                        designation="জেলা আইসিটি অফিসার",
                                        role="member_secretary"))
        for office in db.session.scalars(select(Office).where(
                Office.district_id == committee.district_id)):
            office.name = office.name + " (নতুন)"
        db.session.commit()


# -- frozen at issue ----------------------------------------------------------------------

def test_issued_minutes_keep_their_bytes_after_every_edit_and_route(app, users, magura_doc):
    import_magura(app, magura_doc)
    draft = _draft(app, magura_doc)
    letter_id = _issue(app, draft)
    data, sha = _stored(app, letter_id)
    assert sha == hashlib.sha256(data).hexdigest()
    before_json = _export(app, draft)

    client = app.test_client()
    login(client, "sec")
    first = client.get(f"/meetings/{draft}/minutes.docx")
    assert first.data == data

    _edit_everything_around(app, draft)
    app.config["WTF_CSRF_ENABLED"] = False
    token = make_token(app, "sec")
    answers = {}
    for rule in app.url_map.iter_rules():
        if "meeting_id" not in rule.arguments or not rule.methods & {"POST", "PUT", "DELETE"}:
            continue
        url = re.sub(r"<int:meeting_id>", str(draft), rule.rule)
        if rule.endpoint.startswith("api."):
            body = {"corrections": [{"ref": "২.১", "now": "নতুন লেখা"}]} \
                if rule.endpoint == "api.corrigendum" else {"memo_date": "2022-05-01"}
            response = client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
        else:
            body = {**flat(held_on="2022-04-11"), "memo_date": "2022-05-01", "confirm": "y",
                    "note": "x", "text": ["জেলা প্রশাসক"], "tag": ["action"],
                    "ref": ["২.১"], "now": ["নতুন লেখা"]}
            response = client.post(url, data=body)
        answers[rule.endpoint] = response.status_code

    # Only the corrigendum (a new letter) and the idempotent issue go through.
    assert answers.pop("documents.corrigendum") == 302
    assert answers.pop("api.corrigendum") == 201
    assert answers.pop("documents.issue") == 302  # "already issued", nothing changes
    assert answers.pop("api.issue_meeting") == 200
    assert answers and set(answers.values()) == {409}, answers

    assert _stored(app, letter_id) == (data, sha)
    assert client.get(f"/meetings/{draft}/minutes.docx").data == data
    api = app.test_client().get(f"/api/v1/letters/{letter_id}.docx",
                                headers={"Authorization": f"Bearer {token}"})
    assert hashlib.sha256(api.data).hexdigest() == sha
    after_json = _export(app, draft)
    assert (after_json["meeting"], after_json["issue"]) == \
        (before_json["meeting"], before_json["issue"])
    # The header printed in the issued minutes is the one they were issued with.
    lines = docx_lines(data)
    assert "নতুন দপ্তরের নাম" not in lines
    assert magura_doc["committee"]["office_header"][1] in lines


def test_refusals_speak_bangla_on_the_web_and_in_the_api(app, users, magura_doc):
    issued = import_magura(app, magura_doc)
    client = app.test_client()
    login(client, "sec")
    app.config["WTF_CSRF_ENABLED"] = False
    page = client.post(f"/meetings/{issued}/review/attach")
    assert page.status_code == 409 and "সংশোধনী পত্র জারি করুন" in page.get_data(as_text=True)
    token = make_token(app, "sec")
    with app.app_context():
        entries = db.session.scalar(select(db.func.count()).select_from(AuditEntry))
    response = client.post(f"/api/v1/meetings/{issued}/corrigendum", json={"corrections": []},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert response.get_json()["details"][0]["message"] == "অন্তত একটি সংশোধনী লিখুন"
    with app.app_context():  # a refused attach writes nothing, not even to the audit log
        assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)) == entries


def test_attaching_the_review_to_a_draft_is_audited(app, users, magura_doc):
    import_magura(app, magura_doc)
    draft = _draft(app, magura_doc)
    with app.app_context():  # the import attached the review: start from none
        from committee.models import ReviewEntry

        db.session.execute(delete(ReviewEntry).where(ReviewEntry.meeting_id == draft))
        db.session.commit()
    client = app.test_client()
    login(client, "sec")
    app.config["WTF_CSRF_ENABLED"] = False
    assert client.post(f"/meetings/{draft}/review/attach").status_code == 302
    with app.app_context():
        [entry] = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "attach_review", AuditEntry.object_id == draft)).all()
        assert entry.changes["review_entries"][1] > 0


def test_issue_audit_entry_and_meeting_page_carry_the_hash(app, users, magura_doc):
    import_magura(app, magura_doc)
    draft = _draft(app, magura_doc)
    letter_id = _issue(app, draft)
    _, sha = _stored(app, letter_id)
    with app.app_context():
        [entry] = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "issue", AuditEntry.object_id == draft)).all()
        assert entry.changes["sha256"] == [None, sha]
    _edit_everything_around(app, draft)
    client = app.test_client()
    login(client, "viewer")
    page = client.get(f"/meetings/{draft}").get_data(as_text=True)
    assert sha in page
    # The page shows the minutes as issued, not the committee's header as it is now.
    assert "নতুন দপ্তরের নাম" not in page
    assert magura_doc["committee"]["office_header"][1] in page
    printed = client.get(f"/meetings/{draft}/print").get_data(as_text=True)
    assert "নতুন দপ্তরের নাম" not in printed and "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.১০" in printed


def test_drafts_keep_rendering_live(app, users, magura_doc):
    import_magura(app, magura_doc)
    draft = _draft(app, magura_doc)
    client = app.test_client()
    login(client, "sec")
    before = docx_lines(client.get(f"/meetings/{draft}/minutes.docx").data)
    _edit_everything_around(app, draft)
    after = docx_lines(client.get(f"/meetings/{draft}/minutes.docx").data)
    assert "নতুন দপ্তরের নাম" not in before and "নতুন দপ্তরের নাম" in after


def test_a_letter_issued_before_freezing_is_frozen_on_first_download(app, users, magura_doc):
    issued = import_magura(app, magura_doc)  # imported as issued: no frozen bytes yet
    with app.app_context():
        letter = db.session.get(Meeting, issued).minutes_letter
        assert letter.sha256 is None
        letter_id = letter.id
    token = make_token(app, "viewer")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    first = client.get(f"/api/v1/letters/{letter_id}.docx", headers=headers).data
    _edit_everything_around(app, issued)
    second = client.get(f"/api/v1/meetings/{issued}/minutes.docx", headers=headers).data
    assert first == second
    listed = client.get(f"/api/v1/meetings/{issued}/letters", headers=headers).get_json()
    assert listed["letters"][0]["sha256"] == hashlib.sha256(first).hexdigest()


def test_backup_and_restore_carry_the_frozen_bytes(app, users, magura_doc, tmp_path):
    """The bytes live in the database, which `flask backup` copies (SQLite online copy)."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("pg_dump round trip is covered by tests/test_backup.py")
    import sqlite3

    import_magura(app, magura_doc)
    draft = _draft(app, magura_doc)
    letter_id = _issue(app, draft)
    data, sha = _stored(app, letter_id)
    target = tmp_path / "copy.db"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as conn:
        stored = conn.execute("SELECT docx, sha256 FROM letters WHERE id = ?",
                              (letter_id,)).fetchone()
    assert stored == (data, sha)


# -- the corrigendum is a letter ----------------------------------------------------------

def test_corrigendum_of_the_magura_minutes_cites_them(app, users, magura_doc):
    issued = import_magura(app, magura_doc)
    token = make_token(app, "sec")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    response = client.post(f"/api/v1/meetings/{issued}/corrigendum", headers=headers, json={
        "corrections": [{"ref": "২.১", "now": "সপ্তাহে দুই দিন অনলাইনে ক্লাস পরিচালনা করতে হবে।"},
                        {"ref": "6", "was": "পুরনো লেখা", "now": "নতুন লেখা"}],
        "memo_date": "2022-04-20"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["kind"] == "corrigendum" and body["memo_number"] == "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.১০"
    data = client.get(f"/api/v1/letters/{body['id']}.docx", headers=headers).data
    assert hashlib.sha256(data).hexdigest() == body["sha256"]
    text = "\n".join(docx_lines(data))
    assert MAGURA_MEMO in text and MAGURA_DATE in text
    assert "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.১০" in text  # its own number
    assert "কার্যবিবরণীর অন্যান্য অংশ অপরিবর্তিত থাকবে।" in text
    assert "সপ্তাহে দুই দিন অনলাইনে" in text
    # "what it said" is quoted from the issued minutes when left out
    said = magura_doc["meeting"]["items"][1]["decisions"][0]["text"]
    assert said.split()[0] in text and "পুরনো লেখা" in text
    # Sent to the minutes' distribution list by default
    assert magura_doc["issue"]["distribution"][0] in text
    listed = client.get(f"/api/v1/meetings/{issued}/letters", headers=headers).get_json()
    assert [(x["kind"], x["memo_number"]) for x in listed["letters"]] == [
        ("minutes", MAGURA_MEMO), ("corrigendum", body["memo_number"])]
    # The core properties name the letter, its office and its issue time.
    core = Document(io.BytesIO(data)).core_properties
    assert "সংশোধনী" in core.title and core.author and core.created.year >= 2022


def test_corrigendum_print_view_and_web_form(app, users, magura_doc):
    issued = import_magura(app, magura_doc)
    client = app.test_client()
    login(client, "sec")
    app.config["WTF_CSRF_ENABLED"] = False
    form = client.get(f"/meetings/{issued}/corrigendum").get_data(as_text=True)
    assert MAGURA_MEMO in form and 'name="ref"' in form
    done = client.post(f"/meetings/{issued}/corrigendum", data={
        "ref": ["৩.১", ""], "was": ["", ""], "now": ["<b>নতুন</b> & লেখা", ""],
        "memo_date": "২০২২-০৪-২০"})
    assert done.status_code == 302, done.get_data(as_text=True)
    with app.app_context():
        letter = db.session.scalars(select(Letter).where(Letter.kind == "corrigendum")).one()
        letter_id = letter.id
    printed = client.get(f"/letters/{letter_id}/print").get_data(as_text=True)
    assert MAGURA_MEMO in printed and "&lt;b&gt;নতুন&lt;/b&gt; &amp; লেখা" in printed
    assert client.get(f"/letters/{letter_id}.docx").status_code == 200
    page = client.get(f"/meetings/{issued}").get_data(as_text=True)
    assert f"/letters/{letter_id}.docx" in page
    app.config["WTF_CSRF_ENABLED"] = True
    other = app.test_client()
    login(other, "sec_b")
    assert other.get(f"/letters/{letter_id}.docx").status_code == 403
    assert other.get(f"/letters/{letter_id}/print").status_code == 403


def test_corrigendum_of_a_draft_is_refused(app, users, magura_doc):
    draft = _draft(app, magura_doc)
    token = make_token(app, "sec")
    response = app.test_client().post(
        f"/api/v1/meetings/{draft}/corrigendum", json={"corrections": [{"now": "x"}]},
        headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 409 and "খসড়া" in response.get_json()["error"]


# -- what the minutes print ---------------------------------------------------------------

def test_review_is_grouped_by_decision_and_due_dates_print(app, users, magura_doc):
    from committee.documents.render import render_minutes
    from committee.followup.review import attach_review

    doc = copy.deepcopy(magura_doc)
    doc["meeting"]["items"][1]["decisions"][0]["due_on"] = "2022-04-30"
    import_magura(app, doc)
    second = _draft(app, doc, held_on="2022-04-14")
    with app.app_context():
        meeting = db.session.get(Meeting, second)
        attach_review(meeting)
        db.session.commit()
        data = render_minutes(meeting)
    text = "\n".join(docx_lines(data))
    assert "২.১। " in text and "(সময়সীমা: ৩০/০৪/২০২২)" in text
    document = Document(io.BytesIO(data))
    [review] = [t for t in document.tables if t.rows[0].cells[0].text == "সিদ্ধান্ত"]
    agenda = [t for t in document.tables if t.rows[0].cells[0].text == "আলোচনা"]
    assert agenda and review._tbl is not agenda[0]._tbl
    first_cells = [row.cells[0].text for row in review.rows[1:]]
    assert len(first_cells) == len(set(first_cells))  # one row per decision
    statuses = "\n".join(row.cells[-1].text for row in review.rows[1:])
    assert re.search(r"উপজেলা নির্বাহী অফিসার \(সকল\): [০-৯]+/[০-৯]+ বাস্তবায়িত", statuses)


def test_decision_punctuation_is_a_committee_setting(app, users, magura_doc):
    from committee.documents.render import render_minutes

    draft = _draft(app, magura_doc)
    with app.app_context():
        meeting = db.session.get(Meeting, draft)
        meeting.committee.decision_suffix = "."
        db.session.commit()
        text = "\n".join(docx_lines(render_minutes(meeting)))
    assert "২.১. " in text and "২.১। " not in text


def test_api_letters_answers_403_and_404(app, users, magura_doc):
    issued = import_magura(app, magura_doc)
    other = {"Authorization": "Bearer " + make_token(app, "sec_b")}
    client = app.test_client()
    assert client.get(f"/api/v1/meetings/{issued}/letters", headers=other).status_code == 403
    with app.app_context():
        letter_id = db.session.get(Meeting, issued).minutes_letter_id
    assert client.get(f"/api/v1/letters/{letter_id}.docx", headers=other).status_code == 403
    mine = {"Authorization": "Bearer " + make_token(app, "viewer")}
    assert client.get("/api/v1/letters/99999.docx", headers=mine).status_code == 404
    assert client.get(f"/api/v1/letters/{letter_id}.docx").status_code == 401
    assert json.loads(client.get(f"/api/v1/meetings/{issued}/letters",
                                 headers=mine).data)["letters"][0]["kind"] == "minutes"
