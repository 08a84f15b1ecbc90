"""Issuing letters: serials per file, idempotency, notices, corrigenda, concurrency, API."""
from __future__ import annotations

import copy
import datetime
import threading

import pytest
from sqlalchemy import func, select

from committee import clock
from committee.extensions import db
from committee.models import Letter, Meeting
from tests.conftest import csrf_token, import_magura, login, make_token

FILE_BN = "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০"
FILE_KEY = "56.04.5500.000.06.001.20"


def new_draft(app, magura_doc, held_on: str = "2022-04-11") -> int:
    """A draft meeting of the Magura committee (the example without its issue details)."""
    doc = copy.deepcopy(magura_doc)
    doc.pop("issue")
    doc["meeting"]["held_on"] = held_on
    return import_magura(app, doc)


def issue(app, meeting_id: int, **kwargs):
    from committee.documents.service import issue_minutes, memo_number

    with app.app_context():
        letter = issue_minutes(db.session.get(Meeting, meeting_id), **kwargs)
        return letter.serial, memo_number(letter)


def test_next_serial_continues_after_imported_letter(app, magura_doc):
    import_magura(app, magura_doc)
    draft = new_draft(app, magura_doc)
    serial, number = issue(app, draft, memo_date=datetime.date(2022, 4, 20))
    assert serial == 10
    assert number == FILE_BN + ".১০"
    with app.app_context():
        meeting = db.session.get(Meeting, draft)
        assert meeting.status == "issued" and not meeting.is_editable
        assert meeting.memo_date == datetime.date(2022, 4, 20)
        assert meeting.minutes_letter.kind == "minutes"
        assert meeting.minutes_letter.file_key == FILE_KEY


def test_issuing_again_returns_the_same_number(app, magura_doc):
    import_magura(app, magura_doc)
    draft = new_draft(app, magura_doc)
    first = issue(app, draft, memo_date=datetime.date(2022, 4, 20))
    second = issue(app, draft, memo_date=datetime.date(2022, 5, 1))
    assert first == second == (10, FILE_BN + ".১০")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Letter)) == 2
        assert db.session.get(Meeting, draft).memo_date == datetime.date(2022, 4, 20)


def test_imported_issued_minutes_keep_serial_9(app, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    assert issue(app, meeting_id) == (9, FILE_BN + ".৯")


def test_signatory_defaults(app, magura_doc):
    """No member-secretary recorded: the committee's last issued signatory signs."""
    import_magura(app, magura_doc)
    draft = new_draft(app, magura_doc)
    issue(app, draft)
    with app.app_context():
        meeting = db.session.get(Meeting, draft)
        assert (meeting.signatory_name, meeting.signatory_designation) == \
            ("মোঃ আবুল কাসেম পলাশ", "প্রোগ্রামার")
        assert meeting.memo_date == clock.today()  # in Bangladesh


def test_member_secretary_is_the_default_signatory(app, magura_doc):
    from committee.models import Member

    draft = new_draft(app, magura_doc)
    with app.app_context():
        committee = db.session.get(Meeting, draft).committee
        committee.members.append(Member(name="নতুন কর্মকর্তা", designation="জেলা আইসিটি অফিসার",
                                        role="member_secretary"))
        db.session.commit()
    issue(app, draft, signatory=None)
    with app.app_context():
        assert db.session.get(Meeting, draft).signatory_designation == "জেলা আইসিটি অফিসার"


def test_notice_takes_its_own_serial_from_the_same_file(app, magura_doc):
    from committee.documents.service import issue_notice, memo_number

    import_magura(app, magura_doc)
    draft = new_draft(app, magura_doc)
    with app.app_context():
        meeting = db.session.get(Meeting, draft)
        notice = issue_notice(meeting, datetime.date(2022, 4, 3))
        again = issue_notice(meeting, datetime.date(2022, 4, 4))
        assert notice.id == again.id and notice.kind == "notice"
        assert memo_number(notice) == FILE_BN + ".১০"
        assert meeting.notice_letter_id == notice.id
        assert meeting.status == "draft"
    assert issue(app, draft)[0] == 11


def test_corrigendum_is_a_new_letter_referring_to_the_minutes(app, magura_doc):
    from committee.documents.service import NotIssued, issue_corrigendum

    meeting_id = import_magura(app, magura_doc)
    draft = new_draft(app, magura_doc)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        letter = issue_corrigendum(meeting, "৩.১ নং সিদ্ধান্তে 'উপজেলা' এর স্থলে 'জেলা' পড়তে হবে।")
        assert (letter.kind, letter.serial) == ("corrigendum", 10)
        assert letter.refers_to.serial == 9 and letter.refers_to.kind == "minutes"
        assert "পড়তে হবে" in letter.body
        assert meeting.minutes_letter.serial == 9 and meeting.status == "issued"
        with pytest.raises(NotIssued):
            issue_corrigendum(db.session.get(Meeting, draft), "কিছু")


def _issue_in_threads(app, meeting_ids: list[int]) -> list[tuple[int, int]]:
    """Issue each id in its own thread and app context, all released at once."""
    from committee.documents.service import issue_minutes

    barrier = threading.Barrier(len(meeting_ids))
    results, errors = [], []

    def work(meeting_id: int) -> None:
        with app.app_context():
            try:
                meeting = db.session.get(Meeting, meeting_id)
                barrier.wait(timeout=30)
                results.append((meeting_id, issue_minutes(meeting).serial))
            except Exception as exc:  # reported below; a thread cannot fail the test itself
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(i,)) for i in meeting_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    return results


def test_concurrent_issuing_never_duplicates(app, magura_doc):
    """8 threads: 7 different drafts of one committee, one of them issued twice at once."""
    import_magura(app, magura_doc)
    drafts = [new_draft(app, magura_doc, f"2022-05-{day:02d}") for day in range(1, 8)]
    results = _issue_in_threads(app, drafts + [drafts[0]])
    assert len(results) == 8
    per_meeting: dict[int, set[int]] = {}
    for meeting_id, serial in results:
        per_meeting.setdefault(meeting_id, set()).add(serial)
    assert all(len(serials) == 1 for serials in per_meeting.values()), per_meeting
    serials = sorted(next(iter(s)) for s in per_meeting.values())
    assert serials == list(range(10, 17))
    with app.app_context():
        stored = db.session.scalars(select(Letter.serial).where(Letter.file_key == FILE_KEY))
        assert sorted(stored) == list(range(9, 17))


def test_concurrent_notices_and_minutes_share_the_file(app, magura_doc):
    from committee.documents.service import issue_notice

    drafts = [new_draft(app, magura_doc, f"2022-06-{day:02d}") for day in range(1, 5)]
    barrier = threading.Barrier(4)
    errors = []

    def notice(meeting_id: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                issue_notice(db.session.get(Meeting, meeting_id))
            except Exception as exc:
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=notice, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    with app.app_context():
        assert sorted(db.session.scalars(select(Letter.serial))) == [1, 2, 3, 4]


# -- web and API ------------------------------------------------------------------------

def test_api_issue_returns_memo_number_and_serial(app, users, magura_doc):
    import_magura(app, magura_doc)
    draft = new_draft(app, magura_doc)
    headers = {"Authorization": "Bearer " + make_token(app, "sec")}
    client = app.test_client()
    first = client.post(f"/api/v1/meetings/{draft}/issue", json={"memo_date": "2022-04-20"},
                        headers=headers)
    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert body["memo_number"] == FILE_BN + ".১০" and body["memo_serial"] == 10
    again = client.post(f"/api/v1/meetings/{draft}/issue", headers=headers)
    assert (again.status_code, again.get_json()["memo_number"]) == (200, body["memo_number"])


def test_api_issue_refusals(app, users, magura_doc):
    draft = new_draft(app, magura_doc)
    client = app.test_client()

    def post(user, meeting_id=draft, **kwargs):
        headers = {"Authorization": "Bearer " + make_token(app, user)} if user else {}
        return client.post(f"/api/v1/meetings/{meeting_id}/issue", headers=headers, **kwargs)

    assert post(None).status_code == 401
    assert post("sec_b").status_code == 403
    assert post("viewer").status_code == 403
    assert post("deo").status_code == 403
    assert post("sec", meeting_id=99999).status_code == 404
    bad = post("sec", json={"memo_date": "2022-13-40"})
    assert bad.status_code == 400 and bad.get_json()["details"][0]["path"] == "memo_date"
    assert post("admin", json={"memo_date": "২০২২-০৪-২০"}).get_json()["memo_serial"] == 1


def test_web_issue_form_confirms_and_issues(app, users, magura_doc):
    import_magura(app, magura_doc)
    draft = new_draft(app, magura_doc)
    client = app.test_client()
    login(client, "sec")
    page = client.get(f"/meetings/{draft}/issue")
    assert page.status_code == 200 and "মোঃ আবুল কাসেম পলাশ" in page.get_data(as_text=True)
    token = csrf_token(client, f"/meetings/{draft}/issue")
    form = {"csrf_token": token, "memo_date": "২০২২-০৪-২০", "signatory_name": "",
            "signatory_designation": ""}
    # Without "confirm": the confirmation page, and nothing issued yet.
    shown = client.post(f"/meetings/{draft}/issue", data=form)
    assert shown.status_code == 200 and FILE_BN + ".১০" in shown.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Meeting, draft).minutes_letter_id is None
    done = client.post(f"/meetings/{draft}/issue",
                       data={**form, "confirm": "y", "expected_serial": "10"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/meetings/{draft}")
    with app.app_context():
        meeting = db.session.get(Meeting, draft)
        assert meeting.memo_serial == 10 and meeting.memo_date == datetime.date(2022, 4, 20)


def test_web_notice_and_corrigendum(app, users, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    draft = new_draft(app, magura_doc)
    client = app.test_client()
    login(client, "sec")
    token = csrf_token(client, f"/meetings/{draft}/distribution")
    # Issued minutes take no new notice: that would be a letter of the frozen record.
    r = client.post(f"/meetings/{meeting_id}/notice/issue",
                    data={"csrf_token": token, "memo_date": "2022-03-09"})
    assert r.status_code == 409 and "সংশোধনী" in r.get_data(as_text=True)
    r = client.post(f"/meetings/{draft}/notice/issue",
                    data={"csrf_token": token, "memo_date": "2022-04-01"})
    assert r.status_code == 302
    r = client.post(f"/meetings/{meeting_id}/corrigendum",
                    data={"csrf_token": token, "ref": ["২.১"], "was": [""],
                          "now": ["সংশোধন <b>&</b>"], "memo_date": ""})
    assert r.status_code == 302
    with app.app_context():
        letters = db.session.scalars(select(Letter).order_by(Letter.serial)).all()
        assert [(x.serial, x.kind) for x in letters] == \
            [(9, "minutes"), (10, "notice"), (11, "corrigendum")]
        assert letters[2].body == "২.১ → সংশোধন <b>&</b>"
        assert letters[2].refers_to_id == letters[0].id
        # The decision's text as issued is quoted as "what it said".
        assert letters[2].content["corrections"][0]["was"].startswith("নিয়মিত")
    page = client.get(f"/meetings/{meeting_id}/distribution").get_data(as_text=True)
    assert FILE_BN + ".১১" in page and "সংশোধন &lt;b&gt;&amp;&lt;/b&gt;" in page


@pytest.mark.parametrize("user,status", [("sec_b", 403), ("viewer", 403), ("deo", 403)])
def test_web_issue_refused_outside_role_or_district(app, users, magura_doc, user, status):
    draft = new_draft(app, magura_doc)
    client = app.test_client()
    login(client, user)
    assert client.get(f"/meetings/{draft}/issue").status_code == status
    token = csrf_token(client, "/")
    r = client.post(f"/meetings/{draft}/issue",
                    data={"csrf_token": token, "memo_date": "2022-04-20", "confirm": "y"})
    assert r.status_code == status
    with app.app_context():
        assert db.session.get(Meeting, draft).status == "draft"
