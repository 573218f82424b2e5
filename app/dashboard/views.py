"""The dashboard pages: the landing redirect, an MPP's view, a counter's view, the CSV table."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Response, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.access import default_mpp, mpp_in_scope, visible_tenant_ids
from app.auth.login import current_scope, roles_required
from app.dashboard import bp
from app.dashboard.cards import extra_cards
from app.dashboard.common import (
    ROLES,
    filter_args,
    filter_errors,
    filter_message,
    query_string,
    read_filters,
    scoped_counter,
)
from app.dashboard.counters_csv import counters_csv
from app.extensions import db
from app.i18n import current_locale
from app.reach import mpp_picker
from surveys.dashboard import build_dashboard, counter_table, filter_choices
from surveys.errors import InvalidSubmission
from surveys.instrument import ELEMENTS
from surveys.periods import parse_period

PICKER_KEEPS = ("period", "from", "to", "channel")  # tenants, counters, services are per MPP


@bp.get("/")
@roles_required(*ROLES)
def index():
    """The MPP asked for by the picker (`?mpp=`, with the period kept), else the first one."""
    code = request.args.get("mpp", "").strip()
    mpp = mpp_in_scope(code) if code else default_mpp()
    if mpp is None:
        return render_template("dashboard/no_mpp.html")
    keep = query_string({key: request.args.get(key, "") for key in PICKER_KEEPS})
    return redirect(url_for(".mpp_view", mpp_code=mpp.code, **keep))


@bp.get("/<mpp_code>/")
@roles_required(*ROLES)
def mpp_view(mpp_code: str):
    code = request.args.get("counter", "").strip()
    if code:  # the filter form picked a counter: its own view, once the value is checked
        try:
            read_filters(mpp_code)
        except InvalidSubmission as exc:
            return _page(mpp_code, None, exc)
        args = query_string(filter_args(), counter="")
        return redirect(url_for(".counter_view", mpp_code=mpp_code, counter_code=code, **args))
    return _page(mpp_code)


@bp.get("/<mpp_code>/counter/<counter_code>")
@roles_required(*ROLES)
def counter_view(mpp_code: str, counter_code: str):
    return _page(mpp_code, counter_code)


@bp.get("/<mpp_code>/counters.csv")
@roles_required(*ROLES)
def counters_download(mpp_code: str):
    try:
        mpp, _args, filters = read_filters(mpp_code)
    except InvalidSubmission as exc:
        return Response(filter_message(exc) + "\n", status=400, mimetype="text/plain")
    body = counters_csv(counter_table(db.session, filters), current_app.config["MIN_RESPONSES"])
    name = f"skm-loket-{mpp.code}-{filters.period.code}.csv".replace("..", "_")
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


def _page(mpp_code: str, counter_code: str | None = None, error: InvalidSubmission | None = None):
    mpp = mpp_in_scope(mpp_code)
    counter = scoped_counter(mpp, counter_code) if counter_code else None
    choices = filter_choices(db.session, mpp, visible_tenant_ids(mpp), mpp.today(),
                             current_locale())  # fmt: skip
    context = dict(mpp=mpp, counter=counter, choices=choices, links=_links(mpp),
                   args=filter_args(counter_code), report=None, errors={}, other=None,
                   mpp_args=query_string(filter_args(counter_code), counter=""))  # fmt: skip
    try:
        if error:
            raise error
        _mpp, args, filters = read_filters(mpp_code, counter_code)
    except InvalidSubmission as exc:
        context["errors"] = filter_errors(exc)
        context["picker"] = mpp_picker(mpp, "dashboard.index", {})
        return render_template("dashboard/index.html", **context), 400
    report = build_dashboard(db.session, mpp, filters, current_app.config["MIN_RESPONSES"])
    context.update(_report_context(mpp, args, report))
    context.update(_switch(mpp, args, report.filters.period.code))
    return render_template("dashboard/index.html", **context)


def _report_context(mpp, args: dict[str, str], report) -> dict:
    chart_args = query_string(args)
    latest = report.latest_data
    latest_args = query_string(args, period=f"{latest:%Y-%m}" if latest else "", counter="")
    return dict(
        report=report,
        chart_args=chart_args,
        mpp_args=query_string(args, counter=""),
        latest_url=request.path + "?" + urlencode(latest_args),
        latest_label=parse_period(f"{latest:%Y-%m}").label(current_locale()) if latest else "",
        element_names={code: element.name[current_locale()] for code, element in ELEMENTS.items()},
        extra_cards=extra_cards(mpp, report.filters),
    )


def _switch(mpp, args: dict[str, str], period_code: str) -> dict:
    """The MPP picker (same period) and the link to this MPP's SKM report for that period."""
    keep = query_string({key: args.get(key, "") for key in PICKER_KEEPS})
    report_url = url_for("reports.index", mpp_code=mpp.code, period=period_code)
    return dict(picker=mpp_picker(mpp, "dashboard.index", keep),
                other=(_("Laporan SKM periode ini"), report_url))  # fmt: skip


def _links(mpp) -> dict[str, str]:
    """Pages of other modules the dashboard points to, when they exist and the user may use them."""
    views = current_app.view_functions
    links = {}
    for endpoint in ("manage.qr_sheet", "public.qr_sheet"):  # the printable sheet has moved before
        if endpoint in views and (endpoint.startswith("public.") or current_scope().manages):
            links["qr"] = url_for(endpoint, mpp_code=mpp.code)
            break
    if current_scope().manages and "manage.figures_form" in views:
        links["figures"] = url_for("manage.figures_form", mpp_code=mpp.code)
    return links
