"""The minutes editor (new, edit) through HTTP: saving, refusals, locking, who may."""
from __future__ import annotations

import copy

import pytest
from sqlalchemy import select, text

from committee.extensions import db
from committee.models import Assignment, Decision, Meeting
from tests.meeting_forms import (
    ITEMS,
    as_user,
    count,
    create,
    flat,
    form_version,
    post,
    setup_magura,
)


@pytest.fixture
def magura(app, users):
    """The imported (issued) Magura meeting and its committee, with chair and members."""
    return setup_magura(app)


# -- creating ------------------------------------------------------------------------------

def test_new_form_is_prefilled_from_the_committee(client, magura):
    as_user(client, "sec")
    html = client.get(f"/committees/{magura['committee']}/meetings/new").get_data(as_text=True)
    assert 'value="ড. আশরাফুল আলম"' in html and 'value="জেলা প্রশাসক"' in html
    assert 'name="attendance-1-designation"' in html and "জেলা শিক্ষা অফিসার" in html
    assert 'name="items-0-title"' in html and "পূর্ববর্তী সভার কার্যবিবরণী দৃঢ়ীকরণ" in html
    assert "কোন সংশোধনী না থাকায় বিগত সভার কার্যবিবরণী সর্বসম্মতিক্রমে দৃঢ়ীকরণ করা হয়।" in html
    assert "অনলাইন জুম প্ল্যাটফর্ম" in html  # the venue of the committee's last meeting
    assert 'name="items-1-title"' not in html
    assert "আলোচ্য বিষয় যোগ করুন" in html and "সিদ্ধান্ত যোগ করুন" in html
    assert 'id="tpl-item"' in html and "meeting-editor.js" in html


def test_create_through_the_form_then_view(app, client, magura):
    as_user(client, "sec")
    meeting_id = create(client, magura["committee"])
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.status == "draft" and meeting.time.strftime("%H:%M") == "11:00"
        assert [i.title for i in meeting.items] == [i["title"] for i in ITEMS]
        second = meeting.items[1].decisions[1]
        assert second.own_parties and [p.text for p in second.parties] == [
            "জেলা প্রাথমিক শিক্ষা অফিসার"]
        assert not meeting.items[1].decisions[0].own_parties
        assert str(second.due_on) == "2022-05-31"
        assert [p.text for p in meeting.items[1].parties] == ["জেলা শিক্ষা অফিসার",
                                                              "প্রোগ্রামার, মাগুরা"]
    page = client.get(f"/meetings/{meeting_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for number in ("২.১", "২.২", "৩.১", "৩.২"):
        assert number in html
    assert "সকাল ১১:০০ টা" in html and "১০/০৪/২০২২ খ্রিঃ" in html
    assert "কার্যবিবরণী সংরক্ষণ করা হয়েছে" in html
    assert "জেলা শিক্ষা অফিসার, প্রোগ্রামার, মাগুরা" in html
    assert "বাস্তবায়নে: জেলা প্রাথমিক শিক্ষা অফিসার" in html
    assert f'href="/meetings/{meeting_id}/edit"' in html


def test_gaps_and_order_of_posted_positions_give_clean_numbering(app, client, magura):
    as_user(client, "sec")
    # Positions as a browser leaves them after removals, listed out of order.
    data = flat(item_keys=[7, 2, 11], decision_keys=[[3], [9, 0], [4, 5]])
    meeting_id = create(client, magura["committee"], data)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        titles = [(i.position, i.title) for i in meeting.items]
        assert titles == [(1, "ডিজিটাল কনটেন্ট"), (2, "পূর্ববর্তী সভার কার্যবিবরণী দৃঢ়ীকরণ"),
                          (3, "ই-সেবা কার্যক্রম")]
        first = meeting.items[0]
        # items-2-decisions-0 comes before items-2-decisions-9.
        assert [(d.position, d.text) for d in first.decisions] == [
            (1, ITEMS[1]["decisions"][1]["text"]), (2, ITEMS[1]["decisions"][0]["text"])]
        assert [d.number for i in meeting.items for d in i.decisions] == [
            "1.1", "1.2", "2.1", "3.1", "3.2"]


def test_bad_input_comes_back_with_messages_and_nothing_stored(app, client, magura):
    as_user(client, "sec")
    items = copy.deepcopy(ITEMS) + [{"title": "নতুন বিষয় <যোগ>", "discussion": "লেখা থাকবে",
                                     "decisions": [{"text": "প্রথম"}, {"text": "   "}]}]
    items[1]["decisions"][1]["text"] = ""
    data = flat(items, held_on="", time="২৫:০০")
    before = (count(app, Meeting), count(app, Decision))
    response = post(client, f"/committees/{magura['committee']}/meetings/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "তারিখ দেওয়া আবশ্যক" in html
    assert "সঠিক সময় নয়: &#39;২৫:০০&#39;" in html
    assert "সভার তারিখ:" in html and "সভার সময়:" in html
    assert "আলোচ্য বিষয় ২ › সিদ্ধান্ত ২.২ › লেখা: ঘরটি ফাঁকা রাখা যাবে না" in html
    assert "আলোচ্য বিষয় ৪ › সিদ্ধান্ত ৪.২ › লেখা" in html
    # Each message sits in the field's label, and the field is marked.
    assert 'name="items-1-decisions-1-text" data-name="items-{i}-decisions-{j}-text" ' \
           'aria-invalid="true"' in html
    assert 'name="time" data-name="time" value="২৫:০০" aria-invalid="true"' in html
    # Everything typed is still there, the added item too, escaped.
    assert "নতুন বিষয় &lt;যোগ&gt;" in html and "লেখা থাকবে" in html
    assert 'name="items-3-decisions-1-text"' in html
    assert ITEMS[2]["decisions"][1]["text"] in html
    assert (count(app, Meeting), count(app, Decision)) == before


# -- editing -------------------------------------------------------------------------------

def _items_with_ids(app, meeting_id: int) -> list[dict]:
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        return [{"id": i.id, "title": i.title, "discussion": i.discussion,
                 "responsible": [p.text for p in i.parties],
                 "decisions": [{"id": d.id, "text": d.text,
                                "responsible": [p.text for p in d.parties]
                                if d.own_parties else None} for d in i.decisions]}
                for i in meeting.items]


def test_edit_keeps_ids_and_follow_up(app, client, magura):
    as_user(client, "sec")
    meeting_id = create(client, magura["committee"])
    items = _items_with_ids(app, meeting_id)
    kept = items[1]["decisions"][0]["id"]
    with app.app_context():
        assignment = db.session.scalar(select(Assignment).where(
            Assignment.decision_id == kept, Assignment.party == "জেলা শিক্ষা অফিসার"))
        assignment.status = "implemented"
        db.session.commit()
    edit_url = f"/meetings/{meeting_id}/edit"
    html = client.get(edit_url).get_data(as_text=True)
    assert f'name="items-1-decisions-0-id" data-name="items-{{i}}-decisions-{{j}}-id" ' \
           f'value="{kept}"' in html
    # Swap items 2 and 3, reword the kept decision, add a decision to item 1.
    items[1], items[2] = items[2], items[1]
    items[2]["decisions"][0]["text"] = "সংশোধিত: নিয়মিত অনলাইনে ক্লাশ পরিচালনা করতে হবে।"
    items[0]["decisions"].append({"text": "নতুন সিদ্ধান্ত"})
    response = post(client, edit_url, flat(items, version=form_version(html)))
    assert response.status_code == 302
    with app.app_context():
        decision = db.session.get(Decision, kept)
        assert decision.number == "3.1" and decision.text.startswith("সংশোধিত")
        statuses = {a.party: a.status for a in decision.assignments}
        assert statuses["জেলা শিক্ষা অফিসার"] == "implemented"
        meeting = db.session.get(Meeting, meeting_id)
        assert [len(i.decisions) for i in meeting.items] == [2, 2, 2]
        assert meeting.items[1].title == "ই-সেবা কার্যক্রম"
        assert meeting.version > 1


def test_stale_version_is_refused_with_the_users_text(app, client, magura):
    as_user(client, "sec")
    meeting_id = create(client, magura["committee"])
    edit_url = f"/meetings/{meeting_id}/edit"
    loaded = form_version(client.get(edit_url).get_data(as_text=True))
    items = _items_with_ids(app, meeting_id)
    items[0]["title"] = "অন্য কারও পরিবর্তন"
    assert post(client, edit_url, flat(items, version=loaded)).status_code == 302
    with app.app_context():
        snapshot = [i.title for i in db.session.get(Meeting, meeting_id).items]
    items[0]["title"] = "আমার পুরনো ফর্মের লেখা"
    response = post(client, edit_url, flat(items, version=loaded))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "অন্য কেউ এটি পরিবর্তন করেছেন" in html
    assert "আমার পুরনো ফর্মের লেখা" in html
    with app.app_context():
        assert [i.title for i in db.session.get(Meeting, meeting_id).items] == snapshot
    # The form now carries the current version: saving again is a deliberate overwrite.
    assert form_version(html) > loaded


def test_issued_minutes_cannot_be_edited(app, client, magura):
    as_user(client, "sec")
    url = f"/meetings/{magura['meeting']}/edit"
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{magura['meeting']}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "সংশোধনী (corrigendum)" in page
    assert f'href="{url}"' not in page
    response = post(client, url, flat(version=1))
    assert response.status_code == 409
    assert "জারি করা হয়েছে" in response.get_data(as_text=True)
    with app.app_context():
        meeting = db.session.get(Meeting, magura["meeting"])
        assert len(meeting.items) == 13 and meeting.venue == "অনলাইন জুম প্ল্যাটফর্ম"


# -- who may do what -----------------------------------------------------------------------

def _draft(app, client, magura) -> int:
    as_user(client, "sec")
    meeting_id = create(client, magura["committee"])
    client.post("/logout", data={"csrf_token": _token(client)})
    return meeting_id


def _token(client):
    from tests.conftest import csrf_token

    return csrf_token(client, "/")


@pytest.mark.parametrize("user, new, edit, view", [
    ("sec_b", 403, 403, 403),
    ("viewer", 403, 403, 200),
    ("deo", 403, 403, 200),
    ("admin", 200, 200, 200),
    ("sec", 200, 200, 200),
])
def test_access_by_role_and_district(app, client, magura, user, new, edit, view):
    draft = _draft(app, client, magura)
    as_user(client, user)
    assert client.get(f"/committees/{magura['committee']}/meetings/new").status_code == new
    assert client.get(f"/meetings/{draft}/edit").status_code == edit
    assert client.get(f"/meetings/{draft}").status_code == view
    if new == 403:
        before = count(app, Meeting)
        response = client.post(f"/committees/{magura['committee']}/meetings/new",
                               data={**flat(), "csrf_token": _token(client)})
        assert response.status_code == 403 and count(app, Meeting) == before
        response = client.post(f"/meetings/{draft}/edit",
                               data={**flat(), "csrf_token": _token(client)})
        assert response.status_code == 403


def test_anonymous_is_sent_to_login_and_missing_is_404(client, magura):
    for url in (f"/meetings/{magura['meeting']}", f"/meetings/{magura['meeting']}/edit",
                f"/committees/{magura['committee']}/meetings/new"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    as_user(client, "sec")
    assert client.get("/meetings/9999").status_code == 404
    assert client.get("/meetings/9999/edit").status_code == 404
    assert client.get("/committees/9999/meetings/new").status_code == 404


def test_edit_button_only_for_runners_of_drafts(app, client, magura):
    draft = _draft(app, client, magura)
    as_user(client, "viewer")
    html = client.get(f"/meetings/{draft}").get_data(as_text=True)
    assert "সম্পাদনা</a>" not in html and "খসড়া" in html


def test_missing_csrf_token_is_refused(app, client, magura):
    as_user(client, "sec")
    response = client.post(f"/committees/{magura['committee']}/meetings/new", data=flat())
    assert response.status_code == 400 and count(app, Meeting) == 1


def test_change_between_check_and_commit_is_a_conflict(app, magura_doc):
    """Two editors saving at once: the row's version guards the commit itself."""
    from committee.interchange import validate_meeting
    from committee.meetings.forms import state_from_meeting, to_meeting_data
    from committee.meetings.service import Conflict, save_meeting
    from tests.conftest import import_magura

    magura_doc.pop("issue")
    meeting_id = import_magura(app, magura_doc)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        state = state_from_meeting(meeting)
        state["items"][0]["title"] = "হারিয়ে যাওয়া পরিবর্তন"
        data = validate_meeting(to_meeting_data(state))
        loaded = meeting.version
        with db.engine.begin() as conn:  # the other editor commits first
            conn.execute(text("UPDATE meetings SET version = version + 1, venue = 'অন্য' "
                              "WHERE id = :id"), {"id": meeting_id})
        with pytest.raises(Conflict):
            save_meeting(meeting, data, loaded)
        db.session.expire_all()
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.venue == "অন্য" and meeting.items[0].title != "হারিয়ে যাওয়া পরিবর্তন"
        assert len(meeting.items) == 13


def test_new_meeting_reviews_the_open_decisions_of_earlier_ones(app, client, magura):
    """A meeting created in the editor carries the review of what is still open."""
    as_user(client, "sec")
    meeting_id = create(client, magura["committee"])
    html = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "পূর্ববর্তী সভার সিদ্ধান্ত বাস্তবায়ন অগ্রগতি" in html
    assert "১৪/০৩/২০২২ সভার সিদ্ধান্ত ২.১" in html
    review = client.get(f"/meetings/{meeting_id}/review").get_data(as_text=True)
    assert review.count('name="entry-') >= 2 * 29  # a status and a note per open party
