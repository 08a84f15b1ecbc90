"""The directory: resolution, groups, linking written names, and its pages."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from committee.directory.service import find_district, resolve
from committee.extensions import db
from committee.models import Assignment, Decision, Item, Office, OfficeAlias, ResponsibleParty
from tests.conftest import csrf_token, import_magura, login

STAR = "স্টার ক্যাবলস লিঃ"
OTHER_STAR = "স্টার ক্যাবলস লিঃ।"  # the same name with a trailing dari
SUMMIT = "সামিট কমিনিকেশন লিঃ, ফরিদপুর শাখা"


def magura_id(app) -> int:
    with app.app_context():
        return find_district("মাগুরা").id


def office_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Office.id).where(Office.name == name).order_by(Office.id))


def assignments(app, item: int, position: int) -> list[tuple[str, int | None, str | None]]:
    """(party, office_id, via_group) of decision item.position of the imported meeting."""
    with app.app_context():
        decision = db.session.scalars(select(Decision).join(Decision.item).where(
            Item.position == item, Decision.position == position)).one()
        return [(a.party, a.office_id, a.via_group) for a in decision.assignments]


def post(client, path: str, data: dict, page: str = "/directory/"):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data})


# -- the service -----------------------------------------------------------------------------

def test_alias_resolution_is_forgiving(app, users):
    with app.app_context():
        district = find_district("মাগুরা")
        office = resolve(district.id, "সহঃ প্রোগ্রামার, শালিখা")
        assert office is not None and office.name == "সহকারী প্রোগ্রামার, শালিখা"
        assert resolve(district.id, "ইউএনও, শালিখা").name == "উপজেলা নির্বাহী অফিসার, শালিখা"
        assert resolve(district.id, "প্রোগ্রামার, মাগুরা").name == "প্রোগ্রামার"


def test_group_expands_to_every_uno(app, users):
    import_magura(app)
    rows = assignments(app, 3, 1)
    unos = [(party, office, via) for party, office, via in rows
            if party.startswith("উপজেলা নির্বাহী অফিসার, ")]
    assert len(unos) == 4
    assert all(office is not None and via == "উপজেলা নির্বাহী অফিসার (সকল)"
               for _, office, via in unos)
    assert {p for p, _, _ in unos} == {f"উপজেলা নির্বাহী অফিসার, {u}" for u in
                                       ("শালিখা", "শ্রীপুর", "মাগুরা সদর", "মহম্মদপুর")}


# -- linking unlinked names -------------------------------------------------------------

def test_link_an_unlinked_company(app, client, users):
    import_magura(app)
    district_id = magura_id(app)
    login(client, "sec")
    html = client.get("/directory/").get_data(as_text=True)
    assert "অসংযুক্ত নাম" in html and STAR in html
    response = post(client, f"/directory/{district_id}/offices",
                    {"name": STAR, "kind": "company", "upazila_id": "0"})
    assert response.status_code == 302
    star_id = office_id(app, STAR)
    with app.app_context():
        assert db.session.get(Office, star_id).kind == "company"
    # Adding the office does not rewrite the minutes: the name is still unlinked.
    assert (STAR, None, None) in assignments(app, 7, 1)
    response = post(client, f"/directory/{district_id}/link",
                    {"text": STAR, "office_id": str(star_id)})
    assert response.status_code == 302
    assert (STAR, star_id, None) in assignments(app, 7, 1)
    assert (STAR, star_id, None) in assignments(app, 7, 2)
    with app.app_context():
        party = db.session.scalars(select(ResponsibleParty).where(
            ResponsibleParty.text == STAR)).one()
        assert party.office_id == star_id
    html = client.get("/directory/").get_data(as_text=True)
    unlinked = html.split('id="unlinked"')[1].split('id="offices"')[0]
    assert f'name="text" value="{STAR}"' not in unlinked
    assert 'name="text" value="উজ্জ্বল দত্ত"' in unlinked


def test_linking_a_new_spelling_adds_an_alias(app, client, users):
    import_magura(app)
    district_id = magura_id(app)
    login(client, "sec")
    post(client, f"/directory/{district_id}/offices",
         {"name": "সামিট কমিউনিকেশন লিমিটেড", "kind": "company", "upazila_id": "0"})
    summit_id = office_id(app, "সামিট কমিউনিকেশন লিমিটেড")
    response = post(client, f"/directory/{district_id}/link",
                    {"text": SUMMIT, "office_id": str(summit_id)})
    assert response.status_code == 302
    with app.app_context():
        aliases = db.session.scalars(select(OfficeAlias.alias).where(
            OfficeAlias.office_id == summit_id)).all()
        assert aliases == [SUMMIT]
        assert resolve(district_id, SUMMIT).id == summit_id
    assert (SUMMIT, summit_id, None) in assignments(app, 7, 1)


def test_linking_to_a_group_expands_it(app, client, users):
    import_magura(app)
    district_id = magura_id(app)
    group_id = office_id(app, "সহকারী প্রোগ্রামার (সকল)")
    login(client, "sec")
    # Item 6 names "সহকারী প্রোগ্রামার" without an upazila: every upazila's.
    response = post(client, f"/directory/{district_id}/link",
                    {"text": "সহকারী প্রোগ্রামার", "office_id": str(group_id)})
    assert response.status_code == 302
    via = [p for p, _, v in assignments(app, 6, 1) if v == "সহকারী প্রোগ্রামার"]
    assert len(via) == 4


def test_link_refuses_a_spelling_of_another_office(app, client, users):
    import_magura(app)
    district_id = magura_id(app)
    login(client, "sec")
    post(client, f"/directory/{district_id}/offices",
         {"name": STAR, "kind": "company", "upazila_id": "0"})
    deo_id = office_id(app, "জেলা শিক্ষা অফিসার")
    response = post(client, f"/directory/{district_id}/link",
                    {"text": STAR, "office_id": str(deo_id)})
    assert response.status_code == 400
    assert "বানানটি আগে থেকেই «স্টার ক্যাবলস লিঃ» নির্দেশ করে" in response.get_data(
        as_text=True)
    assert (STAR, None, None) in assignments(app, 7, 1)


def test_link_needs_an_office(app, client, users):
    import_magura(app)
    login(client, "sec")
    response = post(client, f"/directory/{magura_id(app)}/link",
                    {"text": STAR, "office_id": "0"})
    assert response.status_code == 400
    assert "যে দপ্তরের সাথে যুক্ত করবেন তা বেছে নিন" in response.get_data(as_text=True)


# -- offices, aliases, groups ---------------------------------------------------------------

def test_add_office_refuses_an_existing_name(app, client, users):
    login(client, "sec")
    response = post(client, f"/directory/{magura_id(app)}/offices",
                    {"name": "ডিসি", "kind": "office", "upazila_id": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "এই নাম আগে থেকেই তালিকায় আছে: «জেলা প্রশাসক»" in html
    assert 'value="ডিসি"' in html


def test_add_and_remove_alias(app, client, users):
    login(client, "sec")
    civil_id = office_id(app, "সিভিল সার্জন")
    response = post(client, f"/directory/offices/{civil_id}/aliases",
                    {"alias": "সিভিল সার্জন, মাগুরা সদর হাসপাতাল"})
    assert response.status_code == 302
    with app.app_context():
        alias = db.session.scalars(select(OfficeAlias).where(
            OfficeAlias.office_id == civil_id)).one()
        alias_id = alias.id
        assert resolve(alias.district_id, "সিভিল সার্জন, মাগুরা সদর হাসপাতাল").id == civil_id
    assert "সিভিল সার্জন, মাগুরা সদর হাসপাতাল" in client.get("/directory/").get_data(
        as_text=True)
    response = post(client, f"/directory/aliases/{alias_id}/delete", {})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(OfficeAlias, alias_id) is None


def test_alias_taken_by_another_office_is_refused_in_bangla(app, client, users):
    login(client, "sec")
    civil_id = office_id(app, "সিভিল সার্জন")
    response = post(client, f"/directory/offices/{civil_id}/aliases", {"alias": "ডিসি"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "«ডিসি» বানানটি আগে থেকেই «জেলা প্রশাসক» নির্দেশ করে" in html
    assert 'value="ডিসি"' in html
    with app.app_context():
        assert db.session.scalars(select(OfficeAlias).where(
            OfficeAlias.office_id == civil_id)).all() == []


def test_set_group_members_resyncs_decisions(app, client, users):
    import_magura(app)
    group_id = office_id(app, "উপজেলা নির্বাহী অফিসার (সকল)")
    keep = [office_id(app, "উপজেলা নির্বাহী অফিসার, শালিখা"),
            office_id(app, "উপজেলা নির্বাহী অফিসার, শ্রীপুর")]
    login(client, "sec")
    response = post(client, f"/directory/offices/{group_id}/members",
                    {"members": [str(i) for i in keep]})
    assert response.status_code == 302
    with app.app_context():
        assert sorted(o.id for o in db.session.get(Office, group_id).members) == sorted(keep)
    unos = [o for p, o, v in assignments(app, 3, 1) if v == "উপজেলা নির্বাহী অফিসার (সকল)"]
    assert sorted(unos) == sorted(keep)


def test_dropping_a_group_member_keeps_its_reported_progress(app, client, users):
    """An office that already reported on a decision keeps its row and its history."""
    from committee.followup.service import record_follow_up
    from committee.models import FollowUp

    import_magura(app)
    group_id = office_id(app, "উপজেলা নির্বাহী অফিসার (সকল)")
    shalikha = office_id(app, "উপজেলা নির্বাহী অফিসার, শালিখা")
    mohammadpur = office_id(app, "উপজেলা নির্বাহী অফিসার, মহম্মদপুর")
    with app.app_context():
        decision = db.session.scalars(select(Decision).join(Decision.item).where(
            Item.position == 3, Decision.position == 1)).one()
        reported = next(a for a in decision.assignments if a.office_id == mohammadpur)
        record_follow_up(reported, "in_progress", "কাজ চলছে")
        db.session.commit()
        reported_id = reported.id
    login(client, "sec")
    response = post(client, f"/directory/offices/{group_id}/members",
                    {"members": [str(shalikha)]})
    assert response.status_code == 302
    with app.app_context():
        kept = db.session.get(Assignment, reported_id)
        assert kept is not None and kept.status == "dropped"
        notes = [f.note for f in db.session.scalars(
            select(FollowUp).where(FollowUp.assignment_id == reported_id).order_by(FollowUp.id))]
        assert notes == ["কাজ চলছে", "দায়িত্বপ্রাপ্তদের তালিকা থেকে বাদ পড়েছে"]
    # Offices without reported progress simply leave the list.
    unos = [o for p, o, v in assignments(app, 3, 1) if v == "উপজেলা নির্বাহী অফিসার (সকল)"]
    assert sorted(unos) == sorted([shalikha, mohammadpur])


def test_group_members_must_be_offices_of_the_district(app, client, users):
    group_id = office_id(app, "উপজেলা নির্বাহী অফিসার (সকল)")
    with app.app_context():
        other = db.session.scalar(select(Office.id).where(
            Office.district_id == find_district("ঝিনাইদহ").id, Office.kind == "office"))
    login(client, "sec")
    response = post(client, f"/directory/offices/{group_id}/members", {"members": [other]})
    assert response.status_code == 400
    assert "শুধু এই জেলার দপ্তর/প্রতিষ্ঠান গ্রুপের সদস্য হতে পারে" in response.get_data(
        as_text=True)
    with app.app_context():
        assert len(db.session.get(Office, group_id).members) == 4


# -- authorization -------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["viewer", "deo"])
def test_readers_may_not_open_the_directory(client, users, username):
    login(client, username)
    assert client.get("/directory/").status_code == 403


def test_secretary_sees_only_their_district(app, client, users):
    login(client, "sec_b")
    html = client.get("/directory/").get_data(as_text=True)
    assert "দপ্তর তালিকা · ঝিনাইদহ" in html
    assert client.get(f"/directory/?district_id={magura_id(app)}").status_code == 403


def test_admin_picks_a_district(app, client, users):
    login(client, "admin")
    html = client.get("/directory/").get_data(as_text=True)
    assert "মাগুরা" in html and "ঝিনাইদহ" in html and 'name="district_id"' in html
    html = client.get(f"/directory/?district_id={magura_id(app)}").get_data(as_text=True)
    assert "দপ্তর তালিকা · মাগুরা" in html
    assert client.get("/directory/?district_id=999").status_code == 404


def test_other_district_secretary_may_not_change_it(app, client, users):
    import_magura(app)
    district_id = magura_id(app)
    civil_id = office_id(app, "সিভিল সার্জন")
    group_id = office_id(app, "উপজেলা নির্বাহী অফিসার (সকল)")
    with app.app_context():
        alias_id = db.session.scalar(select(OfficeAlias.id).where(
            OfficeAlias.district_id == district_id))
    login(client, "sec_b")
    for path, data in [
        (f"/directory/{district_id}/offices", {"name": "x", "kind": "office",
                                               "upazila_id": "0"}),
        (f"/directory/offices/{civil_id}/aliases", {"alias": "y"}),
        (f"/directory/aliases/{alias_id}/delete", {}),
        (f"/directory/offices/{group_id}/members", {"members": []}),
        (f"/directory/{district_id}/link", {"text": STAR, "office_id": str(civil_id)}),
    ]:
        assert post(client, path, data).status_code == 403, path
    with app.app_context():
        assert db.session.get(OfficeAlias, alias_id) is not None
        assert resolve(district_id, "y") is None


def test_posts_need_the_csrf_token(app, client, users):
    login(client, "sec")
    civil_id = office_id(app, "সিভিল সার্জন")
    response = client.post(f"/directory/offices/{civil_id}/aliases", data={"alias": "z"})
    assert response.status_code == 400
    with app.app_context():
        assert resolve(magura_id(app), "z") is None


def test_assignment_rows_keep_their_status_when_linked(app, client, users):
    """Linking a name to a plain office keeps the party's assignment (and its history)."""
    import_magura(app)
    district_id = magura_id(app)
    with app.app_context():
        row = db.session.scalars(select(Assignment).where(Assignment.party == STAR)).first()
        row.status = "in_progress"
        assignment_id = row.id
        db.session.commit()
    login(client, "sec")
    post(client, f"/directory/{district_id}/offices",
         {"name": STAR, "kind": "company", "upazila_id": "0"})
    post(client, f"/directory/{district_id}/link",
         {"text": STAR, "office_id": str(office_id(app, STAR))})
    with app.app_context():
        row = db.session.get(Assignment, assignment_id)
        assert row.status == "in_progress" and row.office_id == office_id(app, STAR)


def test_unlinked_names_merge_spellings_and_link_every_meeting(app, client, users,
                                                              magura_doc):
    import_magura(app)
    magura_doc["meeting"]["held_on"] = "2022-04-14"
    magura_doc["issue"]["memo_serial"] = 10
    parties = magura_doc["meeting"]["items"][6]["responsible"]
    parties[parties.index(STAR)] = OTHER_STAR
    import_magura(app, magura_doc)
    district_id = magura_id(app)
    login(client, "sec")
    html = client.get("/directory/").get_data(as_text=True)
    row = html.split(f"<td>{STAR}</td>")[1].split("</tr>")[0]
    assert "<td>২</td>" in row
    assert f'value="{OTHER_STAR}"' not in html  # one row for both spellings
    post(client, f"/directory/{district_id}/offices",
         {"name": STAR, "kind": "company", "upazila_id": "0"})
    star_id = office_id(app, STAR)
    post(client, f"/directory/{district_id}/link", {"text": STAR, "office_id": str(star_id)})
    with app.app_context():
        linked = db.session.scalars(select(Assignment.office_id).where(
            Assignment.party.in_([STAR, OTHER_STAR]))).all()
    assert len(linked) == 4 and set(linked) == {star_id}


def test_a_new_districts_directory_reads_its_offices_once(app):
    """The default directory (district offices, groups, each upazila's offices and their
    aliases) is built against one in-memory view of the district's offices: two SELECTs
    of offices and aliases whatever the number of upazilas, where every office added
    used to read them all again (users and imports create districts on first use)."""
    from sqlalchemy import event

    from committee.directory.service import get_or_create_district

    with app.app_context():
        statements = []

        def seen(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            district = get_or_create_district("মাগুরা")
            db.session.commit()
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
        offices = db.session.scalar(select(db.func.count()).select_from(Office)
                                    .where(Office.district_id == district.id))
        uno = resolve(district.id, "ইউএনও, মাগুরা সদর")
    # Reads of the whole district's offices or aliases (a group's members are read once
    # per group, the first time one is added to it).
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")
             and ("offices.district_id = " in s or "office_aliases.district_id = " in s)]
    assert offices >= 25  # 8 district offices, 3 groups, 3 per upazila (4), 2 open groups
    assert len(reads) == 2, reads
    assert uno is not None and uno.name == "উপজেলা নির্বাহী অফিসার, মাগুরা সদর"
