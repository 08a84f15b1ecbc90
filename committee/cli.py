"""Command-line interface: users, tokens, minutes import/export."""
from __future__ import annotations

import json
import sys

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy.exc import IntegrityError

from .extensions import db
from .models.users import ROLES

users_cli = AppGroup("users", help="Manage users and API tokens.")
minutes_cli = AppGroup("minutes", help="Import and export meetings (committee-minutes/1).")


def _read_password() -> str:
    """The first line of standard input; a hidden prompt when it is a terminal."""
    stdin = sys.stdin
    if stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True,
                            default="", show_default=False)
    return stdin.readline().rstrip("\r\n")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--district", default=None, help="District name (Bangla), for non-admin roles.")
@click.option("--office", default=None, help="Office name in the district (role office).")
@click.option("--full-name", default="", help="The person's name.")
def create_user(username, role, district, office, full_name):
    """Create a user; the password is read from the first line of standard input."""
    from .users.service import UserError
    from .users.service import create_user as create

    password = _read_password()
    try:
        user = create(username, password, role, district=district, office=office,
                      full_name=full_name)
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
def create_token(username):
    """Print a new API token for USERNAME (alone on the last line)."""
    from .users.service import UserError, issue_token

    try:
        token = issue_token(username)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"new API token for {username} (shown once):", err=True)
    click.echo(token)


@users_cli.command("deactivate")
@click.argument("username")
@click.option("--reactivate", is_flag=True, help="Make an inactive user active again.")
def deactivate_user(username, reactivate):
    """Deactivate USERNAME: no more logins or API calls (the user is kept)."""
    from .users.service import UserError, set_active

    try:
        user = set_active(username, reactivate)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"user {user.username} is {'active' if user.active else 'inactive'}")


@minutes_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_minutes(path):
    """Import one meeting from FILE.json; prints the new meeting id on the last line."""
    from .interchange import ValidationError, import_document

    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"not valid JSON: {exc}") from exc
    try:
        meeting = import_document(doc)
    except ValidationError as exc:
        for problem in exc.problems:
            click.echo(f"{problem['path'] or '(document)'}: {problem['message']}", err=True)
        raise click.ClickException(f"import refused: {len(exc.problems)} problem(s)") from exc
    click.echo(f"imported meeting {meeting.id} "
               f"({len(meeting.items)} items, "
               f"{sum(len(i.decisions) for i in meeting.items)} decisions)", err=True)
    click.echo(meeting.id)


@minutes_cli.command("export")
@click.argument("meeting_id", type=int)
def export_minutes(meeting_id):
    """Print meeting ID as committee-minutes/1 JSON."""
    from .interchange import export_meeting
    from .models import Meeting

    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise click.ClickException(f"no meeting with id {meeting_id}")
    click.echo(json.dumps(export_meeting(meeting), ensure_ascii=False, indent=2))


def register_cli(app: Flask) -> None:
    """Add the users and minutes command groups to `flask`."""
    app.cli.add_command(users_cli)
    app.cli.add_command(minutes_cli)
    from .bench.cli import bench_cli

    app.cli.add_command(bench_cli)
    from .backup import register as register_backup

    register_backup(app)
