"""Running the mall's catalogue: tenants, counters, services."""

import pytest

from surveys import mall
from surveys.catalogue import kiosk_catalogue
from surveys.errors import InvalidSubmission, NotFound
from surveys.models import Agency
from tests.factories import make_mpp


def test_add_and_deactivate_tenant_counter_service(session):
    mpp = make_mpp(session)
    agency = Agency(code="samsat", name="Samsat", short_name="Samsat")
    session.add(agency)
    session.commit()
    assert agency in mall.agencies_to_add(session, mpp)
    tenant = mall.add_tenant(session, mpp, agency.id)
    with pytest.raises(InvalidSubmission):
        mall.add_tenant(session, mpp, agency.id)
    counter = mall.add_counter(session, mpp, tenant, "L20", "Loket 20")
    with pytest.raises(InvalidSubmission) as taken:
        mall.add_counter(session, mpp, tenant, "L20", "Again")
    assert taken.value.fields == {"code": "already used at this MPP"}
    service = mall.add_service(session, mpp, tenant, "pkb", "Pajak kendaraan", "Vehicle tax")
    mall.rename(session, counter, "Loket Samsat")
    mall.rename(session, service, "PKB tahunan", "Annual vehicle tax")
    assert counter.name == "Loket Samsat" and service.name_en == "Annual vehicle tax"
    names = [t["name"] for t in kiosk_catalogue(session, mpp)]
    assert "Samsat" in names
    mall.set_active(session, counter, False)
    assert "Samsat" not in [t["name"] for t in kiosk_catalogue(session, mpp)]
    with pytest.raises(InvalidSubmission):
        mall.rename(session, counter, " ")
    with pytest.raises(InvalidSubmission):
        mall.add_counter(session, mpp, tenant, "bad code!", "x")


def test_lookups_refuse_another_mpps_items(session):
    mine, other = make_mpp(session), make_mpp(session)
    with pytest.raises(NotFound):
        mall.counter_at(session, mine, other.tenants[0].counters[0].id)
    with pytest.raises(NotFound):
        mall.tenant_at(session, mine, other.tenants[0].id)
    assert mall.suggested_counter_code(mine, session) == "L02"  # L00, L01 taken
