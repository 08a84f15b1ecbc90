"""`flask bench storage`: what the frozen minutes letters cost in the database.

Issued minutes keep their DOCX bytes and the JSON context they were rendered from
(committee.documents.letters). This measures both over the letters frozen so far (their
length in bytes, and on PostgreSQL also the stored size after TOAST compression) and
extrapolates the mean to every issued minutes letter of the database.
"""
from __future__ import annotations

import statistics

from sqlalchemy import cast, func, select, type_coerce
from sqlalchemy.types import LargeBinary, Text

from ..extensions import db
from ..models import Letter, Meeting


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB" if n < 1e9 else f"{n / 1e9:,.2f} GB"


def storage(limit: int | None = None) -> str:
    """A Markdown summary: counts, size per frozen minutes letter, extrapolation."""
    postgres = db.session.get_bind().dialect.name == "postgresql"
    issued = db.session.scalar(select(func.count()).select_from(Meeting)
                               .where(Meeting.minutes_letter_id.is_not(None)))
    minutes = (select(Letter.id).join(Meeting, Meeting.minutes_letter_id == Letter.id)
               .where(Letter.sha256.is_not(None)))
    if postgres:
        columns = [func.octet_length(Letter.docx),
                   func.octet_length(cast(Letter.content, Text)),
                   func.pg_column_size(Letter.docx), func.pg_column_size(Letter.content)]
    else:
        columns = [func.length(Letter.docx),
                   func.length(cast(type_coerce(Letter.content, Text), LargeBinary))]
    stmt = select(*columns).where(Letter.id.in_(minutes)).order_by(Letter.id)
    rows = db.session.execute(stmt.limit(limit) if limit else stmt).all()
    lines = [f"issued minutes: {issued:,}; frozen (downloaded at least once): {len(rows):,}"]
    if not rows:
        return "\n".join(lines + ["no frozen minutes yet: download some first "
                                  "(`flask bench run --first 300`)"])
    labels = ["DOCX bytes", "content JSON bytes"]
    if postgres:
        labels += ["DOCX stored (pg_column_size)", "content stored (pg_column_size)"]
    lines += ["", "| per frozen minutes letter | mean | median | p95 | max | × all issued |",
              "|---|---:|---:|---:|---:|---:|"]
    totals = []
    for i, label in enumerate(labels):
        values = sorted(r[i] or 0 for r in rows)
        mean = statistics.fmean(values)
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        lines.append(f"| {label} | {mean:,.0f} | {statistics.median(values):,.0f} | {p95:,} | "
                     f"{values[-1]:,} | {_mb(mean * issued)} |")
        totals.append(mean)
    lines += ["", f"DOCX + content, mean {totals[0] + totals[1]:,.0f} bytes per letter: "
              f"{_mb((totals[0] + totals[1]) * issued)} for the {issued:,} issued minutes"]
    if postgres:
        lines.append(f"as stored (compressed where PostgreSQL could): "
                     f"{totals[2] + totals[3]:,.0f} bytes per letter, "
                     f"{_mb((totals[2] + totals[3]) * issued)} in all")
    return "\n".join(lines)
