"""`flask --app wsgi rollups …` and `flask --app wsgi export …`: data upkeep and bulk exports."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from app.extensions import db
from surveys import rollups
from surveys.catalogue import mpp_by_code
from surveys.exports import ExportFilters, export_responses

rollups_cli = AppGroup("rollups", help="Pre-aggregated answer counts (response_rollup*).")
export_cli = AppGroup("export", help="Bulk exports of raw data.")


@rollups_cli.command("rebuild")
def rollups_rebuild() -> None:
    """Recompute the rollups from the raw responses (submissions wait meanwhile)."""
    started = time.perf_counter()
    rows = rollups.rebuild(db.session)
    click.echo(f"Rollups rebuilt: {rows} day rows in {time.perf_counter() - started:.1f} s.")


@rollups_cli.command("check")
@click.option("--limit", default=20, show_default=True, help="Differences shown per table.")
def rollups_check(limit: int) -> None:
    """Recompute from the raw rows and compare; exit status 1 on any difference."""
    differences = rollups.check(db.session, limit=limit)
    if not differences:
        click.echo("Rollups agree with the raw responses.")
        return
    for d in differences:
        where = "expected from raw rows" if d.side == "raw" else "stored in rollup"
        click.echo(f"{d.table}: {where}: {d.row}", err=True)
    click.echo(
        f"{len(differences)} differing rows shown; run `flask rollups rebuild` to repair.", err=True
    )
    sys.exit(1)


def _progress(done: int, total: int) -> None:
    share = f" ({100 * done / total:.0f}%)" if total else ""
    click.echo(f"\r{done:,} / {total:,} rows{share}", err=True, nl=done >= total)


@export_cli.command("responses")
@click.option("--mpp", "mpp_code", required=True, help="The MPP's code, e.g. kab-banyuwangi.")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--max-rows", type=click.IntRange(min=1), default=None,
              help="Rows per file; more rows go to numbered files FILE-part001.csv, …")  # fmt: skip
@click.option("--with-comments", is_flag=True, help="Include free-text comments (personal data).")
def export_responses_command(mpp_code, date_from, date_to, fmt, output, max_rows, with_comments):
    """Export an MPP's raw responses (excluded ones left out), with progress on stderr."""
    mpp = mpp_by_code(db.session, mpp_code)
    if mpp is None:
        raise click.ClickException(f"No MPP with code {mpp_code!r}.")
    filters = ExportFilters(mpp_ids=[mpp.id], date_from=_day(date_from), date_to=_day(date_to))
    export = export_responses(db.session, fmt, filters, include_comments=with_comments,
                              max_rows=max_rows, progress=_progress,
                              basename=output.stem)  # fmt: skip
    if not export.split:
        _write(output, export.chunks())
        click.echo(f"{export.total:,} rows written to {output}", err=True)
        return
    written = []
    for name, chunks in export.part_chunks():
        written.append(output.with_name(name))
        _write(written[-1], chunks)
    click.echo(f"{export.total:,} rows written to {len(written)} files: "
               f"{written[0]} … {written[-1]}", err=True)  # fmt: skip


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _write(path: Path, chunks) -> None:
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)


def init_app(app: Flask) -> None:
    app.cli.add_command(rollups_cli)
    app.cli.add_command(export_cli)
