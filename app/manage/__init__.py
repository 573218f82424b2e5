"""Managing one MPP: tenants, counters, services, kiosks, QR sheets, figures, flags, alerts.

Managers manage their own MPPs, admins any MPP; officers and evaluators get a 403.
"""

from flask import Blueprint

bp = Blueprint("manage", __name__, url_prefix="/manage")

from app.manage import (  # noqa: E402,F401  (routes register on import)
    alert_views,
    catalogue_views,
    device_views,
    figure_views,
    flag_views,
    home_views,
)
