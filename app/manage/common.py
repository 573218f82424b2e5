"""What every management view shares: the MPP in scope and a redirect with a message."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from app.access import mpp_in_scope
from app.auth.login import current_scope
from surveys.errors import DomainError, NotFound
from surveys.models import Mpp


def managed_mpp(code: str) -> Mpp:
    """The MPP, if the user may manage it (404 outside the scope, like any other lookup)."""
    if not current_scope().manages:
        abort(403)
    return mpp_in_scope(code)


def found(lookup, *args):
    """Run a surveys lookup; its NotFound becomes a plain 404."""
    try:
        return lookup(*args)
    except NotFound:
        abort(404)


def form_int(form, name: str) -> int | None:
    value = (form.get(name) or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def done(endpoint: str, mpp: Mpp, message: str, **values):
    flash(message, "info")
    return redirect(url_for(endpoint, mpp_code=mpp.code, **values))


def refused(endpoint: str, mpp: Mpp, exc: DomainError, **values):
    details = "; ".join(f"{name}: {text}" for name, text in exc.fields.items())
    flash(_("Belum tersimpan.") + " " + (details or exc.message), "error")
    return redirect(url_for(endpoint, mpp_code=mpp.code, **values))
