"""`flask --app wsgi report skm ...`: the SKM report of a unit and period as a file.

    flask --app wsgi report skm --mpp kab-banyuwangi --period 2026-Q3 --format xlsx -o q3.xlsx
    flask --app wsgi report skm --mpp kab-banyuwangi --tenant dukcapil --period 2026 \\
        --format pdf -o y.pdf

Command-line files carry no comments (comments are private to the MPP's managers and officers).
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db
from app.report_files.pdf import write_pdf
from app.report_files.poster import write_poster
from app.report_files.xlsx import write_xlsx
from surveys.catalogue import mpp_by_code
from surveys.errors import InvalidSubmission
from surveys.models import Agency, Mpp, Tenant
from surveys.periods import Period, parse_period
from surveys.reports import build_report, respondent_rows

report_cli = AppGroup("report", help="Official reports (SKM worksheet, PDF report, poster).")
FORMATS = ("xlsx", "pdf", "poster-pdf", "poster-png")


def _period(_ctx, _param, value: str) -> Period:
    try:
        return parse_period(value)
    except InvalidSubmission as exc:
        raise click.BadParameter(
            f"{value!r} is not a period; use 2026-10, 2026-Q3, 2026-S2, 2026 "
            "or 2026-01-01..2026-01-31."
        ) from exc


def _tenant(mpp: Mpp, agency_code: str | None) -> Tenant | None:
    if agency_code is None:
        return None
    tenant = db.session.scalar(
        select(Tenant).join(Agency).where(Tenant.mpp_id == mpp.id, Agency.code == agency_code)
    )
    if tenant is None:
        raise click.BadParameter(f"no agency {agency_code!r} at {mpp.code}.", param_hint="--tenant")
    return tenant


@report_cli.command("skm")
@click.option("--mpp", "mpp_code", required=True, help="The MPP's code, e.g. kab-banyuwangi.")
@click.option("--tenant", "agency_code", default=None, help="An agency code for a tenant report.")
@click.option("--period", required=True, callback=_period, help="2026-10, 2026-Q3, 2026-S2, 2026.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="xlsx", show_default=True)
@click.option("--lang", type=click.Choice(("id", "en")), default="id", show_default=True)
@click.option("--public-url", default=None, help="Base address for the poster's QR code.")
@click.option("-o", "--output", type=click.File("wb"), required=True, help="File to write.")
def skm(mpp_code, agency_code, period, fmt, lang, public_url, output) -> None:
    """Write the SKM report of an MPP (or one tenant) for a period."""
    mpp = mpp_by_code(db.session, mpp_code)
    if mpp is None:
        raise click.BadParameter(f"no MPP with code {mpp_code!r}.", param_hint="--mpp")
    tenant = _tenant(mpp, agency_code)
    report = build_report(db.session, mpp, period, tenant)
    if fmt == "xlsx":
        data = write_xlsx(report, respondent_rows(db.session, mpp, period, tenant), lang)
    elif fmt == "pdf":
        data = write_pdf(report, lang)
    else:
        base = public_url or current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000"
        data = write_poster(report, f"{base.rstrip('/')}/mpp/{mpp.code}", fmt[7:], lang)
    output.write(data)
    click.echo(f"{report.unit_name}, {period.label(lang)}: {report.respondents} respondents, "
               f"IKM {report.ikm:.2f} {report.mutu}", err=True)  # fmt: skip
