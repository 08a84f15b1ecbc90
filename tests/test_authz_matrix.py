"""Every route × method × role answers exactly what tests/authz_matrix.py declares.

One Magura dataset serves the whole module: it is built once and rebuilt only after a
POST that changed the database (every row is compared; a refused POST must change
nothing) or when another test emptied the tables. Each (endpoint, method, role) is its
own test case.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.authz_matrix import (
    ARGS,
    BODIES,
    DEFAULT_ARGS,
    MATRIX,
    QUERY,
    ROLES,
    Dataset,
    snapshot,
    url_for_rule,
)
from tests.conftest import DatabaseImage, login

METHODS = ("GET", "POST")
CASES = [(endpoint, method, role) for endpoint, methods in MATRIX.items()
         for method in methods for role in ROLES]


def _rules(app) -> dict[str, object]:
    rules = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            assert rule.endpoint not in rules, f"{rule.endpoint} has two rules: add a column"
            rules[rule.endpoint] = rule
    return rules


@pytest.fixture(scope="module")
def dataset(_session_app):
    return Dataset(_session_app)


# -- structure -----------------------------------------------------------------------------

def test_every_route_has_a_row(_session_app):
    """A new route cannot ship without its row in the matrix."""
    rules = _rules(_session_app)
    assert sorted(set(rules) - set(MATRIX)) == [], "routes without a row in MATRIX"
    assert sorted(set(MATRIX) - set(rules)) == [], "rows of routes that no longer exist"


def test_every_method_has_a_column(_session_app):
    for endpoint, rule in _rules(_session_app).items():
        served = set(rule.methods) - {"HEAD", "OPTIONS"}
        assert served <= set(METHODS), (endpoint, served)
        assert set(MATRIX.get(endpoint, {})) == served, endpoint
        for answers in MATRIX.get(endpoint, {}).values():
            assert len(answers) == len(ROLES), endpoint


def test_every_argument_names_an_object(_session_app):
    for endpoint, rule in _rules(_session_app).items():
        names = {**DEFAULT_ARGS, **ARGS.get(endpoint, {})}
        assert set(rule.arguments) <= set(names), (endpoint, rule.arguments)
    assert set(ARGS) | set(QUERY) | {e for e, _ in BODIES} <= set(MATRIX)


def test_api_answers_anonymous_calls_with_401_and_pages_with_the_login(_session_app):
    for endpoint, methods in MATRIX.items():
        anon = {answers[0] for answers in methods.values()}
        if endpoint.startswith("api."):
            assert anon == {401}, endpoint
        elif endpoint not in ("auth.login",):
            assert anon == {302}, endpoint


def test_the_dataset_is_written_back_as_it_was(_session_app):
    """The matrix restores its dataset from an image after a POST changed it: the rows
    come back as built, and a new row gets an id after them."""
    from sqlalchemy import func, select

    from committee.extensions import db
    from committee.models import Letter, Office
    from tests.authz_matrix import build_world

    app = _session_app

    def sql_nulls() -> int:  # a JSON null and an SQL NULL both read as None
        with app.app_context():
            count = db.session.scalar(select(func.count()).where(Letter.content.is_(None)))
            db.session.remove()
            return count

    world = build_world(app)
    built, nulls = snapshot(app), sql_nulls()
    assert nulls > 0
    image = DatabaseImage(app)
    login(app.test_client(), "sec")  # a change: the session row
    assert snapshot(app) != built
    image.restore(app)
    assert snapshot(app) == built and sql_nulls() == nulls
    with app.app_context():
        office = db.session.get(Office, world.ids["office"])
        last = db.session.scalar(select(func.max(Office.id)))
        added = Office(district_id=office.district_id, name="নতুন", key="নতুন")
        db.session.add(added)
        db.session.commit()
        assert added.id == last + 1
        db.session.remove()
    image.restore(app)  # the module's dataset as built, for the tests that follow


# -- the matrix ----------------------------------------------------------------------------

def _client(app, world, role: str, api: bool):
    client = app.test_client()
    if role == "anon":
        return client, {}
    if api:
        return client, {"Authorization": f"Bearer {world.tokens[role]}"}
    response = login(client, role)
    assert response.status_code == 302, f"{role} could not log in"
    return client, {}


@pytest.mark.parametrize("endpoint,method,role", CASES,
                         ids=[f"{e}-{m}-{r}" for e, m, r in CASES])
def test_answer(_session_app, dataset, monkeypatch, endpoint, method, role):
    app = _session_app
    rule = _rules(app)[endpoint]
    world = dataset.get()
    api = endpoint.startswith("api.")
    client, headers = _client(app, world, role, api)
    # Without CSRF a POST reaches the authorization check (tests/test_csrf.py checks it).
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    url = url_for_rule(rule, world)
    body = BODIES.get((endpoint, method))
    before = snapshot(app) if method == "POST" else None
    dataset.dirty = True  # until the database is known to be as it was
    if api:
        response = client.open(url, method=method, headers=headers,
                               json=body if method == "POST" else None)
    else:
        response = client.open(url, method=method, data=body or {})
    status = response.status_code
    response.close()
    changed = before is not None and snapshot(app) != before
    dataset.dirty = changed
    expected = MATRIX[endpoint][method][ROLES.index(role)]
    assert status == expected, f"{method} {url} as {role}: {status}, expected {expected}"
    assert not (changed and status in (401, 403, 404)), "a refused POST changed the database"
    if role == "anon" and status == 302:
        assert urlsplit(response.headers["Location"]).path == "/login"


# -- what the matrix's one object per route cannot show -----------------------------------

def test_missing_objects_answer_404(_session_app, dataset, monkeypatch):
    """An id that names nothing is 404 (authz.py), even for the admin who may see all."""
    app = _session_app
    world = dataset.get()
    web, _ = _client(app, world, "admin", api=False)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    wrong, checked = [], 0
    for endpoint, rule in sorted(_rules(app).items()):
        ints = [name for name, conv in rule._converters.items()
                if type(conv).__name__ == "IntegerConverter"]
        if not ints:
            continue
        names = {**DEFAULT_ARGS, **ARGS.get(endpoint, {})}
        values = {arg: 999_999 if arg in ints else world.ids[names[arg]]
                  for arg in rule.arguments}
        url = rule.build(values, append_unknown=False)[1]
        for method in MATRIX.get(endpoint, {}):
            body = BODIES.get((endpoint, method))
            if endpoint.startswith("api."):
                token = {"Authorization": f"Bearer {world.tokens['admin']}"}
                response = web.open(url, method=method, headers=token, json=body)
            else:
                response = web.open(url, method=method, data=body or {})
            checked += 1
            if response.status_code != 404:
                wrong.append((method, url, response.status_code))
    dataset.dirty = True
    assert checked >= 30 and wrong == []


API_POSTS = sorted(e for e, methods in MATRIX.items() if e.startswith("api.") and "POST" in methods)


@pytest.mark.parametrize("endpoint", API_POSTS)
def test_a_role_that_may_not_call_is_refused_before_its_input(_session_app, dataset, endpoint):
    """A viewer's empty POST is 403, not a 400 listing what the body lacks."""
    app = _session_app
    world = dataset.get()
    client, headers = _client(app, world, "viewer", api=True)
    response = client.post(url_for_rule(_rules(app)[endpoint], world), headers=headers)
    dataset.dirty = response.status_code < 400
    assert response.status_code == 403
