"""The "your sessions" page: where this account is signed in, and one click to end any of them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth import bp
from app.auth.login import audit, session_policy
from app.extensions import db
from surveys.errors import NotFound
from surveys.sessions import open_sessions, revoke_session


@bp.get("/sessions")
@login_required
def sessions():
    rows = open_sessions(db.session, current_user.user, session_policy())
    return render_template("auth/sessions.html", sessions=rows, current_id=current_user.session_id)


@bp.post("/sessions/<int:session_id>/revoke")
@login_required
def session_revoke(session_id: int):
    try:
        row = revoke_session(db.session, current_user.user, session_id)
    except NotFound:
        return render_template("error.html", status=404, message=_("Sesi tidak ditemukan.")), 404
    audit("session.revoke", f"session {row.id}")
    flash(_("Sesi diakhiri; perangkat itu harus masuk lagi."), "info")
    if row.id == current_user.session_id:
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.sessions"))
