"""What every management view shares: the MPP in scope and a redirect with a message."""

from __future__ import annotations

import re

from babel.numbers import format_decimal
from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.access import mpp_in_scope
from app.auth.login import current_scope
from app.i18n import current_locale
from surveys.errors import DomainError, NotFound
from surveys.models import Mpp
from surveys.numerals import whole_number


def managed_mpp(code: str) -> Mpp:
    """The MPP, if the user may manage it (404 outside the scope, like any other lookup)."""
    if not current_scope().manages:
        abort(403)
    return mpp_in_scope(code)


def found(lookup, *args):
    """Run a surveys lookup; its NotFound becomes a plain 404."""
    try:
        return lookup(*args)
    except NotFound:
        abort(404)


def form_int(form, name: str) -> int | None:
    return whole_number((form.get(name) or "").strip())


def done(endpoint: str, mpp: Mpp, message: str, **values):
    flash(message, "info")
    return redirect(url_for(endpoint, mpp_code=mpp.code, **values))


FIELD_NAMES = {
    "code": _l("Kode"), "name": _l("Nama"), "agency": _l("Instansi"), "comment": _l("Komentar"),
    "month": _l("Bulan"), "tenant": _l("Instansi"), "file": _l("Berkas"),
    "window_minutes": _l("Jendela (menit)"), "min_responses": _l("Responden paling sedikit"),
    "low_share": _l("Porsi jawaban 1–2"), "ikm_drop_points": _l("Turun lebih dari (poin)"),
    "drop_min_responses": _l("Responden per bulan"), "alert": _l("Peringatan"),
    "name_en": _l("Nama (Inggris)"), "label": _l("Nama tablet"),
}  # fmt: skip
MESSAGES = {
    "required": _l("wajib diisi"),
    "already used at this MPP": _l("sudah dipakai di MPP ini"),
    "letters, digits, . _ - (up to 20)": _l("huruf, angka, . _ - (paling banyak 20)"),
    "letters, digits, . _ - (up to 40)": _l("huruf, angka, . _ - (paling banyak 40)"),
    "present": _l("instansi ini sudah melayani di sini"),
    "unknown": _l("pilih dari katalog"),
    "closed": _l("sudah ditangani"),
    "not a number": _l("bukan angka"),
    "must be zero or more": _l("harus nol atau lebih"),
    "must be a whole number": _l("harus bilangan bulat"),
    "too large": _l("terlalu besar"),
    "use YYYY-MM, e.g. 2026-10": _l("pakai TTTT-BB, mis. 2026-10"),
    "unknown tenant at this MPP": _l("instansi tidak dikenal di MPP ini"),
    "same tenant and month twice": _l("instansi dan bulan yang sama dua kali"),
    "column missing from the header": _l("kolom tidak ada di baris judul"),
    "the file has no data rows": _l("berkas tidak berisi baris data"),
    "the file is not UTF-8 text": _l("berkas bukan teks UTF-8"),
    "the file is larger than 1 MB": _l("berkas lebih dari 1 MB"),
    "not a tenant of this MPP": _l("bukan instansi MPP ini"),
    "contains control characters": _l(
        "berisi karakter kendali (biasanya ikut tersalin dari teks lain): hapus lalu ketik ulang"
    ),
}


def explain(message: str) -> str:
    """A domain message in the user's language (the domain speaks English)."""
    if message in MESSAGES:
        return str(MESSAGES[message])
    if between := re.fullmatch(r"between (\S+) and (\S+)", message):
        low, high = (format_decimal(float(n), locale=current_locale()) for n in between.groups())
        return str(_l("antara")) + f" {low} – {high}"  # 0,5 – 75 as the page writes decimals
    return message


def field_name(name: str) -> str:
    return str(FIELD_NAMES.get(name, name))


def refused(endpoint: str, mpp: Mpp, exc: DomainError, **values):
    details = "; ".join(f"{field_name(name)}: {explain(text)}" for name, text in exc.fields.items())
    flash(_("Belum tersimpan.") + " " + (details or exc.message), "error")
    return redirect(url_for(endpoint, mpp_code=mpp.code, **values))
