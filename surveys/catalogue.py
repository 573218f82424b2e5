"""What a kiosk or a phone needs to know about an MPP: its tenants, counters and services."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from surveys.models import Counter, Mpp, Service, Tenant
from surveys.numerals import by_counter_number


def mpp_by_code(session: Session, code: str) -> Mpp | None:
    return session.scalar(select(Mpp).where(Mpp.code == code))


def counter_by_code(session: Session, mpp: Mpp, code: str) -> Counter | None:
    return session.scalar(select(Counter).where(Counter.mpp_id == mpp.id, Counter.code == code))


def active_tenants(session: Session, mpp: Mpp) -> list[Tenant]:
    """The MPP's active tenants with their counters and services, in a stable order."""
    tenants = session.scalars(
        select(Tenant)
        .where(Tenant.mpp_id == mpp.id, Tenant.active)
        .options(
            selectinload(Tenant.agency),
            selectinload(Tenant.counters),
            selectinload(Tenant.services),
        )
    ).all()
    return sorted(tenants, key=lambda t: t.agency.short_name.lower())


def kiosk_catalogue(session: Session, mpp: Mpp, lang: str = "id") -> list[dict]:
    """Tenants → counters → services as plain data for the kiosk's pickers."""
    return [
        {
            "name": tenant.agency.short_name,
            "full_name": tenant.agency.name,
            "counters": [
                {"code": c.code, "name": c.name}
                for c in by_counter_number(tenant.counters)
                if c.active
            ],  # fmt: skip
            "services": service_choices(tenant.services, lang),
        }
        for tenant in active_tenants(session, mpp)
        if any(c.active for c in tenant.counters)
    ]


def service_choices(services: list[Service], lang: str = "id") -> list[dict]:
    return [
        {"code": s.code, "name": (s.name_en or s.name) if lang == "en" else s.name}
        for s in services
        if s.active
    ]
