"""Pages anyone may open: the home page and the phone survey behind each counter's QR code."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from app.public import home_views, methodology_views, mpp_views, phone_views, qr_views  # noqa: E402,F401  (routes register on import)
