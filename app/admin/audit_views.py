from __future__ import annotations

from flask import render_template, request

from app.admin import bp
from app.auth.login import roles_required
from app.extensions import db
from surveys.audit import recent_events
from surveys.numerals import whole_number

PAGE_SIZE = 100


@bp.get("/audit")
@roles_required("admin")
def audit():
    page = whole_number(request.args.get("page", "1"), max_digits=4) or 1
    events = recent_events(db.session, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render_template("admin/audit.html", events=events, page=page, page_size=PAGE_SIZE)
