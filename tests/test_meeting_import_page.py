"""Importing a meeting file through the browser."""
import io
import json

from sqlalchemy import func, select

from committee.extensions import db
from committee.models import Meeting
from tests.conftest import csrf_token, login


def _post(client, content: bytes):
    return client.post("/meetings/import", data={
        "csrf_token": csrf_token(client, "/meetings/import"),
        "file": (io.BytesIO(content), "magura.json")}, content_type="multipart/form-data")


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Meeting))


def test_secretary_imports_magura(app, client, users, magura_doc):
    login(client, "sec")
    response = _post(client, json.dumps(magura_doc, ensure_ascii=False).encode())
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯" in page and _count(app) == 1


def test_refusals_list_every_problem_and_store_nothing(app, client, users, magura_doc):
    login(client, "sec")
    magura_doc["meeting"]["items"][2]["title"] = ""
    magura_doc["committee"]["file_number"] = "১২৩"
    html = _post(client, json.dumps(magura_doc).encode()).get_data(as_text=True)
    # Each problem named by the field an officer knows, not by its JSON path.
    assert "আলোচ্য বিষয় ৩ › শিরোনাম" in html and "কমিটি › নথি নম্বর" in html
    assert "meeting.items[2].title" not in html and "committee.file_number" not in html
    assert "সঠিক JSON নয়" in _post(client, b"{not json").get_data(as_text=True)
    assert _count(app) == 0


def test_other_district_and_viewer_refused(app, client, users, magura_doc):
    login(client, "sec_b")
    response = _post(client, json.dumps(magura_doc).encode())
    assert response.status_code == 403 and "অনুমতি" in response.get_data(as_text=True)
    login(client, "viewer")
    assert client.get("/meetings/import").status_code == 403
    assert _count(app) == 0
