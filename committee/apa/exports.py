"""The APA report as XLSX, in the row layout APAMS expects."""
from __future__ import annotations

import io
from datetime import date

from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..bangla import format_date_numeric, to_bangla_digits
from ..vocab import IndicatorMethod

HEADER = ["কার্যক্রম/সূচক", "সূচক", "গণনা পদ্ধতি", "একক", "মান",
          "অসাধারণ", "অতি উত্তম", "উত্তম", "চলতি মান", "চলতি মানের নিম্নে",
          "১ম ত্রৈমাসিক", "২য় ত্রৈমাসিক", "৩য় ত্রৈমাসিক", "৪র্থ ত্রৈমাসিক",
          "বার্ষিক অর্জন", "প্রাপ্ত নম্বর", "প্রমাণক"]


def _evidence(r) -> str:
    parts = [f"{format_date_numeric(date.fromisoformat(e['held_on']))} "
             f"({e['memo_number'] or 'স্মারক নেই'})" for e in r.evidence]
    return "; ".join(parts) or r.indicator.evidence


def report_xlsx(fy: str, district, upazila, results) -> Response:
    """One row per indicator: target columns, quarterly and annual achievement, evidence."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"APA {fy}"
    office = f"{upazila.name}, {district.name}" if upazila else district.name
    ws.append([f"বার্ষিক কর্মসম্পাদন চুক্তি {to_bangla_digits(fy)} · {office}"])
    ws["A1"].font = Font(bold=True)
    ws.append(HEADER)
    for r in results:
        ind = r.indicator
        targets = list(ind.targets or []) + [None] * (5 - len(ind.targets or []))
        ws.append([ind.code, ind.title, IndicatorMethod.label_of(ind.method), ind.unit,
                   ind.weight, *targets[:5], *r.quarters, r.achievement, r.score,
                   _evidence(r)])
    for col, width in zip("ABCDEFGHIJKLMNOPQ", (10, 40, 10, 8, 6, 8, 8, 8, 8, 8, 9, 9, 9, 9,
                                                 10, 10, 60), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    name = f"apa-{fy}-{district.name_en or district.id}.xlsx"
    return Response(buf.getvalue(), mimetype="application/vnd.openxmlformats-officedocument"
                    ".spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={name}"})
