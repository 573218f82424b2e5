"""`flask --app wsgi national export --year YEAR --format csv|xlsx|json -o FILE`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.evaluator.exports import FORMATS
from app.extensions import db
from surveys.errors import InvalidSubmission
from surveys.models import local_today
from surveys.national import NationalFilters, national_table, parse_year

national_cli = AppGroup("national", help="The national table of every MPP.")


@national_cli.command("export")
@click.option("--year", default=None, help="Year (default: this year).")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="csv",
              show_default=True)  # fmt: skip
@click.option("--province", default=None, help="Two-digit province code.")
@click.option("--grade", default=None, type=click.Choice(["A", "B", "C", "D"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export(year, fmt, province, grade, output):
    """Write the national table (dot decimals) as CSV, XLSX or JSON."""
    try:
        filters = NationalFilters.parse(province, grade)
        table = national_table(
            db.session,
            parse_year(year, local_today()),
            filters,
            min_responses=current_app.config["MIN_RESPONSES"],
        )
    except InvalidSubmission as exc:
        raise click.BadParameter("; ".join(f"{k}: {v}" for k, v in exc.fields.items())) from exc
    data = FORMATS[fmt][0](table)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(data)
    click.echo(f"{len(table.rows)} MPPs, {table.year}, written to {output}")
