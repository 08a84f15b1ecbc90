"""Reminder letters (তাগিদপত্র): overdue decisions per office, one letter per office.

Issue 15's acceptance path: the Magura minutes issued (memo date 07/04/2022) and 40 days
later the secretary issues reminders to every overdue office in one action.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date

from sqlalchemy import func, select

from committee.extensions import db
from committee.models import AuditEntry, Letter, Meeting, ReminderEntry
from tests.conftest import csrf_token, import_magura, login, make_token
from tests.documents_helpers import docx_lines

FILE = "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০"
DEO = "জেলা শিক্ষা অফিসার"
FORTY_DAYS_LATER = "2022-05-17"


def _committee(app, meeting_id: int) -> int:
    with app.app_context():
        return db.session.get(Meeting, meeting_id).committee_id


def test_reminders_to_every_overdue_office_in_one_action(app, users, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    committee_id = _committee(app, meeting_id)
    client = app.test_client()
    login(client, "sec")
    page = client.get(f"/committees/{committee_id}/reminders")
    assert page.status_code == 200
    token = csrf_token(client, f"/committees/{committee_id}/reminders")
    done = client.post(f"/committees/{committee_id}/reminders", data={
        "csrf_token": token, "memo_date": "২০২২-০৫-১৭", "all": "1"})
    assert done.status_code == 302, done.get_data(as_text=True)
    with app.app_context():
        letters = db.session.scalars(select(Letter).where(Letter.kind == "reminder")
                                     .order_by(Letter.serial)).all()
        serials = [x.serial for x in letters]
        assert serials == list(range(10, 10 + len(letters))) and len(letters) > 5
        addressees = [x.addressee for x in letters]
        assert len(addressees) == len(set(addressees))  # one letter per office
        assert not any(a.startswith("স্ব স্ব") for a in addressees)  # names no one
        [deo] = [x for x in letters if x.addressee == DEO]
        deo_id, deo_sha = deo.id, deo.sha256
        assert db.session.scalar(select(func.count()).select_from(ReminderEntry).where(
            ReminderEntry.letter_id == deo.id)) == 8
        assert db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "issue_reminder")).first() is not None
    data = client.get(f"/letters/{deo_id}.docx").data
    assert hashlib.sha256(data).hexdigest() == deo_sha
    text = "\n".join(docx_lines(data))
    numbers = re.findall(r"^(\d+\.\d+|[০-৯]+\.[০-৯]+)$", text, re.M)
    assert numbers == ["২.১", "২.২", "২.৩", "৬.১", "৬.২", "৬.৩", "১৩.১", "১৩.২"]
    assert f"{FILE}.৯, তারিখ: ২৪ চৈত্র ১৪২৮ / ০৭ এপ্রিল ২০২২" in text
    assert "সভার সিদ্ধান্ত বাস্তবায়নের অগ্রগতি প্রেরণ প্রসঙ্গে।" in text
    assert "১৪/০৩/২০২২" in text and "অনুরোধ করা হলো" in text
    # The page now counts the letter for the office, and links the latest.
    page = client.get(f"/committees/{committee_id}/reminders?memo_date=2022-05-17")
    section = page.get_data(as_text=True)
    assert "তাগিদপত্র: ১" in section and f"/letters/{deo_id}/print" in section
    # The minutes' letters list the reminders that cite them.
    listed = client.get(f"/api/v1/meetings/{meeting_id}/letters",
                        headers={"Authorization": "Bearer " + make_token(app, "viewer")})
    kinds = [x["kind"] for x in listed.get_json()["letters"]]
    assert kinds[0] == "minutes" and kinds.count("reminder") == len(serials)


def test_a_second_reminder_says_so_and_cites_the_first(app, users, magura_doc):
    from committee.documents.reminders import issue_reminders
    from committee.models import Committee

    meeting_id = import_magura(app, magura_doc)
    with app.app_context():
        committee = db.session.get(Committee, _committee(app, meeting_id))
        [first] = issue_reminders(committee, [DEO], date(2022, 5, 17))
        first_number = first.serial
        [second] = issue_reminders(committee, ["জেলা শিক্ষা অফিসার, "], date(2022, 6, 20))
        assert second.serial == first_number + 1
        assert "(২য় তাগিদ)" in second.content["subject"]
        assert any(f"{FILE}.১০" in ref for ref in second.content["references"])


def test_nothing_overdue_before_the_interval(app, users, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    token = make_token(app, "sec")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    committee_id = _committee(app, meeting_id)
    early = client.get(f"/api/v1/committees/{committee_id}/overdue?on=2022-04-20",
                       headers=headers)
    assert early.status_code == 200 and early.get_json()["offices"] == []
    refused = client.post(f"/api/v1/committees/{committee_id}/reminders", headers=headers,
                          json={"offices": "all", "memo_date": "2022-04-20"})
    assert refused.status_code == 400 and "মেয়াদোত্তীর্ণ" in refused.get_json()["error"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Letter).where(
            Letter.kind == "reminder")) == 0


def test_api_overdue_and_reminders(app, users, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    committee_id = _committee(app, meeting_id)
    client = app.test_client()
    headers = {"Authorization": "Bearer " + make_token(app, "sec")}
    overdue = client.get(f"/api/v1/committees/{committee_id}/overdue?on={FORTY_DAYS_LATER}",
                         headers=headers).get_json()
    [deo] = [o for o in overdue["offices"] if o["office"] == DEO]
    assert [d["number"] for d in deo["decisions"]] == [
        "2.1", "2.2", "2.3", "6.1", "6.2", "6.3", "13.1", "13.2"]
    unknown = client.post(f"/api/v1/committees/{committee_id}/reminders", headers=headers,
                          json={"offices": ["কোনো অচেনা দপ্তর"], "memo_date": FORTY_DAYS_LATER})
    assert unknown.status_code == 400
    assert unknown.get_json()["details"][0]["path"] == "offices"
    done = client.post(f"/api/v1/committees/{committee_id}/reminders", headers=headers,
                       json={"offices": [DEO], "memo_date": FORTY_DAYS_LATER})
    assert done.status_code == 201
    [letter] = done.get_json()["letters"]
    assert letter["office"] == DEO and letter["memo_number"] == f"{FILE}.১০"
    docx = client.get(f"/api/v1/letters/{letter['id']}.docx", headers=headers)
    assert hashlib.sha256(docx.data).hexdigest() == letter["sha256"]
    # Other districts and other roles
    other = {"Authorization": "Bearer " + make_token(app, "sec_b")}
    assert client.get(f"/api/v1/committees/{committee_id}/overdue",
                      headers=other).status_code == 403
    viewer = {"Authorization": "Bearer " + make_token(app, "viewer")}
    assert client.post(f"/api/v1/committees/{committee_id}/reminders", headers=viewer,
                       json={"offices": "all"}).status_code == 403
    bad = client.post(f"/api/v1/committees/{committee_id}/reminders", headers=headers,
                      json={"offices": "some"})
    assert bad.status_code == 400


def test_reminder_page_keeps_the_choice_and_speaks_bangla(app, users, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    committee_id = _committee(app, meeting_id)
    client = app.test_client()
    login(client, "sec")
    token = csrf_token(client, f"/committees/{committee_id}/reminders")
    none = client.post(f"/committees/{committee_id}/reminders", data={
        "csrf_token": token, "memo_date": FORTY_DAYS_LATER})
    assert none.status_code == 400 and "অন্তত একটি দপ্তর বেছে নিন" in none.get_data(as_text=True)
    viewer = app.test_client()
    login(viewer, "viewer")
    page = viewer.get(f"/committees/{committee_id}/reminders")
    assert page.status_code == 200 and "জারি করুন" not in page.get_data(as_text=True)
