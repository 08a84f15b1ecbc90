"""APA defaults are installed by `flask apa defaults FY` and at first setup, never by a GET;
(fiscal year, level, office, code) of an indicator is unique in the database."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from committee.apa.defaults import (
    DEFAULT_YEAR,
    DEFAULTS,
    install_defaults,
    shipped,
    shipped_years,
)
from committee.extensions import db
from committee.models import AuditEntry, Indicator
from tests.conftest import PASSWORD, csrf_token, login, make_token, make_user

HINT = "এই অর্থবছরের (২০২৪-২৫) সূচক এখনো যোগ করা হয়নি"
INSTALL = "এই অর্থবছরের সরবরাহকৃত সূচক যোগ করুন"
WEIGHT = sum(row[5] for row in DEFAULTS)


def _rows(app, fy: str | None = None) -> list[tuple]:
    with app.app_context():
        query = select(Indicator.fiscal_year, Indicator.level, Indicator.code,
                       Indicator.weight).order_by(Indicator.id)
        if fy is not None:
            query = query.where(Indicator.fiscal_year == fy)
        return [tuple(r) for r in db.session.execute(query)]


def _defaults(runner, fy: str):
    return runner.invoke(args=["apa", "defaults", fy])


# -- the command --------------------------------------------------------------------------

def test_the_command_installs_the_defaults_once(app, runner):
    first = _defaults(runner, "2024-25")
    assert first.exit_code == 0, first.output
    assert f"added {len(DEFAULTS)} " in first.output
    rows = _rows(app, "2024-25")
    assert len(rows) == len(DEFAULTS) == 5
    assert sum(r[3] for r in rows) == WEIGHT == 16
    again = _defaults(runner, "2024-25")
    assert again.exit_code == 0, again.output
    assert "added 0" in again.output
    bangla = _defaults(runner, "২০২৪-২৫")  # the same year in Bangla digits
    assert bangla.exit_code == 0 and "added 0" in bangla.output
    assert _rows(app, "2024-25") == rows
    next_year = _defaults(runner, "২০২৫-২৬")  # no document: [৩.১.১] and the every-year rows
    assert next_year.exit_code == 0 and "added 4 " in next_year.output
    assert [r[2] for r in _rows(app, "2025-26")] == ["[৩.১.১]", "[শু ১.১]", "[শু ১.২]",
                                                     "[৩.১.১]"]
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "indicator")).all()
        assert len(entries) == 2  # one per year that got rows; the runs adding 0 log nothing


def test_the_command_keeps_an_edited_default_and_adds_only_the_missing(app, runner):
    assert _defaults(runner, "2024-25").exit_code == 0
    with app.app_context():
        meetings = db.session.scalar(select(Indicator).where(
            Indicator.code == "[৩.১.১]", Indicator.level == "district"))
        meetings.weight = 5
        db.session.delete(db.session.scalar(select(Indicator).where(
            Indicator.code == "[৩.৪.১]")))
        db.session.commit()
    result = _defaults(runner, "2024-25")
    assert "added 1 " in result.output
    rows = _rows(app, "2024-25")
    assert len(rows) == len(DEFAULTS)
    assert [r[3] for r in rows if r[1:3] == ("district", "[৩.১.১]")] == [5]  # kept
    assert [r[2] for r in rows].count("[৩.৪.১]") == 1  # added again


@pytest.mark.parametrize("fy", ["2024-26", "2024", "24-25", "abc", "২০২৪/২৫", ""])
def test_a_bad_fiscal_year_exits_non_zero_with_a_message(app, runner, fy):
    result = _defaults(runner, fy)
    assert result.exit_code != 0
    assert "2024-25" in result.output and "FY" in result.output
    assert _rows(app) == []


def test_the_command_is_registered():
    from committee import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": "x"})
    result = app.test_cli_runner().invoke(args=["apa", "defaults", "--help"])
    assert result.exit_code == 0 and "FY" in result.output


def test_concurrent_installs_add_each_default_once(app):
    """The unique index is the guarantee: 10 installs at once add the defaults once."""
    barrier = threading.Barrier(10)

    def install() -> int:
        with app.app_context():
            barrier.wait()
            return install_defaults("2024-25")

    with ThreadPoolExecutor(10) as pool:
        added = list(pool.map(lambda _: install(), range(10)))
    assert sum(added) == len(DEFAULTS)
    rows = _rows(app, "2024-25")
    assert len(rows) == len(DEFAULTS) and sum(r[3] for r in rows) == WEIGHT


# -- GETs only read -----------------------------------------------------------------------

def test_twenty_parallel_gets_on_a_fresh_database_insert_nothing(app):
    make_user(app, "sec", "secretary", district="মাগুরা")
    token = make_token(app, "sec")
    barrier = threading.Barrier(20)

    def get():
        client = app.test_client()
        barrier.wait()
        response = client.get("/api/v1/apa/2024-25/indicators?district=মাগুরা",
                              headers={"Authorization": f"Bearer {token}"})
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda _: get(), range(20)))
    assert answers == [(200, [])] * 20
    assert _rows(app) == []


def test_pages_of_a_year_without_indicators_show_the_hint_and_insert_nothing(
        app, client, users):
    login(client, "admin")
    for path in ("/apa/2024-25?district_id={d}", "/apa/2024-25/district?district_id={d}",
                 "/apa/2024-25/national", "/apa/2024-25/indicators"):
        with app.app_context():
            from committee.directory.service import find_district

            district = find_district("মাগুরা").id
        response = client.get(path.format(d=district))
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert HINT in html and "flask" not in html, path
    page = client.get(f"/apa/2024-25?district_id={district}").get_data(as_text=True)
    assert INSTALL in page  # the administrator is offered the year's indicators
    login(client, "sec")
    page = client.get("/apa/2024-25").get_data(as_text=True)
    assert HINT in page and INSTALL not in page and "অ্যাডমিনকে সূচক যোগ করতে বলুন" in page
    assert _rows(app) == []
    with app.app_context():
        install_defaults("2024-25")
    assert HINT not in client.get("/apa/2024-25").get_data(as_text=True)


# -- the database refuses duplicates ------------------------------------------------------

def _indicator(**fields) -> Indicator:
    values = dict(fiscal_year="2024-25", level="district", code="[৩.১.১]", title="সভা",
                  method="sum", unit="সংখ্যা", weight=4, targets=[12, 11, 10, 9, 8],
                  source="meetings", committee_kind="ict", scope="own")
    return Indicator(**{**values, **fields})


def _office_ids(app) -> tuple[int, int, int]:
    from committee.directory.service import get_or_create_district

    with app.app_context():
        magura = get_or_create_district("মাগুরা")
        other = get_or_create_district("ঝিনাইদহ")
        db.session.commit()
        upazila = magura.upazilas[0].id if magura.upazilas else None
        return magura.id, other.id, upazila


@pytest.mark.parametrize("office", ["default", "district", "upazila"])
def test_the_database_refuses_a_duplicate_fiscal_year_office_code(app, office):
    magura, _, upazila = _office_ids(app)
    if office == "upazila" and upazila is None:
        pytest.skip("the directory has no upazila of Magura")
    fields = {"default": {}, "district": {"district_id": magura},
              "upazila": {"district_id": magura, "upazila_id": upazila,
                          "level": "upazila"}}[office]
    with app.app_context():
        db.session.add(_indicator(**fields))
        db.session.commit()
        db.session.add(_indicator(**fields, title="আবার"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Indicator)) == 1


def test_the_same_code_is_allowed_for_another_year_level_or_office(app):
    magura, other, upazila = _office_ids(app)
    with app.app_context():
        rows = [_indicator(), _indicator(fiscal_year="2025-26"), _indicator(level="upazila"),
                _indicator(district_id=magura), _indicator(district_id=other),
                _indicator(code="[৩.৪.১]")]
        if upazila is not None:
            rows += [_indicator(level="upazila", district_id=magura, upazila_id=upazila)]
        db.session.add_all(rows)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Indicator)) == len(rows)


def test_the_indicator_form_refuses_a_duplicate_code_in_bangla(app, client, users):
    with app.app_context():
        install_defaults("2024-25")
    login(client, "admin")
    form = {"level": "district", "code": "[৩.১.১]", "title": "সভা", "method": "sum",
            "unit": "সংখ্যা", "weight": "4", "t100": "12", "t90": "11", "t80": "10",
            "t70": "9", "t60": "8", "source": "meetings", "committee_kind": "ict",
            "scope": "own", "district_id": "0"}
    response = client.post("/apa/2024-25/indicators", data={
        **form, "csrf_token": csrf_token(client, "/apa/2024-25/indicators")})
    assert response.status_code == 400
    assert "এই কোডের সূচক আগে থেকেই আছে" in response.get_data(as_text=True)
    with app.app_context():
        other = db.session.scalar(select(Indicator.id).where(Indicator.code == "[৩.৪.১]"))
    response = client.post(f"/apa/2024-25/indicators/{other}", data={
        **form, "csrf_token": csrf_token(client, f"/apa/2024-25/indicators/{other}")})
    assert response.status_code == 400
    assert "এই কোডের সূচক আগে থেকেই আছে" in response.get_data(as_text=True)
    assert len(_rows(app, "2024-25")) == len(DEFAULTS)
    assert [r[2] for r in _rows(app, "2024-25")].count("[৩.৪.১]") == 1


# -- first setup --------------------------------------------------------------------------

def test_the_first_setup_installs_the_defaults(app, client):
    from committee.auth.setup import setup_code

    assert _rows(app) == []
    response = client.post("/setup", data={
        "csrf_token": csrf_token(client, "/setup"), "setup_code": setup_code(app),
        "username": "first", "full_name": "প্রথম অ্যাডমিন", "password": PASSWORD,
        "confirm": PASSWORD})
    assert response.status_code == 302
    years = shipped_years()
    assert years[0] == "2019-20" and "2024-25" in years
    for fy in years:  # every year from 2019-20 to the current one, as the app ships it
        rows = _rows(app, fy)
        assert len(rows) == len(shipped(fy)) and rows, fy
    assert len(_rows(app)) == sum(len(shipped(fy)) for fy in years)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.object_type == "indicator").limit(1))
        assert entry.username == "first"


def test_current_fiscal_year_is_dhakas(monkeypatch):
    from datetime import datetime

    import committee.apa.defaults as defaults

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            # 30 June 2025, 20:00 UTC is already 1 July 2025, 02:00 in Dhaka (UTC+6).
            return datetime(2025, 6, 30, 20, 0, tzinfo=defaults.ZoneInfo("UTC")).astimezone(tz)

    monkeypatch.setattr(defaults, "datetime", Clock)
    assert defaults.current_fiscal_year() == "2025-26"


# -- the migration ------------------------------------------------------------------------

def _old_rows(copies: int) -> list[dict]:
    """The defaults as the old GET left them after concurrent requests: `copies` times."""
    from committee.apa.defaults import _default_rows

    return [dict(row, fiscal_year=DEFAULT_YEAR) for _ in range(copies)
            for row in _default_rows(DEFAULT_YEAR)]


def test_the_migration_removes_the_duplicates_then_adds_the_constraint(tmp_path):
    from flask_migrate import downgrade, upgrade

    from tests.test_migrations import _fresh_app

    with _fresh_app(tmp_path) as app, app.app_context():
        upgrade(revision="713ee167d82d")
        table = Indicator.__table__
        db.session.execute(table.insert(), _old_rows(5))  # 25 rows, weight 80
        own = dict(_old_rows(1)[0], district_id=None)
        db.session.execute(table.insert(), [own])  # a 6th copy of [৩.১.১], later
        db.session.commit()
        first_ids = db.session.scalars(select(Indicator.id).order_by(Indicator.id)
                                       .limit(len(DEFAULTS))).all()
        upgrade()
        kept = db.session.execute(select(Indicator.id, Indicator.weight)
                                  .order_by(Indicator.id)).all()
        assert [r.id for r in kept] == first_ids  # the lowest id of each key
        assert sum(r.weight for r in kept) == WEIGHT
        with pytest.raises(IntegrityError):
            db.session.execute(table.insert(), [_old_rows(1)[0]])
        db.session.rollback()
        downgrade(revision="713ee167d82d")
        db.session.execute(table.insert(), [_old_rows(1)[0]])  # no constraint any more
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Indicator)) == \
            len(DEFAULTS) + 1


def _migration():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "migrations" / "versions" / \
        "b3d9e41c7a52_apa_indicator_key_unique.py"
    spec = importlib.util.spec_from_file_location("apa_key_migration", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_stops_on_two_different_rows_of_one_office(tmp_path):
    from flask_migrate import upgrade

    from committee.directory.service import get_or_create_district
    from tests.test_migrations import _fresh_app

    with _fresh_app(tmp_path) as app, app.app_context():
        upgrade(revision="713ee167d82d")
        magura = get_or_create_district("মাগুরা").id
        db.session.commit()
        row = dict(_old_rows(1)[0], district_id=magura)
        db.session.execute(Indicator.__table__.insert(),
                           [row, row, dict(row, weight=5)])  # a copy, and a different one
        db.session.commit()
        with pytest.raises(RuntimeError) as stopped:
            _migration()._remove_duplicates(db.session.connection())
        db.session.rollback()
        assert "two different indicators with the same code" in str(stopped.value)
        assert (f"district id {magura}, upazila id None, code [৩.১.১]: indicator ids 1, 2, 3"
                in str(stopped.value))
        with pytest.raises(SystemExit):  # flask-migrate logs the message, exits with 1
            upgrade()
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Indicator)) == 3
