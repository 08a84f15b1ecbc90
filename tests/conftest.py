"""Fixtures: an app per test on SQLite (default) or on TEST_DATABASE_URL (PostgreSQL).

The schema is created once per session; each test starts from empty tables, which is
fast on both databases (TRUNCATE … RESTART IDENTITY on PostgreSQL, DELETE on SQLite).

Under pytest-xdist (scripts/test runs `-n auto`) every worker has a database of its own: on
SQLite a file in the session's temporary directory, on PostgreSQL the database of
TEST_DATABASE_URL with the worker's id appended (test -> test_gw0, test_gw1, ...), created
on first use and kept for the next run (`worker_database_url`).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from committee import create_app
from committee.extensions import db
from tests import textscan
from tests.dbimage import DatabaseImage, _empty_tables  # noqa: F401 (re-exported)

# A copy of the Magura minutes of 14/03/2022 (the shared contract's example), kept in the
# repository so that a fresh clone runs its tests on its own.
DATA = Path(__file__).resolve().parent / "data"
MAGURA = DATA / "magura-2022-03-14.json"
PASSWORD = "correct-horse-battery"


def worker_database_url(base: str | None = None) -> str | None:
    """The server database this test process may use: `base` (default TEST_DATABASE_URL)
    as given, or, in a pytest-xdist worker (PYTEST_XDIST_WORKER, e.g. "gw0"), the
    database named after it (test -> test_gw0), created when missing. Tests that create
    scratch databases of their own may connect to it. None without TEST_DATABASE_URL.
    """
    base = base or os.environ.get("TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not base or not worker:
        return base
    url = make_url(base)
    if not url.get_backend_name().startswith("postgresql"):
        return base
    name = f"{url.database}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                  {"name": name}).scalar()
            if not exists:
                try:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                except DBAPIError as exc:  # another run created it meanwhile
                    if getattr(exc.orig, "sqlstate", None) != "42P04":  # duplicate_database
                        raise
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _database_url(tmp_dir: str) -> str:
    return worker_database_url() or f"sqlite:///{tmp_dir}/test.db"


def _drop_every_table() -> None:
    """Drop every table of the current schema, those of models this checkout does not
    have included: a run of another branch may have left one that refers to ours, and
    then db.drop_all() fails. Only for a worker's own database (test_gw0, ...)."""
    with db.engine.begin() as conn:
        tables = conn.execute(text("SELECT tablename FROM pg_tables"
                                   " WHERE schemaname = current_schema()")).scalars().all()
        if tables:
            conn.execute(text("DROP TABLE " + ", ".join(f'"{t}"' for t in tables)
                              + " CASCADE"))


@pytest.fixture(scope="session")
def _session_app():
    tmp_dir = tempfile.mkdtemp(prefix="committee-test-")
    url = _database_url(tmp_dir)
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    })
    app.instance_path = tmp_dir
    textscan.install(app)  # every page and flashed message: Bangla digits (test_text_digits_scan)
    with app.app_context():
        if url.startswith("postgresql") and url != os.environ.get("TEST_DATABASE_URL"):
            _drop_every_table()
        db.drop_all()
        db.create_all()
    yield app
    _empty_tables(app)
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def pytest_terminal_summary(terminalreporter):
    textscan.summary(terminalreporter)  # ASCII digits / ISO dates seen on pages in this run


@pytest.fixture(autouse=True)
def _bangla_digits_on_every_page():
    """Every page and flashed message a test makes is scanned (tests/textscan.py): an ISO
    date, or an ASCII digit where a Bangla one belongs, fails the test that showed it.
    What the tests type as users would (textscan.TYPED_DATA) is shown as typed."""
    scan = textscan.SCAN
    start = len(scan.found)
    yield
    new = scan.found[start:] if len(scan.found) >= start else []
    if new:
        pytest.fail("ASCII digits or ISO dates where Bangla ones belong:\n"
                    + "\n".join(line[:300] for line in new[:10]), pytrace=False)


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
              office: str | None = None, *, full_name: str | None = None,
              designation: str = "পরীক্ষক"):
    """Create a user through the same service as the CLI; returns its id. The full name
    defaults to the user name, so pages name the user as before; a user without a full
    name or designation ("" for either) is sent to give them at login."""
    from committee.users.service import create_user

    with app.app_context():
        return create_user(username, PASSWORD, role, district=district, office=office,
                           full_name=username if full_name is None else full_name,
                           designation=designation).id


def make_token(app, username: str) -> str:
    from committee.users.service import issue_token

    with app.app_context():
        return issue_token(username)


def import_magura(app, doc: dict | None = None) -> int:
    from committee.imports import import_document

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


_USERS_IMAGE: dict[int, DatabaseImage] = {}


@pytest.fixture
def users(app):
    """One user of each role: Magura (district A) and Jhenaidah (district B). Created
    through the service by this process's first test that asks, then written back from
    that image (the same rows and ids, 4-8 ms instead of 30-60)."""
    image = _USERS_IMAGE.get(id(app))
    if image is not None:
        image.restore(app, empty=False)  # the app fixture emptied the tables
    else:
        make_user(app, "admin", "admin")
        make_user(app, "sec", "secretary", district="মাগুরা")
        make_user(app, "sec_b", "secretary", district="ঝিনাইদহ")
        make_user(app, "deo", "office", district="মাগুরা", office="জেলা শিক্ষা অফিসার")
        make_user(app, "civil", "office", district="মাগুরা", office="সিভিল সার্জন")
        make_user(app, "viewer", "viewer", district="মাগুরা")
        _USERS_IMAGE[id(app)] = DatabaseImage(app)
    return ["admin", "sec", "sec_b", "deo", "civil", "viewer"]
