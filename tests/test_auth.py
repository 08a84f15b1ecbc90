"""Login, logout, first-run setup, and who the API lets in."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from committee.auth.setup import setup_code
from committee.extensions import db
from committee.models import User
from tests.conftest import PASSWORD, csrf_token, login, make_user

WRONG = "ব্যবহারকারীর নাম অথবা পাসওয়ার্ড সঠিক নয়"


def location(response) -> str:
    return urlsplit(response.headers["Location"]).path


def is_logged_in(client) -> bool:
    response = client.get("/")
    return response.status_code == 200


# -- login and logout -----------------------------------------------------------------

def test_login_with_the_right_password(client, users):
    response = login(client, "sec")
    assert response.status_code == 302
    assert location(response) == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "লগ আউট" in page.get_data(as_text=True)


@pytest.mark.parametrize("username, password", [
    ("sec", "wrong-password-123"),
    ("nobody", PASSWORD),
    ("SEC", "wrong-password-123"),  # names match ignoring case; the password does not
])
def test_wrong_credentials_show_the_bangla_error(client, users, username, password):
    response = login(client, username, password)
    assert response.status_code == 200
    assert WRONG in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_login_without_csrf_token_is_refused(client, users):
    client.get("/login")
    response = client.post("/login", data={"username": "sec", "password": PASSWORD})
    assert response.status_code == 400
    assert not is_logged_in(client)


def test_inactive_user_cannot_log_in(app, client, users):
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "sec")).active = False
        db.session.commit()
    response = login(client, "sec")
    assert response.status_code == 200
    assert WRONG in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_deactivating_ends_an_open_session(app, client, users):
    login(client, "sec")
    assert is_logged_in(client)
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "sec")).active = False
        db.session.commit()
    assert not is_logged_in(client)


@pytest.mark.parametrize("next_url, expected", [
    ("/followup/", "/followup/"),
    ("/meetings/5?tab=1", "/meetings/5"),
    ("//evil.example", "/"),
    ("https://evil.example", "/"),
    ("http://localhost/", "/"),
    ("/\\evil.example", "/"),
    ("/\t/evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("evil.example", "/"),
])
def test_next_is_followed_only_for_same_site_paths(client, users, next_url, expected):
    token = csrf_token(client, "/login")
    response = client.post("/login", query_string={"next": next_url},
                           data={"username": "sec", "password": PASSWORD,
                                 "csrf_token": token})
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    assert target.netloc in ("", "localhost")
    assert target.path == expected


def test_anonymous_page_redirects_to_login_with_next(client, users):
    response = client.get("/followup/")
    assert response.status_code == 302
    assert location(response) == "/login"
    assert "next=" in response.headers["Location"]


def test_logout_is_post_only(client, users):
    login(client, "sec")
    assert client.get("/logout").status_code == 405
    assert is_logged_in(client)
    assert client.post("/logout").status_code == 400  # no CSRF token
    assert is_logged_in(client)
    token = csrf_token(client, "/")
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert location(response) == "/login"
    assert not is_logged_in(client)


# -- first run -------------------------------------------------------------------------

def _setup_form(client, code: str, username: str = "first") -> dict:
    return {"csrf_token": csrf_token(client, "/setup"), "setup_code": code,
            "username": username, "full_name": "প্রথম অ্যাডমিন", "designation": "প্রোগ্রামার",
            "password": PASSWORD, "confirm": PASSWORD}


def _user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_without_users_login_leads_to_setup(client):
    response = client.get("/login")
    assert response.status_code == 302
    assert location(response) == "/setup"
    assert client.get("/setup").status_code == 200


def test_setup_with_a_wrong_code_is_refused(app, client):
    response = client.post("/setup", data=_setup_form(client, "not-the-code"))
    assert response.status_code == 200
    assert "সেটআপ কোড সঠিক নয়" in response.get_data(as_text=True)
    assert _user_count(app) == 0
    assert not is_logged_in(client)


def test_setup_with_the_code_creates_the_admin_and_logs_in(app, client):
    code = setup_code(app)
    response = client.post("/setup", data=_setup_form(client, code))
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.username, user.role, user.district_id) == ("first", "admin", None)
        assert user.check_password(PASSWORD)
    assert is_logged_in(client)
    # Used once: the code is gone, the page now sends everyone to the login.
    assert setup_code(app) != code
    other = app.test_client()
    response = other.get("/setup")
    assert response.status_code == 302 and location(response) == "/login"
    assert other.post("/setup", data={"setup_code": code}).status_code in (302, 400)
    assert _user_count(app) == 1
    from pathlib import Path

    assert not list(Path(app.instance_path).glob("setup-code.claimed-*"))
    with app.app_context():
        from committee.models import AuditEntry

        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.object_type == "user"))
        assert entry.username == "first" and "প্রথম অ্যাডমিনিস্ট্রেটর" in entry.summary


def test_setup_redirects_once_a_user_exists(app, client):
    make_user(app, "someone", "viewer", district="মাগুরা")
    response = client.get("/setup")
    assert response.status_code == 302
    assert location(response) == "/login"
    assert client.get("/login").status_code == 200


def test_setup_code_file_is_private(app):
    import os
    import stat
    from pathlib import Path

    setup_code(app)
    mode = os.stat(Path(app.instance_path) / "setup-code").st_mode
    assert stat.S_IMODE(mode) == 0o600


# -- the API's gate -------------------------------------------------------------------

def _token(app, username):
    from tests.conftest import make_token

    return {"Authorization": f"Bearer {make_token(app, username)}"}


def test_api_without_or_with_bad_token_is_401(client, users):
    for headers in ({}, {"Authorization": "Bearer nope"}):
        response = client.get("/api/v1/meetings", headers=headers)
        assert response.status_code == 401
        assert response.get_json()["error"]


def test_viewer_token_reads_but_cannot_import(app, client, users, magura_doc):
    headers = _token(app, "viewer")
    assert client.get("/api/v1/meetings", headers=headers).status_code == 200
    response = client.post("/api/v1/meetings/import", json=magura_doc, headers=headers)
    assert response.status_code == 403
    assert response.get_json()["details"] == []


def test_district_b_secretary_is_kept_out_of_magura(app, client, users, magura_doc):
    refused = client.post("/api/v1/meetings/import", json=magura_doc,
                          headers=_token(app, "sec_b"))
    assert refused.status_code == 403
    created = client.post("/api/v1/meetings/import", json=magura_doc,
                          headers=_token(app, "admin"))
    assert created.status_code == 201
    meeting_id = created.get_json()["id"]
    assert client.get(f"/api/v1/meetings/{meeting_id}",
                      headers=_token(app, "sec_b")).status_code == 403
    assert client.get(f"/api/v1/meetings/{meeting_id}",
                      headers=_token(app, "admin")).status_code == 200
