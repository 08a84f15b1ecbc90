"""The `flask bench` command group: seed a national dataset, time the main pages on it."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..extensions import db
from .load import load
from .run import BenchError, run
from .seed import PASSWORD, SeedRefused, seed
from .storage import storage

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
@click.option("--first", default=20, show_default=True, type=click.IntRange(0),
              help="Issued minutes never downloaded to download once each (they freeze), "
                   "then again (frozen).")
@click.option("--only", default=None, help="Only the pages whose label contains this text.")
@click.option("--worker-class", default="sync", show_default=True,
              type=click.Choice(["sync", "gthread"]), help="gunicorn worker class.")
@click.option("--threads", default=1, show_default=True, type=click.IntRange(1),
              help="Threads per worker (gthread).")
@click.option("--preload", is_flag=True, help="Load the app before forking (docs/deploy.md).")
@click.option("--timeout", default=60, show_default=True, type=click.IntRange(1),
              help="gunicorn's worker timeout in seconds, as in docs/deploy.md (a slower "
                   "request fails).")
def run_command(runs: int, url: str | None, bind: str, workers: int, first: int,
                only: str | None, worker_class: str, threads: int, preload: bool,
                timeout: int):
    """Start gunicorn on the database, time the main pages over HTTP, print a table."""
    try:
        table = run(runs=runs, url=url, bind=bind, workers=workers, echo=click.echo,
                    first=first, only=only, worker_class=worker_class, threads=threads,
                    preload=preload, timeout=timeout)
    except BenchError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(table)
    if "| FAILED:" in table:
        raise SystemExit(1)


@bench_cli.command("load")
@click.option("--users", default=50, show_default=True, type=click.IntRange(1, 500))
@click.option("--seconds", default=60, show_default=True, type=click.IntRange(1, 600))
@click.option("--office-share", default=0.3, show_default=True, type=click.FloatRange(0, 1),
              help="Share of the users who are office users recording follow-ups.")
@click.option("--fy", default=None, help="Fiscal year of the APA report (e.g. 2024-25).")
@click.option("--url", default=None, help="Load a server already running at this URL.")
@click.option("--bind", default="127.0.0.1:0", show_default=True)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1))
@click.option("--editors", default=0, show_default=True, type=click.IntRange(0),
              help="Users (not office users) who each edit and save their own draft minutes.")
@click.option("--think", default=0.0, show_default=True, type=click.FloatRange(0),
              help="Mean pause in seconds between a user's actions (uniform 0–2×).")
@click.option("--worker-class", default="sync", show_default=True,
              type=click.Choice(["sync", "gthread"]), help="gunicorn worker class.")
@click.option("--threads", default=1, show_default=True, type=click.IntRange(1),
              help="Threads per worker (gthread).")
@click.option("--preload", is_flag=True, help="Load the app before forking (docs/deploy.md).")
@click.option("--every", default=60, show_default=True, type=click.IntRange(1),
              help="Seconds per row of the over-time table (requests, worker memory).")
def load_command(users: int, seconds: int, office_share: float, fy: str | None,
                 url: str | None, bind: str, workers: int, editors: int, think: float,
                 worker_class: str, threads: int, preload: bool, every: int):
    """N concurrent users browse, record follow-ups and edit drafts for S seconds; exits 1
    on any error. 35 browsing + 10 office + 5 editors: --users 50 --office-share 0.2
    --editors 5."""
    try:
        text, errors = load(users, seconds, office_share, fy, url, bind, workers, click.echo,
                            editors=editors, think=think, worker_class=worker_class,
                            threads=threads, preload=preload, every=every)
    except BenchError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(text)
    if errors:
        raise SystemExit(1)


@bench_cli.command("storage")
@click.option("--limit", default=None, type=click.IntRange(1),
              help="Measure only this many frozen minutes letters (the oldest ids).")
def storage_command(limit: int | None):
    """Bytes per frozen minutes letter (DOCX + content JSON), extrapolated to all issued."""
    click.echo(storage(limit))
