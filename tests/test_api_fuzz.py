"""Property-based fuzzing of the JSON API: whatever arrives, never a 5xx.

Bodies are mutations of the real Magura minutes (wrong types, missing keys, huge strings,
odd Unicode, bad dates, nested junk), junk status and issue bodies, odd query strings and
non-JSON bodies. Every answer is < 500; every 4xx is JSON {"error": str, "details": [...]};
a refused import stores nothing. Run with --hypothesis-show-statistics for the counts.
"""
from __future__ import annotations

import copy
import itertools
import json
import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from committee.extensions import db
from committee.models import Decision, Meeting
from tests.conftest import MAGURA, import_magura, make_token

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

# FUZZ_EXAMPLES=1000 for a longer, randomized hunt; by default a fixed, quick set.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXAMPLES or 100, deadline=None, derandomize=not EXAMPLES,
                database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])
MAGURA_DOC = json.loads(MAGURA.read_text(encoding="utf-8"))
SERIALS = itertools.count(1000)  # a fresh memo serial per example, so imports can succeed

# -- strategies -----------------------------------------------------------------------

ODD_TEXT = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\ud800", "\udfff", "\ufffe", "\u200b\u200c\u200d", "\u202e",
    "\t\n\r", "\x1b[31m", "য়", "য়", "২০২২-০৩-১৪", "১১:০০", "১২", "²", "١٢", "𝟙𝟚", "Ⅻ",
    "<script>alert(1)</script>", "{{ 7*7 }}", "' OR 1=1 --", "../../etc/passwd",
    "null", "true", "[]", "{}",
])
# Just over each column or limit (80, 200, 300, 500, 20000) and far over it.
HUGE_TEXT = st.builds(lambda char, n: char * n, st.sampled_from(["ক", "x", "🙂", "য়"]),
                      st.sampled_from([81, 201, 301, 501, 20001, 200_000]))
TEXT = st.one_of(ODD_TEXT, HUGE_TEXT, st.text(max_size=40),
                 st.text(st.characters(codec="utf-8"), max_size=20))
BAD_DATES = st.sampled_from([
    "2022-02-30", "2022-13-01", "2022-00-10", "2022-3-14", "14/03/2022", "2022/03/14",
    "20220314", "2022-W11-1", "2022-03-14T10:00:00", "২০২২-০৩-১৪", "০০০০-০০-০০",
    "0001-01-01", "9999-12-31", "10000-01-01", "-2022-03-14", "", " ", "today",
])
NUMBERS = st.one_of(st.integers(min_value=-(2**70), max_value=2**70),
                    st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63, 10**30]),
                    st.floats(allow_nan=True, allow_infinity=True))
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT, BAD_DATES)
JUNK = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
DEEP = st.integers(min_value=30, max_value=3000).map(lambda n: "[" * n + "]" * n)


def _paths(node, prefix=()):
    """Every key path in the document, e.g. ("meeting", "items", 2, "title")."""
    yield prefix
    children = node.items() if isinstance(node, dict) else \
        enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from _paths(child, (*prefix, key))


def _value(doc, path):
    for key in path:
        doc = doc[key]
    return doc


PATHS = [p for p in _paths(MAGURA_DOC) if p]
TEXT_PATHS = [p for p in PATHS if isinstance(_value(MAGURA_DOC, p), str)
              and p[-1] not in ("format", "kind", "level", "held_on", "memo_date", "time")]
DATE_PATHS = [p for p in PATHS if p[-1] in ("held_on", "memo_date", "due_on")] + [
    ("meeting", "items", 1, "decisions", 0, "due_on")]


def _parent(doc, path):
    node = doc
    for key in path[:-1]:
        if isinstance(node, dict) and key in node or \
                isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return None
    return node if isinstance(node, (dict, list)) else None


def _mutate(doc, action: str, path, value) -> None:
    """Apply one mutation at `path`; earlier mutations may have moved or removed it."""
    parent, key = _parent(doc, path), path[-1]
    if isinstance(parent, dict) and key not in parent:
        parent[key] = value
        return
    if not (isinstance(parent, dict) or isinstance(key, int) and key < len(parent or [])):
        return
    if action == "delete":
        del parent[key]
    elif action == "wrap":
        parent[key] = [parent[key], value]
    else:
        parent[key] = value


@st.composite
def import_bodies(draw):
    doc = copy.deepcopy(MAGURA_DOC)
    doc["issue"]["memo_serial"] = next(SERIALS)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.sampled_from(["text", "text", "set", "delete", "date", "wrap",
                                     "extra"]))
        if kind == "text":  # odd but often valid: the import may well succeed
            _mutate(doc, "set", draw(st.sampled_from(TEXT_PATHS)), draw(TEXT))
        elif kind == "date":
            _mutate(doc, "set", draw(st.sampled_from(DATE_PATHS)), draw(BAD_DATES))
        elif kind == "extra":
            doc[draw(st.text(max_size=10))] = draw(JUNK)
        else:
            _mutate(doc, kind, draw(st.sampled_from(PATHS)), draw(JUNK))
    return doc


# -- helpers --------------------------------------------------------------------------

def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def assert_sane(response) -> None:
    """No 5xx; a 4xx is JSON with an error text and a details list."""
    body = response.get_data(as_text=False)[:300]
    if currently_in_test_context():  # the spread shows with --hypothesis-show-statistics
        event(f"HTTP {response.status_code}")
    assert response.status_code < 500, (response.status_code, body)
    if response.status_code >= 400:
        assert response.is_json, body
        answer = response.get_json()
        assert isinstance(answer["error"], str) and answer["error"], body
        assert isinstance(answer["details"], list), body


def _count(app, model) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
        return n


def _post_json(client, path, token, body):
    return client.post(path, data=json.dumps(body), headers=bearer(token),
                       content_type="application/json")


@pytest.fixture
def tokens(app, users):
    return {name: make_token(app, name) for name in ("admin", "sec", "sec_b", "deo", "viewer")}


@pytest.fixture
def meeting_ids(app, tokens):
    """The issued Magura meeting, and a draft copy of it (issue details, no serial)."""
    issued = import_magura(app)
    draft_doc = copy.deepcopy(MAGURA_DOC)
    draft_doc["meeting"]["held_on"] = "2022-04-14"
    draft_doc["issue"]["memo_serial"] = None
    return issued, import_magura(app, draft_doc)


# -- POST /api/v1/meetings/import -------------------------------------------------------

@FUZZ
@given(body=import_bodies(), who=st.sampled_from(["sec", "admin", "sec_b"]))
def test_import_mutations_never_500_and_refusals_store_nothing(app, client, tokens, body,
                                                               who):
    before = _count(app, Meeting)
    response = _post_json(client, "/api/v1/meetings/import", tokens[who], body)
    assert_sane(response)
    after = _count(app, Meeting)
    if response.status_code == 201:
        assert after == before + 1
        meeting_id = response.get_json()["id"]
        exported = client.get(f"/api/v1/meetings/{meeting_id}", headers=bearer(tokens[who]))
        assert exported.status_code == 200
    elif response.status_code == 200:  # the same minutes of a committee and date again
        assert response.get_json()["already_imported"] is True and after == before
    else:  # 413: a body over the import limit (IMPORT_MAX_CONTENT_LENGTH); 409: other
        # minutes of a committee and date already stored
        assert response.status_code in (400, 403, 409, 413), response.status_code
        assert after == before


@FUZZ
@given(body=st.one_of(JUNK, st.binary(max_size=200), DEEP),
       content_type=st.sampled_from([
           "application/json", "text/plain", "application/x-www-form-urlencoded",
           "multipart/form-data", "application/json; charset=utf-16",
           "application/json; charset=latin-1", "application/vnd.api+json", None]),
       path=st.sampled_from(["/api/v1/meetings/import", "/api/v1/meetings/{m}/issue",
                             "/api/v1/decisions/{d}/status"]))
def test_non_json_bodies_and_wrong_content_types(app, client, tokens, meeting_ids, body,
                                                 content_type, path):
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    data = body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")
    with app.app_context():
        decision_id = db.session.scalar(select(Decision.id))
    headers = bearer(tokens["sec"])
    if content_type:
        headers["Content-Type"] = content_type
    before = _count(app, Meeting)
    response = client.post(path.format(m=meeting_ids[1], d=decision_id), data=data,
                           headers=headers)
    assert_sane(response)
    if "import" in path:
        assert response.status_code != 201 or isinstance(body, dict)
        assert _count(app, Meeting) == before + (response.status_code == 201)


# -- POST /api/v1/decisions/ID/status and /api/v1/meetings/ID/issue --------------------------

STATUS_VALUES = st.one_of(st.sampled_from(["pending", "in_progress", "implemented",
                                           "dropped", "PENDING", "done"]), JUNK)
PARTIES = st.one_of(st.sampled_from(["জেলা শিক্ষা অফিসার", "জেলা শিক্ষা অফিসার, মাগুরা",
                                     "সিভিল সার্জন", "উপজেলা নির্বাহী অফিসার (সকল)"]), JUNK)


@st.composite
def status_bodies(draw):
    body = {}
    for key, values in (("party", PARTIES), ("status", STATUS_VALUES),
                        ("note", st.one_of(TEXT, JUNK)),
                        ("on", st.one_of(BAD_DATES, st.just("2022-05-01"), JUNK))):
        if draw(st.booleans()) or key in ("party", "status") and draw(st.booleans()):
            body[key] = draw(values)
    if draw(st.integers(0, 5)) == 0:
        return draw(JUNK)
    return body


@FUZZ
@given(body=status_bodies(), who=st.sampled_from(["sec", "deo", "sec_b", "admin"]),
       pick=st.integers(min_value=0, max_value=40),
       odd_id=st.sampled_from([None, None, None, None, 0, 999999, 2**31 - 1, 2**31]))
def test_status_bodies_never_500(app, client, tokens, meeting_ids, body, who, pick, odd_id):
    with app.app_context():
        ids = list(db.session.scalars(select(Decision.id).order_by(Decision.id)))
    decision_id = odd_id if odd_id is not None else ids[pick % len(ids)]
    response = _post_json(client, f"/api/v1/decisions/{decision_id}/status", tokens[who],
                          body)
    assert_sane(response)


@FUZZ
@given(body=st.one_of(st.fixed_dictionaries({"memo_date": st.one_of(BAD_DATES, JUNK)}),
                      JUNK),
       who=st.sampled_from(["sec", "sec_b", "viewer", "admin"]),
       which=st.sampled_from([0, 1, 0, 999999, 2**31, 10**30]))
def test_issue_bodies_never_500(app, client, tokens, meeting_ids, body, who, which):
    meeting_id = meeting_ids[which] if which in (0, 1) else which
    response = _post_json(client, f"/api/v1/meetings/{meeting_id}/issue", tokens[who], body)
    assert_sane(response)
    if response.status_code == 200:
        assert response.get_json()["memo_serial"] >= 1


# -- GET calls with odd query strings ---------------------------------------------------

QUERY_TEXT = st.one_of(TEXT.filter(lambda s: len(s) < 5000), st.integers().map(str),
                       st.sampled_from(["মাগুরা", "ঝিনাইদহ", "আটলান্টিস", "১", "0", "-1",
                                        "2147483648", "1e3", "1.0", "০x1"]))
QUERY_KEYS = st.sampled_from(["committee_id", "district", "office", "office_id", "status",
                              "page", "per_page", "upazila", "junk"])
FY = st.one_of(st.sampled_from(["2021-22", "২০২১-২২", "2024-25", "9999-00", "0000-01",
                                "2021-23", "2021", "21-22", "fy", "2021-22 ", "-"]),
               st.text(max_size=12))


def _q(text: str) -> str:
    """Percent-encoded as sent by a client that does not care (lone surrogates too)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


@FUZZ
@given(call=st.sampled_from(["/api/v1/committees", "/api/v1/meetings", "/api/v1/decisions",
                             "/api/v1/apa/{fy}/indicators", "/api/v1/openapi.json"]),
       fy=FY, params=st.dictionaries(QUERY_KEYS, QUERY_TEXT, max_size=4),
       who=st.sampled_from(["admin", "sec", "sec_b", "deo", "viewer"]))
def test_get_calls_with_odd_query_strings_never_500(app, client, tokens, meeting_ids, call,
                                                     fy, params, who):
    query = "&".join(f"{_q(k)}={_q(v)}" for k, v in params.items())
    response = client.get(f"{call.format(fy=_q(fy))}?{query}", headers=bearer(tokens[who]))
    assert_sane(response)
    if response.status_code == 200:
        assert response.is_json


# -- regressions found by the fuzzing (each a 500 before the fix) ---------------------------

@pytest.mark.parametrize("path", [
    "/api/v1/meetings/2147483648", "/api/v1/meetings/9223372036854775808/minutes.docx",
    "/api/v1/meetings/1000000000000000000000000000000",
])
def test_ids_beyond_the_integer_column_are_404(client, tokens, path):
    response = client.get(path, headers=bearer(tokens["admin"]))
    assert response.status_code == 404 and response.get_json()["error"]


@pytest.mark.parametrize("params", [{"committee_id": "2147483648"}, {"page": str(10**30)},
                                    {"office_id": str(10**30)}, {"office": "99999999999999"}])
def test_huge_numbers_in_the_query_are_4xx(client, tokens, params):
    response = client.get("/api/v1/decisions", query_string=params,
                          headers=bearer(tokens["admin"]))
    assert response.status_code in (400, 404)
    assert_sane(response)


@pytest.mark.parametrize("mutate, path", [
    (lambda d: d["meeting"].update(venue="অনলাইন\x00জুম"), "meeting.venue"),
    (lambda d: d["meeting"]["items"][0].update(title="\ud800"), "meeting.items[0].title"),
    (lambda d: d["issue"].update(memo_serial=2**31), "issue.memo_serial"),
    (lambda d: d["issue"].update(memo_serial="²"), "issue.memo_serial"),
    (lambda d: d["issue"].update(memo_serial="9" * 5000), "issue.memo_serial"),
    (lambda d: d["meeting"]["chair"].update(name="ক" * 201), "meeting.chair.name"),
    (lambda d: d["committee"].update(district="ক" * 81), "committee.district"),
    (lambda d: d["meeting"]["attendance"].append(
        {"name": "ক", "designation": "খ", "office": "গ" * 301}),
     "meeting.attendance[0].office"),
])
def test_values_the_database_cannot_hold_are_400(app, client, tokens, mutate, path):
    doc = copy.deepcopy(MAGURA_DOC)
    mutate(doc)
    response = _post_json(client, "/api/v1/meetings/import", tokens["admin"], doc)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert path in [d["path"] for d in response.get_json()["details"]]
    assert _count(app, Meeting) == 0


def test_deeply_nested_json_is_400(client, tokens):
    response = client.post("/api/v1/meetings/import", data="[" * 100_000 + "]" * 100_000,
                           headers=bearer(tokens["sec"]), content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]
    nested = {"format": "committee-minutes/1", "meeting": {"held_on": [[[[[[[[[]]]]]]]]]}}
    for _ in range(70):
        nested = {"x": nested}
    response = _post_json(client, "/api/v1/meetings/import", tokens["sec"], nested)
    assert response.status_code == 400


def test_status_note_with_a_nul_is_400(app, client, tokens, meeting_ids):
    with app.app_context():
        decision_id = db.session.scalar(select(Decision.id).order_by(Decision.id.desc()))
    response = _post_json(client, f"/api/v1/decisions/{decision_id}/status", tokens["admin"],
                          {"party": "জেলা শিক্ষা অফিসার", "status": "pending",
                           "note": "ঠিক\x00আছে", "on": "2022-05-01"})
    assert response.status_code == 400
    assert "note" in [d["path"] for d in response.get_json()["details"]]
