from __future__ import annotations

from flask import render_template, request

from app.admin import bp
from app.auth.login import roles_required
from app.extensions import db
from surveys.audit import recent_events

PAGE_SIZE = 100


@bp.get("/audit")
@roles_required("admin")
def audit():
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    events = recent_events(db.session, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render_template("admin/audit.html", events=events, page=page, page_size=PAGE_SIZE)
