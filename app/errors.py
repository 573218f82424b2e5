"""Every error a user or a tablet can cause gets a clear message, never a bare 500 page."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from surveys.errors import DomainError


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(status: int, message: str, fields: dict[str, str] | None = None):
    if wants_json():
        return jsonify({"error": message, "fields": fields or {}}), status
    return render_template("error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        return error_response(exc.status, exc.message, exc.fields)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return error_response(
            400,
            _("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."),
            {"csrf_token": exc.description},
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {
            404: _("Halaman atau data tidak ditemukan."),
            405: _("Metode ini tidak diizinkan di alamat ini."),
            413: _("Kiriman terlalu besar."),
        }
        return error_response(exc.code or 500, messages.get(exc.code, exc.description))
