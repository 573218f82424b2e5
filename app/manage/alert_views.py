"""Alerts: the list (open first), acknowledging with a comment, and the editable rule."""

from __future__ import annotations

import math

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.login import roles_required
from app.extensions import db
from app.manage import bp
from app.manage.common import done, found, managed_mpp, refused
from surveys import alerts
from surveys.errors import InvalidSubmission, NotFound


@bp.get("/<mpp_code>/alerts")
@roles_required("manager", "admin")
def alert_list(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    alerts.refresh_period_alerts(db.session, mpp)
    return render_template("manage/alerts.html", mpp=mpp,
                           alerts=alerts.alerts_for(db.session, mpp.id),
                           rule=alerts.rule_for(db.session, mpp.id))  # fmt: skip


def _alert(mpp, alert_id):
    alert = alerts.alert_in_mpp(db.session, mpp.id, alert_id)
    if alert is None:
        raise NotFound("No such alert.")
    return alert


@bp.post("/<mpp_code>/alerts/<int:alert_id>/acknowledge")
@roles_required("manager", "admin")
def alert_acknowledge(mpp_code: str, alert_id: int):
    mpp = managed_mpp(mpp_code)
    alert = found(_alert, mpp, alert_id)
    try:
        alerts.acknowledge(db.session, alert, current_user.id, request.form.get("comment", ""))
    except InvalidSubmission as exc:
        return refused("manage.alert_list", mpp, exc)
    return done("manage.alert_list", mpp, _("Peringatan ditandai sudah ditangani."))


@bp.post("/<mpp_code>/alerts/rule")
@roles_required("manager", "admin")
def alert_rule(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    values = {name: _number(request.form.get(name), kind)
              for name, (_lo, _hi, kind) in alerts.RULE_LIMITS.items()}  # fmt: skip
    values["low_share"] = values["low_share"] and values["low_share"] / 100  # entered in percent
    values["window_enabled"] = request.form.get("window_enabled") == "1"
    values["drop_enabled"] = request.form.get("drop_enabled") == "1"
    try:
        alerts.update_rule(db.session, mpp.id, values, current_user.id)
    except InvalidSubmission as exc:
        return refused("manage.alert_list", mpp, exc)
    return done("manage.alert_list", mpp, _("Aturan peringatan disimpan."))


def _number(text: str | None, kind):
    try:
        value = float((text or "").replace(",", "."))
    except ValueError:
        return None
    if not math.isfinite(value) or (kind is int and value != int(value)):
        return None
    return kind(value)
