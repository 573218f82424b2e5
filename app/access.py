"""Scoping in views: every lookup by code or id goes through the signed-in user's scope.

A manager who changes an id in a URL gets a 404, the same answer as for an MPP that does not
exist, so that nothing is revealed.
"""

from __future__ import annotations

from flask import abort

from app.auth.login import current_scope
from app.extensions import db
from surveys.catalogue import mpp_by_code
from surveys.models import Mpp, Tenant


def mpp_in_scope(code: str) -> Mpp:
    mpp = mpp_by_code(db.session, code)
    if mpp is None or not current_scope().allows_mpp(mpp.id):
        abort(404)
    return mpp


def tenant_in_scope(mpp: Mpp, tenant_id: int) -> Tenant:
    tenant = db.session.get(Tenant, tenant_id)
    if (
        tenant is None
        or tenant.mpp_id != mpp.id
        or not current_scope().allows_tenant(mpp.id, tenant.id)
    ):
        abort(404)
    return tenant


def visible_tenant_ids(mpp: Mpp) -> list[int] | None:
    """The tenants of this MPP the user may see (None: all of them)."""
    scope = current_scope()
    if scope.tenant_ids is None:
        return None
    return [t.id for t in mpp.tenants if t.id in scope.tenant_ids]


def default_mpp() -> Mpp | None:
    """The first MPP in the user's scope, for pages opened without one."""
    from sqlalchemy import select

    scope = current_scope()
    query = select(Mpp).order_by(Mpp.name)
    if scope.mpp_ids is not None:
        query = query.where(Mpp.id.in_(scope.mpp_ids or [-1]))
    return db.session.scalars(query.limit(1)).first()
