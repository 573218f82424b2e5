"""One MPP's national page: why it scores as it does, against the national median."""

from __future__ import annotations

from flask import render_template

from app.access import mpp_in_scope
from app.auth.login import current_scope, roles_required
from app.evaluator import bp
from app.evaluator.common import VIEW_ROLES, min_responses, year_arg
from app.extensions import db
from app.reach import MPP_PAGES, work_links
from surveys.effectiveness_inputs import current_components
from surveys.national_detail import mpp_detail


@bp.get("/mpp/<code>")
@roles_required(*VIEW_ROLES)
def mpp(code: str):
    target = mpp_in_scope(code)
    detail = mpp_detail(db.session, target, year_arg(), min_responses())
    return render_template(
        "evaluator/mpp.html", detail=detail, components=current_components(db.session),
        show_peer_names=current_scope().national,
        links=work_links(target.id, target.code, only=MPP_PAGES),
    )  # fmt: skip
