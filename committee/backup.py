"""`flask backup PATH` and `flask restore PATH`: the whole database, SQLite or PostgreSQL.

SQLite goes through sqlite3's online backup API, which copies a consistent snapshot
while the app keeps serving (and copies a backup back the same way). PostgreSQL goes
through pg_dump's custom format and pg_restore, run with the app's own database URL;
the password travels in PGPASSWORD, never on a command line other users can see.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing, suppress
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.engine import URL

from .extensions import db


class BackupError(click.ClickException):
    """A refusal or failure with a clear message; `flask` exits with status 1."""


def _url() -> URL:
    return db.engine.url  # Flask-SQLAlchemy has already made SQLite paths absolute


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError(f"cannot back up the SQLite database {url.database!r}: "
                          "only a database file can be copied")
    return url.database


def _private_temp(target: Path) -> str:
    """An empty file (mode 600) beside `target`; renamed over it once complete."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    os.chmod(tmp, 0o600)  # a backup holds password hashes and API token hashes
    return tmp


def _finish(tmp: str, target: Path, run) -> None:
    """Run `run(tmp)`, then move the finished file into place; never leave a half file."""
    try:
        run(tmp)
        os.replace(tmp, target)
    finally:
        with suppress(FileNotFoundError):
            os.unlink(tmp)


def _sqlite_copy(source: str, target: str) -> None:
    with closing(sqlite3.connect(source, timeout=30)) as src, \
            closing(sqlite3.connect(target, timeout=30)) as dst:
        src.backup(dst)


def _check_sqlite_backup(path: Path) -> None:
    """Refuse a file that is not an SQLite database of this app."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not an SQLite database: {exc}") from exc
    if not ok or "meetings" not in tables:
        raise BackupError(f"{path} is not a backup of this application's database")


def pg_command(tool: str, url: URL, *args: str) -> tuple[list[str], dict]:
    """The argument list and environment to run pg_dump/pg_restore on `url`'s database."""
    program = shutil.which(tool)
    if program is None:
        raise BackupError(f"{tool} was not found on PATH: install the PostgreSQL client "
                          "programs (Debian: apt install postgresql-client) of the "
                          "server's major version or newer")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return [program, f"--dbname={conninfo(url)}", *args], env


def conninfo(url: URL) -> str:
    """A libpq connection string for `url`, without the password.

    psycopg hands the URL's query parameters (sslmode, …) to libpq as they are, so they
    are libpq keywords here too.
    """
    params = {"host": url.host, "port": url.port, "user": url.username,
              "dbname": url.database, **{k: v for k, v in url.query.items()
                                         if isinstance(v, str)}}
    return " ".join(f"{key}={_quote(value)}" for key, value in params.items()
                    if value not in (None, ""))


def _quote(value) -> str:
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def _run(argv: list[str], env: dict) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        name = os.path.basename(argv[0])
        raise BackupError(f"{name} failed (exit {result.returncode}): "
                          f"{result.stderr.strip() or result.stdout.strip()}")


def backup_database(target: Path) -> str:
    """Write a consistent copy of the configured database to `target`; returns the kind."""
    url = _url()
    target = target.resolve()
    if not target.parent.is_dir():
        raise BackupError(f"folder {target.parent} does not exist")
    if url.get_backend_name() == "sqlite":
        source = _sqlite_path(url)
        _finish(_private_temp(target), target, lambda tmp: _sqlite_copy(source, tmp))
        return "sqlite"
    if url.get_backend_name() == "postgresql":
        def dump(tmp: str) -> None:
            _run(*pg_command("pg_dump", url, "--format=custom", f"--file={tmp}"))

        _finish(_private_temp(target), target, dump)
        return "postgresql"
    raise BackupError(f"no backup method for {url.get_backend_name()} databases")


def restore_database(source: Path) -> str:
    """Replace the configured database's contents with the backup at `source`."""
    url = _url()
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    db.session.remove()
    db.engine.dispose()  # no pooled connection of ours holds the old tables
    if url.get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        _sqlite_copy(str(source), _sqlite_path(url))
    elif url.get_backend_name() == "postgresql":
        # One transaction: a bad or truncated file changes nothing.
        _run(*pg_command("pg_restore", url, "--clean", "--if-exists", "--no-owner",
                         "--single-transaction", "--exit-on-error", str(source)))
    else:
        raise BackupError(f"no restore method for {url.get_backend_name()} databases")
    db.engine.dispose()
    return url.get_backend_name()


def _describe(url: URL) -> str:
    return url.render_as_string(hide_password=True)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path):
    """Back up the whole database to PATH (SQLite backup API, or pg_dump -Fc)."""
    kind = backup_database(path)
    click.echo(f"backed up {_describe(_url())} ({kind}) to {path}")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool):
    """Replace the database's contents with the backup at PATH (asks first)."""
    if not yes:
        click.confirm(f"Replace everything in {_describe(_url())} with {path}?", abort=True)
    kind = restore_database(path)
    click.echo(f"restored {_describe(_url())} ({kind}) from {path}")


def register(app) -> None:
    """Add `flask backup` and `flask restore`."""
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
