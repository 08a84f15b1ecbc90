"""SQLite's full-text index for the search: FTS5 tables with the trigram tokenizer.

The search finds every word anywhere in a decision's text and an item's title or
discussion (LIKE '%word%', committee/followup/service.py: text_match). No B-tree index
serves that; on the national dataset an administrator's search read all 970,920 decisions
(2 s). An FTS5 table with `tokenize='trigram'` answers LIKE '%word%' from its index for
words of three characters or more. The tables hold no copy of the text (external content:
decisions, items); triggers keep them in step with every insert, update and delete.

PostgreSQL uses pg_trgm GIN indexes instead (migration a9c2e4f6b803). The DDL below is
run for SQLite databases made by `db.create_all()` (the tests, the first setup) through
metadata events, and by migration b4d6f8a0c215 for databases made by migrations; both
say the same.
"""
from __future__ import annotations

from sqlalchemy import column, event, table

from ..extensions import db

# (table, its FTS5 table, the text columns indexed)
INDEXED = (("decisions", "decisions_fts", ("text",)),
           ("items", "items_fts", ("title", "discussion")))

# The FTS5 tables as selectable constructs (rowid = the row's id).
decisions_fts = table("decisions_fts", column("rowid"), column("text"))
items_fts = table("items_fts", column("rowid"), column("title"), column("discussion"))


def create_statements() -> list[str]:
    """The DDL of the FTS5 tables and their triggers, filled from existing rows."""
    out = []
    for source, fts, columns in INDEXED:
        names = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        out += [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, "
            f"content='{source}', content_rowid='id', tokenize='trigram')",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {source} BEGIN "
            f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {source} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {names} ON {source} "
            f"BEGIN INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
            f" INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ]
    return out


def drop_statements() -> list[str]:
    out = []
    for _, fts, _ in INDEXED:
        out += [f"DROP TRIGGER IF EXISTS {fts}_{t}" for t in ("ai", "ad", "au")]
        out.append(f"DROP TABLE IF EXISTS {fts}")
    return out


@event.listens_for(db.metadata, "after_create")
def _create(target, connection, **kw) -> None:
    if connection.dialect.name == "sqlite":
        for statement in create_statements():
            connection.exec_driver_sql(statement)


@event.listens_for(db.metadata, "before_drop")
def _drop(target, connection, **kw) -> None:
    if connection.dialect.name == "sqlite":
        for statement in drop_statements():
            connection.exec_driver_sql(statement)
