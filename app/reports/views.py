"""/reports/<mpp_code>: the SKM report on screen, its downloads and the publication form.

Managers of the MPP and admins see every unit and publish periods; officers see their tenant
only; evaluators read every MPP. Every lookup goes through app.access, so an id changed in the
URL answers 404.
"""

from __future__ import annotations

import functools
import io

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from analysis.charts import element_nrr_bars
from app.access import default_mpp, mpp_in_scope, tenant_in_scope, visible_tenant_ids
from app.auth.login import current_scope, roles_required
from app.dashboard.svg import chart_caching
from app.extensions import db
from app.i18n import current_locale
from app.public.qr_views import public_url
from app.reach import mpp_picker
from app.report_files.cache import cached, fingerprint
from app.report_files.labels import kinerja
from app.report_files.pdf import write_pdf
from app.report_files.poster import write_poster
from app.report_files.xlsx import write_xlsx
from app.reports import bp
from app.reports.forms import PublicationForm
from surveys.errors import InvalidSubmission
from surveys.models import Mpp, Tenant
from surveys.numerals import whole_number
from surveys.periods import Period, last_complete_month, parse_period
from surveys.publication import publish, published_periods, published_record, unpublish
from surveys.reports import SkmReport, build_report, recent_periods, respondent_rows

READERS = ("admin", "evaluator", "manager", "officer")
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "png": "image/png",
}


@bp.app_template_filter("kinerja")
def kinerja_filter(label: str) -> str:
    """The official performance label ("Sangat baik") in the reader's language."""
    return kinerja(label, current_locale())


def _period(mpp: Mpp) -> Period:
    code = request.args.get("period")
    if not code:
        return last_complete_month(mpp.today())
    try:
        return parse_period(code)
    except InvalidSubmission:
        abort(
            400, _("Periode tidak dikenal. Gunakan misalnya 2026-10, 2026-Q3, 2026-S2 atau 2026.")
        )


def _unit(mpp: Mpp) -> Tenant | None:
    """The unit asked for: None for the whole MPP, else a tenant in the user's scope."""
    visible = visible_tenant_ids(mpp)
    unit = request.args.get("unit") or ("mpp" if visible is None else "")
    if unit == "mpp":
        if visible is not None:
            abort(404)
        return None
    if not unit:
        return tenant_in_scope(mpp, visible[0]) if visible else abort(404)
    if (unit_id := whole_number(unit)) is None:
        abort(400, _("Unit tidak dikenal: pilih MPP atau salah satu instansinya."))
    return tenant_in_scope(mpp, unit_id)


def _selection(mpp_code: str) -> tuple[Mpp, Period, Tenant | None]:
    mpp = mpp_in_scope(mpp_code)
    return mpp, _period(mpp), _unit(mpp)


def _reads_comments(mpp: Mpp, tenant: Tenant | None) -> bool:
    return current_scope().reads_comments(mpp.id, tenant.id if tenant else -1)


def _units(mpp: Mpp) -> list[tuple[str, str]]:
    visible = visible_tenant_ids(mpp)
    tenants = [t for t in mpp.tenants if visible is None or t.id in visible]
    units = [("mpp", _("Seluruh MPP"))] if visible is None else []
    return units + [(str(t.id), t.name) for t in sorted(tenants, key=lambda t: t.name.lower())]


@bp.get("/")
@roles_required(*READERS)
def home():
    """The report of the MPP the picker asks for (`?mpp=`, same period), else of the first MPP
    in the user's scope (the navigation's entry)."""
    code = request.args.get("mpp", "").strip()
    mpp = mpp_in_scope(code) if code else default_mpp() or abort(404)
    period = request.args.get("period", "").strip() or None
    return redirect(url_for("reports.index", mpp_code=mpp.code, period=period))


@bp.get("/<mpp_code>")
@roles_required(*READERS)
def index(mpp_code: str):
    mpp, period, tenant = _selection(mpp_code)
    report = build_report(db.session, mpp, period, tenant)
    periods = recent_periods(mpp.today())
    if period not in periods:
        periods.insert(0, period)
    manages = current_scope().manages
    return render_template(
        "reports/index.html", mpp=mpp, report=report, period=period, tenant=tenant,
        periods=periods, units=_units(mpp), unit="mpp" if tenant is None else str(tenant.id),
        lang=current_locale(), manages=manages, form=PublicationForm(period=period.code),
        record=published_record(db.session, mpp.id, period.code),
        published=published_periods(db.session, mpp.id),
        picker=mpp_picker(mpp, "reports.home", {"period": period.code}),
        other=(_("Dasbor periode ini"), url_for("dashboard.mpp_view", mpp_code=mpp.code,
                                                period=period.code)),
    )  # fmt: skip


def _download(report: SkmReport, data: bytes, kind: str, ext: str) -> Response:
    unit = f"-{report.tenant_id}" if report.tenant_id else ""
    name = f"{kind}-{report.mpp_code}{unit}-{report.period.code}.{ext}"
    response = send_file(io.BytesIO(data), mimetype=MIMETYPES[ext], as_attachment=True,
                         download_name=name)  # fmt: skip
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<mpp_code>/skm.xlsx")
@roles_required(*READERS)
def xlsx(mpp_code: str):
    mpp, period, tenant = _selection(mpp_code)
    comments = _reads_comments(mpp, tenant)
    report = build_report(db.session, mpp, period, tenant)
    rows = respondent_rows(db.session, mpp, period, tenant, with_comments=comments)
    data = write_xlsx(report, rows, current_locale(), comments=comments)
    return _download(report, data, "skm", "xlsx")


@bp.get("/<mpp_code>/skm.pdf")
@roles_required(*READERS)
def pdf(mpp_code: str):
    mpp, period, tenant = _selection(mpp_code)
    report = build_report(db.session, mpp, period, tenant)
    lang = current_locale()
    data = cached(fingerprint(report, "pdf", lang), lambda: write_pdf(report, lang))
    return _download(report, data, "skm", "pdf")


@bp.get("/<mpp_code>/poster.<any(pdf, png):ext>")
@roles_required(*READERS)
def poster(mpp_code: str, ext: str):
    mpp, period, tenant = _selection(mpp_code)
    if published_record(db.session, mpp.id, period.code) is None:
        # Its QR opens the public page, which shows published periods only.
        abort(409, _("Poster hanya untuk periode yang sudah dipublikasikan: kode QR-nya membuka "
                     "halaman publik. Publikasikan periode ini dulu."))  # fmt: skip
    report = build_report(db.session, mpp, period, tenant, details=False)
    url = public_url("public.mpp_page", mpp_code=mpp.code)
    lang = current_locale()
    data = cached(fingerprint(report, "poster", ext, lang, url),
                  lambda: write_poster(report, url, ext, lang))  # fmt: skip
    return _download(report, data, "poster", ext)


@bp.get("/<mpp_code>/elements.svg")
@roles_required(*READERS)
def elements_chart(mpp_code: str):
    mpp, period, tenant = _selection(mpp_code)
    report = build_report(db.session, mpp, period, tenant, details=False)
    nrr = tuple(round(e.nrr, 6) for e in report.elements)
    svg = _elements_svg(nrr, current_locale()) if report.has_data else abort(404)
    response = chart_caching(Response(svg, mimetype="image/svg+xml"))
    response.add_etag()
    return response.make_conditional(request)


@functools.lru_cache(maxsize=128)
def _elements_svg(nrr: tuple[float, ...], lang: str) -> bytes:
    buffer = io.BytesIO()
    element_nrr_bars(list(nrr), lang=lang).savefig(buffer, format="svg")
    return buffer.getvalue()


@bp.post("/<mpp_code>/publication")
@roles_required("manager", "admin")
def publication(mpp_code: str):
    mpp = mpp_in_scope(mpp_code)
    form = PublicationForm()
    if not form.validate_on_submit():
        abort(400, _("Formulir publikasi tidak lengkap. Muat ulang halaman lalu coba lagi."))
    try:
        period = parse_period(form.period.data)
        if form.action.data == "publish":
            publish(db.session, mpp, period, current_user.id, mpp.today())
            flash(_("Periode %(period)s dipublikasikan di halaman publik.",
                    period=period.label(current_locale())), "info")  # fmt: skip
        else:
            unpublish(db.session, mpp, period)
            flash(_("Publikasi periode %(period)s ditarik.",
                    period=period.label(current_locale())), "info")  # fmt: skip
    except InvalidSubmission as exc:
        flash(_("Periode ini tidak dapat dipublikasikan: %(reason)s", reason=_reason(exc)), "error")
        period = None
    return redirect(url_for("reports.index", mpp_code=mpp.code,
                            period=period.code if period else None))  # fmt: skip


def _reason(exc: InvalidSubmission) -> str:
    if "range" in exc.message or "month, triwulan" in exc.message:
        return _("hanya bulan, triwulan, semester atau tahun yang dapat dipublikasikan.")
    if "not started" in exc.message:
        return _("periode ini belum dimulai.")
    return _("kode periode tidak dikenal.")
