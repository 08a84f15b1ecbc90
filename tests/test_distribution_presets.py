"""A distribution list that takes seconds: district presets of the usual higher offices,
a standing list that remembers its removed rows and its note, no chair or signatory in
the proposal."""
from __future__ import annotations

import re

from sqlalchemy import select

from committee.extensions import db
from committee.models import AuditEntry, DistributionPreset, Meeting, StandingDistribution
from tests.conftest import csrf_token, import_magura, login
from tests.documents_helpers import assert_in_order, docx_lines, draft_doc, render

DIVISION = "বিভাগীয় কমিশনার, খুলনা বিভাগ, খুলনা।"
MINISTRY = ("সিনিয়র সচিব, তথ্য ও যোগাযোগ প্রযুক্তি বিভাগ, আইসিটি টাওয়ার (৫ম তলা), "
            "ই-১৪/এক্স, আগারগাঁও, ঢাকা।")


def _client(app, user="sec"):
    client = app.test_client()
    login(client, user)
    return client


def _district_id(app, meeting_id) -> int:
    with app.app_context():
        return db.session.get(Meeting, meeting_id).committee.district_id


def test_magura_starts_with_the_ministry_doict_and_its_division(app, users, magura_doc):
    draft = import_magura(app, draft_doc(magura_doc))
    html = _client(app).get(f"/meetings/{draft}/distribution").get_data(as_text=True)
    for label, text in (("মন্ত্রণালয়/বিভাগ", MINISTRY), ("বিভাগ", DIVISION)):
        assert re.search(r'class="js-preset" data-text="' + re.escape(text) + r'"[^>]*>\+ '
                         + re.escape(label) + "<", html), label
    assert "তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর, আইসিটি টাওয়ার (১০ম তলা)" in html


def test_the_secretary_edits_the_districts_presets(app, users, magura_doc):
    draft = import_magura(app, draft_doc(magura_doc))
    district = _district_id(app, draft)
    client = _client(app)
    url = f"/distribution/presets?district={district}"
    page = client.get(url)
    assert page.status_code == 200 and DIVISION in page.get_data(as_text=True)
    saved = client.post(url, data={
        "csrf_token": csrf_token(client, url),
        "label": ["বিভাগ", "মন্ত্রণালয়", "", "এটুআই"],
        "text": [DIVISION, MINISTRY, "", "প্রকল্প পরিচালক, এটুআই, ঢাকা"],
        "tag": ["action", "action", "action", "info"]})
    assert saved.status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(DistributionPreset).order_by(
            DistributionPreset.position)).all()
        assert [(r.label, r.tag) for r in rows] == [
            ("বিভাগ", "action"), ("মন্ত্রণালয়", "action"), ("এটুআই", "info")]
        [entry] = db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "district")).all()
        assert entry.action == "distribution" and entry.object_id == district
    html = client.get(f"/meetings/{draft}/distribution").get_data(as_text=True)
    assert "+ এটুআই" in html and "+ অধিদপ্তর" not in html  # the edited list, in order
    assert html.index("+ বিভাগ") < html.index("+ মন্ত্রণালয়")


def test_bad_presets_are_refused_in_bangla_keeping_what_was_typed(app, users, magura_doc):
    draft = import_magura(app, draft_doc(magura_doc))
    url = f"/distribution/presets?district={_district_id(app, draft)}"
    client = _client(app)
    r = client.post(url, data={"csrf_token": csrf_token(client, url),
                               "label": ["", "বিভাগ"], "text": ["মহাপরিচালক, ঢাকা", DIVISION + " "],
                               "tag": ["action", "action"]})
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "সারি ১: বোতামের নাম লিখুন" in html and 'value="মহাপরিচালক, ঢাকা"' in html
    with app.app_context():
        assert db.session.scalars(select(DistributionPreset)).all() == []


def test_presets_belong_to_their_district(app, users, magura_doc):
    draft = import_magura(app, draft_doc(magura_doc))
    url = f"/distribution/presets?district={_district_id(app, draft)}"
    for user in ("sec_b", "viewer", "deo"):
        client = _client(app, user)
        assert client.get(url).status_code == 403
        r = client.post(url, data={"csrf_token": csrf_token(client, "/"),
                                   "label": ["x"], "text": ["y"], "tag": ["action"]})
        assert r.status_code == 403
    with app.app_context():
        assert db.session.scalars(select(DistributionPreset)).all() == []


def _save(client, meeting_id, texts, note, keep=True, tags=None):
    data = {"csrf_token": csrf_token(client, f"/meetings/{meeting_id}/distribution"),
            "note": note, "text": texts, "tag": tags or ["action"] * len(texts)}
    if keep:
        data["keep_standing"] = "y"
    return client.post(f"/meetings/{meeting_id}/distribution", data=data)


def test_the_standing_list_remembers_removed_rows_and_its_note(app, users, magura_doc):
    from committee.documents.distribution import propose_distribution

    import_magura(app, magura_doc)  # its six rows are the list to start from
    first = import_magura(app, draft_doc(magura_doc, "2022-04-11"))
    second = import_magura(app, draft_doc(magura_doc, "2022-05-09"))
    client = _client(app)
    with app.app_context():
        proposed = [r["text"] for r in propose_distribution(db.session.get(Meeting, first))]
    assert "উজ্জ্বল দত্ত" in proposed and "স্টার ক্যাবলস লিঃ" in proposed
    kept = [t for t in proposed if t not in ("উজ্জ্বল দত্ত", "স্টার ক্যাবলস লিঃ")]
    assert _save(client, first, kept, "জ্যেষ্ঠতার ক্রমানুসারে নয়").status_code == 302
    with app.app_context():
        standing = db.session.get(StandingDistribution,
                                  db.session.get(Meeting, first).committee_id)
        assert standing.note == "জ্যেষ্ঠতার ক্রমানুসারে নয়"
        assert set(standing.removed) == {"উজ্জ্বল দত্ত", "স্টার ক্যাবলস লিঃ"}
        rows = [r["text"] for r in propose_distribution(db.session.get(Meeting, second))]
    # The next meeting: the same list, the removed rows not proposed again.
    assert rows == kept
    page = client.get(f"/meetings/{second}/distribution").get_data(as_text=True)
    assert 'value="জ্যেষ্ঠতার ক্রমানুসারে নয়"' in page
    left_out = page[page.index('id="left-out"'):]
    assert "উজ্জ্বল দত্ত" in left_out and "স্থায়ী তালিকায় বাদ দেওয়া" in left_out
    # The draft's minutes print the standing note before anything is saved for it.
    assert_in_order("\n".join(docx_lines(render(app, second))),
                    ["বিতরণ (জ্যেষ্ঠতার ক্রমানুসারে নয়) :", "১)\tমাননীয় সংসদ সদস্য, মাগুরা - ১"])


def test_a_changed_note_and_a_row_brought_back_are_remembered(app, users, magura_doc):
    from committee.documents.distribution import propose_distribution

    first = import_magura(app, draft_doc(magura_doc, "2022-04-11"))
    second = import_magura(app, draft_doc(magura_doc, "2022-05-09"))
    third = import_magura(app, draft_doc(magura_doc, "2022-06-13"))
    client = _client(app)
    with app.app_context():
        proposed = [r["text"] for r in propose_distribution(db.session.get(Meeting, first))]
    assert _save(client, first, proposed[1:], "").status_code == 302
    # An empty note stays empty at the next meeting (not the default put back).
    page = client.get(f"/meetings/{second}/distribution").get_data(as_text=True)
    assert re.search(r'name="note"[^>]*value=""', page)
    assert _save(client, second, [proposed[0]] + proposed[1:], "জ্যেষ্ঠতা অনুসারে").status_code \
        == 302
    with app.app_context():
        rows = [r["text"] for r in propose_distribution(db.session.get(Meeting, third))]
        standing = db.session.get(Meeting, third).committee.standing
        assert standing.removed == [] and standing.note == "জ্যেষ্ঠতা অনুসারে"
    assert rows[0] == proposed[0]


def test_without_standing_the_note_is_not_remembered(app, users, magura_doc):
    first = import_magura(app, draft_doc(magura_doc, "2022-04-11"))
    second = import_magura(app, draft_doc(magura_doc, "2022-05-09"))
    client = _client(app)
    assert _save(client, first, ["বিভাগীয় কমিশনার, খুলনা"], "অন্য নোট", keep=False).status_code \
        == 302
    page = client.get(f"/meetings/{second}/distribution").get_data(as_text=True)
    assert 'value="জ্যেষ্ঠতার ক্রমানুসারে নয়"' in page and "অন্য নোট" not in page
    with app.app_context():
        assert db.session.scalars(select(StandingDistribution)).all() == []


def test_the_chair_and_the_signatory_are_never_proposed(app, users, magura_doc):
    from committee.documents.distribution import proposal
    from committee.models import Member

    doc = draft_doc(magura_doc)
    doc["meeting"]["items"][1]["responsible"] += ["জেলা প্রশাসক, মাগুরা", "প্রোগ্রামার"]
    draft = import_magura(app, doc)
    with app.app_context():
        meeting = db.session.get(Meeting, draft)
        meeting.committee.members.append(Member(designation="জেলা প্রশাসক", role="chair",
                                                name="ড. আশরাফুল আলম"))
        meeting.committee.members.append(Member(designation="প্রোগ্রামার, মাগুরা",
                                                role="member_secretary"))
        meeting.committee.distribution = [{"text": "জেলা প্রশাসক, মাগুরা", "tag": "info"},
                                          {"text": DIVISION, "tag": "action"}]
        db.session.commit()
        rows, left_out = proposal(db.session.get(Meeting, draft))
    texts = [r["text"] for r in rows]
    assert texts[0] == DIVISION
    assert not any(t.startswith(("জেলা প্রশাসক", "প্রোগ্রামার")) for t in texts)
    assert {r["text"] for r in left_out} >= {"জেলা প্রশাসক, মাগুরা", "প্রোগ্রামার, মাগুরা"}
    html = _client(app).get(f"/meetings/{draft}/distribution").get_data(as_text=True)
    assert "সভাপতি: কার্যবিবরণীতে স্বাক্ষর করেন" in html


def test_issuing_keeps_the_standing_note(app, users, magura_doc):
    from committee.documents.service import issue_minutes

    first = import_magura(app, draft_doc(magura_doc, "2022-04-11"))
    second = import_magura(app, draft_doc(magura_doc, "2022-05-09"))
    client = _client(app)
    assert _save(client, first, [DIVISION], "বিশেষ নোট").status_code == 302
    with app.app_context():
        issue_minutes(db.session.get(Meeting, second))
        meeting = db.session.get(Meeting, second)
        assert meeting.distribution_note == "বিশেষ নোট"
        assert meeting.distribution == [{"text": DIVISION, "tag": "action"}]
