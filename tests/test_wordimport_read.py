"""Reading minutes from Word documents: the Magura minutes and the variations of
hand-typed minutes (nothing stored; the reader alone)."""
import json

import pytest

from committee.bangla import normalize_text
from committee.directory.service import known_places
from committee.wordimport.bijoy import looks_like_bijoy, to_unicode
from committee.wordimport.blocks import read_blocks
from committee.wordimport.numbering import split_decisions, split_responsible
from committee.wordimport.parse import read_minutes
from committee.wordimport.service import field_share
from tests.conftest import MAGURA
from tests.wordimport_docs import (
    BIJOY,
    BIJOY_EXPECTED,
    bijoy_docx,
    magura_docx,
    minutes_docx,
    seed_parts,
    with_merged_responsible,
)

EXPECTED = json.loads(MAGURA.read_text(encoding="utf-8"))
# The seed text spells item 1 "দৃষ্টিকরণ" where the issued minutes (the JSON) say দৃঢ়ীকরণ.
SEED_SPELLING = {0}


def read(data: bytes):
    districts, upazilas = known_places()
    return read_minutes(read_blocks(data), districts, upazilas)


def _norm(texts):
    return [normalize_text(t) for t in texts]


def test_magura_minutes_read_into_13_items_and_29_decisions():
    reading = read(magura_docx())
    doc = reading.document
    items = doc["meeting"]["items"]
    assert len(items) == 13
    assert sum(len(i["decisions"]) for i in items) == 29
    assert reading.problems == []
    assert doc["committee"]["file_number"] == "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০"
    assert doc["issue"]["memo_serial"] == 9
    assert doc["meeting"]["held_on"] == "2022-03-14"
    assert doc["issue"]["memo_date"] == "2022-04-07"
    assert doc["meeting"]["time"] == "11:00"
    assert doc["meeting"]["venue"] == "অনলাইন জুম প্ল্যাটফর্ম"
    assert doc["meeting"]["chair"] == EXPECTED["meeting"]["chair"]
    assert doc["committee"]["name"] == EXPECTED["committee"]["name"]
    assert doc["committee"]["district"] == "মাগুরা"
    assert doc["committee"]["office_header"] == EXPECTED["committee"]["office_header"]
    assert doc["issue"]["distribution"] == EXPECTED["issue"]["distribution"]
    assert doc["issue"]["distribution_note"] == "জ্যেষ্ঠতার ক্রমানুসারে নয়"
    assert doc["issue"]["signatory"] == EXPECTED["issue"]["signatory"]
    assert normalize_text(doc["meeting"]["opening"]) == normalize_text(
        EXPECTED["meeting"]["opening"])
    assert normalize_text(doc["meeting"]["closing"]) == normalize_text(
        EXPECTED["meeting"]["closing"])
    for i, (got, want) in enumerate(zip(items, EXPECTED["meeting"]["items"], strict=True)):
        assert got["responsible"] == want["responsible"], i
        if i in SEED_SPELLING:
            continue
        assert got["title"] == want["title"], i
        assert _norm(d["text"] for d in got["decisions"]) == \
            _norm(d["text"] for d in want["decisions"]), i
        assert normalize_text(got["discussion"]) == normalize_text(want["discussion"]), i


def test_every_field_is_shown_with_its_source():
    reading = read(magura_docx())
    sources = reading.sources
    assert "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯" in sources["issue.memo_serial"]["text"]
    assert sources["meeting.held_on"]["text"] == "সভার তারিখ ১৪/০৩/২০২২ খ্রিঃ"
    assert "২৪ চৈত্র ১৪২৮" in sources["issue.memo_date"]["text"]
    assert "০৭ এপ্রিল ২০২২" in sources["issue.memo_date"]["text"]
    assert sources["meeting.items[5].title"]["text"].startswith("৬। শেখ রাসেল ডিজিটাল ল্যাবঃ")
    assert sources["meeting.items[5].title"]["where"] == "সারণি ১, সারি ৭, ঘর ১"
    # Item ১ (confirming the last minutes) names no office: 17 + 13 × 3 − 1 fields.
    assert field_share(reading.document, reading.problems, reading.sources) == (55, 55)


def _rows(*rows):
    return [list(r) for r in rows]


ROW_ITEM = ("২. ই-সেবা: ই-নথি নিয়ে আলোচনা হয়।", "{decisions}", "{offices}")


@pytest.mark.parametrize("decisions, expected", [
    ("২.১. ই-নথি চালু করতে হবে। ২.২. প্রশিক্ষণ দিতে হবে।",
     ["ই-নথি চালু করতে হবে।", "প্রশিক্ষণ দিতে হবে।"]),
    ("২.১। ই-নথি চালু করতে হবে। ২.২। প্রশিক্ষণ দিতে হবে।",
     ["ই-নথি চালু করতে হবে।", "প্রশিক্ষণ দিতে হবে।"]),
    ("২.১।ই-নথি চালু করতে হবে।২.২।প্রশিক্ষণ দিতে হবে।",
     ["ই-নথি চালু করতে হবে।", "প্রশিক্ষণ দিতে হবে।"]),
    ("১. ই-নথি চালু করতে হবে।", ["ই-নথি চালু করতে হবে।"]),
    ("ই-নথি চালু করতে হবে।", ["ই-নথি চালু করতে হবে।"]),
    ("ই-নথি চালু করতে হবে।\n\nপ্রশিক্ষণ দিতে হবে।",  # paragraphs, no numbers
     ["ই-নথি চালু করতে হবে।", "প্রশিক্ষণ দিতে হবে।"]),
    ("২.১ ই-নথি চালু করতে হবে।\n২.২ প্রশিক্ষণ দিতে হবে (কোভিড-১৯ বিধি মেনে)।",  # line break
     ["ই-নথি চালু করতে হবে।", "প্রশিক্ষণ দিতে হবে (কোভিড-১৯ বিধি মেনে)।"]),
    ("০২.০১ ই-নথি চালু করতে হবে। ০২.০২ প্রশিক্ষণ দিতে হবে।",
     ["ই-নথি চালু করতে হবে।", "প্রশিক্ষণ দিতে হবে।"]),
])
def test_decision_numbering_variations(decisions, expected):
    data = minutes_docx(rows=_rows((ROW_ITEM[0], decisions, "জেলা শিক্ষা অফিসার")))
    item = read(data).document["meeting"]["items"][0]
    assert [d["text"] for d in item["decisions"]] == expected
    assert item["title"] == "ই-সেবা"


@pytest.mark.parametrize("number, separator", [
    ("৬।", ":"), ("০৯।", "ঃ"), ("২.", ":"), ("১)", "ঃ"), ("3.", ":")])
def test_item_numbers_and_title_separators(number, separator):
    row = (f"{number} শেখ রাসেল ডিজিটাল ল্যাব{separator} সহঃ প্রোগ্রামার জানান ল্যাব চালু।",
           "১. পরিদর্শন করতে হবে।", "সহঃ প্রোগ্রামার (সকল)")
    item = read(minutes_docx(rows=_rows(row))).document["meeting"]["items"][0]
    assert item["title"] == "শেখ রাসেল ডিজিটাল ল্যাব"
    assert item["discussion"] == "সহঃ প্রোগ্রামার জানান ল্যাব চালু।"


@pytest.mark.parametrize("offices, expected", [
    ("জেলা শিক্ষা অফিসার, জেলা প্রাথমিক শিক্ষা অফিসার",
     ["জেলা শিক্ষা অফিসার", "জেলা প্রাথমিক শিক্ষা অফিসার"]),
    ("জেলা শিক্ষা অফিসার ও জেলা প্রাথমিক শিক্ষা অফিসার",
     ["জেলা শিক্ষা অফিসার", "জেলা প্রাথমিক শিক্ষা অফিসার"]),
    ("জেলা শিক্ষা অফিসার/ উপজেলা নির্বাহী অফিসার (সকল)",
     ["জেলা শিক্ষা অফিসার", "উপজেলা নির্বাহী অফিসার (সকল)"]),
    ("জেলা শিক্ষা অফিসার\nউপজেলা নির্বাহী অফিসার (সকল)\nপ্রোগ্রামার, মাগুরা।",
     ["জেলা শিক্ষা অফিসার", "উপজেলা নির্বাহী অফিসার (সকল)", "প্রোগ্রামার, মাগুরা"]),
    ("অতিরিক্ত জেলা প্রশাসক (শিক্ষা ও আইসিটি), স্ব স্ব দপ্তর/ সংস্থা প্রধান",
     ["অতিরিক্ত জেলা প্রশাসক (শিক্ষা ও আইসিটি)", "স্ব স্ব দপ্তর/ সংস্থা প্রধান"]),
    ("প্রোগ্রামার, তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর, সহকারী প্রোগ্রামার (সকল), মাগুরা",
     ["প্রোগ্রামার, তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর", "সহকারী প্রোগ্রামার (সকল), মাগুরা"]),
])
def test_responsible_offices_as_typed(offices, expected):
    assert split_responsible(offices, {"মাগুরা"}) == expected
    data = minutes_docx(rows=_rows(("১. বিবিধ: আলোচনা হয়।", "১.১ ব্যবস্থা নিতে হবে।", offices)))
    assert read(data).document["meeting"]["items"][0]["responsible"] == expected


@pytest.mark.parametrize("repeat_header", [True, False])
def test_table_split_across_pages(repeat_header):
    whole = read(magura_docx()).document["meeting"]["items"]
    split = read(minutes_docx(split_at=6, repeat_header=repeat_header))
    assert split.problems == []
    assert split.document["meeting"]["items"] == whole


def test_row_continued_on_the_next_page_joins_its_item():
    rows = seed_parts()["rows"][1:4]
    first, second = rows[1][1].split(" ২.৩।")
    rows[1] = [rows[1][0], first, rows[1][2]]
    rows.insert(2, ["", "২.৩।" + second, ""])
    items = read(minutes_docx(rows=rows, split_at=2)).document["meeting"]["items"]
    assert len(items) == 3 and len(items[1]["decisions"]) == 3


def test_merged_responsible_cells_apply_to_each_row():
    data = with_merged_responsible(magura_docx(), 10, 11)  # items ১১ and ১২ share offices
    items = read(data).document["meeting"]["items"]
    assert len(items) == 13
    assert items[10]["responsible"] == items[11]["responsible"] == \
        EXPECTED["meeting"]["items"][10]["responsible"]


def test_number_column_and_header_words():
    rows = [["৫", "আউটসোর্সিং: প্রশিক্ষণ চলছে।", "৫.১ সমন্বয় করতে হবে।", "প্রোগ্রামার, মাগুরা"]]
    reading = read(minutes_docx(rows=rows, number_column=True))
    item = reading.document["meeting"]["items"][0]
    assert item["title"] == "আউটসোর্সিং" and item["decisions"] == [{"text": "সমন্বয় করতে হবে।"}]


@pytest.mark.parametrize("entries", [
    ["১) জেলা শিক্ষা অফিসার, মাগুরা", "২) সিভিল সার্জন, মাগুরা"],
    ["১। জেলা শিক্ষা অফিসার, মাগুরা", "২। সিভিল সার্জন, মাগুরা"],
    ["১. জেলা শিক্ষা অফিসার, মাগুরা", "২. সিভিল সার্জন, মাগুরা"],
])
def test_distribution_numbering(entries):
    doc = read(minutes_docx(entries=entries)).document
    assert doc["issue"]["distribution"] == ["জেলা শিক্ষা অফিসার, মাগুরা", "সিভিল সার্জন, মাগুরা"]


def test_distribution_as_a_table():
    doc = read(minutes_docx(distribution_table=True)).document
    assert doc["issue"]["distribution"] == EXPECTED["issue"]["distribution"]
    assert doc["issue"]["signatory"] == EXPECTED["issue"]["signatory"]


@pytest.mark.parametrize("line, held_on", [
    ("সভার তারিখ ১৪/০৩/২০২২ খ্রিঃ", "2022-03-14"),
    ("সভার তারিখ: ১৪-০৩-২০২২", "2022-03-14"),
    ("সভার তারিখঃ ২৯ ফাল্গুন ১৪২৮", "2022-03-14"),
    ("সভার তারিখ : সোমবার, ১৪ মার্চ ২০২২", "2022-03-14"),
    ("তারিখ ১৪.০৩.২০২২ খ্রিঃ", "2022-03-14"),
])
def test_meeting_dates_as_written(line, held_on):
    labelled = ["সভাপতি ড. আশরাফুল আলম", "জেলা প্রশাসক", line, "সভার সময় সকাল ১১:০০ টা",
                "স্থান অনলাইন জুম প্ল্যাটফর্ম"]
    doc = read(minutes_docx(labelled=labelled)).document
    assert doc["meeting"]["held_on"] == held_on


@pytest.mark.parametrize("memo_line, file_number, serial", [
    ("স্মারক নম্বর: ৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯", "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০", 9),
    ("স্মারক নং- ৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০-১২", "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০", 12),
    ("নং-৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯", "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০", 9),
    ("স্মারক নম্বর: ৫৬.০৪.৫৫০০.০০০.০০৬.১৮.২০২৫.০১-৬৩০", "৫৬.০৪.৫৫০০.০০০.০০৬.১৮.২০২৫.০১",
     630),  # a 22-digit file number (Secretariat Instructions 2024)
    ("স্মারক নম্বর: 56.04.5500.000.06.001.20.9", "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০", 9),
])
def test_memo_lines_and_file_numbers(memo_line, file_number, serial):
    doc = read(minutes_docx(memo_line=memo_line)).document
    assert (doc["committee"]["file_number"], doc["issue"]["memo_serial"]) == \
        (file_number, serial)


@pytest.mark.parametrize("date_lines", [
    ("তারিখ: ২৪ চৈত্র ১৪২৮", "০৭ এপ্রিল ২০২২"),
    ("তারিখ: ২৪ চৈত্র ১৪২৮ বঙ্গাব্দ / ০৭ এপ্রিল ২০২২ খ্রিস্টাব্দ",),
    ("তারিখ: ০৭/০৪/২০২২ খ্রিঃ",),
    ("তারিখ: ২৪ চৈত্র ১৪২৮",),
])
def test_memo_dates_in_either_calendar(date_lines):
    reading = read(minutes_docx(date_lines=date_lines))
    assert reading.document["issue"]["memo_date"] == "2022-04-07"
    assert reading.problems == []


def test_memo_dates_that_disagree_are_flagged():
    reading = read(minutes_docx(date_lines=("তারিখ: ২৫ চৈত্র ১৪২৮", "০৭ এপ্রিল ২০২২")))
    assert reading.document["issue"]["memo_date"] == "2022-04-07"
    assert any(p["path"] == "issue.memo_date" for p in reading.problems)


def test_draft_without_memo_number_reads_as_a_draft():
    doc = read(minutes_docx(memo_line=None)).document
    assert doc["issue"] is None and len(doc["meeting"]["items"]) == 13


def test_missing_title_separator_is_a_problem_not_a_guess():
    rows = [["৩. ই-নথি নিয়ে দীর্ঘ আলোচনা হয় এবং সকল দপ্তরে চালুর কথা বলা হয়।",
             "৩.১ চালু করতে হবে।", "প্রোগ্রামার, মাগুরা"]]
    reading = read(minutes_docx(rows=rows))
    assert reading.document["meeting"]["items"][0]["title"] == ""
    assert [p["path"] for p in reading.problems] == ["meeting.items[0].title",
                                                     "meeting.items[0]"]


def test_bijoy_converter_on_known_words():
    known = {"miKvi": "সরকার", "Kvh©weeiYx": "কার্যবিবরণী", "wm×všÍ": "সিদ্ধান্ত",
             "ev¯Íevq‡b": "বাস্তবায়নে", "‡cÖvMÖvgvi": "প্রোগ্রামার", "‰PÎ": "চৈত্র",
             "wk¶v": "শিক্ষা", "wkÿv": "শিক্ষা", "GwcÖj": "এপ্রিল", "Rvbyqvwi": "জানুয়ারি",
             "Ávb": "জ্ঞান", "eZ©gvb": "বর্তমান", "‡gvt": "মোঃ", "14/03/2022": "১৪/০৩/২০২২",
             "ïiæ": "শুরু"}
    for bijoy, unicode in known.items():
        assert to_unicode(bijoy) == normalize_text(unicode), bijoy
    assert looks_like_bijoy("MYcÖRvZš¿x evsjv‡`k miKvi")
    assert not looks_like_bijoy("Online meeting on Zoom platform")
    assert not looks_like_bijoy("জেলা প্রশাসক")


def test_bijoy_document_is_converted():
    reading = read(bijoy_docx())
    doc = reading.document
    assert reading.bijoy
    assert doc["meeting"]["chair"]["name"] == BIJOY_EXPECTED["chair"]
    assert doc["meeting"]["venue"] == BIJOY_EXPECTED["venue"]
    assert doc["meeting"]["held_on"] == "2022-03-14" and doc["meeting"]["time"] == "11:00"
    items = doc["meeting"]["items"]
    assert [i["title"] for i in items] == BIJOY_EXPECTED["item_titles"]
    assert [[d["text"] for d in i["decisions"]] for i in items] == BIJOY_EXPECTED["decisions"]
    assert [i["responsible"] for i in items] == BIJOY_EXPECTED["responsible"]
    assert doc["issue"]["memo_serial"] == 9 and doc["issue"]["memo_date"] == "2022-04-07"
    assert doc["issue"]["distribution"] == BIJOY_EXPECTED["entries"]
    assert doc["issue"]["signatory"]["name"] == BIJOY_EXPECTED["signatory"]
    assert doc["committee"]["district"] == "মাগুরা"
    assert BIJOY["title"] not in json.dumps(doc, ensure_ascii=False)


def test_split_decisions_does_not_split_inside_numbers():
    text = "১০.১। কোভিড-১৯ টিকার জন্য হট লাইন (৯৯৯,৩৩৩) ব্যবহার করতে হবে। ১০.২। ভুল তথ্য সংশোধন করতে হবে।"
    decisions, how = split_decisions(text, 10)
    assert how == "item" and len(decisions) == 2 and "(৯৯৯,৩৩৩)" in decisions[0]
