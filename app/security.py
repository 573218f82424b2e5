"""The web layer's guards (OWASP ASVS 5.0 level 2, where it applies): security headers on every
response, the client address behind a trusted proxy, and input no view should ever see.

The Content-Security-Policy allows no inline script and no inline style: every script and
stylesheet is a file the app serves itself (kiosks run on shaky networks; no CDN).
"""

from __future__ import annotations

import ipaddress
import re

from flask import Flask, Response, abort, request, session, url_for
from flask_babel import gettext as _
from werkzeug.middleware.proxy_fix import ProxyFix

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


# Every 429 and 503 says when to come back, even one a view answered without saying it.
DEFAULT_RETRY_AFTER = {429: "60", 503: "5"}


def _secure_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if response.status_code in DEFAULT_RETRY_AFTER:
        response.headers.setdefault("Retry-After", DEFAULT_RETRY_AFTER[response.status_code])
    if _personal(response):
        response.headers["Cache-Control"] = "no-store"
    elif request.path.startswith(("/api/", "/auth/", "/admin/")):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _personal(response: Response) -> bool:
    """Whatever a signed-in user is sent (inbox, dashboards, exports, reports) stays out of
    every cache, the browser's own included: a shared office computer keeps no copy. A figure
    its view marked `private` (a chart of counts, no person in it) may stay in the browser."""
    if "attachment" in response.headers.get("Content-Disposition", ""):
        return True
    if "_user_id" not in session:  # Flask-Login's key: set from sign-in to sign-out
        return False
    return "private" not in response.headers.get("Cache-Control", "")


def _refuse_nul_bytes() -> None:
    """A NUL byte in a form field or query is never text a person typed, and PostgreSQL cannot
    store or compare it: refuse it with a clear 400 instead of failing deeper down."""
    values = [*request.args.values(), *request.args.keys()]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += [*request.form.values(), *request.form.keys()]
    if any("\x00" in value for value in values):
        abort(400, description=_("Isian berisi karakter yang tidak sah (NUL)."))


def _refuse_oversized_streams() -> None:
    """A chunked body has no Content-Length for Werkzeug to check: it reads one up to the
    limit and silently drops the rest. Read it here, and refuse it (413) past the limit."""
    if request.content_length is None and request.environ.get("wsgi.input_terminated"):
        request.get_data(cache=True)  # kept for the view
        request.stream.read(1)  # at the limit, Werkzeug's stream raises RequestEntityTooLarge


_UNSAFE_NEXT = re.compile(r"[\x00-\x20\x7f\\]")  # controls, CR/LF, spaces, backslashes


def safe_next(target: str | None, fallback: str | None = None, prefix: str = "/") -> str:
    """`target` if it is a path on this site under `prefix` (which starts with a slash), else
    `fallback` (the home page).

    Refused: another host (`//evil`, `https://…`), a backslash or tab that browsers read as a
    slash, and CR/LF, which would split the Location header."""
    if (
        target
        and target.startswith(prefix)
        and "//" not in target
        and not (_UNSAFE_NEXT.search(target))
    ):
        return target
    return fallback or url_for("public.home")


def trust_proxy(app: Flask) -> None:
    """`X-Forwarded-For` and `-Proto` count only from a proxy listed in TRUSTED_PROXIES, and
    only their last PROXY_HOPS entries (those the trusted proxies appended): a client's own
    header never picks its address, so one person's guesses cannot lock out an office."""
    hops = app.config.get("PROXY_HOPS", 0)
    if type(hops) is not int or not 0 <= hops <= 5:
        raise RuntimeError("PROXY_HOPS must be a whole number from 0 (no proxy) to 5.")
    if hops:
        app.wsgi_app = _TrustedProxies(app.wsgi_app, hops, app.config.get("TRUSTED_PROXIES"))


class _TrustedProxies:
    """Werkzeug's ProxyFix, applied only to requests that arrive from a trusted address."""

    def __init__(self, wsgi_app, hops: int, trusted):
        self.direct = wsgi_app
        self.fixed = ProxyFix(wsgi_app, x_for=hops, x_proto=hops)
        text = trusted if isinstance(trusted, str) else ",".join(trusted or ())
        names = [part.strip() for part in text.split(",") if part.strip()]
        self.anyone = "*" in names
        self.networks = [ipaddress.ip_network(n, strict=False) for n in names if n != "*"]

    def __call__(self, environ, start_response):
        app = self.fixed if self._trusted(environ.get("REMOTE_ADDR", "")) else self.direct
        return app(environ, start_response)

    def _trusted(self, address: str) -> bool:
        if self.anyone:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:  # a unix socket: only the proxy on this host can reach it
            return address == "" or address.startswith("unix:")
        return any(ip in network for network in self.networks)


def init_app(app: Flask) -> None:
    trust_proxy(app)
    app.before_request(_refuse_oversized_streams)
    app.before_request(_refuse_nul_bytes)
    app.after_request(_secure_headers)
