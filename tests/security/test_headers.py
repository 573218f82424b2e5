"""Issue 13, item 19 (and the Retry-After of item 11): pages with personal data are never
cached, and QR codes and posters carry the configured public address, never the Host header."""

import io

import pytest
import segno
from sqlalchemy import select

from app.public.qr_views import public_url, survey_url
from surveys.models import Device
from tests.factories import csrf_token, login, make_mpp, make_user

PUBLIC = "https://mutu.example.go.id"


@pytest.fixture
def manager(app, session):
    mpp = make_mpp(session)
    client = app.test_client()
    login(client, make_user(session, "manager", mpps=[mpp]))
    return client, mpp


@pytest.mark.parametrize(
    "url",
    ["/inbox/", "/dashboard/{m}/", "/dashboard/{m}/counters.csv", "/reports/{m}",
     "/reports/{m}/skm.xlsx", "/manage/{m}/", "/manage/{m}/flagged", "/", "/mpp/{m}"],
)  # fmt: skip
def test_a_signed_in_user_is_sent_nothing_a_cache_may_keep(manager, url):
    client, mpp = manager
    response = client.get(url.format(m=mpp.code))
    assert response.status_code == 200, url
    assert response.headers["Cache-Control"] == "no-store", url


def test_downloads_are_no_store_and_anonymous_pages_stay_cacheable(app, session, client):
    mpp = make_mpp(session)
    evaluator = app.test_client()
    login(evaluator, make_user(session, "evaluator"))
    export = evaluator.get("/national/export.csv")
    assert "attachment" in export.headers["Content-Disposition"]
    assert export.headers["Cache-Control"] == "no-store"
    public = client.get(f"/s/{mpp.code}/L00/qr.svg")
    assert public.headers["Cache-Control"] == "public, max-age=86400"
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


def test_after_sign_out_the_pages_are_anonymous_again(manager):
    client, mpp = manager
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/inbox/")})
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


def test_a_429_or_503_without_retry_after_gets_one(app, client):
    app.add_url_rule("/_busy/<int:status>", "busy", lambda status: ("", status))
    assert client.get("/_busy/429").headers["Retry-After"] == "60"
    assert client.get("/_busy/503").headers["Retry-After"] == "5"


def _qr_svg(url: str, title: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, border=2, xmldecl=False,
                                    svgns=True, title=title)  # fmt: skip
    return buffer.getvalue()


def test_a_qr_code_carries_the_public_url_whatever_the_host_header(app, client, session):
    app.config["PUBLIC_URL"] = PUBLIC + "/"
    mpp = make_mpp(session)
    forged = client.get(f"/s/{mpp.code}/L00/qr.svg", headers={"Host": "evil.example"})
    assert forged.status_code == 200
    assert forged.data == _qr_svg(f"{PUBLIC}/s/{mpp.code}/L00", "L00")
    with app.test_request_context("/", headers={"Host": "evil.example"}):
        assert survey_url(mpp.code, "L00") == f"{PUBLIC}/s/{mpp.code}/L00"
        assert public_url("public.mpp_page", mpp_code=mpp.code) == f"{PUBLIC}/mpp/{mpp.code}"


def test_the_kiosk_address_shown_to_a_manager_is_on_the_public_url(app, session, manager):
    app.config["PUBLIC_URL"] = PUBLIC
    client, mpp = manager
    token = csrf_token(client, f"/manage/{mpp.code}/devices")
    page = client.post(f"/manage/{mpp.code}/devices", data={"csrf_token": token, "label": "Tablet"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f"{PUBLIC}/kiosk/#token=" in text and "localhost/kiosk" not in text
    assert session.scalar(select(Device.label)) == "Tablet"


def test_production_without_a_public_url_refuses_to_print_the_host(app, client, session):
    app.config["ENV_NAME"] = "production"
    mpp = make_mpp(session)
    response = client.get(f"/s/{mpp.code}/L00/qr.svg", headers={"Host": "evil.example"})
    assert response.status_code == 503 and "MUTU_PUBLIC_URL" in response.get_data(as_text=True)
