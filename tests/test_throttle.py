"""Login throttling: counted in the database, per username and per address."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from committee.extensions import db
from committee.models import LoginAttempt
from tests.conftest import PASSWORD, csrf_token

LOCKED = "অনেকবার ভুল পাসওয়ার্ড দেওয়া হয়েছে"


def attempt(client, username: str, password: str, address: str = "10.0.0.1"):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def fail(client, username: str, times: int, address: str = "10.0.0.1") -> None:
    for _ in range(times):
        response = attempt(client, username, "wrong-password", address)
        assert response.status_code == 200, response.status_code


def age_attempts(app, seconds: int) -> None:
    """Move every stored attempt `seconds` into the past."""
    with app.app_context():  # row by row: SQLite cannot do date arithmetic on its text
        for row in db.session.scalars(select(LoginAttempt)):
            row.at = row.at - timedelta(seconds=seconds)
        db.session.commit()


def attempts_stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LoginAttempt))


def test_fifth_failure_locks_the_username_with_a_bangla_message(app, client, users):
    fail(client, "sec", 5)
    response = attempt(client, "sec", "wrong-password")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert LOCKED in html and "মিনিট পরে আবার চেষ্টা করুন" in html
    assert 'value="sec"' in html  # the typed username stays in the form
    assert int(response.headers["Retry-After"]) > 0
    assert attempts_stored(app) == 5  # the refused attempt checked nothing, stored nothing


def test_correct_password_during_the_lockout_is_refused_too(client, users):
    fail(client, "sec", 5)
    response = attempt(client, "sec", PASSWORD)
    assert response.status_code == 429
    assert "/login" in client.get("/", follow_redirects=False).headers["Location"]


def test_username_is_counted_case_insensitively_from_any_address(client, users):
    for i, name in enumerate(["sec", "SEC", " Sec", "sec", "sEc"]):
        fail(client, name, 1, address=f"10.0.1.{i}")
    assert attempt(client, "sec", PASSWORD, "10.9.9.9").status_code == 429


def test_other_users_log_in_while_one_is_locked(client, users):
    fail(client, "sec", 5, address="10.0.0.1")
    response = attempt(client, "viewer", PASSWORD, address="10.0.0.2")
    assert response.status_code == 302


def test_address_limit_counts_failures_across_usernames(app, client, users):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 6
    try:
        for name in ("a1", "a2", "a3", "a4", "a5", "a6"):
            fail(client, name, 1, address="10.0.0.7")
        response = attempt(client, "viewer", PASSWORD, address="10.0.0.7")
        assert response.status_code == 429
        assert "এই ঠিকানা থেকে" in response.get_data(as_text=True)
        assert attempt(client, "viewer", PASSWORD, address="10.0.0.8").status_code == 302
    finally:
        app.config.pop("LOGIN_MAX_FAILURES_PER_ADDRESS")


def test_default_address_limit_is_twenty(client, users):
    for i in range(20):
        fail(client, f"nobody{i}", 1, address="10.0.0.9")
    assert attempt(client, "nobody-else", "x", address="10.0.0.9").status_code == 429


def test_lockout_ends_when_the_window_has_passed(app, client, users):
    fail(client, "sec", 5)
    assert attempt(client, "sec", PASSWORD).status_code == 429
    age_attempts(app, 14 * 60)
    assert attempt(client, "sec", PASSWORD).status_code == 429  # 15 minutes not over yet
    age_attempts(app, 2 * 60)
    assert attempt(client, "sec", PASSWORD).status_code == 302
    assert attempts_stored(app) == 1  # the expired failures were pruned


def test_window_and_limit_come_from_the_config(app, client, users):
    app.config.update(LOGIN_THROTTLE_WINDOW=60, LOGIN_MAX_FAILURES_PER_USER=2)
    try:
        fail(client, "sec", 2)
        assert attempt(client, "sec", PASSWORD).status_code == 429
        age_attempts(app, 61)
        assert attempt(client, "sec", PASSWORD).status_code == 302
    finally:
        app.config.pop("LOGIN_THROTTLE_WINDOW")
        app.config.pop("LOGIN_MAX_FAILURES_PER_USER")


def test_success_starts_the_username_count_afresh(app, client, users):
    fail(client, "sec", 4)
    assert attempt(client, "sec", PASSWORD).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    fail(client, "sec", 4)
    assert attempt(client, "sec", PASSWORD).status_code == 302


@pytest.mark.parametrize("n", [1, 3])
def test_successful_logins_are_never_slowed(app, client, users, n):
    for _ in range(n * 10):
        response = attempt(client, "viewer", PASSWORD)
        assert response.status_code == 302
    assert attempts_stored(app) == n * 10


def test_a_nul_in_the_username_is_a_plain_failure(app, client, users):
    """PostgreSQL refuses NUL in text, even in a query: it must not become a 500."""
    response = attempt(client, "sec\x00", "wrong-password")
    assert response.status_code == 200
    assert "সঠিক নয়" in response.get_data(as_text=True)
    fail(client, "sec\x00", 4)
    assert attempt(client, "sec", PASSWORD).status_code == 429  # counted for "sec"
