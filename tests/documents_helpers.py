"""Shared by the tests/test_documents*.py files: the DOCX read back with python-docx,
rendering a meeting, the Magura draft."""
from __future__ import annotations

import copy
import io
import unicodedata
from pathlib import Path

from docx import Document

from committee.extensions import db
from committee.models import Meeting

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "minutes_templates"
MEMO = "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯"
MARKUP = "<script>alert(\"x\")</script> & 'q' <b>"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def docx_lines(data: bytes) -> list[str]:
    """Every paragraph of the body in document order, table cells included."""
    doc = Document(io.BytesIO(data))
    lines = []
    for block in doc.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
        else:
            lines.append(block.text)
    return [nfc(line) for line in lines]


def header_text(data: bytes) -> str:
    return " ".join(p.text for p in Document(io.BytesIO(data)).sections[0].header.paragraphs)


def assert_in_order(text: str, expected: list[str]) -> None:
    position = 0
    for piece in expected:
        found = text.find(nfc(piece), position)
        assert found >= 0, f"missing (or out of order) after position {position}: {piece!r}"
        position = found + len(nfc(piece))


def render(app, meeting_id: int, kind: str = "minutes") -> bytes:
    from committee.documents.render import render_minutes, render_notice

    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        return (render_minutes if kind == "minutes" else render_notice)(meeting)


def draft_doc(magura_doc, held_on="2022-04-11") -> dict:
    doc = copy.deepcopy(magura_doc)
    doc.pop("issue")
    doc["meeting"]["held_on"] = held_on
    return doc
