"""Effectiveness weights (admin) and personal API tokens (evaluators, admins, managers)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.login import audit, roles_required
from app.evaluator import bp
from app.evaluator.common import VIEW_ROLES, lang
from app.extensions import db
from surveys.api_tokens import create_token, revoke_token, user_tokens
from surveys.effectiveness_inputs import current_components, save_weights
from surveys.errors import InvalidSubmission, NotFound


def _weights_from(form) -> dict:
    out = {}
    for c in current_components(db.session):
        try:
            out[c.code] = float((form.get(c.code) or "").replace(",", "."))
        except ValueError:
            out[c.code] = None
    return out


@bp.route("/weights", methods=["GET", "POST"])
@roles_required(*VIEW_ROLES)
def weights():
    errors, values = {}, None
    if request.method == "POST":
        if current_user.role != "admin":
            return render_template("error.html", status=403, message=_("Hanya admin.")), 403
        values = _weights_from(request.form)
        try:
            save_weights(db.session, values, current_user.id)
        except InvalidSubmission as exc:
            errors = exc.fields
        else:
            flash(_("Bobot disimpan."), "info")
            return redirect(url_for("evaluator.weights"))
    return render_template(
        "evaluator/weights.html", components=current_components(db.session), errors=errors,
        values=values, lang=lang(), editable=current_user.role == "admin",
    ), 422 if errors else 200  # fmt: skip


@bp.route("/tokens", methods=["GET", "POST"])
@roles_required(*VIEW_ROLES)
def tokens():
    new, errors = None, {}
    if request.method == "POST":
        try:
            new = create_token(db.session, current_user.user, request.form.get("label", ""))
        except InvalidSubmission as exc:
            errors = exc.fields
        else:
            audit("token.create", f"token {new.token.id}", new.token.label)
    return render_template(
        "evaluator/tokens.html", tokens=user_tokens(db.session, current_user.user), new=new,
        errors=errors,
    ), 422 if errors else 200  # fmt: skip


@bp.post("/tokens/<int:token_id>/revoke")
@roles_required(*VIEW_ROLES)
def token_revoke(token_id: int):
    try:
        token = revoke_token(db.session, current_user.user, token_id)
    except NotFound:
        return render_template("error.html", status=404, message=_("Token tidak ditemukan.")), 404
    audit("token.revoke", f"token {token.id}", token.label)
    flash(_("Token dicabut; aplikasi yang memakainya tidak bisa lagi membaca data."), "info")
    return redirect(url_for("evaluator.tokens"))
