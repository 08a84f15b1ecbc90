"""Times the import of a 100-file batch of Word minutes and reports the share of fields
read from each test document.

    .venv/bin/python scripts/bench_wordimport.py [--files 100] [--database-url URL]

The documents are the test suite's (tests/wordimport_docs.py): the Magura minutes laid out
as the seed shows them, one a month, each with its own date and memo serial, zipped as an
officer would upload a committee's folder. The import runs as `flask minutes import-docx
ZIP --yes` does, on a fresh database (SQLite in a temporary folder unless --database-url).
"""
from __future__ import annotations

import argparse
import datetime
import io
import os
import sys
import tempfile
import time
import tracemalloc
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from committee import create_app  # noqa: E402
from committee.bangla import format_date_numeric  # noqa: E402
from committee.extensions import db  # noqa: E402
from committee.wordimport.service import read_file  # noqa: E402
from tests.wordimport_docs import (  # noqa: E402
    bijoy_docx,
    magura_docx,
    minutes_docx,
    with_merged_responsible,
)


def month_docx(n: int) -> bytes:
    held = datetime.date(2017, 1, 10) + datetime.timedelta(days=30 * n)
    memo = held + datetime.timedelta(days=10)
    labelled = ["সভাপতি ড. আশরাফুল আলম", "জেলা প্রশাসক",
                f"সভার তারিখ {format_date_numeric(held)} খ্রিঃ", "সভার সময় সকাল ১১:০০ টা",
                "স্থান সম্মেলন কক্ষ"]
    return minutes_docx(labelled=labelled,
                        memo_line=f"স্মারক নম্বর: ৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.{n + 1}",
                        date_lines=(f"তারিখ: {format_date_numeric(memo)}",))


VARIANTS = {
    "magura (seed layout)": magura_docx,
    "table split, header repeated": lambda: minutes_docx(split_at=6),
    "table split, no header": lambda: minutes_docx(split_at=6, repeat_header=False),
    "merged offices cells": lambda: with_merged_responsible(magura_docx(), 10, 11),
    "distribution as a table": lambda: minutes_docx(distribution_table=True),
    "number column": lambda: minutes_docx(number_column=True, rows=[
        ["৫", "আউটসোর্সিং: প্রশিক্ষণ চলছে।", "৫.১ সমন্বয় করতে হবে।", "প্রোগ্রামার, মাগুরা"]]),
    "memo 'নং-', serial after '-'": lambda: minutes_docx(
        memo_line="নং-৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০-৯"),
    "Bangla-calendar memo date only": lambda: minutes_docx(date_lines=("তারিখ: ২৪ চৈত্র ১৪২৮",)),
    "draft (no memo number)": lambda: minutes_docx(memo_line=None),
    "Bijoy (SutonnyMJ)": bijoy_docx,
    "no title separator": lambda: minutes_docx(rows=[[
        "৩. ই-নথি নিয়ে দীর্ঘ আলোচনা হয় এবং সকল দপ্তরে চালুর কথা বলা হয়।",
        "৩.১ চালু করতে হবে।", "প্রোগ্রামার, মাগুরা"]]),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-wordimport-")
    url = args.database_url or f"sqlite:///{tmp}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        print("share of fields read, per test document:")
        for name, make in VARIANTS.items():
            answer = read_file(make(), name).as_json()
            share = answer["recognised"] / answer["expected"] if answer["expected"] else 0
            print(f"  {name:34} {answer['recognised']:3}/{answer['expected']:3} "
                  f"= {share:6.1%}  problems: {len(answer['problems'])}")
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for n in range(args.files):
                z.writestr(f"minutes-{n + 1:03}.docx", month_docx(n))
        data = archive.getvalue()
        path = os.path.join(tmp, "batch.zip")
        with open(path, "wb") as fh:
            fh.write(data)
    runner = app.test_cli_runner()
    tracemalloc.start()
    started = time.perf_counter()
    result = runner.invoke(args=["minutes", "import-docx", path, "--yes"])
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    lines = result.output.strip().splitlines()
    summary = next((line for line in lines if line.startswith("আমদানি:")), "")
    print(f"batch of {args.files} files ({len(data) / 1024:.0f} KiB zip) on "
          f"{url.split(':', 1)[0]}: {elapsed:.1f} s in all, "
          f"{elapsed / args.files * 1000:.0f} ms a file; peak Python memory "
          f"{peak / 1024 / 1024:.0f} MiB; exit {result.exit_code}")
    print(summary)
    if result.exit_code:
        print("\n".join(lines[-10:]))


if __name__ == "__main__":
    main()
