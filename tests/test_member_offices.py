"""A committee member's office as written (issue 16): any text is accepted and kept as
typed, linked to the directory when a name or alias answers to it, and otherwise offered
for linking on the directory page, like the responsible offices of the minutes."""
from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from committee.audit.snapshots import committee_content
from committee.directory.service import find_district
from committee.extensions import db
from committee.models import Committee, Member, Office
from tests.conftest import csrf_token, login

DC_OFFICE = "জেলা প্রশাসকের কার্যালয়, মাগুরা"
FILE_NUMBER = "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০"


def _form(client, path: str = "/committees/new", **changes) -> dict:
    data = {
        "csrf_token": csrf_token(client, path),
        "name": "জেলা আইসিটি কমিটি, মাগুরা", "kind": "ict", "level": "district",
        "district": "মাগুরা", "upazila": "", "file_number": FILE_NUMBER, "office_header": "",
        "members-0-name": "মোঃ আবু নাসের বেগ", "members-0-designation": "জেলা প্রশাসক, মাগুরা",
        "members-0-office": DC_OFFICE, "members-0-role": "chair",
        "members-1-name": "মোঃ রাশেদুল ইসলাম", "members-1-designation": "প্রোগ্রামার",
        "members-1-office": "ডিসি", "members-1-role": "member_secretary",
        "members-2-name": "মোছাঃ রেহানা পারভীন", "members-2-designation": "জেলা শিক্ষা অফিসার",
        "members-2-office": "", "members-2-role": "member",
    }
    data.update(changes)
    return data


def _members(app) -> list[tuple[str, int | None, str | None]]:
    """(office as written, linked office id, that office's name) of every member."""
    with app.app_context():
        return [(m.office_text, m.office_id, m.office.name if m.office else None)
                for m in db.session.scalars(select(Member).order_by(Member.position))]


def _committee_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Committee.id))


def test_an_office_not_in_the_directory_is_kept_as_written(app, client, users):
    login(client, "sec")
    response = client.post("/committees/new", data=_form(client))
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[:2000]
    members = _members(app)
    assert members[0] == (DC_OFFICE, None, None)  # written, not (yet) in the directory
    # An alias of the directory is linked, and still shown as it was written.
    assert members[1][0] == "ডিসি" and members[1][2] == "জেলা প্রশাসক"
    assert members[2] == ("", None, None)
    committee_id = _committee_id(app)
    page = unescape(client.get(f"/committees/{committee_id}").get_data(as_text=True))
    row = page.split(DC_OFFICE)[1].split("</tr>")[0]
    assert "দপ্তর তালিকায় সংযুক্ত নয়" in row and "সংযুক্ত করুন" in row
    assert "<td>ডিসি</td>" in page  # linked: no marker
    # The edit form shows both as written, and saving again keeps them.
    form = unescape(client.get(f"/committees/{committee_id}/edit").get_data(as_text=True))
    assert f'value="{DC_OFFICE}"' in form and 'value="ডিসি"' in form
    # A new meeting's attendance is prefilled with the offices as written.
    editor = unescape(client.get(f"/committees/{committee_id}/meetings/new")
                      .get_data(as_text=True))
    assert re.search(rf'name="attendance-0-office"[^>]*value="{DC_OFFICE}"', editor)
    with app.app_context():
        members = committee_content(db.session.get(Committee, committee_id))["members"]
    assert DC_OFFICE in members[0]  # the history of changes shows what was written


def test_a_changed_office_is_written_anew_and_linked_anew(app, client, users):
    login(client, "sec")
    client.post("/committees/new", data=_form(client))
    committee_id = _committee_id(app)
    path = f"/committees/{committee_id}/edit"
    response = client.post(path, data=_form(client, path, **{
        "members-0-office": "জেলা প্রশাসক", "members-1-office": "প্রোগ্রামারের দপ্তর, মাগুরা"}))
    assert response.status_code == 302
    members = _members(app)
    assert members[0][0] == "জেলা প্রশাসক" and members[0][2] == "জেলা প্রশাসক"
    assert members[1] == ("প্রোগ্রামারের দপ্তর, মাগুরা", None, None)


def test_a_too_long_office_is_still_refused_next_to_the_field(app, client, users):
    login(client, "sec")
    long = "ক" * 301
    response = client.post("/committees/new", data=_form(client, **{"members-0-office": long}))
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and "সর্বোচ্চ ৩০০ অক্ষর" in html
    assert long in html  # what was typed is kept
    assert _members(app) == []


def test_the_directory_offers_a_written_office_and_links_it(app, client, users):
    login(client, "sec")
    client.post("/committees/new", data=_form(client))
    committee_id = _committee_id(app)
    with app.app_context():
        district_id = find_district("মাগুরা").id
    html = unescape(client.get("/directory/").get_data(as_text=True))
    unlinked = html.split('id="unlinked"')[1].split('id="offices"')[0]
    assert f'name="text" value="{DC_OFFICE}"' in unlinked
    assert "ডিসি" not in unlinked  # linked already
    # The officer links it to the district commissioner's office.
    with app.app_context():
        dc = db.session.scalar(select(Office.id).where(Office.district_id == district_id,
                                                       Office.name == "জেলা প্রশাসক"))
    response = client.post(f"/directory/{district_id}/link", data={
        "csrf_token": csrf_token(client, "/directory/"), "text": DC_OFFICE,
        "office_id": str(dc)})
    assert response.status_code == 302
    assert _members(app)[0] == (DC_OFFICE, dc, "জেলা প্রশাসক")  # still as written
    html = unescape(client.get("/directory/").get_data(as_text=True))
    assert f'name="text" value="{DC_OFFICE}"' not in html.split('id="unlinked"')[1]
    page = unescape(client.get(f"/committees/{committee_id}").get_data(as_text=True))
    assert "দপ্তর তালিকায় সংযুক্ত নয়" not in page
    # The spelling became an alias: the next committee's member is linked at once.
    path = "/committees/new"
    client.post(path, data=_form(client, path, name="জেলা নৈতিকতা কমিটি, মাগুরা", kind="ethics",
                                 file_number="৫৬.০৪.৫৫০০.০০০.০৬.০০২.২০"))
    with app.app_context():
        linked = db.session.scalars(select(Member.office_id).where(
            Member.office_text == DC_OFFICE)).all()
    assert linked == [dc, dc]


def test_the_viewer_sees_the_office_but_no_link_to_the_directory(app, client, users):
    login(client, "sec")
    client.post("/committees/new", data=_form(client))
    committee_id = _committee_id(app)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, "viewer")
    page = unescape(client.get(f"/committees/{committee_id}").get_data(as_text=True))
    assert DC_OFFICE in page and "দপ্তর তালিকায় সংযুক্ত নয়" in page
    assert "সংযুক্ত করুন" not in page
