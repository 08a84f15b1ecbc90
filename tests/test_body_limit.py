"""A request body over MAX_CONTENT_LENGTH is 413: the Bangla error page on the web.

(The API's JSON 413 is tested in tests/test_api.py.)
"""
from __future__ import annotations

import pytest

from tests.conftest import csrf_token, login

TOO_BIG = "পাঠানো তথ্য অনেক বড়"


@pytest.fixture
def small_limit(app):
    app.config["MAX_CONTENT_LENGTH"] = 2000
    yield
    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024


def test_login_form_over_the_limit_is_the_bangla_413_page(client, users, small_limit):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"username": "sec", "password": "x" * 5000,
                                           "csrf_token": token})
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert TOO_BIG in html and "৪১৩" in html


def test_logged_in_post_over_the_limit_is_the_bangla_413_page(client, users, small_limit):
    login(client, "sec")
    response = client.post("/logout", data={"csrf_token": "y" * 5000})
    assert response.status_code == 413
    assert TOO_BIG in response.get_data(as_text=True)
    assert client.get("/").status_code == 200  # still logged in: nothing ran
