"""The phone survey form, built from the instrument so it can never drift from it."""

from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from surveys.instrument import COMMENT_MAX_LENGTH, ELEMENTS, PROFILE_FIELDS, QUESTION_ORDER, SCORES


class _SurveyBase(FlaskForm):
    response_id = HiddenField(validators=[DataRequired()])
    comment = TextAreaField(validators=[Optional(), Length(max=COMMENT_MAX_LENGTH)])

    def element_fields(self):
        return [self[code] for code in QUESTION_ORDER]

    def profile_fields(self):
        return [self[f"profile_{code}"] for code in PROFILE_FIELDS]

    def answers(self) -> dict[str, int]:
        return {code: int(self[code].data) for code in QUESTION_ORDER if self[code].data}

    def profile(self) -> dict[str, str]:
        return {code: self[f"profile_{code}"].data for code in PROFILE_FIELDS
                if self[f"profile_{code}"].data}  # fmt: skip


def survey_form_class(services: list[dict], lang: str) -> type[_SurveyBase]:
    """A form class for one counter: its services, the nine elements, the optional profile."""
    attrs: dict = {}
    for code in QUESTION_ORDER:
        element = ELEMENTS[code]
        attrs[code] = RadioField(
            element.question[lang],
            choices=[SelectChoice(str(s), element.option_label(s, lang)) for s in reversed(SCORES)],
            validators=[Optional()],
        )
    if services:
        attrs["service"] = SelectField(
            "Jenis layanan" if lang == "id" else "Service",
            choices=[SelectChoice("", "—")]
            + [SelectChoice(s["code"], s["name"]) for s in services],
            validators=[Optional()],
        )
    for code, spec in PROFILE_FIELDS.items():
        attrs[f"profile_{code}"] = SelectField(
            spec.label[lang],
            choices=[SelectChoice("", "—")]
            + [SelectChoice(v, labels[lang]) for v, labels in spec.choices],
            validators=[Optional()],
        )
    return type("SurveyForm", (_SurveyBase,), attrs)


def new_response_id() -> str:
    """Minted when the form is shown, so that a double post stores the answers once."""
    return str(uuid.uuid4())
