"""Every new meeting reviews: an imported draft brings the earlier open decisions before it,
as a meeting created in the browser does; minutes imported as issued do not."""
from __future__ import annotations

import copy
import io
import json
from datetime import date

from sqlalchemy import func, select

from committee.extensions import db
from committee.followup.service import record_follow_up
from committee.interchange.validate import validate_meeting
from committee.meetings.service import create_meeting
from committee.models import Assignment, Decision, Item, Meeting, Office, ReviewEntry
from committee.vocab import FollowUpStatus, MeetingStatus
from tests.conftest import csrf_token, import_magura, login, make_token

DEO = "জেলা শিক্ষা অফিসার"


def _draft(magura_doc: dict, held_on: str = "2022-04-14") -> dict:
    """A later draft of the Magura committee: the same agenda, no "issue" block."""
    doc = copy.deepcopy(magura_doc)
    doc["meeting"]["held_on"] = held_on
    doc.pop("issue")
    return doc


def _review(app, meeting_id: int) -> list[tuple]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(ReviewEntry.position, ReviewEntry.assignment_id, ReviewEntry.status_before,
                   ReviewEntry.note_before)
            .where(ReviewEntry.meeting_id == meeting_id).order_by(ReviewEntry.position))]


def _open_of(app, meeting_id: int) -> list[int]:
    """The meeting's open assignments in the minutes' order (item, decision, office)."""
    with app.app_context():
        return list(db.session.scalars(
            select(Assignment.id).join(Assignment.decision).join(Decision.item)
            .where(Decision.meeting_id == meeting_id,
                   Assignment.status.in_(FollowUpStatus.open()))
            .order_by(Item.position, Decision.position, Assignment.position)))


def _mark_deo_2_1_implemented(app, meeting_id: int) -> int:
    with app.app_context():
        assignment = db.session.scalar(
            select(Assignment).join(Assignment.decision).join(Decision.item)
            .join(Assignment.office)
            .where(Decision.meeting_id == meeting_id, Item.position == 2,
                   Decision.position == 1, Office.name == DEO))
        record_follow_up(assignment, FollowUpStatus.IMPLEMENTED, "সম্পন্ন", date(2022, 4, 1))
        db.session.commit()
        return assignment.id


def _browser_meeting(app, committee_id: int, doc: dict) -> int:
    """The same draft created as the meeting form does (meetings.service.create_meeting)."""
    with app.app_context():
        committee = db.session.get(Meeting, committee_id).committee
        return create_meeting(Meeting(committee=committee, status=MeetingStatus.DRAFT),
                              validate_meeting(doc["meeting"]))


def test_a_draft_imported_through_the_api_reviews_as_the_browser_does(app, client, users,
                                                                      magura_doc):
    first = import_magura(app)  # issued (memo ৯)
    done = _mark_deo_2_1_implemented(app, first)
    doc = _draft(magura_doc)
    response = client.post("/api/v1/meetings/import", json=doc,
                           headers={"Authorization": f"Bearer {make_token(app, 'sec')}"})
    assert response.status_code == 201, response.get_json()
    imported = response.get_json()["id"]
    review = _review(app, imported)
    open_ids = _open_of(app, first)
    assert done not in open_ids and len(open_ids) > 1
    # Every open decision × office of the Magura minutes, numbered 1, 2, … in their order.
    assert [row[1] for row in review] == open_ids
    assert [row[0] for row in review] == list(range(1, len(open_ids) + 1))
    assert all(row[2] == FollowUpStatus.PENDING for row in review)
    # The same entries as a draft made in the browser the day before gets (one meeting per
    # committee and date: not the same day; earlier than the imported draft, so not after it).
    browser = _browser_meeting(app, first, _draft(magura_doc, "2022-04-13"))
    assert _review(app, browser) == review
    # The review page lists them.
    login(client, "sec")
    html = client.get(f"/meetings/{imported}/review").get_data(as_text=True)
    assert "১৪/০৩/২০২২ সভার সিদ্ধান্ত ২.২" in html


def test_a_draft_imported_by_the_cli_reviews(app, runner, magura_doc, tmp_path):
    first = import_magura(app)
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(_draft(magura_doc), ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["minutes", "import", str(path)])
    assert result.exit_code == 0, result.output
    imported = int(result.stdout.strip().splitlines()[-1])
    assert [row[1] for row in _review(app, imported)] == _open_of(app, first)


def test_a_draft_uploaded_on_the_import_page_reviews(app, client, users, magura_doc):
    first = import_magura(app)
    login(client, "sec")
    response = client.post("/meetings/import", data={
        "csrf_token": csrf_token(client, "/meetings/import"),
        "file": (io.BytesIO(json.dumps(_draft(magura_doc), ensure_ascii=False).encode()),
                 "draft.json")}, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        imported = db.session.scalar(select(Meeting.id).where(
            Meeting.held_on == date(2022, 4, 14)))
    assert [row[1] for row in _review(app, imported)] == _open_of(app, first)


def test_minutes_imported_as_issued_take_no_review(app, magura_doc):
    import_magura(app)
    later = copy.deepcopy(magura_doc)
    later["meeting"]["held_on"] = "2022-04-14"
    later["issue"]["memo_serial"] = 10  # legacy minutes, issued under memo ১০
    second = import_magura(app, later)
    with app.app_context():
        assert db.session.get(Meeting, second).status == MeetingStatus.ISSUED
        assert db.session.scalar(select(func.count()).select_from(ReviewEntry)) == 0


def test_the_first_meeting_of_a_committee_has_nothing_to_review(app, magura_doc):
    imported = import_magura(app, _draft(magura_doc))
    assert _review(app, imported) == []
