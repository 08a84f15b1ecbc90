"""The JSON API (/api/v1): bearer tokens, JSON errors."""
from flask import Blueprint, abort, g, jsonify, request
from werkzeug.exceptions import HTTPException

from ..http_errors import ERROR_TEXT
from ..records import RecordConflict
from ..users.service import user_for_token
from .params import ApiError, error_response

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def _authenticate():
    """Every API call carries `Authorization: Bearer TOKEN`; cookies are not used here."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() \
        else None
    if user is None:
        abort(401)
    g.api_user = user


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return error_response(exc)


def _http_error(exc: HTTPException):
    """Any HTTP error raised inside an API view is JSON too (415, 413, 422 …)."""
    code = exc.code or 500
    message = exc.description if isinstance(exc, RecordConflict) else \
        ERROR_TEXT.get(code) or exc.description or exc.name
    response = jsonify(error=message, details=[])
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


# Code-specific handlers win over class handlers in Flask's lookup, and the app has
# HTML-or-JSON ones per code: register ours per code too, so the blueprint's come first.
bp.register_error_handler(HTTPException, _http_error)
for _code in (400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 429):
    bp.register_error_handler(_code, _http_error)
