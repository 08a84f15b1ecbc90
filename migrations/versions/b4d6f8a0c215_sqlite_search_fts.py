"""full-text (trigram) index for the search on SQLite

Revision ID: b4d6f8a0c215
Revises: a9c2e4f6b803
Create Date: 2026-12-02 07:05:00

SQLite's counterpart of a9c2e4f6b803 (pg_trgm on PostgreSQL): FTS5 tables with the
trigram tokenizer over decisions.text and items.title/discussion, external content (no
copy of the text), kept in step by triggers and filled from the rows already there. The
same DDL as committee/models/search_index.py, which makes them for db.create_all().
PostgreSQL: nothing to do.
"""
from alembic import op

revision = 'b4d6f8a0c215'
down_revision = 'a9c2e4f6b803'
branch_labels = None
depends_on = None

INDEXED = (("decisions", "decisions_fts", ("text",)),
           ("items", "items_fts", ("title", "discussion")))


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for source, fts, columns in INDEXED:
        names = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        for statement in (
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, "
                f"content='{source}', content_rowid='id', tokenize='trigram')",
                f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {source} BEGIN "
                f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
                f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {source} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
                " END",
                f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {names} ON {source} "
                f"BEGIN INSERT INTO {fts}({fts}, rowid, {names}) "
                f"VALUES ('delete', old.id, {old}); "
                f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
                f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"):
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for _, fts, _ in INDEXED:
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")
