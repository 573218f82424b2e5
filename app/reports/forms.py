from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import DataRequired

from app.forms import Form


class PublicationForm(Form):
    period = HiddenField(validators=[DataRequired()])
    action = SelectField(
        _l("Tindakan"),
        choices=[
            SelectChoice("publish", _l("Publikasikan")),
            SelectChoice("unpublish", _l("Tarik publikasi")),
        ],
    )
