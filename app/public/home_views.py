"""The home page: what this is, and the MPPs it knows (with the pages of each that the signed-in
user may open)."""

from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import select

from app.extensions import db
from app.public import bp
from app.reach import work_links
from surveys.models import Mpp


@bp.get("/")
def home():
    mpps = db.session.scalars(select(Mpp).order_by(Mpp.name)).all()
    links = {mpp.id: work_links(mpp.id, mpp.code) for mpp in mpps}
    return render_template("public/home.html", mpps=mpps, links=links,
                           any_links=any(links.values()))  # fmt: skip


@bp.get("/favicon.ico")
def favicon():
    """The app's icon for browsers that ask for /favicon.ico (pages declare the same SVG)."""
    response = current_app.send_static_file("kiosk/icon.svg")
    response.cache_control.public, response.cache_control.max_age = True, 86_400
    return response
