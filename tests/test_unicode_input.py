"""Bangla typed two ways (precomposed য়, or য + nukta) arrives as one spelling."""
from __future__ import annotations

import unicodedata

from committee.requests import nfc
from tests.conftest import import_magura, login

PRECOMPOSED = "বাস্তবা\u09dfন"          # য় as one code point, as some keyboards send it
NFC = unicodedata.normalize("NFC", PRECOMPOSED)


def test_the_two_spellings_differ_before_normalizing():
    assert PRECOMPOSED != NFC and nfc(PRECOMPOSED) == NFC


def test_form_fields_query_strings_and_json_are_normalized(app):
    with app.test_request_context("/x?q=" + PRECOMPOSED, method="POST",
                                  data={"name": PRECOMPOSED, "many": [PRECOMPOSED, "ক"]}):
        from flask import request

        assert request.args["q"] == NFC
        assert request.form["name"] == NFC
        assert request.form.getlist("many") == [NFC, "ক"]
    with app.test_request_context("/api/v1/x", method="POST",
                                  json={"items": [{"text": PRECOMPOSED}], "n": 1}):
        from flask import request

        assert request.get_json() == {"items": [{"text": NFC}], "n": 1}
        assert request.json["items"][0]["text"] == NFC


def test_files_pass_through_untouched(app):
    import io

    with app.test_request_context("/x", method="POST",
                                  data={"f": (io.BytesIO(b"%PDF-1.4"), "a.pdf")}):
        from flask import request

        assert request.files["f"].read() == b"%PDF-1.4"


def test_follow_up_note_typed_precomposed_is_stored_in_one_spelling(app, client, users):
    from committee.extensions import db
    from committee.models import Assignment, FollowUp, Office

    import_magura(app)
    with app.app_context():
        office = db.session.scalar(db.select(Office).where(Office.name == "জেলা শিক্ষা অফিসার")
                                   .order_by(Office.id))
        assignment_id = db.session.scalar(db.select(Assignment.id).where(
            Assignment.office_id == office.id).order_by(Assignment.id))
    login(client, "deo")
    page = f"/followup/assignments/{assignment_id}"
    from tests.conftest import csrf_token

    response = client.post(page, data={"csrf_token": csrf_token(client, page),
                                       "status": "in_progress",
                                       "note": "কাজ " + PRECOMPOSED + " চলছে"})
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:500]
    with app.app_context():
        note = db.session.scalar(db.select(FollowUp.note))
    assert note == "কাজ " + NFC + " চলছে"
