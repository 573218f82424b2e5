from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import DataRequired


class PublicationForm(FlaskForm):
    period = HiddenField(validators=[DataRequired()])
    action = SelectField(
        _l("Tindakan"),
        choices=[
            SelectChoice("publish", _l("Publikasikan")),
            SelectChoice("unpublish", _l("Tarik publikasi")),
        ],
    )
