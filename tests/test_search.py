"""The district search (GET /search): each hit's status and meeting, the words found marked
(escaped first), a decision found by its number in either digits, a fixed query count."""
from __future__ import annotations

import copy
import re
from datetime import date

import pytest
from markupsafe import escape
from sqlalchemy import select

from committee.bangla import to_bangla_digits
from committee.extensions import db
from committee.followup.search import highlight, searched_numbers
from committee.followup.service import record_follow_up
from committee.models import Assignment, Decision, Item
from committee.vocab import FollowUpStatus, MeetingStatus
from tests.conftest import import_magura, login
from tests.test_api import count_queries

MAGURA_COMMITTEE = "জেলা আইসিটি কমিটি, মাগুরা"
JHENAIDAH = {"name": "জেলা আইসিটি কমিটি, ঝিনাইদহ", "district": "ঝিনাইদহ",
             "file_number": "৫৬.০৪.৪৪০০.০০০.০৬.০০১.২০"}
DECISION_2_3 = "সকল শিক্ষা প্রতিষ্ঠান কে এম এম সি তে নিবন্ধন এর উদ্যোগ গ্রহণ করতে হবে।"
SCRIPT = "<script>alert(1)</script>"


def _page(client, q: str) -> str:
    response = client.get("/search", query_string={"q": q})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _decision_lines(html: str) -> list[str]:
    """The decisions' part of the page, one string per hit."""
    part = html.split("<h2>সিদ্ধান্ত", 1)[1].split("<h2>আলোচনা", 1)[0]
    return re.findall(r"<li>(.*?)</li>", part, re.S)


def _numbers(html: str) -> list[str]:
    return [re.sub(r"</?mark>", "", n) for n in
            re.findall(r"সভার সিদ্ধান্ত ((?:<mark>)?[০-৯]+\.[০-৯]+)", html)]


def _jhenaidah(app, magura_doc) -> int:
    doc = copy.deepcopy(magura_doc)
    doc["committee"].update(JHENAIDAH)
    doc["meeting"]["held_on"] = "2022-05-01"
    doc["meeting"]["items"][1]["decisions"][2]["text"] = "ঝিনাইদহের নিজস্ব নিবন্ধন সিদ্ধান্ত"
    doc.pop("issue")
    return import_magura(app, doc)


# -- a decision by its number ---------------------------------------------------------------

@pytest.mark.parametrize("q", ["২.৩", "2.3", "২.৩।", "2.3.", " ২.৩ "])
def test_a_decision_is_found_by_its_number_in_either_digits(app, client, users, q):
    meeting_id = import_magura(app)
    login(client, "sec")
    html = _page(client, q)
    (line,) = _decision_lines(html)
    assert "সভার সিদ্ধান্ত <mark>২.৩</mark>" in line
    assert DECISION_2_3 in line
    assert f'href="/meetings/{meeting_id}"' in line


def test_searched_numbers():
    assert searched_numbers("২.৩") == searched_numbers("2.3") == {(2, 3)}
    assert searched_numbers("২.৩।") == searched_numbers("2.3.") == {(2, 3)}
    assert searched_numbers("১৩.২।") == {(13, 2)}
    assert searched_numbers("৩.১ ই-নথি ২.২") == {(3, 1), (2, 2)}
    assert searched_numbers("২৩") == searched_numbers("ই-নথি") == searched_numbers("২.৩.৪") == set()


def test_a_number_with_words_finds_that_decision_if_its_text_holds_them(app, client, users):
    import_magura(app)
    login(client, "sec")
    assert _numbers(_page(client, "৩.১ ই-নথি")) == ["৩.১"]
    assert _numbers(_page(client, "3.2 ই-নথি")) == []  # ৩.২ speaks of নথি, not ই-নথি
    # A text search still finds what the text holds, whatever its number.
    assert _numbers(_page(client, "ই-নথি")) == ["৩.১"]


def test_another_districts_decisions_are_not_found(app, client, users, magura_doc):
    import_magura(app)
    _jhenaidah(app, magura_doc)
    login(client, "sec")
    html = _page(client, "২.৩")
    assert _numbers(html) == ["২.৩"] and DECISION_2_3 in html
    assert JHENAIDAH["name"] not in html
    assert "(০)" in _page(client, "ঝিনাইদহের নিজস্ব").split("<h2>আলোচনা")[0]
    login(client, "sec_b")
    html = _page(client, "2.3")
    (line,) = _decision_lines(html)
    assert JHENAIDAH["name"] in line and "ঝিনাইদহের নিজস্ব নিবন্ধন সিদ্ধান্ত" in line
    assert MAGURA_COMMITTEE + "," not in html and DECISION_2_3 not in html


# -- the words found, marked ----------------------------------------------------------------

def test_marks_wrap_only_the_match_and_the_text_stays_escaped(app, client, users, magura_doc):
    text = f"নিয়মিত {SCRIPT} অনলাইনে ক্লাশ & 'ক্লাশ'"
    magura_doc["meeting"]["items"][1]["decisions"][0]["text"] = text
    import_magura(app, magura_doc)
    login(client, "sec")
    html = _page(client, "ক্লাশ")
    assert "<script>alert" not in html
    assert ("নিয়মিত &lt;script&gt;alert(1)&lt;/script&gt; অনলাইনে <mark>ক্লাশ</mark> "
            "&amp; &#39;<mark>ক্লাশ</mark>&#39;") in html
    # A word inside the typed markup: the mark sits inside the escaped text.
    html = _page(client, "script")
    assert "<script>alert" not in html
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in html
    # Markup typed into the query is text too, in the form and in the mark.
    html = _page(client, SCRIPT)
    assert "<script>alert" not in html
    assert f"<mark>{escape(SCRIPT)}</mark> অনলাইনে" in html
    assert f'value="{escape(SCRIPT)}"' in html


def test_marks_follow_the_forgiving_match(app, client, users):
    import_magura(app)
    login(client, "sec")
    # য় typed as one code point (U+09DF) matches the stored য + nukta, and is marked.
    html = _page(client, "নি\u09dfমিত অনলাইনে")
    (line,) = _decision_lines(html)
    assert "<mark>নিয়মিত</mark> <mark>অনলাইনে</mark> ক্লাশ" in line
    # ASCII letters compare without case; the text keeps its own.
    html = _page(client, "CONTENT জাতীয়")
    assert "আবাসন সংক্রান্ত <mark>Content</mark> <mark>জাতীয়</mark>" in html
    # A discussion's words are marked in its excerpt, and the title's in the title.
    html = _page(client, "ই-সেবা")
    assert "<mark>ই-সেবা</mark> কার্যক্রম" in html.split("<h2>আলোচনা")[1]


def test_highlight_escapes_every_piece():
    assert highlight("a <b>&</b> b", "<b>") == "a <mark>&lt;b&gt;</mark>&amp;&lt;/b&gt; b"
    assert highlight("Ab ab", "AB") == "<mark>Ab</mark> <mark>ab</mark>"
    assert highlight("কখগ", "কখ খগ") == "<mark>কখগ</mark>"  # overlapping words: one mark
    assert highlight("<i>", "") == "&lt;i&gt;"
    assert highlight(None, "x") == ""
    long = " ".join(["শব্দ"] * 50) + " <লক্ষ্য> " + " ".join(["শব্দ"] * 50)
    excerpt = highlight(long, "লক্ষ্য", around=30)
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "&lt;<mark>লক্ষ্য</mark>&gt;" in excerpt and len(excerpt) < 120


# -- each hit's status and meeting ----------------------------------------------------------

def test_each_hit_shows_its_status_and_meeting(app, client, users):
    meeting_id = import_magura(app)
    with app.app_context():
        deo = db.session.scalar(
            select(Assignment).join(Assignment.decision).join(Decision.item)
            .where(Item.position == 2, Decision.position == 1,
                   Assignment.party == "জেলা শিক্ষা অফিসার"))
        record_follow_up(deo, FollowUpStatus.IMPLEMENTED, "", date(2022, 4, 1))
        uno = db.session.scalar(
            select(Assignment).join(Assignment.decision).join(Decision.item)
            .where(Item.position == 3, Decision.position == 1,
                   Assignment.party == "উপজেলা নির্বাহী অফিসার, শালিখা"))
        record_follow_up(uno, FollowUpStatus.IMPLEMENTED, "", date(2022, 4, 1))
        db.session.commit()
    login(client, "viewer")
    (line,) = _decision_lines(_page(client, "অনলাইনে ক্লাশ"))
    assert (f'<a href="/meetings/{meeting_id}">{MAGURA_COMMITTEE}, ১৪/০৩/২০২২ সভার সিদ্ধান্ত '
            f'২.১</a>') in line
    assert f'<span class="badge {MeetingStatus.ISSUED}">{MeetingStatus.ISSUED.label}</span>' \
        in line
    implemented, pending = FollowUpStatus.IMPLEMENTED, FollowUpStatus.PENDING
    assert (f'জেলা শিক্ষা অফিসার: <span class="status {implemented}">{implemented.label}'
            '</span>') in line
    assert (f'জেলা প্রাথমিক শিক্ষা অফিসার: <span class="status {pending}">{pending.label}'
            '</span>') in line
    # A group of offices is summed up over its members.
    (line,) = _decision_lines(_page(client, "ই-নথি"))
    assert ('উপজেলা নির্বাহী অফিসার (সকল): <span class="status">'
            f'১/৪ {implemented.label} ({pending.label} ৩)</span>') in line
    assert f'সহকারী প্রোগ্রামার (সকল): <span class="status">০/৪ {implemented.label}' in line
    # A discussion shows its meeting too.
    html = _page(client, "ই-সেবা").split("<h2>আলোচনা")[1]
    assert (f'<a href="/meetings/{meeting_id}">{MAGURA_COMMITTEE}, ১৪/০৩/২০২২ সভা, বিষয় ৩</a> '
            f'<span class="badge {MeetingStatus.ISSUED}">') in html


# -- a fixed number of queries --------------------------------------------------------------

WORD = "খোঁজশব্দ"
PARTIES = ["জেলা শিক্ষা অফিসার", "উপজেলা নির্বাহী অফিসার (সকল)"]


def _meeting_with_hits(app, magura_doc, held_on: str, hits: int) -> int:
    doc = copy.deepcopy(magura_doc)
    doc["meeting"]["held_on"] = held_on
    doc["meeting"]["items"] = [
        {"title": f"{WORD} বিষয় {to_bangla_digits(n)}", "discussion": f"{WORD} নিয়ে আলোচনা",
         "responsible": PARTIES,
         "decisions": [{"text": f"{WORD} সিদ্ধান্ত {to_bangla_digits(f'{n}.{k}')}"}
                       for k in range(1, 6)
                       if (n - 1) * 5 + k <= hits]}
        for n in range(1, (hits + 4) // 5 + 1)]
    doc.pop("issue")
    return import_magura(app, doc)


def _queries(app, client) -> tuple[int, str]:
    with count_queries(app) as statements:
        html = _page(client, WORD)
    return len(statements), html


def test_the_query_count_does_not_grow_with_the_hits(app, client, users, magura_doc):
    _meeting_with_hits(app, magura_doc, "2022-03-14", 1)
    login(client, "sec")
    _page(client, WORD)  # once, so that anything done once a session is done
    one, html = _queries(app, client)
    assert len(_decision_lines(html)) == 1
    _meeting_with_hits(app, magura_doc, "2022-04-14", 19)
    with app.app_context():  # some offices have moved on
        for assignment in db.session.scalars(select(Assignment).where(Assignment.id % 3 == 0)):
            record_follow_up(assignment, FollowUpStatus.IN_PROGRESS, "", date(2022, 4, 20))
        db.session.commit()
    twenty, html = _queries(app, client)
    assert len(_decision_lines(html)) == 20
    assert f'<span class="status {FollowUpStatus.IN_PROGRESS}">' in html
    assert twenty == one, (one, twenty)


# -- meeting windows: the answer of one query, read newest meetings first ------------------

def test_meeting_windows_give_the_answer_of_one_query(app, users, magura_doc, monkeypatch):
    """search() reads a window of the newest meetings, then older ones (WINDOWS): with
    windows of 1 and 2 meetings, every limit gives exactly the rows, in the order, of the
    one query over all meetings; an outsider's search stays empty; a page filled by the
    first window reads no older meeting."""
    from committee.authz import scoped
    from committee.followup import search as searching
    from committee.models import Meeting, User

    for held_on in ("2022-03-14", "2022-04-14", "2022-05-16", "2022-06-12", "2022-07-10"):
        doc = copy.deepcopy(magura_doc)
        doc["meeting"]["held_on"] = held_on
        doc.pop("issue")
        import_magura(app, doc)
    monkeypatch.setattr(searching, "WINDOWS", (1, 2))
    q = "ল্যাব"
    with app.app_context():
        sec = db.session.scalar(select(User).where(User.username == "sec"))
        outsider = db.session.scalar(select(User).where(User.username == "sec_b"))
        everything = db.session.scalars(scoped(
            select(Decision).join(Decision.item).join(Item.meeting).join(Meeting.committee)
            .where(searching.text_match(q, Decision.text, indexed=True))
            .order_by(Meeting.held_on.desc(), Meeting.id.desc(), Item.position,
                      Decision.position), sec)).all()
        per_meeting = len(everything) // 5
        assert per_meeting >= 2 and len(everything) == 5 * per_meeting
        for limit in range(1, len(everything) + 2):
            found, _ = searching.search(q, sec, limit=limit)
            assert [d.id for d in found] == [d.id for d in everything[:limit]], limit
        assert searching.search(q, outsider) == ([], [])

        def decision_reads(limit: int) -> int:
            with count_queries(app) as statements:
                searching.search(q, sec, limit=limit)
            return sum(1 for s in statements if "FROM decisions JOIN items" in s)

        # A page the newest meeting fills is one read; one that needs every meeting reads
        # the two windows and the rest.
        assert decision_reads(per_meeting) == 1
        assert decision_reads(len(everything) + 1) == 3
