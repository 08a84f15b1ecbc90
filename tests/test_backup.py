"""`flask backup` / `flask restore` round-trip a scratch database (SQLite, or PostgreSQL).

Each test builds its own database, so restoring never clobbers the shared test database.
"""
from __future__ import annotations

import json
import os
import stat
import uuid

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from committee import backup, create_app
from committee.extensions import db
from committee.models import Meeting
from tests.conftest import MAGURA

ON_POSTGRES = (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql")


@pytest.fixture
def scratch(tmp_path):
    """An app on a database of its own (the kind under test), with the schema created."""
    base = os.environ.get("TEST_DATABASE_URL")
    cleanup = None
    if ON_POSTGRES:
        name = f"committee_bak_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url, cleanup = base.rsplit("/", 1)[0] + "/" + name, (admin, name)
    else:
        url = f"sqlite:///{tmp_path}/live.db"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if cleanup:
        admin, name = cleanup
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _import(app) -> int:
    from committee.imports import import_document

    with app.app_context():
        return import_document(json.loads(MAGURA.read_text(encoding="utf-8"))).id


def _meetings(app) -> list[int]:
    with app.app_context():
        ids = list(db.session.scalars(select(Meeting.id).order_by(Meeting.id)))
        db.session.remove()
        return ids


def _delete_everything(app) -> None:
    """Empty every table, as the fixtures do between tests."""
    from tests.conftest import _empty_tables

    _empty_tables(app)


def _change_venue(app, meeting_id: int, venue: str) -> None:
    with app.app_context():
        db.session.get(Meeting, meeting_id).venue = venue
        db.session.commit()


def test_backup_and_restore_round_trip(scratch, tmp_path):
    runner = scratch.test_cli_runner()
    meeting_id = _import(scratch)
    target = tmp_path / "committee.dump"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    _change_venue(scratch, meeting_id, "changed after the backup")
    _delete_everything(scratch)
    assert _meetings(scratch) == []

    result = runner.invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    assert _meetings(scratch) == [meeting_id]
    with scratch.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.venue != "changed after the backup"
        assert meeting.minutes_letter is not None and len(meeting.items) > 0
    # and the app goes on writing to the restored database
    assert _import_again_is_refused_for_the_same_memo(scratch)


def _import_again_is_refused_for_the_same_memo(app) -> bool:
    """Minutes of another day under the restored letter's memo number are refused (the
    same minutes again would answer with the restored meeting: one per committee and date)."""
    from committee.imports import import_document
    from committee.interchange import ValidationError

    doc = json.loads(MAGURA.read_text(encoding="utf-8"))
    doc["meeting"]["held_on"] = "2022-04-14"
    try:
        with app.app_context():
            import_document(doc)
    except ValidationError as exc:
        return exc.problems[0]["path"] == "issue.memo_serial"
    return False


def test_restore_asks_first_and_no_keeps_the_data(scratch, tmp_path):
    runner = scratch.test_cli_runner()
    target = tmp_path / "empty.dump"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    meeting_id = _import(scratch)
    result = runner.invoke(args=["restore", str(target)], input="n\n")
    assert result.exit_code != 0 and "Aborted" in result.output
    assert _meetings(scratch) == [meeting_id]
    result = runner.invoke(args=["restore", str(target)], input="y\n")
    assert result.exit_code == 0, result.output
    assert _meetings(scratch) == []


def test_restore_refuses_a_file_that_is_not_a_backup(scratch, tmp_path):
    meeting_id = _import(scratch)
    bogus = tmp_path / "bogus.dump"
    bogus.write_bytes(b"this is not a database" * 100)
    result = scratch.test_cli_runner().invoke(args=["restore", "--yes", str(bogus)])
    assert result.exit_code != 0
    assert "Error" in result.output
    assert _meetings(scratch) == [meeting_id]


def test_backup_into_a_missing_folder_fails_clearly(scratch, tmp_path):
    result = scratch.test_cli_runner().invoke(args=["backup", str(tmp_path / "no" / "x")])
    assert result.exit_code != 0 and "does not exist" in result.output


def test_restore_of_a_missing_file_fails_clearly(scratch, tmp_path):
    result = scratch.test_cli_runner().invoke(
        args=["restore", "--yes", str(tmp_path / "nothing.dump")])
    assert result.exit_code != 0 and "no backup file" in result.output


def test_missing_pg_dump_is_a_clear_error(tmp_path, monkeypatch):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u:pw@127.0.0.1:1/none"})
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.dump")])
    assert result.exit_code == 1
    assert "pg_dump was not found" in result.output
    assert not (tmp_path / "x.dump").exists()


def test_pg_arguments_come_from_the_url_without_the_password(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: f"/usr/bin/{name}")
    url = make_url("postgresql+psycopg://committee:s3cr%27et@db.example:5433/committee"
                   "?sslmode=require")
    argv, env = backup.pg_command("pg_dump", url, "--format=custom", "--file=/tmp/x")
    assert argv == ["/usr/bin/pg_dump",
                    "--dbname=host='db.example' port='5433' user='committee' "
                    "dbname='committee' sslmode='require'",
                    "--format=custom", "--file=/tmp/x"]
    assert env["PGPASSWORD"] == "s3cr'et"
    assert not any("s3cr" in arg for arg in argv)


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite only")
def test_sqlite_backup_is_taken_while_a_transaction_is_open(scratch, tmp_path):
    """The online backup API copies the committed state, not a half-written one."""
    meeting_id = _import(scratch)
    with scratch.app_context():
        db.session.get(Meeting, meeting_id).venue = "not committed"
        db.session.flush()
        result = scratch.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.db")])
        db.session.rollback()
    assert result.exit_code == 0, result.output
    engine = create_engine(f"sqlite:///{tmp_path}/b.db")
    with engine.connect() as conn:
        venues = conn.execute(text("SELECT venue FROM meetings")).scalars().all()
        count = conn.scalar(select(func.count()).select_from(text("meetings")))
    engine.dispose()
    assert count == 1 and venues != ["not committed"]
