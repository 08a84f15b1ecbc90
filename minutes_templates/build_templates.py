"""Generate minutes.docx and notice.docx with python-docx, so the templates are reproducible.

    .venv/bin/python minutes_templates/build_templates.py

The output is an ordinary Word document with docxtpl tags ({{ key }}, {%p for %}, {%tr for %}).
Fonts and emphasis live in Word styles (see README.md): an officer may edit the templates
in Word afterwards; rerunning this script overwrites such edits.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
FONT = "Nikosh"  # preferred; on Linux fontconfig falls back to "Noto Sans Bengali"
BODY_PT, TABLE_PT = 13, 12
BOLD = "Bangla Bold"
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
DRAFT_HEADER = "{% if is_draft %}খসড়া — জারি করা হয়নি, স্মারক নম্বর নেই{% endif %}"


# --------------------------------------------------------------------------- run properties

def _child(parent, tag: str):
    """The first child ``tag`` of ``parent``, created if missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def _fonts(rpr, size_pt: float | None = None) -> None:
    """Bangla font in every slot (ascii, hAnsi, eastAsia and the complex-script cs)."""
    fonts = _child(rpr, "w:rFonts")
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)
    if size_pt:
        _child(rpr, "w:sz").set(qn("w:val"), str(int(size_pt * 2)))
        _child(rpr, "w:szCs").set(qn("w:val"), str(int(size_pt * 2)))  # size of Bangla text
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:bidi"), "bn-BD")


def _bold(rpr) -> None:
    """Bold for Latin (b) and for Bangla, which Word treats as complex script (bCs)."""
    _child(rpr, "w:b")
    _child(rpr, "w:bCs")


# --------------------------------------------------------------------------- styles

def _defaults(doc) -> None:
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, BODY_PT)
    normal = doc.styles["Normal"]
    _fonts(normal.element.get_or_add_rPr(), BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(4), 1.08


def _para_style(doc, name: str, *, size=None, bold=False, align=None, before=0, after=4,
                left_cm=None, hanging_cm=None, first_cm=None, color=None, page_break=False):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    rpr = style.element.get_or_add_rPr()
    _fonts(rpr, size)
    if bold:
        _bold(rpr)
    if color:
        style.font.color.rgb = RGBColor.from_string(color)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.alignment = align
    fmt.page_break_before = page_break or None
    if left_cm is not None:
        fmt.left_indent = Cm(left_cm)
    if hanging_cm is not None:
        fmt.first_line_indent = Cm(-hanging_cm)
    if first_cm is not None:
        fmt.first_line_indent = Cm(first_cm)
    return style


def setup_styles(doc) -> None:
    """Normal, the named paragraph styles of the templates and the bold character style."""
    _defaults(doc)
    _para_style(doc, "Office Header", align=CENTER, after=0)
    _para_style(doc, "Document Title", size=15, bold=True, align=CENTER, before=10, after=10)
    _para_style(doc, "Draft Mark", size=20, bold=True, align=CENTER, after=6, color="808080")
    _para_style(doc, "Body Justified", align=JUSTIFY, before=6, after=6, first_cm=1.0)
    _para_style(doc, "Table Text", size=TABLE_PT, after=2)
    _para_style(doc, "Table Heading", size=TABLE_PT, bold=True, align=CENTER, after=2)
    _para_style(doc, "Signature", align=CENTER, left_cm=9.5, after=0)
    _para_style(doc, "Memo Line", after=0)
    _para_style(doc, "Subject", before=8, after=6)
    _para_style(doc, "List Heading", bold=True, before=10, after=4)
    _para_style(doc, "List Entry", left_cm=1.2, hanging_cm=0.8, after=2)
    _para_style(doc, "Annex Title", size=14, bold=True, align=CENTER, after=8, page_break=True)
    char = doc.styles.add_style(BOLD, WD_STYLE_TYPE.CHARACTER)
    char.quick_style = True
    _bold(char.element.get_or_add_rPr())


def page_setup(doc) -> None:
    """A4 portrait, 2.5 cm top, 2 cm elsewhere; a draft mark in the page header."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
    section.left_margin, section.right_margin = Cm(2), Cm(2)
    section.header_distance = Cm(1)
    header = section.header.paragraphs[0]
    header.text = DRAFT_HEADER
    header.style = doc.styles["Draft Mark"]


# --------------------------------------------------------------------------- building blocks

def par(container, runs, style: str):
    """Add a paragraph of ``runs`` (str, or (text, char style)); "\\t" is a tab."""
    in_cell = getattr(container, "_tc", None) is not None
    # A new cell holds one empty paragraph: write into it instead of adding another.
    reuse = in_cell and len(container.paragraphs) == 1 and not container.paragraphs[0].runs
    p = container.paragraphs[0] if reuse else container.add_paragraph()
    p.style = style
    for run in [runs] if isinstance(runs, str) else runs:
        text, char = (run, None) if isinstance(run, str) else run
        for i, piece in enumerate(text.split("\t")):
            if i:
                p.add_run().add_tab()
            if piece:
                p.add_run(piece, style=char)
    return p


def table(doc, widths_cm, rows: int, borders: bool):
    """A fixed-layout table; with ``borders`` in the built-in "Table Grid" style."""
    t = doc.add_table(rows=rows, cols=len(widths_cm))
    if borders:
        t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    tbl_pr = t._tbl.tblPr
    _child(tbl_pr, "w:tblLayout").set(qn("w:type"), "fixed")
    width = _child(tbl_pr, "w:tblW")  # the total, so LibreOffice does not rescale columns
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(int(sum(Cm(w).twips for w in widths_cm))))
    for col, width in zip(t.columns, widths_cm, strict=True):
        col.width = Cm(width)
        for cell in col.cells:
            cell.width = Cm(width)
    return t


def repeat_header(row, shade: str = "E7ECEF") -> None:
    """Repeat ``row`` on every page and shade it."""
    _child(row._tr.get_or_add_trPr(), "w:tblHeader")
    for cell in row.cells:
        shd = _child(cell._tc.get_or_add_tcPr(), "w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:fill"), shade)


def rule_below(paragraph) -> None:
    """A line under the paragraph (the Bangla date sits above the Gregorian one)."""
    bdr = _child(paragraph._p.get_or_add_pPr(), "w:pBdr")
    bottom = _child(bdr, "w:bottom")
    for attr, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{attr}"), value)


def header_lines(doc) -> None:
    par(doc, "{%p for header_line in header_lines %}", "Office Header")
    par(doc, "{{ header_line }}", "Office Header")
    par(doc, "{%p endfor %}", "Office Header")
    par(doc, "{%p if is_draft %}", "Draft Mark")
    par(doc, "খসড়া", "Draft Mark")
    par(doc, "{%p endif %}", "Draft Mark")


def memo_block(doc) -> None:
    """Memo number on the left; "তারিখ:" and the two calendars stacked on the right."""
    par(doc, "{%p if memo_number %}", "Memo Line")
    t = table(doc, (9.0, 2.2, 5.8), rows=1, borders=False)
    left, label, dates = t.rows[0].cells
    par(left, "স্মারক নম্বর: {{ memo_number }}", "Memo Line")
    par(label, "তারিখ:", "Memo Line")
    rule_below(par(dates, "{{ memo_date_bangla }}", "Memo Line"))
    par(dates, "{{ memo_date_gregorian }}", "Memo Line")
    for p in dates.paragraphs:
        p.alignment = CENTER
    par(doc, "{%p endif %}", "Memo Line")


def numbered_list(doc, heading: str | None, loop: str) -> None:
    """A heading and a "১) …" list; ``loop`` is e.g. "e in distribution"."""
    if heading:
        par(doc, heading, "List Heading")
    par(doc, f"{{%p for {loop} %}}", "List Entry")
    var = loop.split()[0]
    par(doc, f"{{{{ {var}.number }}}}\t{{{{ {var}.text }}}}", "List Entry")
    par(doc, "{%p endfor %}", "List Entry")


def signature(doc, name_key: str, designation_key: str, space: int = 3) -> None:
    for _ in range(space):
        par(doc, "", "Normal")
    par(doc, f"{{{{ {name_key} }}}}", "Signature")
    par(doc, f"{{{{ {designation_key} }}}}", "Signature")


def info_table(doc, rows) -> None:
    """Borderless label : value rows; a value given as a tuple is several paragraphs."""
    t = table(doc, (3.6, 0.6, 12.8), rows=len(rows), borders=False)
    for row, (label, value) in zip(t.rows, rows, strict=True):
        par(row.cells[0], [(label, BOLD)], "Memo Line")
        par(row.cells[1], ":", "Memo Line")
        for text in (value if isinstance(value, tuple) else (value,)):
            par(row.cells[2], text, "Memo Line")


def new_document():
    doc = Document()
    setup_styles(doc)
    page_setup(doc)
    doc.core_properties.title = ""
    doc.core_properties.author = "committee-minutes"
    return doc


# --------------------------------------------------------------------------- the templates

def decisions_table(doc) -> None:
    """আলোচনা | সিদ্ধান্ত | বাস্তবায়নে, one row per item (the {%tr %} rows are dropped)."""
    t = table(doc, (7.0, 6.2, 3.8), rows=4, borders=True)
    for cell, text in zip(t.rows[0].cells, ("আলোচনা", "সিদ্ধান্ত", "বাস্তবায়নে"), strict=True):
        par(cell, text, "Table Heading")
    repeat_header(t.rows[0])
    par(t.rows[1].cells[0], "{%tr for item in items %}", "Table Text")
    discussion, decisions, responsible = t.rows[2].cells
    par(discussion, [("{{ item.heading }}", BOLD), " {{ item.discussion }}"], "Table Text")
    par(decisions, "{%p for decision_line in item.decision_lines %}", "Table Text")
    par(decisions, "{{ decision_line }}", "Table Text")
    par(decisions, "{%p endfor %}", "Table Text")
    par(responsible, "{{ item.responsible }}", "Table Text")
    par(t.rows[3].cells[0], "{%tr endfor %}", "Table Text")


def review_table(doc) -> None:
    """পূর্ববর্তী সভার সিদ্ধান্ত বাস্তবায়ন অগ্রগতি: the open decisions reviewed at this meeting."""
    par(doc, "{%p if review_rows %}", "List Heading")
    par(doc, "পূর্ববর্তী সভার সিদ্ধান্ত বাস্তবায়ন অগ্রগতি", "List Heading")
    t = table(doc, (7.4, 4.0, 2.4, 3.2), rows=4, borders=True)
    for cell, text in zip(t.rows[0].cells, ("সিদ্ধান্ত", "বাস্তবায়নে", "অবস্থা", "মন্তব্য"),
                          strict=True):
        par(cell, text, "Table Heading")
    repeat_header(t.rows[0])
    par(t.rows[1].cells[0], "{%tr for r in review_rows %}", "Table Text")
    for cell, key in zip(t.rows[2].cells, ("decision", "party", "status", "note"), strict=True):
        par(cell, f"{{{{ r.{key} }}}}", "Table Text")
    par(t.rows[3].cells[0], "{%tr endfor %}", "Table Text")
    par(doc, "{%p endif %}", "List Heading")


def annex(doc) -> None:
    par(doc, "{%p if annex %}", "Normal")
    par(doc, "পরিশিষ্ট 'ক'", "Annex Title")
    par(doc, "সভায় উপস্থিত সদস্যবৃন্দের তালিকা", "Table Heading")
    t = table(doc, (1.6, 5.0, 5.2, 5.2), rows=4, borders=True)
    for cell, text in zip(t.rows[0].cells, ("ক্রমিক", "নাম", "পদবি", "দপ্তর"), strict=True):
        par(cell, text, "Table Heading")
    repeat_header(t.rows[0])
    par(t.rows[1].cells[0], "{%tr for a in annex_rows %}", "Table Text")
    for cell, key in zip(t.rows[2].cells, ("number", "name", "designation", "office"),
                         strict=True):
        par(cell, f"{{{{ a.{key} }}}}", "Table Text")
    par(t.rows[3].cells[0], "{%tr endfor %}", "Table Text")
    par(doc, "{%p endif %}", "Normal")


def build_minutes(path: Path) -> None:
    doc = new_document()
    header_lines(doc)
    par(doc, "{{ title }}", "Document Title")
    info_table(doc, [("সভাপতি", ("{{ chair_name }}", "{{ chair_designation }}")),
                     ("সভার তারিখ", "{{ meeting_date }}"), ("সভার সময়", "{{ meeting_time }}"),
                     ("স্থান", "{{ venue }}"), ("উপস্থিতি", "{{ attendance }}")])
    par(doc, "{{ opening }}", "Body Justified")
    review_table(doc)
    decisions_table(doc)
    par(doc, "{{ closing }}", "Body Justified")
    signature(doc, "chair_name", "chair_designation")
    par(doc, "", "Normal")
    memo_block(doc)
    numbered_list(doc, "{{ distribution_heading }}", "e in distribution")
    par(doc, "{%p if copies %}", "List Heading")
    numbered_list(doc, "সদয় অবগতি ও কার্যার্থে অনুলিপি :", "c in copies")
    par(doc, "{%p endif %}", "List Heading")
    signature(doc, "signatory_name", "signatory_designation")
    annex(doc)
    doc.save(path)


def build_notice(path: Path) -> None:
    doc = new_document()
    header_lines(doc)
    memo_block(doc)
    par(doc, [("বিষয়: ", BOLD), ("{{ subject }}", BOLD)], "Subject")
    par(doc, "এতদ্বারা সংশ্লিষ্ট সকলের অবগতির জন্য জানানো যাচ্ছে যে, {{ committee_name }}"
             "-এর মাসিক সভা নিম্নবর্ণিত তারিখ, সময় ও স্থানে অনুষ্ঠিত হবে:", "Body Justified")
    info_table(doc, [("সভাপতি", "{{ chair }}"), ("তারিখ ও বার", "{{ meeting_day }}"),
                     ("সময়", "{{ meeting_time }}"), ("স্থান", "{{ venue }}")])
    par(doc, "আলোচ্যসূচি :", "List Heading")
    par(doc, "{%p for a in agenda %}", "List Entry")
    par(doc, "{{ a.number }}\t{{ a.title }}", "List Entry")
    par(doc, "{%p endfor %}", "List Entry")
    par(doc, "সভায় যথাসময়ে উপস্থিত থাকার জন্য কমিটির সকল সদস্যকে বিনীত অনুরোধ করা হলো।",
        "Body Justified")
    signature(doc, "signatory_name", "signatory_designation")
    numbered_list(doc, "বিতরণ (জ্যেষ্ঠতার ক্রমানুসারে নয়) :", "e in distribution")
    doc.save(path)


def main() -> None:
    from build_apa_template import build_apa_progress

    build_minutes(HERE / "minutes.docx")
    build_notice(HERE / "notice.docx")
    build_apa_progress(HERE / "apa_progress.docx")
    print(f"wrote minutes.docx, notice.docx and apa_progress.docx in {HERE}")


if __name__ == "__main__":
    main()
