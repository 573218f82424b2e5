"""Where a sign-in lands: the first page of each role's work."""

from __future__ import annotations

from flask import current_app, url_for

LANDING = {"manager": "dashboard.index", "officer": "dashboard.index",
           "evaluator": "evaluator.national", "admin": "admin.users"}  # fmt: skip


def landing_url(role: str) -> str:
    """The first page of a role's work: its dashboard, the national table, or the users."""
    endpoint = LANDING.get(role, "public.home")
    if endpoint not in current_app.view_functions:
        endpoint = "public.home"
    return url_for(endpoint)
