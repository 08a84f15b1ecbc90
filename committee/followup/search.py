"""The district search: decisions and discussions holding every word typed, or a decision
by its number ("২.৩", "2.3"), with each hit's statuses and the words found marked."""
from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from ..authz import scoped
from ..bangla import normalize_text, to_ascii_digits
from ..extensions import db
from ..models import Decision, Item, Meeting
from .review import _party_line
from .service import text_match


def search(q: str, user, limit: int = 100) -> tuple[list[Decision], list[Item]]:
    """Decisions and discussions the user may read that hold every word of `q`, newest
    meeting first (at most `limit` of each).

    A decision is also found by its number typed in either digits ("২.৩", "2.3", "২.৩।":
    item 2, decision 3), alone or with words its text must hold. What the search page
    shows is loaded with the hits, meeting window by meeting window (_newest_first): for
    each of decisions and discussions, two queries for the newest meetings' window and one
    for the older meetings when the window did not fill the page, and on SQLite one more
    per word and indexed column to count it (service._contains), whatever the hits'
    count.
    """
    decisions = _newest_first(
        select(Decision).join(Decision.item).join(Item.meeting).join(Meeting.committee)
        .options(contains_eager(Decision.item).contains_eager(Item.meeting)
                 .contains_eager(Meeting.committee),
                 selectinload(Decision.assignments))
        .where(_decision_match(q))
        .order_by(Meeting.held_on.desc(), Meeting.id.desc(), Item.position,
                  Decision.position), user, limit)
    items = _newest_first(
        select(Item).join(Item.meeting).join(Meeting.committee)
        .options(contains_eager(Item.meeting).contains_eager(Meeting.committee))
        .where(text_match(q, Item.title, Item.discussion, indexed=True))
        .order_by(Meeting.held_on.desc(), Meeting.id.desc(), Item.position), user, limit)
    return decisions, items


# The meetings a search reads at a time, newest first, before it reads all the older ones
# at once. Common words (a hit or more in most meetings) fill the page from the newest 200
# meetings instead of every matching row of the country being read and sorted; a search
# with few hits costs one more small query. National dataset over HTTP (docs/performance.md),
# administrator, 2 common words: SQLite 1,685 -> 107 ms, PostgreSQL 202 -> 67 ms; no hit:
# 7.5 -> 8.0 ms and 16.8 -> 25.2 ms. A second window of 2,000 meetings added 20-40 ms to
# every search without a hit.
WINDOWS: tuple[int, ...] = (200,)


def _older(held_on, meeting_id):
    """Meetings after (held_on, meeting_id) in newest-first order."""
    return or_(Meeting.held_on < held_on,
               and_(Meeting.held_on == held_on, Meeting.id < meeting_id))


def _newest_first(stmt, user, limit: int) -> list:
    """The first `limit` rows of `stmt` (joined to Meeting and ordered newest meeting
    first) that `user` may read, as one query would give them: read for the newest WINDOWS
    meetings first, then for the meetings older than those, until `limit` are found."""
    stmt = scoped(stmt, user)
    newest = scoped(select(Meeting.held_on, Meeting.id).join(Meeting.committee), user) \
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    found: list = []
    last = None  # (held_on, id) of the oldest meeting read so far
    for size in (*WINDOWS, None):
        rows = stmt if last is None else stmt.where(_older(*last))
        if size is not None:
            window = db.session.execute(
                (newest if last is None else newest.where(_older(*last))).limit(size)).all()
            if not window:
                break
            rows = rows.where(Meeting.id.in_([row.id for row in window]))
        found += db.session.scalars(rows.limit(limit - len(found))).all()
        if len(found) >= limit or size is None or len(window) < size:
            break
        last = tuple(window[-1])
    return found


_DECISION_NUMBER = re.compile(r"(\d{1,6})\.(\d{1,6})[।.]?")


def _search_words(q: str) -> list[str]:
    """The words of a query as text_match splits them."""
    return [w for w in normalize_text(q).split(" ") if w]


def _decision_number(word: str) -> tuple[int, int] | None:
    match = _DECISION_NUMBER.fullmatch(to_ascii_digits(word))
    return (int(match[1]), int(match[2])) if match else None


def searched_numbers(q: str) -> set[tuple[int, int]]:
    """The decision numbers typed in `q`, as (item position, decision position)."""
    return {n for w in _search_words(q) if (n := _decision_number(w)) is not None}


def _decision_match(q: str):
    """Every word of `q` in the decision's text, or: the decision has one of the numbers
    typed and its text holds the other words."""
    words = _search_words(q)
    numbers = searched_numbers(q)
    if not numbers:
        return text_match(q, Decision.text, indexed=True)
    by_number = or_(*[and_(Item.position == item, Decision.position == position)
                      for item, position in sorted(numbers)])
    typed = " ".join(w for w in words if _decision_number(w) is not None)
    by_text = text_match(typed, Decision.text, indexed=True)
    rest = " ".join(w for w in words if _decision_number(w) is None)
    if rest:  # built once: on SQLite each word may cost a counting query (service._contains)
        rest_match = text_match(rest, Decision.text, indexed=True)
        by_text, by_number = and_(by_text, rest_match), and_(by_number, rest_match)
    return or_(by_text, by_number)


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` lower-cased for comparing as ILIKE does, and for each of its characters the
    index of the character of `text` it came from (lower() may lengthen one)."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        lower = char.lower()
        folded.append(lower)
        origin.extend([index] * len(lower))
    return "".join(folded), origin


def _match_spans(text: str, q: str) -> list[tuple[int, int]]:
    """Where the words of `q` occur in `text` (NFC), as text_match finds them: merged,
    sorted (start, end) spans of `text`."""
    folded, origin = _folded(text)
    spans = []
    for word in _search_words(q):
        needle = _folded(word)[0]
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(needle, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str | None, q: str, around: int | None = None) -> Markup:
    """`text` HTML-escaped, every place a word of `q` occurs wrapped in <mark>.

    Words match as the search does (NFC, case-insensitive); each piece of the text is
    escaped before it is joined with the marks, so typed markup stays text. With `around`,
    only the part of the text near the first match (about `around` characters either side,
    "…" where cut), or its start when nothing matches.
    """
    text = unicodedata.normalize("NFC", text or "")
    spans = _match_spans(text, q)
    begin, finish = 0, len(text)
    if around is not None and len(text) > 2 * around:
        first = spans[0][0] if spans else 0
        begin = max(0, first - around)
        finish = min(len(text), begin + 2 * around)
        if begin:  # start at a word
            space = text.find(" ", begin, first)
            begin = space + 1 if space != -1 else begin
        spans = [(max(s, begin), min(e, finish)) for s, e in spans if s < finish and e > begin]
    out = [Markup("…")] if begin else []
    position = begin
    for start, end in spans:
        out += [escape(text[position:start]), Markup("<mark>"), escape(text[start:end]),
                Markup("</mark>")]
        position = end
    out.append(escape(text[position:finish]))
    if finish < len(text):
        out.append(Markup("…"))
    return Markup("").join(out)


def decision_statuses(decision: Decision) -> list[dict]:
    """Each responsible party's current status as the review prints it: an office's
    label, a group ("… (সকল)") summarised over its offices ("৩/৭ বাস্তবায়িত")."""
    parties: dict[str, list[dict]] = {}
    for assignment in decision.assignments:
        parties.setdefault(assignment.via_group or assignment.party, []).append(
            {"party": assignment.party, "status": assignment.status,
             "note": assignment.status_note})
    return [_party_line(label, members) for label, members in parties.items()]
