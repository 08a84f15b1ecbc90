"""The DOCX documents read back with python-docx, the templates vs. their README, the
distribution editor, the print view, authorization, and (with LibreOffice) the PDF."""
from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate

from committee.bangla import match_key, number_label
from committee.extensions import db
from committee.models import Meeting
from tests.conftest import csrf_token, import_magura, login, make_token

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

    meeting_id = import_magura(app, magura_doc)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
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
    from committee.followup.service import attach_review

    import_magura(app, magura_doc)  # an earlier meeting whose open decisions are reviewed
    doc = draft_doc(magura_doc)
    doc["meeting"]["held_on"] = "2022-04-14"
    doc["meeting"]["attendance"] = [{"name": "ক", "designation": "খ", "office": "গ"}]
    meeting_id = import_magura(app, doc)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert attach_review(meeting) > 0
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


# -- distribution editor ----------------------------------------------------------------

def test_distribution_proposal_has_no_duplicates(app, users, magura_doc):
    from committee.documents.distribution import propose_distribution
    from committee.models import Member

    meeting_id = import_magura(app, draft_doc(magura_doc))
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.committee.distribution = [{"text": "জেলা শিক্ষা অফিসার।", "tag": "info"}]
        meeting.committee.members.append(Member(designation="জেলা শিক্ষা অফিসার"))
        meeting.committee.members.append(Member(designation="সিভিল সার্জন"))
        rows = propose_distribution(meeting)
    keys = [match_key(r["text"]) for r in rows]
    assert len(keys) == len(set(keys))
    texts = [r["text"] for r in rows]
    assert texts[:2] == ["জেলা শিক্ষা অফিসার।", "সিভিল সার্জন"]
    assert rows[0]["tag"] == "info"
    assert "উপজেলা নির্বাহী অফিসার (সকল)" in texts and "প্রোগ্রামার, মাগুরা" in texts
    assert not any(t.startswith("স্ব স্ব") for t in texts)
    # "সহঃ প্রোগ্রামার (সকল), মাগুরা" and "সহকারী প্রোগ্রামার (সকল), মাগুরা" are one entry
    assert len([t for t in texts if "প্রোগ্রামার (সকল)" in t]) == 2


def test_without_standing_list_the_last_meetings_list_is_proposed(app, magura_doc):
    from committee.documents.distribution import propose_distribution

    import_magura(app, magura_doc)
    draft = import_magura(app, draft_doc(magura_doc))
    with app.app_context():
        rows = propose_distribution(db.session.get(Meeting, draft))
    assert [r["text"] for r in rows[:6]] == magura_doc["issue"]["distribution"]


def test_distribution_editor_saves_and_keeps_the_standing_list(app, users, magura_doc):
    first = import_magura(app, draft_doc(magura_doc, "2022-04-11"))
    second = import_magura(app, draft_doc(magura_doc, "2022-05-09"))
    client = app.test_client()
    login(client, "sec")
    page = client.get(f"/meetings/{first}/distribution")
    assert page.status_code == 200 and "জেলা শিক্ষা অফিসার" in page.get_data(as_text=True)
    token = csrf_token(client, f"/meetings/{first}/distribution")
    form = {"csrf_token": token, "note": "জ্যেষ্ঠতার ক্রমানুসারে নয়", "keep_standing": "y",
            "text": ["বিভাগীয় কমিশনার, খুলনা", "", "জেলা প্রশাসক, মাগুরা", "অফিস কপি",
                     "বিভাগীয় কমিশনার, খুলনা।"],
            "tag": ["action", "action", "action", "info", "action"]}
    saved = client.post(f"/meetings/{first}/distribution", data=form)
    assert saved.status_code == 302
    expected = [{"text": "বিভাগীয় কমিশনার, খুলনা", "tag": "action"},
                {"text": "জেলা প্রশাসক, মাগুরা", "tag": "action"},
                {"text": "অফিস কপি", "tag": "info"}]
    with app.app_context():
        meeting = db.session.get(Meeting, first)
        assert meeting.distribution == expected
        assert meeting.committee.distribution == expected
    text = "\n".join(docx_lines(render(app, first)))
    assert_in_order(text, ["বিতরণ (জ্যেষ্ঠতার ক্রমানুসারে নয়) :", "১)\tবিভাগীয় কমিশনার, খুলনা",
                           "২)\tজেলা প্রশাসক, মাগুরা", "সদয় অবগতি ও কার্যার্থে অনুলিপি :",
                           "১)\tঅফিস কপি"])
    # The next meeting starts from the standing list.
    with app.app_context():
        from committee.documents.distribution import propose_distribution

        rows = propose_distribution(db.session.get(Meeting, second))
    assert rows[:3] == expected


def test_issued_distribution_is_frozen(app, users, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    client = app.test_client()
    login(client, "sec")
    page = client.get(f"/meetings/{meeting_id}/distribution").get_data(as_text=True)
    assert "মাননীয় সংসদ সদস্য, মাগুরা - ১" in page and 'name="text"' not in page
    token = csrf_token(client, "/")
    client.post(f"/meetings/{meeting_id}/distribution",
                data={"csrf_token": token, "note": "", "text": ["x"], "tag": ["action"]})
    with app.app_context():
        assert len(db.session.get(Meeting, meeting_id).distribution) == 6


# -- routes, authorization, print view --------------------------------------------------

def test_downloads_web_and_api(app, users, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    client = app.test_client()
    login(client, "viewer")
    for kind in ("minutes", "notice"):
        r = client.get(f"/meetings/{meeting_id}/{kind}.docx")
        assert r.status_code == 200 and r.mimetype.endswith("wordprocessingml.document")
        assert f"{kind}-2022-03-14-{meeting_id}.docx" in r.headers["Content-Disposition"]
    headers = {"Authorization": "Bearer " + make_token(app, "deo")}
    api = app.test_client()
    r = api.get(f"/api/v1/meetings/{meeting_id}/minutes.docx", headers=headers)
    assert r.status_code == 200 and MEMO in "\n".join(docx_lines(r.data))
    assert api.get(f"/api/v1/meetings/{meeting_id}/notice.docx",
                   headers=headers).status_code == 200
    assert api.get(f"/api/v1/meetings/{meeting_id}/minutes.docx").status_code == 401
    other = {"Authorization": "Bearer " + make_token(app, "sec_b")}
    assert api.get(f"/api/v1/meetings/{meeting_id}/minutes.docx",
                   headers=other).status_code == 403
    assert api.get("/api/v1/meetings/9999/notice.docx", headers=headers).status_code == 404


@pytest.mark.parametrize("path", ["minutes.docx", "notice.docx", "print", "distribution",
                                  "issue"])
def test_other_district_gets_403_and_missing_404(app, users, magura_doc, path):
    meeting_id = import_magura(app, draft_doc(magura_doc))
    client = app.test_client()
    login(client, "sec_b")
    assert client.get(f"/meetings/{meeting_id}/{path}").status_code == 403
    assert client.get(f"/meetings/99999/{path}").status_code == 404


def test_every_documents_route_requires_login(app):
    client = app.test_client()
    rules = [r for r in app.url_map.iter_rules()
             if r.endpoint.startswith("documents.")
             or r.endpoint in ("api.issue_meeting", "api.minutes_docx", "api.notice_docx")]
    assert len(rules) >= 9
    for rule in rules:
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "_authz", None) not in (None, "public"), rule.endpoint
        method = "POST" if "POST" in rule.methods else "GET"
        r = client.open(rule.rule.replace("<int:meeting_id>", "1"), method=method)
        assert r.status_code in (302, 400, 401), (rule.rule, r.status_code)


def test_print_view_matches_the_docx(app, users, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    client = app.test_client()
    login(client, "viewer")
    html = client.get(f"/meetings/{meeting_id}/print").get_data(as_text=True)
    assert_in_order(html, ["গণপ্রজাতন্ত্রী বাংলাদেশ সরকার", "জেলা আইসিটি কমিটির মাসিক সভার কার্যবিবরণী",
                           "১৪/০৩/২০২২ খ্রিঃ", "২. ডিজিটাল কনটেন্ট:", "১৩.২।", MEMO,
                           "২৪ চৈত্র ১৪২৮", "০৭ এপ্রিল ২০২২", "৬)", "মোঃ আবুল কাসেম পলাশ"])
    assert "documents.css" in html and "<script>" not in html.split("</main>")[0]


def test_meeting_page_shows_the_document_actions(app, users, magura_doc):
    draft = import_magura(app, draft_doc(magura_doc))
    client = app.test_client()
    login(client, "sec")
    html = client.get(f"/meetings/{draft}").get_data(as_text=True)
    if "document-actions" not in html:
        pytest.skip("the meeting page does not include documents/_meeting_actions.html yet")
    assert f"/meetings/{draft}/minutes.docx" in html and f"/meetings/{draft}/issue" in html
    login(viewer := app.test_client(), "viewer")
    html = viewer.get(f"/meetings/{draft}").get_data(as_text=True)
    assert f"/meetings/{draft}/minutes.docx" in html
    assert f"/meetings/{draft}/issue" not in html


# -- LibreOffice ------------------------------------------------------------------------

def test_bangla_text_survives_conversion_to_pdf(app, magura_doc, tmp_path):
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) or poppler (pdftotext) not installed: "
                    "run scripts/system-packages")
    source = tmp_path / "magura.docx"
    source.write_bytes(render(app, import_magura(app, magura_doc)))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "magura.pdf"), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    for piece in ("কার্যবিবরণী", "সভাপতি", MEMO, "২৪ চৈত্র ১৪২৮", "বাস্তবায়নে"):
        assert nfc(piece) in nfc(text), piece
