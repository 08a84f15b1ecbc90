"""One meeting per committee and date (issue 16): the editor, a form sent twice, the import
(page, API, command line), the database itself, and the APA's count of meetings."""
from __future__ import annotations

import copy
import io
import json
import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from committee.extensions import db
from committee.meetings import service
from committee.models import Meeting
from tests.conftest import csrf_token, import_magura, login, make_token
from tests.meeting_forms import as_user, count, create, flat, post, setup_magura

TAKEN = "এই কমিটির ১০/০৪/২০২২ তারিখের সভা আগেই আছে"


@pytest.fixture
def magura(app, users):
    return setup_magura(app)


@pytest.fixture
def sec(app, magura):
    return as_user(app.test_client(), "sec")


def _new_url(magura) -> str:
    return f"/committees/{magura['committee']}/meetings/new"


def _link_to(html: str, meeting_id: int) -> bool:
    return f'href="/meetings/{meeting_id}" data-existing-meeting' in html


def _new_form(client, magura, **fields) -> dict:
    """The new-meeting form as the browser posts it: CSRF and the one-time token."""
    html = client.get(_new_url(magura)).get_data(as_text=True)
    token = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    return {**flat(**fields), "csrf_token": csrf_token(client, "/"), "idempotency_key": token}


# -- the editor -------------------------------------------------------------------------------

def test_a_second_meeting_on_the_same_date_is_refused_with_a_link(app, sec, magura):
    first = create(sec, magura["committee"])
    data = flat(venue="উপজেলা পরিষদ হলরুম")
    refused = post(sec, _new_url(magura), data)
    html = unescape(refused.get_data(as_text=True))
    assert refused.status_code == 409
    assert TAKEN in html and _link_to(html, first)
    # The message sits at the date field, and what was typed is all there.
    assert re.search(r'name="held_on"[^>]*aria-invalid="true"', html)
    assert "উপজেলা পরিষদ হলরুম" in html and "ই-নথি বাস্তবায়ন করতে হবে।" in html
    assert count(app, Meeting) == 2  # the imported Magura meeting and the first one
    # Another date is another meeting.
    other = create(sec, magura["committee"], flat(held_on="2022-04-11"))
    assert other != first and count(app, Meeting) == 3


def test_the_date_typed_as_an_officer_types_it_is_the_same_date(app, sec, magura):
    first = create(sec, magura["committee"], flat(held_on="2022-05-15"))
    refused = post(sec, _new_url(magura), flat(held_on="১৫/০৫/২০২২"))
    html = unescape(refused.get_data(as_text=True))
    assert refused.status_code == 409 and _link_to(html, first)
    assert "১৫/০৫/২০২২ তারিখের সভা আগেই আছে" in html


def test_moving_a_draft_onto_a_taken_date_is_refused(app, sec, magura):
    taken = create(sec, magura["committee"])
    draft = create(sec, magura["committee"], flat(held_on="2022-04-20"))
    url = f"/meetings/{draft}/edit"
    version = re.search(r'name="version" value="(\d+)"',
                        sec.get(url).get_data(as_text=True)).group(1)
    refused = post(sec, url, flat(held_on="2022-04-10", version=version))
    html = unescape(refused.get_data(as_text=True))
    assert refused.status_code == 409 and TAKEN in html and _link_to(html, taken)
    with app.app_context():
        assert db.session.get(Meeting, draft).held_on == date(2022, 4, 20)
    # Saving the draft on its own date is no conflict with itself.
    assert post(sec, url, flat(held_on="2022-04-20", venue="অনলাইন",
                               version=version)).status_code == 302


def test_a_deleted_draft_frees_its_date(app, sec, magura):
    draft = create(sec, magura["committee"])
    page = sec.get(f"/meetings/{draft}/delete").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert sec.post(f"/meetings/{draft}/delete", data={"csrf_token": token}).status_code == 302
    assert count(app, Meeting) == 1
    create(sec, magura["committee"])
    assert count(app, Meeting) == 2


def test_a_race_past_the_check_gets_the_friendly_answer(app, sec, magura, monkeypatch):
    """Two saves that both passed the check: the database's constraint refuses the second,
    and the officer reads the same message with the same link."""
    first = create(sec, magura["committee"])
    monkeypatch.setattr(service, "check_date_free", lambda meeting, held_on: None)
    refused = post(sec, _new_url(magura), flat(venue="দ্বিতীয় ট্যাব"))
    html = unescape(refused.get_data(as_text=True))
    assert refused.status_code == 409 and TAKEN in html and _link_to(html, first)
    assert "দ্বিতীয় ট্যাব" in html and count(app, Meeting) == 2


def test_the_database_holds_one_meeting_per_committee_and_date(app, magura):
    with app.app_context():
        meeting = db.session.get(Meeting, magura["meeting"])
        db.session.add(Meeting(committee_id=meeting.committee_id, held_on=meeting.held_on))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        held = db.session.scalars(select(Meeting.held_on)).all()
    assert held == [date(2022, 3, 14)]


# -- the form's one-time token ------------------------------------------------------------

def test_the_same_form_sent_again_answers_with_the_first_meeting(app, sec, magura):
    body = _new_form(sec, magura)
    first = sec.post(_new_url(magura), data=body)
    again = sec.post(_new_url(magura), data={**body, "csrf_token": csrf_token(sec, "/")})
    assert (first.status_code, again.status_code) == (302, 302)
    assert again.headers["Location"] == first.headers["Location"]
    page = unescape(sec.get(again.headers["Location"]).get_data(as_text=True))
    assert "একবারই সংরক্ষিত হয়েছে" in page
    assert count(app, Meeting) == 2


def test_back_change_and_save_is_refused_with_a_link_to_what_was_saved(app, sec, magura):
    body = _new_form(sec, magura)
    first = sec.post(_new_url(magura), data=body)
    meeting_id = int(first.headers["Location"].rsplit("/", 1)[1])
    # Back in the browser, another date typed, saved again with the same page's token.
    refused = sec.post(_new_url(magura), data={**body, "held_on": "২০/০৪/২০২২",
                                                "csrf_token": csrf_token(sec, "/")})
    html = unescape(refused.get_data(as_text=True))
    assert refused.status_code == 409
    assert "এই ফর্মটি আগেই একবার জমা দেওয়া হয়েছে" in html and _link_to(html, meeting_id)
    assert "২০/০৪/২০২২" in html  # what was typed is kept
    assert body["idempotency_key"] not in html  # a fresh token for a deliberate new save
    assert count(app, Meeting) == 2


# -- the import -----------------------------------------------------------------------------

def _draft_doc(doc: dict, held_on: str = "2022-05-12", venue: str | None = None) -> dict:
    doc = copy.deepcopy(doc)
    doc.pop("issue", None)
    doc["meeting"]["held_on"] = held_on
    if venue:
        doc["meeting"]["venue"] = venue
    return doc


def _upload(client, doc: dict):
    html = client.get("/meetings/import").get_data(as_text=True)
    token = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    return client.post("/meetings/import", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, "/meetings/import"), "idempotency_key": token,
        "file": (io.BytesIO(json.dumps(doc, ensure_ascii=False).encode()), "minutes.json")})


def test_import_page_the_same_minutes_twice_is_idempotent_and_says_so(app, users, magura_doc):
    client = app.test_client()
    login(client, "sec")
    first = _upload(client, _draft_doc(magura_doc))
    again = _upload(client, _draft_doc(magura_doc))  # a new page: a new token
    assert (first.status_code, again.status_code) == (302, 302)
    assert again.headers["Location"] == first.headers["Location"]
    page = unescape(client.get(again.headers["Location"]).get_data(as_text=True))
    assert "এই কার্যবিবরণী আগেই আমদানি করা হয়েছে" in page and "হুবহু একই" in page
    assert count(app, Meeting) == 1


def test_import_page_other_minutes_of_that_date_are_refused_with_a_link(app, users,
                                                                        magura_doc):
    client = app.test_client()
    login(client, "sec")
    meeting_id = int(_upload(client, _draft_doc(magura_doc)).headers["Location"]
                     .rsplit("/", 1)[1])
    refused = _upload(client, _draft_doc(magura_doc, venue="জেলা প্রশাসকের সম্মেলন কক্ষ, মাগুরা"))
    html = unescape(refused.get_data(as_text=True))
    assert refused.status_code == 409
    assert "এই কমিটির ১২/০৫/২০২২ তারিখের সভা আগেই আছে" in html
    assert "আমদানি করা হয়নি" in html and _link_to(html, meeting_id)
    assert count(app, Meeting) == 1


def test_issued_minutes_imported_again(app, users, magura_doc):
    """The real Magura minutes (issued, memo serial 9) twice: the same meeting, no
    refusal about serial 9; with a changed decision: refused, pointing at corrigenda."""
    first = import_magura(app, magura_doc)
    assert import_magura(app, copy.deepcopy(magura_doc)) == first
    changed = copy.deepcopy(magura_doc)
    changed["meeting"]["items"][1]["decisions"][0]["text"] = "অন্য সিদ্ধান্ত।"
    from committee.imports import AlreadyImported

    with app.app_context(), pytest.raises(AlreadyImported) as refused:
        from committee.imports import import_document
        import_document(changed)
    assert refused.value.meeting_id == first
    assert "সংশোধনী পত্র" in refused.value.problems[0]["message"]
    assert count(app, Meeting) == 1


def test_api_import_again(app, users, magura_doc):
    client = app.test_client()
    headers = {"Authorization": "Bearer " + make_token(app, "sec")}
    first = client.post("/api/v1/meetings/import", json=_draft_doc(magura_doc),
                        headers=headers)
    again = client.post("/api/v1/meetings/import", json=_draft_doc(magura_doc),
                        headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    body = again.get_json()
    assert body["id"] == first.get_json()["id"] and body["already_imported"] is True
    assert "already_imported" not in first.get_json()
    other = client.post("/api/v1/meetings/import",
                        json=_draft_doc(magura_doc, venue="অনলাইন"), headers=headers)
    assert other.status_code == 409
    detail = other.get_json()["details"][0]
    assert detail["path"] == "meeting.held_on" and detail["meeting_id"] == body["id"]
    assert count(app, Meeting) == 1


def test_cli_import_again(app, runner, magura_doc, tmp_path):
    path = tmp_path / "minutes.json"
    path.write_text(json.dumps(_draft_doc(magura_doc), ensure_ascii=False), encoding="utf-8")
    first = runner.invoke(args=["minutes", "import", str(path)])
    again = runner.invoke(args=["minutes", "import", str(path)])
    assert (first.exit_code, again.exit_code) == (0, 0), again.output
    meeting_id = first.output.strip().splitlines()[-1]
    assert again.output.strip().splitlines()[-1] == meeting_id
    assert f"already imported: meeting {meeting_id}" in again.output
    path.write_text(json.dumps(_draft_doc(magura_doc, venue="অনলাইন"), ensure_ascii=False),
                    encoding="utf-8")
    other = runner.invoke(args=["minutes", "import", str(path)])
    assert other.exit_code != 0
    assert f"already has meeting {meeting_id} on 2022-05-12" in other.output
    assert count(app, Meeting) == 1


# -- the APA counts distinct meetings -----------------------------------------------------------

def test_apa_counts_each_committee_and_date_once(app, users, magura_doc):
    """Two meetings of one committee and one of another on the same day: three meetings,
    and the same minutes imported again add none."""
    from committee.apa.defaults import install_defaults

    def issued(doc, held_on, serial, **committee):
        doc = copy.deepcopy(doc)
        doc["meeting"]["held_on"] = held_on
        doc["issue"].update(memo_serial=serial, memo_date=held_on)
        doc["committee"].update(committee)
        return doc

    docs = [issued(magura_doc, "2024-07-14", 1), issued(magura_doc, "2024-08-14", 2),
            issued(magura_doc, "2024-07-14", 1, name="জেলা নৈতিকতা কমিটি, মাগুরা",
                   kind="ethics", file_number="৫৬.০৪.৫৫০০.০০০.০৬.০০২.২০")]
    for doc in docs + [docs[0]]:
        import_magura(app, doc)
    with app.app_context():
        install_defaults("2024-25")
    assert count(app, Meeting) == 3
    client = app.test_client()
    report = client.get("/api/v1/apa/2024-25/indicators?district=মাগুরা",
                        headers={"Authorization": "Bearer " + make_token(app, "sec")})
    ict = next(i for i in report.get_json() if i["code"] == "[৩.১.১]")
    assert ict["quarters"] == [2, 0, 0, 0]  # the ICT committee's two; ethics is not ICT
    assert len(ict["evidence"]) == 2


# -- the migration ------------------------------------------------------------------------------

def test_the_upgrade_names_meetings_stored_twice_and_fills_members_offices(tmp_path, capfd,
                                                                          magura_doc):
    """Before the constraint: a meeting stored twice stops the upgrade with both ids; once
    the extra one is deleted it goes through. Members keep their office's name as written."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from committee.imports import import_document
    from committee.models import Member
    from tests.test_migrations import _fresh_app

    with _fresh_app(tmp_path) as app, app.app_context():
        upgrade()
        meeting = import_document(magura_doc)
        office_id = next(p.office_id for i in meeting.items for p in i.parties
                         if p.office_id is not None)
        db.session.add(Member(committee_id=meeting.committee_id, position=1,
                              designation="জেলা শিক্ষা অফিসার", office_id=office_id,
                              office_text="ভুল", role="member"))
        db.session.commit()
        office_name = db.session.scalar(text("SELECT name FROM offices WHERE id = :id"),
                                        {"id": office_id})
        db.session.remove()
        downgrade(revision="a1c3e5f7b901")
        columns = [c for c in db.session.execute(text("SELECT * FROM meetings")).keys()
                   if c != "id"]
        listed = ", ".join(columns)
        db.session.execute(text(f"INSERT INTO meetings ({listed}) SELECT {listed} "
                                "FROM meetings WHERE id = 1"))
        db.session.commit()
        db.session.remove()
        with pytest.raises(SystemExit):  # flask-migrate logs the error and exits
            upgrade()
        assert "committee id 1, 2022-03-14: meeting ids 1, 2" in capfd.readouterr().err
        db.session.remove()
        db.session.execute(text("DELETE FROM meetings WHERE id = 2"))
        db.session.commit()
        db.session.remove()
        upgrade()
        assert db.session.scalar(text("SELECT office_text FROM members")) == office_name
        assert office_name
