"""No route ships unprotected: every view declares its authorization, and it holds.

The decorators of committee.authz (roles_required, login_required, public) mark each
view with `_authz`; this walks app.url_map so a new route without one fails here.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from committee import authz
from committee.models.users import ROLES

# Served by Flask itself, without a view of ours.
ALLOWLIST = {"static"}
# The only pages an anonymous visitor may open.
PUBLIC_ENDPOINTS = {"auth.login", "auth.setup"}
# A value for each URL converter, to build every route's URL.
SAMPLE_VALUES = {"IntegerConverter": 1, "UnicodeConverter": "2024-25",
                 "PathConverter": "x/y", "AnyConverter": None}


def _rules(app):
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint not in ALLOWLIST),
                  key=lambda r: r.rule)


def _url(rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__
        values[name] = converter.items[0] if kind == "AnyConverter" else SAMPLE_VALUES[kind]
    return rule.build(values, append_unknown=False)[1]


def _assert_refused(app, response, rule) -> None:
    """Anonymous: the API answers 401 JSON, a page sends the visitor to the login form."""
    if rule.endpoint.startswith("api."):
        assert response.status_code == 401, rule.rule
        assert response.is_json and response.get_json()["error"]
    else:
        assert response.status_code == 302, (rule.rule, response.status_code)
        assert urlsplit(response.headers["Location"]).path == "/login", rule.rule


def test_every_view_declares_its_authorization(app):
    missing = [rule.endpoint for rule in _rules(app)
               if not hasattr(app.view_functions[rule.endpoint], "_authz")]
    assert missing == [], f"views without an authz decorator: {missing}"


def test_only_the_login_and_setup_are_public(app):
    public = {rule.endpoint for rule in _rules(app)
              if app.view_functions[rule.endpoint]._authz == authz.PUBLIC}
    assert public == PUBLIC_ENDPOINTS


def test_declared_roles_are_known(app):
    for rule in _rules(app):
        declared = app.view_functions[rule.endpoint]._authz
        if declared not in (authz.PUBLIC, ("any",)):
            assert set(declared) <= set(ROLES), (rule.endpoint, declared)


def test_every_api_route_needs_a_token(app):
    api = [r for r in _rules(app) if r.endpoint.startswith("api.")]
    assert api and all(r.rule.startswith("/api/v1/") for r in api)
    assert all(app.view_functions[r.endpoint]._authz != authz.PUBLIC for r in api)


def test_parameterless_get_routes_refuse_anonymous_users(app, client, users):
    rules = [r for r in _rules(app) if "GET" in r.methods and not r.arguments
             and r.endpoint not in PUBLIC_ENDPOINTS]
    assert len(rules) >= 5
    for rule in rules:
        _assert_refused(app, client.get(rule.rule), rule)


def test_every_route_and_method_refuses_anonymous_users(app, client, users, monkeypatch):
    # Without CSRF the POSTs reach the authorization check instead of stopping at 400.
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    checked = 0
    for rule in _rules(app):
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        url = _url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            _assert_refused(app, client.open(url, method=method), rule)
            checked += 1
    assert checked >= 20


@pytest.mark.parametrize("path", ["/login", "/setup"])
def test_public_pages_open_anonymously(client, users, path):
    response = client.get(path)
    # /setup sends everyone to /login once a user exists.
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert urlsplit(response.headers["Location"]).path == "/login"
