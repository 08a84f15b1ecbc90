"""Server-side sessions, named and revocable API tokens, user names unique ignoring case.

A login is a `user_sessions` row; the cookie only names it. Ending the row (logout, "end my
other sessions", a password change, deactivation, an admin) locks out every copy of the
cookie at once. Tokens are listed, named, revoked one by one and may expire.
"""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import event, select, text, update

from committee.extensions import db
from committee.models import ApiToken, AuditEntry, Meeting, User, UserSession
from committee.models._common import utcnow
from tests.conftest import PASSWORD, csrf_token, import_magura, login, make_token, make_user

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
NEW_PASSWORD = "another-password-2"


def location(response) -> str:
    return urlsplit(response.headers["Location"]).path


def opens(client, path: str = "/") -> bool:
    """Whether the client's cookie opens `path` (else it is sent to the login)."""
    response = client.get(path)
    if response.status_code == 302:
        assert location(response) == "/login"
        return False
    assert response.status_code == 200, response.status_code
    return True


def logged_in(app, username: str, **kwargs):
    client = app.test_client()
    response = login(client, username, **kwargs)
    assert response.status_code == 302, response.status_code
    return client


def copy_of(app, client):
    """Another browser holding a copy of `client`'s session cookie."""
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    other = app.test_client()
    other.set_cookie(cookie.key, cookie.value)
    return other


def post(client, path: str, data: dict | None = None, page: str = "/account/sessions"):
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, page)})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def live_sessions(app, username: str) -> list[UserSession]:
    with app.app_context():
        rows = db.session.scalars(select(UserSession).join(UserSession.user).where(
            User.username == username, UserSession.ended_at.is_(None))).all()
        db.session.expunge_all()
        return rows


def token_ids(app, username: str) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(ApiToken.id).join(User).where(
            User.username == username).order_by(ApiToken.id)))


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.fixture
def committee_page(app, users) -> str:
    meeting_id = import_magura(app)
    with app.app_context():
        return f"/committees/{db.session.get(Meeting, meeting_id).committee_id}"


# -- the cookie names a session that can end ------------------------------------------------

def test_a_cookie_copied_before_logout_opens_nothing_after_it(app, committee_page):
    client = logged_in(app, "sec")
    copy = copy_of(app, client)
    assert opens(copy, committee_page)
    response = post(client, "/logout", page="/")
    assert response.status_code == 302 and location(response) == "/login"
    assert not opens(client, committee_page)
    assert not opens(copy, committee_page)  # the copy's session ended with the logout
    assert live_sessions(app, "sec") == []
    # The API never takes the cookie: without a token it is 401, copy or not.
    assert copy.get("/api/v1/committees").status_code == 401


def test_the_cookie_holds_a_session_key_not_the_user_id(app, users):
    client = app.test_client()
    with client.session_transaction() as session:  # a forged (or pre-upgrade) cookie
        session["_user_id"] = str(user_id(app, "admin"))
        session["_fresh"] = True
    assert not opens(client)
    client = logged_in(app, "admin")
    with client.session_transaction() as session:
        key = session["_user_id"]
    assert key != str(user_id(app, "admin")) and len(key) >= 40
    with app.app_context():  # only the key's hash is stored
        stored = db.session.scalar(select(UserSession.key_hash))
        assert key not in stored and len(stored) == 64


def test_an_idle_session_no_longer_counts(app, users):
    client = logged_in(app, "viewer")
    with app.app_context():
        db.session.execute(update(UserSession).values(
            last_seen_at=utcnow() - timedelta(days=31)))
        db.session.commit()
    assert not opens(client)


def test_last_seen_is_written_every_few_minutes_not_on_every_request(app, users):
    client = logged_in(app, "viewer")
    old = utcnow() - timedelta(minutes=10)
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=old))
        db.session.commit()
    assert opens(client)
    seen = live_sessions(app, "viewer")[0].last_seen_at
    assert seen.replace(tzinfo=None) > old.replace(tzinfo=None)
    assert opens(client)
    assert live_sessions(app, "viewer")[0].last_seen_at == seen


def test_the_session_and_its_user_load_in_one_query(app, users):
    from committee.users.sessions import lookup, start

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "sec"))
        key, _ = start(user)
        db.session.commit()
        db.session.remove()
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            found, loaded = lookup(key)
            assert loaded.district.name == "মাগুরা"  # the page header's district comes along
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert len(seen) == 1, seen
        assert lookup("not-a-key") is None


# -- ending sessions ------------------------------------------------------------------------

def test_deactivation_ends_every_session_at_once(app, runner, users):
    first, second = logged_in(app, "sec"), logged_in(app, "sec")
    assert opens(first) and opens(second)
    result = runner.invoke(args=["users", "deactivate", "sec"])
    assert result.exit_code == 0, result.output
    assert not opens(first) and not opens(second)
    with app.app_context():
        reasons = set(db.session.scalars(select(UserSession.end_reason)))
    assert reasons == {"deactivated"}
    # Reactivating lets the user log in again; the ended sessions stay ended.
    assert runner.invoke(args=["users", "deactivate", "sec", "--reactivate"]).exit_code == 0
    assert not opens(first)
    assert opens(logged_in(app, "sec"))
    assert "deactivate" in actions(app)


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_browser(app, users):
    here, elsewhere = logged_in(app, "sec"), logged_in(app, "sec")
    assert here.get("/account/password").status_code == 200
    wrong = post(here, "/account/password", {"current": "not-my-password",
                                             "password": NEW_PASSWORD,
                                             "confirm": NEW_PASSWORD}, page="/account/password")
    assert wrong.status_code == 400
    assert "বর্তমান পাসওয়ার্ড সঠিক নয়" in wrong.get_data(as_text=True)
    assert opens(elsewhere)
    response = post(here, "/account/password", {"current": PASSWORD, "password": NEW_PASSWORD,
                                                "confirm": NEW_PASSWORD},
                    page="/account/password")
    assert response.status_code == 302 and location(response) == "/account/sessions"
    assert not opens(elsewhere)
    assert opens(here)  # a new session for the browser that changed it
    assert len(live_sessions(app, "sec")) == 1
    assert login(app.test_client(), "sec").status_code == 200  # the old password is refused
    assert logged_in(app, "sec", password=NEW_PASSWORD)
    assert "password" in actions(app)


def test_the_command_line_password_change_ends_every_session(app, runner, users):
    client = logged_in(app, "viewer")
    result = runner.invoke(args=["users", "password", "VIEWER"], input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "1 session(s) ended" in result.output
    assert not opens(client)
    assert logged_in(app, "viewer", password=NEW_PASSWORD)
    short = runner.invoke(args=["users", "password", "viewer"], input="short\n")
    assert short.exit_code != 0 and "too short" in short.output


def test_end_my_other_sessions_keeps_the_current_one(app, users):
    here = app.test_client()
    assert login(here, "deo").status_code == 302
    others = [logged_in(app, "deo"), logged_in(app, "deo")]
    someone_else = logged_in(app, "civil")
    page = here.get("/account/sessions", headers={"User-Agent": FIREFOX})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "এই ব্রাউজার" in html and html.count('id="session-') == 3
    response = post(here, "/account/sessions/end-others")
    assert response.status_code == 302 and location(response) == "/account/sessions"
    assert "অন্য ২টি সেশন বন্ধ করা হয়েছে" in here.get("/account/sessions").get_data(as_text=True)
    assert opens(here)
    assert not any(opens(c) for c in others)
    assert opens(someone_else)
    assert len(live_sessions(app, "deo")) == 1
    assert "session_end" in actions(app)


def test_the_sessions_page_says_which_browser(app, users):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = FIREFOX
    assert login(client, "viewer").status_code == 302
    html = client.get("/account/sessions").get_data(as_text=True)
    assert "Firefox · Windows" in html
    assert "/account/sessions" in client.get("/").get_data(as_text=True)  # the user menu


def test_ending_one_session_by_its_owner_or_an_admin_only(app, users):
    sec, sec_elsewhere = logged_in(app, "sec"), logged_in(app, "sec")
    target = max(s.id for s in live_sessions(app, "sec"))  # sec_elsewhere's
    for intruder in ("sec_b", "viewer"):
        response = post(logged_in(app, intruder), f"/account/sessions/{target}/end")
        assert response.status_code == 404
    assert opens(sec_elsewhere)
    assert post(sec, f"/account/sessions/{target}/end").status_code == 302
    assert not opens(sec_elsewhere) and opens(sec)
    # The admin ends sec's remaining session from the user's page.
    admin = logged_in(app, "admin")
    page = admin.get(f"/account/users/{user_id(app, 'sec')}")
    assert page.status_code == 200 and "sec" in page.get_data(as_text=True)
    remaining = live_sessions(app, "sec")[0].id
    response = post(admin, f"/account/sessions/{remaining}/end")
    assert response.status_code == 302
    assert location(response) == f"/account/users/{user_id(app, 'sec')}"
    assert not opens(sec)


def test_ending_the_current_session_from_the_list_logs_out(app, users):
    client = logged_in(app, "viewer")
    (current,) = live_sessions(app, "viewer")
    response = post(client, f"/account/sessions/{current.id}/end")
    assert response.status_code == 302 and location(response) == "/login"
    assert not opens(client)


def test_the_admin_ends_all_sessions_of_a_user(app, users):
    first, second = logged_in(app, "sec"), logged_in(app, "sec")
    sec_id = user_id(app, "sec")
    refused = post(logged_in(app, "sec_b"), f"/account/users/{sec_id}/sessions/end")
    assert refused.status_code == 403
    assert logged_in(app, "viewer").get("/account/users").status_code == 403
    admin = logged_in(app, "admin")
    listing = admin.get("/account/users")
    assert listing.status_code == 200
    assert f"/account/users/{sec_id}" in listing.get_data(as_text=True)
    response = post(admin, f"/account/users/{sec_id}/sessions/end")
    assert response.status_code == 302
    assert not opens(first) and not opens(second)
    assert opens(admin)


# -- API tokens: named, listed, revoked one by one, expiring ------------------------------

def test_tokens_are_named_listed_and_revoked_one_by_one(app, runner, client, users):
    result = runner.invoke(args=["users", "token", "sec", "--name", "জেলা ড্যাশবোর্ড",
                                 "--expires-days", "30"])
    assert result.exit_code == 0, result.output
    named = result.stdout.strip().splitlines()[-1]  # the token alone on the last line
    plain = make_token(app, "sec")
    for token in (named, plain):
        # The use is recorded once the answer is sent (when the server closes it).
        with client.get("/api/v1/committees", headers=bearer(token)) as response:
            assert response.status_code == 200
    first, second = token_ids(app, "sec")
    listing = runner.invoke(args=["users", "tokens", "sec"])
    assert listing.exit_code == 0
    lines = listing.output.strip().splitlines()
    assert lines[0].startswith(f"{second}\tactive\t-\t")
    assert lines[1].startswith(f"{first}\tactive\tজেলা ড্যাশবোর্ড\t") and "never" not in lines[1]
    assert "last used 20" in lines[1]  # its successful call was recorded

    revoked = runner.invoke(args=["users", "revoke-token", "sec", str(first)])
    assert revoked.exit_code == 0, revoked.output
    assert client.get("/api/v1/committees", headers=bearer(named)).status_code == 401
    assert client.get("/api/v1/committees", headers=bearer(plain)).status_code == 200
    again = runner.invoke(args=["users", "revoke-token", "sec", str(first)])
    assert again.exit_code != 0 and "revoked already" in again.output
    assert f"{first}\trevoked" in runner.invoke(args=["users", "tokens", "sec"]).output
    assert "token_revoke" in actions(app)


def test_the_command_line_revokes_only_the_named_users_token(app, runner, client, users):
    token = make_token(app, "sec")
    (token_id,) = token_ids(app, "sec")
    result = runner.invoke(args=["users", "revoke-token", "sec_b", str(token_id)])
    assert result.exit_code != 0 and "has no token" in result.output
    assert client.get("/api/v1/committees", headers=bearer(token)).status_code == 200
    bad = runner.invoke(args=["users", "token", "sec", "--expires-days", "0"])
    assert bad.exit_code != 0


def test_the_owner_revokes_a_token_on_the_sessions_page(app, users):
    keep, doomed = make_token(app, "viewer"), make_token(app, "viewer")
    keep_id, doomed_id = token_ids(app, "viewer")
    client = logged_in(app, "viewer")
    html = client.get("/account/sessions").get_data(as_text=True)
    assert f'id="token-{doomed_id}"' in html and f"/account/tokens/{doomed_id}/revoke" in html
    response = post(client, f"/account/tokens/{doomed_id}/revoke")
    assert response.status_code == 302 and location(response) == "/account/sessions"
    api = app.test_client()
    assert api.get("/api/v1/committees", headers=bearer(doomed)).status_code == 401
    assert api.get("/api/v1/committees", headers=bearer(keep)).status_code == 200
    html = client.get("/account/sessions").get_data(as_text=True)
    assert "বাতিল" in html and f"/account/tokens/{doomed_id}/revoke" not in html


def test_no_one_but_the_owner_and_an_admin_revokes_a_token(app, users):
    token = make_token(app, "sec")
    (token_id,) = token_ids(app, "sec")
    api = app.test_client()
    for intruder in ("sec_b", "deo", "viewer"):
        response = post(logged_in(app, intruder), f"/account/tokens/{token_id}/revoke")
        assert response.status_code == 404
    assert logged_in(app, "sec_b").get(f"/account/users/{user_id(app, 'sec')}").status_code \
        == 403
    assert api.get("/api/v1/committees", headers=bearer(token)).status_code == 200
    admin = logged_in(app, "admin")
    response = post(admin, f"/account/tokens/{token_id}/revoke")
    assert response.status_code == 302
    assert location(response) == f"/account/users/{user_id(app, 'sec')}"
    assert api.get("/api/v1/committees", headers=bearer(token)).status_code == 401


def test_an_expired_token_gets_401(app, runner, client, users):
    token = make_token(app, "viewer")
    assert client.get("/api/v1/committees", headers=bearer(token)).status_code == 200
    with app.app_context():
        db.session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    response = client.get("/api/v1/committees", headers=bearer(token))
    assert response.status_code == 401 and response.get_json()["error"]
    assert "\texpired\t" in runner.invoke(args=["users", "tokens", "viewer"]).output
    html = logged_in(app, "viewer").get("/account/sessions").get_data(as_text=True)
    assert "মেয়াদোত্তীর্ণ" in html


def test_a_refused_call_records_no_use_of_its_token(app, client, users, magura_doc):
    token = make_token(app, "viewer")
    response = client.post("/api/v1/meetings/import", json=magura_doc, headers=bearer(token))
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(ApiToken.last_used_at)) is None


# -- user names: one name whatever its case ------------------------------------------------

def test_names_differing_only_in_case_cannot_coexist(app, runner):
    make_user(app, "Offm", "admin")
    result = runner.invoke(args=["users", "create", "offm", "--role", "admin"],
                           input=PASSWORD + "\n")
    assert result.exit_code != 0
    assert "'Offm' exists" in result.output and "upper/lower case" in result.output
    same = runner.invoke(args=["users", "create", "Offm", "--role", "admin"],
                         input=PASSWORD + "\n")
    assert same.exit_code != 0 and "is taken" in same.output
    from sqlalchemy.exc import IntegrityError

    with app.app_context():  # the database refuses it too, whatever writes the row
        db.session.add(User(username="OFFM", role="admin", password_hash="x"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        keys = db.session.scalars(select(User.username_key)).all()
    assert keys == ["offm"]


def test_normalized_names():
    from committee.models.users import normalize_username

    assert normalize_username(" Offm ") == normalize_username("OFFM") == "offm"
    assert normalize_username("Stra\u00dfe") == normalize_username("STRASSE")
    assert normalize_username("Caf\u00e9") == normalize_username("CAFE\u0301")


def test_login_ignores_case_and_the_throttle_counts_spellings_together(app, client):
    make_user(app, "Offm", "viewer", district="মাগুরা")
    for name in ("offm", " OFFM", "Offm"):
        other = app.test_client()
        assert login(other, name).status_code == 302, name
    for name in ("offm", "OFFM", "Offm", "oFFm", "OFfm"):
        assert login(client, name, "wrong-password").status_code == 200
    assert login(client, "offm").status_code == 429  # one counter for every spelling


def test_the_commands_find_users_whatever_the_case(app, runner, users):
    result = runner.invoke(args=["users", "token", "SEC"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["users", "tokens", "Sec"]).output.count("\tactive\t") == 1


# -- the migration ---------------------------------------------------------------------------

def _insert_users(names: list[str]) -> None:
    for name in names:
        db.session.execute(text(
            "INSERT INTO users (username, full_name, password_hash, role, active, created_at)"
            " VALUES (:name, '', 'x', 'admin', :yes, :now)"),
            {"name": name, "yes": True, "now": utcnow()})
    db.session.commit()


def _query(sql: str):
    """Rows of `sql`, the transaction closed at once (a migration's ALTER TABLE on
    PostgreSQL would wait for any transaction that read the table)."""
    try:
        return db.session.execute(text(sql)).all()
    finally:
        db.session.commit()


REVISION, BEFORE = "79a9db03c6f0", "c41a7d2e9f10"


def test_the_migration_fills_the_keys_and_stops_on_a_collision(tmp_path, capsys):
    from flask_migrate import downgrade, upgrade

    from tests.test_migrations import _fresh_app

    with _fresh_app(tmp_path) as app, app.app_context():
        upgrade(revision=BEFORE)
        _insert_users(["Offm", "sec"])
        upgrade(revision=REVISION)
        keys = dict(_query("SELECT username, username_key FROM users"))
        assert keys == {"Offm": "offm", "sec": "sec"}
        downgrade(revision=BEFORE)  # and back, the users kept
        assert _query("SELECT COUNT(*) FROM users")[0][0] == 2
        _insert_users(["OFFM"])
        with pytest.raises(SystemExit):  # Flask-Migrate's exit on the RuntimeError
            upgrade(revision=REVISION)
        assert "'Offm' (id 1), 'OFFM' (id 3)" in capsys.readouterr().err  # Alembic's log
        # Renamed, the upgrade goes through: the refusal changed nothing on the way.
        _query("UPDATE users SET username = 'offm2' WHERE id = 3 RETURNING id")
        upgrade(revision=REVISION)
        assert _query("SELECT username_key FROM users WHERE id = 3") == [("offm2",)]
