"""Running the mall's catalogue: tenants from the agency catalogue, counters and services.

Nothing is ever deleted: answers refer to counters and services, so they are deactivated (and
can be activated again). A deactivated counter leaves the kiosk's pickers and its QR sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from surveys.errors import InvalidSubmission, NotFound
from surveys.models import Agency, Counter, Device, Mpp, Response, Service, Tenant
from surveys.text import CONTROL_CHARACTERS, has_control_characters

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
SERVICE_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def agencies_to_add(session: Session, mpp: Mpp) -> list[Agency]:
    """Agencies of the national catalogue not yet serving at this MPP."""
    present = {t.agency_id for t in mpp.tenants}
    agencies = session.scalars(select(Agency).order_by(Agency.short_name))
    return [a for a in agencies if a.id not in present]


def add_tenant(session: Session, mpp: Mpp, agency_id: int) -> Tenant:
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise InvalidSubmission("Choose an agency from the catalogue.", {"agency": "unknown"})
    existing = session.scalar(
        select(Tenant).where(Tenant.mpp_id == mpp.id, Tenant.agency_id == agency.id)
    )
    if existing is not None:
        if existing.active:
            raise InvalidSubmission("This agency already serves here.", {"agency": "present"})
        existing.active = True
        session.commit()
        return existing
    tenant = Tenant(mpp_id=mpp.id, agency_id=agency.id)
    session.add(tenant)
    session.commit()
    return tenant


def set_active(session: Session, item: Tenant | Counter | Service, active: bool) -> None:
    """Deactivate (or activate again) a tenant, counter or service."""
    item.active = active
    session.commit()


def tenant_at(session: Session, mpp: Mpp, tenant_id: int) -> Tenant:
    tenant = session.get(Tenant, tenant_id)
    if tenant is None or tenant.mpp_id != mpp.id:
        raise NotFound("No such tenant at this MPP.", {"tenant": "not found"})
    return tenant


def counter_at(session: Session, mpp: Mpp, counter_id: int) -> Counter:
    counter = session.get(Counter, counter_id)
    if counter is None or counter.mpp_id != mpp.id:
        raise NotFound("No such counter at this MPP.", {"counter": "not found"})
    return counter


def service_at(session: Session, mpp: Mpp, service_id: int) -> Service:
    service = session.get(Service, service_id)
    if service is None or service.mpp_id != mpp.id:
        raise NotFound("No such service at this MPP.", {"service": "not found"})
    return service


def add_counter(session: Session, mpp: Mpp, tenant: Tenant, code: str, name: str) -> Counter:
    code, name = (code or "").strip(), (name or "").strip()
    errors = _name_errors(name, 80)
    if not CODE_PATTERN.match(code):
        errors["code"] = "letters, digits, . _ - (up to 20)"
    elif session.scalar(select(Counter.id).where(Counter.mpp_id == mpp.id, Counter.code == code)):
        errors["code"] = "already used at this MPP"
    if errors:
        raise InvalidSubmission("The counter was not added.", errors)
    counter = Counter(mpp_id=mpp.id, tenant_id=tenant.id, code=code, name=name)
    session.add(counter)
    session.commit()
    return counter


def rename(session: Session, item: Counter | Service, name: str, name_en: str | None = None):
    """Rename a counter or service (its code, printed on QR codes, stays)."""
    name = (name or "").strip()
    errors = _name_errors(name, 80 if isinstance(item, Counter) else 160)
    if isinstance(item, Service) and name_en is not None:
        errors.update(_name_errors(name_en.strip()[:160], 160, "name_en", required=False))
    if errors:
        raise InvalidSubmission("The name was not changed.", errors)
    item.name = name
    if isinstance(item, Service) and name_en is not None:
        item.name_en = name_en.strip()[:160]
    session.commit()


def add_service(
    session: Session, mpp: Mpp, tenant: Tenant, code: str, name: str, name_en: str = ""
) -> Service:
    code, name = (code or "").strip(), (name or "").strip()
    errors = _name_errors(name, 160)
    errors.update(_name_errors((name_en or "").strip()[:160], 160, "name_en", required=False))
    if not SERVICE_CODE_PATTERN.match(code):
        errors["code"] = "letters, digits, . _ - (up to 40)"
    elif session.scalar(select(Service.id).where(Service.mpp_id == mpp.id, Service.code == code)):
        errors["code"] = "already used at this MPP"
    if errors:
        raise InvalidSubmission("The service was not added.", errors)
    service = Service(mpp_id=mpp.id, tenant_id=tenant.id, code=code, name=name,
                      name_en=(name_en or "").strip()[:160])  # fmt: skip
    session.add(service)
    session.commit()
    return service


def _name_errors(
    name: str, max_length: int, field: str = "name", required: bool = True
) -> dict[str, str]:
    if not name:
        return {field: "required"} if required else {}
    if len(name) > max_length:
        return {field: f"at most {max_length} characters"}
    if has_control_characters(name):  # a name is one line of printable text
        return {field: CONTROL_CHARACTERS}
    return {}


def suggested_counter_code(mpp: Mpp, session: Session) -> str:
    """The next free Lnn code."""
    codes = set(session.scalars(select(Counter.code).where(Counter.mpp_id == mpp.id)))
    n = 1
    while f"L{n:02d}" in codes:
        n += 1
    return f"L{n:02d}"


@dataclass(frozen=True)
class MallOverview:
    tenants: int
    counters: int
    services: int
    devices: int
    open_complaints: int
    open_alerts: int
    flagged: int
    excluded: int


def mall_overview(session: Session, mpp: Mpp) -> MallOverview:
    """The counts on the management home page."""
    from surveys.alerts import open_alert_count
    from surveys.complaints import open_complaint_count

    active = [t for t in mpp.tenants if t.active]
    flags = session.execute(
        select(func.count(), func.coalesce(func.sum(case((Response.excluded, 1), else_=0)), 0))
        .where(Response.mpp_id == mpp.id, Response.flag_reason.is_not(None))
    ).one()  # fmt: skip
    devices = session.scalar(select(func.count()).select_from(Device).where(
        Device.mpp_id == mpp.id, Device.revoked_at.is_(None)))  # fmt: skip
    return MallOverview(
        tenants=len(active),
        counters=sum(1 for t in active for c in t.counters if c.active),
        services=sum(1 for t in active for s in t.services if s.active),
        devices=int(devices), open_complaints=open_complaint_count(session, mpp.id),
        open_alerts=open_alert_count(session, mpp.id), flagged=int(flags[0]),
        excluded=int(flags[1]),
    )  # fmt: skip


@dataclass(frozen=True)
class FlaggedSummary:
    responses: list[Response]
    excluded: int

    @property
    def total(self) -> int:
        return len(self.responses)


def flagged_summary(session: Session, mpp: Mpp, date_from=None, date_to=None) -> FlaggedSummary:
    """The MPP's flagged answers (newest first) and how many of them are excluded."""
    from surveys.abuse import flagged_responses

    responses = flagged_responses(session, mpp.id, date_from, date_to)[::-1]
    return FlaggedSummary(responses, sum(1 for r in responses if r.excluded))


def flagged_response_at(session: Session, mpp: Mpp, response_id: int) -> Response:
    response = session.get(Response, response_id)
    if response is None or response.mpp_id != mpp.id or response.flag_reason is None:
        raise NotFound("No such flagged answer at this MPP.", {"response": "not found"})
    return response


def devices_of(session: Session, mpp: Mpp) -> list[Device]:
    """The MPP's kiosk devices, active ones first."""
    query = select(Device).where(Device.mpp_id == mpp.id)
    return list(session.scalars(query.order_by(Device.revoked_at.is_not(None), Device.id.desc())))


def device_at(session: Session, mpp: Mpp, device_id: int) -> Device:
    device = session.get(Device, device_id)
    if device is None or device.mpp_id != mpp.id:
        raise NotFound("No such device at this MPP.", {"device": "not found"})
    return device
