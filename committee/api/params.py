"""Query-string and body parsing for the API: every problem becomes a 400 with details.

Views call these helpers instead of reading `request.args` themselves, so a bad filter
never turns into a 500 and every refusal has the same shape:
`{"error": str, "details": [{"path": str, "message": str}, ...]}`.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..authz import is_admin
from ..bangla import match_key, to_ascii_digits
from ..committees.service import committee_by_id
from ..directory.service import find_district, known_district_names
from ..models import Committee, District
from ..requests import MAX_INT, size_text

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 100


class ApiError(Exception):
    """Raised by helpers and services; rendered as JSON by the blueprint's handler."""

    def __init__(self, status: int, message: str, details=()):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = list(details)


def bad_request(path: str, message: str, summary: str = "অনুরোধের প্যারামিটার সঠিক নয়"):
    """A 400 naming one problem (path in the request, message in Bangla)."""
    return ApiError(400, summary, [{"path": path, "message": message}])


def error_response(exc: ApiError):
    """The JSON answer for an ApiError."""
    return jsonify(error=exc.message, details=exc.details), exc.status


def int_arg(name: str, *, minimum: int = 1) -> int | None:
    """An optional positive integer query parameter (Bangla digits accepted)."""
    raw = request.args.get(name)
    if raw is None or raw.strip() == "":
        return None
    value = parse_int(raw)
    if value is None or value < minimum:
        raise bad_request(name, f"'{raw}' সঠিক নয়: {minimum} থেকে {MAX_INT} এর মধ্যে "
                                "একটি পূর্ণসংখ্যা দিন")
    return value


def parse_int(raw: str) -> int | None:
    """A non-negative integer up to MAX_INT (Bangla digits accepted), else None."""
    text = to_ascii_digits(raw).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 12 or int(text) > MAX_INT:
        return None
    return int(text)


@dataclass
class Page:
    page: int
    per_page: int


def page_args() -> Page:
    """`page` (from 1) and `per_page` (1..200) from the query string."""
    page = int_arg("page") or 1
    default = current_app.config.get("API_PAGE_SIZE", DEFAULT_PER_PAGE)
    per_page = int_arg("per_page") or default
    if per_page > MAX_PER_PAGE:
        raise bad_request("per_page", f"এক পাতায় সর্বোচ্চ {MAX_PER_PAGE}টি দেওয়া যায়")
    return Page(page, per_page)


def paginated(items: list, pagination, page: Page):
    """A JSON list (the contract's shape) with the paging in headers, as GitHub does."""
    response = jsonify(items)
    response.headers["X-Total-Count"] = str(pagination.total)
    response.headers["X-Page"] = str(page.page)
    response.headers["X-Per-Page"] = str(page.per_page)
    links = []
    args = request.args.to_dict()
    if pagination.has_next:
        links.append(_link(args, page.page + 1, page.per_page, "next"))
    if pagination.has_prev:
        links.append(_link(args, page.page - 1, page.per_page, "prev"))
    if links:
        response.headers["Link"] = ", ".join(links)
    return response


def _link(args: dict, number: int, per_page: int, rel: str) -> str:
    from urllib.parse import urlencode

    query = urlencode({**args, "page": number, "per_page": per_page})
    return f"<{request.base_url}?{query}>; rel=\"{rel}\""


def committee_arg(user, name: str = "committee_id") -> Committee | None:
    """The committee named by an id parameter: 404 if missing, 403 if of another district."""
    committee_id = int_arg(name)
    if committee_id is None:
        return None
    committee = committee_by_id(committee_id)
    if committee is None:
        raise ApiError(404, "কমিটি পাওয়া যায়নি",
                       [{"path": name, "message": f"{committee_id} নম্বরের কোনো কমিটি নেই"}])
    if not is_admin(user) and committee.district_id != user.district_id:
        raise ApiError(403, "এই কমিটির তথ্য দেখার অনুমতি আপনার নেই")
    return committee


def district_arg(user, name: str = "district") -> District | None | bool:
    """The district named by its Bangla name (compared with match_key).

    Returns None without the parameter, False for a real district that has no data yet
    (so the answer is an empty list); 400 for an unknown name, 403 for another district.
    """
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    district = find_district(raw)
    if district is None:
        if match_key(raw) not in {match_key(n) for n in known_district_names()}:
            raise bad_request(name, f"'{raw}' নামে কোনো জেলা নেই (বাংলা নাম দিন, যেমন মাগুরা)")
        if not is_admin(user):
            raise ApiError(403, "এই জেলার তথ্য দেখার অনুমতি আপনার নেই")
        return False
    if not is_admin(user) and district.id != user.district_id:
        raise ApiError(403, "এই জেলার তথ্য দেখার অনুমতি আপনার নেই")
    return district


def json_body() -> dict:
    """The request's JSON object; 400 for another content type or malformed JSON."""
    if not request.is_json:
        raise ApiError(400, "অনুরোধের বডি JSON হতে হবে",
                       [{"path": "", "message": "Content-Type: application/json দিন"}])
    try:
        body = request.get_json(silent=True)
    except RequestEntityTooLarge as exc:
        raise body_too_large() from exc
    if body is None:
        raise ApiError(400, "অনুরোধের বডি সঠিক JSON নয়",
                       [{"path": "", "message": "JSON পড়া যায়নি; বাক্য গঠন পরীক্ষা করুন"}])
    if not isinstance(body, dict):
        raise ApiError(400, "অনুরোধের বডি একটি JSON অবজেক্ট হতে হবে",
                       [{"path": "", "message": "একটি অবজেক্ট ({...}) পাঠান"}])
    return body


def body_too_large() -> ApiError:
    """413 naming the limit this call has (an import's is smaller: committee/requests.py)."""
    limit = request.max_content_length
    message = f"অনুরোধের বডি সর্বোচ্চ {size_text(limit)} হতে পারে" if limit else \
        "অনুরোধের বডি অনেক বড়"
    return ApiError(413, "পাঠানো তথ্য অনেক বড়", [{"path": "", "message": message}])
