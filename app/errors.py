"""Every error a user or a tablet can cause gets a clear message, never a bare 500 page."""

from __future__ import annotations

import psycopg
from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db
from surveys.errors import DomainError

# A write lock held past the busy timeout, a pool with no free connection, a database that is
# restarting: the answer was not stored, and trying again shortly is the right thing to do.
DATABASE_BUSY = (OperationalError, PoolTimeout, psycopg.OperationalError)
BUSY_RETRY_SECONDS = 5


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(
    status: int,
    message: str,
    fields: dict[str, str] | None = None,
    headers: list[tuple[str, str]] | None = None,
    details: dict | None = None,
):
    if wants_json():
        body = {**(details or {}), "error": message, "fields": fields or {}}
        return jsonify(body), status, headers or []
    try:
        page = render_template("error.html", status=status, message=message)
    except DATABASE_BUSY:  # the page's navigation reads the database that is failing
        db.session.rollback()
        page = f"{status} · {message}"
    return page, status, headers or []


def _http_headers(exc: HTTPException) -> list[tuple[str, str]]:
    """What the exception itself would send (Allow on a 405, Retry-After on a 429), without
    its HTML content type."""
    return [(k, v) for k, v in exc.get_headers() if k.lower() not in ("content-type",)]


def _page_message(exc: DomainError) -> str:
    """Pages speak the user's language; the domain's own sentence is for API clients."""
    messages = {
        409: _("Jawaban ini sudah tersimpan sebelumnya dengan isi lain; tidak diubah."),
        429: _("Terlalu banyak permintaan. Coba lagi sebentar lagi."),
    }
    known = {  # the domain's sentences that reach pages, said in the page's language
        "Unknown year.": _("Tahun tidak dikenal: pilih tahun seperti 2026."),
        "Unknown filter.": _("Saringan tidak dikenal: periksa pilihan saringan lalu coba lagi."),
    }
    fallback = {
        403: _("Anda tidak punya akses ke halaman ini."),
        404: _("Halaman atau data tidak ditemukan."),
    }
    default = _("Permintaan tidak dapat diproses: periksa isian lalu coba lagi.")
    return messages.get(exc.status) or known.get(exc.message) or fallback.get(exc.status, default)


def _database_busy():
    db.session.rollback()  # nothing half-written stays in this request's session
    return error_response(
        503,
        _("Server sedang sibuk; jawaban belum tersimpan. Coba lagi sebentar lagi."),
        {"database": "busy"},
        [("Retry-After", str(BUSY_RETRY_SECONDS))],
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        headers = []
        if getattr(exc, "retry_after", None):
            headers.append(("Retry-After", str(exc.retry_after)))
        message = exc.message if wants_json() else _page_message(exc)
        return error_response(exc.status, message, exc.fields, headers,
                              getattr(exc, "details", None))  # fmt: skip

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return error_response(
            400,
            _("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."),
            {"csrf_token": exc.description},
        )

    for busy in DATABASE_BUSY:
        app.register_error_handler(busy, lambda exc: _database_busy())

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if isinstance(exc, InternalServerError) and isinstance(
            exc.original_exception, DATABASE_BUSY
        ):  # raised after the view, e.g. by the audit log's write
            return _database_busy()
        messages = {
            400: _("Permintaan tidak dapat diproses."),
            403: _("Anda tidak punya akses ke halaman ini."),
            404: _("Halaman atau data tidak ditemukan."),
            405: _("Metode ini tidak diizinkan di alamat ini."),
            413: _("Kiriman terlalu besar."),
            429: _("Terlalu banyak permintaan. Coba lagi sebentar lagi."),
        }
        message = messages.get(exc.code, exc.description)
        if exc.code in (400, 409) and exc.description != type(exc).description:
            message = exc.description  # a view's own, translated, reason
        return error_response(exc.code or 500, message, headers=_http_headers(exc))
