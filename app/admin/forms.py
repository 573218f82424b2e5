from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.forms import Form
from surveys.accounts import ROLES


class UserForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Nama"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Peran"), choices=[SelectChoice(r, r) for r in ROLES])
    mpps = SelectMultipleField(_l("MPP (untuk pengelola)"), coerce=int, validators=[Optional()])
    tenant = SelectField(_l("Instansi (untuk petugas)"), coerce=int, validators=[Optional()])
    password = PasswordField(
        _l("Kata sandi awal"), validators=[Optional(), Length(min=10, max=200)]
    )
    active = BooleanField(_l("Aktif"), default=True)
