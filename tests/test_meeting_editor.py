"""The editor's parts: form parsing, problem locations, row operations without JavaScript."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from committee.extensions import db
from committee.interchange import ValidationError, validate_meeting
from committee.meetings.actions import apply_action
from committee.meetings.forms import parse_form, split_lines, to_meeting_data
from committee.meetings.problems import field_errors, locate
from committee.models import Meeting
from tests.conftest import import_magura
from tests.meeting_forms import as_user, flat, post


def _state(**overrides):
    return parse_form(MultiDict(flat(**overrides)))


def test_parse_form_reads_positions_in_numeric_order():
    form = MultiDict({
        "held_on": "2022-04-10", "items-10-title": "দশ", "items-2-title": "দুই",
        "items-2-id": "১৭", "items-2-decisions-10-text": "খ", "items-2-decisions-3-text": "ক",
        "items-2-decisions-3-id": "x9", "attendance-4-designation": "জেলা প্রশাসক",
        "attendance-4-present": "1", "attendance-1-designation": "সিভিল সার্জন",
        "items-1-nonsense": "ignored", "items-x-title": "ignored",
    })
    state = parse_form(form)
    assert [i["title"] for i in state["items"]] == ["দুই", "দশ"]
    assert state["items"][0]["id"] == 17  # Bangla digits in a hidden id are fine too
    assert [d["text"] for d in state["items"][0]["decisions"]] == ["ক", "খ"]
    assert state["items"][0]["decisions"][0]["id"] is None
    assert state["items"][1]["decisions"] == []
    assert [(a["designation"], a["present"]) for a in state["attendance"]] == [
        ("সিভিল সার্জন", False), ("জেলা প্রশাসক", True)]
    assert state["time"] == "" and state["attendance_annex"] is False


def test_parties_one_per_line_and_inheritance():
    assert split_lines(" প্রোগ্রামার, মাগুরা \r\n\r\nজেলা শিক্ষা অফিসার\n  ") == [
        "প্রোগ্রামার, মাগুরা", "জেলা শিক্ষা অফিসার"]
    data = to_meeting_data(_state())
    item = data["items"][1]
    assert item["responsible"] == ["জেলা শিক্ষা অফিসার", "প্রোগ্রামার, মাগুরা"]
    assert item["decisions"][0]["responsible"] is None  # empty = the item's parties
    assert item["decisions"][1]["responsible"] == ["জেলা প্রাথমিক শিক্ষা অফিসার"]
    assert item["decisions"][1]["due_on"] == "2022-05-31"
    assert data["items"][0]["decisions"][0]["due_on"] is None
    clean = validate_meeting(data)
    assert clean["time"].strftime("%H:%M") == "11:00"


def test_blank_attendance_rows_are_dropped_and_errors_map_back():
    attendance = [("", "", "", True), ("রহিম", "", "", True), ("করিম", "সিভিল সার্জন", "", True)]
    state = _state(attendance=attendance)
    data = to_meeting_data(state)
    assert [a["name"] for a in data["attendance"]] == ["রহিম", "করিম"]
    with pytest.raises(ValidationError) as exc:
        validate_meeting(data)
    errors, summary = field_errors(exc.value.problems, [1, 2])
    assert list(errors) == ["attendance-1-designation"]
    assert summary[0]["label"] == "উপস্থিতি ২ › পদবি"


@pytest.mark.parametrize("path, name, label", [
    ("meeting.held_on", "held_on", "সভার তারিখ"),
    ("meeting.time", "time", "সভার সময়"),
    ("meeting.chair.name", "chair-name", "সভাপতি › নাম"),
    ("meeting.items[2].title", "items-2-title", "আলোচ্য বিষয় ৩ › শিরোনাম"),
    ("meeting.items[2].decisions[1].text", "items-2-decisions-1-text",
     "আলোচ্য বিষয় ৩ › সিদ্ধান্ত ৩.২ › লেখা"),
    ("meeting.items[11].decisions[0].due_on", "items-11-decisions-0-due_on",
     "আলোচ্য বিষয় ১২ › সিদ্ধান্ত ১২.১ › বাস্তবায়নের সময়সীমা"),
    ("meeting.items[0].responsible[3]", "items-0-responsible", "আলোচ্য বিষয় ১ › বাস্তবায়নে"),
    ("meeting.items[0].decisions[0].responsible[0]", "items-0-decisions-0-responsible",
     "আলোচ্য বিষয় ১ › সিদ্ধান্ত ১.১ › বাস্তবায়নে"),
    ("meeting.attendance[0].designation", "attendance-0-designation", "উপস্থিতি ১ › পদবি"),
    ("meeting.items", None, "আলোচ্য বিষয়সমূহ"),
    ("meeting", None, "কার্যবিবরণী"),
])
def test_problem_paths_locate_fields_with_bangla_labels(path, name, label):
    assert locate(path) == (name, label)


def test_row_operations_without_javascript():
    state = _state()
    assert apply_action(state, "save") is False
    assert apply_action(state, "item-add")
    assert len(state["items"]) == 4 and state["items"][3]["decisions"][0]["text"] == ""
    apply_action(state, "item-1-decision-add")
    assert len(state["items"][1]["decisions"]) == 3
    apply_action(state, "item-1-decision-0-down")
    assert state["items"][1]["decisions"][1]["text"].startswith("নিয়মিত")
    apply_action(state, "item-2-up")
    assert [i["title"] for i in state["items"][:3]] == [
        "পূর্ববর্তী সভার কার্যবিবরণী দৃঢ়ীকরণ", "ই-সেবা কার্যক্রম", "ডিজিটাল কনটেন্ট"]
    apply_action(state, "item-0-up")  # already first: nothing happens
    apply_action(state, "item-0-remove")
    assert state["items"][0]["title"] == "ই-সেবা কার্যক্রম"
    apply_action(state, "attendance-add")
    apply_action(state, "attendance-0-remove")
    apply_action(state, "item-99-remove")  # out of range: ignored
    assert len(state["items"]) == 3 and state["attendance"] == []


@pytest.fixture
def committee_id(app, users):
    meeting_id = import_magura(app)
    with app.app_context():
        return db.session.get(Meeting, meeting_id).committee_id


def test_add_item_without_javascript_keeps_the_text_and_saves_nothing(app, client, committee_id):
    as_user(client, "sec")
    url = f"/committees/{committee_id}/meetings/new"
    data = flat(time="২৫:০০")  # invalid, but an add is not a save: no messages yet
    data["action"] = "item-add"
    response = post(client, url, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="items-3-title"' in html and "ই-সেবা কার্যক্রম" in html
    assert 'value="২৫:০০"' in html and "সঠিক সময় নয়" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == 1


def test_editor_page_obeys_the_content_security_policy(client, committee_id):
    as_user(client, "sec")
    response = client.get(f"/committees/{committee_id}/meetings/new")
    html = response.get_data(as_text=True)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)
    assert scripts and all(body.strip() == "" for body in scripts)
    assert not re.search(r"\son[a-z]+\s*=", html)  # no inline event handlers
    assert not re.search(r"\sstyle\s*=", html)  # style-src 'self' forbids them too
    for template in ("tpl-item", "tpl-decision", "tpl-attendee"):
        assert f'<template id="{template}">' in html
    # The first submit button is the save button: Enter in a field saves.
    first = re.search(r'<button type="submit" name="action" value="([^"]+)"', html)
    assert first.group(1) == "save"
    js = client.get("/static/meeting-editor.js")
    assert js.status_code == 200 and b"addEventListener" in js.data
    js.close()
