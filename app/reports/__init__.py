"""The official SKM report per MPP or tenant and period: on screen, as XLSX, PDF and poster."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from app.reports import views  # noqa: E402,F401  (routes register on import)
