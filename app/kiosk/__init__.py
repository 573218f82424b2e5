"""The kiosk: the survey on a tablet beside the counter (a PWA that works offline)."""

from flask import Blueprint

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk")

from app.kiosk import views  # noqa: E402,F401  (routes register on import)
