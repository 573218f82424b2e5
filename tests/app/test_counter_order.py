"""Counter lists read in the order of their numbers: Loket 2 before Loket 10."""

from __future__ import annotations

import re

import pytest

from surveys.catalogue import kiosk_catalogue
from surveys.models import Counter
from surveys.numerals import natural_key
from tests.factories import login, make_mpp, make_user

NAMES = ["Loket 10", "Loket 2", "Loket 1", "Loket 9"]
IN_ORDER = ["Loket 1", "Loket 2", "Loket 9", "Loket 10"]


def test_natural_key_reads_numbers_as_numbers():
    codes = ["L10", "L2", "l1", "L9", "A10", "A2"]
    assert sorted(codes, key=natural_key) == ["A2", "A10", "l1", "L2", "L9", "L10"]


@pytest.fixture
def numbered(session):
    mpp = make_mpp(session, tenants=1)
    tenant = mpp.tenants[0]
    for counter in list(tenant.counters):
        session.delete(counter)
    for name in NAMES:
        session.add(Counter(mpp_id=mpp.id, tenant_id=tenant.id, code=name.replace("Loket ", "L"),
                            name=name))  # fmt: skip
    session.commit()
    session.refresh(tenant)
    return mpp


def _order(page: str) -> list[str]:
    return [n for n in re.findall(r"Loket \d+", page) if n in NAMES]


def test_dashboard_filter_lists_counters_by_number(client, session, numbered):
    login(client, make_user(session, "manager", mpps=[numbered]))
    page = client.get(f"/dashboard/{numbered.code}/").get_data(as_text=True)
    select = page.split('id="f-counter"')[1].split("</select>")[0]
    assert _order(select) == IN_ORDER


def test_devices_tenant_page_and_kiosk_list_counters_by_number(client, session, numbered):
    login(client, make_user(session, "manager", mpps=[numbered]))
    devices = client.get(f"/manage/{numbered.code}/devices").get_data(as_text=True)
    assert _order(devices.split("<optgroup")[1].split("</optgroup>")[0]) == IN_ORDER
    tenant = numbered.tenants[0]
    page = client.get(f"/manage/{numbered.code}/tenants/{tenant.id}").get_data(as_text=True)
    assert _order(page)[: len(NAMES)] == IN_ORDER
    (entry,) = kiosk_catalogue(session, numbered)
    assert [c["name"] for c in entry["counters"]] == IN_ORDER
