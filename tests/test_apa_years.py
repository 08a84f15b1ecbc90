"""APA as the officer expects: indicators shipped for every fiscal year from 2019-20 with
the wording and targets of the seed APA documents, offered to the administrator with one
button, "copy" that says so when there was nothing to copy, Bangla labels and dates,
Bangla digits in the number boxes, the roll-up status following the score, and the APA
page opening on the fiscal year of the latest meeting."""
from __future__ import annotations

import copy
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from committee.apa.defaults import (
    copy_year,
    install_defaults,
    install_missing_years,
    shipped,
    shipped_years,
)
from committee.apa.rollup import district_rollup
from committee.extensions import db
from committee.imports import import_document
from committee.models import AuditEntry, Indicator
from tests.conftest import csrf_token, import_magura, login

TARGETS = [12, 11, 10, 9, 8]


def _rows(app, fy: str) -> list[Indicator]:
    with app.app_context():
        rows = db.session.scalars(select(Indicator).where(Indicator.fiscal_year == fy)
                                  .order_by(Indicator.level, Indicator.position)).all()
        db.session.expunge_all()
        return rows


def _district(app, name: str = "মাগুরা") -> int:
    from committee.directory.service import find_district

    with app.app_context():
        return find_district(name).id


def _meeting(app, doc: dict, held_on: date, serial: int | None, **committee) -> int:
    doc = copy.deepcopy(doc)
    doc["meeting"]["held_on"] = held_on.isoformat()
    doc["committee"].update(committee)
    doc["issue"]["memo_serial"] = serial
    if serial:
        doc["issue"]["memo_date"] = held_on.isoformat()
    with app.app_context():
        return import_document(doc).id


def _audits(app) -> list[AuditEntry]:
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "indicator").order_by(AuditEntry.id)).all()
        db.session.expunge_all()
        return entries


# -- what each year gets -------------------------------------------------------------------

def test_each_fiscal_year_gets_the_seed_documents_wording_and_targets():
    joypurhat = shipped("2019-20")[0]
    assert joypurhat[1:3] == ("[২.১.১]", "সভা/সেমিনার /ওয়ার্কশপ আয়োজন")
    assert joypurhat[6] == TARGETS  # the document gives no targets: those of [৩.১.১]
    khulna = shipped("2022-23")[0]
    assert khulna[1:7] == ("[৩.২.১]", "সভা/সেমিনার আয়োজন", "sum", "সংখ্যা", 5, [10, 9, 8, 7, 6])
    narayanganj = [row[1:7] for row in shipped("2024-25")[:2]]
    assert narayanganj == [
        ("[৩.১.১]", "জেলা ও উপজেলা পর্যায়ে আইসিটি কমিটির সভা", "sum", "সংখ্যা", 4, TARGETS),
        ("[৩.৪.১]", "জেলা উপজেলা অফিস সমূহের কর্মকর্তাদের সমন্বয় সভা", "sum", "সংখ্যা", 3,
         TARGETS)]
    for silent in ("2020-21", "2021-22", "2023-24", "2025-26", "2026-27"):
        first = shipped(silent)[0]
        assert first[0:3] == ("district", "[৩.১.১]", "জেলা ও উপজেলা পর্যায়ে আইসিটি কমিটির সভা")
        assert first[6] == TARGETS and first[5] == 4, silent
    for fy in ("2019-20", "2022-23", "2024-25", "2030-31"):
        codes = [(row[0], row[1]) for row in shipped(fy)]
        assert ("upazila", "[৩.১.১]") in codes and ("district", "[শু ১.২]") in codes, fy
    assert shipped("2018-19") == []
    with pytest.raises(ValueError, match="২০১৯-২০"):
        install_defaults("2018-19")


def test_every_year_from_2019_20_to_the_current_one_is_installed_once(app):
    years = shipped_years()
    assert years[0] == "2019-20" and years[-1] >= "2026-27"
    assert len(years) == len(set(years)) and years == sorted(years)
    with app.app_context():
        copy_source = Indicator(fiscal_year="2021-22", level="district", code="[৯.৯.৯]",
                                title="হাতে যোগ করা", weight=1, targets=TARGETS)
        db.session.add(copy_source)
        db.session.commit()
        added = install_missing_years()
        assert "2021-22" not in added  # a year started by hand is left as it is
        assert set(added) == set(years) - {"2021-22"}
        assert install_missing_years() == {}  # idempotent
    assert [r.code for r in _rows(app, "2021-22")] == ["[৯.৯.৯]"]
    assert [r.code for r in _rows(app, "2022-23")][0] == "[৩.২.১]"
    assert len(_audits(app)) == len(years) - 1  # one entry per year that got rows


# -- the indicators page: the buttons --------------------------------------------------------

def test_the_administrator_adds_a_years_indicators_with_one_button(app, client, users):
    login(client, "admin")
    page = client.get("/apa/2020-21/indicators").get_data(as_text=True)
    assert "এই অর্থবছরের সরবরাহকৃত সূচক যোগ করুন" in page
    assert "২০১৯-২০ (০)" in page  # every year is offered with its number of indicators
    refused = client.post("/apa/2020-21/defaults")  # no CSRF token
    assert refused.status_code == 400 and _rows(app, "2020-21") == []
    done = client.post("/apa/2020-21/defaults", follow_redirects=True, data={
        "csrf_token": csrf_token(client, "/apa/2020-21/indicators")})
    html = done.get_data(as_text=True)
    assert "২০২০-২১ অর্থবছরের ৪টি সরবরাহকৃত সূচক যোগ হয়েছে" in html
    assert [r.code for r in _rows(app, "2020-21")] == ["[৩.১.১]", "[শু ১.১]", "[শু ১.২]",
                                                       "[৩.১.১]"]
    assert "২০২০-২১ (৪)" in html
    again = client.post("/apa/2020-21/defaults", follow_redirects=True, data={
        "csrf_token": csrf_token(client, "/apa/2020-21/indicators")})
    assert "আগে থেকেই আছে; নতুন কিছু যোগ হয়নি" in again.get_data(as_text=True)
    assert [e.username for e in _audits(app)] == ["admin"]
    login(client, "sec")
    token = csrf_token(client, "/apa/2021-22")  # the top bar's logout form
    assert client.post("/apa/2021-22/defaults", data={"csrf_token": token}).status_code == 403
    assert _rows(app, "2021-22") == []


def test_the_all_years_button_fills_every_empty_year(app, client, users):
    login(client, "admin")
    page = client.get("/apa/2024-25/indicators").get_data(as_text=True)
    assert "সূচকহীন সব অর্থবছরে (২০১৯-২০, ২০২০-২১," in page
    done = client.post("/apa/defaults", follow_redirects=True, data={
        "csrf_token": csrf_token(client, "/apa/2024-25/indicators"), "fy": "2024-25"})
    html = done.get_data(as_text=True)
    assert re.search(r"\d?টি অর্থবছরে \(২০১৯-২০, .*\) মোট [০-৯]+টি সরবরাহকৃত সূচক যোগ হয়েছে",
                     html)
    assert "সূচকহীন সব অর্থবছরে" not in html  # nothing left to offer
    for fy in shipped_years():
        assert len(_rows(app, fy)) == len(shipped(fy)), fy


def test_copy_says_plainly_when_there_was_nothing_to_copy(app, client, users):
    login(client, "admin")
    html = client.post("/apa/2025-26/copy", follow_redirects=True, data={
        "csrf_token": csrf_token(client, "/apa/2025-26/indicators")}).get_data(as_text=True)
    assert "আগের অর্থবছর ২০২৪-২৫-এ কোনো সূচক নেই, তাই কপি করার কিছু ছিল না" in html
    assert "কপি হয়েছে" not in html and "০ টি" not in html
    assert _rows(app, "2025-26") == [] and _audits(app) == []
    with app.app_context():
        with pytest.raises(ValueError, match="কপি করার কিছু ছিল না"):
            copy_year("2024-25", "2025-26")
        install_defaults("2024-25")
    html = client.post("/apa/2025-26/copy", follow_redirects=True, data={
        "csrf_token": csrf_token(client, "/apa/2025-26/indicators")}).get_data(as_text=True)
    assert "আগের অর্থবছর ২০২৪-২৫ থেকে ৫টি সূচক ২০২৫-২৬ অর্থবছরে কপি হয়েছে" in html
    assert [r.code for r in _rows(app, "2025-26")] == [r.code for r in _rows(app, "2024-25")]
    html = client.post("/apa/2025-26/copy", follow_redirects=True, data={
        "csrf_token": csrf_token(client, "/apa/2025-26/indicators")}).get_data(as_text=True)
    assert "২০২৫-২৬ অর্থবছরের সূচক আগে থেকেই আছে; কিছু কপি করা হয়নি" in html


def test_the_indicators_page_speaks_bangla(app, client, users):
    with app.app_context():
        install_defaults("2024-25")
    login(client, "admin")
    html = client.get("/apa/2024-25/indicators").get_data(as_text=True)
    table = html[html.index("<table"):html.index("</table>")]
    assert "সমষ্টি" in table and "গড়" in table
    for english in (">sum<", ">avg<", "meetings", "decision_rate", "ict"):
        assert english not in table, english
    assert "১২ / ১১ / ১০ / ৯ / ৮" in table


# -- number boxes take Bangla digits ---------------------------------------------------------

FORM = {"level": "district", "code": "[৩.৯.১]", "title": "পরীক্ষার সভা", "method": "sum",
        "unit": "সংখ্যা", "source": "meetings", "committee_kind": "ict", "scope": "own",
        "district_id": "0", "evidence": ""}


def test_targets_typed_in_bangla_digits_are_kept(app, client, users):
    login(client, "admin")
    page = client.get("/apa/2024-25/indicators").get_data(as_text=True)
    box = re.search(r'<input[^>]*name="t100"[^>]*>', page).group(0)
    assert 'type="text"' in box and 'inputmode="decimal"' in box  # not a number box
    response = client.post("/apa/2024-25/indicators", data={
        **FORM, "csrf_token": csrf_token(client, "/apa/2024-25/indicators"),
        "weight": "৪", "t100": "১২", "t90": "১১", "t80": "10", "t70": "৯", "t60": "৮",
        "quarter_targets": "৩,৩,৩,৩", "position": "৭"})
    assert response.status_code == 302
    row = next(r for r in _rows(app, "2024-25") if r.code == "[৩.৯.১]")
    assert (row.weight, row.targets, row.quarter_targets, row.position) == \
        (4, TARGETS, [3, 3, 3, 3], 7)
    edit = client.get(f"/apa/2024-25/indicators/{row.id}").get_data(as_text=True)
    assert re.search(r'name="t100"[^>]*value="১২"', edit)  # shown back in Bangla digits


def test_a_bad_number_is_refused_in_bangla_keeping_what_was_typed(app, client, users):
    login(client, "admin")
    response = client.post("/apa/2024-25/indicators", data={
        **FORM, "csrf_token": csrf_token(client, "/apa/2024-25/indicators"),
        "weight": "চার", "t100": "১২", "t90": "১৩", "t80": "১০", "t70": "৯", "t60": "৮"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r'name="weight"[^>]*value="চার"', html)
    assert re.search(r'name="t100"[^>]*value="১২"', html)  # nothing typed is lost
    assert "সংখ্যা লিখুন" in html
    assert "অসাধারণ (১০০%) কলামের চেয়ে বেশি হতে পারে না" in html  # ১৩ above ১২
    assert _rows(app, "2024-25") == []


# -- the report: dates, opening year --------------------------------------------------------

def test_pending_and_counted_evidence_dates_are_bangla_not_iso(app, client, users, magura_doc):
    import_magura(app, magura_doc)  # held 14/03/2022, issued
    _meeting(app, magura_doc, date(2022, 4, 18), None)  # held, minutes not issued yet
    with app.app_context():
        install_defaults("2021-22")
    login(client, "sec")
    html = client.get("/apa/2021-22").get_data(as_text=True)
    assert "প্রমাণক বাকি" in html and "১৮/০৪/২০২২" in html and "১৪/০৩/২০২২" in html
    assert "২০২২-০৪-১৮" not in html and "2022-04-18" not in html
    xlsx = client.get("/apa/2021-22?format=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    ict = next(r for r in rows if r[0] == "[৩.১.১]")
    assert ict[2] == "সমষ্টি" and "১৪/০৩/২০২২" in ict[16] and "2022-03-14" not in ict[16]


def test_the_apa_page_opens_on_the_fiscal_year_of_the_latest_meeting(
        app, client, users, magura_doc):
    login(client, "sec")
    empty = client.get("/apa/")
    from committee.apa.defaults import current_fiscal_year

    assert empty.headers["Location"].startswith(f"/apa/{current_fiscal_year()}")
    import_magura(app, magura_doc)  # 14/03/2022: fiscal year 2021-22
    assert client.get("/apa/").headers["Location"].startswith("/apa/2021-22")
    # Another district's later meeting does not move Magura's page.
    _meeting(app, magura_doc, date(2024, 8, 1), 40, district="ঝিনাইদহ",
             name="জেলা আইসিটি কমিটি, ঝিনাইদহ", file_number="৫৬.০৪.৪৪০০.০০০.০৬.০০৯.২০")
    assert client.get("/apa/").headers["Location"].startswith("/apa/2021-22")
    login(client, "sec_b")
    assert client.get("/apa/").headers["Location"].startswith("/apa/2024-25")
    assert client.get(f"/apa/?district_id={_district(app)}").status_code == 403
    login(client, "admin")  # no district: the latest meeting anywhere
    assert client.get("/apa/").headers["Location"].startswith("/apa/2024-25")


# -- the roll-up: the status follows the score -----------------------------------------------

def _upazila(doc: dict, name: str, serial: int) -> dict:
    doc = copy.deepcopy(doc)
    doc["committee"].update(level="upazila", upazila=name, name=f"উপজেলা আইসিটি কমিটি, {name}",
                            file_number=f"৫৬.০৪.৫৫০০.০০{serial}.০৬.০০১.২০")
    return doc


def test_a_score_of_zero_is_never_on_target(app, client, users, magura_doc):
    # Q1 2024-25: Shalikha held its 3 meetings (on pace), Mohammadpur held none.
    for serial, month in enumerate((7, 8, 9), start=1):
        _meeting(app, _upazila(magura_doc, "শালিখা", 1), date(2024, month, 20), serial)
    _meeting(app, magura_doc, date(2024, 7, 14), 1)
    with app.app_context():
        from committee.directory.service import find_district

        district = find_district("মাগুরা")
        assert district_rollup(2024, district, 1)[0]["has_indicators"] is False
        install_defaults("2024-25")
        rows = {r["name"]: r for r in district_rollup(2024, district, 1)}
    shalikha, mohammadpur = rows["শালিখা"], rows["মহম্মদপুর"]
    assert shalikha["on_track"] and shalikha["score"] == shalikha["weight"] == 4
    assert shalikha["annual_score"] == 0  # 3 of the year's 12: nothing yet of the year
    assert mohammadpur["score"] == 0 and not mohammadpur["on_track"]
    for row in rows.values():
        assert not (row["on_track"] and row["score"] == 0), row["name"]
    login(client, "sec")
    html = client.get(f"/apa/2024-25/district?district_id={_district(app)}&quarter=1") \
        .get_data(as_text=True)
    cells = {m[0]: m[1] for m in re.findall(
        r'<tr><td><a [^>]*>([^<]+)</a></td>(.*?)</tr>', html, re.S)}
    assert "লক্ষ্যমাত্রা অনুযায়ী" in cells["শালিখা"]
    assert "পিছিয়ে" in cells["মহম্মদপুর"] and "লক্ষ্যমাত্রা অনুযায়ী" not in cells["মহম্মদপুর"]
    empty = client.get(f"/apa/2026-27/district?district_id={_district(app)}") \
        .get_data(as_text=True)
    empty = empty[empty.index("<tbody>"):]
    assert "লক্ষ্যমাত্রা অনুযায়ী" not in empty and "সূচক নির্ধারিত হয়নি" in empty


def test_the_years_count_query_is_one(app):
    from committee.apa.defaults import year_counts

    with app.app_context():
        install_defaults("2019-20")
        install_defaults("2022-23")
        assert year_counts() == {"2019-20": 4, "2022-23": 4}
        assert db.session.scalar(select(func.count()).select_from(Indicator)) == 8
