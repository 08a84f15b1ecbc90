"""Generate the DOCX templates with python-docx, so they are reproducible.

    .venv/bin/python minutes_templates/build_templates.py

Writes minutes.docx and notice.docx (here), apa_progress.docx (build_apa_template.py) and the
letters corrigendum.docx and reminder.docx (build_letters.py). The output is an ordinary Word
document with docxtpl tags ({{ key }}, {%p for %}, {%tr for %}). Fonts and emphasis live in
Word styles (see README.md): an officer may edit the templates in Word afterwards; rerunning
this script overwrites such edits.
"""
from __future__ import annotations

import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
PRODUCT = "committee-minutes"
FONT = "Nikosh"  # preferred; on Linux fontconfig falls back to "Noto Sans Bengali"
ALT_FONT = "Noto Sans Bengali"
BODY_PT, TABLE_PT = 13, 12
BOLD = "Bangla Bold"
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
DRAFT_HEADER = "{% if is_draft %}খসড়া — জারি করা হয়নি, স্মারক নম্বর নেই{% endif %}"
# A fixed date, so that rebuilding gives the same files; the application sets the real
# title, author and dates of each letter when it renders one.
TEMPLATE_DATE = datetime.datetime(2026, 12, 1)  # UTC
TEXT_WIDTH_CM = 17.0  # A4 portrait, 2 cm left and right margins
# The memo block: "স্মারক নম্বর: <22-digit file>.<5-digit serial>" stays on one line.
MEMO_WIDTHS = (11.4, 1.5, 4.1)

# --------------------------------------------------------------------------- schema order

# The child sequences of the WordprocessingML property elements (ECMA-376 part 1, 17.3–17.6).
# python-docx appends what it does not know; normalize() puts every child back in order.
_RPR = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
        "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
        "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath")
SCHEMA_ORDER = {
    # CT_ParaRPr (the paragraph mark's rPr inside pPr) starts with ins/del/moveFrom/moveTo.
    "rPr": ("ins del moveFrom moveTo " + _RPR + " rPrChange").split(),
    "pPr": ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
            "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
            "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid "
            "spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
            "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr "
            "pPrChange").split(),
    "tblPr": ("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
              "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook "
              "tblCaption tblDescription tblPrChange").split(),
    "trPr": ("cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
             "tblCellSpacing jc hidden ins del trPrChange").split(),
    "tcPr": ("cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
             "tcFitText vAlign hideMark headers cellIns cellDel cellMerge tcPrChange").split(),
    "sectPr": ("headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
               "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg "
               "textDirection bidi rtlGutter docGrid printerSettings sectPrChange").split(),
}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _rank(order: list[str], child) -> int:
    tag = child.tag
    if not isinstance(tag, str) or not tag.startswith(_W):
        return len(order)  # comments, extensions (w14:…): after the schema's elements
    name = tag[len(_W):]
    if name == "footerReference":
        name = "headerReference"  # one choice group: their relative order stays
    return order.index(name) if name in order else len(order)


def normalize(root) -> None:
    """Sort the children of every rPr, pPr, tblPr, trPr, tcPr and sectPr into schema order."""
    for name, order in SCHEMA_ORDER.items():
        for element in root.iter(f"{_W}{name}"):
            children = list(element)
            ordered = sorted(children, key=lambda c: _rank(order, c))  # stable
            if ordered != children:
                for child in children:
                    element.remove(child)
                element.extend(ordered)


# --------------------------------------------------------------------------- run properties

def _child(parent, tag: str):
    """The first child ``tag`` of ``parent``, created if missing (order: see normalize)."""
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
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(4), 1.0
    fmt.widow_control = True  # Word's and LibreOffice's defaults differ: say it


def _para_style(doc, name: str, *, size=None, bold=False, align=None, before=0, after=4,
                left_cm=None, hanging_cm=None, first_cm=None, color=None, page_break=False,
                keep_next=False, keep_lines=False):
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
    fmt.keep_with_next = keep_next or None
    fmt.keep_together = keep_lines or None
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
    _para_style(doc, "Office Header", align=CENTER, after=0, keep_next=True)
    _para_style(doc, "Document Title", size=15, bold=True, align=CENTER, before=8, after=8,
                keep_next=True)
    _para_style(doc, "Draft Mark", size=20, bold=True, align=CENTER, after=6, color="808080")
    _para_style(doc, "Body Justified", align=JUSTIFY, before=4, after=4, first_cm=1.0)
    _para_style(doc, "Table Text", size=TABLE_PT, after=1)
    _para_style(doc, "Table Heading", size=TABLE_PT, bold=True, align=CENTER, after=1,
                keep_next=True)
    _para_style(doc, "Signature Name", align=CENTER, left_cm=9.5, before=36, after=0,
                keep_next=True, keep_lines=True)
    _para_style(doc, "Signature", align=CENTER, left_cm=9.5, after=0, keep_lines=True)
    _para_style(doc, "Memo Line", after=0)
    _para_style(doc, "Subject", before=8, after=6)
    _para_style(doc, "Letter Field", before=2, after=2)
    _para_style(doc, "List Heading", bold=True, before=8, after=4, keep_next=True)
    _para_style(doc, "List Entry", left_cm=1.2, hanging_cm=0.8, after=2)
    _para_style(doc, "Annex Title", size=14, bold=True, align=CENTER, after=8, page_break=True,
                keep_next=True)
    _para_style(doc, "Page Number", size=11, align=CENTER, after=0)
    char = doc.styles.add_style(BOLD, WD_STYLE_TYPE.CHARACTER)
    char.quick_style = True
    _bold(char.element.get_or_add_rPr())


# --------------------------------------------------------------------------- page

def _field(paragraph, instruction: str, cached: str) -> None:
    """A complex field (PAGE, NUMPAGES) whose runs are bn-BD in every language slot.

    No format makes Word or LibreOffice print the number in Bangla digits (README.md), but
    both draw digits of bn-BD text as Bangla digits when the reader's program is set to
    context numerals: Word takes the language of complex-script runs (`w:cs`, `w:bidi`),
    LibreOffice the run's `w:val` language. The cached result is in Bangla digits.
    """
    def run(inner: str):
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:cs/><w:lang w:val="bn-BD" w:bidi="bn-BD"/>'
            f"</w:rPr>{inner}</w:r>"))

    run('<w:fldChar w:fldCharType="begin"/>')
    run(f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>')
    run('<w:fldChar w:fldCharType="separate"/>')
    run(f"<w:t>{cached}</w:t>")
    run('<w:fldChar w:fldCharType="end"/>')


def page_number_footer(doc) -> None:
    """"পৃষ্ঠা ২/৫", centered in the footer of every page."""
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = doc.styles["Page Number"]
    p.add_run("পৃষ্ঠা ")
    _field(p, "PAGE", "১")
    p.add_run("/")
    _field(p, "NUMPAGES", "১")


def page_setup(doc, draft_header: bool = True) -> None:
    """A4 portrait, 2 cm margins; a draft mark in the page header; page numbers in the
    footer."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)
    if draft_header:
        header = section.header.paragraphs[0]
        header.text = DRAFT_HEADER
        header.style = doc.styles["Draft Mark"]
    page_number_footer(doc)


# --------------------------------------------------------------------------- package parts

APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    f'docPropsVTypes"><Application>{PRODUCT}</Application><DocSecurity>0</DocSecurity>'
    "<ScaleCrop>false</ScaleCrop><Company/><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>")
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
FONT_ENTRY = (
    f'<w:font w:name="{FONT}"><w:altName w:val="{ALT_FONT}"/><w:charset w:val="00"/>'
    '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>')


def _part(doc, name: str):
    return next(p for p in doc.part.package.iter_parts() if p.partname == name)


def package_properties(doc) -> None:
    """Neutral document properties instead of python-docx's template defaults.

    Core properties: no title, the product as author, a fixed date (the application sets
    title, author and dates per letter); app.xml names the product, not "Microsoft
    Macintosh Word"; no thumbnail of python-docx's empty template and no stale
    stylesWithEffects.xml (python-docx's Word 2010 copy of its own styles); the theme's and the
    settings' languages are en-US with bn-BD for complex script (not ja-JP); the font table
    lists Nikosh with Noto Sans Bengali as its alternative; the theme's Bengali font is Nikosh.
    """
    props = doc.core_properties
    props.title = props.subject = props.keywords = props.comments = props.category = ""
    props.author = props.last_modified_by = PRODUCT
    props.language = "bn-BD"
    props.revision = 1
    props.created = props.modified = TEMPLATE_DATE
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:  # Word 2010's stale copy of the styles
            doc.part.rels.pop(rid)
    _part(doc, "/docProps/app.xml")._blob = APP_XML.encode("utf-8")
    theme = _part(doc, "/word/theme/theme1.xml")
    theme._blob = theme.blob.replace(b'script="Beng" typeface="Vrinda"',
                                     f'script="Beng" typeface="{FONT}"'.encode())
    fonts = _part(doc, "/word/fontTable.xml")
    if f'w:name="{FONT}"'.encode() not in fonts.blob:
        fonts._blob = fonts.blob.replace(b"</w:fonts>", FONT_ENTRY.encode() + b"</w:fonts>")
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    theme_lang.attrib.clear()
    theme_lang.set(qn("w:val"), "en-US")
    theme_lang.set(qn("w:bidi"), "bn-BD")


def save(doc, path: Path) -> None:
    """Schema order in every part python-docx parsed, neutral properties, then write."""
    package_properties(doc)
    for part in doc.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is not None:
            normalize(element)
    doc.save(path)


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


def keep_with_next(paragraph):
    """The paragraph stays on the page of the next one (the last lines before a signature)."""
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def table(doc, widths_cm, rows: int, borders: bool, cell_margins_cm: float | None = None):
    """A fixed-layout table whose rows never split across pages; with ``borders`` in the
    built-in "Table Grid" style."""
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
    if cell_margins_cm is not None:
        margins = _child(tbl_pr, "w:tblCellMar")
        for side in ("left", "right"):
            margin = _child(margins, f"w:{side}")
            margin.set(qn("w:w"), str(int(Cm(cell_margins_cm).twips)))
            margin.set(qn("w:type"), "dxa")
    for col, width in zip(t.columns, widths_cm, strict=True):
        col.width = Cm(width)
        for cell in col.cells:
            cell.width = Cm(width)
    for row in t.rows:  # also the {%tr %} rows: docxtpl copies the row it repeats
        _child(row._tr.get_or_add_trPr(), "w:cantSplit")
    return t


def repeat_header(row, shade: str = "E7ECEF") -> None:
    """Repeat ``row`` on every page and shade it."""
    _child(row._tr.get_or_add_trPr(), "w:tblHeader")
    for cell in row.cells:
        shd = _child(cell._tc.get_or_add_tcPr(), "w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), shade)


def grid_table(doc, widths_cm, headings, loop: str, keys, center=(0,)):
    """A bordered table: a repeated, shaded heading row and one row per entry of ``loop``
    ("r in review_rows"); ``keys`` are the entry's fields, one per column (a tuple
    (field, inner loop variable) prints a list field one paragraph per entry); the columns
    numbered in ``center`` are centered (numbers, dates)."""
    t = table(doc, widths_cm, rows=4, borders=True)
    for cell, text in zip(t.rows[0].cells, headings, strict=True):
        par(cell, text, "Table Heading")
    repeat_header(t.rows[0])
    var = loop.split()[0]
    par(t.rows[1].cells[0], f"{{%tr for {loop} %}}", "Table Text")
    for i, (cell, key) in enumerate(zip(t.rows[2].cells, keys, strict=True)):
        if isinstance(key, tuple):
            field, inner = key
            par(cell, f"{{%p for {inner} in {var}.{field} %}}", "Table Text")
            par(cell, f"{{{{ {inner} }}}}", "Table Text")
            par(cell, "{%p endfor %}", "Table Text")
        else:
            p = par(cell, f"{{{{ {var}.{key} }}}}", "Table Text")
            if i in center:
                p.alignment = CENTER
    par(t.rows[3].cells[0], "{%tr endfor %}", "Table Text")
    return t


def rule_below(paragraph) -> None:
    """A line under the paragraph (the Bangla date sits above the Gregorian one)."""
    bdr = _child(paragraph._p.get_or_add_pPr(), "w:pBdr")
    bottom = _child(bdr, "w:bottom")
    for attr, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{attr}"), value)


def header_lines(doc, draft: bool = True) -> None:
    par(doc, "{%p for header_line in header_lines %}", "Office Header")
    par(doc, "{{ header_line }}", "Office Header")
    par(doc, "{%p endfor %}", "Office Header")
    if draft:
        par(doc, "{%p if is_draft %}", "Draft Mark")
        par(doc, "খসড়া", "Draft Mark")
        par(doc, "{%p endif %}", "Draft Mark")


def memo_block(doc) -> None:
    """স্মারক নম্বর on the left; "তারিখ:" and the two calendars stacked on the right.

    The widths keep the longest memo number on one line: a 22-digit file number and a
    5-digit serial ("৫৬.০৪.৫৫০০.০০০.০০৬.০১.২০২৫.০০১.৯৯৯৯৯"), measured in Noto Sans
    Bengali (wider than Nikosh). No cell margins at the sides: the number starts at the
    left margin like the text.
    """
    par(doc, "{%p if memo_number %}", "Memo Line")
    t = table(doc, MEMO_WIDTHS, rows=1, borders=False, cell_margins_cm=0)
    left, label, dates = t.rows[0].cells
    par(left, "স্মারক নম্বর: {{ memo_number }}", "Memo Line")
    left.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    par(label, "তারিখ:", "Memo Line").alignment = RIGHT
    label.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    rule_below(par(dates, "{{ memo_date_bangla }}", "Memo Line"))
    par(dates, "{{ memo_date_gregorian }}", "Memo Line")
    for p in dates.paragraphs:
        p.alignment = CENTER
    for cell in t.rows[0].cells:
        # Room above the block, inside the table: an empty paragraph before it made
        # LibreOffice ignore "keep with next" further down the page (a signature left alone).
        cell.paragraphs[0].paragraph_format.space_before = Pt(12)
    par(doc, "{%p endif %}", "Memo Line")


def numbered_list(doc, heading: str | None, loop: str, keep_last: bool = False) -> None:
    """A heading and a "১) …" list; ``loop`` is e.g. "e in distribution".

    ``keep_last``: the last entry stays on the page of the signature that follows (the
    entry is compared with the list's last one, so the tag names no key of its own).
    """
    if heading:
        par(doc, heading, "List Heading")
    var, _, source = loop.split()
    entry = f"{{{{ {var}.number }}}}\t{{{{ {var}.text }}}}"
    par(doc, f"{{%p for {loop} %}}", "List Entry")
    if keep_last:
        par(doc, f"{{%p if {var} != {source}|last %}}", "List Entry")
        par(doc, entry, "List Entry")
        par(doc, "{%p else %}", "List Entry")
        keep_with_next(par(doc, entry, "List Entry"))
        par(doc, "{%p endif %}", "List Entry")
    else:
        par(doc, entry, "List Entry")
    par(doc, "{%p endfor %}", "List Entry")


def signature(doc, name_key: str, designation_key: str) -> None:
    """Name and designation, kept together, after room for the signature (space before)."""
    par(doc, f"{{{{ {name_key} }}}}", "Signature Name")
    par(doc, f"{{{{ {designation_key} }}}}", "Signature")


def info_table(doc, rows, widths=(3.6, 0.6, 12.8), value_style: str | None = None) -> None:
    """Borderless label : value rows; a value given as a tuple is several paragraphs."""
    t = table(doc, widths, rows=len(rows), borders=False)
    for row, (label, value) in zip(t.rows, rows, strict=True):
        par(row.cells[0], [(label, BOLD)], "Memo Line")
        par(row.cells[1], ":", "Memo Line")
        for text in (value if isinstance(value, tuple) else (value,)):
            par(row.cells[2], [(text, value_style)], "Memo Line")
    return t


def new_document(draft_header: bool = True):
    doc = Document()
    setup_styles(doc)
    page_setup(doc, draft_header)
    return doc


# --------------------------------------------------------------------------- the templates

def decisions_table(doc) -> None:
    """আলোচনা | সিদ্ধান্ত | বাস্তবায়নে, one row per item (the {%tr %} rows are dropped)."""
    t = table(doc, (6.6, 6.6, 3.8), rows=4, borders=True)
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
    """পূর্ববর্তী সভার সিদ্ধান্ত বাস্তবায়ন অগ্রগতি: one row per open decision of earlier
    meetings, each office's status a paragraph; then the heading of the agenda table, which
    also keeps Word and LibreOffice from joining the two tables."""
    par(doc, "{%p if review_rows %}", "List Heading")
    par(doc, "পূর্ববর্তী সভার সিদ্ধান্ত বাস্তবায়ন অগ্রগতি", "List Heading")
    grid_table(doc, (8.0, 2.8, 6.2), ("সিদ্ধান্ত", "সময়সীমা", "বাস্তবায়নকারী দপ্তর ও অগ্রগতি"),
               "r in review_rows", ("decision", "due", ("statuses", "status_line")), center=(1,))
    par(doc, "আলোচ্যসূচি অনুযায়ী আলোচনা ও সিদ্ধান্ত", "List Heading")
    par(doc, "{%p endif %}", "List Heading")


def annex(doc) -> None:
    par(doc, "{%p if annex %}", "Normal")
    par(doc, "পরিশিষ্ট 'ক'", "Annex Title")
    par(doc, "সভায় উপস্থিত সদস্যবৃন্দের তালিকা", "Table Heading")
    grid_table(doc, (1.7, 4.9, 5.2, 5.2), ("ক্রমিক", "নাম", "পদবি", "দপ্তর"),
               "a in annex_rows", ("number", "name", "designation", "office"))
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
    keep_with_next(par(doc, "{{ closing }}", "Body Justified"))
    signature(doc, "chair_name", "chair_designation")
    memo_block(doc)
    numbered_list(doc, "{{ distribution_heading }}", "e in distribution", keep_last=True)
    par(doc, "{%p if copies %}", "List Heading")
    numbered_list(doc, "সদয় অবগতি ও কার্যার্থে অনুলিপি :", "c in copies", keep_last=True)
    par(doc, "{%p endif %}", "List Heading")
    signature(doc, "signatory_name", "signatory_designation")
    annex(doc)
    save(doc, path)


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
    keep_with_next(par(doc, "সভায় যথাসময়ে উপস্থিত থাকার জন্য কমিটির সকল সদস্যকে বিনীত "
                            "অনুরোধ করা হলো।", "Body Justified"))
    signature(doc, "signatory_name", "signatory_designation")
    numbered_list(doc, "বিতরণ (জ্যেষ্ঠতার ক্রমানুসারে নয়) :", "e in distribution")
    save(doc, path)


def main() -> None:
    from build_apa_template import build_apa_progress
    from build_letters import build_corrigendum, build_reminder

    build_minutes(HERE / "minutes.docx")
    build_notice(HERE / "notice.docx")
    build_apa_progress(HERE / "apa_progress.docx")
    build_corrigendum(HERE / "corrigendum.docx")
    build_reminder(HERE / "reminder.docx")
    print(f"wrote minutes.docx, notice.docx, apa_progress.docx, corrigendum.docx and "
          f"reminder.docx in {HERE}")


if __name__ == "__main__":
    main()

