"""trigram indexes for the search on PostgreSQL

Revision ID: a9c2e4f6b803
Revises: d7f1a3c5e927
Create Date: 2026-12-02 07:10:00

The search finds every word anywhere in a decision's text and an item's title or
discussion (ILIKE '%word%', committee/followup/service.py: text_match). No B-tree index
serves that; on a national dataset an administrator's search read every decision (3.9 s).
PostgreSQL's pg_trgm GIN indexes serve ILIKE '%word%' for words of three characters or
more. pg_trgm ships with PostgreSQL and is a trusted extension (any owner of the database
may create it); where it cannot be created, the upgrade says so and goes on without the
indexes: the search gives the same answers, only slower. SQLite: nothing to do.

The indexes are not declared on the models (SQLite would get a useless B-tree); Alembic's
comparison skips them (committee.extensions.DATABASE_ONLY_INDEXES).
"""
import sys

from alembic import op
from sqlalchemy.exc import DBAPIError


revision = 'a9c2e4f6b803'
down_revision = 'd7f1a3c5e927'
branch_labels = None
depends_on = None

INDEXES = (("ix_decisions_text_trgm", "decisions", "text"),
           ("ix_items_title_trgm", "items", "title"),
           ("ix_items_discussion_trgm", "items", "discussion"))


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    savepoint = bind.begin_nested()
    try:
        bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError as exc:
        savepoint.rollback()
        print("warning: the pg_trgm extension could not be created "
              f"({exc.orig}); the search works without its indexes, only slower. "
              "A superuser may run CREATE EXTENSION pg_trgm and then "
              "`flask db downgrade d7f1a3c5e927 && flask db upgrade`.", file=sys.stderr)
        return
    savepoint.commit()
    for name, table, column in INDEXES:
        op.execute(f'CREATE INDEX IF NOT EXISTS {name} ON {table} '
                   f'USING gin ("{column}" gin_trgm_ops)')


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, _, _ in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
