"""The dashboard's charts: /dashboard/<mpp>/chart/<name>.svg with the page's own filters."""

from __future__ import annotations

from flask import abort, current_app
from flask_babel import gettext as _

from analysis import charts
from app.auth.login import roles_required
from app.dashboard import bp
from app.dashboard.common import ROLES, filter_message, read_filters
from app.dashboard.svg import message_figure, svg_response
from app.errors import error_response
from app.extensions import db
from app.i18n import current_locale
from surveys import dashboard
from surveys.errors import InvalidSubmission
from surveys.periods import MONTHS_EN, MONTHS_ID


@bp.get("/<mpp_code>/chart/<name>.svg")
@roles_required(*ROLES)
def chart(mpp_code: str, name: str):
    if name not in CHARTS:
        abort(404)
    try:
        _mpp, _args, filters = read_filters(mpp_code)
    except InvalidSubmission as exc:
        return error_response(400, filter_message(exc))
    lang = current_locale()
    data, draw = CHARTS[name](filters, lang)
    if data is None:
        return svg_response((name, lang, None), lambda: message_figure(_no_data()))
    return svg_response((name, lang, data), lambda: draw(data, lang))


def _no_data() -> str:
    return _("Belum cukup tanggapan untuk grafik ini pada periode dan filter yang dipilih.")


def _elements(filters, lang):
    nrr = dashboard.element_nrr(db.session, filters)
    if not (nrr == nrr).all():  # an element without answers (or no answers at all)
        return None, None
    return tuple(round(float(v), 6) for v in nrr), lambda d, lg: charts.element_nrr_bars(
        list(d), lang=lg
    )


def _trend(filters, lang):
    points = [p for p in dashboard.trend_points(db.session, filters) if p.ikm is not None]
    if not points:
        return None, None
    unit = dashboard.trend_unit(filters.period)
    labels = tuple(_slot_label(p.start, unit, lang) for p in points)
    few = sum(p.n for p in points) < current_app.config["MIN_RESPONSES"]
    data = (labels, tuple(p.ikm for p in points), few)
    return data, lambda d, lg: charts.ikm_trend(
        list(d[0]), list(d[1]), lang=lg, title=_few_answers() if d[2] else None
    )


def _few_answers() -> str:
    return _("IKM per titik; terlalu sedikit tanggapan untuk menyimpulkan arah")


def _slot_label(start, unit: str, lang: str) -> str:
    if unit == "month":
        return f"{(MONTHS_ID if lang == 'id' else MONTHS_EN)[start.month - 1][:3]} {start:%y}"
    return start.strftime("%d-%m" if lang == "id" else "%m-%d")


def _counters(filters, lang):
    rows = [r for r in dashboard.counter_table(db.session, filters) if r.ikm is not None]
    if not rows:
        return None, None
    data = tuple(
        (f"{r.code} {r.tenant}", r.ikm, (r.interval.low if r.interval else r.ikm),
         (r.interval.high if r.interval else r.ikm), r.worse_than_best)
        for r in rows
    )  # fmt: skip

    def draw(d, lg):
        labels, ikm, low, high, worse = (list(column) for column in zip(*d, strict=True))
        fig = charts.counter_ranking(labels, ikm, low, high, significant=worse, lang=lg)
        if any(worse):  # the marks here mean "below the best counter", not "off the average"
            fig.axes[0].set_xlabel(_("IKM (25–100)   (* lebih rendah nyata dari loket terbaik)"))
        return fig

    return data, draw


def _heatmap(filters, lang):
    counts = dashboard.heatmap(db.session, filters).respondents
    hours = [h for h in range(24) if counts[:, h].any()]
    if not hours:
        return None, None
    first, last = min(hours), max(hours)
    if last - first < 7:
        first, last = max(0, min(first, 17 - 7)), max(last, min(23, first + 7))
    data = (tuple(range(first, last + 1)), tuple(map(tuple, counts[:, first : last + 1].tolist())))
    return data, lambda d, lg: charts.day_hour_heatmap(
        [list(row) for row in d[1]], hours=list(d[0]), lang=lg
    )


def _ipa(filters, lang):
    result = dashboard.ipa(db.session, filters)
    if result is None:
        return None, None
    key = (tuple(result.importance.round(6)), tuple(result.performance.round(6)))
    return key, lambda _d, lg: charts.ipa_quadrant(result, lang=lg)


CHARTS = {
    "elements": _elements,
    "trend": _trend,
    "counters": _counters,
    "heatmap": _heatmap,
    "ipa": _ipa,
}
