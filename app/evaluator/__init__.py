"""Ministry evaluators: the national table, one MPP's "why", readiness, downloads, API tokens."""

from flask import Blueprint

bp = Blueprint("evaluator", __name__, url_prefix="/national")

from app.evaluator import (  # noqa: E402,F401  (routes register on import)
    chart_views,
    mpp_views,
    readiness_views,
    settings_views,
    table_views,
)
