"""committee.documents.distribution: what the mutation run (scripts/mutation) found
untested: the audit entry of a saved list, which earlier meeting's list a proposal copies,
the cleaning of the rows and who counts as a recipient."""
from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from committee.documents.distribution import (
    MAX_ENTRIES,
    MAX_TEXT,
    DistributionFrozen,
    clean_rows,
    effective_distribution,
    member_entries,
    party_entries,
    previous_distribution,
    propose_distribution,
    save_distribution,
)
from committee.extensions import db
from committee.models import AuditEntry, Meeting, Member
from tests.conftest import import_magura
from tests.documents_helpers import draft_doc

DECOMPOSED = unicodedata.normalize("NFD", "জেলা প্রশাসক, মাগুরা")  # য়-style input, not NFC
LIST_A = [{"text": "জেলা প্রশাসক, মাগুরা", "tag": "action"}]
LIST_B = [{"text": "বিভাগীয় কমিশনার, খুলনা", "tag": "action"},
          {"text": "অফিস কপি", "tag": "info"}]


def _entries(meeting_id: int, action: str = "distribution") -> list[AuditEntry]:
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action,
                                 AuditEntry.object_id == meeting_id).order_by(AuditEntry.id)))


def _draft(app, magura_doc, held_on: str, distribution=None, **committee) -> int:
    doc = draft_doc(magura_doc, held_on)
    doc["committee"].update(committee)
    doc["meeting"]["items"] = doc["meeting"]["items"][:2]  # enough, and quick to import
    meeting_id = import_magura(app, doc)
    if distribution is not None:
        with app.app_context():
            db.session.get(Meeting, meeting_id).distribution = distribution
            db.session.commit()
    return meeting_id


# -- the audit entry of a save ----------------------------------------------------------

def test_saving_a_list_is_audited_with_what_changed(app, magura_doc):
    meeting_id = _draft(app, magura_doc, "2022-04-11")
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        district_id = meeting.committee.district_id
        save_distribution(meeting, [*LIST_B, " "], "  জ্যেষ্ঠতার ক্রমানুসারে নয় ")
        (entry,) = _entries(meeting_id)
        assert (entry.object_type, entry.object_id, entry.district_id) == (
            "meeting", meeting_id, district_id)
        assert entry.summary == "বিতরণ তালিকা সংরক্ষণ (2টি প্রাপক)"
        assert entry.changes == {
            "distribution": [[], ["বিভাগীয় কমিশনার, খুলনা", "অফিস কপি [অনুলিপি]"]],
            "distribution_note": ["", "জ্যেষ্ঠতার ক্রমানুসারে নয়"]}
        assert db.session.get(Meeting, meeting_id).committee.distribution in (None, [])


def test_saving_the_standing_list_too_is_audited(app, magura_doc):
    meeting_id = _draft(app, magura_doc, "2022-04-11")
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        save_distribution(meeting, LIST_B, "", keep_standing=True)
        save_distribution(meeting, LIST_A, "", keep_standing=False)
        first, second = _entries(meeting_id)
        assert first.summary == "বিতরণ তালিকা সংরক্ষণ (2টি প্রাপক); কমিটির স্থায়ী তালিকাও"
        lines = ["বিভাগীয় কমিশনার, খুলনা", "অফিস কপি [অনুলিপি]"]
        # The standing list keeps its note and the proposed rows left out of it.
        assert first.changes == {"distribution": [[], lines],
                                 "standing_distribution": [[], lines],
                                 "standing_note": [None, ""],
                                 "standing_removed": [None, ["জেলা শিক্ষা অফিসার",
                                                             "জেলা প্রাথমিক শিক্ষা অফিসার"]]}
        # The second save leaves the standing list as it was, and says so.
        assert second.summary == "বিতরণ তালিকা সংরক্ষণ (1টি প্রাপক)"
        assert second.changes == {"distribution": [lines, ["জেলা প্রশাসক, মাগুরা"]]}
        committee = db.session.get(Meeting, meeting_id).committee
        assert committee.distribution == LIST_B


def test_saved_list_and_note_are_cleaned(app, magura_doc):
    meeting_id = _draft(app, magura_doc, "2022-04-11")
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        save_distribution(meeting, [DECOMPOSED, {"text": "অফিস কপি", "tag": "info"}],
                          unicodedata.normalize("NFD", " আ") + "ক" * 400, keep_standing=True)
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.distribution == [
            {"text": "জেলা প্রশাসক, মাগুরা", "tag": "action"}, {"text": "অফিস কপি", "tag": "info"}]
        assert meeting.committee.distribution == meeting.distribution
        assert meeting.distribution_note == "আ" + "ক" * 299
        # A note left empty is stored empty.
        save_distribution(meeting, LIST_A, None)
        assert db.session.get(Meeting, meeting_id).distribution_note == ""


def test_issued_minutes_refuse_a_new_list_and_log_nothing(app, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        with pytest.raises(DistributionFrozen):
            save_distribution(meeting, LIST_A, "")
        db.session.rollback()
        assert _entries(meeting_id) == []
        assert len(db.session.get(Meeting, meeting_id).distribution) == 6


# -- which earlier list a proposal copies -----------------------------------------------

def test_proposal_copies_the_latest_meeting_that_saved_a_list(app, magura_doc):
    older = _draft(app, magura_doc, "2021-12-13", LIST_A)
    _draft(app, magura_doc, "2022-01-10", LIST_B)
    _draft(app, magura_doc, "2022-02-14", [])  # saved nothing: skipped
    target = _draft(app, magura_doc, "2022-04-11")
    with app.app_context():
        meeting = db.session.get(Meeting, target)
        assert previous_distribution(meeting) == LIST_B
        assert propose_distribution(meeting)[:2] == LIST_B
        # Never the meeting's own list, and not another committee's.
        assert previous_distribution(db.session.get(Meeting, older)) == LIST_B
    _draft(app, magura_doc, "2022-03-14", LIST_A, name="উপজেলা আইসিটি কমিটি, শ্রীপুর",
           level="upazila", upazila="শ্রীপুর", file_number="৫৬.০৪.৫৫০০.০০৩.০৬.০০১.২০")
    with app.app_context():
        assert previous_distribution(db.session.get(Meeting, target)) == LIST_B


def test_proposal_prefers_the_later_of_two_lists_whatever_the_order_of_entry(app, magura_doc):
    target = _draft(app, magura_doc, "2022-04-11")
    _draft(app, magura_doc, "2022-03-14", LIST_B)
    _draft(app, magura_doc, "2022-01-10", LIST_A)  # entered last, held earlier
    with app.app_context():
        assert previous_distribution(db.session.get(Meeting, target)) == LIST_B


def test_proposal_looks_back_five_meetings(app, magura_doc):
    _draft(app, magura_doc, "2021-01-11", LIST_A)
    for month in range(2, 7):  # five later meetings that saved no list
        _draft(app, magura_doc, f"2021-{month:02d}-08")
    target = _draft(app, magura_doc, "2022-04-11")
    with app.app_context():
        assert previous_distribution(db.session.get(Meeting, target)) == []
    _draft(app, magura_doc, "2021-07-12", LIST_B)
    with app.app_context():
        assert previous_distribution(db.session.get(Meeting, target)) == LIST_B


def test_the_standing_list_wins_over_the_last_meetings_list(app, magura_doc):
    _draft(app, magura_doc, "2022-03-14", LIST_B)
    target = _draft(app, magura_doc, "2022-04-11")
    with app.app_context():
        meeting = db.session.get(Meeting, target)
        # (Not LIST_A: জেলা প্রশাসক chairs the meeting and is never proposed.)
        standing = [{"text": "সিভিল সার্জন, মাগুরা", "tag": "action"}]
        meeting.committee.distribution = standing
        rows = propose_distribution(meeting)
        assert rows[0] == standing[0]
        assert "বিভাগীয় কমিশনার, খুলনা" not in [r["text"] for r in rows]
        db.session.rollback()


def test_what_the_documents_print(app, magura_doc):
    target = _draft(app, magura_doc, "2022-04-11", [*LIST_B, DECOMPOSED])
    with app.app_context():
        meeting = db.session.get(Meeting, target)
        assert effective_distribution(meeting) == [*LIST_B, LIST_A[0]]
        meeting.distribution = []
        assert effective_distribution(meeting) == propose_distribution(meeting)
        assert effective_distribution(meeting)  # the proposal: members and parties
        db.session.rollback()


# -- recipients -------------------------------------------------------------------------

def test_members_are_recipients_except_the_secretary(app, magura_doc):
    target = _draft(app, magura_doc, "2022-04-11")
    with app.app_context():
        meeting = db.session.get(Meeting, target)
        meeting.committee.members = [
            Member(designation="জেলা প্রশাসক", name="ড. আশরাফুল আলম", role="chair"),
            Member(designation="", name="মোঃ রহিম", role="member"),
            Member(designation="প্রোগ্রামার", name="পলাশ", role="member_secretary"),
            Member(designation="", name="", role="member"),
            Member(designation="সিভিল সার্জন", role="member")]
        assert member_entries(meeting) == ["জেলা প্রশাসক", "মোঃ রহিম", "সিভিল সার্জন"]
        db.session.rollback()


def test_parties_of_decisions_with_their_own_list_are_recipients(app, magura_doc):
    doc = draft_doc(magura_doc)
    item = dict(doc["meeting"]["items"][1], responsible=["জেলা শিক্ষা অফিসার"])
    item["decisions"] = [{"text": "এক", "responsible": ["সিভিল সার্জন", "  স্ব স্ব দপ্তর প্রধান"]},
                         {"text": "দুই"}]
    doc["meeting"]["items"] = [item]
    meeting_id = import_magura(app, doc)
    with app.app_context():
        assert party_entries(db.session.get(Meeting, meeting_id)) == [
            "জেলা শিক্ষা অফিসার", "সিভিল সার্জন"]


# -- cleaning ---------------------------------------------------------------------------

def test_clean_rows():
    rows = clean_rows([
        "  জেলা প্রশাসক  ", {"text": "অফিস কপি", "tag": "info"},
        {"text": "সিভিল সার্জন", "tag": "bcc"}, {"text": "প্রোগ্রামার"}, {"tag": "info"},
        {"text": None}, "", "জেলা প্রশাসক।", {"text": DECOMPOSED}])
    assert rows == [{"text": "জেলা প্রশাসক", "tag": "action"},
                    {"text": "অফিস কপি", "tag": "info"},
                    {"text": "সিভিল সার্জন", "tag": "action"},
                    {"text": "প্রোগ্রামার", "tag": "action"},
                    {"text": "জেলা প্রশাসক, মাগুরা", "tag": "action"}]
    assert clean_rows(None) == [] and clean_rows([]) == []


def test_clean_rows_limits_length_and_count():
    assert MAX_TEXT == 500 and MAX_ENTRIES == 200
    (row,) = clean_rows([" " + "ক" * 600])
    assert row["text"] == "ক" * 500
    many = clean_rows([f"দপ্তর {i}" for i in range(1, 260)])
    assert len(many) == 200 and many[-1]["text"] == "দপ্তর 200"


def test_an_upazila_committee_writes_its_offices_with_the_upazila(app, magura_doc):
    """"উপজেলা নির্বাহী অফিসার" in শ্রীপুর's list is শ্রীপুর's UNO: the spelling that names
    শ্রীপুর replaces the bare one, which keeps its place and tag."""
    target = _draft(app, magura_doc, "2022-04-11", name="উপজেলা আইসিটি কমিটি, শ্রীপুর",
                    level="upazila", upazila="শ্রীপুর",
                    file_number="৫৬.০৪.৫৫০০.০০৩.০৬.০০১.২০")
    with app.app_context():
        meeting = db.session.get(Meeting, target)
        meeting.committee.distribution = [{"text": "উপজেলা নির্বাহী অফিসার", "tag": "info"}]
        # A member (as the chair, শ্রীপুর's UNO would not be proposed at all).
        meeting.committee.members = [
            Member(designation="উপজেলা নির্বাহী অফিসার, শ্রীপুর", role="member")]
        rows = propose_distribution(meeting)
        db.session.rollback()
    assert rows[0] == {"text": "উপজেলা নির্বাহী অফিসার, শ্রীপুর", "tag": "info"}
    assert [r["text"] for r in rows].count("উপজেলা নির্বাহী অফিসার") == 0


def test_of_two_meetings_on_one_day_the_one_entered_later_is_copied(app, magura_doc):
    target = _draft(app, magura_doc, "2022-04-11")
    _draft(app, magura_doc, "2022-03-14", LIST_A)
    _draft(app, magura_doc, "2022-03-14", LIST_B)
    with app.app_context():
        assert previous_distribution(db.session.get(Meeting, target)) == LIST_B


def test_a_meeting_never_copies_its_own_list(app, magura_doc):
    _draft(app, magura_doc, "2022-01-10", LIST_A)
    latest = _draft(app, magura_doc, "2022-03-14", LIST_B)
    with app.app_context():
        assert previous_distribution(db.session.get(Meeting, latest)) == LIST_A
