from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired


class PublicationForm(FlaskForm):
    period = HiddenField(validators=[DataRequired()])
    action = SelectField(
        _l("Tindakan"),
        choices=[("publish", _l("Publikasikan")), ("unpublish", _l("Tarik publikasi"))],
    )
