"""Importing legacy minutes from Word documents: CLI, API and the preview pages."""
import hashlib
import io
import json
import re
import shutil
import subprocess
import zipfile

import pytest
from sqlalchemy import func, select

from committee.apa.defaults import install_defaults
from committee.apa.service import compute
from committee.committees.file import serial_state
from committee.extensions import db
from committee.models import (
    Assignment,
    Decision,
    DocxUpload,
    Letter,
    Meeting,
    ResponsibleParty,
)
from tests.conftest import csrf_token, login, make_token
from tests.wordimport_docs import letter_docx, magura_docx, minutes_docx

MEMO = "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯"
# Offices of the Magura minutes that every district's directory starts with.
IN_DIRECTORY = {"জেলা শিক্ষা অফিসার", "প্রোগ্রামার, মাগুরা", "উপজেলা নির্বাহী অফিসার (সকল)",
                "অতিরিক্ত জেলা প্রশাসক (শিক্ষা ও আইসিটি)"}


def _count(app, model=Meeting) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.fixture
def magura_file(tmp_path):
    return _write(tmp_path, "magura-2022-03-14.docx", magura_docx())


def test_read_docx_prints_the_document_and_stores_nothing(app, runner, magura_file):
    result = runner.invoke(args=["minutes", "read-docx", magura_file])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["format"] == "committee-minutes/1"
    assert len(doc["meeting"]["items"]) == 13
    assert doc["issue"]["memo_serial"] == 9
    assert _count(app) == 0


def test_import_docx_stores_issued_minutes_with_the_original_as_the_letter(
        app, runner, magura_file):
    result = runner.invoke(args=["minutes", "import-docx", magura_file, "--yes"])
    assert result.exit_code == 0, result.output
    meeting_id = int(result.output.strip().splitlines()[-1].split("\t")[1])
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.status == "issued"
        assert meeting.held_on.isoformat() == "2022-03-14"
        assert meeting.memo_date.isoformat() == "2022-04-07"
        assert len(meeting.items) == 13
        assert sum(len(i.decisions) for i in meeting.items) == 29
        letter = meeting.minutes_letter
        assert letter.serial == 9 and letter.file_key.endswith(".20")
        original = open(magura_file, "rb").read()
        assert db.session.scalar(select(Letter.docx).where(Letter.id == letter.id)) == original
        assert letter.sha256 == hashlib.sha256(original).hexdigest()
        # The file's serial moved on: the next letter of this committee takes ১০.
        assert serial_state(meeting.committee).next_serial == 10
        item_ids = [i.id for i in meeting.items]
        linked = {p.text: p.office_id for p in db.session.scalars(
            select(ResponsibleParty).where(ResponsibleParty.item_id.in_(item_ids)))}
        for name in IN_DIRECTORY:
            assert linked.get(name), name
        assert meeting.distribution[0]["text"] == "মাননীয় সংসদ সদস্য, মাগুরা - ১"
        assert [e["text"] for e in meeting.distribution][-1] == \
            "উপজেলা নির্বাহী অফিসার (সকল), মাগুরা"
    # The letter downloads as the original bytes.
    assert _count(app) == 1


def test_second_import_of_the_same_file_is_recognised(app, runner, magura_file):
    first = runner.invoke(args=["minutes", "import-docx", magura_file, "--yes"])
    second = runner.invoke(args=["minutes", "import-docx", magura_file, "--yes"])
    assert first.exit_code == second.exit_code == 0
    assert "০টি নতুন, ১টি আগেই ছিল" in second.output
    assert _count(app) == 1 and _count(app, Letter) == 1


def test_a_memo_number_already_used_is_refused(app, runner, tmp_path, magura_file):
    runner.invoke(args=["minutes", "import-docx", magura_file, "--yes"])
    labelled = ["সভাপতি ড. আশরাফুল আলম", "জেলা প্রশাসক", "সভার তারিখ ১৪/০৪/২০২২ খ্রিঃ",
                "সভার সময় সকাল ১১:০০ টা", "স্থান সম্মেলন কক্ষ"]
    other = _write(tmp_path, "april.docx", minutes_docx(labelled=labelled,
                                                        date_lines=("তারিখ: ২০/০৪/২০২২",)))
    result = runner.invoke(args=["minutes", "import-docx", other, "--yes"])
    assert result.exit_code == 1
    assert "৯ নম্বর পত্র আগেই জারি হয়েছে" in result.output
    assert _count(app) == 1


def _month(day_month: str, serial: int) -> bytes:
    labelled = ["সভাপতি ড. আশরাফুল আলম", "জেলা প্রশাসক", f"সভার তারিখ {day_month}/২০২২ খ্রিঃ",
                "সভার সময় সকাল ১১:০০ টা", "স্থান সম্মেলন কক্ষ"]
    memo = f"স্মারক নম্বর: ৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.{serial}"
    return minutes_docx(labelled=labelled, memo_line=memo,
                        date_lines=(f"তারিখ: ২০/{day_month.split('/')[1]}/২০২২",))


def test_batch_zip_imports_in_date_order_and_says_what_was_refused(app, runner, tmp_path):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("c-march.docx", _month("১৪/০৩", 9))
        z.writestr("b-february.docx", _month("১৪/০২", 8))
        z.writestr("a-january.docx", _month("১০/০১", 7))
        z.writestr("notes.txt", "not minutes")
        z.writestr("letter.docx", letter_docx())
    path = _write(tmp_path, "magura-2022.zip", archive.getvalue())
    result = runner.invoke(args=["minutes", "import-docx", path, "--yes"])
    assert result.exit_code == 1, result.output
    assert "আমদানি: ৩টি নতুন" in result.output
    assert "notes.txt: Word ফাইল নয়" in result.output
    assert "letter.docx" in result.output and "কার্যবিবরণী নয়" in result.output
    with app.app_context():
        dates = [m.held_on.isoformat() for m in db.session.scalars(
            select(Meeting).order_by(Meeting.id))]
        assert dates == ["2022-01-10", "2022-02-14", "2022-03-14"]
        # Their decisions join the tracker as open decisions.
        assert db.session.scalar(select(func.count()).select_from(Decision)) == 3 * 29
        assert db.session.scalar(select(func.count()).select_from(Assignment)) > 3 * 20
        # The meetings count in the APA of their fiscal year (2021-22), in quarter ৩.
        install_defaults("2021-22")
        district = db.session.scalar(select(Meeting)).committee.district_id
        meetings = next(r for r in compute(2021, district) if r.indicator.code == "[৩.১.১]")
        assert meetings.quarters[2] == 3 and meetings.achievement == 3


def test_dot_doc_files_are_converted_with_libreoffice(app, runner, tmp_path, magura_file):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (scripts/system-packages installs it)")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/p",
                    "--convert-to", "doc", "--outdir", str(tmp_path), magura_file],
                   check=True, capture_output=True, timeout=120)
    doc_file = str(tmp_path / "magura-2022-03-14.doc")
    result = runner.invoke(args=["minutes", "read-docx", doc_file])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert len(doc["meeting"]["items"]) == 13
    assert sum(len(i["decisions"]) for i in doc["meeting"]["items"]) == 29


# --------------------------------------------------------------------------- API

@pytest.fixture
def tokens(app, users):
    return {name: make_token(app, name) for name in users}


def _read_api(client, token, data: bytes, **headers):
    return client.post("/api/v1/minutes/read-docx", data=data,
                       headers={"Authorization": f"Bearer {token}", **headers})


def test_api_reads_without_storing_then_the_document_imports(app, client, tokens):
    response = _read_api(client, tokens["sec"], magura_docx(), **{"X-Filename": "m.docx"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["problems"] == [] and len(body["document"]["meeting"]["items"]) == 13
    assert body["sources"]["issue.memo_serial"]["text"].endswith(MEMO)
    assert _count(app) == 0 and _count(app, DocxUpload) == 0
    imported = client.post("/api/v1/meetings/import", json=body["document"],
                           headers={"Authorization": f"Bearer {tokens['sec']}"})
    assert imported.status_code == 201, imported.get_json()
    assert _count(app) == 1


def test_api_read_needs_a_token_and_a_secretary(client, tokens):
    assert client.post("/api/v1/minutes/read-docx", data=magura_docx()).status_code == 401
    assert _read_api(client, tokens["viewer"], magura_docx()).status_code == 403
    assert _read_api(client, tokens["deo"], magura_docx()).status_code == 403


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<x/>")
        z.writestr("word/document.xml", b"\0" * (80 * 1024 * 1024))
    return out.getvalue()


def _encrypted() -> bytes:
    # An OLE compound file holding an EncryptedPackage stream: how Word saves a
    # password-protected .docx.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + \
        "EncryptedPackage".encode("utf-16-le") + b"\0" * 512


@pytest.mark.parametrize("data, words", [
    (b"PK\x03\x04 this is not really a zip", "নষ্ট"),
    (b"%PDF-1.4 not a word file", "Word (.docx বা .doc) ফাইল নয়"),
    (_encrypted(), "পাসওয়ার্ড"),
    (letter_docx(), "কার্যবিবরণী নয়"),
    (b"", "খালি"),
], ids=["corrupt", "pdf", "encrypted", "not-minutes", "empty"])
def test_api_refuses_what_is_not_readable_minutes(app, client, tokens, data, words):
    response = _read_api(client, tokens["sec"], data)
    assert response.status_code == 422
    assert words in response.get_json()["error"]
    assert _count(app) == 0


def test_zip_bomb_is_refused_before_it_is_inflated(client, tokens):
    bomb = _zip_bomb()
    assert len(bomb) < 200 * 1024
    response = _read_api(client, tokens["sec"], bomb)
    assert response.status_code == 422 and "বোমা" in response.get_json()["error"]


def test_a_50_mb_file_is_refused(client, tokens):
    response = _read_api(client, tokens["sec"], b"PK" + b"\0" * (50 * 1024 * 1024))
    assert response.status_code == 413
    assert response.get_json()["error"]


# --------------------------------------------------------------------------- pages

def _upload(client, files):
    return client.post("/meetings/import-docx", data={
        "csrf_token": csrf_token(client, "/meetings/import-docx"),
        "files": [(io.BytesIO(data), name) for name, data in files]},
        content_type="multipart/form-data")


def _form_fields(html: str) -> dict:
    fields = {}
    for m in re.finditer(r'<input type="(?:text|hidden)" (?:id="[^"]*" )?name="([^"]+)" '
                         r'value="([^"]*)"', html):
        fields[m[1]] = m[2]
    for m in re.finditer(r'<textarea id="[^"]*" name="([^"]+)" rows="\d+">(.*?)</textarea>',
                         html, re.S):
        fields[m[1]] = m[2]
    return {k: v.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
            for k, v in fields.items()}


def test_preview_shows_each_field_beside_its_source_then_imports(app, client, users):
    login(client, "sec")
    response = _upload(client, [("magura.docx", magura_docx())])
    assert response.status_code == 302
    batch = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "১৪/০৩/২০২২" in batch and "১৩ / ২৯" in batch
    preview_url = re.search(r'href="(/meetings/import-docx/\d+)"', batch)[1]
    html = client.get(preview_url).get_data(as_text=True)
    assert MEMO in html and "সভার তারিখ ১৪/০৩/২০২২ খ্রিঃ" in html
    assert "সারণি ১, সারি ৭, ঘর ১" in html  # item ৬'s source, where it is in the file
    assert 'class="read-field unread"' not in html  # every field was read
    assert _count(app) == 0
    fields = _form_fields(html)
    fields["confirm"] = "1"
    done = client.post(preview_url, data=fields)
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert MEMO in page and _count(app) == 1
    # The same file again: recognised as imported, with the meeting's link.
    again = client.get(_upload(client, [("magura.docx", magura_docx())]).headers["Location"])
    assert "data-already>আগেই আমদানি হয়েছে" in again.get_data(as_text=True)
    assert _count(app) == 1


def test_officer_types_what_was_not_read_and_the_correction_is_kept(app, client, users):
    login(client, "sec")
    rows = [["৩. ই-নথি নিয়ে দীর্ঘ আলোচনা হয় এবং সকল দপ্তরে চালুর কথা বলা হয়।",
             "৩.১ চালু করতে হবে।", "প্রোগ্রামার, মাগুরা"]]
    response = _upload(client, [("m.docx", minutes_docx(rows=rows))])
    batch = client.get(response.headers["Location"]).get_data(as_text=True)
    preview_url = re.search(r'href="(/meetings/import-docx/\d+)"', batch)[1]
    html = client.get(preview_url).get_data(as_text=True)
    assert 'class="read-field unread" data-path="meeting.items[0].title"' in html
    fields = _form_fields(html)
    fields["confirm"] = "1"
    refused = client.post(preview_url, data=fields)  # the title is still empty
    assert refused.status_code == 400 and _count(app) == 0
    fields = _form_fields(refused.get_data(as_text=True))
    fields["items-0-title"] = "ই-নথি"
    fields["check"] = "1"
    kept = client.post(preview_url, data=fields).get_data(as_text=True)
    assert 'value="ই-নথি"' in kept and _count(app) == 0
    fields = _form_fields(kept)
    fields["confirm"] = "1"
    assert client.post(preview_url, data=fields).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Meeting)).items[0].title == "ই-নথি"


def test_uploads_are_private_and_other_districts_are_refused(app, client, users):
    login(client, "sec_b")  # secretary of ঝিনাইদহ
    response = _upload(client, [("magura.docx", magura_docx())])
    batch_url = response.headers["Location"]
    preview_url = re.search(r'href="(/meetings/import-docx/\d+)"',
                            client.get(batch_url).get_data(as_text=True))[1]
    fields = _form_fields(client.get(preview_url).get_data(as_text=True))
    fields["confirm"] = "1"
    refused = client.post(preview_url, data=fields)
    assert refused.status_code == 403 and _count(app) == 0
    # The whole batch: the file is refused by name, the page says so (no bare 403).
    summary = client.post(batch_url + "/import", data={"csrf_token": csrf_token(client, batch_url)})
    assert summary.status_code == 200 and "অনুমতি আপনার নেই" in summary.get_data(as_text=True)
    assert _count(app) == 0
    client.get("/logout")
    login(client, "sec")
    assert client.get(preview_url).status_code == 404
    assert client.get(batch_url).status_code == 404
    login(client, "viewer")
    assert client.get("/meetings/import-docx").status_code == 403


def test_upload_without_csrf_token_is_refused(app, client, users):
    login(client, "sec")
    response = client.post("/meetings/import-docx", data={
        "files": [(io.BytesIO(magura_docx()), "m.docx")]}, content_type="multipart/form-data")
    assert response.status_code == 400 and _count(app, DocxUpload) == 0


def test_batch_page_imports_every_file_without_problems(app, client, users):
    login(client, "sec")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("2022-02.docx", _month("১৪/০২", 8))
        z.writestr("2022-01.docx", _month("১০/০১", 7))
        z.writestr("broken.docx", b"PK\x03\x04 broken")
    response = _upload(client, [("magura.zip", archive.getvalue())])
    batch_url = response.headers["Location"]
    html = client.get(batch_url).get_data(as_text=True)
    assert html.index("১০/০১/২০২২") < html.index("১৪/০২/২০২২")  # date order
    assert "broken.docx" in html and "নষ্ট" in html
    done = client.post(batch_url + "/import",
                       data={"csrf_token": csrf_token(client, batch_url)})
    text = done.get_data(as_text=True)
    assert done.status_code == 200 and "২টি কার্যবিবরণী আমদানি হয়েছে" in text
    assert _count(app) == 2


def test_minutes_without_a_memo_number_come_in_as_a_draft(app, runner, tmp_path):
    draft = minutes_docx(memo_line=None, labelled=[
        "সভাপতি ড. আশরাফুল আলম", "জেলা প্রশাসক", "সভার তারিখ ১১/০৪/২০২২ খ্রিঃ",
        "সভার সময় সকাল ১১:০০ টা", "স্থান সম্মেলন কক্ষ"])
    path = _write(tmp_path, "draft.docx", draft)
    # A committee not yet in the system: its file number must be given (the preview asks).
    alone = runner.invoke(args=["minutes", "import-docx", path, "--yes"])
    assert alone.exit_code == 1 and "নথি নম্বর" in alone.output and _count(app) == 0
    # The Magura committee exists (its March minutes): the draft takes its file.
    runner.invoke(args=["minutes", "import-docx", _write(tmp_path, "m.docx", magura_docx()),
                        "--yes"])
    result = runner.invoke(args=["minutes", "import-docx", path, "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        meeting = db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
        assert meeting.status == "draft" and meeting.minutes_letter is None
        assert meeting.held_on.isoformat() == "2022-04-11" and len(meeting.items) == 13
    assert _count(app, Letter) == 1 and _count(app) == 2
