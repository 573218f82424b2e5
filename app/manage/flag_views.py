"""Flagged answers (implausible kiosk use): the manager excludes or includes each one."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _

from app.auth.login import roles_required
from app.extensions import db
from app.manage import bp
from app.manage.common import done, found, managed_mpp
from surveys import mall
from surveys.errors import InvalidSubmission
from surveys.periods import parse_period
from surveys.rollups import set_excluded


@bp.get("/<mpp_code>/flagged")
@roles_required("manager", "admin")
def flagged(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    period = None
    if request.args.get("period"):
        try:
            period = parse_period(request.args["period"])
        except InvalidSubmission:
            abort(400, _("Periode tidak dikenal: pakai 2026-10, 2026-Q3, 2026-S2 atau 2026."))
    summary = mall.flagged_summary(db.session, mpp, period and period.start, period and period.end)
    return render_template("manage/flagged.html", mpp=mpp, summary=summary, period=period)


@bp.post("/<mpp_code>/flagged/<int:response_id>")
@roles_required("manager", "admin")
def flagged_set(mpp_code: str, response_id: int):
    mpp = managed_mpp(mpp_code)
    response = found(mall.flagged_response_at, db.session, mpp, response_id)
    exclude = request.form.get("excluded") == "1"
    set_excluded(db.session, response, exclude)
    message = _("Jawaban dikecualikan dari indeks.") if exclude else _("Jawaban dihitung lagi.")
    return done("manage.flagged", mpp, message, period=request.form.get("period") or None)
