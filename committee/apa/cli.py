"""The `flask apa` command group: install the default indicators of a fiscal year."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from .defaults import FIRST_YEAR, install_defaults, install_missing_years
from .scoring import fiscal_year_label, parse_fiscal_year

apa_cli = AppGroup("apa", help="APA indicators.")


@apa_cli.command("defaults")
@click.argument("fy")
def defaults_command(fy: str):
    """Install the default APA indicators of fiscal year FY (e.g. 2024-25), or with FY
    `all` those of every year from 2019-20 to the current one that has no indicator yet.

    Idempotent: indicators already there are kept and not added again; prints how many
    were added.
    """
    if fy.strip().lower() == "all":
        added = install_missing_years()
        for year, n in added.items():
            click.echo(f"added {n} default APA indicator(s) for fiscal year {year}")
        if not added:
            click.echo("added 0: every fiscal year from "
                       f"{fiscal_year_label(FIRST_YEAR)} has indicators already")
        return
    try:
        added = install_defaults(fy)
    except ValueError as exc:
        raise click.BadParameter(f"{fy!r} is not a fiscal year like 2024-25 from "
                                 f"{fiscal_year_label(FIRST_YEAR)} on ({exc})",
                                 param_hint="FY") from exc
    label = fiscal_year_label(parse_fiscal_year(fy))
    if added:
        click.echo(f"added {added} default APA indicator(s) for fiscal year {label}")
    else:
        click.echo(f"added 0: the default APA indicators of {label} are installed already")
