from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import default_mpp, mpp_in_scope, visible_tenant_ids
from app.auth.login import current_scope, roles_required
from app.extensions import db
from app.i18n import current_locale
from app.inbox import bp
from app.inbox.forms import STATUS_LABELS, ReplyForm
from app.security import safe_next
from surveys.complaints import STATUSES, commented_response, inbox_page, update_complaint
from surveys.dashboard import filter_choices
from surveys.errors import InvalidSubmission, NotFound
from surveys.numerals import whole_number
from surveys.periods import last_complete_month, parse_period


def _filters(tenants: list[int], today) -> tuple[dict, str | None]:
    """status, tenant and period (by default the last complete month) from the query string;
    a message for a bad one."""
    args, found = request.args, {}
    status = args.get("status", "")
    if status and status not in STATUSES:
        return {}, _("Status tidak dikenal.")
    found["status"] = status or None
    tenant = args.get("tenant", "")
    if tenant and whole_number(tenant) not in tenants:
        return {}, _("Instansi tidak dikenal di MPP ini.")
    found["tenant_id"] = whole_number(tenant)
    try:
        period = parse_period(args.get("period") or last_complete_month(today).code)
    except InvalidSubmission:
        return {}, _("Periode tidak dikenal: pakai 2026-10, 2026-Q3, 2026-S2 atau 2026.")
    found["date_from"], found["date_to"] = period.start, period.end
    page = whole_number(args.get("page", "1"), max_digits=5)
    if page is None or not 1 <= page <= 10_000:
        return {}, _("Halaman tidak dikenal.")
    found["page"] = page
    return found, None


@bp.get("/")
@roles_required("manager", "officer")
def index():
    mpp = mpp_in_scope(request.args["mpp"]) if request.args.get("mpp") else default_mpp()
    if mpp is None:
        return render_template("inbox/index.html", mpp=None, page=None, error=None)
    tenants = visible_tenant_ids(mpp)
    filters, error = _filters(tenants if tenants is not None else [t.id for t in mpp.tenants],
                              mpp.today())  # fmt: skip
    page = inbox_page(db.session, mpp.id, tenants, **filters)
    periods = filter_choices(db.session, mpp, tenants, mpp.today(), current_locale()).periods
    period = request.args.get("period") or last_complete_month(mpp.today()).code
    return render_template("inbox/index.html", mpp=mpp, page=page, error=error,
                           labels=STATUS_LABELS, mpps=_my_mpps(), form=ReplyForm(),
                           args=request.args, periods=periods,
                           period=period), 400 if error else 200  # fmt: skip


@bp.post("/<mpp_code>/<int:response_id>")
@roles_required("manager", "officer")
def reply(mpp_code: str, response_id: int):
    mpp = mpp_in_scope(mpp_code)
    try:
        response = commented_response(db.session, mpp.id, response_id)
    except NotFound:
        abort(404)
    if not current_scope().reads_comments(mpp.id, response.tenant_id):
        abort(404)
    form = ReplyForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        update_complaint(db.session, response, form.status.data, form.reply.data, current_user.id)
    except InvalidSubmission as exc:
        flash(_("Belum tersimpan: %(message)s", message=_explain(exc)), "error")
        return redirect(_back(mpp.code))  # the message shows at the top
    flash(_("Status pengaduan disimpan: %(status)s.", status=STATUS_LABELS[form.status.data]))
    back = _back(mpp.code)
    return redirect(back + _anchor(back, form.status.data, response.id))


def _anchor(back: str, status: str, response_id: int) -> str:
    """Where the list opens again: at the saved item, or, when the status filter no longer
    lists it, at the item that now takes its place."""
    listed = parse_qs(urlsplit(back).query).get("status", [""])[0]
    if not listed or listed == status:
        return f"#c{response_id}"
    following = whole_number(request.form.get("following", ""))
    return f"#c{following}" if following else "#inbox-end"


def _explain(exc: InvalidSubmission) -> str:
    if "reply" in exc.fields:
        return _("tuliskan balasan atau tindakan yang diambil sebelum menutup pengaduan.")
    return _("perubahan status ini tidak diizinkan (baru → diproses → ditindaklanjuti/ditolak).")


def _back(mpp_code: str) -> str:
    fallback = url_for("inbox.index", mpp=mpp_code)
    return safe_next(request.form.get("next"), fallback, prefix="/inbox/")


def _my_mpps() -> list:
    if current_user.role == "officer":
        return [current_user.tenant.mpp] if current_user.tenant else []
    return list(current_user.mpps)
