"""Administration: user accounts and roles (admins only)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from app.admin import audit_views, user_views  # noqa: E402,F401  (routes register on import)
