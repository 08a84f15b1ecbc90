"""The hand-typed numbering of minutes: agenda items, decisions, offices, distribution.

Real minutes number an item "১.", "৬।", "০৯।" or "২)"; its decisions "২.১.", "২.১।", "২.১"
(with or without a space after), "১." for an item's only decision, or not at all; several
decisions share one cell as paragraphs, line breaks or one run of text. Responsible offices
are joined by ",", " ও ", "/" or line breaks, and a comma also separates an office from its
place ("প্রোগ্রামার, মাগুরা"), which stays one name.
"""
from __future__ import annotations

import re

from ..bangla import normalize_text, to_ascii_digits

_DIGIT = "[০-৯0-9]"
ITEM_NUMBER = re.compile(rf"^\s*\(?\s*({_DIGIT}{{1,2}})\s*[.।)](?!\s*{_DIGIT})\s*")
LIST_NUMBER = re.compile(rf"^\s*[-–•*]?\s*\(?\s*({_DIGIT}{{1,3}})\s*[).।]\s*(?!{_DIGIT})")
# Abbreviations that end in ঃ or ":" and never end an item's title.
_ABBREVIATIONS = ("সহঃ", "মোঃ", "লিঃ", "খ্রিঃ", "ডাঃ", "প্রাঃ", "মাঃ", "নং:", "নংঃ", "ইঃ")
_SEPARATOR = re.compile(r"[:ঃ]")
TITLE_LIMIT = 150


def number_of(text: str) -> int:
    return int(to_ascii_digits(text))


def split_item_number(text: str) -> tuple[int | None, str]:
    """("৬। শেখ রাসেল …") -> (6, "শেখ রাসেল …"); no number -> (None, text)."""
    m = ITEM_NUMBER.match(text)
    if not m:
        return None, text.strip()
    return number_of(m[1]), text[m.end():].strip()


def split_title(text: str) -> tuple[str | None, str]:
    """An item's "title: discussion" (":" or "ঃ", not the ঃ of "সহঃ"); (None, text) when
    the cell has no separator within its first TITLE_LIMIT characters."""
    for m in _SEPARATOR.finditer(text):
        if m.start() > TITLE_LIMIT:
            break
        before = text[:m.end()]
        if before.endswith(_ABBREVIATIONS) or m.start() == 0:
            continue
        title = text[:m.start()].strip(" -–")
        if title:
            return normalize_text(title), text[m.end():].strip()
    return None, text.strip()


def _decision_pattern(prefix: str, k: int) -> re.Pattern:
    # "২.১", "২.১.", "২.১।", "২.১ :" and "০২.০১"; not the "২.১" inside "১২.১" or "২.১০".
    return re.compile(rf"(?<![০-৯0-9.]){prefix}\s*[.।]\s*0?{k}(?![০-৯0-9])\s*[.।:)]?\s*")


def _ascii_number(n: int) -> str:
    return rf"0?{n}"


def split_decisions(text: str, item_number: int | None) -> tuple[list[str], str]:
    """The decisions of one cell and how they were numbered ("item" = ২.১ …, "plain" =
    ১. ২. …, "lines" = one a line or paragraph, "" = empty cell)."""
    ascii_text = to_ascii_digits(text)  # same length: positions carry over
    if not text.strip():
        return [], ""
    prefixes = []
    if item_number is not None:
        prefixes.append(_ascii_number(item_number))
    first = re.search(r"(?<![0-9.])(\d{1,2})\s*[.।]\s*0?1(?![0-9])", ascii_text)
    if first and rf"0?{int(first[1])}" not in prefixes:
        prefixes.append(rf"0?{int(first[1])}")  # numbered after another item: still split
    for prefix in prefixes:
        found = _split_by(ascii_text, text, lambda k, p=prefix: _decision_pattern(p, k))
        if found:
            return found, "item"
    plain = _split_by(ascii_text, text, lambda k: re.compile(
        rf"(?:^|(?<=\s)){k}\s*[.।)](?![0-9])\s*"))
    if plain:
        return plain, "plain"
    lines = [normalize_text(line) for line in text.split("\n") if line.strip()]
    return lines, "lines"


def _split_by(ascii_text: str, text: str, pattern_for) -> list[str]:
    """Split where the numbers 1, 2, 3 … appear in order; the first must open the text."""
    m = pattern_for(1).search(ascii_text)
    if not m or ascii_text[:m.start()].strip():
        return []
    starts = [(m.start(), m.end())]
    k = 2
    while (m := pattern_for(k).search(ascii_text, starts[-1][1])) is not None:
        starts.append((m.start(), m.end()))
        k += 1
    pieces = []
    for i, (_, end) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        piece = normalize_text(text[end:stop].replace("\n", " "))
        if piece:
            pieces.append(piece)
    return pieces


# --------------------------------------------------------------------------- offices

# Words that open the name of an office or a post: after a comma, they start a new party.
_POST_WORDS = (
    "অতিরিক্ত", "উপজেলা", "জেলা", "সহকারী", "সহঃ", "সহ:", "প্রোগ্রামার", "স্ব স্ব", "সকল",
    "সিনিয়র", "মহাপরিচালক", "পরিচালক", "উপপরিচালক", "উপ-পরিচালক", "বিভাগীয়", "নির্বাহী",
    "সিভিল", "পুলিশ", "প্রধান", "সচিব", "উপসচিব", "চেয়ারম্যান", "মেয়র", "অধ্যক্ষ",
    "প্রধান শিক্ষক", "তত্ত্বাবধায়ক", "কার্যনির্বাহী", "ব্যবস্থাপক", "মাননীয়", "সুপার",
    "ইউএনও", "এডিসি", "সংশ্লিষ্ট", "প্রকল্প পরিচালক", "পৌর", "ইউনিয়ন",
)
# A piece after a comma that only says where or which part: it stays with the name before.
_PLACE_ENDINGS = ("শাখা", "অধিদপ্তর", "প্রকল্প", "সেন্টার", "বিভাগ", "মন্ত্রণালয়", "কার্যালয়",
                  "জেলা", "উপজেলা", "দপ্তর")
_AND = re.compile(r"\s+ও\s+")
_SLASH = re.compile(r"\s*/\s*")
_SPLIT = re.compile(r"\s*(?:\n|;|,)\s*")


def _depth_split(text: str, pattern: re.Pattern, keep: bool = False) -> list[str]:
    """Split on `pattern` outside parentheses (with the separators between the pieces
    when `keep`)."""
    pieces, depth, start = [], 0, 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            m = pattern.match(text, i)
            if m and m.end() > i:
                pieces.append(text[start:i])
                if keep:
                    pieces.append(m.group())
                start = i = m.end()
                continue
        i += 1
    pieces.append(text[start:])
    return pieces


def _clean_party(name: str) -> str:
    name = normalize_text(name).strip(" ।.,;-–")
    if name.count(")") > name.count("("):  # "জেলা শিক্ষা অফিসার)" as typed
        name = name.replace(")", "", name.count(")") - name.count("(")).strip()
    if name.count("(") > name.count(")"):
        name = name + ")"
    return name


def _opens_post(piece: str, places: set[str]) -> bool:
    text = piece.strip()
    if text in places:
        return False
    return text.startswith(_POST_WORDS) and not text.endswith(_PLACE_ENDINGS[:1])


def _is_place(piece: str, places: set[str]) -> bool:
    text = piece.strip().strip("।.")
    return text in places or text.endswith(_PLACE_ENDINGS)


def split_responsible(text: str, places: set[str] = frozenset()) -> list[str]:
    """The responsible parties of one বাস্তবায়নে cell, in order, as written.

    `places` are district and upazila names: a comma before one of them does not
    separate two parties ("উপজেলা নির্বাহী অফিসার (সকল), মাগুরা" is one).
    """
    parties: list[str] = []
    for line in _depth_split(text, _SPLIT):
        piece = line.strip()
        if not piece:
            continue
        if parties and not _opens_post(piece, places) and (
                _is_place(piece, places) or _bare_post(parties[-1])):
            parties[-1] = f"{parties[-1]}, {piece}"
            continue
        parties.append(piece)
    out: list[str] = []
    for party in parties:
        for piece in _split_and_slash(party):
            cleaned = _clean_party(piece)
            if cleaned and cleaned not in out:
                out.append(cleaned)
    return out


def _bare_post(name: str) -> bool:
    """A post without its office ("প্রোগ্রামার", "সহকারী প্রোগ্রামার"): the piece after
    the comma names where, unless it opens a post itself."""
    words = name.split()
    return 0 < len(words) <= 2 and "(" not in name and words[-1] in (
        "প্রোগ্রামার", "পরিচালক", "ব্যবস্থাপক", "প্রকৌশলী", "কর্মকর্তা")


def _split_and_slash(party: str) -> list[str]:
    """"ক ও খ" and "ক/ খ" -> two parties where the second opens a post of its own;
    "স্ব স্ব দপ্তর/ সংস্থা প্রধান" (office or agency head) and "তথ্য ও যোগাযোগ প্রযুক্তি
    অধিদপ্তর" stay one."""
    out: list[str] = []
    for separator in (_AND, _SLASH):
        pieces, joined = (out or [party]), []
        for piece in pieces:
            parts = _depth_split(piece, separator, keep=True)
            current = parts[0]
            for sep, part in zip(parts[1::2], parts[2::2], strict=True):
                if _opens_post(part, set()) and current.strip():
                    joined.append(current)
                    current = part
                else:
                    current += sep + part
            joined.append(current)
        out = joined
    return [p for p in out if p.strip()]


def split_list_entry(text: str) -> tuple[int | None, str]:
    """A numbered distribution line ("১) …", "- ২। …", "৩. …") -> (number, text)."""
    m = LIST_NUMBER.match(text)
    if not m:
        return None, text.strip()
    return number_of(m[1]), text[m.end():].strip()


def is_placeholder(text: str) -> bool:
    """A blank left to fill by hand ("-----, মাগুরা", "……")."""
    return bool(re.match(r"^[-–_.…\s]{3,}", text)) or not re.search(r"[\u0980-\u09ffA-Za-z]",
                                                                    text)
