"""The letters from the committee's file: corrigendum.docx (সংশোধনী) and reminder.docx
(তাগিদপত্র); run build_templates.py."""
from __future__ import annotations

from pathlib import Path

from build_templates import (
    BOLD,
    TEXT_WIDTH_CM,
    grid_table,
    header_lines,
    keep_with_next,
    memo_block,
    new_document,
    numbered_list,
    par,
    save,
    signature,
    table,
)

LABEL_CM = 1.6


def letter_fields(doc, rows) -> None:
    """The "প্রাপক:", "বিষয়:", "সূত্র:" lines as a borderless label | value table, so that
    a value running over several lines stays indented under its first line.

    ``rows``: (label, value), both lists of runs (text, or (text, character style)); a value
    ("loop", var, source) is one paragraph per entry of a list of strings.
    """
    t = table(doc, (LABEL_CM, TEXT_WIDTH_CM - LABEL_CM), rows=len(rows), borders=False,
              cell_margins_cm=0)
    for row, (label, value) in zip(t.rows, rows, strict=True):
        par(row.cells[0], label, "Letter Field")
        cell = row.cells[1]
        if value[0] == "loop":
            _, var, source = value
            par(cell, f"{{%p for {var} in {source} %}}", "Letter Field")
            par(cell, f"{{{{ {var} }}}}", "Letter Field")
            par(cell, "{%p endfor %}", "Letter Field")
        else:
            par(cell, value, "Letter Field")


def build_corrigendum(path: Path) -> None:
    """সংশোধনী: the corrections of issued minutes, as a letter referring to them."""
    doc = new_document()
    header_lines(doc)
    memo_block(doc)
    letter_fields(doc, [([("বিষয়:", BOLD)], [("{{ subject }}", BOLD)]),
                        (["সূত্র:"], ["{{ reference }}"])])
    par(doc, "{{ intro }}", "Body Justified")
    grid_table(doc, (1.7, 2.7, 6.3, 6.3),
               ("ক্রমিক", "অনুচ্ছেদ/সিদ্ধান্ত নং", "বিদ্যমান", "সংশোধিত"),
               "correction in corrections", ("number", "ref", "was", "now"), center=(0, 1))
    keep_with_next(par(doc, "{{ closing_line }}", "Body Justified"))
    signature(doc, "signatory_name", "signatory_designation")
    numbered_list(doc, "{{ distribution_heading }}", "e in distribution")
    par(doc, "{%p if copies %}", "List Heading")
    numbered_list(doc, "সদয় অবগতি ও কার্যার্থে অনুলিপি :", "c in copies")
    par(doc, "{%p endif %}", "List Heading")
    save(doc, path)


def build_reminder(path: Path) -> None:
    """তাগিদপত্র: to one office, the decisions whose progress has not been reported."""
    doc = new_document(draft_header=False)
    header_lines(doc, draft=False)
    memo_block(doc)
    letter_fields(doc, [(["প্রাপক:"], ["{{ addressee }}"]),
                        ([("বিষয়:", BOLD)], [("{{ subject }}", BOLD)]),
                        (["সূত্র:"], ("loop", "reference_line", "references"))])
    par(doc, "{{ intro }}", "Body Justified")
    grid_table(doc, (1.7, 2.8, 2.0, 4.7, 2.8, 3.0),
               ("ক্রমিক", "সভার তারিখ", "সিদ্ধান্ত নং", "সিদ্ধান্ত", "সময়সীমা", "সর্বশেষ অবস্থা"),
               "row in rows",
               ("number", "meeting_date", "decision_number", "text", "due", "status"),
               center=(0, 1, 2, 4))
    keep_with_next(par(doc, "{{ request }}", "Body Justified"))
    signature(doc, "signatory_name", "signatory_designation")
    par(doc, "{%p if copies %}", "List Heading")
    numbered_list(doc, "সদয় অবগতি ও প্রয়োজনীয় কার্যার্থে অনুলিপি :", "c in copies")
    par(doc, "{%p endif %}", "List Heading")
    save(doc, path)
