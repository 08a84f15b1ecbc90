"""GET /api/v1/openapi.json describes exactly the /api/v1 routes of the app."""
from __future__ import annotations

import json
import re

import pytest

from tests.conftest import make_token

PREFIX = "/api/v1"
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _flask_to_openapi(rule: str) -> str:
    """/api/v1/meetings/<int:meeting_id> -> /meetings/{meeting_id}"""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)[len(PREFIX):]


@pytest.fixture
def document(app, client, users):
    token = make_token(app, "viewer")
    response = client.get(f"{PREFIX}/openapi.json",
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_needs_a_token(client, users):
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 401 and response.get_json()["error"]


def test_is_openapi_3_with_bearer_security(document):
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": PREFIX}]
    assert document["security"] == [{"bearer": []}]
    scheme = document["components"]["securitySchemes"]["bearer"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer"}


def test_every_api_route_is_documented_and_nothing_else(app, document):
    routes = {(_flask_to_openapi(rule.rule), method.lower())
              for rule in app.url_map.iter_rules() if rule.rule.startswith(PREFIX + "/")
              for method in rule.methods - IGNORED_METHODS}
    documented = {(path, method) for path, method, _ in _operations(document)}
    assert routes - documented == set(), "routes missing from openapi.json"
    assert documented - routes == set(), "openapi.json paths that are not routes"


def test_path_parameters_are_declared(document):
    for path, method, operation in _operations(document):
        declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"{(\w+)}", path)), (path, method)
        assert all(p["required"] for p in operation.get("parameters", [])
                   if p["in"] == "path")


def test_every_operation_documents_its_errors_in_the_error_shape(document):
    responses = document["components"]["responses"]
    for path, method, operation in _operations(document):
        codes = operation["responses"]
        assert "401" in codes, (path, method)
        assert any(code.startswith("2") for code in codes), (path, method)
        for code, answer in codes.items():
            if code.startswith("4"):
                name = answer["$ref"].rsplit("/", 1)[1]
                schema = responses[name]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["error", "details"]
    assert error["properties"]["details"]["type"] == "array"


def test_request_bodies(document):
    paths = document["paths"]

    def body(path):
        return paths[path]["post"]["requestBody"]["content"]["application/json"]["schema"]

    assert body("/meetings/import") == {"$ref": "#/components/schemas/CommitteeMinutes"}
    assert body("/decisions/{decision_id}/status") == {
        "$ref": "#/components/schemas/StatusBody"}
    assert body("/meetings/{meeting_id}/issue") == {"$ref": "#/components/schemas/IssueBody"}
    schemas = document["components"]["schemas"]
    assert schemas["CommitteeMinutes"]["properties"]["format"] == {
        "const": "committee-minutes/1"}
    assert schemas["StatusBody"]["required"] == ["party", "status"]


def test_every_reference_resolves(document):
    refs = re.findall(r'"\$ref":\s*"#/([^"]+)"', json.dumps(document))
    assert refs
    for ref in refs:
        node = document
        for part in ref.split("/"):
            assert part in node, ref
            node = node[part]


def test_the_magura_example_has_every_required_key(document, magura_doc):
    """A light check of the schema against the real example (no validator dependency)."""
    schema = document["components"]["schemas"]["CommitteeMinutes"]

    def check(node, value, where):
        for key in node.get("required", []):
            assert key in value, f"{where}.{key}"
        for key, sub in node.get("properties", {}).items():
            if key in value and isinstance(value[key], dict):
                check(sub, value[key], f"{where}.{key}")
            if key in value and isinstance(value[key], list) and "items" in sub:
                for i, entry in enumerate(value[key]):
                    if isinstance(entry, dict):
                        check(sub["items"], entry, f"{where}.{key}[{i}]")

    check(schema, magura_doc, "")
