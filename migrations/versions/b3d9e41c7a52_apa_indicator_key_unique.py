"""(fiscal year, office, code) of an APA indicator is unique

Revision ID: b3d9e41c7a52
Revises: 713ee167d82d
Create Date: 2026-12-01 21:00:00

Until now the default indicators were installed by the first GET that found none, with
nothing in the database to stop two requests from both installing them: concurrent GETs left
the defaults several times over (weight 60 instead of 12). The upgrade first removes those
duplicates, keeping the lowest id of each (fiscal year, level, code) — nothing refers to an
indicator, so nothing has to be re-pointed — and an office's rows that are exact copies of
another row of the same key; two different rows of one office with one code are not
guessed at: the upgrade stops and names them. Then one partial unique index per kind of row
(default, district office, upazila office; see committee/models/apa.py) makes
(fiscal year, level, office, code) unique. The downgrade drops the indexes (the removed
duplicates are not restored).
"""
import sqlalchemy as sa
from alembic import op

revision = 'b3d9e41c7a52'
down_revision = '713ee167d82d'
branch_labels = None
depends_on = None

INDEXES = (
    ("uq_indicators_default_code", ["fiscal_year", "level", "code"],
     "district_id IS NULL"),
    ("uq_indicators_district_code", ["fiscal_year", "level", "district_id", "code"],
     "district_id IS NOT NULL AND upazila_id IS NULL"),
    ("uq_indicators_upazila_code", ["fiscal_year", "level", "upazila_id", "code"],
     "upazila_id IS NOT NULL"),
)

indicators = sa.table(
    "indicators", sa.column("id", sa.Integer), sa.column("fiscal_year", sa.String),
    sa.column("level", sa.String), sa.column("district_id", sa.Integer),
    sa.column("upazila_id", sa.Integer), sa.column("position", sa.Integer),
    sa.column("code", sa.String), sa.column("title", sa.String),
    sa.column("method", sa.String), sa.column("unit", sa.String),
    sa.column("weight", sa.Float), sa.column("targets", sa.JSON),
    sa.column("quarter_targets", sa.JSON), sa.column("evidence", sa.Text),
    sa.column("source", sa.String), sa.column("committee_kind", sa.String),
    sa.column("scope", sa.String),
)
KEY = ("fiscal_year", "level", "district_id", "upazila_id", "code")


def _remove_duplicates(bind) -> None:
    """Delete the duplicates of each key, keeping the lowest id (in Python: PostgreSQL's
    json type has no equality operator to compare the target columns in SQL)."""
    groups: dict[tuple, list] = {}
    for row in bind.execute(sa.select(indicators).order_by(indicators.c.id)).mappings():
        office = (row["district_id"], row["upazila_id"]) if row["district_id"] is not None \
            else (None, None)
        key = (row["fiscal_year"], row["level"], *office, row["code"])
        groups.setdefault(key, []).append(dict(row))
    doomed, conflicts = [], []
    for key, rows in groups.items():
        keep, *others = rows
        if key[2] is None:  # defaults: the leftovers of concurrent installs
            doomed += [r["id"] for r in others]
            continue
        same = [r["id"] for r in others
                if {k: v for k, v in r.items() if k != "id"}
                == {k: v for k, v in keep.items() if k != "id"}]
        doomed += same
        if len(same) < len(others):
            conflicts.append(f"fiscal year {key[0]}, level {key[1]}, district id {key[2]}, "
                             f"upazila id {key[3]}, code {key[4]}: indicator ids "
                             f"{', '.join(str(r['id']) for r in rows)}")
    if conflicts:
        raise RuntimeError(
            "an office has two different indicators with the same code in one fiscal year; "
            "change the code of one of them (APA > সূচক) and run `flask db upgrade` again:\n  "
            + "\n  ".join(conflicts))
    for start in range(0, len(doomed), 500):
        bind.execute(sa.delete(indicators).where(indicators.c.id.in_(doomed[start:start + 500])))


def upgrade():
    _remove_duplicates(op.get_bind())
    for name, columns, where in INDEXES:
        op.create_index(name, 'indicators', columns, unique=True,
                        sqlite_where=sa.text(where), postgresql_where=sa.text(where))


def downgrade():
    for name, _, _ in reversed(INDEXES):
        op.drop_index(name, table_name='indicators')
