"""Item 14: control characters are refused where names and comments come in, and stored text
that holds them (rows from before the check) never makes a document fail."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from surveys import mall
from surveys.errors import InvalidSubmission
from surveys.models import Counter, Response, Service
from surveys.text import has_control_characters, printable
from tests.app.test_phone_survey import all_answered, read_form
from tests.app.test_reports import publish_period
from tests.factories import csrf_token, login, make_mpp, make_user
from tests.surveys.test_reports import load_worked_example, submit

PERIOD = "period=2026-10"
ODD = ["Loket\x01 1", "Loket\x00", "Loket\x1b[31m", "Loket\x7f", "Lok\x85et", "Loket\ud800",
       "Loket\ufffe", "Loket\n2", "Loket\t2"]  # fmt: skip


def test_the_rule_and_the_output_cleaner():
    assert all(has_control_characters(text) for text in ODD)
    assert not has_control_characters("Loket Dukcapil · Akta (é, 漢字, 🙂)")
    assert not has_control_characters("baris satu\r\nbaris dua\tdan", allow="\t\r\n")
    assert printable("A\x01B\x00C\x7f\x85\ud800\ufffeD\n") == "ABCD\n"
    assert printable("A\nB", keep="") == "AB"


@pytest.mark.parametrize("name", ODD)
def test_counter_and_service_names_with_control_characters_are_refused(session, name):
    mpp = make_mpp(session)
    tenant = mpp.tenants[0]
    with pytest.raises(InvalidSubmission) as refused:
        mall.add_counter(session, mpp, tenant, "L77", name)
    assert refused.value.fields == {"name": "contains control characters"}
    with pytest.raises(InvalidSubmission):
        mall.add_service(session, mpp, tenant, "S77", name)
    with pytest.raises(InvalidSubmission):
        mall.add_service(session, mpp, tenant, "S77", "Layanan", name_en=name)
    with pytest.raises(InvalidSubmission):
        mall.rename(session, tenant.counters[0], name)
    with pytest.raises(InvalidSubmission):
        mall.rename(session, tenant.services[0], "Layanan", name_en=name)
    assert (
        session.scalar(select(func.count()).select_from(Counter).where(Counter.code == "L77")) == 0
    )
    assert (
        session.scalar(select(func.count()).select_from(Service).where(Service.code == "S77")) == 0
    )


def test_the_manager_is_told_why_in_indonesian_and_english(app, session):
    mpp = make_mpp(session)
    client = app.test_client()
    login(client, make_user(session, "manager", mpps=[mpp]))
    tenant = mpp.tenants[0]
    token = csrf_token(client, f"/manage/{mpp.code}/tenants")
    url = f"/manage/{mpp.code}/tenants/{tenant.id}/counters"
    page = client.post(url, data={"csrf_token": token, "code": "L77", "name": "Loket\x01"},
                       follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "Belum tersimpan" in page and "berisi karakter kendali" in page
    english = {"csrf_token": token, "code": "L78", "name": "Loket\x1b"}
    page = client.post(f"{url}?lang=en", data=english, follow_redirects=True).get_data(as_text=True)
    assert "contains control characters" in page
    counter = tenant.counters[0]
    client.post(f"/manage/{mpp.code}/counters/{counter.id}",
                data={"csrf_token": token, "name": "Nama\x07baru"})  # fmt: skip
    session.refresh(counter)
    assert counter.name != "Nama\x07baru"


def test_a_device_label_with_control_characters_is_refused(app, session):
    mpp = make_mpp(session)
    client = app.test_client()
    login(client, make_user(session, "manager", mpps=[mpp]))
    token = csrf_token(client, f"/manage/{mpp.code}/devices")
    page = client.post(f"/manage/{mpp.code}/devices", data={"csrf_token": token,
                       "label": "Tablet\x01"}, follow_redirects=True)  # fmt: skip
    assert "berisi karakter kendali" in page.get_data(as_text=True)


def test_a_phone_comment_with_control_characters_gets_a_message(client, session):
    mpp = make_mpp(session)
    data = all_answered(
        read_form(client.get(f"/s/{mpp.code}/L00", follow_redirects=True).get_data(as_text=True))
    )
    data["comment"] = "Bagus\x1b[2J sekali"
    refused = client.post(f"/s/{mpp.code}/L00", data=data)
    assert refused.status_code == 422
    assert "karakter kendali" in refused.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Response)) == 0
    data["comment"] = "Baris satu\r\nbaris dua\tdan tab"  # what a textarea posts is fine
    assert client.post(f"/s/{mpp.code}/L00", data=data).status_code == 302
    assert session.scalar(select(Response.comment)) == "Baris satu\nbaris dua\tdan tab"


@pytest.fixture
def tainted(session):
    """An MPP whose stored names and comments hold control characters (from before the check)."""
    mpp = make_mpp(session)
    load_worked_example(session, mpp)
    submit(session, mpp, {"waktu": 3}, counter="L10", comment="ok")
    counter = session.scalar(select(Counter).where(Counter.mpp_id == mpp.id, Counter.code == "L00"))
    counter.name = "Loket\x01 $1$ \x0b satu"  # also a pair of dollars: not maths in a PDF
    mpp.tenants[1].counters[0].name = '=HYPERLINK("x")\x02'
    response = session.scalar(select(Response).where(Response.counter_id == counter.id))
    response.comment = "Komentar\x08\x1f lama"  # (PostgreSQL cannot store a NUL at all)
    mpp.tenants[0].agency.short_name = "Dinas $^$ \x01Uji"  # maths that cannot parse, and a control
    mpp.name = "MPP \x1b$\\frac$ Uji"
    session.commit()
    return mpp


def test_documents_never_fail_on_stored_control_characters(client, session, tainted):
    login(client, make_user(session, "manager", mpps=[tainted]))
    xlsx = client.get(f"/reports/{tainted.code}/skm.xlsx?{PERIOD}")
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str)]  # fmt: skip
    assert not any(has_control_characters(c.value, allow="\t\r\n") for c in cells)
    assert any(c.value == "Loket $1$  satu" for c in cells)
    assert any(c.value == '\'=HYPERLINK("x")' and c.data_type == "s" for c in cells)
    assert any(c.value == "Komentar lama" for c in cells)
    publish_period(client, tainted)  # a poster is printed for a published period only
    for path in ("skm.pdf", "poster.pdf", "poster.png"):
        document = client.get(f"/reports/{tainted.code}/{path}?{PERIOD}")
        assert document.status_code == 200, path
    counters = client.get(f"/dashboard/{tainted.code}/counters.csv?{PERIOD}")
    assert counters.status_code == 200
    assert "\x01" not in counters.get_data(as_text=True)
