"""Committees: the form (create/edit, Bangla refusals), the pages, authorization, queries."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select

from committee.bangla import FILE_NUMBER_MESSAGE, to_bangla_digits
from committee.directory.service import find_district
from committee.extensions import db
from committee.models import Committee, Meeting
from tests.conftest import csrf_token, import_magura, login

FILE_NUMBER = "৫৬.০৪.৫৫৫৭.০০০.০৬.০০১.২৩"
MAGURA_MEMO = "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯"


def committee_form(client, path: str = "/committees/new", **changes) -> dict:
    """A valid upazila committee for Magura's শালিখা, with `changes` applied."""
    data = {
        "csrf_token": csrf_token(client, path),
        "name": "উপজেলা আইসিটি কমিটি, শালিখা", "kind": "ict", "level": "upazila",
        "district": "মাগুরা", "upazila": "শালিখা", "file_number": FILE_NUMBER,
        "office_header": "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nউপজেলা প্রশাসন, শালিখা",
        "members-0-name": "মোঃ করিম", "members-0-designation": "উপজেলা নির্বাহী অফিসার",
        "members-0-office": "ইউএনও, শালিখা", "members-0-role": "chair",
        "members-1-name": "রহিমা খাতুন", "members-1-designation": "সহকারী প্রোগ্রামার",
        "members-1-office": "", "members-1-role": "member_secretary",
        "members-5-name": "", "members-5-designation": "", "members-5-office": "",
        "members-5-role": "member",
    }
    data.update(changes)
    return data


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def magura_committee_id(app) -> int:
    import_magura(app)
    with app.app_context():
        return db.session.scalar(select(Committee.id))


def test_secretary_creates_committee_and_sees_it_listed(app, client, users):
    login(client, "sec")
    response = client.post("/committees/new", data=committee_form(client))
    assert response.status_code == 302
    with app.app_context():
        committee = db.session.scalars(select(Committee)).one()
        assert committee.file_number == FILE_NUMBER  # as typed, Bangla digits
        assert committee.file_key == "56.04.5557.000.06.001.23"
        assert committee.upazila.name == "শালিখা" and committee.level == "upazila"
        assert committee.office_header == ["গণপ্রজাতন্ত্রী বাংলাদেশ সরকার",
                                           "উপজেলা প্রশাসন, শালিখা"]
        members = [(m.name, m.role, m.office.name if m.office else None)
                   for m in committee.members]
        committee_id = committee.id
    # The blank row is dropped; "ইউএনও, শালিখা" resolves through the directory.
    assert members == [("মোঃ করিম", "chair", "উপজেলা নির্বাহী অফিসার, শালিখা"),
                       ("রহিমা খাতুন", "member_secretary", None)]
    assert response.headers["Location"].endswith(f"/committees/{committee_id}")
    listing = client.get("/").get_data(as_text=True)
    assert "উপজেলা আইসিটি কমিটি, শালিখা" in listing
    assert f'href="/committees/{committee_id}"' in listing
    assert "নতুন কমিটি" in listing
    page = client.get(f"/committees/{committee_id}").get_data(as_text=True)
    assert FILE_NUMBER in page and "সদস্য-সচিব" in page and "আইসিটি কমিটি" in page


def test_new_form_defaults_to_the_district_header(client, users):
    login(client, "sec")
    html = client.get("/committees/new").get_data(as_text=True)
    assert "তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর, মাগুরা" in html
    assert "সদস্য যোগ করুন" in html and "committee-form.js" in html
    assert "<script>" not in html  # the CSP forbids inline scripts


def test_admin_picks_any_district_and_blank_header_gets_default(app, client, users):
    login(client, "admin")
    html = client.get("/committees/new").get_data(as_text=True)
    assert "নারায়ণগঞ্জ" in html or "নারায়ণগঞ্জ" in html
    data = committee_form(client, name="জেলা আইসিটি কমিটি, খুলনা", district="খুলনা",
                          level="district", upazila="", office_header="",
                          file_number="56.04.4700.000.06.001.20")
    # A refused form stores nothing, not even the district it names.
    response = client.post("/committees/new", data={**data, "name": ""})
    assert response.status_code == 400
    with app.app_context():
        assert find_district("খুলনা") is None
    data["members-0-office"] = "ডিসি"  # an alias of খুলনা's directory: linked
    assert client.post("/committees/new", data=data).status_code == 302
    with app.app_context():
        committee = db.session.scalars(select(Committee)).one()
        assert committee.district.name == "খুলনা" and committee.upazila is None
        assert committee.chair.office.name == "জেলা প্রশাসক"
        assert committee.chair.office_text == "ডিসি"  # kept as written
        assert committee.office_header[2] == "তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর, খুলনা"
    listing = client.get("/").get_data(as_text=True)
    assert "<h2>খুলনা" in listing  # grouped by district for admins


@pytest.mark.parametrize("changes, message", [
    ({"file_number": "৫৬.০৪.৫৫"}, FILE_NUMBER_MESSAGE),
    ({"name": ""}, "কমিটির নাম লিখুন"),
    ({"upazila": ""}, "উপজেলা পর্যায়ের কমিটির উপজেলা বেছে নিন"),
    ({"upazila": "কালীগঞ্জ"}, "উপজেলাটি নির্বাচিত জেলার নয়"),
    ({"members-1-role": "chair"}, "সভাপতি একজনই হতে পারেন"),
    ({"members-1-designation": ""}, "পদবি লিখুন"),
    ({"kind": "sports"}, "তালিকা থেকে একটি বেছে নিন"),
])
def test_bad_input_rerenders_with_bangla_message_and_stores_nothing(
        app, client, users, changes, message):
    login(client, "sec")
    response = client.post("/committees/new", data=committee_form(client, **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert 'class="error"' in html
    # What was typed stays in the form.
    assert 'value="মোঃ করিম"' in html and 'value="ইউএনও, শালিখা"' in html
    if "file_number" in changes:
        assert 'value="৫৬.০৪.৫৫"' in html
    if changes.get("name") != "":
        assert 'value="উপজেলা আইসিটি কমিটি, শালিখা"' in html
    assert count(app, Committee) == 0


def test_two_chairs_mark_the_second_row(client, users):
    login(client, "sec")
    html = client.post("/committees/new", data=committee_form(
        client, **{"members-1-role": "chair"})).get_data(as_text=True)
    second = html.split('id="members-1-role"')[1].split("</td>")[0]
    assert "সভাপতি একজনই হতে পারেন" in second
    assert re.search(r'<option value="chair" selected>', second)


def test_name_must_be_unique_within_district_and_upazila(app, client, users):
    committee_id = magura_committee_id(app)
    login(client, "sec")
    data = committee_form(client, name="জেলা আইসিটি কমিটি,  মাগুরা", level="district",
                          upazila="")
    response = client.post("/committees/new", data=data)
    assert response.status_code == 400
    assert "এই নামে আগে থেকেই একটি কমিটি আছে" in response.get_data(as_text=True)
    assert count(app, Committee) == 1
    # The same committee may keep its own name when edited.
    path = f"/committees/{committee_id}/edit"
    data = committee_form(client, path, name="জেলা আইসিটি কমিটি, মাগুরা", level="district",
                          upazila="")
    assert client.post(path, data=data).status_code == 302


def test_edit_shows_current_values_and_saves(app, client, users):
    committee_id = magura_committee_id(app)
    login(client, "sec")
    path = f"/committees/{committee_id}/edit"
    html = client.get(path).get_data(as_text=True)
    assert 'value="জেলা আইসিটি কমিটি, মাগুরা"' in html
    assert 'value="৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০"' in html
    assert "প্রোগ্রামার এর দপ্তর" in html
    data = committee_form(client, path, name="জেলা আইসিটি কমিটি, মাগুরা (পুনর্গঠিত)",
                          level="district", upazila="", district="মাগুরা",
                          **{"members-1-office": "জেলা আইসিটি অফিসার"})
    assert client.post(path, data=data).status_code == 302
    with app.app_context():
        committee = db.session.get(Committee, committee_id)
        assert committee.name == "জেলা আইসিটি কমিটি, মাগুরা (পুনর্গঠিত)"
        assert committee.secretary.office.name == "প্রোগ্রামার"  # resolved by alias
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == 1


def test_district_is_fixed_on_edit(app, client, users):
    committee_id = magura_committee_id(app)
    login(client, "admin")
    path = f"/committees/{committee_id}/edit"
    response = client.post(path, data=committee_form(client, path, district="ঝিনাইদহ",
                                                     level="district", upazila=""))
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Committee, committee_id).district.name == "মাগুরা"


# -- authorization ---------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["", "/decisions", "/edit"])
def test_other_district_secretary_gets_403(app, client, users, suffix):
    committee_id = magura_committee_id(app)
    login(client, "sec_b")
    assert client.get(f"/committees/{committee_id}{suffix}").status_code == 403


def test_other_district_secretary_cannot_post_edit(app, client, users):
    committee_id = magura_committee_id(app)
    login(client, "sec_b")
    data = committee_form(client, "/committees/new", name="দখল", level="district",
                          upazila="")
    response = client.post(f"/committees/{committee_id}/edit", data=data)
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Committee, committee_id).name == "জেলা আইসিটি কমিটি, মাগুরা"


@pytest.mark.parametrize("username", ["viewer", "deo"])
def test_readers_may_read_but_not_edit(app, client, users, username):
    committee_id = magura_committee_id(app)
    login(client, username)
    assert client.get(f"/committees/{committee_id}").status_code == 200
    assert client.get(f"/committees/{committee_id}/decisions").status_code == 200
    assert client.get(f"/committees/{committee_id}/edit").status_code == 403
    assert client.get("/committees/new").status_code == 403
    token = csrf_token(client, f"/committees/{committee_id}")
    response = client.post(f"/committees/{committee_id}/edit",
                           data={"csrf_token": token, "name": "x"})
    assert response.status_code == 403
    listing = client.get("/").get_data(as_text=True)
    assert "জেলা আইসিটি কমিটি, মাগুরা" in listing and "নতুন কমিটি" not in listing
    page = client.get(f"/committees/{committee_id}").get_data(as_text=True)
    assert "/meetings/new" not in page


def test_other_district_users_do_not_see_the_committee_listed(app, client, users):
    magura_committee_id(app)
    login(client, "sec_b")
    assert "জেলা আইসিটি কমিটি, মাগুরা" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("suffix", ["", "/decisions", "/edit"])
def test_missing_committee_is_404(client, users, suffix):
    login(client, "admin")
    assert client.get(f"/committees/999{suffix}").status_code == 404


@pytest.mark.parametrize("path", ["/", "/committees/new", "/committees/1",
                                  "/committees/1/decisions", "/committees/1/edit"])
def test_anonymous_is_sent_to_login(client, users, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# -- committee page and decisions ---------------------------------------------------------

def test_committee_page_lists_meetings_with_memo_and_counts(app, client, users):
    committee_id = magura_committee_id(app)
    with app.app_context():
        meeting_id = db.session.scalar(select(Meeting.id))
    login(client, "sec")
    html = client.get(f"/committees/{committee_id}").get_data(as_text=True)
    assert f'href="/meetings/{meeting_id}"' in html
    assert "১৪/০৩/২০২২" in html and MAGURA_MEMO in html and "জারি হয়েছে" in html
    row = html.split(f'href="/meetings/{meeting_id}"')[1].split("</tr>")[0]
    assert "<td>১৩</td><td>২৯</td>" in row
    assert f'href="/committees/{committee_id}/meetings/new"' in html
    assert "নতুন সভা" in html


def test_meetings_are_newest_first(app, client, users, magura_doc):
    committee_id = magura_committee_id(app)
    magura_doc["meeting"]["held_on"] = "2022-04-14"
    magura_doc["issue"] = None
    import_magura(app, magura_doc)
    login(client, "viewer")
    html = client.get(f"/committees/{committee_id}").get_data(as_text=True)
    assert html.index("১৪/০৪/২০২২") < html.index("১৪/০৩/২০২২")
    assert "খসড়া" in html


def test_decisions_page_numbers_and_parties(app, client, users):
    committee_id = magura_committee_id(app)
    login(client, "viewer")
    html = client.get(f"/committees/{committee_id}/decisions").get_data(as_text=True)
    assert "<td>২.১</td>" in html and "<td>১৩.২</td>" in html
    assert "জেলা শিক্ষা অফিসার" in html and "১৪/০৩/২০২২" in html
    # A party not in the directory is marked; a linked one is not.
    star = html.split("স্টার ক্যাবলস লিঃ")[1].split("</li>")[0]
    assert "unlinked" in star
    deo = html.split("জেলা শিক্ষা অফিসার")[1].split("</li>")[0]
    assert "unlinked" not in deo


# -- query counts --------------------------------------------------------------------------

class StatementCounter:
    """Counts the statements sent to the database while active."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def _count(self, *args):
        self.count += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)


def statements(app, client, path: str) -> int:
    with app.app_context():
        engine = db.engine
    with StatementCounter(engine) as counter:
        assert client.get(path).status_code == 200
    return counter.count


def own_file(n: int) -> tuple[str, str]:
    """The n-th file (n >= 1) of শালিখা's office, (as typed, key): FILE_NUMBER's file serial
    is ০০১, the n-th is n. A file belongs to one committee: each committee gets its own."""
    key = f"56.04.5557.000.06.{n:03d}.23"
    return to_bangla_digits(key), key


def add_committees(app, district: str, names: list[str]) -> None:
    """Upazila ICT committees, each on a file of its own."""
    from committee.directory.service import get_or_create_district

    with app.app_context():
        d = get_or_create_district(district)
        existing = db.session.scalar(select(func.count()).select_from(Committee))
        for i, name in enumerate(names):
            upazila = d.upazilas[i % len(d.upazilas)]
            number, key = own_file(existing + i + 1)
            db.session.add(Committee(district=d, upazila=upazila, name=name, kind="ict",
                                     level="upazila", file_number=number, file_key=key,
                                     office_header=[]))
        db.session.commit()


def add_members(app, committee_id: int, offices: list[str]) -> None:
    from committee.directory.service import resolve
    from committee.models import Member

    with app.app_context():
        committee = db.session.get(Committee, committee_id)
        for name in offices:
            db.session.add(Member(committee=committee, designation=name, role="member",
                                  office=resolve(committee.district_id, name)))
        db.session.commit()


def test_committee_list_query_count_does_not_grow(app, client, users):
    add_committees(app, "মাগুরা", ["ক"])
    login(client, "admin")
    few = statements(app, client, "/")
    add_committees(app, "মাগুরা", ["খ", "গ", "ঘ"])
    add_committees(app, "ঝিনাইদহ", ["ঙ", "চ", "ছ"])
    many = statements(app, client, "/")
    assert "ছ" in client.get("/").get_data(as_text=True)
    assert many == few


def test_committee_and_decisions_pages_query_count_does_not_grow(app, client, users,
                                                                 magura_doc):
    committee_id = magura_committee_id(app)
    add_members(app, committee_id, ["প্রোগ্রামার"])
    login(client, "sec")
    page_one = statements(app, client, f"/committees/{committee_id}")
    decisions_one = statements(app, client, f"/committees/{committee_id}/decisions")
    magura_doc["meeting"]["held_on"] = "2022-04-14"
    magura_doc["issue"]["memo_serial"] = 10
    import_magura(app, magura_doc)
    add_members(app, committee_id, ["জেলা প্রশাসক", "জেলা শিক্ষা অফিসার", "সিভিল সার্জন"])
    assert statements(app, client, f"/committees/{committee_id}") == page_one
    assert statements(app, client, f"/committees/{committee_id}/decisions") == decisions_one
    html = client.get(f"/committees/{committee_id}/decisions?page=2").get_data(as_text=True)
    assert "পাতা ২ / ২" in html


def test_every_committee_and_directory_view_declares_authorization(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in ("committees", "directory"):
            view = app.view_functions[rule.endpoint]
            assert getattr(view, "_authz", None), rule.endpoint
            assert view._authz != "public", rule.endpoint
