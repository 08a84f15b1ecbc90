"""District and upazila ICT committee minutes and decision tracking."""
import gc
import os

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .config import load_config
from .extensions import csrf, db, include_object, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.path.join(root, "instance"),
        instance_relative_config=True,
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    from .requests import AppRequest

    app.request_class = AppRequest
    os.makedirs(app.instance_path, exist_ok=True)
    load_config(app)
    if test_config:
        app.config.update(test_config)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(root, "migrations"),
                     render_as_batch=True, include_object=include_object)
    login_manager.init_app(app)
    csrf.init_app(app)

    from . import models  # noqa: F401  (register the tables)
    from .cli import register_cli
    from .web import register_web

    register_web(app)
    register_cli(app)
    if app.config.get("BENCH_COUNT_QUERIES") or os.environ.get("BENCH_COUNT_QUERIES") == "1":
        from .bench.queries import install_query_counter

        install_query_counter(app)  # X-Query-Count on every response (flask bench run)
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # The client address and scheme as the reverse proxy saw them (docs/deploy.md).
        hops = int(app.config["PROXY_FIX"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    if not app.config.get("TESTING"):
        from .auth.setup import announce_setup_code

        announce_setup_code(app)
        # What is loaded by now (modules, mappers, the Jinja environment) lives as long as
        # the process: keep it out of the collector's full passes, which otherwise added
        # ~45 ms to one request in ten on the object-heavy pages (docs/performance.md).
        # Done before gunicorn's fork (--preload), it also keeps those pages shared.
        gc.collect()
        gc.freeze()
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Foreign keys on, WAL and a busy timeout for SQLite; nothing for other databases."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
