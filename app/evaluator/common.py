"""What the evaluator views share: the year and filters from the URL, the user's MPPs."""

from __future__ import annotations

import datetime as dt

from flask import current_app, request

from app.auth.login import current_scope
from app.extensions import db
from app.i18n import current_locale
from surveys.models import local_today
from surveys.national import NationalFilters, NationalTable, national_table, parse_year

VIEW_ROLES = ("evaluator", "admin", "manager")
REVIEW_ROLES = ("evaluator", "admin")


def year_arg(today: dt.date | None = None) -> int:
    return parse_year(request.args.get("year"), today or local_today())


def table_from_request() -> NationalTable:
    """The national table for the URL's year and filters, limited to the user's scope."""
    filters = NationalFilters.parse(
        request.args.get("province"), request.args.get("grade"), request.args.get("readiness")
    )
    scope = current_scope()
    return national_table(
        db.session, year_arg(), filters, mpp_ids=scope.mpp_ids, min_responses=min_responses()
    )


def min_responses() -> int:
    """Answers an MPP needs in the year to be scored (the dashboard's rule for a grade too)."""
    return current_app.config["MIN_RESPONSES"]


def lang() -> str:
    return "en" if current_locale() == "en" else "id"


def filter_args(table: NationalTable) -> dict:
    """The URL arguments that reproduce this table (for downloads and links)."""
    f = table.filters
    args = {"year": table.year, "province": f.province, "grade": f.grade,
            "readiness": f.readiness_label}  # fmt: skip
    return {k: v for k, v in args.items() if v}
