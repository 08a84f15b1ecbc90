"""APA: fiscal-year and quarter boundaries, scoring, methods, report, API, XLSX."""
import copy
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from committee.apa.defaults import DEFAULT_YEAR, copy_year, install_defaults
from committee.apa.scoring import achievement, parse_fiscal_year, quarter_of, score
from committee.apa.service import compute
from committee.bangla import to_bangla_digits
from committee.extensions import db
from committee.imports import import_document
from committee.models import Assignment, Indicator, Meeting
from tests.conftest import csrf_token, login, make_token


@pytest.mark.parametrize("meetings, expected", [
    (13, 4.0), (12, 4.0), (11, 3.6), (10, 3.2), (9, 2.8), (8, 2.4), (7, 0.0), (0, 0.0)])
def test_score_table_for_3_1_1(meetings, expected):
    assert score(meetings, [12, 11, 10, 9, 8], 4) == expected


def test_score_interpolates_and_handles_dates():
    assert score(10.5, [12, 11, 10, 9, 8], 4) == 3.4
    assert score(None, [12, 11, 10, 9, 8], 4) == 0.0
    # date method: earlier is better (ordinal days), 100 % column is the earliest
    cols = [date(2025, 1, d).toordinal() for d in (10, 15, 20, 25, 30)]
    assert score(date(2025, 1, 5).toordinal(), cols, 2, lower_is_better=True) == 2
    assert score(date(2025, 1, 15).toordinal(), cols, 2, lower_is_better=True) == 1.8
    assert score(date(2025, 2, 1).toordinal(), cols, 2, lower_is_better=True) == 0


@pytest.mark.parametrize("day, quarter", [
    (date(2024, 7, 1), 1), (date(2024, 9, 30), 1), (date(2024, 10, 1), 2),
    (date(2024, 12, 31), 2), (date(2025, 1, 1), 3), (date(2025, 3, 31), 3),
    (date(2025, 4, 1), 4), (date(2025, 6, 30), 4)])
def test_quarters(day, quarter):
    assert quarter_of(day) == quarter


@pytest.mark.parametrize("method, quarters, expected", [
    ("sum", [3, 3, 2, 4], 12), ("avg", [100, 80, None, None], 90),
    ("cumulative", [2, 5, 9, None], 9), ("sum", [None] * 4, None)])
def test_methods(method, quarters, expected):
    assert achievement(method, quarters) == expected


def test_fiscal_year_parsing():
    assert parse_fiscal_year("2024-25") == 2024
    assert parse_fiscal_year("২০২৪-২৫") == 2024
    for bad in ("2024-26", "2024", "abcd-ef"):
        with pytest.raises(ValueError):
            parse_fiscal_year(bad)


def _meeting(app, doc, held_on, serial):
    doc = copy.deepcopy(doc)
    doc["meeting"]["held_on"] = held_on.isoformat()
    if serial is None:
        doc["issue"]["memo_serial"] = None
    else:
        doc["issue"]["memo_serial"] = serial
        doc["issue"]["memo_date"] = held_on.isoformat()
    with app.app_context():
        return import_document(doc).id


def _own_file(n: int) -> str:
    """A file number of its own for a committee other than Magura's ICT committee (whose
    file serial is ০০১): file serial n >= 2. A file belongs to one committee."""
    return to_bangla_digits(f"56.04.5500.000.06.{n:03d}.20")


def _defaults(app) -> None:
    """Install the default indicators as `flask apa defaults 2024-25` does (no GET does)."""
    with app.app_context():
        install_defaults(DEFAULT_YEAR)


def _ict(app, district_name="মাগুরা"):
    from committee.directory.service import find_district

    with app.app_context():
        install_defaults(DEFAULT_YEAR)
        district = find_district(district_name)
        results = compute(2024, district.id)
        return next(r for r in results if r.indicator.code == "[৩.১.১]")


def test_meetings_count_by_quarter_with_boundaries(app, magura_doc):
    _meeting(app, magura_doc, date(2024, 6, 30), 1)     # FY 2023-24: not counted
    _meeting(app, magura_doc, date(2024, 7, 1), 2)      # Q1
    _meeting(app, magura_doc, date(2024, 9, 30), 3)     # Q1
    _meeting(app, magura_doc, date(2024, 10, 1), 4)     # Q2
    _meeting(app, magura_doc, date(2025, 3, 31), 5)     # Q3
    _meeting(app, magura_doc, date(2025, 6, 30), 6)     # Q4
    draft = _meeting(app, magura_doc, date(2025, 5, 14), None)  # held, minutes not issued
    _meeting(app, magura_doc, date(2025, 7, 1), 7)      # FY 2025-26
    r = _ict(app)
    assert r.quarters == [2, 1, 1, 1]
    assert r.achievement == 5
    assert r.score == 0.0
    assert [e["memo_number"] for e in r.evidence][0] == "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.২"
    assert [e["meeting_id"] for e in r.pending] == [draft]


def test_twelve_issued_meetings_score_full_weight(app, magura_doc):
    for i, month in enumerate([7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6], start=1):
        year = 2024 if month >= 7 else 2025
        _meeting(app, magura_doc, date(year, month, 10), i)
    r = _ict(app)
    assert (r.quarters, r.achievement, r.score) == ([3, 3, 3, 3], 12, 4.0)


def test_decision_rate_excludes_dropped(app, magura_doc):
    doc = copy.deepcopy(magura_doc)
    doc["committee"]["kind"] = "ethics"
    doc["committee"]["name"] = "নৈতিকতা কমিটি, মাগুরা"
    meeting_id = _meeting(app, doc, date(2024, 8, 10), 1)
    with app.app_context():
        rows = db.session.scalars(db.select(Assignment).join(Assignment.decision).where(
            Assignment.decision.has(meeting_id=meeting_id)).order_by(Assignment.id)).all()
        for a in rows[:10]:
            a.status = "implemented"
        for a in rows[10:20]:
            a.status = "dropped"
        db.session.commit()
        expected = round(100 * 10 / (len(rows) - 10), 1)
        from committee.directory.service import find_district

        install_defaults(DEFAULT_YEAR)
        results = compute(2024, find_district("মাগুরা").id)
    rate = next(r for r in results if r.indicator.source == "decision_rate")
    assert rate.achievement == expected
    assert rate.quarters[0] == expected


def test_report_page_xlsx_and_api(app, client, users, magura_doc):
    for serial, month in enumerate([7, 8, 9], start=1):
        _meeting(app, magura_doc, date(2024, month, 14), serial)
    _defaults(app)
    login(client, "sec")
    html = client.get("/apa/2024-25").get_data(as_text=True)
    assert "[৩.১.১]" in html and "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৩" in html
    xlsx = client.get("/apa/2024-25?format=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    ict = next(r for r in rows if r[0] == "[৩.১.১]")
    assert ict[10:16] == (3, 0, 0, 0, 3, 0)
    token = make_token(app, "sec")
    body = client.get("/api/v1/apa/2024-25/indicators?district=মাগুরা",
                      headers={"Authorization": f"Bearer {token}"}).get_json()
    ict = next(i for i in body if i["code"] == "[৩.১.১]")
    assert ict["quarters"] == [3, 0, 0, 0] and ict["weight"] == 4
    assert ict["targets"] == [12, 11, 10, 9, 8]
    assert len(ict["evidence"]) == 3
    other = make_token(app, "sec_b")
    assert client.get("/api/v1/apa/2024-25/indicators?district=মাগুরা",
                      headers={"Authorization": f"Bearer {other}"}).status_code == 403
    assert client.get("/api/v1/apa/2024-26/indicators?district=মাগুরা",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 400


def test_report_query_count_does_not_grow(app, client, users, magura_doc):
    from sqlalchemy import event

    def count():
        statements = []
        listener = lambda *a: statements.append(a[2])  # noqa: E731
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/apa/2024-25").status_code == 200
        finally:
            with app.app_context():
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    _meeting(app, magura_doc, date(2024, 7, 14), 1)
    _defaults(app)
    login(client, "sec")
    count()  # the first visit
    small = count()
    for serial, month in enumerate([8, 9, 10, 11, 12], start=2):
        _meeting(app, magura_doc, date(2024, month, 14), serial)
    assert count() == small


def test_admin_edits_and_copies_indicators(app, client, users):
    _defaults(app)
    login(client, "admin")
    client.get("/apa/2024-25/indicators")
    with app.app_context():
        ind = db.session.scalar(db.select(Indicator).where(Indicator.code == "[৩.১.১]",
                                                           Indicator.level == "district"))
        ind_id = ind.id
    token = csrf_token(client, f"/apa/2024-25/indicators/{ind_id}")
    bad = client.post(f"/apa/2024-25/indicators/{ind_id}", data={
        "csrf_token": token, "level": "district", "code": "[৩.১.১]", "title": "সভা",
        "method": "sum", "unit": "সংখ্যা", "weight": "চার", "t100": "১২", "t90": "11",
        "t80": "10", "t70": "9", "t60": "8", "source": "meetings", "committee_kind": "ict",
        "scope": "own"})
    assert bad.status_code == 400 and "সংখ্যা লিখুন" in bad.get_data(as_text=True)
    ok = client.post(f"/apa/2024-25/indicators/{ind_id}", data={
        "csrf_token": token, "level": "district", "code": "[৩.১.১]", "title": "সভা",
        "method": "sum", "unit": "সংখ্যা", "weight": "৫", "t100": "১২", "t90": "11",
        "t80": "10", "t70": "9", "t60": "8", "source": "meetings", "committee_kind": "ict",
        "scope": "own"})
    assert ok.status_code == 302
    with app.app_context():
        assert db.session.get(Indicator, ind_id).weight == 5
        assert copy_year("2024-25", "2025-26") == 5
        with pytest.raises(ValueError):
            copy_year("2024-25", "2025-26")
    login(client, "sec")
    assert client.get("/apa/2024-25/indicators").status_code == 403


def test_other_district_report_forbidden(app, client, users, magura_doc):
    _meeting(app, magura_doc, date(2024, 7, 14), 1)
    with app.app_context():
        district_id = db.session.scalar(db.select(Meeting).limit(1)).committee.district_id
    login(client, "sec_b")
    assert client.get(f"/apa/2024-25?district_id={district_id}").status_code == 403


def test_quarterly_progress_docx(app, client, users, magura_doc):
    from docx import Document

    from committee.apa.docx import progress_context
    from tests.test_documents import context_keys, readme_keys

    for serial, month in enumerate([7, 8, 10], start=1):
        _meeting(app, magura_doc, date(2024, month, 14), serial)
    _defaults(app)
    login(client, "sec")
    response = client.get("/apa/2024-25?format=docx&quarter=1")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    ict = next(r for r in rows if r[0] == "[৩.১.১]")
    # Q1 reported: July and August count, October (Q2) is not printed yet.
    assert ict[5:9] == ["২", "—", "—", "—"]
    assert "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.২" in ict[11]
    text = "\\n".join(p.text for p in document.paragraphs)
    assert "১ম ত্রৈমাসিক (জুলাই–সেপ্টেম্বর)" in text
    with app.app_context():
        from committee.directory.service import find_district

        district = find_district("মাগুরা")
        context = progress_context("2024-25", district, None,
                                   compute(2024, district.id), 2)
    assert context_keys(context) == readme_keys("apa_progress.docx")


def test_quarterly_progress_docx_carries_the_meetings_chart(app, client, users, magura_doc):
    """The APA progress DOCX ends with a native Word chart per meetings indicator: the
    meetings held per quarter against the annual target ÷ 4, Bangla labels, Bangla digits
    by number format, the numbers also in the embedded workbook; quarters not reported yet
    are left empty."""
    import re

    from docx import Document

    for serial, month in enumerate([7, 8, 10, 1], start=1):
        _meeting(app, magura_doc, date(2024 if month >= 7 else 2025, month, 14), serial)
    _defaults(app)
    login(client, "sec")
    response = client.get("/apa/2024-25?format=docx&quarter=2")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    parts = {str(p.partname): p for p in document.part.package.iter_parts()}
    charts = [p for name, p in parts.items() if name.startswith("/word/charts/")]
    with app.app_context():
        from committee.directory.service import find_district

        meetings = [r.indicator.code for r in compute(2024, find_district("মাগুরা").id)
                    if r.indicator.source == "meetings"]
    assert len(charts) == len(meetings) >= 1          # one per meetings indicator
    chart = next(p for p in charts if "[৩.১.১] অনুষ্ঠিত সভা" in p.blob.decode())
    xml = chart.blob.decode()
    assert "১ম প্রান্তিক" in xml and "৪র্থ প্রান্তিক" in xml
    assert "[$-4000845]General" in xml     # Bengali digits on the axis and the labels
    series = re.findall(r"<numCache>(.*?)</numCache>", xml)
    values = [dict(re.findall(r'<pt idx="(\d)"><v>([\d.]+)</v>', s)) for s in series]
    # July and August in Q1, October in Q2; January (Q3) is after the report's quarter.
    assert values[0] == {"0": "2", "1": "1"}
    assert values[1] == {str(i): "3" for i in range(4)}     # 12 a year ÷ 4
    book = load_workbook(io.BytesIO(next(p for p in chart.rels.values()
                                         if p.reltype.endswith("/package")).target_part.blob))
    assert [list(r) for r in book.active.iter_rows(values_only=True)] == [
        [None, "অনুষ্ঠিত সভা", "লক্ষ্যমাত্রা (বার্ষিক ÷ ৪)"], ["১ম প্রান্তিক", 2, 3.0],
        ["২য় প্রান্তিক", 1, 3.0], ["৩য় প্রান্তিক", None, 3.0], ["৪র্থ প্রান্তিক", None, 3.0]]
    body = document.element.body.xml
    assert "লেখচিত্র: প্রান্তিকভিত্তিক অনুষ্ঠিত সভা বনাম লক্ষ্যমাত্রা" in body
    alt = re.search(r'<wp:docPr [^>]*descr="([^"]*)"', body).group(1)
    assert "১ম প্রান্তিক ২, ২য় প্রান্তিক ১, ৩য় প্রান্তিক —" in alt


def test_an_offices_own_indicator_replaces_the_default(app, client, users, magura_doc):
    """An admin sets Magura's own [৩.১.১] (weight 5); other districts keep the default."""
    from committee.directory.service import find_district, get_or_create_district

    _meeting(app, magura_doc, date(2024, 7, 14), 1)
    _defaults(app)
    login(client, "admin")
    client.get("/apa/2024-25/indicators")
    with app.app_context():
        magura = find_district("মাগুরা").id
        other = get_or_create_district("ঝিনাইদহ").id
        db.session.commit()
    response = client.post("/apa/2024-25/indicators", data={
        "csrf_token": csrf_token(client, "/apa/2024-25/indicators"), "level": "district",
        "district_id": str(magura), "code": "[৩.১.১]", "title": "আইসিটি কমিটির সভা (মাগুরা)",
        "method": "sum", "unit": "সংখ্যা", "weight": "5", "t100": "12", "t90": "11",
        "t80": "10", "t70": "9", "t60": "8", "source": "meetings", "committee_kind": "ict",
        "scope": "own"})
    assert response.status_code == 302
    with app.app_context():
        own = [r for r in compute(2024, magura) if r.indicator.code == "[৩.১.১]"]
        default = [r for r in compute(2024, other) if r.indicator.code == "[৩.১.১]"]
    assert [r.indicator.weight for r in own] == [5]
    assert own[0].quarters == [1, 0, 0, 0]
    assert [r.indicator.weight for r in default] == [4]


def _two_districts_with_data(app, magura_doc):
    """Magura (ICT and ethics meetings, one own indicator) and Jhenaidah (ICT only)."""
    for serial, month in enumerate([7, 8, 10, 1], start=1):
        year = 2024 if month >= 7 else 2025
        _meeting(app, magura_doc, date(year, month, 14), serial)
    ethics = copy.deepcopy(magura_doc)
    ethics["committee"].update(kind="ethics", name="নৈতিকতা কমিটি, মাগুরা",
                               file_number=_own_file(2))
    ethics_id = _meeting(app, ethics, date(2024, 9, 3), 20)
    other = copy.deepcopy(magura_doc)
    other["committee"].update(district="ঝিনাইদহ", name="জেলা আইসিটি কমিটি, ঝিনাইদহ",
                              file_number=_own_file(3))
    _meeting(app, other, date(2024, 11, 14), 30)
    with app.app_context():
        install_defaults(DEFAULT_YEAR)
        rows = db.session.scalars(db.select(Assignment).where(
            Assignment.decision.has(meeting_id=ethics_id)).order_by(Assignment.id)).all()
        for a in rows[:7]:
            a.status = "implemented"
        for a in rows[7:9]:
            a.status = "dropped"
        magura = db.session.scalar(db.select(Meeting).where(Meeting.id == ethics_id))
        db.session.add(Indicator(fiscal_year="2024-25", level="district",
                                 district_id=magura.committee.district_id, position=1,
                                 code="[৩.১.১]", title="সভা", method="sum", weight=5,
                                 targets=[4, 3, 2, 1, 0], source="meetings",
                                 committee_kind="ict", scope="own"))
        db.session.commit()


def test_national_rollup_matches_each_districts_report(app, magura_doc):
    from committee.apa.rollup import national_rollup
    from committee.models import District

    _two_districts_with_data(app, magura_doc)
    with app.app_context():
        rows = national_rollup(2024)
        expected = {d.id: compute(2024, d.id) for d in db.session.scalars(db.select(District))}
        assert len(rows) == len(expected) == 2
        for row in rows:
            results = expected[row["district"].id]
            assert row["score"] == round(sum(r.score for r in results), 2)
            assert row["weight"] == sum(r.indicator.weight for r in results)
        magura = next(r for r in rows if r["district"].name == "মাগুরা")
        assert magura["weight"] == 5 + 3 + 2 + 3 and magura["score"] >= 5


def test_national_rollup_query_count_does_not_grow_with_districts(app, client, magura_doc):
    from tests.conftest import make_user
    from tests.test_api import count_queries

    _meeting(app, magura_doc, date(2024, 7, 14), 1)
    make_user(app, "admin", "admin")
    _defaults(app)
    login(client, "admin")
    assert client.get("/apa/2024-25/national").status_code == 200

    def count() -> int:
        with count_queries(app) as statements:
            assert client.get("/apa/2024-25/national").status_code == 200
        return len(statements)

    one = count()
    for serial, name in enumerate(["ঝিনাইদহ", "যশোর"], start=2):
        doc = copy.deepcopy(magura_doc)
        doc["committee"].update(district=name, name=f"জেলা আইসিটি কমিটি, {name}",
                                file_number=_own_file(serial))
        _meeting(app, doc, date(2024, 8, 14), serial)
    with app.app_context():
        from committee.models import District

        assert db.session.scalar(db.select(db.func.count()).select_from(District)) == 3
    assert count() == one


def _upazila_doc(magura_doc, upazila: str, serial: int) -> dict:
    doc = copy.deepcopy(magura_doc)
    doc["committee"].update(level="upazila", upazila=upazila,
                            name=f"উপজেলা আইসিটি কমিটি, {upazila}",
                            file_number=f"৫৬.০৪.৫৫০০.০০{serial}.০৬.০০১.২০")
    return doc


def test_district_rollup_matches_each_offices_report_in_a_fixed_number_of_queries(
        app, client, users, magura_doc):
    from committee.apa.rollup import district_rollup
    from committee.directory.service import find_district
    from tests.test_api import count_queries

    _meeting(app, magura_doc, date(2024, 7, 14), 1)
    _meeting(app, _upazila_doc(magura_doc, "শালিখা", 1), date(2024, 8, 20), 1)
    _meeting(app, _upazila_doc(magura_doc, "শালিখা", 1), date(2024, 11, 20), 2)
    _meeting(app, _upazila_doc(magura_doc, "মহম্মদপুর", 2), date(2024, 9, 20), None)
    with app.app_context():
        install_defaults(DEFAULT_YEAR)
        district = find_district("মাগুরা")
        rows = district_rollup(2024, district, 2)
        assert len(rows) == 1 + len(district.upazilas)
        for row in rows:
            expected = compute(2024, district.id, row["upazila"].id if row["upazila"] else None)
            # The year's score is the office's report's; the score so far (of Q2) follows it.
            assert row["annual_score"] == round(sum(r.score for r in expected), 2)
            assert row["score"] <= row["weight"]
            assert not (row["on_track"] and row["score"] == 0)
        shalikha = next(r for r in rows if r["upazila"] and r["upazila"].name == "শালিখা")
        mohammadpur = next(r for r in rows
                           if r["upazila"] and r["upazila"].name == "মহম্মদপুর")
        # Two issued meetings by Q2 against a pace of 6: behind, like the draft-only upazila.
        assert [b["done"] for b in shalikha["behind"] if b["code"] == "[৩.১.১]"] == [2]
        assert [b["done"] for b in mohammadpur["behind"] if b["code"] == "[৩.১.১]"] == [0]
        district_id = district.id
    login(client, "sec")
    url = f"/apa/2024-25/district?district_id={district_id}&quarter=2"
    with count_queries(app) as small:
        assert client.get(url).status_code == 200
    _meeting(app, _upazila_doc(magura_doc, "শ্রীপুর", 3), date(2024, 10, 2), 1)
    _meeting(app, _upazila_doc(magura_doc, "মহম্মদপুর", 2), date(2024, 10, 9), 5)
    with count_queries(app) as large:
        page = client.get(url)
        assert page.status_code == 200 and "শ্রীপুর" in page.get_data(as_text=True)
    assert len(large) == len(small)

