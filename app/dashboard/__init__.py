"""The MPP dashboard: a manager's (or an officer's) view of one period's SKM results."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

from app.dashboard import chart_views, views  # noqa: E402,F401  (routes register on import)
