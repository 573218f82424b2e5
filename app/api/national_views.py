"""Read-only JSON API for evaluators and managers: `Authorization: Bearer <token>`.

A token reads with its owner's scope; a manager's token sees only their own MPPs beside the
national median, exactly as on screen.
"""

from __future__ import annotations

from flask import current_app, jsonify, request

from app.api import bp
from app.extensions import db
from surveys.accounts import scope_of
from surveys.api_tokens import user_for_token
from surveys.catalogue import mpp_by_code
from surveys.errors import DomainError, NotFound
from surveys.models import local_today
from surveys.national import NationalFilters, export_records, national_table, parse_year
from surveys.national_detail import ikm_history
from surveys.periods import default_year, parse_period
from surveys.stats_queries import element_counts


class TokenUnauthorized(DomainError):
    status = 401


def _scope():
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or not secret.strip():
        raise TokenUnauthorized("An API token is required.",
                                {"authorization": "expected 'Bearer <token>'"})  # fmt: skip
    user = user_for_token(db.session, secret.strip())
    if user is None:
        raise TokenUnauthorized("Unknown or revoked API token.", {"authorization": "invalid"})
    return scope_of(user)


def _mpp(code: str, scope):
    mpp = mpp_by_code(db.session, code)
    if mpp is None or not scope.allows_mpp(mpp.id):
        raise NotFound("No such MPP.", {"code": "not found"})
    return mpp


@bp.get("/national")
def api_national():
    scope = _scope()
    year = parse_year(request.args.get("year"), local_today())
    filters = NationalFilters.parse(request.args.get("province"), request.args.get("grade"),
                                    request.args.get("readiness"))  # fmt: skip
    table = national_table(
        db.session,
        year,
        filters,
        mpp_ids=scope.mpp_ids,
        min_responses=current_app.config["MIN_RESPONSES"],
    )
    return jsonify({"year": year, "total_mpps": table.total_mpps, "medians": table.medians,
                    "rows": export_records(table, peer_names=scope.national)})  # fmt: skip


@bp.get("/mpps/<code>")
def api_mpp(code: str):
    scope = _scope()
    mpp = _mpp(code, scope)
    year = parse_year(request.args.get("year"), local_today())
    table = national_table(
        db.session, year, mpp_ids={mpp.id}, min_responses=current_app.config["MIN_RESPONSES"]
    )
    _, yearly = ikm_history(db.session, mpp.id, year)
    row = export_records(table)[0]
    src = table.rows[0]
    return jsonify({**row, "year": year, "contributions": src.contributions,
                    "components": src.raw_components, "dea_peers": src.dea_peers if scope.national
                    else len(src.dea_peers), "national_medians": table.medians,
                    "ikm_by_year": [p.__dict__ for p in yearly]})  # fmt: skip


@bp.get("/mpps/<code>/ikm")
def api_mpp_ikm(code: str):
    from analysis.skm import ikm_from_counts
    from surveys.national import ikm_interval

    scope = _scope()
    mpp = _mpp(code, scope)
    period = parse_period(request.args.get("period") or str(default_year(local_today())))
    grouped = element_counts(db.session, mpp_ids=[mpp.id], date_from=period.start,
                             date_to=period.end, group_by=())  # fmt: skip
    counts, n = grouped.counts[0], int(grouped.respondents[0])
    body = {"mpp_code": mpp.code, "period": period.code, "responses": n, "ikm": None,
            "mutu": None, "ikm_low": None, "ikm_high": None}  # fmt: skip
    if counts.sum(axis=-1).min() > 0:
        result = ikm_from_counts(counts)
        low, high = ikm_interval(counts)
        body.update(ikm=float(result.ikm), mutu=str(result.mutu), ikm_low=low, ikm_high=high)
    return jsonify(body)
