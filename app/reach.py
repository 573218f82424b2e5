"""Where each user's work is: the page a role lands on after sign-in, the MPPs a user switches
between, and the links to one MPP's dashboard, report and QR sheet that the user may open.

The roles below repeat those of the views' ``roles_required``; tests/app/test_reach.py follows
every link offered to every role, so a link that would answer 403 or 404 fails there.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.auth.login import current_scope
from app.extensions import db
from surveys.models import Mpp, Regency


@dataclass(frozen=True)
class WorkPage:
    endpoint: str
    label: object  # a lazy string
    roles: tuple[str, ...]


WORK_PAGES = (
    WorkPage("dashboard.mpp_view", _l("Dasbor"), ("manager", "officer", "evaluator", "admin")),
    WorkPage("reports.index", _l("Laporan SKM"), ("manager", "officer", "evaluator", "admin")),
    WorkPage("manage.qr_sheet", _l("Lembar QR"), ("manager", "admin")),
)

MPP_PAGES = ("dashboard.mpp_view", "reports.index")  # an MPP's own results, without the QR sheet


def work_links(mpp_id: int, mpp_code: str, only: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(label, url) of this MPP's pages the signed-in user may open (none when signed out)."""
    if not current_user.is_authenticated or not current_scope().allows_mpp(mpp_id):
        return []
    return [
        (str(page.label), url_for(page.endpoint, mpp_code=mpp_code))
        for page in WORK_PAGES
        if current_user.role in page.roles
        and (not only or page.endpoint in only)
        and page.endpoint in current_app.view_functions
    ]


def mpps_in_scope() -> list[Mpp]:
    """Every MPP the user may read, by province then name."""
    scope = current_scope()
    query = (
        select(Mpp).join(Mpp.regency).join(Regency.province)
        .options(joinedload(Mpp.regency).joinedload(Regency.province))
        .order_by(Regency.province_code, Mpp.name)
    )  # fmt: skip
    if scope.mpp_ids is not None:
        query = query.where(Mpp.id.in_(scope.mpp_ids or [-1]))
    return list(db.session.scalars(query).unique())


@dataclass(frozen=True)
class MppPicker:
    """The MPP switch at the top of the dashboard and the report: a GET form to `action`."""

    action: str
    current: str
    groups: list[tuple[str, list[tuple[str, str]]]]  # (province, [(code, name)])
    keep: dict[str, str]  # hidden fields carried to the other MPP (the period)


def mpp_picker(current: Mpp, endpoint: str, keep: dict[str, str]) -> MppPicker | None:
    """None when the user has only this MPP to see."""
    mpps = mpps_in_scope()
    if len(mpps) < 2:
        return None
    groups = [
        (province, [(m.code, m.name) for m in members])
        for province, members in itertools.groupby(mpps, lambda m: m.regency.province.name)
    ]
    return MppPicker(url_for(endpoint), current.code, groups, {k: v for k, v in keep.items() if v})
