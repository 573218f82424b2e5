"""The complaints and suggestions inbox: managers of an MPP and officers of a tenant."""

from flask import Blueprint

bp = Blueprint("inbox", __name__, url_prefix="/inbox")

from app.inbox import views  # noqa: E402,F401  (routes register on import)
