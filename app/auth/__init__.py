"""Sign-in, sign-out and password change for managers, officers, evaluators and admins."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from app.auth import session_views, totp_views, views  # noqa: E402,F401  (routes register on import)
