"""Blueprints, login loading, template filters and error pages."""
from __future__ import annotations

from contextlib import suppress

from flask import jsonify, make_response, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)

from . import bangla, charts
from .authz import TEMPLATE_HELPERS
from .extensions import db, login_manager
from .http_errors import ERROR_TEXT
from .locks import is_busy
from .records import RecordConflict
from .requests import MAX_INT
from .vocab import FollowUpStatus, Level, MeetingStatus, MemberRole, OfficeKind, Role

UNAVAILABLE = ("ডেটাবেসের সঙ্গে সংযোগ বিচ্ছিন্ন হয়েছে, তাই অনুরোধটি শেষ করা যায়নি। "
               "কয়েক সেকেন্ড পরে আবার চেষ্টা করুন।")
BUSY = ("এই মুহূর্তে অন্য একটি কাজ একই তথ্য পরিবর্তন করছে, তাই কিছুই সংরক্ষণ করা হয়নি। "
        "কয়েক সেকেন্ড পরে আবার চেষ্টা করুন।")
RETRY_AFTER_SECONDS = 5
# Connection exceptions (class 08) and the server shutting down or starting (57P0x).
_LOST_SQLSTATES = ("08", "57P01", "57P02", "57P03")
_LOST_PHRASES = (
    "server closed the connection", "terminating connection", "connection is closed",
    "connection already closed", "connection is lost", "connection refused",
    "could not connect", "connection failed", "no connection to the server",
    "ssl connection has been closed", "consuming input failed", "connection reset",
    "broken pipe",
)
# The 503 page does not extend base.html: that reads the user from the database.
_UNAVAILABLE_PAGE = (
    '<!doctype html><html lang="bn"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    '<title>{code} · সভা ও সিদ্ধান্ত</title><link rel="stylesheet" href="{css}"></head>'
    '<body><main><section class="card"><h1>{code} · {message}</h1></section></main>'
    '</body></html>'
)


def _wants_json() -> bool:
    return request.blueprint == "api" or request.path.startswith("/api/")


def _error(code: int, message: str | None = None):
    message = message or ERROR_TEXT.get(code, "ত্রুটি")
    if _wants_json():
        return jsonify(error=message, details=[]), code
    return render_template("error.html", code=code, message=message), code


def is_lost_connection(exc: BaseException) -> bool:
    """Whether a database error means the connection to the server is gone (or the server
    cannot be reached): the request may succeed when sent again."""
    if isinstance(exc, DisconnectionError):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    sqlstate = getattr(exc.orig, "sqlstate", None) or ""
    if sqlstate.startswith(_LOST_SQLSTATES):
        return True
    message = str(exc.orig).lower()
    return any(phrase in message for phrase in _LOST_PHRASES)


def _database_error(exc: SQLAlchemyError):
    """A lost connection answers 503 with Retry-After, a lock not obtained in time 409;
    any other database error stays what it was (a 500: a bug)."""
    if is_lost_connection(exc):
        return _unavailable()
    if is_busy(exc):
        with suppress(SQLAlchemyError):
            db.session.rollback()
        return _error(409, BUSY)
    raise exc


def _unavailable():
    with suppress(SQLAlchemyError):
        db.session.rollback()  # later hooks of this request start from a clean session
    if _wants_json():
        response = jsonify(error=UNAVAILABLE, details=[])
    else:
        response = make_response(_UNAVAILABLE_PAGE.format(
            code=bangla.to_bangla_digits("503"), message=escape(UNAVAILABLE),
            css=escape(url_for("static", filename="app.css"))))
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


VOCABULARY = (FollowUpStatus, Level, MeetingStatus, MemberRole, OfficeKind, Role)
VIEW_MODULES = {"followup": ("views", "review_views"), "meetings": ("views", "import_views"),
                "documents": ("views", "reminder_views"),
                "api": ("views", "apa", "committee_file", "decisions", "documents", "openapi",
                        "reminders", "minutes_docx")}


def register_web(app) -> None:
    """Attach blueprints, filters and error handlers to the app."""
    import importlib
    from functools import partial

    from werkzeug.routing import IntegerConverter

    # Before any rule is added: <int:id> above the column's range matches no route (404).
    app.url_map.converters["int"] = partial(IntegerConverter, max=MAX_INT)

    # Views are imported here, not by their packages, so that feature services can
    # import each other without pulling every view module in (no import cycles).
    for name in ("auth", "committees", "directory", "meetings", "documents", "followup",
                 "apa", "audit", "api", "dates", "wordimport"):
        package = importlib.import_module(f"{__package__}.{name}")
        for module in VIEW_MODULES.get(name, ("views",)):
            importlib.import_module(f"{package.__name__}.{module}")
        app.register_blueprint(package.bp)

    login_manager.login_view = "auth.login"
    login_manager.login_message = "এই পাতা দেখতে লগইন করুন"
    login_manager.login_message_category = "info"

    app.jinja_env.filters["bn"] = bangla.to_bangla_digits
    app.jinja_env.filters["bn_date"] = lambda d: bangla.format_date_numeric(d) if d else ""
    app.jinja_env.filters["bn_long"] = lambda d: bangla.format_gregorian_long(d) if d else ""
    app.jinja_env.filters["bn_bangla_date"] = lambda d: bangla.format_bangla_date(d) if d else ""
    app.jinja_env.filters["bn_time"] = lambda t: bangla.format_time_bn(t) if t else ""
    app.jinja_env.filters["bn_weekday"] = lambda d: bangla.weekday_bn(d) if d else ""
    app.jinja_env.globals["number_label"] = bangla.number_label
    app.jinja_env.globals.update(TEMPLATE_HELPERS)
    # The vocabulary, so templates compare with Role.ADMIN, never with a spelled "admin".
    app.jinja_env.globals.update({vocab.__name__: vocab for vocab in VOCABULARY})
    app.jinja_env.globals.update(chart_bars=charts.bars, chart_columns=charts.columns)

    for code in ERROR_TEXT:
        app.register_error_handler(code, lambda exc, code=code: _error(code))
    app.register_error_handler(RecordConflict, lambda exc: _error(409, exc.description))
    for error in (OperationalError, InterfaceError, DisconnectionError):
        app.register_error_handler(error, _database_error)
    app.register_error_handler(
        CSRFError, lambda exc: _error(400, "ফর্মের নিরাপত্তা টোকেন (CSRF) নেই বা মেয়াদোত্তীর্ণ; "
                                           "পাতাটি আবার খুলে চেষ্টা করুন"))

    @app.after_request
    def _security_headers(response):
        if request.endpoint != "static":
            # Pages, exports, downloads and API answers are private to their user: no
            # browser or proxy keeps a copy (a shared computer at the office, a proxy).
            response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
        )
        return response
