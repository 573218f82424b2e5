from __future__ import annotations

from flask import redirect, render_template, url_for
from sqlalchemy import select

from app.auth.login import current_scope, roles_required
from app.extensions import db
from app.manage import bp
from app.manage.common import managed_mpp
from surveys.mall import mall_overview
from surveys.models import Mpp


@bp.get("/")
@roles_required("manager", "admin")
def index():
    scope = current_scope()
    query = select(Mpp).order_by(Mpp.name)
    if scope.mpp_ids is not None:
        query = query.where(Mpp.id.in_(scope.mpp_ids or [-1]))
    mpps = db.session.scalars(query).all()
    if len(mpps) == 1:
        return redirect(url_for("manage.overview", mpp_code=mpps[0].code))
    return render_template("manage/index.html", mpps=mpps)


@bp.get("/<mpp_code>/")
@roles_required("manager", "admin")
def overview(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    return render_template("manage/overview.html", mpp=mpp,
                           overview=mall_overview(db.session, mpp))  # fmt: skip
