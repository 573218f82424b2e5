"""Digital-readiness assessment: managers assess themselves, evaluators review; a PDF report."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from analysis.readiness import CRITERION_CODES, LEVELS
from analysis.readiness_rubric import RUBRIC
from app.access import mpp_in_scope
from app.auth.login import roles_required
from app.evaluator import bp
from app.evaluator.common import REVIEW_ROLES, VIEW_ROLES, lang
from app.evaluator.pdf import readiness_pdf
from app.extensions import db
from surveys.errors import InvalidSubmission
from surveys.models import local_today
from surveys.national import parse_year
from surveys.numerals import whole_number
from surveys.readiness import assessment, save_assessment


def _entries(form) -> dict:
    entries = {}
    for code in CRITERION_CODES:
        raw = (form.get(f"level-{code}") or "").strip()
        level = (whole_number(raw, max_digits=2) or -1) if raw else None  # 0 or "²": refused
        entries[code] = (level, form.get(f"evidence-{code}", ""))
    return entries


@bp.route("/mpp/<code>/readiness/<year>", methods=["GET", "POST"])
@roles_required(*VIEW_ROLES)
def readiness(code: str, year: str):
    target, year_n = mpp_in_scope(code), parse_year(year, local_today())
    kind = "review" if current_user.role in REVIEW_ROLES else "self"
    errors = {}
    if request.method == "POST":
        try:
            save_assessment(db.session, target, year_n, current_user.user, _entries(request.form),
                            kind)  # fmt: skip
        except InvalidSubmission as exc:
            errors = exc.fields
        else:
            flash(_("Penilaian kesiapan digital disimpan."), "info")
            return redirect(url_for("evaluator.readiness", code=code, year=year_n))
    return render_template(
        "evaluator/readiness.html", a=assessment(db.session, target, year_n), kind=kind,
        errors=errors, rubric=RUBRIC, levels=LEVELS, lang=lang(),
    ), 422 if errors else 200  # fmt: skip


@bp.get("/mpp/<code>/readiness/<year>.pdf")
@roles_required(*VIEW_ROLES)
def readiness_report(code: str, year: str):
    target, year_n = mpp_in_scope(code), parse_year(year, local_today())
    pdf = readiness_pdf(assessment(db.session, target, year_n), lang())
    name = f"kesiapan-digital-{target.code}-{year_n}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})  # fmt: skip
