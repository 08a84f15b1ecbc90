"""Follow-up: what an office owes, history, office scoping, tracker, review, exports."""
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select

from committee.extensions import db
from committee.followup.review import attach_review, confirm_previous, review_entries
from committee.followup.service import record_follow_up
from committee.models import Assignment, Decision, FollowUp, Meeting, Office, ReviewEntry
from tests.conftest import csrf_token, import_magura, login

DEO = "জেলা শিক্ষা অফিসার"


def _numbers(html: str) -> list[str]:
    return re.findall(r"সভার সিদ্ধান্ত ([০-৯]+\.[০-৯]+)", html)


def _deo_assignment(app, number: str) -> int:
    """The জেলা শিক্ষা অফিসার's assignment of decision `number` in the first meeting
    imported (the lowest id: a later meeting with the same numbers has its own)."""
    item, pos = (int(x) for x in number.split("."))
    with app.app_context():
        return db.session.scalar(
            select(Assignment.id).join(Assignment.decision).join(Decision.item)
            .join(Assignment.office)
            .where(Office.name == DEO, Decision.position == pos,
                   Decision.item.has(position=item))
            .order_by(Assignment.id).limit(1))


def test_office_sees_what_it_owes_and_records_progress(app, client, users):
    import_magura(app)
    login(client, "deo")
    html = client.get("/followup/").get_data(as_text=True)
    assert _numbers(html) == ["২.১", "২.২", "২.৩", "৬.১", "৬.২", "৬.৩", "১৩.১", "১৩.২"]
    assert "১৪/০৩/২০২২ সভার সিদ্ধান্ত ২.১" in html

    assignment_id = _deo_assignment(app, "2.1")
    response = client.post(f"/followup/assignments/{assignment_id}", data={
        "csrf_token": csrf_token(client, "/followup/"), "status": "implemented",
        "note": "সকল বিদ্যালয়ে অনলাইন ক্লাস চালু", "on": "2022-04-20"})
    assert response.status_code == 302
    html = client.get("/followup/").get_data(as_text=True)
    assert "২.১" not in _numbers(html) and len(_numbers(html)) == 7
    with app.app_context():
        a = db.session.get(Assignment, assignment_id)
        assert (a.status, a.status_note, a.status_on) == (
            "implemented", "সকল বিদ্যালয়ে অনলাইন ক্লাস চালু", date(2022, 4, 20))
        history = db.session.scalars(select(FollowUp).where(
            FollowUp.assignment_id == assignment_id)).all()
        assert [h.status for h in history] == ["implemented"]
        assert history[0].user.username == "deo"


def test_office_cannot_change_another_offices_status(app, client, users):
    import_magura(app)
    assignment_id = _deo_assignment(app, "2.1")
    login(client, "civil")
    response = client.post(f"/followup/assignments/{assignment_id}", data={
        "csrf_token": csrf_token(client, "/followup/"), "status": "dropped"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Assignment, assignment_id).status == "pending"


def test_other_district_cannot_see_assignment(app, client, users):
    import_magura(app)
    login(client, "sec_b")
    assert client.get(f"/followup/assignments/{_deo_assignment(app, '2.1')}").status_code == 403


def test_history_keeps_every_follow_up(app, users):
    import_magura(app)
    assignment_id = _deo_assignment(app, "6.1")
    with app.app_context():
        a = db.session.get(Assignment, assignment_id)
        record_follow_up(a, "in_progress", "পরিদর্শন শুরু", date(2022, 4, 1))
        record_follow_up(a, "implemented", "সব ল্যাব পরিদর্শিত", date(2022, 5, 1))
        db.session.commit()
        assert [f.status for f in db.session.scalars(
            select(FollowUp).where(FollowUp.assignment_id == assignment_id)
            .order_by(FollowUp.id))] == ["in_progress", "implemented"]
        assert db.session.get(Assignment, assignment_id).status == "implemented"


def test_overdue_first(app, users):
    import_magura(app)
    with app.app_context():
        d = db.session.scalar(select(Decision).join(Decision.item).where(
            Decision.position == 2, Decision.item.has(position=13)))
        d.due_on = date(2022, 3, 31)
        db.session.commit()
    from committee.followup.service import owed_by_office

    with app.app_context():
        office = db.session.scalar(select(Office).where(Office.name == DEO).order_by(Office.id))
        rows = db.session.scalars(owed_by_office(office.id, office.district_id,
                                                 date(2022, 6, 1))).all()
        assert rows[0].decision.text.startswith("সভাপতি মহোদয়")


def test_next_meeting_reviews_open_decisions(app, client, users, magura_doc):
    first = import_magura(app)
    with app.app_context():
        a = db.session.get(Assignment, _deo_assignment(app, "2.1"))
        record_follow_up(a, "implemented", "সম্পন্ন", date(2022, 4, 10))
        magura_doc["meeting"]["held_on"] = "2022-04-14"
        magura_doc.pop("issue")
        from committee.imports import import_document

        second = import_document(magura_doc)  # a draft: the import attaches the review
        added = len(review_entries(second.id))
        assert attach_review(second) == 0  # again: nothing new
        db.session.commit()
        open_count = db.session.scalar(select(db.func.count()).select_from(Assignment)
                                       .join(Assignment.decision)
                                       .where(Decision.meeting_id == first,
                                              Assignment.status.in_(("pending",
                                                                     "in_progress"))))
        assert added == open_count
        second_id = second.id
    login(client, "sec")
    html = client.get(f"/meetings/{second_id}/review").get_data(as_text=True)
    assert "১৪/০৩/২০২২ সভার সিদ্ধান্ত ২.২" in html
    with app.app_context():
        reviewed = set(db.session.scalars(select(ReviewEntry.assignment_id)
                                          .where(ReviewEntry.meeting_id == second_id)))
    # The office marked its ২.১ implemented: it is not brought back; its ২.২ still is.
    assert _deo_assignment(app, "2.1") not in reviewed
    assert _deo_assignment(app, "2.2") in reviewed


def test_issuing_a_confirming_meeting_confirms_the_previous(app, magura_doc):
    first = import_magura(app)
    with app.app_context():
        from committee.imports import import_document

        magura_doc["meeting"]["held_on"] = "2022-04-14"
        magura_doc["issue"]["memo_serial"] = 10
        second = import_document(magura_doc)
        assert confirm_previous(second).id == first
        db.session.commit()
        assert db.session.get(Meeting, first).status == "confirmed"


def test_tracker_filters_and_exports(app, client, users):
    import_magura(app)
    login(client, "sec")
    with app.app_context():
        committee_id = db.session.scalar(select(Meeting.committee_id))
        office_id = db.session.scalar(select(Office.id).where(Office.name == DEO)
                                     .order_by(Office.id))
    url = f"/committees/{committee_id}/tracker?office_id={office_id}"
    html = client.get(url).get_data(as_text=True)
    assert _numbers(html) == ["২.১", "২.২", "২.৩", "৬.১", "৬.২", "৬.৩", "১৩.১", "১৩.২"]
    xlsx = client.get(f"/committees/{committee_id}/tracker.xlsx?office_id={office_id}")
    assert xlsx.status_code == 200
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    assert rows[0][1] == "সিদ্ধান্ত নম্বর"
    assert [r[1] for r in rows[1:]] == ["2.1", "2.2", "2.3", "6.1", "6.2", "6.3", "13.1",
                                        "13.2"]
    assert all(r[3] == DEO for r in rows[1:])
    csv = client.get(f"/committees/{committee_id}/tracker.csv?status=pending&q=ই-নথি")
    lines = csv.get_data(as_text=True).lstrip("\ufeff").strip().splitlines()
    assert len(lines) > 1 and all("ই-নথি" in line for line in lines[1:])


def test_tracker_query_count_does_not_grow(app, client, users, magura_doc):
    from committee.imports import import_document

    import_magura(app)
    login(client, "sec")
    with app.app_context():
        committee_id = db.session.scalar(select(Meeting.committee_id))

    def count() -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(f"/committees/{committee_id}/tracker").status_code == 200
        finally:
            with app.app_context():
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    small = count()
    with app.app_context():
        for month in (4, 5, 6):
            magura_doc["meeting"]["held_on"] = f"2022-0{month}-14"
            magura_doc.pop("issue", None)
            import_document(magura_doc)
    assert count() == small


@pytest.mark.parametrize("content, name, ok", [
    (b"%PDF-1.4 test", "report.pdf", True),
    (b"\x89PNG\r\n\x1a\n" + b"0" * 20, "photo.png", True),
    (b"MZ\x90\x00 not a pdf", "report.pdf", False),
    (b"%PDF-1.4", "script.exe", False),
])
def test_evidence_upload_type_checked(app, client, users, content, name, ok):
    import_magura(app)
    assignment_id = _deo_assignment(app, "2.2")
    login(client, "deo")
    response = client.post(f"/followup/assignments/{assignment_id}", data={
        "csrf_token": csrf_token(client, "/followup/"), "status": "in_progress",
        "note": "প্রমাণক সহ", "evidence": (io.BytesIO(content), name)},
        content_type="multipart/form-data")
    with app.app_context():
        stored = db.session.scalars(select(FollowUp)).all()
    if ok:
        assert response.status_code == 302 and len(stored) == 1
        download = client.get(f"/followup/evidence/{stored[0].id}")
        assert download.status_code == 200 and download.data == content
    else:
        assert response.status_code == 400 and stored == []
        assert "প্রমাণক" in response.get_data(as_text=True)


def test_search_finds_bangla_in_own_district_only(app, client, users):
    import_magura(app)
    login(client, "sec")
    html = client.get("/search?q=ই-নথি সিস্টেম").get_data(as_text=True)
    assert "সভার সিদ্ধান্ত ৩.১" in html
    login(client, "sec_b")
    html = client.get("/search?q=ই-নথি").get_data(as_text=True)
    assert "সভার সিদ্ধান্ত ৩.১" not in html


def test_done_when_office_marks_2_1_and_next_minutes_show_what_remains(app, client, users,
                                                                       magura_doc):
    """Issue 4's acceptance path: through the web as the office, then the next DOCX."""
    from docx import Document

    from committee.documents.service import issue_minutes
    from committee.imports import import_document

    first = import_magura(app)
    login(client, "deo")
    client.post(f"/followup/assignments/{_deo_assignment(app, '2.1')}", data={
        "csrf_token": csrf_token(client, "/followup/"), "status": "implemented",
        "note": "অনলাইন ক্লাস নিয়মিত চলছে", "on": "2022-04-10"})
    with app.app_context():
        magura_doc["meeting"]["held_on"] = "2022-04-14"
        magura_doc.pop("issue")
        second = import_document(magura_doc)
        attach_review(second)
        db.session.commit()
        issue_minutes(second, date(2022, 4, 20))
        second_id = second.id
        assert db.session.get(Meeting, first).status == "confirmed"
    login(client, "sec")
    response = client.get(f"/meetings/{second_id}/minutes.docx")
    document = Document(io.BytesIO(response.data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(cells)
    assert "পূর্ববর্তী সভার সিদ্ধান্ত বাস্তবায়ন অগ্রগতি" in text
    reviewed = [c for c in cells if c.startswith("১৪/০৩/২০২২ সভার সিদ্ধান্ত")]
    assert any(c.startswith("১৪/০৩/২০২২ সভার সিদ্ধান্ত ২.২:") for c in reviewed)
    # The review is its own table, one row per decision with each party's status inside.
    [review] = [t for t in document.tables if t.rows[0].cells[0].text == "সিদ্ধান্ত"]
    rows = [[c.text for c in row.cells] for row in review.rows[1:]]
    assert not any("আলোচনা" in cell for r in rows for cell in r)  # no agenda row in it
    numbers = [r[0].split(":")[0] for r in rows]
    assert len(numbers) == len(set(numbers))  # each decision once
    # 2.1 was implemented by its only district office and the rest of its parties are
    # still open, so it is reviewed for those parties but never for the DEO.
    [row_2_1] = [r for r in rows if r[0].startswith("১৪/০৩/২০২২ সভার সিদ্ধান্ত ২.১:")]
    assert DEO not in row_2_1[-1]
    assert any(DEO in line and line.endswith(": অমীমাংসিত")
               for r in rows for line in r[-1].split("\n"))


def test_evidence_goes_to_the_shared_folder_when_configured(app, client, users, tmp_path):
    """Several app instances share uploads through EVIDENCE_DIR (see docs/deploy.md)."""
    import_magura(app)
    assignment_id = _deo_assignment(app, "2.2")
    login(client, "deo")
    app.config["EVIDENCE_DIR"] = str(tmp_path)
    try:
        response = client.post(f"/followup/assignments/{assignment_id}", data={
            "csrf_token": csrf_token(client, "/followup/"), "status": "in_progress",
            "evidence": (io.BytesIO(b"%PDF-1.4 shared"), "report.pdf")},
            content_type="multipart/form-data")
        assert response.status_code == 302
        assert [p.read_bytes() for p in tmp_path.iterdir()] == [b"%PDF-1.4 shared"]
        with app.app_context():
            follow_up_id = db.session.scalar(select(FollowUp.id))
        assert client.get(f"/followup/evidence/{follow_up_id}").data == b"%PDF-1.4 shared"
    finally:
        app.config["EVIDENCE_DIR"] = None
