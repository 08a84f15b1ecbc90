"""The committee tracker shows one row per decision (issue 15, item 2), and the reminders
sent show on the tracker and on the office's own page (item 1)."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from committee.extensions import db
from committee.models import Assignment, Decision, Meeting, Office
from tests.conftest import PASSWORD, csrf_token, import_magura, login
from tests.test_api import count_queries

DEO = "জেলা শিক্ষা অফিসার"


def _committee(app, meeting_id: int) -> int:
    with app.app_context():
        return db.session.get(Meeting, meeting_id).committee_id


def _rows(html: str) -> list[str]:
    body = html.split('<table class="list tracker">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr(?: class=\"overdue\")?>\s*<td><strong>(.*?)</strong>", body)


def test_the_tracker_shows_the_magura_meeting_in_29_rows(app, users, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    committee_id = _committee(app, meeting_id)
    client = app.test_client()
    login(client, "sec")
    html = client.get(f"/committees/{committee_id}/tracker").get_data(as_text=True)
    first = _rows(html)
    html2 = client.get(f"/committees/{committee_id}/tracker?page=2").get_data(as_text=True)
    labels = first + _rows(html2)
    assert len(labels) == 29 and len(set(labels)) == 29
    assert labels[0] == "১৪/০৩/২০২২ সভার সিদ্ধান্ত ১.১"
    # Totals on top: decisions, and the rate before any follow-up.
    assert "<strong>২৯</strong> টি সিদ্ধান্ত" in html
    assert "বাস্তবায়নের হার: <strong>০.০%</strong>" in html
    # A group is one line, summarised over its member offices.
    assert re.search(r"উপজেলা নির্বাহী অফিসার \(সকল\): [০-৯]+/[০-৯]+ বাস্তবায়িত", html + html2)
    # Filtering by an office keeps whole decisions: the DEO's eight.
    with app.app_context():
        deo = db.session.scalar(select(Office.id).where(Office.name == DEO)
                                .order_by(Office.id))
    only = client.get(f"/committees/{committee_id}/tracker?office_id={deo}")
    assert len(_rows(only.get_data(as_text=True))) == 8


def test_a_decision_with_several_matching_offices_is_listed_once(app, users, magura_doc):
    """Filtered by status, a decision whose offices all match (every office is pending
    before any follow-up) is one row, and the pages hold every such decision once."""
    meeting_id = import_magura(app, magura_doc)
    committee_id = _committee(app, meeting_id)
    with app.app_context():
        with_offices = db.session.scalar(
            select(func.count(func.distinct(Assignment.decision_id)))
            .join(Assignment.decision).where(Decision.meeting_id == meeting_id))
        several = db.session.scalar(
            select(func.count()).select_from(
                select(Assignment.decision_id).join(Assignment.decision)
                .where(Decision.meeting_id == meeting_id)
                .group_by(Assignment.decision_id).having(func.count() > 1).subquery()))
    assert several > 5 and with_offices < 29  # some decisions have no office at all
    client = app.test_client()
    login(client, "sec")
    labels = []
    for page in (1, 2):
        html = client.get(f"/committees/{committee_id}/tracker?status=pending&page={page}")
        labels += _rows(html.get_data(as_text=True))
    assert len(labels) == len(set(labels)) == with_offices
    assert "<strong>২৯</strong> টি সিদ্ধান্ত" in html.get_data(as_text=True)


def test_the_tracker_takes_a_fixed_number_of_queries(app, users, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    committee_id = _committee(app, meeting_id)
    client = app.test_client()
    login(client, "sec")
    counts = []
    for query in ("?q=বিদ্যালয়", ""):
        with count_queries(app) as statements:
            assert client.get(f"/committees/{committee_id}/tracker{query}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_reminders_show_on_the_tracker_and_the_office_page(app, users, magura_doc):
    meeting_id = import_magura(app, magura_doc)
    committee_id = _committee(app, meeting_id)
    client = app.test_client()
    login(client, "sec")
    token = csrf_token(client, f"/committees/{committee_id}/reminders")
    done = client.post(f"/committees/{committee_id}/reminders", data={
        "csrf_token": token, "memo_date": "২০২২-০৫-১৭", "all": "1"})
    assert done.status_code == 302
    tracker = client.get(f"/committees/{committee_id}/tracker").get_data(as_text=True)
    assert f"{DEO}</a>: <span class=\"status pending\">অমীমাংসিত</span> · তাগিদপত্র: ১" \
        in tracker
    office = app.test_client()
    login(office, "deo")
    page = office.get("/followup/").get_data(as_text=True)
    assert page.count("তাগিদপত্র: ১") == 8  # each of the DEO's eight decisions


def _overview(html: str) -> list[tuple[str, str]]:
    body = html.split('<table class="list overview">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'office_id=\d+">(.*?)</a>.*?<td>([০-৯]+)</td><td>([০-৯]+)</td>',
                      body, re.S)


def test_the_secretary_sees_every_office_most_overdue_first(app, users, magura_doc):
    import_magura(app, magura_doc)
    client = app.test_client()
    login(client, "sec")
    html = client.get("/followup/").get_data(as_text=True)
    rows = _overview(html)
    names = [name for name, _open, _overdue in rows]
    assert DEO in names and "উপজেলা নির্বাহী অফিসার (সকল)" in names  # groups included
    overdue = [int("".join(str("০১২৩৪৫৬৭৮৯".index(c)) for c in o)) for _n, _o, o in rows]
    assert overdue == sorted(overdue, reverse=True)
    deo_open = next(o for n, o, _ in rows if n == DEO)
    assert deo_open == "৮"
    # A group's row opens its member offices' decisions given to it.
    with app.app_context():
        group = db.session.scalar(select(Office.id).where(
            Office.name == "উপজেলা নির্বাহী অফিসার (সকল)").order_by(Office.id))
    page = client.get(f"/followup/?office_id={group}").get_data(as_text=True)
    assert "অমীমাংসিত সিদ্ধান্ত; মেয়াদোত্তীর্ণগুলো প্রথমে" in page
    # Another district's secretary sees their own (empty) district, not Magura's.
    other = app.test_client()
    login(other, "sec_b")
    theirs = _overview(other.get("/followup/?district_id=1").get_data(as_text=True))
    assert theirs and all(o == "০" for _n, o, _d in theirs)  # Jhenaidah owes nothing


def test_an_office_user_lands_on_its_own_decisions(app, users):
    client = app.test_client()
    response = client.post("/login", data={"username": "deo", "password": PASSWORD,
                                            "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 302 and response.headers["Location"].endswith("/followup/")
    secretary = app.test_client()
    response = secretary.post("/login", data={"username": "sec", "password": PASSWORD,
                                               "csrf_token": csrf_token(secretary, "/login")})
    assert response.headers["Location"] == "/"  # the committees


def test_overdue_counts_as_reminders_chase(app, users, magura_doc, monkeypatch):
    """Forty days after the Magura minutes (no due dates), every open decision is overdue
    on the tracker and the overview, as the reminder page would chase it."""
    from datetime import date

    import committee.clock as clock

    meeting_id = import_magura(app, magura_doc)
    committee_id = _committee(app, meeting_id)
    monkeypatch.setattr(clock, "today", lambda: date(2022, 5, 17))
    client = app.test_client()
    login(client, "sec")
    tracker = client.get(f"/committees/{committee_id}/tracker").get_data(as_text=True)
    assert re.search(r"[১-৯][০-৯]* টি মেয়াদোত্তীর্ণ", tracker)
    assert '<tr class="overdue">' in tracker
    rows = _overview(client.get("/followup/").get_data(as_text=True))
    assert next(d for n, _o, d in rows if n == DEO) == "৮"


def test_the_tracker_and_its_export_take_a_fiscal_year(app, users, magura_doc):
    import io

    from openpyxl import load_workbook

    meeting_id = import_magura(app, magura_doc)
    committee_id = _committee(app, meeting_id)
    client = app.test_client()
    login(client, "sec")
    # The Magura meeting (14/03/2022) is in 2021-22, not in 2022-23.
    assert len(_rows(client.get(f"/committees/{committee_id}/tracker?fy=২০২১-২২")
                     .get_data(as_text=True))) == 25  # the first page of 29
    page = client.get(f"/committees/{committee_id}/tracker?fy=2022-23").get_data(as_text=True)
    assert _rows(page) == [] and 'value="২০২২-২৩"' in page
    sheet = load_workbook(io.BytesIO(client.get(
        f"/committees/{committee_id}/tracker.xlsx?fy=2021-22").data)).active
    empty = load_workbook(io.BytesIO(client.get(
        f"/committees/{committee_id}/tracker.xlsx?fy=2022-23").data)).active
    assert sheet.max_row > empty.max_row >= 1
    # Not a fiscal year: no filter (every row), never an error.
    assert len(_rows(client.get(f"/committees/{committee_id}/tracker?fy=2021-23")
                     .get_data(as_text=True))) == 25
