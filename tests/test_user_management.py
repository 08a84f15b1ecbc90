"""User management in the browser (issue 16): who may manage whom, one-time codes, the
first-login questions, the audit, and the command line's `users create`."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from committee.extensions import db
from committee.models import AuditEntry, Office, User
from committee.users import manage
from tests.conftest import PASSWORD, csrf_token, login, make_token, make_user

NEW_PASSWORD = "my-own-password-42"


def _user(app, username: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.expunge(user)
        return user


def _entries(app, **where) -> list[AuditEntry]:
    with app.app_context():
        stmt = select(AuditEntry).order_by(AuditEntry.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(AuditEntry, key) == value)
        rows = list(db.session.scalars(stmt))
        for row in rows:
            db.session.expunge(row)
        return rows


def _office_id(app, district: str, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Office.id).join(Office.district).where(
            Office.name == name, Office.district.has(name=district)))


def _post(client, path: str, data: dict, form_path: str | None = None):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, form_path or path)})


def _code(response) -> str:
    match = re.search(r'id="one-time-code">([^<]+)<', response.get_data(as_text=True))
    assert match, "no one-time code on the page"
    return match.group(1)


def _location(response) -> str:
    return response.headers.get("Location", "")


def _new_user(client, **fields):
    data = {"username": "viewer_magura", "full_name": "রহিমা খাতুন",
            "designation": "অফিস সহকারী", "role": "viewer", "district": "", "office": ""}
    data.update(fields)
    return _post(client, "/account/users/new", data)


# -- the list

def test_admin_lists_everyone_and_filters_by_district(app, client, users):
    login(client, "admin")
    html = client.get("/account/users").get_data(as_text=True)
    for name in users:
        assert f">{name}</td>" in html
    jhenaidah = _user(app, "sec_b").district_id
    html = client.get(f"/account/users?district={jhenaidah}").get_data(as_text=True)
    assert ">sec_b</td>" in html and ">sec</td>" not in html


def test_a_secretary_lists_only_their_districts_users(client, users):
    login(client, "sec")
    response = client.get("/account/users")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ">deo</td>" in html and ">viewer</td>" in html and ">sec</td>" in html
    assert ">sec_b</td>" not in html and ">admin</td>" not in html


def test_offices_and_readers_have_no_user_management(client, users):
    login(client, "deo")
    assert client.get("/account/users").status_code == 403
    assert client.get("/account/users/new").status_code == 403
    assert "/account/users\"" not in client.get("/account/sessions").get_data(as_text=True)


# -- creating

def test_a_secretary_creates_a_user_who_logs_in_with_the_code_once(app, client, users):
    login(client, "sec")
    response = _new_user(client)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    code = _code(response)
    made = _user(app, "viewer_magura")
    assert (made.full_name, made.designation, made.role) == ("রহিমা খাতুন", "অফিস সহকারী",
                                                             "viewer")
    assert made.district_id == _user(app, "sec").district_id and made.must_change_password
    [entry] = _entries(app, object_type="user", action="create", object_id=made.id)
    assert entry.username == "sec" and "রহিমা খাতুন" in entry.summary
    assert code not in str(entry.changes) and code not in entry.summary
    # The code is shown once: the user's page never shows it again.
    assert code not in client.get(f"/account/users/{made.id}/edit").get_data(as_text=True)

    other = app.test_client()
    assert login(other, "viewer_magura", code).status_code == 302
    response = other.get("/")
    assert response.status_code == 302 and _location(response).endswith("/account/new-password")
    # The code itself is refused as the new password.
    response = _post(other, "/account/new-password",
                     {"password": code, "confirm": code})
    assert response.status_code == 400 and "এককালীন কোডটি নয়" in response.get_data(as_text=True)
    response = _post(other, "/account/new-password",
                     {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert other.get("/").status_code == 200
    assert not _user(app, "viewer_magura").must_change_password
    assert login(app.test_client(), "viewer_magura", code).status_code == 200  # refused
    assert login(app.test_client(), "viewer_magura", NEW_PASSWORD).status_code == 302
    assert _entries(app, object_type="user", action="password", object_id=made.id)


def test_the_new_user_form_keeps_what_was_typed_and_says_what_is_wrong(app, client, users):
    login(client, "sec")
    response = _new_user(client, full_name="  ", designation="", username="sec")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "ঘরটি পূরণ করা আবশ্যক" in html
    response = _new_user(client, username="SEC")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "আগে থেকেই আছেন" in html
    assert 'value="রহিমা খাতুন"' in html and 'value="অফিস সহকারী"' in html
    response = _new_user(client, role="office")  # an office user needs an office
    assert response.status_code == 400
    assert "দপ্তর তালিকা থেকে একটি দপ্তর বেছে নিন" in response.get_data(as_text=True)
    # An office of another district's directory is refused next to the field.
    jhenaidah_office = _office_id(app, "ঝিনাইদহ", "সিভিল সার্জন")
    assert jhenaidah_office is not None
    response = _new_user(client, role="office", office=str(jhenaidah_office))
    assert response.status_code == 400
    assert "মাগুরা জেলার দপ্তর তালিকায় নেই" in response.get_data(as_text=True)
    assert [e.id for e in _entries(app, object_type="user", action="create")] == \
        [e.id for e in _entries(app, object_type="user", action="create", username="cli")]


def test_a_secretary_creates_an_office_user_from_the_directory(app, client, users):
    login(client, "sec")
    office = _office_id(app, "মাগুরা", "সিভিল সার্জন")
    assert f'value="{office}"' in client.get("/account/users/new").get_data(as_text=True)
    response = _new_user(client, username="cs_magura", role="office", office=str(office))
    assert response.status_code == 200
    assert _user(app, "cs_magura").office_id == office


def test_a_secretary_may_not_create_an_admin_or_a_user_elsewhere(app, client, users):
    login(client, "sec")
    html = client.get("/account/users/new").get_data(as_text=True)
    assert 'value="admin"' not in html
    assert _new_user(client, role="admin").status_code == 403
    assert _new_user(client, district="ঝিনাইদহ").status_code == 403
    assert _user(app, "sec") is not None
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "viewer_magura")) is None


def test_an_admin_creates_an_admin_and_a_secretary_of_any_district(app, client, users):
    login(client, "admin")
    response = _new_user(client, username="admin2", role="admin", district="")
    assert response.status_code == 200 and _user(app, "admin2").district_id is None
    response = _new_user(client, username="sec_rajshahi", role="secretary")
    assert response.status_code == 400 and "জেলা বেছে নিন" in response.get_data(as_text=True)
    response = _new_user(client, username="sec_rajshahi", role="secretary",
                         district="রাজশাহী")
    assert response.status_code == 200
    made = _user(app, "sec_rajshahi")
    with app.app_context():
        assert db.session.get(User, made.id).district.name == "রাজশাহী"


# -- editing, deactivating, resetting

def test_a_secretary_may_not_touch_admins_or_other_districts(app, client, users):
    login(client, "sec")
    for name in ("sec_b", "admin"):
        target = _user(app, name).id
        assert client.get(f"/account/users/{target}/edit").status_code == 403
        token = csrf_token(client, "/account/users")
        for path, data in ((f"/account/users/{target}/edit",
                            {"full_name": "x", "designation": "y", "role": "viewer"}),
                           (f"/account/users/{target}/active", {"active": "0"}),
                           (f"/account/users/{target}/reset-password", {})):
            assert client.post(path, data={**data, "csrf_token": token}).status_code == 403
    assert _user(app, "sec_b").active and _user(app, "admin").role == "admin"
    assert client.get("/account/users/999999/edit").status_code == 404


def test_a_secretary_changes_a_role_within_the_district_audited(app, client, users):
    login(client, "sec")
    viewer = _user(app, "viewer").id
    office = _office_id(app, "মাগুরা", "সিভিল সার্জন")
    path = f"/account/users/{viewer}/edit"
    response = _post(client, path, {"full_name": "করিম উদ্দিন", "designation": "হিসাবরক্ষক",
                                    "role": "office", "office": str(office)})
    assert response.status_code == 302
    changed = _user(app, "viewer")
    assert (changed.role, changed.office_id, changed.full_name) == ("office", office,
                                                                    "করিম উদ্দিন")
    [entry] = _entries(app, object_type="user", action="update", object_id=viewer)
    assert entry.changes["role"] == ["viewer", "office"]
    assert entry.changes["designation"] == ["পরীক্ষক", "হিসাবরক্ষক"]
    # Nor to admin, nor their own role.
    assert _post(client, path, {"full_name": "ক", "designation": "খ",
                                "role": "admin"}).status_code == 403
    me = _user(app, "sec").id
    response = _post(client, f"/account/users/{me}/edit",
                     {"full_name": "সচিব", "designation": "এডিসি", "role": "viewer"})
    assert response.status_code == 400 and "নিজের ভূমিকা" in response.get_data(as_text=True)
    assert _user(app, "sec").role == "secretary"


def test_deactivating_ends_the_users_sessions_and_reactivating_lets_them_in(app, client, users):
    victim = app.test_client()
    login(victim, "viewer")
    assert victim.get("/").status_code == 200
    login(client, "sec")
    viewer = _user(app, "viewer").id
    response = _post(client, f"/account/users/{viewer}/active", {"active": "0"},
                     f"/account/users/{viewer}/edit")
    assert response.status_code == 302 and not _user(app, "viewer").active
    assert _location(victim.get("/")).startswith("/login")
    assert login(app.test_client(), "viewer").status_code == 200  # refused
    [entry] = _entries(app, action="deactivate", object_id=viewer)
    assert entry.changes["sessions_ended"] == 1 and entry.username == "sec"
    response = _post(client, f"/account/users/{viewer}/active", {"active": "1"},
                     f"/account/users/{viewer}/edit")
    assert response.status_code == 302 and _user(app, "viewer").active
    assert login(app.test_client(), "viewer").status_code == 302
    # Nobody deactivates themselves.
    me = _user(app, "sec").id
    _post(client, f"/account/users/{me}/active", {"active": "0"}, "/account/users")
    assert _user(app, "sec").active


def test_a_password_reset_gives_a_code_and_asks_for_a_new_password(app, client, users):
    victim = app.test_client()
    login(victim, "deo")
    login(client, "admin")
    deo = _user(app, "deo").id
    response = _post(client, f"/account/users/{deo}/reset-password", {},
                     f"/account/users/{deo}/edit")
    assert response.status_code == 200
    code = _code(response)
    assert _location(victim.get("/")).startswith("/login")  # sessions ended
    assert login(app.test_client(), "deo").status_code == 200  # the old password is gone
    fresh = app.test_client()
    assert login(fresh, "deo", code).status_code == 302
    assert _location(fresh.get("/followup/")).endswith("/account/new-password")
    _post(fresh, "/account/new-password", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert fresh.get("/").status_code == 200
    [reset, chosen] = _entries(app, action="password", object_id=deo)
    assert reset.username == "admin" and "রিসেট" in reset.summary and code not in reset.summary
    assert chosen.username == "deo"


# -- the first login

def test_a_user_without_name_or_designation_is_asked_at_login(app, client, users):
    make_user(app, "sec_magura", "secretary", district="মাগুরা", full_name="",
              designation="")
    login(client, "sec_magura")
    response = client.get("/")
    assert response.status_code == 302 and "/account/profile" in _location(response)
    token = make_token(app, "sec_magura")  # the API is not asked
    assert client.get("/api/v1/meetings", headers={"Authorization": f"Bearer {token}"}
                      ).status_code == 200
    response = _post(client, "/account/profile?next=/",
                     {"full_name": "মোঃ রফিকুল ইসলাম", "designation": ""}, "/account/profile")
    assert response.status_code == 400
    assert 'value="মোঃ রফিকুল ইসলাম"' in response.get_data(as_text=True)
    response = _post(client, "/account/profile?next=/",
                     {"full_name": "মোঃ রফিকুল ইসলাম", "designation": "সহকারী প্রোগ্রামার"},
                     "/account/profile")
    assert response.status_code == 302 and _location(response) == "/"
    assert client.get("/").status_code == 200
    [entry] = _entries(app, action="update", object_type="user")
    assert entry.changes["designation"] == ["", "সহকারী প্রোগ্রামার"]
    # Named by full name and designation in the audit log from now on.
    login(client, "admin")
    html = client.get("/audit/?object_type=user&action=update").get_data(as_text=True)
    assert "মোঃ রফিকুল ইসলাম, সহকারী প্রোগ্রামার" in html


# -- the service's rules

def test_who_may_manage_whom(app, users):
    with app.app_context():
        by = {u.username: u for u in db.session.scalars(select(User))}
        may = {(a, t) for a in by for t in by if manage.may_manage(by[a], by[t])}
        assert {t for a, t in may if a == "admin"} == set(by)
        assert {t for a, t in may if a == "sec"} == {"sec", "deo", "civil", "viewer"}
        assert {t for a, t in may if a == "sec_b"} == {"sec_b"}
        assert not {t for a, t in may if a in ("deo", "civil", "viewer")}
        assert manage.assignable_roles(by["sec"]) == ("secretary", "office", "viewer")
        with pytest.raises(manage.Refused):
            manage.create_managed(by["sec"], username="x_admin", full_name="ক",
                                  designation="খ", role="admin")
        with pytest.raises(manage.Refused):
            manage.reset_password(by["sec_b"], by["viewer"])
        code = manage.one_time_code()
        assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", code)


# -- the command line

def test_cli_create_takes_full_name_and_designation(app, runner):
    result = runner.invoke(args=["users", "create", "sec_jessore", "--role", "secretary",
                                 "--district", "যশোর", "--full-name", "নাসরিন আক্তার",
                                 "--designation", "সহকারী কমিশনার"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("created user sec_jessore (secretary in যশোর)")
    made = _user(app, "sec_jessore")
    assert (made.full_name, made.designation) == ("নাসরিন আক্তার", "সহকারী কমিশনার")
    assert made.profile_complete and not made.must_change_password
    [entry] = _entries(app, action="create", object_type="user")
    assert entry.changes["designation"] == [None, "সহকারী কমিশনার"]


def test_cli_create_without_names_still_works_and_the_user_is_asked(app, runner, client):
    result = runner.invoke(args=["users", "create", "sec_magura", "--role", "secretary",
                                 "--district", "মাগুরা"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert not _user(app, "sec_magura").profile_complete
    login(client, "sec_magura")
    assert "/account/profile" in _location(client.get("/"))
