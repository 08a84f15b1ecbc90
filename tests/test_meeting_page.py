"""The minutes page: the Magura layout, escaping, the annex, a fixed number of queries."""
from __future__ import annotations

import copy

import pytest
from sqlalchemy import event, func, select

from committee.bangla import to_bangla_digits
from committee.extensions import db
from committee.models import Committee, Item, Meeting
from tests.conftest import import_magura
from tests.meeting_forms import ITEMS, as_user, create, flat, setup_magura


@pytest.fixture
def magura(app, users):
    return setup_magura(app)


# -- the minutes page ----------------------------------------------------------------------

def test_magura_minutes_page(client, magura):
    as_user(client, "viewer")
    html = client.get(f"/meetings/{magura['meeting']}").get_data(as_text=True)
    for text in ("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার", "প্রোগ্রামার এর দপ্তর",
                 "জেলা আইসিটি কমিটির মাসিক সভার কার্যবিবরণী", "ড. আশরাফুল আলম",
                 "১৪/০৩/২০২২ খ্রিঃ", "সকাল ১১:০০ টা", "অনলাইন জুম প্ল্যাটফর্ম",
                 "স্মারক নম্বর: ৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯", "২৪ চৈত্র ১৪২৮", "০৭ এপ্রিল ২০২২",
                 "১৩.২", "২.৩", "বিতরণ (জ্যেষ্ঠতার ক্রমানুসারে নয়) :",
                 "৬) উপজেলা নির্বাহী অফিসার (সকল), মাগুরা", "মোঃ আবুল কাসেম পলাশ",
                 "জারিকৃত", "<th>আলোচনা</th><th>সিদ্ধান্ত</th><th>বাস্তবায়নে</th>"):
        assert text in html, text
    assert "সম্পাদনা</a>" not in html


def test_text_is_escaped_on_the_page(app, client, magura):
    as_user(client, "sec")
    items = copy.deepcopy(ITEMS)
    items[1]["decisions"][0]["text"] = '<script>alert("x")</script> & \'উদ্ধৃতি\''
    meeting_id = create(client, magura["committee"], flat(items))
    html = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;উদ্ধৃতি&#39;" in html
    edit = client.get(f"/meetings/{meeting_id}/edit").get_data(as_text=True)
    assert "<script>alert" not in edit and "&lt;script&gt;alert" in edit


def test_attendance_annex_is_printed_at_the_end(app, client, magura):
    as_user(client, "sec")
    attendance = [("রহিম", "জেলা শিক্ষা অফিসার", "জেলা শিক্ষা অফিস", True),
                  ("করিম", "সিভিল সার্জন", "", False), ("", "", "", True)]
    meeting_id = create(client, magura["committee"], flat(attendance=attendance, annex=True))
    with app.app_context():
        rows = db.session.get(Meeting, meeting_id).attendance
        assert [(a.name, a.present) for a in rows] == [("রহিম", True), ("করিম", False)]
    html = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "<th>উপস্থিতি</th><td>\n      পরিশিষ্ট 'ক'" in html
    annex = html.split('class="annex"')[1]
    assert "রহিম" in annex and "করিম" not in annex


def _big_meeting(app, magura_doc, items: int, issued_as: int | None = None,
                 held_on: str = "2022-05-15") -> int:
    """A draft with `items` agenda items; issued under serial `issued_as` if given. Two of
    them take two dates: one meeting per committee and date."""
    doc = copy.deepcopy(magura_doc)
    if issued_as is None:
        doc.pop("issue")
    else:
        doc["issue"].update(memo_serial=issued_as, memo_date="2022-05-20")
    doc["meeting"]["held_on"] = held_on
    template = doc["meeting"]["items"][3]
    doc["meeting"]["items"] = [dict(copy.deepcopy(template), title=f"বিষয় {to_bangla_digits(n)}")
                               for n in range(items)]
    doc["meeting"]["items"][min(5, items - 1)]["decisions"][0]["responsible"] = [
        "জেলা শিক্ষা অফিসার"]
    return import_magura(app, doc)


def _statements(app, client, url: str, **kwargs) -> int:
    with app.app_context():
        engine = db.engine
    seen = []

    def count(*args):
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url, **kwargs).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_minutes_page_query_count_does_not_grow_with_items(app, client, magura, magura_doc):
    # Issued, like the Magura meeting it is compared with (an issued page reads its letters).
    big = _big_meeting(app, magura_doc, 40, issued_as=10)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Item)
                                 .where(Item.meeting_id == big)) == 40
    as_user(client, "sec")
    small = _statements(app, client, f"/meetings/{magura['meeting']}")
    large = _statements(app, client, f"/meetings/{big}")
    assert large == small, (small, large)
    assert small < 15


def test_issued_minutes_page_shows_the_frozen_letter_without_loading_the_meeting(
        app, client, magura, magura_doc):
    """Issued minutes are shown from the content frozen at issue: the items, decisions,
    assignments and review of the meeting are not read (on the national dataset 82 ms ->
    16 ms a page); a draft still shows its live items."""
    from sqlalchemy import event

    big = _big_meeting(app, magura_doc, 40, issued_as=10)
    as_user(client, "sec")
    # Imported as issued: frozen on the first download, as the app's own issue freezes it.
    assert client.get(f"/meetings/{big}/minutes.docx").status_code == 200
    read = []

    def tables(conn, cursor, statement, *args):
        read.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", tables)
        try:
            page = client.get(f"/meetings/{big}")
        finally:
            event.remove(db.engine, "before_cursor_execute", tables)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "নিচে জারিকৃত কার্যবিবরণী, ঠিক যেভাবে জারি হয়েছে" in html
    assert "বিষয় ৩৯" in html and "৪০." in html
    joined = " ".join(read)
    for table in ("FROM items", "FROM decisions", "FROM assignments", "review_entries"):
        assert table not in joined, table


def test_minutes_title_by_kind_and_level():
    from committee.meetings.service import minutes_title

    def title(kind, level, name="কমিটি"):
        return minutes_title(Committee(kind=kind, level=level, name=name))

    assert title("ict", "district") == "জেলা আইসিটি কমিটির মাসিক সভার কার্যবিবরণী"
    assert title("ict", "upazila") == "উপজেলা আইসিটি কমিটির মাসিক সভার কার্যবিবরণী"
    assert "সমন্বয় সভার" in title("ict-coordination", "district")
    assert "নৈতিকতা কমিটির" in title("ethics", "upazila")
    assert title("other", "district", "ই-সেবা কমিটি, মাগুরা") == "ই-সেবা কমিটি এর সভার কার্যবিবরণী"


def test_meeting_json_and_docx_query_counts_do_not_grow_with_items(app, client, magura,
                                                                   magura_doc):
    from tests.conftest import make_token

    little = _big_meeting(app, magura_doc, 2, held_on="2022-05-16")
    big = _big_meeting(app, magura_doc, 40)
    bearer = {"Authorization": f"Bearer {make_token(app, 'sec')}"}
    as_user(client, "sec")
    for url in ("/api/v1/meetings/{}", "/meetings/{}/minutes.docx", "/meetings/{}/notice.docx",
                "/meetings/{}/print", "/api/v1/meetings/{}/minutes.docx",
                "/api/v1/meetings/{}/notice.docx"):
        small = _statements(app, client, url.format(little), headers=bearer)
        large = _statements(app, client, url.format(big), headers=bearer)
        assert large == small, (url, small, large)


def test_issue_and_distribution_pages_query_counts_do_not_grow_with_items(app, client, magura,
                                                                         magura_doc):
    little = _big_meeting(app, magura_doc, 2, held_on="2022-05-16")
    big = _big_meeting(app, magura_doc, 40)
    as_user(client, "sec")
    for url in ("/meetings/{}/issue", "/meetings/{}/distribution"):
        small = _statements(app, client, url.format(little))
        large = _statements(app, client, url.format(big))
        assert large == small, (url, small, large)
