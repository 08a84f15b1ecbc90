"""The distribution list (বিতরণ): the proposal, the editor, the frozen list of issued
minutes."""
from __future__ import annotations

from committee.bangla import match_key
from committee.extensions import db
from committee.models import Meeting
from tests.conftest import csrf_token, import_magura, login
from tests.documents_helpers import (
    assert_in_order,
    docx_lines,
    draft_doc,
    render,
)

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
    assert "উপজেলা নির্বাহী অফিসার (সকল), মাগুরা" in texts and "প্রোগ্রামার, মাগুরা" in texts
    assert not any(t.startswith("স্ব স্ব") for t in texts)
    # "সহকারী প্রোগ্রামার (সকল)" and "সহঃ প্রোগ্রামার (সকল), মাগুরা" are one group: one entry
    assert [t for t in texts if "প্রোগ্রামার (সকল)" in t] == ["সহঃ প্রোগ্রামার (সকল), মাগুরা"]


def _proposal(app, meeting_id: int, members=(), standing=None) -> list[dict]:
    """The proposal for the meeting, after adding members (designation, role) and setting
    the committee's standing list (not saved)."""
    from committee.documents.distribution import propose_distribution
    from committee.models import Member

    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        if standing is not None:
            meeting.committee.distribution = standing
        for designation, role in members:
            meeting.committee.members.append(Member(designation=designation, role=role))
        rows = propose_distribution(meeting)
        db.session.rollback()
    return rows


def _with_parties(magura_doc, parties: list[str], **committee) -> dict:
    """The Magura draft with one item whose responsible parties are `parties`."""
    doc = draft_doc(magura_doc)
    doc["committee"].update(committee)
    doc["meeting"]["items"] = [dict(doc["meeting"]["items"][1], responsible=parties)]
    return doc


def test_distribution_proposal_names_a_district_office_once(app, magura_doc):
    # Seen in the browser: a member "জেলা শিক্ষা অফিসার, মাগুরা" and the party
    # "জেলা শিক্ষা অফিসার" are one office of the directory, so one recipient.
    meeting_id = import_magura(app, _with_parties(
        magura_doc, ["জেলা শিক্ষা অফিসার", "সিভিল সার্জন", "এডিসি (শিক্ষা ও আইসিটি)"]))
    rows = _proposal(app, meeting_id, members=[
        ("জেলা শিক্ষা অফিসার, মাগুরা", "member"), ("জেলা প্রশাসক", "chair"),
        ("অতিরিক্ত জেলা প্রশাসক (শিক্ষা ও আইসিটি), মাগুরা", "member")])
    # The chair (জেলা প্রশাসক) signs the minutes: never proposed.
    assert [r["text"] for r in rows] == [
        "জেলা শিক্ষা অফিসার, মাগুরা",
        "অতিরিক্ত জেলা প্রশাসক (শিক্ষা ও আইসিটি), মাগুরা", "সিভিল সার্জন"]
    # The first row keeps its place and tag; the spelling with the district wins.
    rows = _proposal(app, meeting_id, members=[("জেলা শিক্ষা অফিসার, মাগুরা", "member")],
                     standing=[{"text": "বিভাগীয় কমিশনার, খুলনা", "tag": "action"},
                               {"text": "জেলা শিক্ষা অফিসার", "tag": "info"}])
    assert rows[:3] == [{"text": "বিভাগীয় কমিশনার, খুলনা", "tag": "action"},
                        {"text": "জেলা শিক্ষা অফিসার, মাগুরা", "tag": "info"},
                        {"text": "সিভিল সার্জন", "tag": "action"}]
    # Unknown names are still compared by their text only.
    rows = _proposal(app, meeting_id, standing=[{"text": "স্টার ক্যাবলস লিঃ", "tag": "action"},
                                                {"text": "স্টার ক্যাবলস লিঃ।", "tag": "info"},
                                                {"text": "স্টার ক্যাবলস", "tag": "action"}])
    assert [r["text"] for r in rows[:2]] == ["স্টার ক্যাবলস লিঃ", "স্টার ক্যাবলস"]


# শ্রীপুর's ICT committee has a file of its own (a file belongs to one committee).
SREEPUR_FILE = "৫৬.০৪.৫৫০০.০০৩.০৬.০০১.২০"


def test_distribution_proposal_names_an_upazila_office_once(app, magura_doc):
    # In শ্রীপুর's committee "উপজেলা নির্বাহী অফিসার" is শ্রীপুর's UNO; the group of all
    # UNOs and another upazila's UNO stay separate rows.
    doc = _with_parties(
        magura_doc, ["উপজেলা নির্বাহী অফিসার", "সহঃ প্রোগ্রামার", "উপজেলা নির্বাহী অফিসার (সকল)",
                     "ইউএনও (সকল)", "উপজেলা নির্বাহী অফিসার, শালিখা",
                     "সহকারী প্রোগ্রামার, শ্রীপুর, মাগুরা"],
        name="উপজেলা আইসিটি কমিটি, শ্রীপুর", level="upazila", upazila="শ্রীপুর",
        file_number=SREEPUR_FILE)
    rows = _proposal(app, import_magura(app, doc), members=[
        ("উপজেলা নির্বাহী অফিসার, শ্রীপুর", "chair"),
        ("সহকারী প্রোগ্রামার", "member_secretary"), ("ইউএনও, শ্রীপুর", "member")])
    # শ্রীপুর's UNO chairs and its assistant programmer (member-secretary) signs: neither is
    # proposed, however the rows spell them.
    assert [r["text"] for r in rows] == [
        "উপজেলা নির্বাহী অফিসার (সকল)", "উপজেলা নির্বাহী অফিসার, শালিখা"]
    # A district committee: the upazila office with and without the district's name.
    rows = _proposal(app, import_magura(app, _with_parties(magura_doc, [
        "সহকারী প্রোগ্রামার, শ্রীপুর", "সহঃ প্রোগ্রামার, শ্রীপুর, মাগুরা",
        "সহকারী প্রোগ্রামার, শালিখা"])))
    assert [r["text"] for r in rows] == ["সহঃ প্রোগ্রামার, শ্রীপুর, মাগুরা",
                                         "সহকারী প্রোগ্রামার, শালিখা"]


def test_magura_proposal_keeps_every_distinct_office(app, magura_doc):
    """Merging loses no recipient: every office (or unknown name) of the inputs is there."""
    from committee.directory.service import Resolver
    from committee.documents.distribution import (
        member_entries,
        party_entries,
        propose_distribution,
    )
    from committee.models import Member

    import_magura(app, magura_doc)
    draft = import_magura(app, draft_doc(magura_doc))
    with app.app_context():
        meeting = db.session.get(Meeting, draft)
        meeting.committee.members.append(Member(designation="জেলা শিক্ষা অফিসার, মাগুরা"))
        rows = propose_distribution(meeting)
        inputs = (magura_doc["issue"]["distribution"] + member_entries(meeting)
                  + party_entries(meeting))
        resolve = Resolver(meeting.committee.district_id, "মাগুরা")

        def recipient(text):
            office = resolve(text)
            return office.id if office else match_key(text)

        # The signatory of the last minutes (প্রোগ্রামার) signs these too: not proposed.
        signatory = recipient("প্রোগ্রামার, মাগুরা")
        wanted = {recipient(t) for t in inputs} - {signatory}
        proposed = [recipient(r["text"]) for r in rows]
    assert len(proposed) == len(set(proposed)) and set(proposed) == wanted
    # As the Magura list writes them: the issued list first, the UNO group once.
    texts = [r["text"] for r in rows]
    assert texts[:6] == magura_doc["issue"]["distribution"]
    assert [t for t in texts if "উপজেলা নির্বাহী অফিসার" in t] == [
        "উপজেলা নির্বাহী অফিসার (সকল), মাগুরা"]
    assert "জেলা শিক্ষা অফিসার, মাগুরা" in texts and "জেলা শিক্ষা অফিসার" not in texts
    assert [t for t in texts if t.startswith("প্রোগ্রামার")] == []


def test_distribution_proposal_runs_a_fixed_number_of_queries(app, magura_doc):
    """One directory lookup for the whole list, not one per row (the print view and the
    DOCX of a draft, which propose, are counted in test_meeting_page); with the standing
    list's removed rows and the last minutes' signatory, six queries however long."""
    from committee.documents.distribution import propose_distribution
    from committee.meetings.service import load_meeting
    from tests.test_api import count_queries

    small = import_magura(app, _with_parties(magura_doc, ["জেলা শিক্ষা অফিসার"]))
    big = import_magura(app, draft_doc(magura_doc, "2022-05-09"))
    counts = []
    for meeting_id in (small, big):
        with app.app_context():
            meeting = load_meeting(meeting_id)
            with count_queries(app) as statements:
                rows = propose_distribution(meeting)
            counts.append((len(rows), len(statements)))
    assert counts[0][0] < counts[1][0] and counts[0][1] == counts[1][1] <= 6, counts


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
    # The next meeting starts from the standing list, without its chair (জেলা প্রশাসক).
    with app.app_context():
        from committee.documents.distribution import propose_distribution

        rows = propose_distribution(db.session.get(Meeting, second))
    assert rows[:2] == [expected[0], expected[2]]


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
