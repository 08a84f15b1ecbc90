"""Times the tracker, the office dashboard and the APA report on a committee with
5 years of monthly meetings (60 × the Magura minutes: 13 items, 29 decisions each).

Usage: .venv/bin/python scripts/bench_followup.py [DATABASE_URL]
(default: a fresh SQLite file). Prints median/p95 over 20 requests and the SQL count.
"""
from __future__ import annotations

import copy
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from committee import create_app  # noqa: E402
from committee.extensions import db  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "magura-2022-03-14.json"


def seed(app) -> None:
    from committee.imports import import_document
    from committee.users.service import create_user

    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    with app.app_context():
        create_user("sec", "benchmark-password", "secretary", district="মাগুরা")
        create_user("deo", "benchmark-password", "office", district="মাগুরা",
                    office="জেলা শিক্ষা অফিসার")
        for n in range(60):
            year, month = 2020 + (6 + n) // 12, (6 + n) % 12 + 1
            d = copy.deepcopy(doc)
            d["meeting"]["held_on"] = date(year, month, 14).isoformat()
            d["issue"]["memo_serial"] = n + 1
            d["issue"]["memo_date"] = date(year, month, 20).isoformat()
            import_document(d)
        # Half of the assignments implemented, a tenth dropped: realistic filters.
        db.session.execute(text("UPDATE assignments SET status = 'implemented' "
                                "WHERE id % 2 = 0"))
        db.session.execute(text("UPDATE assignments SET status = 'dropped' WHERE id % 10 = 1"))
        db.session.commit()


def measure(app, client, url: str, runs: int = 20) -> tuple[float, float, int]:
    statements: list[str] = []

    def listener(*args):
        statements.append(args[2])

    client.get(url)  # warm up
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", listener)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", listener)
    times.sort()
    return statistics.median(times), times[int(0.95 * (runs - 1))], len(statements) // runs


def login(client, username: str) -> None:
    client.post("/login", data={"username": username, "password": "benchmark-password"})


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else \
        f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "TESTING": True})
    with app.app_context():
        db.drop_all()
        db.create_all()
    started = time.perf_counter()
    seed(app)
    print(f"seeded 60 meetings in {time.perf_counter() - started:.1f} s on "
          f"{url.split(':')[0]}")
    with app.app_context():
        counts = {t: db.session.scalar(text(f"SELECT count(*) FROM {t}"))
                  for t in ("meetings", "decisions", "assignments")}
    print("rows:", counts)
    client = app.test_client()
    login(client, "sec")
    pages = [("tracker, page 1", "/committees/1/tracker"),
             ("tracker, office + status filter",
              "/committees/1/tracker?office_id=5&status=pending"),
             ("tracker, text search", "/committees/1/tracker?q=ই-নথি"),
             ("APA report 2024-25", "/apa/2024-25")]
    print(f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, path in pages:
        print(f"{name:34} {{:10.1f}} {{:8.1f}} {{:8d}}".format(*measure(app, client, path)))
    office = app.test_client()
    login(office, "deo")
    print(f"{'office dashboard':34} {{:10.1f}} {{:8.1f}} {{:8d}}".format(
        *measure(app, office, "/followup/")))


if __name__ == "__main__":
    main()
