"""The public page of an MPP: its latest published SKM result per tenant, and the poster.

No sign-in. Only periods the MPP's manager published are shown; never comments, never a
respondent's answers.
"""

from __future__ import annotations

from flask import Response, abort, render_template, request

from app.extensions import db
from app.i18n import current_locale
from app.public import bp
from app.public.qr_views import public_url
from app.report_files.cache import cached, fingerprint
from app.report_files.poster import write_poster
from surveys.catalogue import mpp_by_code
from surveys.errors import InvalidSubmission
from surveys.periods import parse_period
from surveys.publication import published_record
from surveys.reports import build_report, public_summary

POSTER_TYPES = {"pdf": "application/pdf", "png": "image/png"}


@bp.get("/mpp/<mpp_code>")
def mpp_page(mpp_code: str):
    mpp = mpp_by_code(db.session, mpp_code) or abort(404)
    summary = public_summary(db.session, mpp)
    return render_template("public/mpp.html", mpp=mpp, summary=summary, lang=current_locale())


@bp.get("/mpp/<mpp_code>/poster-<period_code>.<any(pdf, png):ext>")
def mpp_poster(mpp_code: str, period_code: str, ext: str):
    mpp = mpp_by_code(db.session, mpp_code) or abort(404)
    try:
        period = parse_period(period_code)
    except InvalidSubmission:
        abort(404)
    if published_record(db.session, mpp.id, period.code) is None:
        abort(404)
    report = build_report(db.session, mpp, period, details=False)
    url, lang = public_url("public.mpp_page", mpp_code=mpp.code), current_locale()
    data = cached(fingerprint(report, "poster", ext, lang, url),
                  lambda: write_poster(report, url, ext, lang))  # fmt: skip
    response = Response(data, mimetype=POSTER_TYPES[ext])
    if request.args.get("lang"):  # the URL names the language: any cache may keep it
        response.headers["Cache-Control"] = "public, max-age=600"
    else:  # drawn in the session's language
        response.headers["Cache-Control"] = "private, no-cache"
        response.vary.add("Cookie")
    return response
