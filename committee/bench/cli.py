"""The `flask bench` command group: seed a national dataset, time the main pages on it."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..extensions import db
from .load import load
from .run import BenchError, run
from .seed import PASSWORD, SeedRefused, seed

bench_cli = AppGroup("bench", help="Seed a national synthetic dataset and time the app on it.")


@bench_cli.command("seed")
@click.option("--districts", default=64, show_default=True, type=click.IntRange(1, 64),
              help="How many districts (real ones, Magura first).")
@click.option("--years", default=5, show_default=True, type=click.IntRange(1, 20),
              help="Fiscal years of monthly meetings, 12 per year, ending this month.")
@click.option("--force", is_flag=True, help="Add to a database that already has meetings.")
def seed_command(districts: int, years: int, force: bool):
    """Fill the database with N districts × Y years of issued, followed-up minutes."""
    def progress(n: int, name: str, seconds: float) -> None:
        click.echo(f"  [{n}/{districts}] {name}  {seconds:.1f}s", err=True)

    try:
        report = seed(districts, years, force=force, progress=progress)
    except SeedRefused as exc:
        db.session.rollback()
        raise click.ClickException(
            f"{exc}: refusing to seed (nothing was changed); use an empty database, "
            "or --force to add the synthetic data to what is there") from exc
    total = sum(report.counts.values())
    click.echo(f"seeded {len(report.districts)} districts × {years} years in "
               f"{report.seconds:.1f}s ({total} rows)")
    for table, count in sorted(report.counts.items()):
        click.echo(f"  {table:20} {count:>10}")
    for username in report.users:
        click.echo(f"user {username} password {PASSWORD}")
    if not report.users:
        click.echo(f"bench users already existed (password {PASSWORD} if unchanged)")


@bench_cli.command("run")
@click.option("--requests", "runs", default=20, show_default=True, type=click.IntRange(1),
              help="Timed requests per page (after one warm-up request).")
@click.option("--url", default=None, help="Time a server already running at this URL.")
@click.option("--bind", default="127.0.0.1:0", show_default=True,
              help="Where to start gunicorn (port 0: a free one).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1))
def run_command(runs: int, url: str | None, bind: str, workers: int):
    """Start gunicorn on the database, time the main pages over HTTP, print a table."""
    try:
        table = run(runs=runs, url=url, bind=bind, workers=workers, echo=click.echo)
    except BenchError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(table)


@bench_cli.command("load")
@click.option("--users", default=50, show_default=True, type=click.IntRange(1, 500))
@click.option("--seconds", default=60, show_default=True, type=click.IntRange(1, 600))
@click.option("--office-share", default=0.3, show_default=True, type=click.FloatRange(0, 1),
              help="Share of the users who are office users recording follow-ups.")
@click.option("--fy", default=None, help="Fiscal year of the APA report (e.g. 2024-25).")
@click.option("--url", default=None, help="Load a server already running at this URL.")
@click.option("--bind", default="127.0.0.1:0", show_default=True)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1))
def load_command(users: int, seconds: int, office_share: float, fy: str | None,
                 url: str | None, bind: str, workers: int):
    """N concurrent users browse and record follow-ups for S seconds; exits 1 on any error."""
    try:
        text, errors = load(users, seconds, office_share, fy, url, bind, workers, click.echo)
    except BenchError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(text)
    if errors:
        raise SystemExit(1)
