"""The national table (sortable, filterable), its downloads and province coverage."""

from __future__ import annotations

from flask import Response, abort, render_template

from app.auth.login import current_scope, roles_required
from app.evaluator import bp
from app.evaluator.common import REVIEW_ROLES, VIEW_ROLES, filter_args, table_from_request
from app.evaluator.exports import FORMATS
from app.extensions import db
from app.reach import MPP_PAGES, work_links
from surveys.national import GRADES, READINESS_LABEL_NAMES
from surveys.national_detail import coverage


@bp.get("/")
@roles_required(*VIEW_ROLES)
def national():
    table = table_from_request()
    links = {r.code: work_links(r.mpp_id, r.code, only=MPP_PAGES) for r in table.rows}
    return render_template(
        "evaluator/national.html", table=table, args=filter_args(table), grades=GRADES,
        labels=READINESS_LABEL_NAMES, national_scope=current_scope().national, links=links,
    )  # fmt: skip


@bp.get("/export.<fmt>")
@roles_required(*VIEW_ROLES)
def export(fmt: str):
    if fmt not in FORMATS:
        abort(404)
    table = table_from_request()
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
