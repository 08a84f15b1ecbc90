"""Nothing is deleted by accident: a draft goes only after a confirming POST with its CSRF
token, issued minutes never go, and what was deleted stays in the audit log."""
from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, select

from committee.bangla import to_bangla_digits
from committee.extensions import db
from committee.models import Assignment, AuditEntry, Committee, Item, Meeting, ReviewEntry
from tests.conftest import csrf_token, import_magura, login


def _draft(app, magura_doc, held_on="2022-04-11") -> int:
    doc = copy.deepcopy(magura_doc)
    doc.pop("issue")
    doc["meeting"]["held_on"] = held_on
    return import_magura(app, doc)


def _exists(app, model, object_id) -> bool:
    with app.app_context():
        return db.session.get(model, object_id) is not None


def _deletions(app) -> list[AuditEntry]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "delete")).all()
        db.session.expunge_all()
        return rows


def _confirm(client, path: str):
    """Open the confirmation page, then POST its form (with the page's CSRF token)."""
    return client.post(path, data={"csrf_token": csrf_token(client, path)})


def test_the_page_asks_before_anything_is_deleted(app, client, users, magura_doc):
    draft = _draft(app, magura_doc)
    login(client, "sec")
    page = client.get(f"/meetings/{draft}/delete")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    items = to_bangla_digits(len(magura_doc["meeting"]["items"]))
    assert "হ্যাঁ, খসড়াটি মুছে ফেলুন" in html and f"{items}টি" in html  # what would go
    assert _exists(app, Meeting, draft) and _deletions(app) == []


def test_a_post_without_the_csrf_token_changes_nothing(app, client, users, magura_doc):
    draft = _draft(app, magura_doc)
    login(client, "sec")
    assert client.post(f"/meetings/{draft}/delete").status_code == 400
    assert client.post(f"/meetings/{draft}/delete",
                       data={"csrf_token": "forged"}).status_code == 400
    assert _exists(app, Meeting, draft) and _deletions(app) == []


def test_a_confirmed_draft_is_deleted_and_stays_in_the_log(app, client, users, magura_doc):
    draft = _draft(app, magura_doc)
    login(client, "sec")
    response = _confirm(client, f"/meetings/{draft}/delete")
    assert response.status_code == 302
    assert not _exists(app, Meeting, draft)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Item)
                                 .where(Item.meeting_id == draft)) == 0
    [entry] = _deletions(app)
    assert (entry.object_type, entry.object_id, entry.username) == ("meeting", draft, "sec")
    snapshot = entry.changes["deleted"]
    assert snapshot["meeting"]["held_on"] == "2022-04-11"
    assert len(snapshot["meeting"]["items"]) == len(magura_doc["meeting"]["items"])
    # The log still shows it to the district's secretary, and the copy can be imported.
    page = client.get("/audit/?action=delete").get_data(as_text=True)
    assert f'id="entry-{entry.id}"' in page and "খসড়া সভা মুছে ফেলা হয়েছে" in page
    snapshot.pop("issue", None)
    assert _exists(app, Meeting, import_magura(app, snapshot))


def test_issued_minutes_cannot_be_deleted(app, client, users):
    issued = import_magura(app)
    login(client, "admin")
    page = client.get(f"/meetings/{issued}/delete")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "জারিকৃত কার্যবিবরণী কখনো মুছে ফেলা যায় না" in html
    assert "হ্যাঁ, খসড়াটি মুছে ফেলুন" not in html
    token = csrf_token(client, "/audit/")
    assert client.post(f"/meetings/{issued}/delete",
                       data={"csrf_token": token}).status_code == 409
    assert _exists(app, Meeting, issued) and _deletions(app) == []


def test_a_draft_with_a_notice_or_follow_up_stays(app, client, users, magura_doc):
    with_notice = _draft(app, magura_doc)
    login(client, "sec")
    token = csrf_token(client, f"/meetings/{with_notice}/delete")
    client.post(f"/meetings/{with_notice}/notice/issue",
                data={"csrf_token": token, "memo_date": "2022-04-01"})
    assert client.post(f"/meetings/{with_notice}/delete",
                       data={"csrf_token": token}).status_code == 409
    assert _exists(app, Meeting, with_notice)

    with_progress = _draft(app, magura_doc, "2022-05-09")
    with app.app_context():
        from committee.followup.service import record_follow_up

        meeting = db.session.get(Meeting, with_progress)
        record_follow_up(meeting.items[1].decisions[0].assignments[0], "in_progress")
        db.session.commit()
    response = client.post(f"/meetings/{with_progress}/delete", data={"csrf_token": token})
    assert response.status_code == 409
    assert "অগ্রগতি লিপিবদ্ধ" in response.get_data(as_text=True)
    assert _exists(app, Meeting, with_progress) and _deletions(app) == []


@pytest.mark.parametrize("who", ["sec_b", "deo", "viewer"])
def test_others_may_not_delete(app, client, users, magura_doc, who):
    draft = _draft(app, magura_doc)
    login(client, who)
    assert client.get(f"/meetings/{draft}/delete").status_code == 403
    token = csrf_token(client, "/login")
    assert client.post(f"/meetings/{draft}/delete",
                       data={"csrf_token": token}).status_code == 403
    assert _exists(app, Meeting, draft)


def test_the_meeting_page_offers_deletion_for_drafts_only(app, client, users, magura_doc):
    issued = import_magura(app)
    draft = _draft(app, magura_doc)
    login(client, "sec")
    assert f"/meetings/{draft}/delete" in client.get(f"/meetings/{draft}").get_data(as_text=True)
    assert f"/meetings/{issued}/delete" not in client.get(
        f"/meetings/{issued}").get_data(as_text=True)


# -- committees ------------------------------------------------------------------------

def _empty_committee(app) -> int:
    from committee.committees.service import MemberData, save_committee

    with app.app_context():
        return save_committee(None, {
            "name": "জেলা নৈতিকতা কমিটি, মাগুরা", "kind": "ethics", "level": "district",
            "district": "মাগুরা", "upazila": None, "file_number": "০৫.৪৪.৫৫০০.০০০.০৬.০০২.২৪",
            "office_header": [], "members": [MemberData("", "জেলা প্রশাসক", "", "chair")]}).id


def test_a_committee_without_meetings_is_deleted_after_confirmation(app, client, users):
    committee_id = _empty_committee(app)
    login(client, "sec")
    assert client.post(f"/committees/{committee_id}/delete").status_code == 400
    assert _exists(app, Committee, committee_id)
    assert _confirm(client, f"/committees/{committee_id}/delete").status_code == 302
    assert not _exists(app, Committee, committee_id)
    [entry] = _deletions(app)
    assert entry.object_type == "committee" and entry.username == "sec"
    assert entry.changes["deleted"]["members"] == [" | জেলা প্রশাসক |  | সভাপতি"]


def test_a_committee_with_meetings_stays(app, client, users):
    meeting_id = import_magura(app)
    with app.app_context():
        committee_id = db.session.get(Meeting, meeting_id).committee_id
    login(client, "admin")
    page = client.get(f"/committees/{committee_id}/delete")
    assert page.status_code == 200 and "সভা রেকর্ড করা আছে" in page.get_data(as_text=True)
    token = csrf_token(client, "/audit/")
    assert client.post(f"/committees/{committee_id}/delete",
                       data={"csrf_token": token}).status_code == 409
    assert _exists(app, Committee, committee_id) and _deletions(app) == []


def test_a_draft_reviewing_earlier_decisions_can_go_and_theirs_stay(app, client, users):
    from tests.meeting_forms import as_user, create, setup_magura

    ids = setup_magura(app)
    as_user(client, "sec")
    draft = create(client, ids["committee"])
    with app.app_context():
        reviewed = db.session.scalar(select(func.count()).select_from(ReviewEntry)
                                     .where(ReviewEntry.meeting_id == draft))
        assignments = db.session.scalar(select(func.count()).select_from(Assignment))
    assert reviewed > 0  # the new meeting lists the open decisions of 14/03/2022
    assert _confirm(client, f"/meetings/{draft}/delete").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReviewEntry)) == 0
        left = db.session.scalar(select(func.count()).select_from(Assignment))
        assert 0 < left < assignments
    assert _exists(app, Meeting, ids["meeting"])
