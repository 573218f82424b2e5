"""Every change and every download by a signed-in user lands in the audit log.

One hook for the whole app, so a new page cannot forget it: state-changing requests
(POST/PUT/PATCH/DELETE) and responses sent as attachments (exports, reports) are recorded
with who, what, when and the outcome. Sign-in outcomes are recorded by the auth views.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user

from app.extensions import db
from surveys.audit import record

CHANGING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NOT_AUDITED = frozenset({"auth.login", "auth.totp", "auth.totp_setup", "api.submit"})


def _audit(response: Response) -> Response:
    if request.endpoint in NOT_AUDITED or not current_user.is_authenticated:
        return response
    download = "attachment" in response.headers.get("Content-Disposition", "")
    if request.method in CHANGING_METHODS or download:
        record(
            db.session,
            current_user.id,
            "download" if download else f"{request.method} {request.endpoint}",
            request.full_path.rstrip("?"),
            details=_filename(response) if download else "",
            status=response.status_code,
            ip=request.remote_addr or "",
        )
    return response


def _filename(response: Response) -> str:
    return response.headers.get("Content-Disposition", "").partition("filename=")[2].strip('"')


def init_app(app: Flask) -> None:
    app.after_request(_audit)
