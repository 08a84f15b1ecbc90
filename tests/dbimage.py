"""The test database's rows: emptied before each test, and images of a built dataset
written back instead of building it again (tests/conftest.py re-exports both)."""
from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    MetaData,
    Table,
    Text,
    TypeDecorator,
    cast,
    select,
    text,
)

from committee.extensions import db


def _empty_tables(app) -> None:
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))
        if db.engine.dialect.name == "postgresql":
            # DELETE, then every sequence back to 1: as TRUNCATE … RESTART IDENTITY, but
            # ~4 ms instead of ~300 ms a test (TRUNCATE swaps every table's files). The
            # lock waits, as TRUNCATE did, for a transaction still writing (a request of
            # the last test finishing in a thread), whose rows are then deleted too. The
            # replica role skips foreign keys (letters <-> meetings) and the audit log's
            # refusal of DELETE, for this transaction only.
            names = ", ".join(f'"{t.name}"' for t in tables)
            with db.engine.begin() as conn:
                conn.execute(text(
                    f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE; "
                    "SET LOCAL session_replication_role = replica; "
                    + " ".join(f'DELETE FROM "{t.name}";' for t in tables)
                    + " SELECT setval(c.oid, 1, false) FROM pg_class c"
                      " JOIN pg_namespace n ON n.oid = c.relnamespace"
                      " WHERE c.relkind = 'S' AND n.nspname = current_schema()"))
        else:
            with db.engine.begin() as conn:
                # Checked at commit, when every table is empty (letters <-> meetings cycle).
                conn.execute(text("PRAGMA defer_foreign_keys=ON"))
                for table in tables:
                    conn.execute(text(f'DELETE FROM "{table.name}"'))


class _JsonTextOnPostgres(TypeDecorator):
    """JSON's text, written into a json column (PostgreSQL wants the cast)."""
    impl = Text
    cache_ok = True

    def bind_expression(self, bindvalue):
        return cast(bindvalue, JSON)


_JSON_TEXT = Text().with_variant(_JsonTextOnPostgres(), "postgresql")


class DatabaseImage:
    """Every row of every table, taken once a costly dataset is built, and written back
    in one statement a table instead of building it again: a module that rebuilds its
    dataset after each test that changed it (tests/authz_matrix.py) restores it in a few
    milliseconds. The ids are the ones taken, and the sequences continue after them."""

    def __init__(self, app):
        # JSON columns travel as their text: a JSON null ('null') and an SQL NULL both
        # read as None, and None would be written back as 'null'.
        raw = MetaData()
        self.tables = [Table(table.name, raw, *(
            Column(c.name, _JSON_TEXT if isinstance(c.type, JSON) else c.type)
            for c in table.c)) for table in db.metadata.sorted_tables]
        with app.app_context():
            db.session.remove()
            with db.engine.connect() as conn:
                self.rows = {table.name: [dict(row) for row in conn.execute(select(*(
                    cast(c, Text).label(c.name) if isinstance(c.type, JSON) else c
                    for c in table.c))).mappings()]
                    for table in db.metadata.sorted_tables}

    def restore(self, app, *, empty: bool = True) -> None:
        if empty:
            _empty_tables(app)
        with app.app_context(), db.engine.begin() as conn:
            postgres = db.engine.dialect.name == "postgresql"
            # As in _empty_tables: foreign keys are checked (SQLite) or skipped
            # (PostgreSQL) so that the letters <-> meetings cycle loads in any order.
            conn.execute(text("SET LOCAL session_replication_role = replica" if postgres
                              else "PRAGMA defer_foreign_keys=ON"))
            for table in self.tables:
                if self.rows[table.name]:
                    conn.execute(table.insert(), self.rows[table.name])
            if postgres:
                for table in self.tables:
                    if "id" in table.c and self.rows[table.name]:
                        conn.execute(text(
                            f'SELECT setval(seq, (SELECT max(id) FROM "{table.name}"))'
                            f" FROM pg_get_serial_sequence('\"{table.name}\"', 'id') AS seq"
                            " WHERE seq IS NOT NULL"))
