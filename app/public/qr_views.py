"""QR codes (segno) that open a counter's phone survey (the printable sheet is under manage)."""

from __future__ import annotations

import io

import segno
from flask import Response, abort, url_for

from app.extensions import db
from app.public import bp
from surveys.catalogue import counter_by_code, mpp_by_code


def survey_url(mpp_code: str, counter_code: str) -> str:
    return url_for("public.phone_survey", mpp_code=mpp_code, counter_code=counter_code,
                   _external=True)  # fmt: skip


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
