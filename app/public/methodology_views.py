"""The public methodology page: every formula, weight, source and version behind the numbers."""

from __future__ import annotations

from flask import current_app, render_template

from analysis.effectiveness import DEFAULT_COMPONENTS
from analysis.readiness import CRITERIA, LABELS, LEVELS
from analysis.skm import GRADE_BOUNDS
from app.extensions import db
from app.i18n import current_locale
from app.public import bp
from surveys.effectiveness_inputs import (
    METHOD_VERSION,
    MIN_FIGURE_MONTHS,
    current_components,
)


@bp.get("/metodologi")
def methodology():
    return render_template(
        "public/methodology.html", components=current_components(db.session),
        defaults={c.code: c.weight for c in DEFAULT_COMPONENTS}, criteria=CRITERIA,
        levels=LEVELS, labels=LABELS, grades=GRADE_BOUNDS, version=METHOD_VERSION,
        min_responses=current_app.config["MIN_RESPONSES"], min_months=MIN_FIGURE_MONTHS,
        lang="en" if current_locale() == "en" else "id",
    )  # fmt: skip
