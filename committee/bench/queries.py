"""Opt-in SQL statement counting per request (BENCH_COUNT_QUERIES=1).

Every response then carries `X-Query-Count`: the statements the request ran, counted by
a `before_cursor_execute` listener, so `flask bench run` can report them over HTTP.
"""
from __future__ import annotations

from flask import Flask, g, has_app_context
from sqlalchemy import event

from ..extensions import db

HEADER = "X-Query-Count"


def _count(conn, cursor, statement, parameters, context, executemany) -> None:
    if has_app_context():
        g.bench_queries = g.get("bench_queries", 0) + 1


def install_query_counter(app: Flask) -> None:
    """Count the statements of each request and report them in a response header."""
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", _count)

    @app.before_request
    def _start() -> None:
        g.bench_queries = 0

    @app.after_request
    def _report(response):
        response.headers[HEADER] = str(g.get("bench_queries", 0))
        return response
