"""committee.documents.service (issuing letters): what the mutation run (scripts/mutation)
found untested: the audit entries of every letter, the serial a file has reached, the
last serial of a file, lost races and the order of a meeting's letters."""
from __future__ import annotations

import copy
import datetime
import io
import threading

import pytest
from docx import Document
from sqlalchemy import func, select

from committee import bangla, clock
from committee.documents import service
from committee.documents.corrigendum import CorrectionError
from committee.documents.service import (
    FileFull,
    NotIssued,
    highest_serial,
    issue_corrigendum,
    issue_minutes,
    issue_notice,
    letters_of,
    next_memo_number,
    next_serial,
)
from committee.extensions import db
from committee.models import AuditEntry, Letter, Meeting, User
from committee.records import Frozen
from committee.retrysafe import HEADER, KEY_REUSED
from tests.conftest import import_magura, make_token, make_user

FILE_KEY = "56.04.5500.000.06.001.20"
COMMITTEE = "জেলা আইসিটি কমিটি, মাগুরা"
D = datetime.date


def _draft(app, magura_doc, held_on: str = "2022-04-11", confirming: bool = True) -> int:
    """A short draft of the Magura committee (item 1 confirms the previous minutes)."""
    doc = copy.deepcopy(magura_doc)
    doc.pop("issue")
    doc["meeting"]["held_on"] = held_on
    items = doc["meeting"]["items"]
    doc["meeting"]["items"] = items[:2] if confirming else items[1:2]
    return import_magura(app, doc)


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def _title(letter: Letter) -> str:
    """The title Word shows in the letter's properties."""
    return Document(io.BytesIO(letter.docx)).core_properties.title


def _letters() -> list[tuple[str, int]]:
    return [(row.kind, row.serial) for row in
            db.session.scalars(select(Letter).order_by(Letter.serial))]


# -- the audit entries ------------------------------------------------------------------

def test_issued_minutes_are_audited_with_number_hash_date_and_signatory(app, magura_doc):
    make_user(app, "sec", "secretary", district="মাগুরা")
    previous = import_magura(app, magura_doc)  # issued, serial 9
    draft = _draft(app, magura_doc)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "sec"))
        meeting = db.session.get(Meeting, draft)
        letter = issue_minutes(meeting, D(2022, 4, 20), ("মোঃ রহিম", "প্রোগ্রামার"), user=user)
        assert (letter.kind, letter.serial, letter.file_key, letter.memo_date) == (
            "minutes", 10, FILE_KEY, D(2022, 4, 20))
        assert letter.sha256 and len(letter.sha256) == 64
        assert letter.subject == "কার্যবিবরণী"
        assert _title(letter) == letter.content["title"] and letter.content["title"]
        (entry,) = _audit("issue")
        assert (entry.object_type, entry.object_id, entry.user_id, entry.district_id) == (
            "meeting", draft, user.id, meeting.committee.district_id)
        assert entry.summary == (f"কার্যবিবরণী জারি: স্মারক নম্বর {FILE_KEY}.10 "
                                 f"({COMMITTEE}, 2022-04-11)")
        assert entry.changes == {
            "memo_number": [None, f"{FILE_KEY}.10"], "sha256": [None, letter.sha256],
            "status": ["draft", "issued"], "memo_date": [None, "2022-04-20"],
            "signatory": [None, "মোঃ রহিম, প্রোগ্রামার"]}
        # Item 1 confirms the minutes of 14 March, and that is logged against them.
        (confirm,) = _audit("confirm")
        assert (confirm.object_type, confirm.object_id, confirm.user_id,
                confirm.district_id) == ("meeting", previous, user.id,
                                         meeting.committee.district_id)
        assert confirm.changes == {"status": ["issued", "confirmed"]}
        assert confirm.summary == ("2022-04-11 তারিখের সভার কার্যবিবরণী জারিতে 2022-03-14 "
                                   "তারিখের কার্যবিবরণী দৃঢ়ীকৃত")
        assert db.session.get(Meeting, previous).status == "confirmed"


def test_issued_minutes_hold_their_details_for_good(app, magura_doc):
    draft = _draft(app, magura_doc, confirming=False)
    with app.app_context():
        meeting = db.session.get(Meeting, draft)
        assert meeting.distribution == [] and not meeting.has_issue_details
        issue_minutes(meeting, signatory=("মোঃ রহিম", ""))
        meeting = db.session.get(Meeting, draft)
        assert (meeting.status, meeting.has_issue_details, meeting.memo_date,
                meeting.signatory_name, meeting.signatory_designation) == (
            "issued", True, clock.today(), "মোঃ রহিম", "")
        assert meeting.minutes_letter.memo_date == clock.today()
        # The recipients the minutes were issued to are stored with them.
        assert meeting.distribution and all(r["tag"] in ("action", "info")
                                            for r in meeting.distribution)
        (entry,) = _audit("issue")
        assert entry.changes["signatory"] == [None, "মোঃ রহিম"]
        assert entry.changes["memo_date"] == [None, clock.today().isoformat()]
        assert _audit("confirm") == []  # no earlier minutes, nothing confirmed


def test_a_saved_distribution_is_issued_as_saved(app, magura_doc):
    draft = _draft(app, magura_doc)
    saved = [{"text": "বিভাগীয় কমিশনার, খুলনা", "tag": "action"}]
    with app.app_context():
        meeting = db.session.get(Meeting, draft)
        meeting.distribution = saved
        db.session.commit()
        issue_minutes(meeting, D(2022, 4, 20), ("ক", "খ"))
        assert db.session.get(Meeting, draft).distribution == saved
        # Nothing issued earlier: nothing confirmed, though item 1 is the confirmation.
        assert _audit("confirm") == []


def test_notice_is_audited_and_only_for_drafts(app, magura_doc):
    make_user(app, "sec", "secretary", district="মাগুরা")
    issued = import_magura(app, magura_doc)
    draft = _draft(app, magura_doc)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "sec"))
        notice = issue_notice(db.session.get(Meeting, draft), user=user)
        assert _title(notice) == notice.content["subject"] and notice.content["subject"]
        assert (notice.kind, notice.serial, notice.memo_date, notice.subject) == (
            "notice", 10, clock.today(), "সভার নোটিশ")
        (entry,) = _audit("issue_notice")
        assert (entry.object_type, entry.object_id, entry.user_id) == ("meeting", draft, user.id)
        assert entry.summary == (f"সভার নোটিশ জারি: স্মারক নম্বর {FILE_KEY}.10 "
                                 f"({COMMITTEE}, 2022-04-11)")
        assert entry.changes == {"memo_number": [None, f"{FILE_KEY}.10"],
                                 "sha256": [None, notice.sha256]}
        assert db.session.get(Meeting, draft).status == "draft"
        with pytest.raises(Frozen):
            issue_notice(db.session.get(Meeting, issued), D(2022, 3, 1))
        assert _letters() == [("minutes", 9), ("notice", 10)]
        assert next_serial(db.session.get(Meeting, draft).committee) == 11


def test_corrigendum_is_audited_with_its_text(app, magura_doc):
    make_user(app, "sec", "secretary", district="মাগুরা")
    issued = import_magura(app, magura_doc)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "sec"))
        meeting = db.session.get(Meeting, issued)
        letter = issue_corrigendum(meeting, [
            {"ref": "২.১", "was": "পুরোনো", "now": "নতুন লেখা"},
            {"ref": "", "was": "", "now": "সভার তারিখ ১৪ মার্চ"}], user=user,
            memo_date=D(2022, 5, 2))
        assert _title(letter) == letter.content["subject"] and letter.content["subject"]
        summary = "২.১ → নতুন লেখা; সভার তারিখ ১৪ মার্চ"
        assert (letter.kind, letter.serial, letter.memo_date, letter.body, letter.subject,
                letter.refers_to_id, letter.meeting_id) == (
            "corrigendum", 10, D(2022, 5, 2), summary, "কার্যবিবরণীর সংশোধনী",
            meeting.minutes_letter_id, issued)
        (entry,) = _audit("issue_corrigendum")
        assert entry.user_id == user.id
        assert entry.summary == (f"সংশোধনী জারি: স্মারক নম্বর {FILE_KEY}.10 "
                                 f"({COMMITTEE}, 2022-03-14)")
        assert entry.changes == {"memo_number": [None, f"{FILE_KEY}.10"],
                                 "sha256": [None, letter.sha256], "text": [None, summary]}
        second = issue_corrigendum(db.session.get(Meeting, issued), "শুধু এক লাইন")
        assert (second.serial, second.body, second.memo_date) == (11, "শুধু এক লাইন", clock.today())
        # One line of text: a correction without a place or an old wording.
        assert [(c["ref"], c["was"], c["now"]) for c in second.content["corrections"]] == [
            ("", "", "শুধু এক লাইন")]


def test_refused_corrigenda_take_no_number(app, magura_doc):
    issued = import_magura(app, magura_doc)
    draft = _draft(app, magura_doc)
    with app.app_context():
        with pytest.raises(NotIssued):
            issue_corrigendum(db.session.get(Meeting, draft), "কিছু")
        with pytest.raises(CorrectionError):
            issue_corrigendum(db.session.get(Meeting, issued), [])
        with pytest.raises(CorrectionError):
            issue_corrigendum(db.session.get(Meeting, issued), "   ")
        db.session.rollback()
        assert _letters() == [("minutes", 9)] and _audit("issue_corrigendum") == []


def test_letters_of_a_meeting_in_serial_order(app, magura_doc):
    other = _draft(app, magura_doc, "2022-04-01")
    draft = _draft(app, magura_doc)
    with app.app_context():
        issue_notice(db.session.get(Meeting, draft))
        issue_notice(db.session.get(Meeting, other))
        issue_minutes(db.session.get(Meeting, draft), signatory=("ক", "খ"))
        issue_corrigendum(db.session.get(Meeting, draft), "সংশোধন")
        assert [(x.kind, x.serial) for x in letters_of(db.session.get(Meeting, draft))] == [
            ("notice", 1), ("minutes", 3), ("corrigendum", 4)]
        assert [x.serial for x in letters_of(db.session.get(Meeting, other))] == [2]


# -- serials ----------------------------------------------------------------------------

def test_the_serial_reached_outside_the_system_is_continued(app, magura_doc):
    import_magura(app, magura_doc)  # letter 9
    draft = _draft(app, magura_doc)
    with app.app_context():
        committee = db.session.get(Meeting, draft).committee
        assert (highest_serial(FILE_KEY), next_serial(committee)) == (9, 10)
        assert highest_serial("56.04.5500.000.06.999.20") == 0
        committee.serial_reached = 41
        db.session.commit()
        assert next_serial(committee) == 42
        assert next_memo_number(committee) == "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৪২"
        assert issue_minutes(db.session.get(Meeting, draft), signatory=("ক", "খ")).serial == 42
        # A serial reached below the highest issued one changes nothing.
        committee = db.session.get(Meeting, draft).committee
        committee.serial_reached = 5
        db.session.commit()
        assert next_serial(committee) == 43


def test_the_last_serial_of_a_file(app, magura_doc):
    first = _draft(app, magura_doc, "2022-04-01")
    second = _draft(app, magura_doc)
    with app.app_context():
        committee = db.session.get(Meeting, first).committee
        committee.serial_reached = 99_998
        db.session.commit()
        assert issue_minutes(db.session.get(Meeting, first), signatory=("ক", "খ")).serial == \
            99_999
        with pytest.raises(FileFull):
            issue_minutes(db.session.get(Meeting, second), signatory=("ক", "খ"))
        with pytest.raises(FileFull):
            issue_notice(db.session.get(Meeting, second))
        meeting = db.session.get(Meeting, second)
        assert (meeting.status, meeting.minutes_letter_id, meeting.notice_letter_id) == (
            "draft", None, None)
        assert _letters() == [("minutes", 99_999)]


def test_a_serial_taken_meanwhile_is_retried(app, magura_doc, monkeypatch):
    import_magura(app, magura_doc)  # letter 9
    draft = _draft(app, magura_doc)
    real = service.next_serial
    asked = []

    def racing(committee):  # the first read misses letter 9, as a lost race would
        asked.append(1)
        return 9 if len(asked) == 1 else real(committee)

    monkeypatch.setattr(service, "next_serial", racing)
    with app.app_context():
        letter = issue_notice(db.session.get(Meeting, draft))
        assert letter.serial == 10 and len(asked) == 2
        assert _letters() == [("minutes", 9), ("notice", 10)]


def test_a_file_whose_serials_are_always_taken_gives_up(app, magura_doc, monkeypatch):
    import_magura(app, magura_doc)  # letter 9
    draft = _draft(app, magura_doc)
    asked = []
    monkeypatch.setattr(service, "next_serial", lambda committee: asked.append(1) or 9)
    with app.app_context():
        with pytest.raises(RuntimeError) as error:
            issue_minutes(db.session.get(Meeting, draft), signatory=("ক", "খ"))
        assert str(error.value) == f"no free serial in file {FILE_KEY} after 8 attempts"
        assert len(asked) == 8
        db.session.rollback()
        assert _letters() == [("minutes", 9)]
        assert db.session.get(Meeting, draft).status == "draft"


# -- issued meanwhile by another request ------------------------------------------------

def _in_other_request(app, work) -> None:
    errors = []

    def run():
        with app.app_context():
            try:
                work()
            except Exception as exc:  # reported below
                errors.append(repr(exc))
            finally:
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert not errors, errors


@pytest.mark.parametrize("kind", ["minutes", "notice"])
def test_issued_meanwhile_by_another_request(app, magura_doc, kind):
    draft = _draft(app, magura_doc)
    issue = issue_minutes if kind == "minutes" else issue_notice
    with app.app_context():
        stale = db.session.get(Meeting, draft)  # loaded before the other request issues
        assert stale.minutes_letter is None and stale.notice_letter is None
        _in_other_request(app, lambda: issue(db.session.get(Meeting, draft),
                                             D(2022, 4, 12)))
        letter = issue(stale, D(2022, 4, 30))
        assert (letter.serial, letter.memo_date) == (1, D(2022, 4, 12))
        assert _letters() == [(kind, 1)]
        assert len(_audit("issue" if kind == "minutes" else "issue_notice")) == 1
        assert db.session.scalar(select(func.count()).select_from(Letter)) == 1


def test_letters_of_a_meeting_include_the_reminders_citing_it(app, magura_doc):
    from committee.models import Assignment, Decision, ReminderEntry

    issued = import_magura(app, magura_doc)  # minutes 9
    other = _draft(app, magura_doc)
    with app.app_context():
        committee_id = db.session.get(Meeting, issued).committee_id

        def letter(serial, kind, meeting_id=None):
            row = Letter(file_key=FILE_KEY, serial=serial, kind=kind, committee_id=committee_id,
                         meeting_id=meeting_id, memo_date=D(2022, 5, 1), subject=kind)
            db.session.add(row)
            db.session.flush()
            return row

        def cite(row, meeting_id):
            assignment = db.session.scalars(select(Assignment).join(Assignment.decision)
                                            .where(Decision.meeting_id == meeting_id)).first()
            db.session.add(ReminderEntry(letter_id=row.id, assignment_id=assignment.id,
                                         status="pending"))

        letter(3, "other", issued)  # an old letter of the meeting, recorded late
        cite(letter(10, "reminder"), issued)
        cite(letter(11, "reminder"), other)
        letter(12, "other")  # cites nothing
        db.session.commit()
        assert [(x.kind, x.serial) for x in letters_of(db.session.get(Meeting, issued))] == [
            ("other", 3), ("minutes", 9), ("reminder", 10)]
        assert [(x.kind, x.serial) for x in letters_of(db.session.get(Meeting, other))] == [
            ("reminder", 11)]


def test_letter_dates_are_checked_against_the_meeting(app, magura_doc):
    from committee.documents.dates import LetterDateError

    issued = import_magura(app, magura_doc)  # held 14/03/2022, memo dated 07/04/2022
    today = clock.today()
    future = _draft(app, magura_doc, (today + datetime.timedelta(days=3)).isoformat())
    held_today = _draft(app, magura_doc, today.isoformat())
    draft = _draft(app, magura_doc)  # held 11/04/2022
    with app.app_context():
        with pytest.raises(LetterDateError) as error:
            issue_minutes(db.session.get(Meeting, future), signatory=("ক", "খ"))
        held = bangla.format_date_numeric(today + datetime.timedelta(days=3))
        assert str(error.value) == ("সভা অনুষ্ঠিত হওয়ার আগে কার্যবিবরণী জারি করা যায় না "
                                    f"(সভার তারিখ {held})")
        with pytest.raises(LetterDateError) as error:
            issue_minutes(db.session.get(Meeting, draft), D(2022, 4, 10), ("ক", "খ"))
        assert str(error.value) == ("স্মারকের তারিখ (১০/০৪/২০২২) সভার তারিখ (১১/০৪/২০২২) "
                                    "এর আগে হতে পারে না")
        with pytest.raises(LetterDateError) as error:
            issue_corrigendum(db.session.get(Meeting, issued), "সংশোধন", memo_date=D(2022, 4, 6))
        assert str(error.value) == ("স্মারকের তারিখ (০৬/০৪/২০২২) কার্যবিবরণীর স্মারকের তারিখ "
                                    "(০৭/০৪/২০২২) এর আগে হতে পারে না")
        db.session.rollback()
        assert _letters() == [("minutes", 9)]
        # The day of the meeting is no future: its minutes may be issued that day.
        letter = issue_minutes(db.session.get(Meeting, held_today), signatory=("ক", "খ"))
        assert letter.memo_date == today


# -- the idempotency key and the committee's lock -----------------------------------------

def test_the_idempotency_key_is_stored_with_the_issued_minutes(app, magura_doc):
    """The key that issued one meeting's minutes cannot issue another meeting's."""
    make_user(app, "sec", "secretary", district="মাগুরা")
    first = _draft(app, magura_doc, "2022-04-01")
    second = _draft(app, magura_doc)
    client = app.test_client()
    headers = {"Authorization": "Bearer " + make_token(app, "sec"), HEADER: "issue-7f3a"}
    issued = client.post(f"/api/v1/meetings/{first}/issue", json={"memo_date": "2022-04-20"},
                         headers=headers)
    assert issued.status_code == 200 and issued.get_json()["memo_serial"] == 1
    again = client.post(f"/api/v1/meetings/{first}/issue", json={"memo_date": "2022-04-20"},
                        headers=headers)
    assert (again.status_code, again.get_json()) == (200, issued.get_json())
    other = client.post(f"/api/v1/meetings/{second}/issue", json={"memo_date": "2022-04-20"},
                        headers=headers)
    assert other.status_code == 422
    assert other.get_json() == {"error": KEY_REUSED,
                                "details": [{"path": HEADER, "message": KEY_REUSED}]}
    with app.app_context():
        assert _letters() == [("minutes", 1)]
        assert db.session.get(Meeting, second).status == "draft"


def test_a_corrigendum_waits_for_the_files_other_writer(app, magura_doc):
    """Another request holds the committee's lock (issuing a letter of the same file): the
    corrigendum waits for it and takes the serial after the other letter's."""
    issued = import_magura(app, magura_doc)  # minutes 9
    with app.app_context():
        committee_id = db.session.get(Meeting, issued).committee_id
    holding, release, errors = threading.Event(), threading.Event(), []

    def other_writer():
        with app.app_context():
            try:
                service.lock_committee(committee_id)
                holding.set()
                release.wait(30)
                committee = db.session.get(Meeting, issued).committee
                db.session.add(Letter(file_key=FILE_KEY, serial=next_serial(committee),
                                      kind="other", committee_id=committee_id,
                                      memo_date=D(2022, 5, 1), subject="পত্র"))
                db.session.commit()
            except Exception as exc:  # reported below
                errors.append(repr(exc))
                holding.set()
            finally:
                db.session.remove()

    thread = threading.Thread(target=other_writer)
    thread.start()
    try:
        assert holding.wait(60)
        threading.Timer(1.0, release.set).start()
        with app.app_context():
            letter = issue_corrigendum(db.session.get(Meeting, issued), "সংশোধন")
            assert letter.serial == 11
    finally:
        release.set()
        thread.join(60)
    assert not errors, errors
    with app.app_context():
        assert _letters() == [("minutes", 9), ("other", 10), ("corrigendum", 11)]
