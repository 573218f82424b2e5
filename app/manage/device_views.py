"""Kiosk tablets (pair, register, fix to a counter, revoke) and the printable QR sheet."""

from __future__ import annotations

import segno
from flask import make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.auth.login import roles_required
from app.extensions import db
from app.manage import bp
from app.manage.common import done, explain, form_int, found, managed_mpp, refused
from app.public.qr_views import public_url
from surveys import mall
from surveys.catalogue import active_tenants
from surveys.devices import register_device, revoke_device
from surveys.errors import InvalidSubmission
from surveys.pairing import confirm_pairing
from surveys.text import CONTROL_CHARACTERS, has_control_characters

PAIRING_ERRORS = {
    "not a pairing code": _l("Kode pemasangan terdiri dari 8 huruf dan angka, mis. K7QM-4ZPA."),
    "unknown code": _l("Tidak ada tablet yang menampilkan kode ini. Periksa lagi kode di layar "
                       "tablet."),
    "expired code": _l("Kode ini sudah kedaluwarsa. Tablet kini menampilkan kode baru: ketik kode "
                       "yang baru."),
    "code already used": _l("Kode ini sudah dipakai untuk memasangkan tablet. Lihat daftar "
                            "perangkat di bawah."),
}  # fmt: skip


@bp.get("/<mpp_code>/devices")
@roles_required("manager", "admin")
def devices(mpp_code: str):
    return _devices_page(managed_mpp(mpp_code))


def _devices_page(mpp, status: int = 200, pair_error: str = "", pair_form=None):
    return render_template("manage/devices.html", mpp=mpp,
                           devices=mall.devices_of(db.session, mpp),
                           tenants=active_tenants(db.session, mpp),
                           pair_error=pair_error, pair_form=pair_form or {}), status  # fmt: skip


def _label_and_counter(mpp):
    """The tablet's name ("Kios" if left empty) and the counter it is fixed to, if any."""
    counter_id = form_int(request.form, "counter")
    counter = found(mall.counter_at, db.session, mpp, counter_id) if counter_id else None
    label = request.form.get("label", "").strip()
    if has_control_characters(label):
        raise InvalidSubmission("The device was not added.", {"label": CONTROL_CHARACTERS})
    return label or _("Kios"), counter


@bp.post("/<mpp_code>/devices/pair")
@roles_required("manager", "admin")
def device_pair(mpp_code: str):
    """The code a tablet shows: the tablet becomes a device of this MPP."""
    mpp = managed_mpp(mpp_code)
    code = request.form.get("code", "")[:40]
    try:
        label, counter = _label_and_counter(mpp)
        device = confirm_pairing(db.session, mpp, code, label, counter)
    except InvalidSubmission as exc:
        problem = exc.fields.get("code") or next(iter(exc.fields.values()), exc.message)
        return _devices_page(mpp, 422, str(PAIRING_ERRORS.get(problem) or explain(problem)),
                             request.form)  # fmt: skip
    message = _("Tablet %(label)s dipasangkan: dalam beberapa detik layar survei muncul di tablet.",
                label=device.label)  # fmt: skip
    return done("manage.devices", mpp, message)


@bp.post("/<mpp_code>/devices")
@roles_required("manager", "admin")
def device_register(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    try:
        label, counter = _label_and_counter(mpp)
        registered = register_device(db.session, mpp, label, counter)
    except InvalidSubmission as exc:
        return refused("manage.devices", mpp, exc)
    kiosk_url = public_url("kiosk.shell") + "#token=" + registered.token
    qr = segno.make(kiosk_url, error="m").svg_inline(scale=5, border=2, title=_("Alamat kios"))
    response = make_response(render_template("manage/device_registered.html", mpp=mpp,
                             device=registered.device, kiosk_url=kiosk_url, qr=qr))  # fmt: skip
    response.headers["Cache-Control"] = "no-store"  # the token is shown once, never cached
    return response


@bp.post("/<mpp_code>/devices/<int:device_id>/revoke")
@roles_required("manager", "admin")
def device_revoke(mpp_code: str, device_id: int):
    mpp = managed_mpp(mpp_code)
    device = found(mall.device_at, db.session, mpp, device_id)
    revoke_device(db.session, device)
    return done("manage.devices", mpp, _("Perangkat %(label)s dicabut.", label=device.label))


@bp.get("/<mpp_code>/qr")
@roles_required("manager", "admin")
def qr_sheet(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    return render_template("manage/qr_sheet.html", mpp=mpp,
                           tenants=active_tenants(db.session, mpp))  # fmt: skip
