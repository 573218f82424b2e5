"""The JSON API (/api/v1): kiosk pairing and submissions (device tokens), national figures."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from app.api import (  # noqa: E402,F401  (routes register on import)
    docs_views,
    kiosk_views,
    national_views,
    pairing_views,
)
