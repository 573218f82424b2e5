"""The home page: what this is, and the MPPs it knows."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from app.extensions import db
from app.public import bp
from surveys.models import Mpp


@bp.get("/")
def home():
    mpps = db.session.scalars(select(Mpp).order_by(Mpp.name)).all()
    return render_template("public/home.html", mpps=mpps)
