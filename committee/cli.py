"""Command-line interface: users, tokens, minutes import/export."""
from __future__ import annotations

import json
import sys

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy.exc import IntegrityError

from .apa.cli import apa_cli
from .backup import register as register_backup
from .bench.cli import bench_cli
from .extensions import db
from .imports import AlreadyImported
from .imports import import_minutes as import_minutes_document
from .interchange import ValidationError, export_meeting
from .models import Meeting
from .models.users import ROLES
from .users.service import (
    UserError,
    change_password,
    find_user,
    issue_token,
    revoke_token_of,
    set_active,
    token_state,
    tokens_of,
)
from .users.service import create_user as create
from .wordimport.cli import import_docx, read_docx

users_cli = AppGroup("users", help="Manage users and API tokens.")
minutes_cli = AppGroup("minutes", help="Import and export meetings (committee-minutes/1).")
minutes_cli.add_command(read_docx)
minutes_cli.add_command(import_docx)


def _read_password() -> str:
    """The first line of standard input; a hidden prompt when it is a terminal."""
    stdin = sys.stdin
    if stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True,
                            default="", show_default=False)
    return stdin.readline().rstrip("\r\n")


def _utc(value) -> str:
    """A stored time as "2026-01-31 09:15 UTC" ("-" for none)."""
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "-"


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--district", default=None, help="District name (Bangla), for non-admin roles.")
@click.option("--office", default=None, help="Office name in the district (role office).")
@click.option("--full-name", default="", help="The person's name.")
@click.option("--designation", default="", help="The person's post (পদবি). Without it, or "
              "without --full-name, the user is asked for both at the first login.")
def create_user(username, role, district, office, full_name, designation):
    """Create a user; the password is read from the first line of standard input."""
    password = _read_password()
    try:
        user = create(username, password, role, district=district, office=office,
                      full_name=full_name, designation=designation)
    except UserError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    except IntegrityError as exc:  # a concurrent create took the name first
        db.session.rollback()
        raise click.ClickException(f"username '{username}' is taken") from exc
    where = f" in {user.district.name}" if user.district else ""
    office_name = f", office {user.office.name}" if user.office else ""
    click.echo(f"created user {user.username} ({user.role}{where}{office_name}) id={user.id}")


@users_cli.command("token")
@click.argument("username")
@click.option("--name", default="", help="What the token is for (shown in the token lists).")
@click.option("--expires-days", type=click.IntRange(1, 3650), default=None,
              help="The token stops working after N days (default: never).")
def create_token(username, name, expires_days):
    """Print a new API token for USERNAME (alone on the last line)."""
    try:
        token = issue_token(username, name=name, expires_days=expires_days)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"new API token for {username} (shown once):", err=True)
    click.echo(token)


@users_cli.command("tokens")
@click.argument("username")
def list_tokens(username):
    """List USERNAME's API tokens: id, state, name, created, last used, expiry."""
    user = find_user(username)
    if user is None:
        raise click.ClickException(str(UserError(f"no user '{username}'")))
    rows = tokens_of(user)
    if not rows:
        click.echo(f"{user.username} has no API tokens")
    for row in rows:
        click.echo(f"{row.id}\t{token_state(row)}\t{row.name or '-'}\t"
                   f"created {_utc(row.created_at)}\tlast used {_utc(row.last_used_at)}\t"
                   f"expires {_utc(row.expires_at) if row.expires_at else 'never'}")


@users_cli.command("revoke-token")
@click.argument("username")
@click.argument("token_id", type=int)
def revoke_token(username, token_id):
    """Revoke USERNAME's API token TOKEN_ID (see `users tokens`): 401 from its next call."""
    try:
        row = revoke_token_of(username, token_id)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"token {row.id} of {row.user.username} revoked")


@users_cli.command("password")
@click.argument("username")
def set_password(username):
    """Set USERNAME's password (first line of standard input); ends all their sessions."""
    user = find_user(username)
    if user is None:
        raise click.ClickException(f"no user '{username}'")
    try:
        ended = change_password(user, _read_password())
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"password of {user.username} changed; {ended} session(s) ended")


@users_cli.command("deactivate")
@click.argument("username")
@click.option("--reactivate", is_flag=True, help="Make an inactive user active again.")
def deactivate_user(username, reactivate):
    """Deactivate USERNAME: no more logins or API calls, every session ended (the user is
    kept)."""
    try:
        user = set_active(username, reactivate)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"user {user.username} is {'active' if user.active else 'inactive'}")


@minutes_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_minutes(path):
    """Import one meeting from FILE.json; prints the new meeting id on the last line."""
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"not valid JSON: {exc}") from exc
    try:
        meeting, created = import_minutes_document(doc)
    except ValidationError as exc:
        for problem in exc.problems:
            click.echo(f"{problem['path'] or '(document)'}: {problem['message']}", err=True)
        if isinstance(exc, AlreadyImported):
            raise click.ClickException(
                f"import refused: the committee already has meeting {exc.meeting_id} on "
                f"{exc.held_on.isoformat()}, with other minutes (one meeting per committee "
                "and date)") from exc
        raise click.ClickException(f"import refused: {len(exc.problems)} problem(s)") from exc
    if not created:  # the same minutes again: idempotent, nothing stored
        click.echo(f"already imported: meeting {meeting.id} has these minutes; nothing "
                   "stored", err=True)
        click.echo(meeting.id)
        return
    click.echo(f"imported meeting {meeting.id} "
               f"({len(meeting.items)} items, "
               f"{sum(len(i.decisions) for i in meeting.items)} decisions)", err=True)
    click.echo(meeting.id)


@minutes_cli.command("export")
@click.argument("meeting_id", type=int)
def export_minutes(meeting_id):
    """Print meeting ID as committee-minutes/1 JSON."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise click.ClickException(f"no meeting with id {meeting_id}")
    click.echo(json.dumps(export_meeting(meeting), ensure_ascii=False, indent=2))


def register_cli(app: Flask) -> None:
    """Add the users and minutes command groups to `flask`."""
    app.cli.add_command(users_cli)
    app.cli.add_command(minutes_cli)
    app.cli.add_command(bench_cli)
    app.cli.add_command(apa_cli)
    register_backup(app)
