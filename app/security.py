"""Security headers on every response (OWASP ASVS 5.0 level 2, where it applies).

The Content-Security-Policy allows no inline script and no inline style: every script and
stylesheet is a file the app serves itself (kiosks run on shaky networks; no CDN).
"""

from __future__ import annotations

from flask import Flask, Response, abort, request
from flask_babel import gettext as _

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _secure_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.path.startswith(("/api/", "/auth/", "/admin/")) and "Cache-Control" not in (
        response.headers
    ):
        response.headers["Cache-Control"] = "no-store"
    return response


def _refuse_nul_bytes() -> None:
    """A NUL byte in a form field or query is never text a person typed, and PostgreSQL cannot
    store or compare it: refuse it with a clear 400 instead of failing deeper down."""
    values = [*request.args.values(), *request.args.keys()]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += [*request.form.values(), *request.form.keys()]
    if any("\x00" in value for value in values):
        abort(400, description=_("Isian berisi karakter yang tidak sah (NUL)."))


def init_app(app: Flask) -> None:
    app.before_request(_refuse_nul_bytes)
    app.after_request(_secure_headers)
