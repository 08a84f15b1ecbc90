"""Tracker exports: XLSX (openpyxl) and CSV, one row per decision × party; every text
goes through committee.spreadsheet (no formula, no illegal character)."""
from __future__ import annotations

import csv
import io

from flask import Response
from openpyxl import Workbook

from ..spreadsheet import append_row, csv_cell
from .service import STATUS_LABELS

HEADER = ["সভার তারিখ", "সিদ্ধান্ত নম্বর", "সিদ্ধান্ত", "বাস্তবায়নে", "অবস্থা",
          "অবস্থার তারিখ", "মন্তব্য", "নির্ধারিত তারিখ"]


def _row(a) -> list:
    d = a.decision
    return [d.meeting.held_on.isoformat(), f"{d.item.position}.{d.position}", d.text, a.party,
            STATUS_LABELS[a.status], a.status_on.isoformat() if a.status_on else "",
            a.status_note, d.due_on.isoformat() if d.due_on else ""]


def _filename(committee, ext: str) -> str:
    return f"tracker-{committee.id}.{ext}"


def tracker_xlsx(committee, rows) -> Response:
    wb = Workbook()
    ws = wb.active
    ws.title = "সিদ্ধান্ত"
    ws.append(HEADER)
    for a in rows:
        append_row(ws, _row(a))
    for column, width in zip("ABCDEFGH", (12, 10, 70, 40, 14, 12, 40, 12), strict=True):
        ws.column_dimensions[column].width = width
    buf = io.BytesIO()
    wb.save(buf)
    disposition = f"attachment; filename={_filename(committee, 'xlsx')}"
    return Response(buf.getvalue(), mimetype="application/vnd.openxmlformats-officedocument"
                    ".spreadsheetml.sheet", headers={"Content-Disposition": disposition})


def tracker_csv(committee, rows) -> Response:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    for a in rows:
        writer.writerow([csv_cell(v) for v in _row(a)])
    # A BOM so Excel opens the Bangla text as UTF-8.
    return Response("\ufeff" + buf.getvalue(), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f"attachment; filename={_filename(committee, 'csv')}"})


