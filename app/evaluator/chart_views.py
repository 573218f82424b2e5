"""Chart endpoints (SVG) of the national pages; each reads the same builders as its page."""

from __future__ import annotations

from flask import Response, abort, request

from app.access import mpp_in_scope
from app.auth.login import current_scope, roles_required
from app.dashboard.svg import chart_caching
from app.evaluator import bp, charts
from app.evaluator.common import VIEW_ROLES, lang, min_responses, year_arg
from app.extensions import db
from surveys.national import all_rows, median_contributions
from surveys.national_detail import mpp_detail


def _svg(data: bytes) -> Response:
    response = chart_caching(Response(data, mimetype="image/svg+xml"))
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/charts/distribution.svg")
@roles_required(*VIEW_ROLES)
def distribution_chart():
    rows = all_rows(db.session, year_arg(), min_responses())
    values = tuple(r.ikm for r in rows if r.ikm is not None)
    if not values:
        abort(404)
    highlight = None
    if not current_scope().national:
        own = [r.ikm for r in rows if current_scope().allows_mpp(r.mpp_id) and r.ikm is not None]
        highlight = own[0] if own else None
    return _svg(charts.distribution_svg(values, highlight, lang()))


@bp.get("/mpp/<code>/effectiveness.svg")
@roles_required(*VIEW_ROLES)
def effectiveness_chart(code: str):
    target = mpp_in_scope(code)
    rows = all_rows(db.session, year_arg(), min_responses())
    row = next(r for r in rows if r.mpp_id == target.id)
    if row.effectiveness is None:
        abort(404)
    middle = median_contributions(rows)
    median = tuple((c, middle[c]) for c in row.contributions if c in middle)
    return _svg(charts.effectiveness_svg(tuple(row.contributions.items()), median, lang()))


@bp.get("/mpp/<code>/readiness-<int:year>.svg")
@roles_required(*VIEW_ROLES)
def readiness_chart(code: str, year: int):
    detail = mpp_detail(db.session, mpp_in_scope(code), year, min_responses())
    if detail.readiness.result is None:
        abort(404)
    return _svg(charts.readiness_svg(tuple(detail.readiness.result.scores.items()), lang()))


@bp.get("/mpp/<code>/history.svg")
@roles_required(*VIEW_ROLES)
def history_chart(code: str):
    detail = mpp_detail(db.session, mpp_in_scope(code), year_arg(), min_responses())
    points = [p for p in detail.monthly if p.ikm is not None]
    if not points:
        abort(404)
    return _svg(charts.history_svg(
        tuple(p.label for p in points), tuple(p.ikm for p in points),
        tuple(p.low for p in points), tuple(p.high for p in points), lang(),
    ))  # fmt: skip
