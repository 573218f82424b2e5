"""The home page: what this is, and the MPPs it knows (with the pages of each that the signed-in
user may open)."""

from __future__ import annotations

from flask import render_template
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
