"""The JSON API (/api/v1): kiosk submissions authenticated by device tokens."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from app.api import docs_views, kiosk_views, national_views  # noqa: E402,F401  (routes register on import)
