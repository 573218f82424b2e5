"""The national table (sortable, filterable), its downloads and province coverage."""

from __future__ import annotations

from flask import Response, abort, render_template

from app.auth.login import current_scope, roles_required
from app.evaluator import bp
from app.evaluator.common import (
    REVIEW_ROLES,
    VIEW_ROLES,
    filter_args,
    order_from_request,
    ordered,
    table_from_request,
    year_choices,
    year_running,
)
from app.evaluator.exports import FORMATS
from app.extensions import db
from app.reach import MPP_PAGES, work_links
from surveys.national import GRADES, READINESS_LABEL_NAMES
from surveys.national_detail import coverage
from surveys.national_order import READINESS_RANK


@bp.context_processor
def year_picker() -> dict:
    """Every evaluator page's year picker: recent years, a running one labelled partial."""
    return {"year_choices": year_choices}


@bp.get("/")
@roles_required(*VIEW_ROLES)
def national():
    order, table = order_from_request(), table_from_request()
    ranks = {row.code: i for i, row in enumerate(table.rows)}  # the tie-break of every sort
    links = {r.code: work_links(r.mpp_id, r.code, only=MPP_PAGES) for r in table.rows}
    return render_template(
        "evaluator/national.html", table=ordered(table, order), ranks=ranks, order=order,
        args=filter_args(table, order), grades=GRADES, labels=READINESS_LABEL_NAMES,
        national_scope=current_scope().national, years=year_choices(table.year),
        year_running=year_running(table.year), readiness_rank=READINESS_RANK, links=links,
    )  # fmt: skip


@bp.get("/export.<fmt>")
@roles_required(*VIEW_ROLES)
def export(fmt: str):
    if fmt not in FORMATS:
        abort(404)
    table = ordered(table_from_request(), order_from_request())
    write, mimetype = FORMATS[fmt]
    name = f"mutu-mpp-nasional-{table.year}.{fmt}"
    # A manager reads how many MPPs are their DEA peers, never which (as on the MPP's page).
    body = write(table, peer_names=current_scope().national)
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@bp.get("/coverage")
@roles_required(*REVIEW_ROLES)
def coverage_page():
    return render_template("evaluator/coverage.html", coverage=coverage(db.session))
