"""The API against its own OpenAPI document (GET /api/v1/openapi.json), by schemathesis.

Every operation of the document is called in-process (WSGI) with requests schemathesis
derives from the document: its examples, the coverage phase's boundary and missing-field
cases, and fuzzed ones, valid and invalid (wrong types, values out of range, unexpected
methods). Each answer must

- never be a 5xx (`not_a_server_error`),
- have a status code the document lists for the call (`status_code_conformance`),
- have a documented Content-Type and valid documented headers
  (`content_type_conformance`, `response_headers_conformance`),
- have a body valid against the documented schema (`response_schema_conformance`).

Requests carry the bearer token of Magura's secretary, on a database holding the Magura
minutes twice (meeting 1 issued; meeting 2 a draft without a time) and the default APA
indicators of 2021-22; the document's examples name those objects, and fuzzed ids in paths
are mostly mapped onto stored ones, so calls reach their views rather than a 404.

Deterministic: a fixed seed, `generation.deterministic`, no example database; the same
requests on every run (~1,200), on SQLite and on PostgreSQL (TEST_DATABASE_URL).

Requests that hit a known bug are not sent (KNOWN_BUGS, empty today); the bugs it found are
fixed and their reproductions below are ordinary tests.
"""
from __future__ import annotations

import json

import pytest
import schemathesis

from tests.conftest import import_magura, make_token, make_user

# Fuzzing examples per operation; the coverage phase adds its own cases (most of the run).
MAX_EXAMPLES = 20
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_headers_conformance", "response_schema_conformance")
CONFIG = {
    "seed": 20220314,
    "suppress-health-check": ["all"],
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
    "phases": {"stateful": {"enabled": False}},
    "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
}
# Ids the database holds: 2 meetings, their 58 decisions, 1 committee, letter 1 (the
# issued minutes; the run issues more).
STORED = {"meeting_id": 2, "decision_id": 58, "committee_id": 1, "letter_id": 3}

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# -- known bugs (reported; not in this test's files) -------------------------------------

# Requests that hit a known bug are listed here, each with a test below reproducing it;
# none today (the year-1 dates and the full file were fixed: 400 and 409).
KNOWN_BUGS: dict = {}


# -- the run ------------------------------------------------------------------------------

@pytest.fixture
def api_schema(app, magura_doc):
    """The served document, loaded through the app, with the secretary's token."""
    make_user(app, "sec", "secretary", district="মাগুরা")
    token = make_token(app, "sec")
    import_magura(app)
    magura_doc["meeting"]["held_on"] = "2022-04-14"
    del magura_doc["meeting"]["time"]
    magura_doc["issue"]["memo_serial"] = None
    import_magura(app, magura_doc)
    installed = app.test_cli_runner().invoke(args=["apa", "defaults", "2021-22"])
    assert installed.exit_code == 0, installed.output
    config = schemathesis.Config.from_dict({**CONFIG, "headers": bearer(token)})
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config,
                                            headers=bearer(token))

    @loaded.hook("map_path_parameters")
    def _stored_ids(context, path_parameters):
        """Three of four fuzzed ids become ids of stored objects; the rest stay as
        generated (mostly a 404)."""
        for name, value in (path_parameters or {}).items():
            if name in STORED and isinstance(value, int) and value % 4:
                path_parameters[name] = 1 + value % STORED[name]
        return path_parameters

    @loaded.hook("filter_case")
    def _no_known_bug(context, case):
        return not any(hits(case) for hits in KNOWN_BUGS.values())

    return loaded


# Every operation, GET /openapi.json too: schemathesis leaves out the operation that served
# the schema unless a filter names it.
schema = schemathesis.pytest.from_fixture("api_schema").include(path_regex="^/")


@schema.parametrize()
def test_api_answers_as_its_openapi_document_says(case):
    case.call_and_validate()


# -- the known bugs, reproduced -----------------------------------------------------------

@pytest.fixture
def secretary(app):
    make_user(app, "sec", "secretary", district="মাগুরা")
    import_magura(app)
    return bearer(make_token(app, "sec"))


def _post(client, path, headers, body):
    return client.post(path, data=json.dumps(body), headers=headers,
                       content_type="application/json")


def test_corrigendum_dated_in_the_year_1_is_refused(client, secretary):
    response = _post(client, "/api/v1/meetings/1/corrigendum", secretary,
                     {"corrections": [{"ref": "২.১", "now": "নতুন লেখা"}],
                      "memo_date": "0001-01-01"})
    assert response.status_code == 400


def test_overdue_as_of_the_year_1_is_refused(client, secretary):
    response = client.get("/api/v1/committees/1/overdue", query_string={"on": "0001-01-01"},
                          headers=secretary)
    assert response.status_code == 400


def test_issuing_from_a_full_file_is_a_409(app, client, secretary,
                                                         magura_doc):
    magura_doc["meeting"]["held_on"] = "2022-04-14"
    magura_doc["issue"]["memo_serial"] = None
    import_magura(app, magura_doc)
    reached = _post(client, "/api/v1/committees/1/serial", secretary, {"reached": 99999})
    assert reached.status_code == 200
    response = _post(client, "/api/v1/meetings/2/issue", secretary, {"memo_date": "2022-04-20"})
    assert response.status_code == 409 and "৯৯,৯৯৯" in response.get_json()["error"]
