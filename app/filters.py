"""Template filters: numbers and times as people in Indonesia read them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
from flask import Flask
from flask_babel import get_locale
from flask_babel import gettext as _
from jinja2 import pass_context

from surveys.models import TIMEZONE_ABBREVIATIONS, Mpp, local_today
from surveys.numerals import by_counter_number
from surveys.periods import Period


def number(value, digits: int = 2) -> str:
    """88.3111 → "88,31" in Indonesian, "88.31" in English; blank for a missing value."""
    if value is None:
        return "–"
    try:
        if value != value:  # NaN
            return "–"
    except TypeError:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=str(get_locale() or "id"))


def local_time(stamp: dt.datetime | None, timezone: str, fmt: str = "%d-%m-%Y %H:%M") -> str:
    """A UTC timestamp in the MPP's own zone, with WIB/WITA/WIT."""
    if stamp is None:
        return "–"
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    local = stamp.astimezone(ZoneInfo(timezone))
    return f"{local.strftime(fmt)} {TIMEZONE_ABBREVIATIONS.get(timezone, timezone)}"


def period_label(period: Period, mpp: Mpp | None = None) -> str:
    """A period's name; one still running says so ("1–2 Desember 2026, belum lengkap").

    Without an MPP (the national views) "today" is the ministry's, in WIB.
    """
    lang = str(get_locale() or "id")
    span = period.partial_span(mpp.today() if mpp is not None else local_today(), lang)
    if span is None:
        return period.label(lang)
    if period.kind == "month":
        return _("%(span)s, belum lengkap", span=span)
    return _("%(period)s (%(span)s), belum lengkap", period=period.label(lang), span=span)


def qr_data_uri(text: str) -> str:
    """A QR code as an inline SVG data URI (allowed by the CSP's img-src)."""
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=5, border=2)


@pass_context
def _number_per_request(_context, value, digits: int = 2) -> str:
    """`number` for templates: never folded at compile time (`{{ 25|number }}` would otherwise
    keep the language of the first request that compiled the template)."""
    return number(value, digits)


def init_app(app: Flask) -> None:
    app.add_template_filter(qr_data_uri, "qr_data_uri")
    app.add_template_filter(_number_per_request, "number")
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(period_label, "period_label")
    app.add_template_filter(by_counter_number, "by_counter_number")
