"""The APA quarterly progress report template (apa_progress.docx); run build_templates.py."""
from __future__ import annotations

from pathlib import Path

from build_templates import BOLD, grid_table, header_lines, new_document, par, save
from docx.enum.section import WD_ORIENT
from docx.shared import Cm

COLUMNS = ("কোড", "সূচক", "একক", "মান", "লক্ষ্যমাত্রা (১০০%)", "১ম", "২য়", "৩য়", "৪র্থ",
           "অর্জন", "প্রাপ্ত নম্বর", "প্রমাণক")
KEYS = ("code", "title", "unit", "weight", "target", "q1", "q2", "q3", "q4", "achievement",
        "score", "evidence")
WIDTHS = (1.8, 4.6, 1.5, 1.1, 2.5, 1.1, 1.1, 1.1, 1.1, 1.5, 1.6, 7.7)  # 26.7 cm: landscape A4


def build_apa_progress(path: Path) -> None:
    doc = new_document()
    section = doc.sections[0]  # landscape: twelve columns
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.5)
    header_lines(doc, draft=False)
    par(doc, "{{ title }}", "Document Title")
    par(doc, [("কার্যালয়: ", BOLD), "{{ office }}"], "Body Justified")
    par(doc, [("সময়কাল: ", BOLD), "{{ period }}"], "Body Justified")
    grid_table(doc, WIDTHS, COLUMNS, "r in rows", KEYS, center=range(2, 11))
    par(doc, [("মোট প্রাপ্ত নম্বর: ", BOLD), "{{ total_score }} / {{ total_weight }}"],
        "Body Justified")
    par(doc, [("প্রতিবেদনের তারিখ: ", BOLD), "{{ report_date }}"], "Body Justified")
    save(doc, path)
