"""The JSON API (/api/v1): bearer tokens, JSON errors."""
from flask import Blueprint, abort, g, request

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def _authenticate():
    """Every API call carries `Authorization: Bearer TOKEN`; cookies are not used here."""
    from ..users.service import user_for_token

    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() \
        else None
    if user is None:
        abort(401)
    g.api_user = user


from . import views  # noqa: E402,F401
