"""Cards fed by other modules: open complaints and open alerts."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import gettext as _

from app.auth.login import current_scope
from app.extensions import db
from surveys.alerts import open_alert_count
from surveys.complaints import open_complaint_count
from surveys.dashboard import DashboardFilters
from surveys.models import Mpp


@dataclass(frozen=True)
class ExtraCard:
    label: str
    value: int
    help: str
    url: str | None = None
    link_text: str = ""


def extra_cards(mpp: Mpp, filters: DashboardFilters) -> list[ExtraCard]:
    """Open complaints for those who answer them (managers, officers: their tenant only) and
    open alerts for those who manage the MPP. Counts are for now, not for the period."""
    scope, views, cards = current_scope(), current_app.view_functions, []
    if scope.role in ("manager", "officer"):
        tenants = None if filters.tenant_ids is None else list(filters.tenant_ids)
        counters = None if filters.counter_ids is None else list(filters.counter_ids)
        url = url_for("inbox.index", mpp=mpp.code) if "inbox.index" in views else None
        help_text = (
            _("Komentar dan pengaduan berstatus baru atau diproses (saat ini, bukan per "
              "periode), untuk loket ini.") if counters else
            _("Komentar dan pengaduan berstatus baru atau diproses (saat ini, bukan per "
              "periode), untuk instansi yang dipilih.")
        )  # fmt: skip
        cards.append(ExtraCard(
            _("Pengaduan terbuka"), open_complaint_count(db.session, mpp.id, tenants, counters),
            help_text, url, _("Buka kotak masuk"),
        ))  # fmt: skip
    if scope.manages:
        url = (
            url_for("manage.alert_list", mpp_code=mpp.code)
            if "manage.alert_list" in views
            else None
        )
        cards.append(ExtraCard(
            _("Peringatan terbuka"), open_alert_count(db.session, mpp.id),
            _("Peringatan yang belum ditanggapi: rentetan jawaban buruk di satu loket atau IKM "
              "turun tajam dari bulan sebelumnya."),
            url, _("Lihat peringatan"),
        ))  # fmt: skip
    return cards
