"""Minutes in the government format, read from a Word document into committee-minutes/1.

The reading follows the anatomy of the minutes (shared DOMAIN.md): office header, title,
the chair / date / time / venue / attendance block, the opening paragraph, the table
আলোচনা | সিদ্ধান্ত | বাস্তবায়নে, the closing paragraph, the chair's signature, the memo
number with its dates, the distribution list and the issuing officer's signature.

Nothing here touches the database. The result keeps, for every field it filled, the text
it came from and where (`sources`), and says in Bangla what it could not read
(`problems`), so that an officer can check and correct before anything is stored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..bangla import (
    DateTextError,
    FileNumberError,
    normalize_text,
    parse_memo_number,
    parse_time_typed,
    to_bangla_digits,
)
from ..vocab import CommitteeKind, Level
from .blocks import Blocks, Cell, Grid, Para
from .numbering import is_placeholder, split_list_entry
from .reading import Reading
from .table import is_main_table, read_table
from .written import dates_in, parse_written_date

FORMAT = "committee-minutes/1"

_LABEL = re.compile(
    r"^(সভাপতি|সভার\s+তারিখ|তারিখ|সভার\s+সময়|সময়|সভার\s+স্থান|স্থান|উপস্থিতি|উপস্থিত)"
    r"\s*[:ঃ\-–]?\s*(.*)$")
_LABEL_KEYS = {"সভাপতি": "chair", "সভার তারিখ": "date", "তারিখ": "date", "সভার সময়": "time",
               "সময়": "time", "সভার স্থান": "venue", "স্থান": "venue", "উপস্থিতি": "attendance",
               "উপস্থিত": "attendance"}
_MEMO = re.compile(r"^(?:স্মারক\s*(?:নম্বর|নং|নম্বরঃ)|সূত্র\s*নং|নং)\s*[:ঃ\-–.]*\s*(.+)$")
_MEMO_NUMBER = re.compile(r"[০-৯0-9][০-৯0-9.\-\s]{8,}[০-৯0-9]")
_DISTRIBUTION = re.compile(r"^বিতরণ\s*(?:[(\[](.*?)[)\]])?\s*[:ঃ]?\s*(.*)$")
_COPIES = re.compile(r"অনুলিপি")
_TITLE = re.compile(r"কার্যবিবরণী|কার্যবিবরণি")
_COMMITTEE = re.compile(r"^(.*?কমিটি)(?:র|এর|\s)")
_TIME_NOISE = re.compile(r"\s*(ঘটিকা|ঘটিকায়|মিনিট)\s*$")
_DATE_NOISE = re.compile(r"\s*(?:রোজ\s*)?[\u0980-\u09ff]+বার\s*[,]?\s*")


@dataclass
class _Places:
    districts: list[str]
    upazilas: dict[str, list[str]]  # district -> its upazilas

    def all(self) -> set[str]:
        return set(self.districts) | {u for us in self.upazilas.values() for u in us}


# --------------------------------------------------------------------------- before the table

def _label(text: str) -> re.Match | None:
    """A labelled line of the meeting block ("সভার তারিখ ১৪/০৩/২০২২ খ্রিঃ"); a long
    paragraph that opens with "সভাপতি …" is the opening, not the chair's line."""
    return _LABEL.match(text) if len(text) <= 120 else None


def _read_head(paras: list[Para], reading: Reading, doc: dict) -> None:
    """Header lines, title, the chair/date/time/venue/attendance block, the opening."""
    meeting, committee = doc["meeting"], doc["committee"]
    title_at = next((i for i, p in enumerate(paras) if _TITLE.search(p.text)
                     and not _label(p.text) and len(p.text) <= 200), None)
    first_label = next((i for i, p in enumerate(paras) if _label(p.text)), len(paras))
    header_end = title_at if title_at is not None else first_label
    header = [p for p in paras[:header_end] if p.text and not is_placeholder(p.text)]
    committee["office_header"] = [p.text for p in header][:8]
    if header:
        reading.source("committee.office_header", "\n".join(p.text for p in header),
                       f"{header[0].where} – {header[-1].where}")
    if title_at is not None:
        doc["_title"] = paras[title_at].text
        reading.source("committee.name", paras[title_at].text, paras[title_at].where)
    else:
        reading.problem("committee.name", "শিরোনাম (… সভার কার্যবিবরণী) পাওয়া যায়নি")
    start = (title_at + 1) if title_at is not None else first_label
    last_label = None
    seen: set[str] = set()
    i = start
    while i < len(paras):
        p = paras[i]
        m = _label(p.text)
        if not m:
            if last_label == "chair" and p.text and len(p.text) <= 80 \
                    and not meeting["chair"]["designation"]:
                meeting["chair"]["designation"] = p.text
                reading.source("meeting.chair.designation", p.text, p.where)
                i += 1
                continue
            if p.text and last_label is not None:
                break
            i += 1
            continue
        key = _LABEL_KEYS[normalize_text(re.sub(r"\s+", " ", m[1]))]
        if key in seen:  # "সভাপতি সকলকে স্বাগত জানান…": the opening, not a second chair
            break
        seen.add(key)
        value = m[2].strip()
        _label_value(key, value, p, reading, meeting)
        last_label = key
        i += 1
    opening = [p for p in paras[i:] if p.text]
    if opening:
        meeting["opening"] = "\n".join(p.text for p in opening)
        reading.source("meeting.opening", meeting["opening"],
                       f"{opening[0].where} – {opening[-1].where}")


def _label_value(key: str, value: str, p: Para, reading: Reading, meeting: dict) -> None:
    if key == "chair":
        name, _, designation = value.partition(",")
        meeting["chair"]["name"] = name.strip()
        reading.source("meeting.chair.name", p.text, p.where)
        if designation.strip():
            meeting["chair"]["designation"] = designation.strip()
            reading.source("meeting.chair.designation", p.text, p.where)
    elif key == "date":
        reading.source("meeting.held_on", p.text, p.where)
        try:
            held_on, _ = parse_written_date(_DATE_NOISE.sub(" ", value).strip())
            meeting["held_on"] = held_on.isoformat()
        except DateTextError as exc:
            found = dates_in(value)
            if found:
                meeting["held_on"] = found[0][0].isoformat()
            else:
                reading.problem("meeting.held_on", f"সভার তারিখ পড়া যায়নি: {exc}")
    elif key == "time":
        reading.source("meeting.time", p.text, p.where)
        try:
            meeting["time"] = parse_time_typed(_TIME_NOISE.sub("", value)).strftime("%H:%M")
        except DateTextError as exc:
            reading.problem("meeting.time", f"সভার সময় পড়া যায়নি: {exc}")
    elif key == "venue":
        meeting["venue"] = value
        reading.source("meeting.venue", p.text, p.where)
    elif key == "attendance":
        reading.source("meeting.attendance_annex", p.text, p.where)
        meeting["attendance_annex"] = "পরিশিষ্ট" in value


# --------------------------------------------------------------------------- after the table

def _read_tail(blocks: list[Para | Grid], reading: Reading, doc: dict) -> None:
    """Closing paragraph, memo number and dates, distribution list, signatory."""
    meeting, issue = doc["meeting"], doc["issue"]
    paras = [b for b in blocks if isinstance(b, Para) and b.text]
    memo_at = next((i for i, p in enumerate(paras) if _MEMO.match(p.text)), None)
    before = paras[:memo_at] if memo_at is not None else paras
    closing = [p for p in before if len(p.text) > 60 or p.text.endswith("।")]
    if closing:
        meeting["closing"] = "\n".join(p.text for p in closing)
        reading.source("meeting.closing", meeting["closing"],
                       f"{closing[0].where} – {closing[-1].where}")
    if memo_at is None:
        doc["issue"] = None  # a draft: no memo number in the document
        return
    memo = paras[memo_at]
    _read_memo(memo, reading, doc)
    dist_at = next((i for i, p in enumerate(paras) if _DISTRIBUTION.match(p.text)
                    and i > memo_at), None)
    date_lines = paras[memo_at:dist_at if dist_at is not None else memo_at + 4]
    _read_memo_date(memo, date_lines, reading, issue)
    if dist_at is None:
        reading.problem("issue.distribution", "বিতরণ তালিকা পাওয়া যায়নি")
        _read_signatory(_signature_lines(date_lines[1:]), reading, issue)
        return
    head = paras[dist_at]
    m = _DISTRIBUTION.match(head.text)
    if m[1]:
        issue["distribution_note"] = normalize_text(m[1])
        reading.source("issue.distribution_note", head.text, head.where)
    after = [b for b in blocks[blocks.index(head) + 1:]]
    entries, rest = _read_distribution(after, reading)
    issue["distribution"] = entries
    if not any(b for b in rest):
        signature_before = _signature_lines(date_lines[1:])
        _read_signatory(signature_before, reading, issue)
    else:
        _read_signatory(_signature_lines(rest), reading, issue)


def _read_memo(memo: Para, reading: Reading, doc: dict) -> None:
    text = _MEMO.match(memo.text)[1]
    number = _MEMO_NUMBER.search(text)
    reading.source("issue.memo_serial", memo.text, memo.where)
    reading.source("committee.file_number", memo.text, memo.where)
    if not number:
        reading.problem("issue.memo_serial", "স্মারক নম্বর পড়া যায়নি")
        return
    try:
        file_number, serial = parse_memo_number(number.group().strip())
    except (FileNumberError, ValueError) as exc:
        reading.problem("issue.memo_serial", f"স্মারক নম্বর পড়া যায়নি: {exc}")
        return
    doc["committee"]["file_number"] = to_bangla_digits(file_number)
    doc["issue"]["memo_serial"] = serial


def _read_memo_date(memo: Para, lines: list[Para], reading: Reading, issue: dict) -> None:
    found = []
    for p in lines:
        text = p.text
        if p is memo:
            number = _MEMO_NUMBER.search(text)
            text = text[number.end():] if number else ""
        for d, calendar, _written in dates_in(text):
            found.append((d, calendar, p))
    if not found:
        reading.problem("issue.memo_date", "স্মারকের তারিখ পড়া যায়নি")
        return
    gregorian = [f for f in found if f[1] == "gregorian"]
    chosen = (gregorian or found)[0]
    issue["memo_date"] = chosen[0].isoformat()
    reading.source("issue.memo_date", "\n".join(dict.fromkeys(f[2].text for f in found)),
                   "; ".join(dict.fromkeys(f[2].where for f in found)))
    if len({f[0] for f in found}) > 1:
        reading.problem("issue.memo_date", "বাংলা ও খ্রিষ্টীয় তারিখ একই দিন নয়; "
                                           "খ্রিষ্টীয় তারিখটি নেওয়া হয়েছে, মিলিয়ে দেখুন")


def _read_distribution(blocks: list[Para | Grid], reading: Reading) -> tuple[list[str], list]:
    """The numbered entries (paragraphs or a table) and what follows them."""
    entries: list[str] = []
    sources: list[Para | Cell] = []
    rest_at = len(blocks)
    for k, block in enumerate(blocks):
        if isinstance(block, Grid):
            for row in block.rows:
                texts = [c for c in row if c.text.strip()]
                if not texts:
                    continue
                cell = texts[-1]
                number, text = split_list_entry(cell.text)
                if not is_placeholder(text):
                    entries.append(text)
                    sources.append(cell)
            continue
        if not block.text:
            continue
        number, text = split_list_entry(block.text)
        if number is None:
            if _COPIES.search(block.text) and entries:
                reading.problem("issue.distribution", "অনুলিপির তালিকাটিও বিতরণ তালিকায় "
                                                      "যোগ করা হয়েছে; প্রয়োজনে আলাদা করুন")
                continue
            if entries:
                rest_at = k
                break
            continue
        if not is_placeholder(text):
            entries.append(text)
            sources.append(block)
    if sources:
        reading.source("issue.distribution", "\n".join(s.text for s in sources),
                       f"{sources[0].where} – {sources[-1].where}")
    return entries, blocks[rest_at:]


def _signature_lines(blocks) -> list[Para]:
    return [b for b in blocks if isinstance(b, Para) and b.text and len(b.text) <= 80
            and not _MEMO.match(b.text) and not dates_in(b.text)
            and not b.text.startswith("তারিখ")]


def _read_signatory(lines: list[Para], reading: Reading, issue: dict) -> None:
    if not lines:
        reading.problem("issue.signatory", "জারিকারীর নাম ও পদবি পাওয়া যায়নি")
        return
    issue["signatory"]["name"] = lines[0].text
    reading.source("issue.signatory.name", lines[0].text, lines[0].where)
    if len(lines) > 1:
        issue["signatory"]["designation"] = lines[1].text
        reading.source("issue.signatory.designation", lines[1].text, lines[1].where)


# --------------------------------------------------------------------------- the committee

def _read_committee(doc: dict, places: _Places, reading: Reading) -> None:
    committee = doc["committee"]
    title = doc.pop("_title", "")
    texts = committee["office_header"] + [title] + [
        p["text"] for p in reading.sources.values()]
    district = _find_place(texts, places.districts)
    is_upazila = bool(re.match(r"^\s*উপজেলা", title)) or "উপজেলা আইসিটি" in title
    upazila = _find_place(texts, places.upazilas.get(district, [])) if district else None
    if district:
        committee["district"] = district
    else:
        reading.problem("committee.district", "কোন জেলার কমিটি তা বোঝা যায়নি; জেলা বেছে নিন")
    committee["level"] = Level.UPAZILA if is_upazila else Level.DISTRICT
    if is_upazila:
        committee["upazila"] = upazila or ""
        if not upazila:
            reading.problem("committee.upazila", "কোন উপজেলার কমিটি তা বোঝা যায়নি")
    m = _COMMITTEE.match(title)
    base = normalize_text(m[1]) if m else ""
    place = (upazila if is_upazila else district) or ""
    if base:
        committee["name"] = f"{base}, {place}" if place else base
    if "আইসিটি" in title or "তথ্য ও যোগাযোগ প্রযুক্তি" in title:
        committee["kind"] = CommitteeKind.ICT
    else:
        committee["kind"] = CommitteeKind.OTHER


def _find_place(texts: list[str], names: list[str]) -> str | None:
    """The first name of `names` written as a word in `texts` (the header first)."""
    for text in texts:
        for name in names:
            if re.search(rf"(?<![\u0980-\u09ff]){re.escape(name)}(?![\u0980-\u09ff])", text):
                return name
    return None


# --------------------------------------------------------------------------- the whole

def empty_document() -> dict:
    return {
        "format": FORMAT,
        "committee": {"name": "", "kind": CommitteeKind.ICT, "level": Level.DISTRICT,
                      "district": "", "upazila": "", "office_header": [], "file_number": ""},
        "meeting": {"held_on": "", "time": "", "venue": "",
                    "chair": {"name": "", "designation": ""}, "attendance_annex": False,
                    "attendance": [], "opening": "", "closing": "", "items": []},
        "issue": {"memo_serial": None, "memo_date": "",
                  "signatory": {"name": "", "designation": ""},
                  "distribution_note": "", "distribution": []},
    }


def read_minutes(blocks: Blocks, districts: list[str],
                 upazilas: dict[str, list[str]]) -> Reading:
    """Read the blocks of one document; `districts` and `upazilas` are the place names
    the committee is recognised by (and that keep "প্রোগ্রামার, মাগুরা" one office)."""
    places = _Places(districts, upazilas)
    doc = empty_document()
    reading = Reading(doc, bijoy=blocks.bijoy_runs > 0)
    items = blocks.items
    first = next((k for k, b in enumerate(items) if isinstance(b, Grid) and is_main_table(b)),
                 None)
    if first is None:
        reading.problem("meeting.items", "আলোচনা | সিদ্ধান্ত | বাস্তবায়নে সারণি পাওয়া যায়নি: "
                                         "এটি সরকারি ছকের কার্যবিবরণী বলে মনে হচ্ছে না")
        _read_head([b for b in items if isinstance(b, Para)], reading, doc)
        _read_committee(doc, places, reading)
        return reading
    last = first
    grids = [items[first]]
    k = first + 1
    while k < len(items):  # the table goes on after a page break, maybe as a new table
        block = items[k]
        if isinstance(block, Grid) and len(block.rows[0]) >= 2:
            grids.append(block)
            last = k
        elif not (isinstance(block, Para) and not block.text):
            break
        k += 1
    _read_head([b for b in items[:first] if isinstance(b, Para)], reading, doc)
    doc["meeting"]["items"] = read_table(grids, reading, places.all())
    _read_tail(items[last + 1:], reading, doc)
    _read_committee(doc, places, reading)
    _number_problems(doc, reading)
    return reading


def _number_problems(doc: dict, reading: Reading) -> None:
    """Items numbered out of order (a row lost, or two merged) are worth a look."""
    for i, item in enumerate(doc["meeting"]["items"]):
        number = item.pop("_number", None)
        if number is not None and number != i + 1:
            reading.problem(f"meeting.items[{i}]",
                            f"আলোচ্য বিষয়ের নম্বর {to_bangla_digits(number)}, কিন্তু এটি "
                            f"{to_bangla_digits(i + 1)} নম্বর সারি; মিলিয়ে দেখুন")
