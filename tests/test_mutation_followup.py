"""committee.followup.service: what the mutation run (scripts/mutation) found untested.

A small committee file instead of the whole Magura minutes: item 2 is owed by the DEO and
the civil surgeon, item 3 by the group of all UNOs (four upazilas of Magura).
"""
from __future__ import annotations

import copy
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from committee import clock
from committee.bangla import to_bangla_digits
from committee.extensions import db
from committee.followup.recording import request_drop
from committee.followup.review import (
    attach_review,
    attach_review_by,
    confirm_previous,
    confirms_previous,
    group_review,
    record_review,
    record_review_rows,
    review_entries,
    review_rows,
)
from committee.followup.search import search
from committee.followup.service import (
    STATUS_LABELS,
    FollowUpError,
    TrackerFilters,
    history,
    owed_by_office,
    record_follow_up,
    today_in_bangladesh,
    tracker,
)
from committee.followup.tracker import numbers
from committee.models import (
    Assignment,
    AuditEntry,
    Decision,
    FollowUp,
    Item,
    Meeting,
    Office,
    ReviewEntry,
    User,
)
from committee.records import Frozen
from tests.conftest import import_magura, make_user

DEO = "জেলা শিক্ষা অফিসার"
CIVIL = "সিভিল সার্জন"
UNOS = "উপজেলা নির্বাহী অফিসার (সকল)"
UNO_SADAR = "উপজেলা নির্বাহী অফিসার, মাগুরা সদর"
UNO_SHALIKHA = "উপজেলা নির্বাহী অফিসার, শালিখা"
UNO_SREEPUR = "উপজেলা নির্বাহী অফিসার, শ্রীপুর"
UNO_MOHAMMADPUR = "উপজেলা নির্বাহী অফিসার, মহম্মদপুর"
CONFIRM = {"title": "পূর্ববর্তী সভার কার্যবিবরণী দৃঢ়ীকরণ", "discussion": "", "responsible": [],
           "decisions": [{"text": "কার্যবিবরণী দৃঢ়ীকরণ করা হয়।"}]}
ITEMS = [
    CONFIRM,
    {"title": "ডিজিটাল কনটেন্ট", "discussion": "", "responsible": [DEO, CIVIL],
     "decisions": [{"text": "অনলাইন ক্লাস চালু রাখতে হবে", "due_on": "2022-04-30"},
                   {"text": "কনটেন্ট 100% মানসম্মত_করতে হবে"}]},
    {"title": "ই-সেবা", "discussion": "", "responsible": [UNOS],
     "decisions": [{"text": "ই-নথি চালু করতে হবে", "due_on": "2022-03-31"}]},
]


def _meeting(app, magura_doc, held_on: str = "2022-03-14", serial: int | None = None,
             items=ITEMS, **committee) -> int:
    """A meeting of the small file: issued with `serial`, else a draft."""
    doc = copy.deepcopy(magura_doc)
    doc["meeting"]["held_on"] = held_on
    doc["meeting"]["items"] = copy.deepcopy(items)
    doc["committee"].update(committee)
    if serial is None:
        doc.pop("issue")
    else:
        doc["issue"]["memo_serial"] = serial
    return import_magura(app, doc)


OTHER_COMMITTEE = {"name": "উপজেলা আইসিটি কমিটি, শ্রীপুর", "level": "upazila",
                   "upazila": "শ্রীপুর", "file_number": "৫৬.০৪.৫৫০০.০০৩.০৬.০০১.২০"}


def _assignment(meeting_id: int, number: str, party: str) -> Assignment:
    item, position = (int(x) for x in number.split("."))
    return db.session.scalar(
        select(Assignment).join(Assignment.decision).join(Decision.item)
        .where(Decision.meeting_id == meeting_id, Item.position == item,
               Decision.position == position, Assignment.party == party))


def _assignment_id(app, meeting_id: int, number: str, party: str) -> int:
    with app.app_context():
        return _assignment(meeting_id, number, party).id


def _rows(stmt) -> list[tuple[str, str, str]]:
    return [(a.decision.meeting.held_on.isoformat(), a.decision.number, a.party)
            for a in db.session.scalars(stmt).unique()]


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


# -- recording a status -----------------------------------------------------------------

def test_recorded_status_is_current_and_audited(app, magura_doc):
    make_user(app, "deo", "office", district="মাগুরা", office=DEO)
    first = _meeting(app, magura_doc, serial=9)
    review = _meeting(app, magura_doc, "2022-04-14")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "deo"))
        assignment = _assignment(first, "2.1", DEO)
        follow_up = record_follow_up(
            assignment, "implemented", "  সকল  বিদ্যালয়ে\nচালু ", date(2022, 4, 20), user=user,
            meeting=db.session.get(Meeting, review),
            evidence={"evidence_name": "report.pdf", "evidence_path": "ab/cd.pdf",
                      "evidence_type": "application/pdf"})
        db.session.commit()
        assert (follow_up.status, follow_up.note, follow_up.on, follow_up.user_id,
                follow_up.meeting_id, follow_up.evidence_name, follow_up.evidence_path) == (
            "implemented", "সকল বিদ্যালয়ে চালু", date(2022, 4, 20), user.id, review,
            "report.pdf", "ab/cd.pdf")
        assignment = db.session.get(Assignment, assignment.id)
        assert (assignment.status, assignment.status_note, assignment.status_on) == (
            "implemented", "সকল বিদ্যালয়ে চালু", date(2022, 4, 20))
        (entry,) = _audit("status")
        assert (entry.object_type, entry.object_id, entry.user_id, entry.district_id) == (
            "assignment", assignment.id, user.id,
            db.session.get(Meeting, first).committee.district_id)
        assert entry.summary == (f"2022-03-14 তারিখের সভার সিদ্ধান্ত 2.1, {DEO}: অমীমাংসিত → "
                                 "বাস্তবায়িত; 2022-04-14 তারিখের সভার পর্যালোচনায়")
        assert entry.changes == {"status": ["pending", "implemented"],
                                 "note": ["", "সকল বিদ্যালয়ে চালু"],
                                 "on": [None, "2022-04-20"], "evidence": [None, "report.pdf"]}


def test_status_without_meeting_user_or_date(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        assignment = _assignment(first, "2.2", CIVIL)
        record_follow_up(assignment, "in_progress", "চলছে", date(2022, 4, 1))
        follow_up = record_follow_up(assignment, "dropped", None,
                                     evidence={"evidence_name": None})
        db.session.commit()
        today = today_in_bangladesh()
        assert (follow_up.on, follow_up.note, follow_up.user_id, follow_up.meeting_id) == (
            today, "", None, None)
        _, entry = _audit("status")
        assert entry.user_id is None
        assert entry.summary == (f"2022-03-14 তারিখের সভার সিদ্ধান্ত 2.2, {CIVIL}: চলমান → "
                                 "বাদ দেওয়া হয়েছে")
        assert entry.changes == {"status": ["in_progress", "dropped"], "note": ["চলছে", ""],
                                 "on": ["2022-04-01", today.isoformat()]}


def test_unknown_status_is_refused_in_bangla(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        assignment = _assignment(first, "2.1", DEO)
        for status in ("done", "", "Pending", None):
            with pytest.raises(FollowUpError) as error:
                record_follow_up(assignment, status)
            assert str(error.value) == (
                "অবস্থা এগুলোর একটি হতে হবে: pending (অমীমাংসিত), in_progress (চলমান), "
                "implemented (বাস্তবায়িত), dropped (বাদ দেওয়া হয়েছে)")
        db.session.commit()
        assert db.session.scalars(select(FollowUp)).all() == [] and _audit("status") == []
        assert db.session.get(Assignment, assignment.id).status == "pending"


def test_history_is_newest_first_per_assignment(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        deo, civil = _assignment(first, "2.1", DEO), _assignment(first, "2.1", CIVIL)
        a = record_follow_up(deo, "in_progress", "এক", date(2022, 4, 1))
        b = record_follow_up(civil, "in_progress", "দুই", date(2022, 4, 2))
        c = record_follow_up(deo, "implemented", "তিন", date(2022, 4, 3))
        db.session.commit()
        found = history([deo.id, civil.id, _assignment(first, "2.2", DEO).id])
        assert {k: [f.id for f in v] for k, v in found.items()} == {
            deo.id: [c.id, a.id], civil.id: [b.id]}
        assert history([]) == {}


# -- what an office owes, the tracker, rates --------------------------------------------

def _rates(meeting_id: int) -> tuple[list[dict], dict]:
    """The tracker's rates per office and overall for the meeting's committee."""
    _, per_office, overall = numbers(db.session.get(Meeting, meeting_id).committee,
                                     date.today())
    return per_office, overall


def test_an_office_owes_its_open_decisions_overdue_first(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9)
    items = copy.deepcopy(ITEMS)
    items[1]["decisions"][0]["due_on"] = "2022-06-30"
    second = _meeting(app, magura_doc, "2022-04-14", items=items)
    with app.app_context():
        record_follow_up(_assignment(first, "2.2", CIVIL), "implemented")
        record_follow_up(_assignment(second, "2.2", CIVIL), "dropped")
        record_follow_up(_assignment(second, "2.1", DEO), "in_progress")
        db.session.commit()
        deo = db.session.scalar(select(Office).where(Office.name == DEO).order_by(Office.id))
        assert _rows(owed_by_office(deo.id, deo.district_id, date(2022, 5, 1))) == [
            ("2022-03-14", "2.1", DEO),  # overdue since 30 April
            ("2022-04-14", "2.1", DEO),  # due 30 June
            ("2022-04-14", "2.2", DEO),  # no due date: the later meeting first
            ("2022-03-14", "2.2", DEO)]
        # The day it falls due it is not overdue yet: then by due date, undated last.
        assert _rows(owed_by_office(deo.id, deo.district_id, date(2022, 4, 30)))[:2] == [
            ("2022-03-14", "2.1", DEO), ("2022-04-14", "2.1", DEO)]
        # Implemented and dropped ones are owed no more.
        civil = db.session.scalar(select(Office).where(Office.name == CIVIL).order_by(Office.id))
        assert _rows(owed_by_office(civil.id, civil.district_id, date(2022, 7, 1))) == [
            ("2022-03-14", "2.1", CIVIL), ("2022-04-14", "2.1", CIVIL)]
        # Undated open decisions come after every dated one, overdue or not.
        items = copy.deepcopy(ITEMS)
        items[1]["decisions"][0].pop("due_on")
        items[1]["decisions"][1]["due_on"] = "2030-01-31"
        third = _meeting(app, magura_doc, "2022-05-09", items=items)
        assert [r[:2] for r in _rows(owed_by_office(deo.id, deo.district_id,
                                                    date(2022, 5, 10)))] == [
            ("2022-03-14", "2.1"), ("2022-04-14", "2.1"), ("2022-05-09", "2.2"),
            ("2022-05-09", "2.1"), ("2022-04-14", "2.2"), ("2022-03-14", "2.2")]
        assert third
        assert _rows(owed_by_office(deo.id, deo.district_id + 1000, date(2022, 5, 1))) == []


def test_tracker_lists_and_filters_a_committees_decisions(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9)
    second = _meeting(app, magura_doc, "2022-04-14")
    _meeting(app, magura_doc, "2022-03-20", **OTHER_COMMITTEE)
    with app.app_context():
        record_follow_up(_assignment(first, "2.1", DEO), "implemented")
        record_follow_up(_assignment(first, "3.1", UNO_SADAR), "dropped")
        db.session.commit()
        committee_id = db.session.get(Meeting, first).committee_id
        deo = db.session.scalar(select(Office).where(Office.name == DEO).order_by(Office.id))

        def rows(today=date(2022, 4, 20), **filters):
            return _rows(tracker(committee_id, TrackerFilters(**filters), today))

        everything = rows()
        assert len(everything) == 16 and everything[:5] == [
            ("2022-04-14", "2.1", DEO), ("2022-04-14", "2.1", CIVIL),
            ("2022-04-14", "2.2", DEO), ("2022-04-14", "2.2", CIVIL),
            ("2022-04-14", "3.1", UNO_MOHAMMADPUR)]
        assert everything[8] == ("2022-03-14", "2.1", DEO)
        assert rows(office_id=deo.id) == [
            ("2022-04-14", "2.1", DEO), ("2022-04-14", "2.2", DEO),
            ("2022-03-14", "2.1", DEO), ("2022-03-14", "2.2", DEO)]
        assert rows(status="implemented") == [("2022-03-14", "2.1", DEO)]
        assert rows(status="dropped") == [("2022-03-14", "3.1", UNO_SADAR)]
        assert [r[0] for r in rows(meeting_id=second)] == ["2022-04-14"] * 8
        # Overdue: open, and due before today (3.1 was due 31 March, 2.1 on 30 April).
        assert rows(overdue=True) == [
            ("2022-04-14", "3.1", UNO_MOHAMMADPUR), ("2022-04-14", "3.1", UNO_SADAR),
            ("2022-04-14", "3.1", UNO_SHALIKHA), ("2022-04-14", "3.1", UNO_SREEPUR),
            ("2022-03-14", "3.1", UNO_MOHAMMADPUR), ("2022-03-14", "3.1", UNO_SHALIKHA),
            ("2022-03-14", "3.1", UNO_SREEPUR)]
        assert len(rows(date(2022, 5, 1), overdue=True)) == 7 + 3  # 2.1 of 14 March open
        assert rows(office_id=deo.id, status="pending", meeting_id=first) == [
            ("2022-03-14", "2.2", DEO)]


@pytest.mark.parametrize(("q", "numbers"), [
    ("অনলাইন", ["2.1", "2.1"]),
    ("অনলাইন সিভিল", ["2.1"]),  # every word, each in any column
    ("ডিজিটাল সার্জন", ["2.1", "2.2"]),  # the item's title and the party
    ("অনলাইন শালিখা", []),
    ("100%", ["2.2", "2.2"]),  # not "1000"
    ("মানসম্মত_করতে", ["2.2", "2.2"]),  # not "মানসম্মত-করতে"
    ("C:\\nothi", ["3.2"]),  # not "C:nothi"
    ("c:\\NOTHI", ["3.2"]),
    ("  ই-নথি   চালু ", ["3.1"] * 4),
])
def test_tracker_search(app, magura_doc, q, numbers):
    items = copy.deepcopy(ITEMS)
    items[2]["decisions"].append({"text": "সার্ভারের C:\\nothi ফোল্ডার", "responsible": [DEO]})
    items.append({"title": "অন্যান্য", "discussion": "", "responsible": [DEO],
                  "decisions": [{"text": "1000 কনটেন্ট মানসম্মত-করতে হবে"},
                                {"text": "C:nothi পরিষ্কার"}]})
    first = _meeting(app, magura_doc, serial=9, items=items)
    with app.app_context():
        committee_id = db.session.get(Meeting, first).committee_id
        stmt = tracker(committee_id, TrackerFilters(q=q), date(2022, 4, 20))
        assert [number for _, number, _ in _rows(stmt)] == numbers


def test_implementation_rates(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9)
    second = _meeting(app, magura_doc, "2022-04-14")
    _meeting(app, magura_doc, "2022-03-20", **OTHER_COMMITTEE)
    with app.app_context():
        for meeting_id, number, party, status in [
                (first, "2.1", DEO, "implemented"), (first, "2.2", DEO, "dropped"),
                (second, "2.1", DEO, "in_progress"),
                (first, "2.1", CIVIL, "dropped"), (first, "2.2", CIVIL, "dropped"),
                (second, "2.1", CIVIL, "dropped"), (second, "2.2", CIVIL, "dropped"),
                (first, "3.1", UNO_SADAR, "implemented"),
                (second, "3.1", UNO_SADAR, "implemented")]:
            record_follow_up(_assignment(meeting_id, number, party), status)
        db.session.commit()
        rows, overall = _rates(first)
    by_party = {r["party"]: r for r in rows}
    assert [r["party"] for r in rows] == sorted(by_party)
    assert by_party[DEO] == {"party": DEO, "total": 4, "implemented": 1, "counted": 3,
                             "rate": 33.3}
    assert by_party[CIVIL] == {"party": CIVIL, "total": 4, "implemented": 0, "counted": 0,
                               "rate": None}
    assert by_party[UNO_SADAR] == {"party": UNO_SADAR, "total": 2, "implemented": 2,
                                   "counted": 2, "rate": 100.0}
    assert by_party[UNO_SHALIKHA]["rate"] == 0.0
    # 3 implemented of 3 (DEO) + 0 + 2 + 3 × 2 other UNOs counted.
    assert overall == {"implemented": 3, "counted": 11, "rate": 27.3}


def test_rates_of_a_committee_without_decisions(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9, items=[CONFIRM])
    with app.app_context():
        assert _rates(first) == (
            [], {"implemented": 0, "counted": 0, "rate": None})


# -- the review of open decisions -------------------------------------------------------

def test_review_brings_the_open_decisions_of_earlier_meetings(app, magura_doc):
    make_user(app, "sec", "secretary", district="মাগুরা")
    # The review's draft first: a draft imported later brings the open decisions itself.
    review = _meeting(app, magura_doc, "2022-04-14")
    first = _meeting(app, magura_doc, serial=9)
    _meeting(app, magura_doc, "2022-05-12")  # later: not reviewed
    _meeting(app, magura_doc, "2022-03-20", **OTHER_COMMITTEE)  # another committee
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "sec"))
        record_follow_up(_assignment(first, "2.1", DEO), "implemented")
        record_follow_up(_assignment(first, "2.2", DEO), "in_progress", "অর্ধেক")
        record_follow_up(_assignment(first, "3.1", UNO_SADAR), "dropped")
        db.session.commit()
        meeting = db.session.get(Meeting, review)
        assert attach_review_by(meeting, user) == 6
        db.session.commit()
        entries = review_entries(review)
        assert [(e.position, e.assignment.decision.number, e.assignment.party,
                 e.status_before, e.note_before) for e in entries] == [
            (1, "2.1", CIVIL, "pending", ""), (2, "2.2", DEO, "in_progress", "অর্ধেক"),
            (3, "2.2", CIVIL, "pending", ""), (4, "3.1", UNO_MOHAMMADPUR, "pending", ""),
            (5, "3.1", UNO_SHALIKHA, "pending", ""), (6, "3.1", UNO_SREEPUR, "pending", "")]
        assert all(e.assignment.decision.meeting_id == first for e in entries)
        (entry,) = _audit("attach_review")
        assert (entry.object_type, entry.object_id, entry.user_id, entry.district_id) == (
            "meeting", review, user.id, meeting.committee.district_id)
        assert entry.summary == ("2022-04-14 তারিখের সভার পর্যালোচনায় পূর্ববর্তী সভার 6 টি "
                                 "অমীমাংসিত সিদ্ধান্ত যোগ")
        assert entry.changes == {"review_entries": [None, 6]}
        # Once more: nothing new, nothing logged.
        assert attach_review_by(db.session.get(Meeting, review), user) == 0
        db.session.commit()
        assert len(_audit("attach_review")) == 1
        assert len(review_entries(review)) == 6
        # Decisions reopened meanwhile are added, each at its place in the order.
        record_follow_up(_assignment(first, "2.1", DEO), "in_progress")
        record_follow_up(_assignment(first, "3.1", UNO_SADAR), "in_progress")
        assert attach_review(db.session.get(Meeting, review)) == 2
        db.session.commit()
        entries = review_entries(review)
        positions = [e.position for e in entries]
        assert positions == list(range(1, 9))  # no two entries share a number
        assert [(e.position, e.assignment.decision.number, e.assignment.party)
                for e in entries[:3]] == [(1, "2.1", DEO), (2, "2.1", CIVIL),
                                          (3, "2.2", DEO)]


def test_review_takes_earlier_meetings_oldest_first_and_not_the_same_day(app, magura_doc):
    # The review's draft first: a draft imported later brings the open decisions itself.
    review = _meeting(app, magura_doc, "2022-04-14", items=[CONFIRM, ITEMS[1]])
    oldest = _meeting(app, magura_doc, "2022-01-10", serial=8, items=[CONFIRM, ITEMS[1]])
    first = _meeting(app, magura_doc, serial=9, items=[CONFIRM, ITEMS[1]])
    _meeting(app, magura_doc, "2022-04-15", items=[CONFIRM, ITEMS[2]])  # a later day
    with app.app_context():
        assert attach_review(db.session.get(Meeting, review)) == 8
        db.session.commit()
        entries = review_entries(review)
        assert [(e.assignment.decision.meeting_id, e.assignment.decision.number,
                 e.assignment.party) for e in entries] == [
            (oldest, "2.1", DEO), (oldest, "2.1", CIVIL), (oldest, "2.2", DEO),
            (oldest, "2.2", CIVIL), (first, "2.1", DEO), (first, "2.1", CIVIL),
            (first, "2.2", DEO), (first, "2.2", CIVIL)]
        for entry in entries[:3]:
            record_review(entry, "implemented", "", None)
        db.session.commit()
    from tests.test_api import count_queries

    with app.app_context(), count_queries(app) as statements:
        entries = review_entries(review)
        printed = [(e.assignment.decision.item.position, e.assignment.decision.meeting.held_on,
                    e.follow_up.status if e.follow_up else None) for e in entries]
    assert [status for *_, status in printed] == ["implemented"] * 3 + [None] * 5
    assert len(statements) <= 2, statements


def test_issued_minutes_take_no_review(app, magura_doc):
    _meeting(app, magura_doc, "2022-01-10", serial=8)
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        with pytest.raises(Frozen):
            attach_review_by(db.session.get(Meeting, first), None)
        db.session.rollback()
        assert db.session.scalars(select(ReviewEntry)).all() == []
        assert _audit("attach_review") == []


def test_a_review_without_open_decisions(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9, items=[CONFIRM])
    review = _meeting(app, magura_doc, "2022-04-14")
    with app.app_context():
        assert attach_review_by(db.session.get(Meeting, review), None) == 0
        assert attach_review(db.session.get(Meeting, first)) == 0
        db.session.commit()
        assert _audit("attach_review") == [] and review_entries(review) == []


def test_recording_a_review_and_how_the_minutes_group_it(app, magura_doc):
    make_user(app, "sec", "secretary", district="মাগুরা")
    # The review's draft first: a draft imported later brings the open decisions itself.
    review = _meeting(app, magura_doc, "2022-04-14")
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "sec"))
        record_follow_up(_assignment(first, "2.1", CIVIL), "in_progress", "শুরু")
        attach_review(db.session.get(Meeting, review))
        db.session.commit()
        entries = {(e.assignment.decision.number, e.assignment.party): e
                   for e in review_entries(review)}
        follow_up = record_review(entries["2.1", DEO], "implemented", "চালু", user)
        for party, status in [(UNO_SADAR, "implemented"), (UNO_SHALIKHA, "in_progress"),
                              (UNO_SREEPUR, "dropped")]:
            record_review(entries["3.1", party], status, "", None)
        db.session.commit()
        assert (follow_up.on, follow_up.meeting_id, follow_up.note, follow_up.user_id) == (
            date(2022, 4, 14), review, "চালু", user.id)
        assert _audit("status")[1].user_id == user.id
        assert entries["2.1", DEO].follow_up_id == follow_up.id
        assert _audit("status")[1].summary.endswith("; 2022-04-14 তারিখের সভার পর্যালোচনায়")

        grouped = review_rows(review)
    assert [g["decision"].number for g in grouped] == ["2.1", "2.2", "3.1"]
    assert grouped[0]["parties"] == [
        {"label": DEO, "status": "implemented", "note": "চালু", "summary": "বাস্তবায়িত",
         "members": []},
        {"label": CIVIL, "status": "in_progress", "note": "শুরু", "summary": "চলমান",
         "members": []}]
    (group,) = grouped[2]["parties"]
    assert group["label"] == UNOS and group["status"] is None and group["note"] == ""
    assert group["summary"] == "১/৪ বাস্তবায়িত (অমীমাংসিত ১, চলমান ১, বাদ দেওয়া হয়েছে ১)"
    assert [(m["party"], m["status"]) for m in group["members"]] == [
        (UNO_MOHAMMADPUR, "pending"), (UNO_SADAR, "implemented"),
        (UNO_SHALIKHA, "in_progress"), (UNO_SREEPUR, "dropped")]


def test_a_group_all_done_has_no_remainder():
    def row(party, via, status):
        return (7, "d", party, via, status, "নোট")

    grouped = group_review([row("ক", "সকল", "implemented"), row("খ", "সকল", "implemented"),
                            row("গ", None, "pending")])
    (line,) = grouped
    assert line["decision"] == "d"
    assert [p["summary"] for p in line["parties"]] == ["২/২ বাস্তবায়িত", "অমীমাংসিত"]
    assert line["parties"][1]["note"] == "নোট"
    assert STATUS_LABELS["pending"] == "অমীমাংসিত"
    # A group that expanded to one office is still summarised as a group.
    (line,) = group_review([row("ক", "সকল", "in_progress")])
    (party,) = line["parties"]
    assert (party["label"], party["status"], party["summary"]) == (
        "সকল", None, "০/১ বাস্তবায়িত (চলমান ১)")


# -- confirming the previous minutes ----------------------------------------------------

@pytest.mark.parametrize(("title", "decided", "confirms"), [
    ("পূর্ববর্তী সভার কার্যবিবরণী দৃঢ়ীকরণ", True, True),
    ("বিগত সভার কার্যবিবরণী দৃঢ়করণ", True, True),
    ("বিগত সভার কার্যবিবরণী দৃষ্টিকরণ", True, True),  # a common typing of it
    ("পূর্ববর্তী  সভার কার্যবিবরণী\nদৃঢ়ীকরণ", True, True),
    ("পূর্ববর্তী সভার কার্যবিবরণী দৃঢ়ীকরণ", False, False),  # not decided
    ("পূর্ববর্তী সভার কার্যবিবরণী পাঠ", True, False),
])
def test_which_first_items_confirm_the_previous_minutes(app, title, decided, confirms):
    decisions = [Decision(text="দৃঢ়ীকৃত", position=1)] if decided else []
    meeting = Meeting(items=[Item(title=title, position=1, decisions=decisions),
                             Item(title="দৃঢ়ীকরণ", position=2,
                                  decisions=[Decision(text="হ্যাঁ", position=1)])])
    assert confirms_previous(meeting) is confirms
    assert confirms_previous(Meeting(items=[])) is False
    # Only the first item counts.
    meeting = Meeting(items=[Item(title="ডিজিটাল কনটেন্ট", position=1,
                                  decisions=[Decision(text="হ্যাঁ", position=1)]),
                             Item(title=title, position=2, decisions=decisions)])
    assert confirms_previous(meeting) is False


def test_issuing_confirms_the_latest_earlier_issued_minutes(app, magura_doc):
    oldest = _meeting(app, magura_doc, "2022-01-10", serial=8)
    previous = _meeting(app, magura_doc, "2022-03-14", serial=9)
    _meeting(app, magura_doc, "2022-04-01")  # a draft in between
    _meeting(app, magura_doc, "2022-06-12", serial=12)  # later
    _meeting(app, magura_doc, "2022-04-10", serial=1, **OTHER_COMMITTEE)
    current = _meeting(app, magura_doc, "2022-05-09")
    not_confirming = _meeting(app, magura_doc, "2022-05-10", items=ITEMS[1:])
    with app.app_context():
        assert confirm_previous(db.session.get(Meeting, not_confirming)) is None
        assert db.session.get(Meeting, previous).status == "issued"
        confirmed = confirm_previous(db.session.get(Meeting, current))
        assert confirmed.id == previous
        db.session.commit()
        statuses = dict(db.session.execute(select(Meeting.held_on, Meeting.status)
                                           .where(Meeting.id.in_([oldest, previous]))).all())
    assert statuses == {date(2022, 1, 10): "issued", date(2022, 3, 14): "confirmed"}


def test_nothing_to_confirm_before_the_first_minutes(app, magura_doc):
    first = _meeting(app, magura_doc, "2022-03-14", serial=9)
    with app.app_context():
        assert confirm_previous(db.session.get(Meeting, first)) is None


def test_history_orders_by_time_then_by_entry(app, magura_doc):
    """Rows written by other paths (a decision deleted, an import) carry their own time."""
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        assignment = _assignment(first, "2.1", DEO)
        at = datetime(2022, 4, 1, 10, 0, tzinfo=UTC)
        rows = [FollowUp(assignment=assignment, status="in_progress", on=date(2022, 4, 1),
                         created_at=when) for when in (at, at - timedelta(days=1), at, at)]
        db.session.add_all(rows)
        db.session.commit()
        ids = [r.id for r in rows]
        found = [f.id for f in history([assignment.id])[assignment.id]]
    # The same instant: the later entry first; the earlier instant last, though entered
    # after the first row.
    assert found == [ids[3], ids[2], ids[0], ids[1]]


def test_several_problems_are_named_together(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        assignment = _assignment(first, "2.1", DEO)
        with pytest.raises(FollowUpError) as error:
            record_follow_up(assignment, "done", 5, date(2022, 3, 1))
        problems = error.value.problems
        assert [p["path"] for p in problems] == ["status", "note", "on"]
        assert problems[1]["message"] == "মন্তব্য লেখা (string) হতে হবে"
        assert str(error.value) == "; ".join(p["message"] for p in problems)
        assert problems[2]["message"] == (
            "তারিখ (০১/০৩/২০২২) সিদ্ধান্তের সভার তারিখের (১৪/০৩/২০২২) আগে হতে পারে না")
        today = today_in_bangladesh()
        with pytest.raises(FollowUpError) as error:
            record_follow_up(assignment, "implemented", "", today + timedelta(days=1))
        tomorrow = (today + timedelta(days=1)).strftime("%d/%m/%Y")
        assert error.value.problems == [{"path": "on", "message": (
            f"তারিখ ({to_bangla_digits(tomorrow)}) ভবিষ্যতের হতে পারে না; "
            f"আজ {to_bangla_digits(today.strftime('%d/%m/%Y'))}")}]


def test_an_office_owes_a_meetings_decisions_in_their_order_after_a_reorder(app, magura_doc):
    """Decisions moved in the editor keep their ids: the list follows their numbers."""
    items = copy.deepcopy(ITEMS)
    items[1]["decisions"][0].pop("due_on")
    first = _meeting(app, magura_doc, items=items)
    with app.app_context():
        one, two = (_assignment(first, n, DEO).decision for n in ("2.1", "2.2"))
        one.position, two.position = 3, 1  # 2.2 becomes 2.1; the old 2.1 becomes 2.3
        db.session.commit()
        deo = db.session.scalar(select(Office).where(Office.name == DEO).order_by(Office.id))
        rows = db.session.scalars(owed_by_office(deo.id, deo.district_id, date(2022, 5, 1)))
        assert [(a.decision.number, a.decision.text) for a in rows] == [
            ("2.1", "কনটেন্ট 100% মানসম্মত_করতে হবে"), ("2.3", "অনলাইন ক্লাস চালু রাখতে হবে")]


def test_a_new_status_is_never_older_than_the_assignments_history(app, magura_doc):
    """A clock stepped back (or another server's clock ahead): the new row still comes
    first in the history, and only the assignment's own history counts."""
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        deo, civil = _assignment(first, "2.1", DEO), _assignment(first, "2.1", CIVIL)
        ahead = datetime.now(UTC) + timedelta(days=1)
        db.session.add_all([
            FollowUp(assignment=deo, status="in_progress", on=date(2022, 4, 1),
                     created_at=ahead),
            FollowUp(assignment=civil, status="in_progress", on=date(2022, 4, 1),
                     created_at=ahead + timedelta(days=1))])
        db.session.commit()
        new = record_follow_up(deo, "implemented", "", date(2022, 4, 2))
        db.session.commit()
        assert new.created_at.replace(tzinfo=UTC) == ahead
        assert history([deo.id])[deo.id][0].id == new.id
        # Without history the row takes the current time.
        fresh = record_follow_up(_assignment(first, "2.2", DEO), "implemented")
        db.session.commit()
        assert abs(fresh.created_at.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(
            minutes=5)


def test_tracker_due_today_is_not_overdue_and_parties_keep_their_order(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        committee_id = db.session.get(Meeting, first).committee_id
        due_today = tracker(committee_id, TrackerFilters(overdue=True), date(2022, 4, 30))
        assert [number for _, number, _ in _rows(due_today)] == ["3.1"] * 4
        # Parties reordered in the editor keep their ids: the tracker follows the order.
        deo, civil = _assignment(first, "2.1", DEO), _assignment(first, "2.1", CIVIL)
        deo.position, civil.position = 2, 1
        db.session.commit()
        rows = _rows(tracker(committee_id, TrackerFilters(), date(2022, 4, 20)))
        assert rows[:2] == [("2022-03-14", "2.1", CIVIL), ("2022-03-14", "2.1", DEO)]


def test_today_is_the_date_in_bangladesh(monkeypatch):
    """At 20:00 UTC on 30 April it is already 1 May in Dhaka (UTC+6)."""
    from committee.followup import service

    instant = datetime(2022, 4, 30, 20, 0, tzinfo=UTC)

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz else instant.replace(tzinfo=None)

    monkeypatch.setattr(service, "datetime", Clock)
    assert today_in_bangladesh() == date(2022, 5, 1)


def test_notes_with_control_characters_or_too_long_are_refused(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        assignment = _assignment(first, "2.1", DEO)
        with pytest.raises(FollowUpError) as error:
            record_follow_up(assignment, "in_progress", "ক\x00খ", date(2022, 4, 1))
        assert error.value.problems == [{"path": "note", "message": (
            "মন্তব্যে অগ্রহণযোগ্য নিয়ন্ত্রণ অক্ষর আছে (যেমন NUL); লেখাটি আবার টাইপ করুন")}]
        with pytest.raises(FollowUpError) as error:
            record_follow_up(assignment, "in_progress", "ক" * 5001, date(2022, 4, 1))
        assert error.value.problems == [{"path": "note", "message": (
            "মন্তব্য সর্বোচ্চ ৫০০০ অক্ষরের হতে পারে; এখানে ৫০০১ অক্ষর")}]
        # Line breaks of any system and tabs are text; 5,000 characters fit.
        ok = record_follow_up(assignment, "in_progress", "এক\r\nদুই\rতিন\tচার",
                              date(2022, 4, 1))
        assert ok.note == "এক দুই তিন চার"
        assert len(record_follow_up(assignment, "implemented", "ক" * 5000,
                                    date(2022, 4, 2)).note) == 5000


# -- dates, notes and a status recorded meanwhile -----------------------------------------

def test_a_status_may_be_dated_the_day_of_the_meeting(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        assignment = _assignment(first, "2.1", DEO)
        follow_up = record_follow_up(assignment, "in_progress", "সভার দিনেই শুরু",
                                     date(2022, 3, 14))
        db.session.commit()
        assert (follow_up.on, db.session.get(Assignment, assignment.id).status_on) == (
            date(2022, 3, 14), date(2022, 3, 14))


def test_a_status_without_a_note_is_stored_with_an_empty_note(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        assignment = _assignment(first, "2.1", DEO)
        follow_up = record_follow_up(assignment, "implemented", on=date(2022, 4, 1))
        db.session.commit()
        assert follow_up.note == "" and db.session.get(Assignment, assignment.id).status_note == ""
        (entry,) = _audit("status")
        assert entry.changes == {"status": ["pending", "implemented"], "on": [None, "2022-04-01"]}


def test_a_status_recorded_meanwhile_is_the_one_replaced(app, magura_doc):
    """Another request records a status and has not committed yet: this one waits for it,
    then logs the change from that status, not from the one it had loaded."""
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        assignment_id = _assignment(first, "2.1", DEO).id
    holding, release, errors = threading.Event(), threading.Event(), []

    def other_request():
        with app.app_context():
            try:
                record_follow_up(db.session.get(Assignment, assignment_id), "in_progress",
                                 "কাজ শুরু", date(2022, 4, 1))
                holding.set()
                release.wait(30)
                db.session.commit()
            except Exception as exc:  # reported below
                errors.append(repr(exc))
                holding.set()
            finally:
                db.session.remove()

    thread = threading.Thread(target=other_request)
    thread.start()
    try:
        assert holding.wait(60)
        with app.app_context():
            assignment = db.session.get(Assignment, assignment_id)
            assert assignment.status == "pending"  # the other write is not committed yet
            threading.Timer(1.0, release.set).start()
            record_follow_up(assignment, "implemented", "", date(2022, 4, 2))
            db.session.commit()
    finally:
        release.set()
        thread.join(60)
    assert not errors, errors
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        assert (assignment.status, assignment.status_note, assignment.status_on) == (
            "implemented", "", date(2022, 4, 2))
        assert [f.status for f in history([assignment_id])[assignment_id]] == [
            "implemented", "in_progress"]
        second = _audit("status")[1]
        assert second.summary == (f"2022-03-14 তারিখের সভার সিদ্ধান্ত 2.1, {DEO}: চলমান → "
                                  "বাস্তবায়িত")
        assert second.changes == {"status": ["in_progress", "implemented"],
                                  "note": ["কাজ শুরু", ""], "on": ["2022-04-01", "2022-04-02"]}


# -- the review form's rows (record_review_rows) ------------------------------------------

def _review_world(app, magura_doc, review_serial: int | None = None) -> tuple[int, int]:
    """The small file's minutes of 14 March and the review of 14 April with its 8 entries."""
    make_user(app, "sec", "secretary", district="মাগুরা")
    # The review's draft first: a draft imported later brings the open decisions itself.
    review = _meeting(app, magura_doc, "2022-04-14", serial=review_serial)
    first = _meeting(app, magura_doc, serial=9)
    with app.app_context():
        assert attach_review(db.session.get(Meeting, review)) == 8
        db.session.commit()
    return first, review


def _entries(review: int) -> dict[tuple[str, str], ReviewEntry]:
    return {(e.assignment.decision.number, e.assignment.party): e
            for e in review_entries(review)}


def _sec() -> User:
    return db.session.scalar(select(User).where(User.username == "sec"))


def test_review_rows_record_only_what_changed(app, magura_doc):
    _, review = _review_world(app, magura_doc)
    with app.app_context():
        entries, user = _entries(review), _sec()
        posted = {
            entries["2.1", DEO].id: ("implemented", "  সব বিদ্যালয়ে চালু "),  # a new status
            entries["2.1", CIVIL].id: ("pending", "   "),  # as it was: not recorded
            entries["2.2", DEO].id: ("pending", "অর্ধেক হয়েছে"),  # the same status, a note
            entries["2.2", CIVIL].id: ("", "কিছু"),  # no status chosen: not recorded
        }  # the four UNOs of 3.1 were not posted at all
        assert record_review_rows(db.session.get(Meeting, review), posted, user) == []
        db.session.rollback()  # what was committed stays
        rows = db.session.scalars(select(FollowUp).order_by(FollowUp.id)).all()
        assert [(f.assignment.decision.number, f.assignment.party, f.status, f.note, f.on,
                 f.meeting_id, f.user_id) for f in rows] == [
            ("2.1", DEO, "implemented", "সব বিদ্যালয়ে চালু", date(2022, 4, 14), review, user.id),
            ("2.2", DEO, "pending", "অর্ধেক হয়েছে", date(2022, 4, 14), review, user.id)]
        entries = _entries(review)
        assert [k for k, e in entries.items() if e.follow_up_id is not None] == [
            ("2.1", DEO), ("2.2", DEO)]
        assert [e.summary for e in _audit("status")] == [
            f"2022-03-14 তারিখের সভার সিদ্ধান্ত 2.1, {DEO}: অমীমাংসিত → বাস্তবায়িত; "
            "2022-04-14 তারিখের সভার পর্যালোচনায়",
            f"2022-03-14 তারিখের সভার সিদ্ধান্ত 2.2, {DEO}: অমীমাংসিত → অমীমাংসিত; "
            "2022-04-14 তারিখের সভার পর্যালোচনায়"]
        # The form sent again as the page now shows it: nothing new is recorded.
        again = {entries["2.1", DEO].id: ("implemented", "সব বিদ্যালয়ে চালু"),
                 entries["2.2", DEO].id: ("pending", "অর্ধেক  হয়েছে "),  # spaces as typed
                 entries["2.1", CIVIL].id: ("pending", "")}
        assert record_review_rows(db.session.get(Meeting, review), again, user) == []
        assert db.session.scalar(select(db.func.count()).select_from(FollowUp)) == 2
        assert len(_audit("status")) == 2
        # A changed note of a row recorded in this review is recorded again.
        assert record_review_rows(db.session.get(Meeting, review), {
            entries["2.1", DEO].id: ("implemented", "সব বিদ্যালয়ে চালু, ল্যাবসহ")}, user) == []
        db.session.rollback()
        latest = db.session.get(ReviewEntry, entries["2.1", DEO].id).follow_up
        assert (latest.status, latest.note) == ("implemented", "সব বিদ্যালয়ে চালু, ল্যাবসহ")
        assert db.session.scalar(select(db.func.count()).select_from(FollowUp)) == 3


def test_review_rows_are_all_or_nothing_and_name_the_refused_rows(app, magura_doc):
    _, review = _review_world(app, magura_doc)
    with app.app_context():
        entries = _entries(review)
        problems = record_review_rows(db.session.get(Meeting, review), {
            entries["2.1", DEO].id: ("done", ""),
            entries["2.2", CIVIL].id: ("implemented", "ঠিক আছে"),  # acceptable alone
            entries["3.1", UNO_SADAR].id: ("in_progress", "ক\x00খ"),
        }, _sec())
        assert problems == [
            f"সিদ্ধান্ত ২.১ ({DEO}): অবস্থা এগুলোর একটি হতে হবে: pending (অমীমাংসিত), "
            "in_progress (চলমান), implemented (বাস্তবায়িত), dropped (বাদ দেওয়া হয়েছে)",
            f"সিদ্ধান্ত ৩.১ ({UNO_SADAR}): মন্তব্যে অগ্রহণযোগ্য নিয়ন্ত্রণ অক্ষর আছে (যেমন NUL); "
            "লেখাটি আবার টাইপ করুন"]
        assert db.session.scalars(select(FollowUp)).all() == [] and _audit("status") == []
        assert all(e.follow_up_id is None for e in review_entries(review))
        assert db.session.get(Assignment, entries["2.2", CIVIL].assignment_id).status == "pending"


def test_the_review_of_issued_minutes_stays_as_issued(app, magura_doc):
    _, review = _review_world(app, magura_doc, review_serial=10)
    with app.app_context():
        entries = _entries(review)
        with pytest.raises(Frozen):
            record_review_rows(db.session.get(Meeting, review),
                               {entries["2.1", DEO].id: ("implemented", "")}, _sec())
        db.session.rollback()
        assert db.session.scalars(select(FollowUp)).all() == []
        assert db.session.get(Assignment, entries["2.1", DEO].assignment_id).status == "pending"


# -- the district search (followup.search, through service.text_match) --------------------

NET = "ইন্টারনেট"
SEARCH_ITEMS = [
    CONFIRM,
    {"title": "নেটওয়ার্ক সংযোগ", "discussion": f"{NET} সংযোগ ধীর", "responsible": [],
     "decisions": [{"text": f"{NET} সংযোগ বাড়াতে হবে"}, {"text": "রাউটার কিনতে হবে"},
                   {"text": f"{NET} বিল পরিশোধ করতে হবে"}]},
    {"title": f"{NET} প্রশিক্ষণ", "discussion": "", "responsible": [],
     "decisions": [{"text": f"{NET} প্রশিক্ষণ দিতে হবে"}]},
    {"title": "অন্যান্য", "discussion": f"{NET} ক্যাফে নিয়ে আলোচনা", "responsible": [],
     "decisions": [{"text": "কিছু করার নেই"}]},
]
JHENAIDAH = {"name": "জেলা আইসিটি কমিটি, ঝিনাইদহ", "district": "ঝিনাইদহ",
             "file_number": "৫৬.০৪.৪৪০০.০০০.০৬.০০১.২০"}


def _search_world(app, magura_doc) -> tuple[int, int]:
    """The same agenda on 14 March and 14 April (Magura) and 1 May (Jhenaidah); on 14 April
    decisions 2.1 and 2.3 and items 3 and 4 were swapped in the editor (ids kept)."""
    make_user(app, "sec", "secretary", district="মাগুরা")
    make_user(app, "admin", "admin")
    march = _meeting(app, magura_doc, serial=9, items=SEARCH_ITEMS)
    april = _meeting(app, magura_doc, "2022-04-14", items=SEARCH_ITEMS)
    _meeting(app, magura_doc, "2022-05-01", items=SEARCH_ITEMS, **JHENAIDAH)
    with app.app_context():
        meeting = db.session.get(Meeting, april)
        network, training, other = meeting.items[1:4]
        network.decisions[0].position, network.decisions[2].position = 3, 1
        training.position, other.position = 4, 3
        db.session.commit()
    return march, april


def _found(decisions, items):
    return ([(d.item.meeting.held_on.isoformat(), d.number, d.text) for d in decisions],
            [(i.meeting.held_on.isoformat(), i.position, i.title) for i in items])


def test_search_finds_decisions_and_discussions_newest_meeting_first(app, magura_doc):
    _search_world(app, magura_doc)
    with app.app_context():
        decisions, items = _found(*search(f"  {NET}  ", _sec()))
        assert decisions == [
            ("2022-04-14", "2.1", f"{NET} বিল পরিশোধ করতে হবে"),
            ("2022-04-14", "2.3", f"{NET} সংযোগ বাড়াতে হবে"),
            ("2022-04-14", "4.1", f"{NET} প্রশিক্ষণ দিতে হবে"),
            ("2022-03-14", "2.1", f"{NET} সংযোগ বাড়াতে হবে"),
            ("2022-03-14", "2.3", f"{NET} বিল পরিশোধ করতে হবে"),
            ("2022-03-14", "3.1", f"{NET} প্রশিক্ষণ দিতে হবে")]
        # An item is found by its title or by its discussion.
        assert items == [
            ("2022-04-14", 2, "নেটওয়ার্ক সংযোগ"), ("2022-04-14", 3, "অন্যান্য"),
            ("2022-04-14", 4, f"{NET} প্রশিক্ষণ"), ("2022-03-14", 2, "নেটওয়ার্ক সংযোগ"),
            ("2022-03-14", 3, f"{NET} প্রশিক্ষণ"), ("2022-03-14", 4, "অন্যান্য")]
        # Every word must appear; a decision is found by its own text only.
        assert _found(*search(f"{NET} বিল", _sec())) == (
            [("2022-04-14", "2.1", f"{NET} বিল পরিশোধ করতে হবে"),
             ("2022-03-14", "2.3", f"{NET} বিল পরিশোধ করতে হবে")], [])
        assert _found(*search("ক্যাফে", _sec())) == (
            [], [("2022-04-14", 3, "অন্যান্য"), ("2022-03-14", 4, "অন্যান্য")])
        assert _found(*search("দৃঢ়ীকরণ", _sec()))[1] == [
            ("2022-04-14", 1, CONFIRM["title"]), ("2022-03-14", 1, CONFIRM["title"])]
        # The admin reads every district; Jhenaidah's meeting of 1 May comes first.
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        decisions, items = _found(*search(NET, admin))
        assert [d[0] for d in decisions] == ["2022-05-01"] * 3 + ["2022-04-14"] * 3 + [
            "2022-03-14"] * 3 and len(items) == 9


def test_search_returns_at_most_the_limit_of_each(app, magura_doc):
    _search_world(app, magura_doc)
    with app.app_context():
        decisions, items = _found(*search(NET, _sec(), limit=2))
        assert decisions == [("2022-04-14", "2.1", f"{NET} বিল পরিশোধ করতে হবে"),
                             ("2022-04-14", "2.3", f"{NET} সংযোগ বাড়াতে হবে")]
        assert items == [("2022-04-14", 2, "নেটওয়ার্ক সংযোগ"), ("2022-04-14", 3, "অন্যান্য")]


def test_search_shows_a_hundred_of_each_by_default(app, magura_doc):
    make_user(app, "sec", "secretary", district="মাগুরা")
    items = [{"title": f"{NET} বিষয় {n}", "discussion": "", "responsible": [],
              "decisions": [{"text": f"{NET} সিদ্ধান্ত {n}.{k}"} for k in range(1, 35)]}
             for n in range(1, 4)]  # 102 decisions
    _meeting(app, magura_doc, serial=9, items=[CONFIRM, *items])
    _meeting(app, magura_doc, "2022-04-14", items=[CONFIRM] + [
        {"title": f"{NET} আলোচ্য {n}", "discussion": "", "responsible": [], "decisions": []}
        for n in range(1, 103)])
    with app.app_context():
        decisions, found = search(NET, _sec())
        assert len(decisions) == 100 and len(found) == 100
        assert decisions[0].text == f"{NET} সিদ্ধান্ত 1.1"
        assert decisions[-1].text == f"{NET} সিদ্ধান্ত 3.32"


# -- orders that must not depend on how the database happens to read the rows ------------

def test_rates_follow_the_party_names_in_a_committee_of_many_meetings(app, magura_doc):
    """With statistics of a real committee's size PostgreSQL groups by hashing: the rows
    come out of the grouping in no order, and only the ORDER BY sorts them."""
    for held_on, serial in [("2022-03-14", 9), ("2022-04-14", 10), ("2022-05-15", 11),
                            ("2022-06-12", None)]:
        first = _meeting(app, magura_doc, held_on, serial,
                         items=magura_doc["meeting"]["items"])
    with app.app_context():
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        rows, overall = _rates(first)
    parties = [r["party"] for r in rows]
    assert len(parties) > 20 and parties == sorted(parties)
    assert overall["counted"] == sum(r["total"] for r in rows)


def test_an_office_owes_decisions_of_the_same_day_in_the_order_they_were_entered(
        app, magura_doc):
    """Two committees of the district met the same day and gave the DEO the same 2.1 and
    2.2: the list keeps the order in which they were entered (its pages do not shift),
    also after the office reported on the first one (PostgreSQL then stores that row anew,
    after the other)."""
    district = _meeting(app, magura_doc, serial=9)
    upazila = _meeting(app, magura_doc, serial=1, **OTHER_COMMITTEE)
    with app.app_context():
        record_follow_up(_assignment(district, "2.1", DEO), "in_progress", "চলছে",
                         date(2022, 4, 1))
        record_follow_up(_assignment(district, "2.2", DEO), "in_progress", "চলছে",
                         date(2022, 4, 1))
        db.session.commit()
        deo = db.session.scalar(select(Office).where(Office.name == DEO))
        owed = db.session.scalars(owed_by_office(deo.id, deo.district_id, date(2022, 5, 1)))
        assert [(a.decision.meeting_id, a.decision.number) for a in owed] == [
            (district, "2.1"), (upazila, "2.1"), (district, "2.2"), (upazila, "2.2")]


def test_review_numbers_of_decisions_of_the_same_day_keep_their_order(app, magura_doc):
    """Two meetings bring the same decision numbers to the review (on two days: one
    meeting per committee and date): a later attach renumbers them without swapping two
    entries that were already there."""
    # The review's draft first: a draft imported later brings the open decisions itself.
    review = _meeting(app, magura_doc, "2022-04-14", items=[CONFIRM, ITEMS[1]])
    morning = _meeting(app, magura_doc, serial=8, items=[CONFIRM, ITEMS[1]])
    _meeting(app, magura_doc, "2022-03-15", serial=9, items=[CONFIRM, ITEMS[1]])
    with app.app_context():
        record_follow_up(_assignment(morning, "2.1", DEO), "implemented", "", date(2022, 4, 1))
        db.session.commit()
        assert attach_review(db.session.get(Meeting, review)) == 7
        db.session.commit()
        before = [(e.position, e.assignment_id) for e in review_entries(review)]
        assert [p for p, _ in before] == list(range(1, 8))
        # Statuses reported at the review (PostgreSQL stores those rows anew), then the
        # morning's 2.1 of the DEO is reopened and brought before the meeting too.
        entries = review_entries(review)
        for entry in entries:
            if entry.position % 2:
                record_review(entry, "in_progress", "চলছে", None)
        record_follow_up(_assignment(morning, "2.1", DEO), "in_progress", "আবার",
                         date(2022, 4, 2))
        db.session.commit()
        assert attach_review(db.session.get(Meeting, review)) == 1
        db.session.commit()
        after = [(e.position, e.assignment_id) for e in review_entries(review)]
    assert [p for p, _ in after] == list(range(1, 9))
    reopened = _assignment_id(app, morning, "2.1", DEO)
    assert [a for _, a in after if a != reopened] == [a for _, a in before]
    assert [a for _, a in after].index(reopened) in (0, 1)  # with the other 2.1 of the DEO


# -- an office's request to drop a decision, and a group's decisions ----------------------

def _drop_requested(assignment_id: int) -> tuple:
    a = db.session.get(Assignment, assignment_id)
    return a.drop_requested_on, a.drop_request_note, a.drop_requested_by


def test_the_districts_next_status_answers_a_drop_request(app, magura_doc):
    deo_id = make_user(app, "deo", "office", district="মাগুরা", office=DEO)
    make_user(app, "sec", "secretary", district="মাগুরা")
    make_user(app, "sec_b", "secretary", district="ঝিনাইদহ")
    make_user(app, "admin", "admin")
    first = _meeting(app, magura_doc, serial=9)
    reason = "সকল বিদ্যালয়ে ইতিমধ্যে চালু আছে"
    with app.app_context():
        users = {u.username: u for u in db.session.scalars(select(User))}
        ids = {n: _assignment(first, n, DEO).id for n in ("2.1", "2.2")}
        ids["3.1"] = _assignment(first, "3.1", UNO_SADAR).id
        for assignment_id in ids.values():
            request_drop(db.session.get(Assignment, assignment_id), reason, users["deo"])
        asked = (clock.today(), reason, deo_id)
        assert _drop_requested(ids["2.1"]) == asked

        def report(number, status, user, on):
            record_follow_up(db.session.get(Assignment, ids[number]), status, "", on,
                             user=user)
            db.session.commit()
            return _drop_requested(ids[number])

        # The office's own progress, or another district's secretary: the request stands.
        assert report("2.1", "in_progress", users["deo"], date(2022, 4, 1)) == asked
        assert report("2.1", "pending", users["sec_b"], date(2022, 4, 2)) == asked
        # The district's secretary answers it with any status.
        assert report("2.1", "in_progress", users["sec"], date(2022, 4, 3)) == (
            None, None, None)
        # A decision dropped answers it, whoever records that.
        assert report("2.2", "dropped", users["deo"], date(2022, 4, 1)) == (None, None, None)
        # So does an admin, and a write without a user (the shell, an import).
        assert report("3.1", "in_progress", users["admin"], date(2022, 4, 1)) == (
            None, None, None)
        request_drop(db.session.get(Assignment, ids["3.1"]), reason, users["deo"])
        assert report("3.1", "in_progress", None, date(2022, 4, 2)) == (None, None, None)


def test_a_group_owes_the_decisions_of_its_member_offices(app, magura_doc):
    first = _meeting(app, magura_doc, serial=9)
    items = copy.deepcopy(ITEMS)
    items[2]["decisions"][0]["due_on"] = "2022-06-30"
    second = _meeting(app, magura_doc, "2022-04-14", items=items)
    jhenaidah = _meeting(app, magura_doc, "2022-03-20", **JHENAIDAH)
    with app.app_context():
        record_follow_up(_assignment(first, "3.1", UNO_SADAR), "implemented", "",
                         date(2022, 4, 1))
        db.session.commit()
        deo = db.session.scalar(select(Office).where(Office.name == DEO))
        owed = _rows(owed_by_office(deo.id, deo.district_id, date(2022, 5, 1), group=UNOS))
        assert owed == [
            ("2022-03-14", "3.1", UNO_MOHAMMADPUR), ("2022-03-14", "3.1", UNO_SHALIKHA),
            ("2022-03-14", "3.1", UNO_SREEPUR),  # overdue since 31 March
            ("2022-04-14", "3.1", UNO_MOHAMMADPUR), ("2022-04-14", "3.1", UNO_SADAR),
            ("2022-04-14", "3.1", UNO_SHALIKHA), ("2022-04-14", "3.1", UNO_SREEPUR)]
        assert second
        # The group of the same name in Jhenaidah owes its own decisions, not Magura's.
        other = db.session.get(Meeting, jhenaidah).committee.district_id
        assert len(_rows(owed_by_office(deo.id, other, date(2022, 5, 1), group=UNOS))) > 0
        # Without a group: the office's own decisions, none of the group's.
        assert {n for _, n, _ in _rows(owed_by_office(deo.id, deo.district_id,
                                                      date(2022, 5, 1), group=None))} == {
            "2.1", "2.2"}
        assert _rows(owed_by_office(deo.id, deo.district_id, date(2022, 5, 1),
                                    group="সহকারী কমিশনার (ভূমি) (সকল)")) == []
