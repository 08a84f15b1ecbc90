"""The committee-minutes/1 format: the Magura round trip, refusals with paths."""
import copy
import json

from sqlalchemy import func, select

from committee.extensions import db
from committee.imports import import_document
from committee.interchange import ValidationError, export_meeting
from committee.models import Decision, Meeting
from tests.conftest import import_magura

ADDED_KEYS = {"number", "id", "status", "memo_number"}


def strip_added(value):
    """The export minus the keys the contract adds on export."""
    if isinstance(value, dict):
        return {k: strip_added(v) for k, v in value.items() if k not in ADDED_KEYS}
    if isinstance(value, list):
        return [strip_added(v) for v in value]
    return value


def test_magura_round_trip_is_unchanged(app, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    with app.app_context():
        exported = export_meeting(db.session.get(Meeting, meeting_id))
    assert strip_added(exported) == magura_doc
    items = exported["meeting"]["items"]
    assert len(items) == 13
    assert sum(len(i["decisions"]) for i in items) == 29
    assert [d["number"] for d in items[1]["decisions"]] == ["2.1", "2.2", "2.3"]
    assert items[12]["decisions"][1]["number"] == "13.2"
    assert exported["issue"]["memo_number"] == "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯"


def test_export_statuses_per_party_expand_groups(app, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    with app.app_context():
        exported = export_meeting(db.session.get(Meeting, meeting_id))
    status = exported["meeting"]["items"][1]["decisions"][0]["status"]
    assert status["জেলা শিক্ষা অফিসার"] == "pending"
    # "উপজেলা নির্বাহী অফিসার (সকল)" stands for every UNO of Magura's four upazilas.
    item3 = exported["meeting"]["items"][2]["decisions"][0]["status"]
    assert sum(1 for p in item3 if p.startswith("উপজেলা নির্বাহী অফিসার, ")) == 4


def test_invalid_import_names_every_problem_and_stores_nothing(app, magura_doc):
    doc = copy.deepcopy(magura_doc)
    doc["committee"]["file_number"] = "56.04.55"
    doc["meeting"]["held_on"] = "2022-02-30"
    doc["meeting"]["items"][3]["decisions"][1]["text"] = ""
    doc["meeting"]["items"][5]["responsible"] = ["ঠিক আছে", 7]
    doc["committee"]["kind"] = "sports"
    with app.app_context():
        try:
            import_document(doc)
        except ValidationError as exc:
            paths = {p["path"] for p in exc.problems}
        else:
            raise AssertionError("import accepted an invalid document")
        assert paths == {
            "committee.file_number", "meeting.held_on",
            "meeting.items[3].decisions[1].text", "meeting.items[5].responsible[1]",
            "committee.kind",
        }
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_duplicate_serial_is_refused_atomically(app, magura_doc):
    import_magura(app, magura_doc)
    again = copy.deepcopy(magura_doc)
    again["meeting"]["held_on"] = "2022-04-14"
    with app.app_context():
        try:
            import_document(again)
        except ValidationError as exc:
            assert [p["path"] for p in exc.problems] == ["issue.memo_serial"]
        else:
            raise AssertionError("a second letter took serial 9")
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == 1
        assert db.session.scalar(select(func.count()).select_from(Decision)) == 29


def test_cli_import_export(runner, magura_doc, tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(magura_doc, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["minutes", "import", str(path)])
    assert result.exit_code == 0, result.output
    meeting_id = int(result.stdout.strip().splitlines()[-1])
    result = runner.invoke(args=["minutes", "export", str(meeting_id)])
    assert result.exit_code == 0
    assert strip_added(json.loads(result.stdout)) == magura_doc


def test_cli_import_refusal_lists_paths(runner, magura_doc, tmp_path):
    magura_doc["meeting"]["items"][0]["title"] = ""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(magura_doc, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["minutes", "import", str(path)])
    assert result.exit_code != 0
    assert "meeting.items[0].title" in result.output
