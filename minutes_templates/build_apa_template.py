"""The APA quarterly progress report template (apa_progress.docx); run build_templates.py."""
from __future__ import annotations

from pathlib import Path

from build_templates import BOLD, new_document, par, repeat_header, table
from docx.enum.section import WD_ORIENT
from docx.shared import Cm

COLUMNS = ("কোড", "সূচক", "একক", "মান", "লক্ষ্যমাত্রা (১০০%)", "১ম", "২য়", "৩য়", "৪র্থ",
           "অর্জন", "প্রাপ্ত নম্বর", "প্রমাণক")
KEYS = ("code", "title", "unit", "weight", "target", "q1", "q2", "q3", "q4", "achievement",
        "score", "evidence")
WIDTHS = (1.8, 5.2, 1.4, 1.1, 1.9, 1.1, 1.1, 1.1, 1.1, 1.4, 1.6, 6.0)


def build_apa_progress(path: Path) -> None:
    doc = new_document()
    section = doc.sections[0]  # landscape: twelve columns
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.5)
    par(doc, "{%p for header_line in header_lines %}", "Office Header")
    par(doc, "{{ header_line }}", "Office Header")
    par(doc, "{%p endfor %}", "Office Header")
    par(doc, "{{ title }}", "Document Title")
    par(doc, [("কার্যালয়: ", BOLD), "{{ office }}"], "Body Justified")
    par(doc, [("সময়কাল: ", BOLD), "{{ period }}"], "Body Justified")
    t = table(doc, WIDTHS, rows=4, borders=True)
    for cell, text in zip(t.rows[0].cells, COLUMNS, strict=True):
        par(cell, text, "Table Heading")
    repeat_header(t.rows[0])
    par(t.rows[1].cells[0], "{%tr for r in rows %}", "Table Text")
    for cell, key in zip(t.rows[2].cells, KEYS, strict=True):
        par(cell, f"{{{{ r.{key} }}}}", "Table Text")
    par(t.rows[3].cells[0], "{%tr endfor %}", "Table Text")
    par(doc, [("মোট প্রাপ্ত নম্বর: ", BOLD), "{{ total_score }} / {{ total_weight }}"],
        "Body Justified")
    par(doc, [("প্রতিবেদনের তারিখ: ", BOLD), "{{ report_date }}"], "Body Justified")
    doc.save(path)
