"""Text typed by users is shown literally: escaped in pages, intact in JSON and DOCX.

One meeting carries markup in its title, discussion, decision text, venue, chair and a
responsible party: an HTML script, quotes and ampersands, and `</w:t><w:t>`, which would
split (or break) the DOCX's XML if it were pasted into it unescaped.
"""
from __future__ import annotations

import io
import re
import unicodedata

import pytest
from docx import Document
from markupsafe import escape

from tests.conftest import import_magura, login, make_token

SCRIPT = "<script>alert(1)</script>"
QUOTES = "\"quoted\" & 'single'"
XML = "</w:t><w:t>"
PAYLOAD = f"{SCRIPT} {QUOTES} {XML}"

TITLE = f"ডিজিটাল কনটেন্ট {PAYLOAD}"
DISCUSSION = f"কনটেন্ট নিয়ে আলোচনা {PAYLOAD}"
DECISION = f"নিয়মিত অনলাইনে ক্লাশ {PAYLOAD}"
VENUE = f"সম্মেলন কক্ষ {PAYLOAD}"
CHAIR = f"ড. আশরাফুল আলম {PAYLOAD}"
PARTY = f"স্টার ক্যাবলস {PAYLOAD}"
TYPED = (TITLE, DISCUSSION, DECISION, VENUE, CHAIR, PARTY)


@pytest.fixture
def meeting(app, users, magura_doc):
    """The Magura minutes with the markup typed into item 2 (জেলা শিক্ষা অফিসার's)."""
    m = magura_doc["meeting"]
    m["venue"], m["chair"]["name"] = VENUE, CHAIR
    item = m["items"][1]
    item["title"], item["discussion"] = TITLE, DISCUSSION
    item["responsible"] = ["জেলা শিক্ষা অফিসার", PARTY]
    item["decisions"][0]["text"] = DECISION
    meeting_id = import_magura(app, magura_doc)
    from committee.extensions import db
    from committee.models import Meeting

    with app.app_context():
        committee_id = db.session.get(Meeting, meeting_id).committee_id
    return {"id": meeting_id, "committee": committee_id}


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def _assert_escaped(html: str, texts, url: str) -> None:
    assert "<script>alert" not in html, url
    assert "</w:t>" not in html, url
    # The search marks the words it found (<mark>…</mark>) inside the escaped text.
    plain = re.sub(r"</?mark>", "", html)
    for text in texts:
        assert str(escape(text)) in plain, (url, text)


@pytest.mark.parametrize("who,path,texts", [
    ("viewer", "/meetings/{id}", TYPED),
    ("viewer", "/meetings/{id}/print", (TITLE, DISCUSSION, DECISION, VENUE, CHAIR)),
    ("viewer", "/committees/{committee}/tracker", (DECISION, PARTY)),
    ("viewer", "/committees/{committee}/decisions", (DECISION, PARTY)),
    ("viewer", "/search?q=অনলাইনে+ক্লাশ", (DECISION,)),
    ("viewer", "/search?q=কনটেন্ট+নিয়ে", (TITLE,)),
    ("deo", "/followup/", (DECISION,)),
])
def test_pages_escape_typed_text(client, meeting, who, path, texts):
    login(client, who)
    url = path.format(**meeting)
    _assert_escaped(_page(client, url), texts, url)


def test_assignment_page_escapes_the_party(app, client, meeting):
    from sqlalchemy import select

    from committee.extensions import db
    from committee.models import Assignment

    with app.app_context():
        assignment_id = db.session.scalar(select(Assignment.id).where(Assignment.party == PARTY))
    login(client, "sec")
    url = f"/followup/assignments/{assignment_id}"
    _assert_escaped(_page(client, url), (DECISION, PARTY), url)


def test_json_export_keeps_the_text(app, client, meeting):
    response = client.get(f"/api/v1/meetings/{meeting['id']}",
                          headers={"Authorization": f"Bearer {make_token(app, 'viewer')}"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    m = response.get_json()["meeting"]
    assert (m["venue"], m["chair"]["name"]) == (VENUE, CHAIR)
    item = m["items"][1]
    assert (item["title"], item["discussion"]) == (TITLE, DISCUSSION)
    assert item["responsible"] == ["জেলা শিক্ষা অফিসার", PARTY]
    assert item["decisions"][0]["text"] == DECISION
    assert PARTY in item["decisions"][0]["status"]


def _docx_text(data: bytes) -> str:
    """Every paragraph of the body, the tables' cells and the headers, in one string."""
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    for section in doc.sections:
        lines.extend(p.text for p in section.header.paragraphs)
    return unicodedata.normalize("NFC", "\n".join(lines))


@pytest.mark.parametrize("kind,texts", [
    ("minutes", (TITLE, DISCUSSION, DECISION, VENUE, CHAIR, PARTY)),
    ("notice", (TITLE, VENUE, CHAIR)),
])
def test_documents_show_the_text_literally(client, meeting, kind, texts):
    login(client, "viewer")
    response = client.get(f"/meetings/{meeting['id']}/{kind}.docx")
    assert response.status_code == 200
    text = _docx_text(response.data)  # python-docx parses it: the XML is well-formed
    for typed in texts:
        assert typed in text, (kind, typed)
