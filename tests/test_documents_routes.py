"""The documents' routes: downloads, authorization, the print view, and (with
LibreOffice) the PDF."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import import_magura, login, make_token
from tests.documents_helpers import (
    MEMO,
    assert_in_order,
    docx_lines,
    draft_doc,
    nfc,
    render,
)

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
        r = client.open(re.sub(r"<int:\w+>", "1", rule.rule), method=method)
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
