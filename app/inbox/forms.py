from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import Length

from app.forms import Form
from surveys.complaints import REPLY_MAX_LENGTH

STATUS_LABELS = {
    "baru": _l("Baru"),
    "diproses": _l("Diproses"),
    "ditindaklanjuti": _l("Ditindaklanjuti"),
    "ditolak": _l("Ditolak"),
}


class ReplyForm(Form):
    status = SelectField(
        _l("Status baru"), choices=[SelectChoice(k, v) for k, v in STATUS_LABELS.items()]
    )
    reply = TextAreaField(_l("Balasan atau tindakan yang diambil"),
                          validators=[Length(max=REPLY_MAX_LENGTH)])  # fmt: skip
    next = HiddenField()
