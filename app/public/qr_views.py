"""QR codes (segno) that open a counter's phone survey (the printable sheet is under manage)."""

from __future__ import annotations

import io

import segno
from flask import Response, abort, current_app, url_for
from flask_babel import gettext as _

from app.extensions import db
from app.public import bp
from surveys.catalogue import counter_by_code, mpp_by_code


def public_url(endpoint: str, **values) -> str:
    """An absolute address to print or encode in a QR code, on PUBLIC_URL (MUTU_PUBLIC_URL).

    Never from the request's Host header: a forged Host would put another site's address on
    a cached poster. Only development, with no PUBLIC_URL set, falls back to the request's host
    (the demo on a LAN); production without one answers 503 until it is configured.
    """
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return str(base).rstrip("/") + url_for(endpoint, **values)
    if current_app.config.get("ENV_NAME") == "production":
        abort(503, description=_("Alamat publik (MUTU_PUBLIC_URL) belum diatur."))
    return url_for(endpoint, _external=True, **values)


def survey_url(mpp_code: str, counter_code: str) -> str:
    return public_url("public.phone_survey", mpp_code=mpp_code, counter_code=counter_code)


@bp.get("/s/<mpp_code>/<counter_code>/qr.svg")
def counter_qr(mpp_code: str, counter_code: str):
    mpp = mpp_by_code(db.session, mpp_code) or abort(404)
    counter_by_code(db.session, mpp, counter_code) or abort(404)
    buffer = io.BytesIO()
    segno.make(survey_url(mpp_code, counter_code), error="m").save(
        buffer, kind="svg", scale=6, border=2, xmldecl=False, svgns=True, title=counter_code
    )
    return Response(buffer.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})  # fmt: skip
