"""The phone survey form, built from the instrument so it can never drift from it."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import uuid

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData, URLSafeSerializer
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.forms import Form
from surveys.instrument import COMMENT_MAX_LENGTH, ELEMENTS, PROFILE_FIELDS, QUESTION_ORDER, SCORES
from surveys.text import LINE_BREAKS, has_control_characters
from surveys.validation import MAX_DURATION_MS

SHOWN_SALT = "phone-survey-shown"
CLIENT_SALT = "phone-survey-client"


def printable_text(form, field) -> None:
    """Refuse control characters (other than line breaks and tabs) with a message to fix it."""
    if field.data and has_control_characters(field.data, allow=LINE_BREAKS):
        raise ValidationError(
            _l(
                "Komentar berisi karakter kendali (biasanya ikut tersalin dari teks lain): "
                "hapus lalu kirim lagi."
            )  # fmt: skip
        )


class _SurveyBase(Form):
    response_id = HiddenField(validators=[DataRequired()])
    shown = HiddenField()  # when the form was shown, signed: see shown_stamp
    comment = TextAreaField(validators=[Optional(), Length(max=COMMENT_MAX_LENGTH), printable_text])

    def field_errors(self) -> list[tuple[str, list[str]]]:
        """Each field's messages with its label (the form's own errors are listed apart)."""
        return [(field.label.text, field.errors) for field in self if field.errors]

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


def shown_stamp(response_id: str, now: dt.datetime) -> str:
    """When this form was shown, signed with the app's key and bound to its response id."""
    return _shown_serializer().dumps([response_id, _ms(now)])


def stamped_id(stamp: str | None, now: dt.datetime) -> str | None:
    """The response id a page's stamp was signed for, if it was signed here less than a day ago.

    The stamp is also the page's address (?kunjungan=...): Back and reload show the same
    visit, never a fresh id (see phone_views).
    """
    try:
        shown_id, shown_ms = _shown_serializer().loads(stamp or "")
    except (BadData, TypeError, ValueError):
        return None
    if type(shown_id) is not str or type(shown_ms) is not int:
        return None
    return shown_id if 0 <= _ms(now) - shown_ms <= MAX_DURATION_MS else None


def duration_since_shown(stamp: str | None, response_id: str, now: dt.datetime) -> int | None:
    """Milliseconds since the form was shown, as the kiosk reports its own visits' length.

    Missing, tampered with, another form's, from the future or older than a day: no duration
    (the answers still count), never an error.
    """
    try:
        shown_id, shown_ms = _shown_serializer().loads(stamp or "")
    except (BadData, TypeError, ValueError):
        return None
    if shown_id != response_id or type(shown_ms) is not int:
        return None
    elapsed = _ms(now) - shown_ms
    return elapsed if 0 <= elapsed <= MAX_DURATION_MS else None


def client_key(address: str | None) -> str:
    """The sender as the phone's abuse rules know it: a keyed hash of its address.

    The same address gives the same key; without the app's key no one can tell the address.
    """
    secret = current_app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else str(secret).encode()
    message = f"{CLIENT_SALT}:{address or ''}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def _shown_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SHOWN_SALT)


def _ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)
