"""Time the DOCX rendering of the Magura minutes: median of 30 renders (not a unit test).

    .venv/bin/python scripts/time_documents.py [--runs 30]

Imports the example into a throw-away SQLite database, then renders minutes.docx and
notice.docx N times each and prints the median, minimum and maximum in milliseconds.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "tests" / "data" / "magura-2022-03-14.json"


def _time(render, meeting, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        render(meeting)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    from committee import create_app
    from committee.documents.render import render_minutes, render_notice
    from committee.extensions import db
    from committee.imports import import_document

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--example", type=Path, default=EXAMPLE)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="docbench-")
    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db"})
    with app.app_context():
        db.create_all()
        meeting = import_document(json.loads(args.example.read_text(encoding="utf-8")))
        render_minutes(meeting)  # warm-up: template read, lazy loads
        for name, render in (("minutes.docx", render_minutes), ("notice.docx", render_notice)):
            t = _time(render, meeting, args.runs)
            print(f"{name:13} median {statistics.median(t):7.1f} ms   min {min(t):7.1f}   "
                  f"max {max(t):7.1f}   ({args.runs} renders)")


if __name__ == "__main__":
    main()
