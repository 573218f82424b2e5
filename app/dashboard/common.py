"""What the dashboard's pages and charts share: who may see them and how filters are read."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _

from app.access import mpp_in_scope, visible_tenant_ids
from app.auth.login import current_scope
from app.extensions import db
from surveys.catalogue import counter_by_code
from surveys.dashboard import DashboardFilters, parse_filters
from surveys.errors import InvalidSubmission
from surveys.models import Counter, Mpp

ROLES = ("manager", "officer", "admin", "evaluator")
FILTER_KEYS = ("period", "from", "to", "tenant", "counter", "service", "channel")


def scoped_counter(mpp: Mpp, counter_code: str) -> Counter:
    """A counter of this MPP that the user may see (404 otherwise, as for any other id)."""
    counter = counter_by_code(db.session, mpp, counter_code)
    if counter is None or not current_scope().allows_tenant(mpp.id, counter.tenant_id):
        abort(404)
    return counter


def filter_args(counter_code: str | None = None) -> dict[str, str]:
    args = {key: request.args.get(key, "") for key in FILTER_KEYS}
    if counter_code is not None:
        args["counter"] = counter_code
    return args


def read_filters(mpp_code: str, counter_code: str | None = None):
    """(mpp, args, filters): raises InvalidSubmission for a bad period or filter value."""
    mpp = mpp_in_scope(mpp_code)
    if counter_code is not None:
        scoped_counter(mpp, counter_code)
    args = filter_args(counter_code)
    filters: DashboardFilters = parse_filters(
        db.session, mpp, args, mpp.today(), visible_tenant_ids(mpp)
    )
    return mpp, args, filters


def query_string(args: dict[str, str], **changes) -> dict[str, str]:
    """The non-empty filter values, for links that keep the current view."""
    merged = {**args, **changes}
    if merged.get("period") != "range":
        merged.pop("from", None), merged.pop("to", None)
    return {k: v for k, v in merged.items() if v}


FIELD_MESSAGES = {
    "period": lambda: _("Periode tidak dikenal. Pilih dari daftar, atau tulis 2026-10, 2026-Q3, "
                        "2026-S2, 2026, atau rentang tanggal dengan tanggal akhir setelah awal."),
    "tenant": lambda: _("Instansi ini tidak ada di MPP ini atau di luar akses Anda."),
    "counter": lambda: _("Loket ini tidak ada di MPP ini atau bukan milik instansi yang dipilih."),
    "service": lambda: _("Layanan ini tidak ada di MPP ini atau bukan milik instansi "
                         "yang dipilih."),
    "channel": lambda: _("Kanal harus kios atau QR."),
}  # fmt: skip


def filter_errors(exc: InvalidSubmission) -> dict[str, str]:
    return {
        name: FIELD_MESSAGES[name]() if name in FIELD_MESSAGES else message
        for name, message in exc.fields.items()
    }


def filter_message(exc: InvalidSubmission) -> str:
    return " ".join(filter_errors(exc).values())
