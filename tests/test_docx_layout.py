"""The layout of the rendered documents, checked in LibreOffice's PDF, and the templates' XML.

Every document type is rendered, converted to PDF by LibreOffice in one run (its start-up is
the cost) and read back with `pdftotext -layout`: the memo number on one line, signatures on
the page of the text above them, page numbers in the footer, the Magura minutes in five
pages. Skipped when LibreOffice or poppler is missing (scripts/system-packages installs
them), except on CI.

The XML checks need no LibreOffice: property elements in the schema's order, rows that do not
split, repeated heading rows, neutral package properties, the Bangla font in the font table.
"""
from __future__ import annotations

import datetime
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from docx import Document
from lxml import etree

from committee.bangla import to_ascii_digits
from committee.extensions import db
from tests.conftest import MAGURA, _empty_tables
from tests.documents_helpers import TEMPLATES, nfc

TEMPLATE_NAMES = ("minutes.docx", "notice.docx", "apa_progress.docx", "corrigendum.docx",
                  "reminder.docx")
# The longest memo number: a 22-digit file number (2.2.4.3.3.2.4.2) and a 5-digit serial.
LONGEST_FILE = "৫৬.০৪.৫৫০০.০০০.০০৬.০১.২০২৫.০১"
# The example of issue 12, one digit longer than a file number may be: a margin.
WIDEST_MEMO = "৫৬.০৪.৫৫০০.০০০.০০৬.০১.২০২৫.০০১.৯৯৯৯৯"
SIGNATORY = ("মোঃ আবুল কাসেম পলাশ", "প্রোগ্রামার")
PAGE_NUMBER = re.compile(r"পৃষ্ঠা\s*([0-9০-৯]+)\s*/\s*([0-9০-৯]+)")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# ECMA-376 part 1: the child sequences of the property elements.
_RPR = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
        "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
        "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath")
ORDER = {
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
    "tcPr": ("cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
             "tcFitText vAlign hideMark headers cellIns cellDel cellMerge tcPrChange").split(),
    "sectPr": ("headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
               "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg "
               "textDirection bidi rtlGutter docGrid printerSettings sectPrChange").split(),
}


# -- rendering through LibreOffice ------------------------------------------------------

def require_tools() -> None:
    """Skip without LibreOffice or pdftotext; on CI (env CI set) that is a failure."""
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if missing:
        reason = f"{' and '.join(missing)} not installed (run scripts/system-packages)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def docx_to_pdf_pages(documents: dict[str, bytes], workdir: Path) -> dict[str, list[str]]:
    """Convert DOCX documents (name -> bytes) in one LibreOffice run; the text of each page
    of each PDF, laid out (`pdftotext -layout`), NFC. LibreOffice gets its own profile in
    ``workdir`` so that parallel runs do not share one."""
    paths = []
    for name, data in documents.items():
        path = workdir / f"{name}.docx"
        path.write_bytes(data)
        paths.append(str(path))
    profile = (workdir / "libreoffice-profile").as_uri()
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(workdir), *paths], capture_output=True, text=True, timeout=600)
    pages = {}
    for name in documents:
        pdf = workdir / f"{name}.pdf"
        assert pdf.exists(), f"LibreOffice did not convert {name}: {result.stderr[-2000:]}"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        pages[name] = [nfc(page) for page in text.split("\f")[:-1]]  # ends with "\f"
    return pages


def review_rows() -> list[dict]:
    return [
        {"decision": "১৪/০৩/২০২২ সভার সিদ্ধান্ত ২.২: অনলাইনের ডিজিটাল কনটেন্ট ব্যবহারের "
                     "ক্ষেত্রে মানসম্মত কনটেন্ট ব্যবহার করতে হবে।",
         "due": "৩০/০৪/২০২২",
         "statuses": ["জেলা শিক্ষা অফিসার: চলমান — ৩০টি বিদ্যালয়ে চালু",
                      "জেলা প্রাথমিক শিক্ষা অফিসার: বাস্তবায়িত"]},
        {"decision": "১৪/০৩/২০২২ সভার সিদ্ধান্ত ৩.১: উপজেলা পর্যায়ে ই-নথি সিস্টেম বাস্তবায়নে "
                     "ব্যবস্থা গ্রহণ করতে হবে।",
         "due": "",
         "statuses": ["উপজেলা নির্বাহী অফিসার (সকল): ৩/৭ বাস্তবায়িত"]},
    ]


def letter_common(header_lines) -> dict:
    return {"header_lines": header_lines, "memo_number": WIDEST_MEMO,
            "memo_date_bangla": "২৪ অগ্রহায়ণ ১৪৩২", "memo_date_gregorian": "০৯ ডিসেম্বর ২০২৫",
            "signatory_name": SIGNATORY[0], "signatory_designation": SIGNATORY[1]}


def corrigendum_context(header_lines, distribution) -> dict:
    return {
        **letter_common(header_lines), "is_draft": False,
        "subject": "জেলা আইসিটি কমিটির ১৪/০৩/২০২২ তারিখের মাসিক সভার কার্যবিবরণীর সংশোধনী",
        "reference": "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯, তারিখ: ২৪ চৈত্র ১৪২৮ / ০৭ এপ্রিল ২০২২",
        "intro": "সূত্রোক্ত স্মারকে জারিকৃত কার্যবিবরণীর নিম্নবর্ণিত অংশ নিম্নরূপভাবে সংশোধন "
                 "করা হলো:",
        "corrections": [
            {"number": "১", "ref": "২.১",
             "was": "নিয়মিত অনলাইনে ক্লাশ পরিচালনা ও অনলাইন এমএসসি সিস্টেমে তথ্য আপলোডের "
                    "সিদ্ধান্ত গৃহীত হয়।",
             "now": "নিয়মিত অনলাইনে ক্লাস পরিচালনা ও অনলাইন এমএমসি সিস্টেমে তথ্য আপলোডের "
                    "সিদ্ধান্ত গৃহীত হয়।"},
            {"number": "২", "ref": "৯.২", "was": "গোপালপুর সরকারী প্রাথমিক বিদ্যালয়",
             "now": "গোপালপুর সরকারি প্রাথমিক বিদ্যালয়"}],
        "closing_line": "কার্যবিবরণীর অন্যান্য অংশ অপরিবর্তিত থাকবে।",
        "distribution_heading": "বিতরণ (জ্যেষ্ঠতার ক্রমানুসারে নয়) :",
        "distribution": distribution,
        "copies": [{"number": "১)", "text": "অফিস কপি"}],
    }


def reminder_context(header_lines) -> dict:
    return {
        **letter_common(header_lines),
        "addressee": "জেলা শিক্ষা অফিসার\nমাগুরা।",
        "subject": "জেলা আইসিটি কমিটির সভার সিদ্ধান্ত বাস্তবায়নের অগ্রগতি প্রেরণ প্রসঙ্গে।",
        "references": ["৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯, তারিখ: ২৪ চৈত্র ১৪২৮ / ০৭ এপ্রিল ২০২২",
                       "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.১৫, তারিখ: ০৪ বৈশাখ ১৪২৯ / ১৭ এপ্রিল ২০২২"],
        "intro": "উপর্যুক্ত বিষয় ও সূত্রের প্রেক্ষিতে জানানো যাচ্ছে যে, ১৪/০৩/২০২২ তারিখে "
                 "অনুষ্ঠিত সভায় নিম্নবর্ণিত সিদ্ধান্তসমূহ বাস্তবায়নের দায়িত্ব আপনার দপ্তরকে "
                 "প্রদান করা হয়েছিল, যার অগ্রগতি অদ্যাবধি পাওয়া যায়নি।",
        "rows": [
            {"number": "১", "meeting_date": "১৪/০৩/২০২২", "decision_number": "২.২",
             "text": "অনলাইনের ডিজিটাল কনটেন্ট ব্যবহারের ক্ষেত্রে মানসম্মত কনটেন্ট ব্যবহার "
                     "করতে হবে।", "due": "৩০/০৪/২০২২", "status": "চলমান — ৩০টি বিদ্যালয়ে চালু"},
            {"number": "২", "meeting_date": "১৪/০৩/২০২২", "decision_number": "১৩.১",
             "text": "শিক্ষা মন্ত্রণালয়ের ল্যাব পরিচালনা নীতিমালা অনুযায়ী শিক্ষা প্রতিষ্ঠানের "
                     "কম্পিউটার ল্যাব পরিচালনা করতে হবে।", "due": "",
             "status": "অগ্রগতি পাওয়া যায়নি"}],
        "request": "আগামী ৩০/০৪/২০২২ তারিখের মধ্যে বাস্তবায়ন অগ্রগতি এ দপ্তরে প্রেরণের জন্য "
                   "অনুরোধ করা হলো।",
        "copies": [{"number": "১)", "text": "জেলা প্রশাসক ও সভাপতি, জেলা আইসিটি কমিটি, মাগুরা"},
                   {"number": "২)", "text": "অফিস কপি"}],
    }


def apa_context(header_lines) -> dict:
    return {
        "header_lines": header_lines[:2] + ["জেলা আইসিটি কার্যালয়, মাগুরা"], "is_draft": False,
        "title": "বার্ষিক কর্মসম্পাদন চুক্তি ২০২৪-২৫: ত্রৈমাসিক অগ্রগতি প্রতিবেদন",
        "office": "জেলা আইসিটি কার্যালয়, মাগুরা", "period": "২য় ত্রৈমাসিক (অক্টোবর–ডিসেম্বর)",
        "rows": [{"code": "[৩.১.১]", "title": "জেলা ও উপজেলা পর্যায়ে আইসিটি কমিটির সভা",
                  "unit": "সংখ্যা", "weight": "৪", "target": "১২", "q1": "৩", "q2": "৩",
                  "q3": "—", "q4": "—", "achievement": "৬", "score": "০",
                  "evidence": "১৪/০৭/২০২৪ (স্মারক ৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.১)"}],
        "total_score": "০", "total_weight": "৪", "report_date": "১৫ জানুয়ারি ২০২৫",
    }


def apa_results() -> list:
    """Two meetings indicators as committee.apa.service.compute gives them."""
    def result(code, title, target, quarters):
        return SimpleNamespace(indicator=SimpleNamespace(code=code, title=title,
                                                         source="meetings", targets=[target]),
                               quarters=quarters)
    return [result("[৩.১.১]", "জেলা ও উপজেলা পর্যায়ে আইসিটি কমিটির সভা", 12, [3, 2, 0, 0]),
            result("[৩.৪.১]", "আইসিটি সমন্বয় কমিটির সভা", 10, [1, 4, 0, 0])]


# The sweeps move a signature across the end of a page, one line at a time (LibreOffice 7.4
# with Noto Sans Bengali turns the page at 14 agenda items and at 28 entries).
NOTICE_AGENDA_SIZES = range(10, 19)
MINUTES_LIST_SIZES = range(24, 33)


@pytest.fixture(scope="module")
def rendered(_session_app, tmp_path_factory):
    """Every document type rendered and converted: {"name": (docx bytes, [page texts])}.

    The Magura minutes and notice are issued by the application from the committee's file,
    whose number is made the longest possible (22 digits) with the serial at 99,998/99,999.
    """
    require_tools()
    from committee.apa.docx import progress_charts
    from committee.documents.context import minutes_context, notice_context
    from committee.documents.render import render_docx, render_minutes, render_notice
    from committee.documents.service import issue_minutes, issue_notice
    from committee.imports import import_document

    app = _session_app
    _empty_tables(app)
    doc = json.loads(MAGURA.read_text(encoding="utf-8"))
    doc["committee"]["file_number"] = LONGEST_FILE
    doc["issue"]["memo_serial"] = None  # issued below, notice first
    docs = {}
    with app.app_context():
        meeting = import_document(doc)
        meeting.committee.serial_reached = 99997
        db.session.commit()
        issue_notice(meeting, datetime.date(2022, 3, 9))
        issue_minutes(meeting, datetime.date(2022, 4, 7))
        docs["minutes"] = render_minutes(meeting)
        docs["notice"] = render_notice(meeting)
        minutes, notice = minutes_context(meeting), notice_context(meeting)
        header = minutes["header_lines"]
        docs["later_minutes"] = render_docx("minutes.docx", {
            **minutes, "review_rows": review_rows(),
            "copies": [{"number": "১)", "text": "জেলা প্রশাসক, মাগুরা"},
                       {"number": "২)", "text": "অফিস কপি"}]})
        docs["corrigendum"] = render_docx(
            "corrigendum.docx", corrigendum_context(header, minutes["distribution"]))
        docs["reminder"] = render_docx("reminder.docx", reminder_context(header))
        docs["apa_progress"] = render_docx(
            "apa_progress.docx", apa_context(header), charts=progress_charts(apa_results(), 2),
            charts_heading="লেখচিত্র: প্রান্তিকভিত্তিক অনুষ্ঠিত সভা বনাম লক্ষ্যমাত্রা")
        for n in NOTICE_AGENDA_SIZES:
            agenda = [{"number": f"{i}.", "title": f"আলোচ্য বিষয় {i}"} for i in range(1, n + 1)]
            docs[f"notice_agenda_{n}"] = render_docx("notice.docx", {**notice, "agenda": agenda})
        for n in MINUTES_LIST_SIZES:
            entries = [{"number": f"{i})", "text": f"প্রাপক দপ্তর {i}"} for i in range(1, n + 1)]
            docs[f"minutes_list_{n}"] = render_docx("minutes.docx", {
                **minutes, "items": minutes["items"][:2], "distribution": entries,
                "copies": []})
    _empty_tables(app)
    pages = docx_to_pdf_pages(docs, tmp_path_factory.mktemp("layout"))
    return {name: (docs[name], pages[name]) for name in docs}


def pages_of(rendered, name: str) -> list[str]:
    return rendered[name][1]


def squeeze(text: str) -> str:
    """NFC without spaces and line breaks (page breaks stay): pdftotext sometimes splits a
    Bangla word ("অপরিবর্তি ত")."""
    return re.sub(r"[^\S\f]+", "", nfc(text))


def page_of(pages: list[str], text: str, last: bool = False) -> int:
    """The index of the (first or last) page on which ``text`` appears."""
    found = [i for i, page in enumerate(pages) if squeeze(text) in squeeze(page)]
    assert found, f"not in the PDF: {text!r}"
    return found[-1] if last else found[0]


def assert_kept_together(pages: list[str], before: str, name: str, designation: str):
    """The signature (name, designation) and ``before``, the text just above it, on one
    page: the last occurrences, the designation after the name."""
    joined = squeeze("\f".join(pages))
    at_name = joined.rfind(squeeze(name))
    assert at_name >= 0, f"signature missing: {name!r}"
    at_designation = joined.find(squeeze(designation), at_name)
    at_before = joined.rfind(squeeze(before), 0, at_name)
    assert at_designation >= 0 and at_before >= 0, (before, name, designation)
    assert "\f" not in joined[at_before:at_designation], \
        f"page break between {before!r} and the signature {name!r}/{designation!r}"


# -- the memo line ----------------------------------------------------------------------

@pytest.mark.parametrize("name, memo", [
    ("minutes", LONGEST_FILE + ".৯৯৯৯৯"), ("later_minutes", LONGEST_FILE + ".৯৯৯৯৯"),
    ("notice", LONGEST_FILE + ".৯৯৯৯৮"), ("corrigendum", WIDEST_MEMO),
    ("reminder", WIDEST_MEMO)],
    ids=["minutes", "later_minutes", "notice", "corrigendum", "reminder"])
def test_memo_number_and_date_label_on_one_line(rendered, name, memo):
    lines = [line for page in pages_of(rendered, name) for line in page.splitlines()]
    memo_lines = [line for line in lines if "স্মারক নম্বর" in line]
    assert len(memo_lines) == 1, memo_lines
    assert f"স্মারক নম্বর: {memo}" in memo_lines[0]  # the whole number, not wrapped
    assert "তারিখ:" in memo_lines[0]  # centred on the rule between the two dates


# -- signatures -------------------------------------------------------------------------

def test_signatures_stay_on_the_page_of_the_text_above(rendered):
    minutes = pages_of(rendered, "minutes")
    assert_kept_together(minutes, "সভার সমাপ্তি ঘোষণা", "ড. আশরাফুল আলম", "জেলা প্রশাসক")
    assert_kept_together(minutes, "উপজেলা নির্বাহী অফিসার (সকল), মাগুরা", *SIGNATORY)
    later = pages_of(rendered, "later_minutes")
    assert_kept_together(later, "সভার সমাপ্তি ঘোষণা", "ড. আশরাফুল আলম", "জেলা প্রশাসক")
    assert_kept_together(later, "২) অফিস কপি", *SIGNATORY)
    assert_kept_together(pages_of(rendered, "notice"), "বিনীত অনুরোধ করা হলো।", *SIGNATORY)
    assert_kept_together(pages_of(rendered, "corrigendum"), "অপরিবর্তিত থাকবে।", *SIGNATORY)
    assert_kept_together(pages_of(rendered, "reminder"), "প্রেরণের জন্য", *SIGNATORY)


def _sweep(rendered, prefix: str, sizes, before, *, moved_alone: str | None = None):
    """Each variant keeps its signature with ``before(n)``; the sweep must cross a page end."""
    signature_pages = set()
    for n in sizes:
        pages = pages_of(rendered, f"{prefix}{n}")
        assert_kept_together(pages, before(n), *SIGNATORY)
        signature_pages.add(page_of(pages, SIGNATORY[0], last=True))
    assert len(signature_pages) > 1, (
        f"the {prefix}* variants never moved the signature to another page: "
        f"widen the sizes ({sizes}) so the test crosses a page end")


def test_a_signature_never_leaves_the_request_above_it(rendered):
    _sweep(rendered, "notice_agenda_", NOTICE_AGENDA_SIZES,
           lambda n: "বিনীত অনুরোধ করা হলো।")


def test_a_signature_takes_the_last_list_entry_along(rendered):
    _sweep(rendered, "minutes_list_", MINUTES_LIST_SIZES, lambda n: f"প্রাপক দপ্তর {n}")

    def entry_page(pages, i):
        return next(p for p, text in enumerate(pages)
                    if re.search(rf"প্রাপক দপ্তর {i}(?!\d)", text))

    # …and only the last entry: somewhere the list breaks right before it.
    assert any(entry_page(pages, n - 1) < entry_page(pages, n)
               for n in MINUTES_LIST_SIZES
               for pages in [pages_of(rendered, f"minutes_list_{n}")])


# -- page numbers, page counts ----------------------------------------------------------

@pytest.mark.parametrize("name", ["minutes", "later_minutes", "notice", "corrigendum",
                                  "reminder", "apa_progress"])
def test_every_page_has_its_number_in_the_footer(rendered, name):
    """"পৃষ্ঠা 2/5": LibreOffice prints the digits of PAGE/NUMPAGES in ASCII (no DOCX page
    number format gives Bangla digits there; README.md), so either digit system passes."""
    pages = pages_of(rendered, name)
    for index, page in enumerate(pages, start=1):
        numbers = PAGE_NUMBER.findall(page)
        assert numbers, f"page {index} of {name} has no page number"
        page_no, total = (int(to_ascii_digits(d)) for d in numbers[-1])
        assert (page_no, total) == (index, len(pages))


def test_the_apa_charts_print_with_bangla_digits_on_one_page(rendered):
    """Both charts, drawn by LibreOffice from the chart parts: the heading and the charts
    on one page, the titles and legends in Bangla, every number in Bangla digits (axis
    ০–৪, the held counts ৩ ২ ১ ৪ and the quarter's target ৩ and ২.৫)."""
    pages = pages_of(rendered, "apa_progress")
    page = next(p for p in pages if "লেখচিত্র: প্রান্তিকভিত্তিক অনুষ্ঠিত সভা বনাম লক্ষ্যমাত্রা" in p)
    flat = nfc(" ".join(page.split()))
    for text in ("[৩.১.১] অনুষ্ঠিত সভা বনাম লক্ষ্যমাত্রা",
                 "[৩.৪.১] অনুষ্ঠিত সভা বনাম লক্ষ্যমাত্রা", "অনুষ্ঠিত সভা",
                 "লক্ষ্যমাত্রা (বার্ষিক ÷ ৪)", "১ম প্রান্তিক", "৪র্থ প্রান্তিক", "২.৫"):
        assert nfc(text) in flat, text
    body = PAGE_NUMBER.sub("", page)
    assert not re.search(r"[0-9]", body), body


def test_magura_minutes_fit_in_five_pages(rendered):
    assert len(pages_of(rendered, "minutes")) <= 5


def test_the_review_table_and_the_agenda_table_stay_two_tables(rendered):
    doc = Document(io.BytesIO(rendered["later_minutes"][0]))
    blocks = list(doc.iter_inner_content())
    tables = [i for i, b in enumerate(blocks) if hasattr(b, "rows")]
    review = next(i for i in tables if blocks[i].rows[0].cells[0].text == "সিদ্ধান্ত")
    agenda = next(i for i in tables if blocks[i].rows[0].cells[0].text == "আলোচনা")
    between = [b.text for b in blocks[review + 1:agenda]]
    assert between == ["আলোচ্যসূচি অনুযায়ী আলোচনা ও সিদ্ধান্ত"]
    review_table = blocks[review]
    assert len(review_table.rows) == 1 + 2
    assert [p.text for p in review_table.rows[1].cells[2].paragraphs] == [
        nfc("জেলা শিক্ষা অফিসার: চলমান — ৩০টি বিদ্যালয়ে চালু"),
        nfc("জেলা প্রাথমিক শিক্ষা অফিসার: বাস্তবায়িত")]
    text = "\n".join(pages_of(rendered, "later_minutes"))
    assert "পূর্ববর্তী সভার সিদ্ধান্ত বাস্তবায়ন অগ্রগতি" in text
    assert "আলোচ্যসূচি অনুযায়ী আলোচনা ও সিদ্ধান্ত" in text


def test_rendered_rows_do_not_split_and_headings_repeat(rendered):
    """docxtpl's {%tr %} copies keep the row properties of the template."""
    for name in ("minutes", "later_minutes", "corrigendum", "reminder", "apa_progress"):
        body = etree.fromstring(zipfile.ZipFile(io.BytesIO(rendered[name][0]))
                                .read("word/document.xml"))
        rows = list(body.iter(f"{W}tr"))
        assert rows and all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows), name
    body = Document(io.BytesIO(rendered["minutes"][0]))
    agenda = next(t for t in body.tables if t.rows[0].cells[0].text == "আলোচনা")
    assert len(agenda.rows) == 14
    assert agenda.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None


# -- the templates' XML -----------------------------------------------------------------

def _parts(name: str) -> dict[str, bytes]:
    with zipfile.ZipFile(TEMPLATES / name) as z:
        return {n: z.read(n) for n in z.namelist()}


def _out_of_order(root) -> list[str]:
    problems = []
    for parent, order in ORDER.items():
        for element in root.iter(f"{W}{parent}"):
            names = [etree.QName(c).localname for c in element
                     if isinstance(c.tag, str) and c.tag.startswith(W)]
            ranks = [order.index("headerReference" if n == "footerReference" else n)
                     if n in order else -1 for n in names]
            if -1 in ranks or ranks != sorted(ranks):
                problems.append(f"{parent}: {' '.join(names)}")
    return problems


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_properties_are_in_schema_order(name):
    parts = _parts(name)
    xml_parts = [n for n in parts if re.fullmatch(
        r"word/(styles|document|numbering|header\d*|footer\d*)\.xml", n)]
    assert {"word/styles.xml", "word/document.xml"} <= set(xml_parts)
    for part in xml_parts:
        problems = _out_of_order(etree.fromstring(parts[part]))
        assert not problems, (part, problems[:5])


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_rows_do_not_split_and_bordered_tables_repeat_their_heading(name):
    body = etree.fromstring(_parts(name)["word/document.xml"])
    tables = list(body.iter(f"{W}tbl"))
    assert tables
    for tbl in tables:
        rows = tbl.findall(f"{W}tr")
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        if tbl.find(f"{W}tblPr/{W}tblStyle") is not None:  # "Table Grid": bordered
            assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_package_properties_are_neutral(name):
    parts = _parts(name)
    core = parts["docProps/core.xml"].decode("utf-8")
    for default in ("2013-12-23", "generated by python-docx", ">python-docx<"):
        assert default not in core
    for empty in ("title", "keywords", "description", "category"):
        assert re.search(rf"<(dc|cp):{empty}\s*/>|<(dc|cp):{empty}></(dc|cp):{empty}>", core), \
            empty
    assert "Microsoft" not in parts["docProps/app.xml"].decode("utf-8")
    assert "docProps/thumbnail.jpeg" not in parts
    settings = etree.fromstring(parts["word/settings.xml"])
    lang = settings.find(f"{W}themeFontLang")
    assert dict(lang.attrib) == {f"{W}val": "en-US", f"{W}bidi": "bn-BD"}
    assert b"ja-JP" not in parts["word/settings.xml"]
    fonts = etree.fromstring(parts["word/fontTable.xml"])
    nikosh = fonts.find(f"{W}font[@{W}name='Nikosh']")
    assert nikosh is not None
    assert nikosh.find(f"{W}altName").get(f"{W}val") == "Noto Sans Bengali"
    assert nikosh.find(f"{W}charset") is not None and nikosh.find(f"{W}family") is not None
    assert b'script="Beng" typeface="Nikosh"' in parts["word/theme/theme1.xml"]
    styles = parts["word/styles.xml"].decode("utf-8")
    assert 'w:bidi="bn-BD"' in styles


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_footer_numbers_pages_in_a_bangla_run(name):
    parts = _parts(name)
    footers = [etree.fromstring(parts[n]) for n in parts if re.fullmatch(r"word/footer\d*\.xml", n)]
    assert footers
    instructions = [t.text.strip() for f in footers for t in f.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    for footer in footers:
        for run in footer.iter(f"{W}r"):
            if run.find(f"{W}fldChar") is not None or run.find(f"{W}instrText") is not None:
                lang = run.find(f"{W}rPr/{W}lang")
                assert lang.get(f"{W}val") == lang.get(f"{W}bidi") == "bn-BD"
                assert run.find(f"{W}rPr/{W}cs") is not None
