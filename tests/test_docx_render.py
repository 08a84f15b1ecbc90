"""The faster line-break pass gives exactly docxtpl's own output."""
from __future__ import annotations

import io

from docx import Document
from docxtpl import DocxTemplate

from committee.documents.render import Template, template_bytes

RUN = '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
PARA = '<w:p><w:pPr><w:jc w:val="both"/></w:pPr>{}</w:p>'


def _xml(*texts: str) -> str:
    return "<w:body>" + "".join(PARA.format(RUN.format(t)) for t in texts) + "</w:body>"


def test_line_break_pass_matches_docxtpl():
    doc = DocxTemplate(io.BytesIO(template_bytes("minutes.docx")))
    ours = Template(io.BytesIO(template_bytes("minutes.docx")))
    for xml in (_xml("এক", "দুই"),
                _xml("প্রথম লাইন\nদ্বিতীয় লাইন", "সাধারণ", "ট্যাব\tপরে", "পাতা\fশেষ"),
                _xml("অনুচ্ছেদ\aনতুন")):
        assert ours.resolve_listing(xml) == doc.resolve_listing(xml)


def test_new_lines_in_a_discussion_become_breaks_in_the_minutes(app, magura_doc):
    from committee.documents.render import render_minutes
    from committee.meetings.service import load_meeting
    from tests.conftest import import_magura

    magura_doc["meeting"]["items"][1]["discussion"] = "প্রথম লাইন\nদ্বিতীয় লাইন"
    meeting_id = import_magura(app, magura_doc)
    with app.app_context():
        data = render_minutes(load_meeting(meeting_id))
    body = Document(io.BytesIO(data)).element.xml
    after = body.split("প্রথম লাইন</w:t>", 1)[1]
    assert after.lstrip().startswith("<w:br/>") and "দ্বিতীয় লাইন" in after[:200]
