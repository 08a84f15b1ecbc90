"""The DOCX documents read back with python-docx (the Magura minutes, the notice) and
the templates vs. their README."""
from __future__ import annotations

import copy
import io
import re
import zipfile

import pytest
from docx import Document
from docxtpl import DocxTemplate

from committee.bangla import number_label
from committee.extensions import db
from committee.models import Meeting
from tests.conftest import import_magura
from tests.documents_helpers import (
    MARKUP,
    MEMO,
    TEMPLATES,
    assert_in_order,
    docx_lines,
    draft_doc,
    header_text,
    nfc,
    render,
)

# -- the Magura minutes -----------------------------------------------------------------

def test_magura_minutes_carry_every_text_in_order(app, magura_doc):
    data = render(app, import_magura(app, magura_doc))
    text = "\n".join(docx_lines(data))
    m, issue = magura_doc["meeting"], magura_doc["issue"]
    expected = list(magura_doc["committee"]["office_header"])
    expected += ["জেলা আইসিটি কমিটির মাসিক সভার কার্যবিবরণী", m["chair"]["name"],
                 m["chair"]["designation"], "১৪/০৩/২০২২ খ্রিঃ", "সকাল ১১:০০ টা", m["venue"],
                 m["opening"], "আলোচনা", "সিদ্ধান্ত", "বাস্তবায়নে"]
    for i, item in enumerate(m["items"], start=1):
        expected.append(f"{number_label(i)}. {item['title']}: {item['discussion']}")
        expected += [f"{number_label(i, j)}। {d['text']}"
                     for j, d in enumerate(item["decisions"], start=1)]
        if item["responsible"]:
            expected.append(", ".join(item["responsible"]))
    expected += [m["closing"], m["chair"]["name"], m["chair"]["designation"],
                 f"স্মারক নম্বর: {MEMO}", "তারিখ:", "২৪ চৈত্র ১৪২৮", "০৭ এপ্রিল ২০২২",
                 "বিতরণ (জ্যেষ্ঠতার ক্রমানুসারে নয়) :"]
    expected += [f"{number_label(n)})\t{entry}"
                 for n, entry in enumerate(issue["distribution"], start=1)]
    expected += [issue["signatory"]["name"], issue["signatory"]["designation"]]
    assert_in_order(text, expected)
    decision_numbers = re.findall(r"^([০-৯]+\.[০-৯]+)।", text, flags=re.M)
    assert len(decision_numbers) == 29
    assert decision_numbers[1] == "২.১" and decision_numbers[-1] == "১৩.২"
    assert "খসড়া" not in text and "খসড়া" not in header_text(data)


def test_magura_cells_hold_the_exact_texts(app, magura_doc):
    data = render(app, import_magura(app, magura_doc))
    doc = Document(io.BytesIO(data))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "আলোচনা")
    assert len(table.rows) == 1 + 13
    row3 = [nfc(c.text) for c in table.rows[3].cells]
    assert row3[0].startswith("৩. ই-সেবা কার্যক্রম: প্রোগ্রামার, মাগুরা জানান")
    assert [p.text for p in table.rows[3].cells[1].paragraphs] == [
        nfc("৩.১। উপজেলা পর্যায়ে ই-নথি সিস্টেম বাস্তবায়নে ব্যবস্থা গ্রহণ করতে হবে।"),
        nfc("৩.২। জেলা পর্যায়ে সকল দপ্তরে নথি সিস্টেমের সর্বাধিক ব্যবহার নিশ্চিত করতে হবে।")]
    assert row3[2] == nfc("উপজেলা নির্বাহী অফিসার (সকল), সহকারী প্রোগ্রামার (সকল), "
                          "প্রোগ্রামার, মাগুরা, স্ব স্ব দপ্তর প্রধান")
    assert nfc(table.rows[11].cells[2].text).endswith("সহঃ প্রোগ্রামার (সকল), মাগুরা")
    assert table.rows[1].cells[2].text == ""
    memo = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("স্মারক"))
    assert [c.text for c in memo.rows[0].cells] == [
        f"স্মারক নম্বর: {MEMO}", "তারিখ:", "২৪ চৈত্র ১৪২৮\n০৭ এপ্রিল ২০২২"]


def test_decision_level_parties_are_shown_with_their_decision(app, magura_doc):
    doc = copy.deepcopy(magura_doc)
    doc["meeting"]["items"][1]["decisions"][1]["responsible"] = ["জেলা তথ্য অফিসার"]
    lines = docx_lines(render(app, import_magura(app, draft_doc(doc))))
    at = lines.index(nfc("২.২। অনলাইনের ডিজিটাল কনটেন্ট ব্যবহারের ক্ষেত্রে মানসম্মত কনটেন্ট "
                         "ব্যবহার করতে হবে।"))
    assert lines[at + 1] == "বাস্তবায়নে: জেলা তথ্য অফিসার"


def test_draft_is_marked_and_has_no_memo_number(app, magura_doc):
    data = render(app, import_magura(app, draft_doc(magura_doc)))
    text = "\n".join(docx_lines(data))
    assert "খসড়া" in text and "খসড়া" in header_text(data)
    assert "স্মারক নম্বর" not in text and "৫৬.০৪.৫৫০০" not in text
    assert "ডিজিটাল কনটেন্ট" in text


def test_markup_characters_come_back_literally(app, magura_doc):
    doc = draft_doc(magura_doc)
    doc["committee"]["name"] = "জেলা আইসিটি কমিটি, মাগুরা"
    doc["committee"]["office_header"].append(MARKUP)
    m = doc["meeting"]
    m["venue"] = m["chair"]["name"] = m["opening"] = MARKUP
    m["items"][0]["title"] = m["items"][0]["discussion"] = MARKUP
    m["items"][0]["decisions"][0]["text"] = MARKUP + " {{ title }} {% if x %}"
    m["items"][1]["responsible"] = [MARKUP, "A & B"]
    meeting_id = import_magura(app, doc)
    for kind in ("minutes", "notice"):
        text = "\n".join(docx_lines(render(app, meeting_id, kind)))
        assert MARKUP in text
    text = "\n".join(docx_lines(render(app, meeting_id)))
    assert f"১.১। {MARKUP} {{{{ title }}}} {{% if x %}}" in text
    assert f"{MARKUP}, A & B" in text


def test_control_characters_do_not_break_the_document(app, magura_doc):
    doc = draft_doc(magura_doc)
    doc["meeting"]["items"][0]["discussion"] = "প্রথম লাইন\r\nদ্বিতীয়\x07 লাইন\vতৃতীয়\x0c"
    lines = docx_lines(render(app, import_magura(app, doc)))
    assert any("প্রথম লাইন\nদ্বিতীয় লাইন\nতৃতীয়" in line for line in lines)


def test_forty_item_meeting_renders(app, magura_doc):
    doc = draft_doc(magura_doc)
    doc["meeting"]["items"] = [
        {"title": f"বিষয় {n}", "discussion": "আলোচনা " * 30, "responsible": ["প্রোগ্রামার"],
         "decisions": [{"text": f"সিদ্ধান্ত {n}.{k}"} for k in (1, 2)]}
        for n in range(1, 41)]
    text = "\n".join(docx_lines(render(app, import_magura(app, doc))))
    assert "৪০. বিষয় 40:" in text and "৪০.২। সিদ্ধান্ত 40.2" in text
    assert len(re.findall(r"^[০-৯]+\.[০-৯]+।", text, flags=re.M)) == 80


def test_attendance_annex(app, magura_doc):
    doc = draft_doc(magura_doc)
    doc["meeting"]["attendance_annex"] = True
    doc["meeting"]["attendance"] = [
        {"name": "ড. আশরাফুল আলম", "designation": "জেলা প্রশাসক", "office": "জেলা প্রশাসকের কার্যালয়"},
        {"name": "রহিম", "designation": "জেলা শিক্ষা অফিসার", "office": None}]
    meeting_id = import_magura(app, doc)
    with app.app_context():
        db.session.get(Meeting, meeting_id).attendance_annex = True
        db.session.commit()
    text = "\n".join(docx_lines(render(app, meeting_id)))
    assert_in_order(text, ["উপস্থিতি", "পরিশিষ্ট 'ক'", "আলোচনা", "পরিশিষ্ট 'ক'", "ক্রমিক",
                           "১", "ড. আশরাফুল আলম", "জেলা প্রশাসক", "২", "রহিম"])


def test_notice_docx(app, magura_doc):
    from committee.documents.service import issue_notice
    from committee.models import Member

    magura_doc["issue"]["memo_serial"] = None  # a draft: notices precede the minutes
    meeting_id = import_magura(app, magura_doc)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.committee.serial_reached = 9  # the file stands at ৯, as Magura's did
        meeting.committee.members.extend([
            Member(position=1, name="ড. আশরাফুল আলম", designation="জেলা প্রশাসক", role="chair"),
            Member(position=2, designation="জেলা শিক্ষা অফিসার", role="member"),
            Member(position=3, name="পলাশ", designation="প্রোগ্রামার", role="member_secretary")])
        db.session.commit()
        issue_notice(meeting, __import__("datetime").date(2022, 3, 9))
    text = "\n".join(docx_lines(render(app, meeting_id, "notice")))
    assert_in_order(text, magura_doc["committee"]["office_header"] + [
        "স্মারক নম্বর: ৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.১০", "২৪ ফাল্গুন ১৪২৮", "০৯ মার্চ ২০২২",
        "বিষয়: জেলা আইসিটি কমিটির মাসিক সভার নোটিশ", "১৪/০৩/২০২২ খ্রিঃ, সোমবার",
        "সকাল ১১:০০ টা", "অনলাইন জুম প্ল্যাটফর্ম", "আলোচ্যসূচি",
        "১.\tপূর্ববর্তী সভার কার্যবিবরণী দৃঢ়ীকরণ", "১৩.\tবিবিধ", "উপস্থিত থাকার",
        "মোঃ আবুল কাসেম পলাশ", "বিতরণ", "১)\tজেলা প্রশাসক", "২)\tজেলা শিক্ষা অফিসার"])
    assert "৩)\t" not in text  # the member-secretary signs; he is no recipient


# -- templates vs. README ---------------------------------------------------------------

_LOOP = re.compile(r"\{%-?\s*(?:p|tr|tc|r)?\s*for\s+(\w+)\s+in\s+([\w.]+)\s*-?%\}")
_IF = re.compile(r"\{%-?\s*(?:p|tr|tc|r)?\s*if\s+(?:not\s+)?([\w.]+)\s*-?%\}")
_VAR = re.compile(r"\{\{-?\s*([\w.]+)\s*-?\}\}")


def template_keys(name: str) -> set[str]:
    """Context keys a template uses: `items`, `items[].heading`, `header_lines`, …"""
    tpl = DocxTemplate(TEMPLATES / name)
    with zipfile.ZipFile(TEMPLATES / name) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist()
                      if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n))
    text = re.sub(r"<[^>]+>", "", tpl.patch_xml(xml))
    found = _LOOP.findall(text)
    loops = dict(found)
    assert len(loops) == len(found), "loop variables must be unique to be checkable"

    def resolve(expr: str) -> str:
        head, _, rest = expr.partition(".")
        if head in loops:
            base = resolve(loops[head]) + "[]"
            return f"{base}.{rest}" if rest else base
        return expr

    keys = {resolve(source) for source in loops.values()}
    keys |= {resolve(e) for e in _IF.findall(text) + _VAR.findall(text)}
    undeclared = tpl.get_undeclared_template_variables()
    assert undeclared <= {k.split("[")[0].split(".")[0] for k in keys}
    return {k[:-2] if k.endswith("[]") else k for k in keys}


def readme_keys(name: str) -> set[str]:
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"### {name}", 1)[1].split("\n### ", 1)[0]
    return set(re.findall(r"^\| `([\w.\[\]]+)` \|", section, flags=re.M))


def context_keys(context: dict) -> set[str]:
    keys = set()
    for key, value in context.items():
        keys.add(key)
        if isinstance(value, list):
            for entry in value:
                if isinstance(entry, dict):
                    keys |= {f"{key}[].{sub}" for sub in entry}
    return keys


@pytest.mark.parametrize("name", ["minutes.docx", "notice.docx", "apa_progress.docx"])
def test_templates_match_their_readme(name):
    used, documented = template_keys(name), readme_keys(name)
    assert used == documented, {"undocumented": used - documented,
                                "unused": documented - used}


def test_contexts_provide_exactly_the_documented_keys(app, magura_doc):
    from committee.documents.context import minutes_context, notice_context
    from committee.followup.review import review_entries

    import_magura(app, magura_doc)  # an earlier meeting whose open decisions are reviewed
    doc = draft_doc(magura_doc)
    doc["meeting"]["held_on"] = "2022-04-14"
    doc["meeting"]["attendance"] = [{"name": "ক", "designation": "খ", "office": "গ"}]
    meeting_id = import_magura(app, doc)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert review_entries(meeting.id)  # the import brought the open decisions
        meeting.attendance_annex = True
        meeting.distribution = [{"text": "ক", "tag": "action"}, {"text": "খ", "tag": "info"}]
        assert context_keys(minutes_context(meeting)) == readme_keys("minutes.docx")
        assert context_keys(notice_context(meeting)) == readme_keys("notice.docx")


def test_templates_use_bangla_fonts_and_complex_script_bold():
    with zipfile.ZipFile(TEMPLATES / "minutes.docx") as z:
        styles = z.read("word/styles.xml").decode("utf-8")
    assert 'w:cs="Nikosh"' in styles and 'w:ascii="Nikosh"' in styles
    assert 'w:bidi="bn-BD"' in styles
    bold = styles.split('w:styleId="BanglaBold"', 1)[1].split("</w:style>", 1)[0]
    assert "<w:b/>" in bold and "<w:bCs/>" in bold
    doc = Document(TEMPLATES / "minutes.docx")
    assert round(doc.sections[0].page_width.mm) == 210
    assert round(doc.sections[0].page_height.mm) == 297
