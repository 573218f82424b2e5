"""What the evaluator views share: the year and filters from the URL, the user's MPPs."""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask import current_app, request

from app.auth.login import current_scope
from app.extensions import db
from app.i18n import current_locale
from surveys.models import local_today
from surveys.national import NationalFilters, NationalTable, national_table, parse_year
from surveys.national_order import NationalOrder
from surveys.periods import parse_period

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


def order_from_request() -> NationalOrder:
    """The URL's sort (?sort=ikm&dir=desc), the one the page's own sort buttons keep there."""
    return NationalOrder.parse(request.args.get("sort"), request.args.get("dir"))


def ordered(table: NationalTable, order: NationalOrder) -> NationalTable:
    return dataclasses.replace(table, rows=order.apply(table.rows))


def year_choices(year: int, today: dt.date | None = None) -> list:
    """The year picker's years, newest first, as periods (a running year is labelled partial)."""
    today = today or local_today()
    years = set(range(today.year - 5, today.year + 1)) | {year}
    return [parse_period(str(y)) for y in sorted(years, reverse=True)]


def year_running(year: int, today: dt.date | None = None) -> bool:
    """Whether the year has not ended yet (its figures are partial)."""
    return parse_period(str(year)).partial_span(today or local_today()) is not None


def lang() -> str:
    return "en" if current_locale() == "en" else "id"


def filter_args(table: NationalTable, order: NationalOrder | None = None) -> dict:
    """The URL arguments that reproduce this table, in this order (for downloads and links)."""
    f = table.filters
    args = {"year": table.year, "province": f.province, "grade": f.grade,
            "readiness": f.readiness_label, **(order.args() if order else {})}  # fmt: skip
    return {k: v for k, v in args.items() if v}
