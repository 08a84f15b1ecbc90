"""Word documents of minutes for the import tests, written with python-docx.

`magura_docx()` lays the Magura minutes of 14/03/2022 out as the seed text shows them
(tests/data/magura-2022-03-14-seed.txt: header lines, the chair/date/time/venue block,
the three-column table with the rows exactly as typed, closing, signature, memo number
with both dates, the numbered distribution list, the issuing officer). The variations
of hand-typed minutes are options of `minutes_docx()`.
"""
from __future__ import annotations

import copy
import io
import re
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

SEED = Path(__file__).resolve().parent / "data" / "magura-2022-03-14-seed.txt"


@lru_cache(maxsize=1)
def _seed_parts() -> dict:
    """The seed text cut into the parts of the minutes."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines[:8] if line.strip() and line.strip() != "..."]
    rows = [[re.sub(r"</?p>", "", c).strip() for c in line.split("\t")]
            for line in lines if line.count("\t") == 2]
    chair_at = next(i for i, line in enumerate(lines) if line.startswith("সভাপতি ")
                    and len(line) < 120)
    present_at = next(i for i, line in enumerate(lines) if line.startswith("উপস্থিতি"))
    labelled = [line for line in lines[chair_at:present_at + 1] if line.strip()]
    opening = next(line for line in lines if line.startswith("সভাপতি উপস্থিত"))
    closing = next(line for line in lines if line.startswith("পরিশেষে"))
    dist_at = next(i for i, line in enumerate(lines) if line.startswith("বিতরণ"))
    entries = [line.lstrip("- ").strip() for line in lines[dist_at + 1:]
               if line.startswith("- ")]
    tail = [line.strip() for line in lines[dist_at + 1:]
            if line.strip() and not line.startswith("- ")]
    return {"header": header, "labelled": labelled, "opening": opening, "rows": rows,
            "closing": closing, "distribution_head": lines[dist_at], "entries": entries,
            "signatory": tail}


def seed_parts() -> dict:
    """The seed text cut into the parts of the minutes (a fresh copy to change)."""
    return copy.deepcopy(_seed_parts())


def _set_font(run, name: str) -> None:
    run.font.name = name
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:cs"), name)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    tr_pr.append(el)


def _fill(cell, text: str, breaks: bool = False) -> None:
    """Text into a cell: paragraphs at "\n\n", line breaks at "\n" when `breaks`."""
    cell.text = ""
    paragraphs = text.split("\n\n") if not breaks else [text]
    first = cell.paragraphs[0]
    for k, ptext in enumerate(paragraphs):
        paragraph = first if k == 0 else cell.add_paragraph()
        for j, line in enumerate(ptext.split("\n")):
            run = paragraph.add_run(line)
            if j < len(ptext.split("\n")) - 1:
                run.add_break(WD_BREAK.LINE)


def minutes_docx(*, header=None, title="জেলা আইসিটি কমিটির মাসিক সভার কার্যবিবরণী",
                 labelled=None, opening=None, rows=None, closing=None,
                 memo_line="স্মারক নম্বর: ৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯",
                 date_lines=("তারিখ: ২৪ চৈত্র ১৪২৮", "০৭ এপ্রিল ২০২২"),
                 distribution_head=None, entries=None, signatory=None,
                 split_at: int | None = None, repeat_header: bool = True,
                 distribution_table: bool = False, number_column: bool = False,
                 chair_signature=("ড. আশরাফুল আলম", "জেলা প্রশাসক")) -> bytes:
    """One document of minutes; every part defaults to the Magura seed's."""
    seed = seed_parts()
    doc = Document()
    for line in (seed["header"] if header is None else header):
        doc.add_paragraph(line)
    if title:
        doc.add_paragraph(title)
    for line in (seed["labelled"] if labelled is None else labelled):
        doc.add_paragraph(line)
    doc.add_paragraph(seed["opening"] if opening is None else opening)
    rows = seed["rows"][1:] if rows is None else rows
    heads = ["আলোচনা", "সিদ্ধান্ত", "বাস্তবায়নে"]
    if number_column:
        heads = ["ক্রমিক"] + heads
    parts = [rows] if split_at is None else [rows[:split_at], rows[split_at:]]
    for k, part in enumerate(parts):
        if k:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        table = doc.add_table(rows=0, cols=len(heads))
        if k == 0 or repeat_header:
            hdr = table.add_row()
            _repeat_header(hdr)
            for cell, text in zip(hdr.cells, heads, strict=True):
                cell.text = text
        for row in part:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                _fill(cell, text, breaks="\n" in text and "\n\n" not in text)
    doc.add_paragraph(seed["closing"] if closing is None else closing)
    for line in chair_signature:
        doc.add_paragraph(line)
    if memo_line:
        doc.add_paragraph(memo_line)
        for line in date_lines:
            doc.add_paragraph(line)
        doc.add_paragraph(seed["distribution_head"] if distribution_head is None
                          else distribution_head)
        entries = seed["entries"] if entries is None else entries
        if distribution_table:
            table = doc.add_table(rows=0, cols=2)
            for entry in entries:
                number, _, text = entry.partition(") ")
                cells = table.add_row().cells
                cells[0].text, cells[1].text = number, text
        else:
            for entry in entries:
                doc.add_paragraph(entry)
        for line in (seed["signatory"] if signatory is None else signatory):
            doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@lru_cache(maxsize=1)
def magura_docx() -> bytes:
    """The Magura minutes of 14/03/2022, laid out as the seed text shows them (one file:
    the same bytes at every call, as an officer's file is; python-docx would otherwise
    stamp each save with its own time)."""
    return minutes_docx()


def with_merged_responsible(data: bytes, first: int, last: int, table: int = 0) -> bytes:
    """The document with the বাস্তবায়নে cells of data rows first..last (0-based, after
    the header) merged into one, as typists do for rows sharing their offices."""
    doc = Document(io.BytesIO(data))
    grid = doc.tables[table]
    column = len(grid.columns) - 1
    top, bottom = grid.cell(first + 1, column), grid.cell(last + 1, column)
    text = top.text
    top.merge(bottom)
    _fill(top, text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# A short set of minutes typed in Bijoy (SutonnyMJ): each string's Unicode reading is in
# BIJOY_EXPECTED (the converter is checked against these known words).
BIJOY = {
    "header": ["MYcÖRvZš¿x evsjv‡`k miKvi", "‡Rjv cÖkvm‡Ki Kvh©vjq, gvMyiv"],
    "title": "‡Rjv AvBwmwU KwgwUi gvwmK mfvi Kvh©weeiYx",
    "labelled": ["mfvcwZ W. Avkivdzj Avjg", "‡Rjv cÖkvmK", "mfvi ZvwiL 14/03/2022 wLª:",
                 "mfvi mgq mKvj 11:00 Uv", "¯’vb ‡Rjv cÖkvm‡Ki m‡¤§jb K¶"],
    "opening": "mfvcwZ mK‡ji mn‡hvwMZv Kvgbv K‡i mfvi KvR ïiæ K‡ib|",
    "heads": ["Av‡jvPbv", "wm×všÍ", "ev¯Íevq‡b"],
    "rows": [["1| c~e©eZ©x mfvi Kvh©weeiYx: mfvcwZi m¤§wZµ‡g Kvh©weeiYx cvV Kiv nq|",
              "1.1| Kvh©weeiYx Aby‡gv`b Kiv nq|", "‡cÖvMÖvgvi, gvMyiv"],
             ["2| B-‡mev: B-bw_ wb‡q Av‡jvPbv nq|",
              "2.1| B-bw_ e¨envi evov‡Z n‡e| 2.2| mKj `ß‡i B-bw_ Pvjy Ki‡Z n‡e|",
              "Dc‡Rjv wbe©vnx Awdmvi (mKj) I ‡Rjv wk¶v Awdmvi"]],
    "closing": "cwi‡k‡l mfvcwZ mK‡ji mn‡hvwMZv Kvgbv K‡i mfvi mgvwß †NvlYv K‡ib|",
    "memo": "¯§viK b¤^i: 56.04.5500.000.06.001.20.9",
    "dates": ["ZvwiL: 24 ‰PÎ 1428", "07 GwcÖj 2022"],
    "distribution": "weZiY:",
    "entries": ["1) ‡Rjv wk¶v Awdmvi, gvMyiv", "2) Dc‡Rjv wbe©vnx Awdmvi (mKj), gvMyiv"],
    "signatory": ["‡gvt Avey Kv‡mg", "‡cÖvMÖvgvi"],
}
BIJOY_EXPECTED = {
    "title": "জেলা আইসিটি কমিটির মাসিক সভার কার্যবিবরণী",
    "chair": "ড. আশরাফুল আলম",
    "venue": "জেলা প্রশাসকের সম্মেলন কক্ষ",
    "item_titles": ["পূর্ববর্তী সভার কার্যবিবরণী", "ই-সেবা"],
    "decisions": [["কার্যবিবরণী অনুমোদন করা হয়।"],
                  ["ই-নথি ব্যবহার বাড়াতে হবে।", "সকল দপ্তরে ই-নথি চালু করতে হবে।"]],
    "responsible": [["প্রোগ্রামার, মাগুরা"],
                    ["উপজেলা নির্বাহী অফিসার (সকল)", "জেলা শিক্ষা অফিসার"]],
    "entries": ["জেলা শিক্ষা অফিসার, মাগুরা", "উপজেলা নির্বাহী অফিসার (সকল), মাগুরা"],
    "signatory": "মোঃ আবু কাসেম",
}


def bijoy_docx() -> bytes:
    """Minutes typed in Bijoy with the SutonnyMJ font, as old offices did."""
    doc = Document()

    def para(text: str) -> None:
        _set_font(doc.add_paragraph().add_run(text), "SutonnyMJ")

    for line in BIJOY["header"]:
        para(line)
    para(BIJOY["title"])
    for line in BIJOY["labelled"]:
        para(line)
    para(BIJOY["opening"])
    table = doc.add_table(rows=0, cols=3)
    for row in [BIJOY["heads"]] + BIJOY["rows"]:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            _set_font(cell.paragraphs[0].add_run(text), "SutonnyMJ")
    para(BIJOY["closing"])
    para(BIJOY["memo"])
    for line in BIJOY["dates"]:
        para(line)
    para(BIJOY["distribution"])
    for line in BIJOY["entries"] + BIJOY["signatory"]:
        para(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def letter_docx(text: str = "বিষয়: ছুটির আবেদন। জনাব, বিনীত নিবেদন এই যে …") -> bytes:
    """A Word document that is not minutes."""
    doc = Document()
    for line in text.split("\n"):
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
