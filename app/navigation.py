"""The top navigation: each blueprint lists its entry here, shown to the roles that may use it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy string
    roles: tuple[str, ...]


NAV_ITEMS: list[NavItem] = [
    NavItem("dashboard.index", _l("Dasbor"), ("manager", "officer", "evaluator", "admin")),
    NavItem("inbox.index", _l("Pengaduan & saran"), ("manager", "officer")),
    NavItem("reports.home", _l("Laporan"), ("manager", "officer", "evaluator", "admin")),
    NavItem("manage.index", _l("Kelola MPP"), ("manager", "admin")),
    NavItem("evaluator.national", _l("Nasional"), ("evaluator", "admin", "manager")),
    NavItem("admin.users", _l("Pengguna"), ("admin",)),
    NavItem("admin.audit", _l("Log audit"), ("admin",)),
    NavItem(
        "public.methodology",
        _l("Metodologi"),
        ("anonymous", "manager", "officer", "evaluator", "admin"),
    ),
]


def visible_nav() -> list[dict]:
    role = current_user.role if current_user.is_authenticated else "anonymous"
    items = []
    for item in NAV_ITEMS:
        if role in item.roles and item.endpoint in current_app.view_functions:
            items.append({"url": url_for(item.endpoint), "label": item.label,
                          "current": request.endpoint == item.endpoint})  # fmt: skip
    return items


def init_app(app: Flask) -> None:
    app.jinja_env.globals["visible_nav"] = visible_nav
