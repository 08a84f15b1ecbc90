"""`flask bench seed` and the opt-in query counter (gunicorn itself is not started here)."""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from committee.apa.scoring import fiscal_year_label, fiscal_year_of
from committee.apa.service import compute
from committee.bench.seed import PASSWORD
from committee.extensions import db
from committee.models import (
    Assignment,
    Committee,
    Decision,
    FollowUp,
    Item,
    Letter,
    Meeting,
    ReviewEntry,
    User,
)
from tests.conftest import login


@pytest.fixture
def seeded(app, runner):
    result = runner.invoke(args=["bench", "seed", "--districts", "2", "--years", "1"])
    assert result.exit_code == 0, result.output
    assert f"password {PASSWORD}" in result.output
    return result.output


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_counts(app, seeded):
    with app.app_context():
        committees = db.session.scalars(select(Committee)).all()
        # Magura (4 upazilas) and Jhenaidah (6): a district committee and one per upazila.
        assert len(committees) == 2 + 4 + 6
        per_committee = Counter(db.session.scalars(select(Meeting.committee_id)))
        assert set(per_committee.values()) == {12}
        meetings = sum(per_committee.values())
        assert _count(Item) == 13 * meetings
        assert _count(Decision) == 29 * meetings
        assert _count(Assignment) > 29 * meetings
        statuses = set(db.session.scalars(select(FollowUp.status).distinct()))
        assert statuses == {"pending", "in_progress", "implemented", "dropped"}
        assert _count(ReviewEntry) > 0
        assert {u.username for u in db.session.scalars(select(User))} == {
            "bench_admin", "bench_secretary", "bench_office"}


def test_seeded_minutes_are_issued_like_the_app_issues_them(app, seeded):
    with app.app_context():
        letters = db.session.execute(select(Letter.file_key, Letter.serial)).all()
        assert len(letters) == len(set(letters)) == _count(Meeting)
        unlinked = _count(Meeting, Meeting.minutes_letter_id.is_(None))
        assert unlinked == 0
        # Not frozen: the app freezes a letter (DOCX, hash, content) on its first download.
        assert _count(Letter, Letter.docx.is_not(None) | Letter.sha256.is_not(None)
                      | Letter.content.is_not(None)) == 0
        assert set(db.session.scalars(select(Letter.addressee))) == {""}
        # A file belongs to one committee.
        keys = db.session.scalars(select(Committee.file_key)).all()
        assert len(keys) == len(set(keys))
        for committee in db.session.scalars(select(Committee)):
            rows = db.session.scalars(select(Meeting).where(
                Meeting.committee_id == committee.id).order_by(Meeting.held_on)).all()
            # Issuing confirms the previous minutes: only the latest is still "issued".
            assert [m.status for m in rows] == ["confirmed"] * 11 + ["issued"]
            serials = [m.minutes_letter.serial for m in rows]
            assert serials == sorted(serials) and len(set(serials)) == 12
            assert all(m.minutes_letter.file_key == committee.file_key for m in rows)
            assert rows[-1].signatory_designation == committee.secretary.designation


def test_seeded_assignments_match_sync_assignments(app, seeded):
    from committee.meetings.service import load_meeting, sync_assignments

    with app.app_context():
        meeting_id = db.session.scalar(select(Meeting.id).join(Meeting.committee).where(
            Committee.level == "district").order_by(Meeting.id.desc()))
        meeting = load_meeting(meeting_id, for_edit=True)

        def snapshot():
            return [(a.party, a.office_id, a.via_group, a.position)
                    for item in meeting.items for d in item.decisions for a in d.assignments]

        before = snapshot()
        for item in meeting.items:
            for decision in item.decisions:
                sync_assignments(decision, item)
        assert snapshot() == before
        db.session.rollback()


def test_apa_report_counts_the_seeded_meetings(app, client, seeded):
    from datetime import date

    start = fiscal_year_of(date.today())
    with app.app_context():
        secretary = db.session.scalar(select(User).where(User.username == "bench_secretary"))
        district_id = secretary.district_id
        expected = _count(Meeting, Meeting.committee.has(district_id=district_id,
                                                         level="district"),
                          Meeting.held_on >= date(start, 7, 1))
        ict = next(r for r in compute(start, district_id) if r.indicator.code == "[৩.১.১]")
        committee_id = db.session.scalar(select(Committee.id).where(
            Committee.district_id == district_id, Committee.level == "district"))
    assert expected >= 1 and sum(ict.quarters) == expected == len(ict.evidence)
    fy = fiscal_year_label(start)
    login(client, "bench_secretary", PASSWORD)
    page = client.get(f"/apa/{fy}")
    assert page.status_code == 200
    assert ict.evidence[0]["memo_number"] in page.get_data(as_text=True)
    assert client.get(f"/committees/{committee_id}/tracker").status_code == 200
    login(client, "bench_office", PASSWORD)
    dashboard = client.get("/followup/")
    assert dashboard.status_code == 200 and "জেলা শিক্ষা অফিসার" in dashboard.get_data(
        as_text=True)
    login(client, "bench_admin", PASSWORD)
    assert client.get(f"/apa/{fy}/national").status_code == 200


def test_seed_gives_a_committee_the_next_file_when_its_own_is_taken(app, runner):
    from committee.bench.plan import file_number
    from committee.directory.service import get_or_create_district

    # The file the seed would give Magura's district committee (Magura is first) is
    # already another committee's.
    number, key = file_number(1, 0)
    with app.app_context():
        jessore = get_or_create_district("যশোর")
        db.session.add(Committee(district=jessore, name="ই-সেবা কমিটি, যশোর", kind="other",
                                 level="district", file_number=number, file_key=key,
                                 office_header=[]))
        db.session.commit()
    result = runner.invoke(args=["bench", "seed", "--districts", "1", "--years", "1"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        magura = db.session.scalar(select(Committee).where(
            Committee.name == "জেলা আইসিটি কমিটি, মাগুরা"))
        assert (magura.file_number, magura.file_key) == (
            "৫৬.০৪.০১০০.০০০.০৬.০০২.২০", "56.04.0100.000.06.002.20")
        assert {m.minutes_letter.serial for m in db.session.scalars(
            select(Meeting).where(Meeting.committee_id == magura.id))} == set(range(1, 13))
        keys = db.session.scalars(select(Committee.file_key)).all()
        assert len(keys) == len(set(keys)) == 1 + 1 + 4


def test_seed_refuses_a_database_with_meetings(app, runner, seeded):
    with app.app_context():
        before = _count(Meeting)
    result = runner.invoke(args=["bench", "seed", "--districts", "1", "--years", "1"])
    assert result.exit_code != 0 and "--force" in result.output
    with app.app_context():
        assert _count(Meeting) == before


def test_query_count_header_is_opt_in(app, tmp_path):
    from committee import create_app

    assert "X-Query-Count" not in app.test_client().get("/login").headers
    counting = create_app({"TESTING": True, "SECRET_KEY": "x", "BENCH_COUNT_QUERIES": True,
                           "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/q.db"})
    with counting.app_context():
        db.create_all()
    response = counting.test_client().get("/login")
    assert int(response.headers["X-Query-Count"]) >= 1
    with counting.app_context():
        db.engine.dispose()


def test_load_test_records_follow_ups_without_errors(app, seeded):
    """A short `bench load` against the app served in-process: no errors, follow-ups stored."""
    import threading

    from werkzeug.serving import make_server

    from committee.bench.load import load

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with app.app_context():
            before = _count(FollowUp)
            text, errors = load(users=4, seconds=3, office_share=0.5, fy=None,
                                url=f"http://127.0.0.1:{server.server_port}", bind="",
                                workers=1, echo=lambda *a, **k: None)
            after = _count(FollowUp)
    finally:
        server.shutdown()
    assert errors == 0, text
    assert "record follow-up" in text and "errors: 0" in text
    assert after > before


def test_the_editors_drafts_take_days_without_a_meeting(app, seeded):
    """`bench load --editors` stores its drafts through the app's own service, which allows
    one meeting per committee and day: with the committee's latest minutes dated today,
    the drafts go to the next free days instead of failing."""
    from datetime import date

    from committee.bench.load import drafts
    from committee.models import Meeting

    with app.app_context():
        latest = db.session.scalars(select(Meeting).order_by(Meeting.held_on.desc())).first()
        committee_id = latest.committee_id
        if not _count(Meeting, Meeting.committee_id == committee_id,
                      Meeting.held_on == date.today()):
            latest.held_on = date.today()
            db.session.commit()
        ids = drafts([committee_id], 2)
        days = [db.session.get(Meeting, i).held_on for i in ids]
    assert len(set(days)) == 2 and min(days) > date.today(), days
