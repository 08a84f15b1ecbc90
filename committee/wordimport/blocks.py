"""A Word document as the reader of minutes sees it: paragraphs and tables, in order.

Every block carries where it came from (`where`: "অনুচ্ছেদ ৫", "সারণি ১, সারি ৩, ঘর ২"), so
the preview can show each recognised field beside its source. Text typed in the Bijoy
(SutonnyMJ) encoding is converted to Unicode run by run (`bijoy`), and line breaks inside
a paragraph are kept as "\n" (several decisions in one cell are often typed that way).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ..bangla import normalize_text, to_bangla_digits
from .bijoy import looks_like_bijoy, mentions_bijoy_font, run_is_bijoy, to_unicode


@dataclass
class Para:
    text: str
    where: str


@dataclass
class Cell:
    paragraphs: list[str]
    where: str

    @property
    def text(self) -> str:
        return "\n".join(p for p in self.paragraphs if p.strip())


@dataclass
class Grid:
    """A table: rows of cells, merged cells given once per row (a vertically merged
    cell repeats in the rows it spans, as Word shows it)."""
    rows: list[list[Cell]]
    where: str


@dataclass
class Blocks:
    items: list[Para | Grid] = field(default_factory=list)
    bijoy_runs: int = 0


def _run_text(run_el, bijoy_font: bool) -> str:
    parts = []
    for child in run_el.iterchildren():
        tag = child.tag
        if tag == qn("w:t"):
            parts.append(child.text or "")
        elif tag == qn("w:tab"):
            parts.append("\t")
        elif tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    text = "".join(parts)
    return to_unicode(text) if bijoy_font and text.strip() else text


class _Fonts:
    """Whether the document names a Bijoy font at all, and each style's answer."""
    def __init__(self, document):
        self.possible = mentions_bijoy_font(etree.tostring(document.element),
                                            etree.tostring(document.styles.element))
        self.styles: dict = {}


def _paragraph_text(paragraph: Paragraph, counter: list[int], fonts: _Fonts) -> str:
    """The paragraph's text with Bijoy runs converted; runs inside hyperlinks and
    field results included."""
    pieces = []
    for run_el in paragraph._p.iter(qn("w:r")):
        bijoy = fonts.possible and run_is_bijoy(run_el, paragraph, fonts.styles)
        if bijoy:
            counter[0] += 1
        pieces.append(_run_text(run_el, bijoy))
    text = "".join(pieces)
    if looks_like_bijoy(text):  # typed in Bijoy with a font the reader does not know
        counter[0] += 1
        text = to_unicode(text)
    return "\n".join(normalize_text(line) for line in text.replace("\u00a0", " ").split("\n"))


def _grid(table: Table, number: int, counter: list[int], fonts: _Fonts) -> Grid:
    rows = []
    for r, row in enumerate(table.rows, start=1):
        cells, seen = [], set()
        for c, cell in enumerate(row.cells, start=1):
            key = id(cell._tc)
            if key in seen:  # a horizontally merged cell, given once
                continue
            seen.add(key)
            paragraphs = [_paragraph_text(p, counter, fonts) for p in cell.paragraphs]
            for inner in cell.tables:  # a table inside a cell: its text, row by row
                for inner_row in inner.rows:
                    paragraphs.append("\t".join(
                        "\n".join(_paragraph_text(p, counter, fonts) for p in ic.paragraphs)
                        for ic in inner_row.cells))
            cells.append(Cell(paragraphs, f"সারণি {to_bangla_digits(number)}, "
                                          f"সারি {to_bangla_digits(r)}, ঘর {to_bangla_digits(c)}"))
        rows.append(cells)
    return Grid(rows, f"সারণি {to_bangla_digits(number)}")


def read_blocks(data: bytes) -> Blocks:
    """The document's body, in order. Raises whatever python-docx raises for a file that
    is not a Word document (the caller turns it into a Bangla refusal)."""
    document = Document(io.BytesIO(data))
    blocks = Blocks()
    counter = [0]
    fonts = _Fonts(document)
    paragraph_no = table_no = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph_no += 1
            text = _paragraph_text(Paragraph(child, document), counter, fonts)
            for line in text.split("\n"):
                blocks.items.append(Para(line.strip(), f"অনুচ্ছেদ {to_bangla_digits(paragraph_no)}"))
        elif child.tag == qn("w:tbl"):
            table_no += 1
            blocks.items.append(_grid(Table(child, document), table_no, counter, fonts))
    blocks.bijoy_runs = counter[0]
    return blocks
