"""Issue 14, items 3 and 4: every user reaches all of their MPPs, and lands on their work.

A manager of two MPPs, an evaluator and an admin switch MPP with the picker on the dashboard and
the report; the national table and the MPP page link to each MPP's dashboard and report; after
sign-in each role lands on its own first page; the home page offers only links that open.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from tests.factories import PASSWORD, csrf_token, login, make_mpp, make_user

OPENED_AT = dt.datetime(2026, 12, 10, 3, 0, tzinfo=dt.UTC)  # 10:00 WIB; November is complete


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(OPENED_AT, tick=True):
        yield


@pytest.fixture
def world(session):
    """Three MPPs (names sort b < a < c on purpose), one manager of two, one of the third."""
    a = make_mpp(session, code="mpp-a")
    b = make_mpp(session, code="mpp-b", zone="WITA")
    c = make_mpp(session, code="mpp-c", zone="WIT")
    a.name, b.name, c.name = "MPP Kota Beta", "MPP Kabupaten Alfa", "MPP Kota Gama"
    session.commit()
    users = {
        "manager": make_user(session, "manager", mpps=[a, b]),
        "single": make_user(session, "manager", mpps=[c]),
        "officer": make_user(session, "officer", tenant=a.tenants[0]),
        "evaluator": make_user(session, "evaluator"),
        "admin": make_user(session, "admin"),
    }
    return {"mpps": (a, b, c), **users}


def picker_options(page: str) -> list[str]:
    """The MPP codes offered by the picker (empty when there is no picker)."""
    form = re.search(r'<form class="mpp-picker".*?</form>', page, re.S)
    return re.findall(r'<option value="([^"]+)"', form.group(0)) if form else []


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


# --- item 4: landing after sign-in ---------------------------------------------------------


@pytest.mark.parametrize(
    "who, landing",
    [("manager", "/dashboard/"), ("officer", "/dashboard/"), ("evaluator", "/national/"),
     ("admin", "/admin/users")],
)  # fmt: skip
def test_each_role_lands_on_its_work_after_sign_in(client, world, who, landing):
    response = login(client, world[who])
    assert response.status_code == 302 and response.location == landing


def test_a_safe_next_wins_over_the_landing_page(client, world):
    token = csrf_token(client)
    response = client.post("/auth/login?next=/reports/mpp-a", data={
        "csrf_token": token, "email": world["manager"].email, "password": PASSWORD})  # fmt: skip
    assert response.location == "/reports/mpp-a"


def test_an_unsafe_next_falls_back_to_the_landing_page(client, world):
    token = csrf_token(client)
    response = client.post("/auth/login?next=//evil.example/", data={
        "csrf_token": token, "email": world["evaluator"].email, "password": PASSWORD})  # fmt: skip
    assert response.location == "/national/"


def test_after_the_code_step_the_role_lands_on_its_work(app, client, session, world):
    import pyotp

    app.config["TOTP_REQUIRED_ROLES"] = ("admin", "evaluator")
    evaluator = world["evaluator"]
    evaluator.totp_secret = pyotp.random_base32()
    session.commit()
    assert login(client, evaluator).location.endswith("/auth/totp")
    token = csrf_token(client, "/auth/totp")
    code = pyotp.TOTP(evaluator.totp_secret).now()
    response = client.post("/auth/totp", data={"csrf_token": token, "code": code})
    assert response.status_code == 302 and response.location == "/national/"


# --- item 4: the home page offers only links that open -------------------------------------


def home_links(client) -> list[str]:
    page = page_of(client, "/")
    return re.findall(r'<span class="work-links">(.*?)</span>', page, re.S)


@pytest.mark.parametrize("who", ["manager", "single", "officer", "evaluator", "admin"])
def test_every_link_on_the_home_page_opens(client, world, who):
    login(client, world[who])
    page = page_of(client, "/")
    urls = re.findall(r'href="(/(?:dashboard|reports|manage)/[^"]+)"', page)
    assert urls
    for url in urls:
        assert client.get(url).status_code in (200, 302), url


def test_the_home_page_offers_qr_sheets_only_to_their_managers(client, world):
    assert "/manage/" not in page_of(client, "/")  # signed out: no work links at all
    login(client, world["manager"])
    page = page_of(client, "/")
    assert set(re.findall(r'href="/manage/([^/"]+)/qr"', page)) == {"mpp-a", "mpp-b"}
    login(client, world["officer"])
    page = page_of(client, "/")
    assert "/qr" not in page and set(re.findall(r'href="/dashboard/([^/"]+)/"', page)) == {"mpp-a"}
    login(client, world["evaluator"])
    page = page_of(client, "/")
    assert "/qr" not in page
    assert set(re.findall(r'href="/reports/([^/"]+)"', page)) == {"mpp-a", "mpp-b", "mpp-c"}


# --- item 3: the MPP picker ----------------------------------------------------------------


@pytest.mark.parametrize("where", ["/dashboard/mpp-a/", "/reports/mpp-a"])
def test_the_picker_lists_exactly_the_users_mpps(client, world, where):
    login(client, world["manager"])
    assert sorted(picker_options(page_of(client, where))) == ["mpp-a", "mpp-b"]
    login(client, world["evaluator"])
    assert sorted(picker_options(page_of(client, where))) == ["mpp-a", "mpp-b", "mpp-c"]
    login(client, world["admin"])
    assert sorted(picker_options(page_of(client, where))) == ["mpp-a", "mpp-b", "mpp-c"]


@pytest.mark.parametrize("where", ["/dashboard/mpp-", "/reports/mpp-"])
def test_no_picker_for_a_user_of_one_mpp(client, world, where):
    login(client, world["single"])
    assert picker_options(page_of(client, where + "c" + ("/" if "dash" in where else ""))) == []
    login(client, world["officer"])
    assert picker_options(page_of(client, where + "a" + ("/" if "dash" in where else ""))) == []


def test_the_manager_of_two_mpps_switches_the_dashboard_keeping_the_period(client, world):
    login(client, world["manager"])
    assert client.get("/dashboard/").location.endswith("/dashboard/mpp-b/")  # Alfa sorts first
    tenant = world["mpps"][1].tenants[0].id
    page = page_of(client, f"/dashboard/mpp-b/?period=2026-10&tenant={tenant}")
    picker = re.search(r'<form class="mpp-picker".*?</form>', page, re.S).group(0)
    assert '<input type="hidden" name="period" value="2026-10">' in picker
    assert 'name="tenant"' not in picker
    response = client.get("/dashboard/?mpp=mpp-a&period=2026-10&tenant=5&counter=L00")
    assert response.location == "/dashboard/mpp-a/?period=2026-10"  # per-MPP filters dropped
    assert "MPP Kota Beta" in page_of(client, response.location)


def test_the_manager_of_two_mpps_switches_the_report_keeping_the_period(client, world):
    login(client, world["manager"])
    response = client.get("/reports/?mpp=mpp-a&period=2026-Q3")
    assert response.location == "/reports/mpp-a?period=2026-Q3"
    page = page_of(client, response.location)
    assert 'value="2026-Q3"' in page and "MPP Kota Beta" in page


@pytest.mark.parametrize("where", ["/dashboard/?mpp=mpp-c", "/reports/?mpp=mpp-c"])
def test_the_picker_never_opens_an_mpp_outside_the_scope(client, world, where):
    login(client, world["manager"])
    assert client.get(where).status_code == 404
    assert client.get(where.replace("mpp-c", "no-such-mpp")).status_code == 404


def test_the_dashboard_and_the_report_link_to_each_other_for_the_same_period(client, world):
    login(client, world["evaluator"])
    page = page_of(client, "/dashboard/mpp-c/?period=2026-10")
    assert 'href="/reports/mpp-c?period=2026-10"' in page
    page = page_of(client, "/reports/mpp-c?period=2026-10")
    assert 'href="/dashboard/mpp-c/?period=2026-10"' in page


def test_a_bad_filter_still_offers_the_picker(client, world):
    login(client, world["evaluator"])
    response = client.get("/dashboard/mpp-a/?period=2026-13")
    assert response.status_code == 400
    assert len(picker_options(response.get_data(as_text=True))) == 3


# --- item 3: links from the national table and the MPP page --------------------------------


def test_the_national_table_links_every_row_to_its_dashboard_and_report(client, world):
    login(client, world["evaluator"])
    page = page_of(client, "/national/?year=2026")
    for code in ("mpp-a", "mpp-b", "mpp-c"):
        assert f'href="/dashboard/{code}/"' in page and f'href="/reports/{code}"' in page
    login(client, world["manager"])
    page = page_of(client, "/national/?year=2026")
    assert set(re.findall(r'href="/dashboard/([^/"]+)/"', page)) == {"mpp-a", "mpp-b"}


@pytest.mark.parametrize("who", ["manager", "evaluator", "admin"])
def test_the_mpp_page_links_to_that_mpps_dashboard_and_report(client, world, who):
    login(client, world[who])
    page = page_of(client, "/national/mpp/mpp-a?year=2026")
    for url in ("/dashboard/mpp-a/", "/reports/mpp-a"):
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200
