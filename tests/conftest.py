"""Fixtures: an app per test on SQLite (default) or on TEST_DATABASE_URL (PostgreSQL).

The schema is created once per session; each test starts from empty tables, which is
fast on both databases (TRUNCATE on PostgreSQL, DELETE on SQLite).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from committee import create_app
from committee.extensions import db

SHARED = Path(__file__).resolve().parents[2] / "shared"
MAGURA = SHARED / "examples" / "magura-2022-03-14.json"
PASSWORD = "correct-horse-battery"


def _database_url(tmp_dir: str) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_dir}/test.db"


@pytest.fixture(scope="session")
def _session_app():
    tmp_dir = tempfile.mkdtemp(prefix="committee-test-")
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": _database_url(tmp_dir),
        "SECRET_KEY": "test-secret",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    })
    app.instance_path = tmp_dir
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    _empty_tables(app)
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _empty_tables(app) -> None:
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                                  + " RESTART IDENTITY CASCADE"))
            else:
                # Checked at commit, when every table is empty (letters <-> meetings cycle).
                conn.execute(text("PRAGMA defer_foreign_keys=ON"))
                for table in tables:
                    conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def app(_session_app):
    _empty_tables(_session_app)
    _session_app.config["WTF_CSRF_ENABLED"] = True
    yield _session_app
    with _session_app.app_context():
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def magura_doc() -> dict:
    return json.loads(MAGURA.read_text(encoding="utf-8"))


# -- factories --------------------------------------------------------------------------

def make_user(app, username: str, role: str, district: str | None = None,
              office: str | None = None):
    """Create a user through the same service as the CLI; returns its id."""
    from committee.users.service import create_user

    with app.app_context():
        return create_user(username, PASSWORD, role, district=district, office=office).id


def make_token(app, username: str) -> str:
    from committee.users.service import issue_token

    with app.app_context():
        return issue_token(username)


def import_magura(app, doc: dict | None = None) -> int:
    from committee.interchange import import_document

    doc = doc or json.loads(MAGURA.read_text(encoding="utf-8"))
    with app.app_context():
        return import_document(doc).id


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token of the form at `path` (the session cookie keeps it valid)."""
    import re

    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token})


@pytest.fixture
def users(app):
    """One user of each role: Magura (district A) and Jhenaidah (district B)."""
    make_user(app, "admin", "admin")
    make_user(app, "sec", "secretary", district="মাগুরা")
    make_user(app, "sec_b", "secretary", district="ঝিনাইদহ")
    make_user(app, "deo", "office", district="মাগুরা", office="জেলা শিক্ষা অফিসার")
    make_user(app, "civil", "office", district="মাগুরা", office="সিভিল সার্জন")
    make_user(app, "viewer", "viewer", district="মাগুরা")
    return ["admin", "sec", "sec_b", "deo", "civil", "viewer"]
