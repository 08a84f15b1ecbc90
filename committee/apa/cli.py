"""The `flask apa` command group: install the default indicators of a fiscal year."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from .defaults import install_defaults
from .scoring import fiscal_year_label, parse_fiscal_year

apa_cli = AppGroup("apa", help="APA indicators.")


@apa_cli.command("defaults")
@click.argument("fy")
def defaults_command(fy: str):
    """Install the default APA indicators of fiscal year FY (e.g. 2024-25).

    Run once for each new fiscal year. Idempotent: indicators already there are kept and
    not added again; prints how many were added.
    """

    try:
        label = fiscal_year_label(parse_fiscal_year(fy))
    except ValueError as exc:
        raise click.BadParameter(f"{fy!r} is not a fiscal year like 2024-25 ({exc})",
                                 param_hint="FY") from exc
    added = install_defaults(label)
    if added:
        click.echo(f"added {added} default APA indicator(s) for fiscal year {label}")
    else:
        click.echo(f"added 0: the default APA indicators of {label} are installed already")
