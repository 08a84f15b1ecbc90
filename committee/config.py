"""Configuration from the environment, with an instance-folder secret as fallback."""
import json
import os
import secrets
from pathlib import Path


def instance_secret(path: Path, nbytes: int) -> str:
    """A random token kept in `path` (mode 600), created on first use.

    Written with O_EXCL so several processes starting together agree on one value.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(nbytes))
    return path.read_text().strip()


def _secret_key(instance_path: str) -> str:
    """Return SECRET_KEY from the environment, else one generated once into instance/."""
    return os.environ.get("SECRET_KEY") or instance_secret(Path(instance_path) / "secret_key",
                                                           32)


def _json_utf8(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def load_config(app) -> None:
    """Fill app.config from the environment (and instance/config.py, if present)."""
    database_url = os.environ.get(
        "DATABASE_URL", "sqlite:///" + os.path.join(app.instance_path, "committee.db")
    )
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=database_url,
        # JSON columns (a letter's frozen content, audit changes) keep Bangla as UTF-8, not
        # as \uXXXX escapes: a letter's content takes 46 % less room (docs/performance.md).
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "json_serializer": _json_utf8},
        MAX_CONTENT_LENGTH=int(os.environ.get("MAX_CONTENT_LENGTH", 16 * 1024 * 1024)),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        WTF_CSRF_TIME_LIMIT=None,
        JSON_AS_ASCII=False,
        PAGE_SIZE=50,
        # Evidence uploads; point every app instance at the same shared folder.
        EVIDENCE_DIR=os.environ.get("EVIDENCE_DIR") or None,
        # Number of reverse-proxy hops whose X-Forwarded-* headers to trust; 0 = none.
        PROXY_FIX=int(os.environ.get("PROXY_FIX", "0")),
    )
    app.config.from_pyfile("config.py", silent=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app.instance_path)
