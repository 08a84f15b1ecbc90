"""Query plans that must not depend on the size of the country's data, on SQLite.

SQLite keeps no statistics, so a condition on an indexed low-cardinality column (an
assignment's status) can make it read every open assignment in the country before it
looks at the committee: on the national dataset (docs/performance.md) that made the
overdue list 1,163 ms instead of 10 ms. And a word searched anywhere in a text is found
through the FTS5 trigram tables (committee/models/search_index.py), kept in step with
every insert, update and delete by triggers.
"""
from __future__ import annotations

import copy
from datetime import date

import pytest
from sqlalchemy import event, select

from committee.apa.defaults import DEFAULT_YEAR, install_defaults
from committee.apa.service import compute
from committee.extensions import db
from committee.followup.overdue import overdue_assignments
from committee.followup.service import text_match
from committee.models import Committee, Decision, Item, Meeting
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



def test_the_apa_report_starts_from_the_districts_committees(sqlite_app, magura_doc):
    """Every statement of a district's APA report reads the meetings of the district's
    committees, never every counted meeting of the country through ix_meetings_status
    (the decision rate of a district's year: 28 ms that way on the national dataset, 3 ms
    from the committees down)."""
    doc = copy.deepcopy(magura_doc)  # an ethics committee: the decision-rate indicator
    doc["committee"].update(kind="ethics", name="নৈতিকতা কমিটি, মাগুরা")
    doc["meeting"]["held_on"] = doc["issue"]["memo_date"] = "2024-08-10"
    import_magura(sqlite_app, doc)
    seen: list[tuple[str, tuple]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "meetings" in statement:
            seen.append((statement, parameters))

    with sqlite_app.app_context():
        install_defaults(DEFAULT_YEAR)
        meeting = db.session.scalar(select(Meeting))
        event.listen(db.engine, "before_cursor_execute", keep)
        try:
            results = compute(2024, meeting.committee.district_id)
        finally:
            event.remove(db.engine, "before_cursor_execute", keep)
        assert any(r.indicator.source == "decision_rate" for r in results)
        explain = db.session.connection().exec_driver_sql
        plans = ["\n".join(row[3] for row in explain("EXPLAIN QUERY PLAN " + sql, params))
                 for sql, params in seen]
    assert len(plans) >= 3, plans  # meetings, their count, the decision rate
    for plan in plans:
        assert "ix_meetings_status" not in plan, plan
        assert "SCAN meetings" not in plan, plan


def test_a_searched_word_is_looked_up_in_the_trigram_index(sqlite_app):
    with sqlite_app.app_context():
        decisions = _plan(select(Decision.id).where(text_match(
            "ইন্টারনেট সংযোগ", Decision.text, indexed=True)))
        items = _plan(select(Item.id).where(text_match(
            "ইন্টারনেট", Item.title, Item.discussion, indexed=True)))
        short = _plan(select(Decision.id).where(text_match("ই-", Decision.text,
                                                           indexed=True)))
        tracker = _plan(select(Decision.id).where(text_match("ইন্টারনেট", Decision.text)))
    assert decisions.count("decisions_fts VIRTUAL TABLE INDEX") == 2, decisions
    assert items.count("items_fts VIRTUAL TABLE INDEX") == 2, items
    assert "fts" not in short  # under three characters: the trigram index cannot answer
    assert "fts" not in tracker  # a committee's tracker reads its own rows


def _found(word: str) -> list[str]:
    return list(db.session.scalars(select(Decision.text).where(
        text_match(word, Decision.text, indexed=True)).order_by(Decision.id)))


def test_the_index_follows_edits_and_deletions(sqlite_app, magura_doc):
    """Found after an import, found by its new words after an edit and not by its old ones,
    gone once deleted; the index holds exactly the rows of its table."""
    import_magura(sqlite_app, magura_doc)
    with sqlite_app.app_context():
        decision = db.session.scalar(select(Decision).order_by(Decision.id))
        old = decision.text
        word = next(w for w in old.split() if len(w) >= 3)
        assert old in _found(word)
        decision.text = "ড্রোনসেবা চালুর উদ্যোগ নিতে হবে।"
        db.session.commit()
        assert _found("ড্রোনসেবা") == ["ড্রোনসেবা চালুর উদ্যোগ নিতে হবে।"]
        assert old not in _found(word)
        item = db.session.get(Item, decision.item_id)
        db.session.delete(item)
        db.session.commit()
        assert _found("ড্রোনসেবা") == []
        for table, fts in (("decisions", "decisions_fts"), ("items", "items_fts")):
            count = db.session.connection().exec_driver_sql
            rows = count(f"SELECT count(*) FROM {table}").scalar()
            assert count(f"SELECT count(*) FROM {fts}").scalar() == rows
            # 'integrity-check' compares the index with the table's text (raises if not)
            count(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")


def test_a_frequent_word_is_read_from_the_rows_instead(sqlite_app, magura_doc, monkeypatch):
    """A word the index finds in FTS_FREQUENT rows or more is matched by reading the rows
    the rest of the query selects (the ids of half the country would be slower); the
    answer is the same either way."""
    from committee.followup import service

    import_magura(sqlite_app, magura_doc)
    with sqlite_app.app_context():
        word = "উদ্যোগ"
        rare = _found(word)
        assert len(rare) >= 2
        monkeypatch.setattr(service, "FTS_FREQUENT", 2)
        plan = _plan(select(Decision.id).where(text_match(word, Decision.text,
                                                          indexed=True)))
        assert "fts" not in plan, plan
        assert _found(word) == rare


@pytest.mark.parametrize("indexed", [False, True])
def test_words_with_case_still_match_any_case_and_bangla_uses_like(app, magura_doc,
                                                                   indexed):
    """A Bangla word has no case, so it is matched with LIKE (no folding of every row); a
    word with letters that have case keeps ILIKE: "wifi" finds "WiFi" on both databases."""
    import_magura(app, magura_doc)
    with app.app_context():
        decision = db.session.scalar(select(Decision).order_by(Decision.id))
        decision.text = "সকল অফিসে WiFi সংযোগ দিতে হবে।"
        db.session.commit()
        found = list(db.session.scalars(select(Decision.text).where(
            text_match("wifi সংযোগ", Decision.text, indexed=indexed))))
        bangla = str(text_match("সংযোগ", Decision.text).compile(db.engine))
        latin = str(text_match("wifi", Decision.text).compile(db.engine))
    assert found == ["সকল অফিসে WiFi সংযোগ দিতে হবে।"]
    assert "lower(" not in bangla and "ILIKE" not in bangla, bangla
    assert "lower(" in latin or "ILIKE" in latin, latin
