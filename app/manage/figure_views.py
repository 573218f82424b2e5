"""Monthly operational figures: one month's grid, a CSV upload, and the CSV template."""

from __future__ import annotations

import datetime as dt

from flask import Response, abort, render_template, request
from flask_babel import gettext as _

from app.auth.login import roles_required
from app.extensions import db
from app.i18n import current_locale
from app.manage import bp
from app.manage.common import done, explain, field_name, managed_mpp
from surveys import figures
from surveys.errors import InvalidSubmission
from surveys.figures import RowError
from surveys.numerals import whole_number
from surveys.operations import FIGURE_FIELDS
from surveys.periods import parse_period


def _month(mpp) -> dt.date:
    text = request.args.get("month")
    if not text:
        today = mpp.today()
        return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    try:
        return figures.parse_month(text)
    except InvalidSubmission:
        abort(400, _("Bulan tidak dikenal: pakai format 2026-10."))


def _page(mpp, month, status=200, errors=None, values=None, import_errors=None):
    stored = figures.figures_for_month(db.session, mpp, month)
    tenants = sorted((t for t in mpp.tenants if t.active or t.id in stored),
                     key=lambda t: t.name.lower())  # fmt: skip
    label = parse_period(f"{month:%Y-%m}").label(current_locale())
    errors = {key: explain(text) for key, text in (errors or {}).items()}
    import_errors = [RowError(e.row, field_name(e.column) if e.column else "", explain(e.message))
                     for e in import_errors or []]  # fmt: skip
    return render_template("manage/figures.html", mpp=mpp, month=month, tenants=tenants,
                           month_label=label,
                           stored=stored, fields=FIGURE_FIELDS, errors=errors or {},
                           values=values, import_errors=import_errors), status  # fmt: skip


@bp.get("/<mpp_code>/figures")
@roles_required("manager", "admin")
def figures_form(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    return _page(mpp, _month(mpp))


@bp.post("/<mpp_code>/figures")
@roles_required("manager", "admin")
def figures_save(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    month = _month(mpp)
    values: dict[int, dict[str, str]] = {}
    for key, text in request.form.items():
        tenant, _sep, field = key.partition("-")
        tenant_id = whole_number(tenant[1:]) if tenant.startswith("t") else None
        if tenant_id is not None and field in FIGURE_FIELDS:
            values.setdefault(tenant_id, {})[field] = text
    try:
        saved = figures.save_month(db.session, mpp, month, values, current_user_id())
    except InvalidSubmission as exc:
        return _page(mpp, month, 422, errors=exc.fields, values=values)
    return done("manage.figures_form", mpp, _("Angka %(n)d instansi disimpan.", n=saved),
                month=f"{month:%Y-%m}")  # fmt: skip


@bp.post("/<mpp_code>/figures/import")
@roles_required("manager", "admin")
def figures_import(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    month = _month(mpp)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _page(
            mpp, month, 400, import_errors=[figures.RowError(0, "file", _("pilih berkas CSV"))]
        )
    result = figures.import_csv(db.session, mpp, upload.read(figures.MAX_CSV_BYTES + 1),
                                current_user_id())  # fmt: skip
    if result.errors:
        return _page(mpp, month, 422, import_errors=result.errors)
    return done("manage.figures_form", mpp, _("%(n)d baris CSV disimpan.", n=result.saved),
                month=f"{month:%Y-%m}")  # fmt: skip


@bp.get("/<mpp_code>/figures/template.csv")
@roles_required("manager", "admin")
def figures_template(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    month = _month(mpp)
    name = f"angka-{mpp.code}-{month:%Y-%m}.csv"
    return Response(figures.csv_template(mpp, month), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


def current_user_id() -> int:
    from flask_login import current_user

    return current_user.id
