"""A file belongs to one committee (form and import), the serial a file has reached (web and
API), and the committee's decision-number punctuation and reminder interval."""
from __future__ import annotations

import copy
import json
import unicodedata

import pytest
from sqlalchemy import func, select

from committee.extensions import db
from committee.models import AuditEntry, Committee, Letter, Meeting
from tests.conftest import csrf_token, import_magura, login, make_token, make_user

MAGURA_FILE = "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০"
MAGURA_KEY = "56.04.5500.000.06.001.20"
OWNED_BY_MAGURA = "এই নথি নম্বর মাগুরা জেলার একটি কমিটির নথি"
JHENAIDAH_FILE = "৫৬.০৪.৪৪০০.০০০.০৬.০০১.২৪"
# Magura's file number as other people type it: ASCII, mixed digits, stray spaces.
MAGURA_VARIANTS = [
    MAGURA_FILE,
    MAGURA_KEY,
    "৫৬.04.৫৫০০.000.০৬.০০১.20",
    f"\u00a0 {MAGURA_FILE} \t",
]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def tokens(app, users):
    return {name: make_token(app, name) for name in users}


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def jhenaidah_doc(magura_doc, file_number: str = JHENAIDAH_FILE) -> dict:
    """The Magura minutes as a Jhenaidah committee's draft on `file_number`."""
    doc = copy.deepcopy(magura_doc)
    doc["committee"].update(name="জেলা আইসিটি কমিটি, ঝিনাইদহ", district="ঝিনাইদহ",
                            file_number=file_number)
    doc.pop("issue")
    return doc


def draft_doc(magura_doc, held_on: str = "2022-04-11") -> dict:
    doc = copy.deepcopy(magura_doc)
    doc.pop("issue")
    doc["meeting"]["held_on"] = held_on
    return doc


def magura_committee(app) -> int:
    """Magura's committee with its minutes issued as letter 9 of its file."""
    import_magura(app)
    with app.app_context():
        return db.session.scalar(select(Committee.id).where(Committee.file_key == MAGURA_KEY))


def committee_row(app, committee_id: int) -> dict:
    with app.app_context():
        c = db.session.get(Committee, committee_id)
        return {"name": c.name, "file_key": c.file_key, "serial_reached": c.serial_reached,
                "decision_suffix": c.decision_suffix, "reminder_days": c.reminder_days}


def audit_entries(app, committee_id: int) -> list[AuditEntry]:
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "committee", AuditEntry.object_id == committee_id)
            .order_by(AuditEntry.id)).all()
        db.session.expunge_all()
        return entries


def form_data(client, path: str, **changes) -> dict:
    """A valid district committee of ঝিনাইদহ (the form of `path`), with `changes`."""
    data = {
        "csrf_token": csrf_token(client, path),
        "name": "জেলা আইসিটি কমিটি, ঝিনাইদহ", "kind": "ict", "level": "district",
        "district": "ঝিনাইদহ", "upazila": "", "file_number": JHENAIDAH_FILE,
        "office_header": "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার",
        "members-0-name": "", "members-0-designation": "জেলা প্রশাসক",
        "members-0-office": "", "members-0-role": "chair",
    }
    data.update(changes)
    return data


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# -- the import refuses another committee's file ------------------------------------------

@pytest.mark.parametrize("file_number", MAGURA_VARIANTS)
def test_other_district_cannot_import_onto_maguras_file(app, client, tokens, magura_doc,
                                                        file_number):
    magura_committee(app)
    response = client.post("/api/v1/meetings/import", headers=bearer(tokens["sec_b"]),
                           json=jhenaidah_doc(magura_doc, file_number))
    assert response.status_code == 400, response.get_json()
    body = response.get_json()
    assert isinstance(body["error"], str) and body["error"]
    [problem] = [p for p in body["details"] if p["path"] == "committee.file_number"]
    assert OWNED_BY_MAGURA in problem["message"]
    assert "নিজস্ব নথি নম্বর দিন" in problem["message"]
    assert count(app, Committee) == 1 and count(app, Meeting) == 1


def test_file_problem_is_listed_with_the_other_problems(app, client, tokens, magura_doc):
    magura_committee(app)
    doc = jhenaidah_doc(magura_doc, MAGURA_KEY)
    doc["meeting"]["held_on"] = "2022-02-30"
    response = client.post("/api/v1/meetings/import", headers=bearer(tokens["sec_b"]),
                           json=doc)
    assert response.status_code == 400
    paths = {p["path"] for p in response.get_json()["details"]}
    assert {"committee.file_number", "meeting.held_on"} <= paths


def test_another_committee_of_the_same_district_cannot_share_the_file(app, client, tokens,
                                                                      magura_doc):
    magura_committee(app)
    doc = draft_doc(magura_doc)
    doc["committee"].update(name="জেলা নৈতিকতা কমিটি, মাগুরা", kind="ethics")
    response = client.post("/api/v1/meetings/import", headers=bearer(tokens["sec"]), json=doc)
    assert response.status_code == 400
    assert OWNED_BY_MAGURA in response.get_json()["details"][0]["message"]
    assert count(app, Committee) == 1


def test_importing_into_the_owner_itself_stays_allowed(app, client, tokens, magura_doc):
    committee_id = magura_committee(app)
    doc = draft_doc(magura_doc)
    doc["committee"]["file_number"] = MAGURA_KEY  # ASCII digits: the same file
    doc["committee"]["name"] = "জেলা  আইসিটি কমিটি,মাগুরা"  # spelt a little differently
    response = client.post("/api/v1/meetings/import", headers=bearer(tokens["sec"]), json=doc)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["committee_id"] == committee_id
    assert count(app, Committee) == 1


def test_owner_district_is_named_whatever_its_unicode_form(app, client, tokens, magura_doc):
    # নড়াইল with ড় as one code point (U+09DC); the office keyboards type ড + nukta.
    precomposed, decomposed = "ন\u09dcাইল", "ন\u09a1\u09bcাইল"
    narail = copy.deepcopy(magura_doc)
    narail["committee"].update(name=f"জেলা আইসিটি কমিটি, {precomposed}",
                               district=precomposed, file_number="56.04.6500.000.06.001.20")
    import_magura(app, narail)
    response = client.post("/api/v1/meetings/import", headers=bearer(tokens["sec_b"]),
                           json=jhenaidah_doc(magura_doc, "৫৬.০৪.৬৫০০.০০০.০৬.০০১.২০"))
    assert response.status_code == 400
    message = nfc(response.get_json()["details"][0]["message"])
    assert nfc("এই নথি নম্বর নড়াইল জেলার একটি কমিটির নথি") in message
    # The owner itself, its district typed the other way, still imports on its file.
    again = draft_doc(narail)
    again["committee"].update(district=decomposed,
                              name=f"জেলা আইসিটি কমিটি, {decomposed}")
    response = client.post("/api/v1/meetings/import", headers=bearer(tokens["admin"]),
                           json=again)
    assert response.status_code == 201, response.get_json()
    assert count(app, Committee) == 1


def test_a_file_with_letters_stays_its_committees_file(app, client, tokens, magura_doc):
    """Magura moves to a new file; its old file (letter 9) is still not another's."""
    committee_id = magura_committee(app)
    with app.app_context():
        committee = db.session.get(Committee, committee_id)
        committee.file_number = committee.file_key = "56.04.5500.000.06.001.25"
        db.session.commit()
    response = client.post("/api/v1/meetings/import", headers=bearer(tokens["sec_b"]),
                           json=jhenaidah_doc(magura_doc, MAGURA_FILE))
    assert response.status_code == 400
    assert OWNED_BY_MAGURA in response.get_json()["details"][0]["message"]


def test_import_page_and_command_line_refuse_too(app, client, runner, users, magura_doc,
                                                  tmp_path):
    import io

    magura_committee(app)
    payload = json.dumps(jhenaidah_doc(magura_doc, MAGURA_KEY), ensure_ascii=False)
    login(client, "sec_b")
    response = client.post("/meetings/import", data={
        "csrf_token": csrf_token(client, "/meetings/import"),
        "file": (io.BytesIO(payload.encode("utf-8")), "minutes.json")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # The officer reads the field's name, not its JSON path.
    assert "কমিটি › নথি নম্বর" in html and OWNED_BY_MAGURA in html
    assert "committee.file_number" not in html
    path = tmp_path / "jhenaidah.json"
    path.write_text(payload, encoding="utf-8")
    result = runner.invoke(args=["minutes", "import", str(path)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "committee.file_number" in result.output and OWNED_BY_MAGURA in result.output
    assert count(app, Committee) == 1


def test_import_race_on_the_file_number_is_a_400_not_a_500(app, client, tokens, magura_doc,
                                                           monkeypatch):
    """Another request stores a committee on the file between the check and the commit."""
    import committee.imports.importer as importer

    magura_committee(app)
    real, calls = importer.file_problems, []

    def late(c):  # the check before storing sees nothing; the one after the error does
        calls.append(c)
        return [] if len(calls) == 1 else real(c)

    monkeypatch.setattr(importer, "file_problems", late)
    response = client.post("/api/v1/meetings/import", headers=bearer(tokens["sec_b"]),
                           json=jhenaidah_doc(magura_doc, MAGURA_KEY))
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.get_json()["details"][0]["path"] == "committee.file_number"
    assert OWNED_BY_MAGURA in response.get_json()["details"][0]["message"]
    assert len(calls) == 2
    assert count(app, Committee) == 1 and count(app, Meeting) == 1


# -- memo_serial on import: 1..99,999 ------------------------------------------------------

@pytest.mark.parametrize("serial", [2147483647, 0, 100000, "২১৪৭৪৮৩৬৪৭", -5, 9.5, True])
def test_import_refuses_serials_outside_the_file(app, client, tokens, magura_doc, serial):
    magura_doc["issue"]["memo_serial"] = serial
    response = client.post("/api/v1/meetings/import", headers=bearer(tokens["sec"]),
                           json=magura_doc)
    assert response.status_code == 400, response.get_data(as_text=True)
    [problem] = response.get_json()["details"]
    assert problem["path"] == "issue.memo_serial"
    assert "১ থেকে ৯৯,৯৯৯" in problem["message"]
    assert count(app, Letter) == 0 and count(app, Committee) == 0


def test_import_accepts_the_last_serial_of_a_file(app, client, tokens, magura_doc):
    magura_doc["issue"]["memo_serial"] = "৯৯৯৯৯"
    response = client.post("/api/v1/meetings/import", headers=bearer(tokens["sec"]),
                           json=magura_doc)
    assert response.status_code == 201, response.get_json()
    exported = client.get(f"/api/v1/meetings/{response.get_json()['id']}",
                          headers=bearer(tokens["sec"])).get_json()
    assert exported["issue"]["memo_number"] == MAGURA_FILE + ".৯৯৯৯৯"


# -- the committee form refuses another committee's file ---------------------------------

@pytest.mark.parametrize("file_number", MAGURA_VARIANTS[1:])
def test_other_district_cannot_create_a_committee_on_maguras_file(app, client, users,
                                                                  file_number):
    magura_committee(app)
    login(client, "sec_b")
    response = client.post("/committees/new",
                           data=form_data(client, "/committees/new", file_number=file_number))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert OWNED_BY_MAGURA in html
    # What was typed stays in the form.
    assert f'value="{file_number.strip()}"' in html or file_number in html
    assert 'value="জেলা আইসিটি কমিটি, ঝিনাইদহ"' in html
    assert count(app, Committee) == 1


def test_form_lists_the_file_problem_with_its_other_errors(app, client, users):
    magura_committee(app)
    login(client, "sec_b")
    response = client.post("/committees/new", data=form_data(
        client, "/committees/new", file_number=MAGURA_KEY, name="", reminder_days="০"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert OWNED_BY_MAGURA in html and "কমিটির নাম লিখুন" in html
    assert "১ থেকে ৩৬৫ এর মধ্যে" in html
    assert count(app, Committee) == 1


def test_other_district_cannot_move_its_committee_onto_maguras_file(app, client, users):
    magura_committee(app)
    login(client, "sec_b")
    assert client.post("/committees/new",
                       data=form_data(client, "/committees/new")).status_code == 302
    with app.app_context():
        own = db.session.scalar(select(Committee.id).where(Committee.file_key != MAGURA_KEY))
    path = f"/committees/{own}/edit"
    response = client.post(path, data=form_data(client, path, file_number=MAGURA_KEY,
                                                name="নতুন নাম"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert OWNED_BY_MAGURA in html and f'value="{MAGURA_KEY}"' in html
    assert 'value="নতুন নাম"' in html
    assert committee_row(app, own)["file_key"] == "56.04.4400.000.06.001.24"
    assert committee_row(app, own)["name"] == "জেলা আইসিটি কমিটি, ঝিনাইদহ"


def test_the_owner_keeps_its_file_when_edited(app, client, users):
    committee_id = magura_committee(app)
    login(client, "sec")
    path = f"/committees/{committee_id}/edit"
    data = form_data(client, path, district="মাগুরা", file_number=MAGURA_KEY,
                     name="জেলা আইসিটি কমিটি, মাগুরা")
    assert client.post(path, data=data).status_code == 302
    assert committee_row(app, committee_id)["file_key"] == MAGURA_KEY


def test_form_race_on_the_file_number_is_a_400_not_a_500(app, client, users, monkeypatch):
    """Both checks pass (another request commits meanwhile); the constraint answers."""
    import committee.committees.service as service
    import committee.committees.views as views

    magura_committee(app)
    monkeypatch.setattr(views, "file_owner", lambda *args: None)
    monkeypatch.setattr(service, "check_file", lambda *args: None)
    login(client, "sec_b")
    response = client.post("/committees/new",
                           data=form_data(client, "/committees/new", file_number=MAGURA_KEY))
    assert response.status_code == 400, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert OWNED_BY_MAGURA in html and f'value="{MAGURA_KEY}"' in html
    assert count(app, Committee) == 1
    with app.app_context():  # the refused create left no audit entry behind
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.object_type == "committee", AuditEntry.action == "create")) == 1


# -- the serial the file has reached -----------------------------------------------------

def serial_form(client, committee_id: int, reached) -> dict:
    return {"csrf_token": csrf_token(client, f"/committees/{committee_id}"),
            "reached": reached}


def issue_by_api(client, token: str, meeting_id: int) -> dict:
    response = client.post(f"/api/v1/meetings/{meeting_id}/issue",
                           json={"memo_date": "2022-05-02"}, headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_secretary_sets_the_serial_on_the_committee_page(app, client, users, tokens,
                                                         magura_doc):
    committee_id = magura_committee(app)
    login(client, "sec")
    page = client.get(f"/committees/{committee_id}").get_data(as_text=True)
    assert MAGURA_FILE + ".১০" in page  # after letter 9
    response = client.post(f"/committees/{committee_id}/serial",
                           data=serial_form(client, committee_id, "২৪"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert MAGURA_FILE + ".২৫" in page
    assert committee_row(app, committee_id)["serial_reached"] == 24
    [entry] = [e for e in audit_entries(app, committee_id) if e.action == "update"]
    assert entry.changes == {"serial_reached": [0, 24]} and entry.username == "sec"
    draft = import_magura(app, draft_doc(magura_doc))
    issued = issue_by_api(client, tokens["sec"], draft)
    assert issued["memo_number"] == MAGURA_FILE + ".২৫" and issued["memo_serial"] == 25


def test_secretary_sets_the_serial_through_the_api(app, client, tokens, magura_doc):
    committee_id = magura_committee(app)
    response = client.post(f"/api/v1/committees/{committee_id}/serial", json={"reached": 24},
                           headers=bearer(tokens["sec"]))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["reached"] == 24 and body["next_memo_number"] == MAGURA_FILE + ".২৫"
    [entry] = [e for e in audit_entries(app, committee_id) if e.action == "update"]
    assert entry.changes == {"serial_reached": [0, 24]} and entry.username == "sec"
    draft = import_magura(app, draft_doc(magura_doc))
    assert issue_by_api(client, tokens["sec"], draft)["memo_number"] == MAGURA_FILE + ".২৫"
    # The same value again changes nothing (and logs nothing).
    again = client.post(f"/api/v1/committees/{committee_id}/serial", json={"reached": "২৫"},
                        headers=bearer(tokens["admin"]))
    assert again.status_code == 200
    assert again.get_json()["next_memo_number"] == MAGURA_FILE + ".২৬"
    assert len([e for e in audit_entries(app, committee_id) if e.action == "update"]) == 2


@pytest.mark.parametrize("reached, why", [
    (23, "below what it reached"),
    (8, "below the highest issued"),
])
def test_going_back_is_409_and_changes_nothing(app, client, tokens, reached, why):
    committee_id = magura_committee(app)
    url = f"/api/v1/committees/{committee_id}/serial"
    assert client.post(url, json={"reached": 24},
                       headers=bearer(tokens["sec"])).status_code == 200
    if why == "below the highest issued":
        with app.app_context():  # a fresh committee state: reached 0, letter 9 issued
            db.session.get(Committee, committee_id).serial_reached = 0
            db.session.commit()
    before = committee_row(app, committee_id)
    entries = len(audit_entries(app, committee_id))
    response = client.post(url, json={"reached": reached}, headers=bearer(tokens["sec"]))
    assert response.status_code == 409, response.get_json()
    body = response.get_json()
    assert body["error"] and body["details"][0]["path"] == "reached"
    assert committee_row(app, committee_id) == before
    assert len(audit_entries(app, committee_id)) == entries


def test_going_back_on_the_page_is_refused_with_a_message(app, client, users):
    committee_id = magura_committee(app)
    login(client, "sec")
    response = client.post(f"/committees/{committee_id}/serial",
                           data=serial_form(client, committee_id, "৫"))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "৯ নম্বর পত্র জারি হয়েছে" in html and 'value="৫"' in html
    assert committee_row(app, committee_id)["serial_reached"] == 0
    for bad in ("", "abc", "১০০০০০"):
        response = client.post(f"/committees/{committee_id}/serial",
                               data=serial_form(client, committee_id, bad))
        assert response.status_code == 400
        assert "৯৯,৯৯৯" in response.get_data(as_text=True)
    assert committee_row(app, committee_id)["serial_reached"] == 0


@pytest.mark.parametrize("body", [
    {"reached": "abc"}, {"reached": 24.5}, {"reached": True}, {"reached": -1},
    {"reached": 100000}, {"reached": 2147483648}, {"reached": None}, {},
])
def test_bad_serial_is_400_in_bangla(app, client, tokens, body):
    committee_id = magura_committee(app)
    response = client.post(f"/api/v1/committees/{committee_id}/serial", json=body,
                           headers=bearer(tokens["sec"]))
    assert response.status_code == 400, response.get_json()
    answer = response.get_json()
    assert answer["error"] and answer["details"][0]["path"] == "reached"
    assert any("\u0980" <= ch <= "\u09ff" for ch in answer["details"][0]["message"])
    assert committee_row(app, committee_id)["serial_reached"] == 0


@pytest.mark.parametrize("who, status", [("sec_b", 403), ("viewer", 403), ("deo", 403)])
def test_serial_outside_the_district_or_role_is_refused(app, client, tokens, who, status):
    committee_id = magura_committee(app)
    response = client.post(f"/api/v1/committees/{committee_id}/serial", json={"reached": 24},
                           headers=bearer(tokens[who]))
    assert response.status_code == status
    assert response.is_json and response.get_json()["error"]
    assert committee_row(app, committee_id)["serial_reached"] == 0


def test_serial_of_a_missing_committee_is_404_and_no_token_401(app, client, tokens):
    committee_id = magura_committee(app)
    response = client.post("/api/v1/committees/999/serial", json={"reached": 24},
                           headers=bearer(tokens["sec"]))
    assert response.status_code == 404 and response.get_json()["error"]
    response = client.post(f"/api/v1/committees/{committee_id}/serial", json={"reached": 24})
    assert response.status_code == 401


def test_serial_page_form_is_for_the_districts_secretary_only(app, client, users):
    committee_id = magura_committee(app)
    login(client, "viewer")
    page = client.get(f"/committees/{committee_id}").get_data(as_text=True)
    assert MAGURA_FILE + ".১০" in page and f"/committees/{committee_id}/serial" not in page
    token = csrf_token(client, f"/committees/{committee_id}")
    response = client.post(f"/committees/{committee_id}/serial",
                           data={"csrf_token": token, "reached": "24"})
    assert response.status_code == 403
    client.get("/logout")
    login(client, "sec_b")
    token = csrf_token(client, "/")
    response = client.post(f"/committees/{committee_id}/serial",
                           data={"csrf_token": token, "reached": "24"})
    assert response.status_code == 403
    response = client.post("/committees/999/serial", data={"csrf_token": token,
                                                           "reached": "24"})
    assert response.status_code == 404
    assert committee_row(app, committee_id)["serial_reached"] == 0


# -- decision-number punctuation and reminder interval -----------------------------------

def test_form_saves_decision_suffix_and_reminder_days(app, client, users):
    committee_id = magura_committee(app)
    assert committee_row(app, committee_id)["decision_suffix"] == "।"
    login(client, "sec")
    path = f"/committees/{committee_id}/edit"
    html = client.get(path).get_data(as_text=True)
    assert "২.১। …" in html and "২.১. …" in html  # the preview of both choices
    assert 'value="৩০"' in html
    data = form_data(client, path, district="মাগুরা", file_number=MAGURA_FILE,
                     name="জেলা আইসিটি কমিটি, মাগুরা", decision_suffix=".",
                     reminder_days="৪৫")
    assert client.post(path, data=data).status_code == 302
    row = committee_row(app, committee_id)
    assert (row["decision_suffix"], row["reminder_days"]) == (".", 45)
    update = [e for e in audit_entries(app, committee_id) if e.action == "update"][-1]
    assert update.changes["decision_suffix"] == ["।", "."]
    assert update.changes["reminder_days"] == [30, 45]
    html = client.get(path).get_data(as_text=True)
    assert 'value="৪৫"' in html and "২.১. …" in html
    assert "২.১. …" in client.get(f"/committees/{committee_id}").get_data(as_text=True)
    # ASCII digits too; a form without the two fields keeps them.
    data.update(reminder_days="7", csrf_token=csrf_token(client, path))
    assert client.post(path, data=data).status_code == 302
    assert committee_row(app, committee_id)["reminder_days"] == 7
    del data["reminder_days"], data["decision_suffix"]
    assert client.post(path, data=data).status_code == 302
    row = committee_row(app, committee_id)
    assert (row["decision_suffix"], row["reminder_days"]) == (".", 7)


def test_new_committee_gets_the_chosen_settings(app, client, users):
    login(client, "sec_b")
    data = form_data(client, "/committees/new", decision_suffix=".", reminder_days="১৫")
    assert client.post("/committees/new", data=data).status_code == 302
    with app.app_context():
        committee = db.session.scalars(select(Committee)).one()
        assert (committee.decision_suffix, committee.reminder_days) == (".", 15)
        created = db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "committee", AuditEntry.action == "create")).one()
        assert created.changes["reminder_days"] == [None, 15]


@pytest.mark.parametrize("changes, message", [
    ({"reminder_days": "0"}, "১ থেকে ৩৬৫ এর মধ্যে"),
    ({"reminder_days": "৩৬৬"}, "১ থেকে ৩৬৫ এর মধ্যে"),
    ({"reminder_days": "দশ"}, "১ থেকে ৩৬৫ এর মধ্যে"),
    ({"reminder_days": ""}, "১ থেকে ৩৬৫ এর মধ্যে"),
    ({"decision_suffix": ":"}, "«২.১।» অথবা «২.১.» বেছে নিন"),
])
def test_bad_settings_are_refused_in_bangla(app, client, users, changes, message):
    login(client, "sec_b")
    response = client.post("/committees/new",
                           data=form_data(client, "/committees/new", **changes))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    if "reminder_days" in changes:
        assert f'value="{changes["reminder_days"]}"' in html
    assert count(app, Committee) == 0


def test_settings_are_not_exported(app, client, tokens):
    magura_committee(app)
    with app.app_context():
        meeting_id = db.session.scalar(select(Meeting.id))
    exported = client.get(f"/api/v1/meetings/{meeting_id}",
                          headers=bearer(tokens["sec"])).get_json()
    assert "decision_suffix" not in exported["committee"]
    assert "reminder_days" not in exported["committee"]
    [listed] = client.get("/api/v1/committees", headers=bearer(tokens["sec"])).get_json()
    assert "decision_suffix" not in listed and "serial_reached" not in listed


def test_admin_may_set_any_districts_serial(app, client, users):
    make_user(app, "admin2", "admin")
    committee_id = magura_committee(app)
    token = make_token(app, "admin2")
    response = client.post(f"/api/v1/committees/{committee_id}/serial",
                           json={"reached": 99999}, headers=bearer(token))
    assert response.status_code == 200
    assert response.get_json()["next_memo_number"] is None  # the file is full
    assert client.post(f"/api/v1/committees/{committee_id}/serial", json={"reached": 100000},
                       headers=bearer(token)).status_code == 400
