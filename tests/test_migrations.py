"""The Alembic migrations build exactly the schema the models declare."""
import os
import uuid
from contextlib import contextmanager

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from committee import create_app
from committee.extensions import DATABASE_ONLY_INDEXES, db, include_object


@contextmanager
def _fresh_app(tmp_path):
    """An app on an empty database of the kind under test, dropped afterwards."""
    base = os.environ.get("TEST_DATABASE_URL")
    admin = name = None
    if base:
        name = f"committee_mig_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = base.rsplit("/", 1)[0] + "/" + name
    else:
        url = f"sqlite:///{tmp_path}/migrations.db"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def test_upgrade_matches_models(tmp_path):
    with _fresh_app(tmp_path) as app, app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(
                conn, opts={"include_object": include_object}), db.metadata)
        downgrade(revision="base")  # and back: the downgrade path works too
        upgrade()
    assert diff == [], f"models and migrations differ: {diff}"


def test_the_search_is_served_by_trigram_indexes_on_postgresql(tmp_path):
    """After `flask db upgrade` on PostgreSQL, a word searched anywhere in a decision's
    text or an item's title or discussion (ILIKE '%word%') is looked up in a pg_trgm
    index rather than by reading every row."""
    from sqlalchemy import select

    from committee.followup.service import text_match
    from committee.models import Decision, Item

    with _fresh_app(tmp_path) as app, app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("trigram indexes: PostgreSQL only (SQLite reads the rows)")
        upgrade()
        names = set(db.session.scalars(text(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")))
        assert DATABASE_ONLY_INDEXES <= names
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        plans = {}
        for label, stmt in {
                "decisions": select(Decision.id).where(text_match("ইন্টারনেট", Decision.text)),
                "items": select(Item.id).where(text_match("ইন্টারনেট", Item.title,
                                                          Item.discussion))}.items():
            sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
            plans[label] = "\n".join(
                db.session.connection().exec_driver_sql("EXPLAIN " + sql).scalars())
        db.session.rollback()
    assert "ix_decisions_text_trgm" in plans["decisions"], plans["decisions"]
    assert "ix_items_title_trgm" in plans["items"], plans["items"]
    assert "ix_items_discussion_trgm" in plans["items"], plans["items"]


@pytest.mark.parametrize("command", [["db", "current"]])
def test_flask_db_commands_exist(command):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": "x"})
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 0, result.output


def test_the_database_refuses_to_change_or_delete_audit_entries(tmp_path):
    from sqlalchemy.exc import DBAPIError

    from committee.audit.service import record

    with _fresh_app(tmp_path) as app, app.app_context():
        upgrade()
        entry = record("create", "meeting", 1, district_id=None, summary="সভা")
        db.session.commit()
        statements = ["UPDATE audit_entries SET summary = 'x'", "DELETE FROM audit_entries"]
        if db.engine.dialect.name == "postgresql":
            statements.append("TRUNCATE audit_entries")
        for statement in statements:
            with pytest.raises(DBAPIError, match="never changed or deleted"):
                db.session.execute(text(statement))
            db.session.rollback()
        assert db.session.get(type(entry), entry.id).summary == "সভা"
