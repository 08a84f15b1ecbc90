"""Query plans that must not depend on the size of the country's data.

SQLite keeps no statistics, so a condition on an indexed low-cardinality column (an
assignment's status) can make it read every open assignment in the country before it
looks at the committee. On the national dataset (docs/performance.md) that made the
overdue list 1,163 ms instead of 10 ms.
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from committee.extensions import db
from committee.followup.overdue import overdue_assignments
from committee.models import Committee
from tests.conftest import import_magura


def _plan(stmt) -> str:
    sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
    return "\n".join(row[3] for row in db.session.connection().exec_driver_sql(
        "EXPLAIN QUERY PLAN " + sql))


@pytest.fixture
def sqlite_app(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's planner (PostgreSQL has statistics)")
    return app


def test_the_overdue_list_starts_from_the_committees_meetings(sqlite_app, magura_doc):
    import_magura(sqlite_app, magura_doc)
    with sqlite_app.app_context():
        committee = db.session.scalar(select(Committee))
        plan = _plan(overdue_assignments(committee, date(2022, 6, 1)))
    assert "ix_assignments_status" not in plan, plan
    assert plan.splitlines()[0].startswith("SEARCH meetings USING INDEX"), plan

