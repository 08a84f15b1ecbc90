"""Session cookies and security headers, on every kind of response."""
from __future__ import annotations

import re

import pytest

from committee import create_app
from committee.extensions import db
from committee.models import Meeting
from tests.conftest import PASSWORD, import_magura, login, make_token

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


def _session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    return cookies[-1]


def _assert_headers(response) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (name, response.headers)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_login_cookie_is_httponly_and_samesite_lax_and_not_secure_on_plain_http(client, users):
    response = login(client, "sec")
    assert response.status_code == 302
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # scripts/run serves plain HTTP on loopback


def test_production_setting_makes_the_session_cookie_secure(app, users, monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    secure = create_app({"TESTING": True, "SECRET_KEY": "x",
                         "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                         "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    client = secure.test_client()
    html = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    # Over HTTPS Flask-WTF also checks that the form came from this site (Referer).
    response = client.post("/login", data={"username": "sec", "password": PASSWORD,
                                           "csrf_token": token}, base_url="https://localhost",
                           headers={"Referer": "https://localhost/login"})
    with secure.app_context():
        from committee.extensions import db

        db.engine.dispose()
    assert response.status_code == 302
    cookie = _session_cookie(response)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("who, path, status", [
    (None, "/login", 200),
    (None, "/meetings/1", 302),
    ("sec", "/", 200),
    ("sec", "/meetings/{meeting}", 200),
    ("sec", "/meetings/{meeting}/minutes.docx", 200),
    ("sec", "/meetings/999999", 404),
    ("sec_b", "/meetings/{meeting}", 403),
    ("sec", "/static/app.css", 200),
    ("api", "/api/v1/meetings/{meeting}", 200),
    ("api", "/api/v1/meetings/999999", 404),
    ("nobody", "/api/v1/committees", 401),
])
def test_every_kind_of_response_carries_the_security_headers(app, client, users, who, path,
                                                            status):
    meeting = import_magura(app)
    headers = {}
    if who == "api":
        headers["Authorization"] = f"Bearer {make_token(app, 'sec')}"
    elif who and who != "nobody":
        login(client, who)
    response = client.get(path.format(meeting=meeting), headers=headers)
    assert response.status_code == status
    _assert_headers(response)


def test_private_answers_are_never_stored_by_browsers_or_proxies(app, users, magura_doc):
    """Pages, exports, downloads and API answers carry Cache-Control: no-store."""
    meeting_id = import_magura(app, magura_doc)
    client = app.test_client()
    login(client, "viewer")
    with app.app_context():
        committee_id = db.session.get(Meeting, meeting_id).committee_id
    for path in ("/", f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/minutes.docx",
                 f"/committees/{committee_id}/tracker.csv",
                 f"/committees/{committee_id}/tracker.xlsx", "/login"):
        response = client.get(path)
        assert response.headers.get("Cache-Control") == "no-store", path
    api = app.test_client().get("/api/v1/committees",
                                headers={"Authorization": "Bearer " + make_token(app, "viewer")})
    assert api.status_code == 200 and api.headers["Cache-Control"] == "no-store"
    static = client.get("/static/app.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()
