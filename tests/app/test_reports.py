"""The report page and its downloads: scoped per role, correct files, publication form."""

from __future__ import annotations

import io
import re
import struct

import openpyxl
import pytest

from surveys.models import Response
from tests.factories import csrf_token, login, make_mpp, make_user
from tests.surveys.test_reports import NOW, load_worked_example, submit, xlsx_ikm

PERIOD = "period=2026-10"


@pytest.fixture
def mall(session):
    mpp = make_mpp(session)
    load_worked_example(session, mpp)
    submit(session, mpp, {"waktu": 3}, counter="L10", comment='=HYPERLINK("http://x")')
    return mpp


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def as_user(client, session, role, **kwargs):
    user = make_user(session, role, **kwargs)
    login(client, user)
    return user


def test_manager_sees_the_report_with_indonesian_numbers(client, session, mall):
    as_user(client, session, "manager", mpps=[mall])
    page = client.get(f"/reports/{mall.code}?{PERIOD}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "3,6207" in html  # NRR of persyaratan, 105/29, with a decimal comma
    assert '<option value="2026-10" selected>' in html
    assert client.get(f"/reports/{mall.code}/elements.svg?{PERIOD}").mimetype == "image/svg+xml"
    english = client.get(f"/reports/{mall.code}?{PERIOD}&lang=en").get_data(as_text=True)
    assert "3.6207" in english and "Requirements" in english
    assert client.get("/reports/").headers["Location"].endswith(f"/reports/{mall.code}")


def test_downloads_for_the_manager(client, session, mall):
    as_user(client, session, "manager", mpps=[mall])
    xlsx = client.get(f"/reports/{mall.code}/skm.xlsx?{PERIOD}")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["Content-Disposition"]
    assert xlsx_ikm(xlsx.data) == (30, pytest.approx(91.48, abs=0.5))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    assert "Komentar" in book.sheetnames  # the MPP's manager reads comments
    comment = book["Komentar"]["D2"]
    assert comment.value.startswith("'=") and comment.data_type == "s"  # never a formula
    pdf = client.get(f"/reports/{mall.code}/skm.pdf?{PERIOD}")
    assert pdf.data.startswith(b"%PDF") and page_count(pdf.data) == 3
    publish_period(client, mall)  # a poster's QR opens the public page: published periods only
    png = client.get(f"/reports/{mall.code}/poster.png?{PERIOD}")
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png.data[16:24]) == (1240, 1754)
    poster = client.get(f"/reports/{mall.code}/poster.pdf?{PERIOD}")
    assert poster.data.startswith(b"%PDF") and page_count(poster.data) == 1


def publish_period(client, mall, period="2026-10"):
    token = csrf_token(client, f"/reports/{mall.code}?period={period}")
    data = {"csrf_token": token, "period": period, "action": "publish"}
    answer = client.post(f"/reports/{mall.code}/publication", data=data)
    assert answer.status_code == 302


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [("id", "Poster hanya untuk periode yang sudah dipublikasikan"),
     ("en", "Posters are for published periods only")],
)  # fmt: skip
def test_an_unpublished_periods_poster_cannot_be_downloaded(client, session, mall, lang, sentence):
    """Its QR would open a public page that says nothing is published."""
    as_user(client, session, "manager", mpps=[mall])
    page = client.get(f"/reports/{mall.code}?{PERIOD}&lang={lang}").get_data(as_text=True)
    assert "poster.pdf" not in page and "poster.png" not in page
    for ext in ("pdf", "png"):
        refused = client.get(f"/reports/{mall.code}/poster.{ext}?{PERIOD}")
        assert refused.status_code == 409 and sentence in refused.get_data(as_text=True)
    publish_period(client, mall)
    page = client.get(f"/reports/{mall.code}?{PERIOD}").get_data(as_text=True)
    assert "poster.pdf" in page
    assert client.get(f"/reports/{mall.code}/poster.pdf?{PERIOD}").status_code == 200
    assert client.get(f"/mpp/{mall.code}").get_data(as_text=True).count("poster-2026-10") >= 1


def test_tenant_unit_report(client, session, mall):
    as_user(client, session, "manager", mpps=[mall])
    tenant = mall.tenants[1]
    page = client.get(f"/reports/{mall.code}?{PERIOD}&unit={tenant.id}")
    assert page.status_code == 200 and tenant.name in page.get_data(as_text=True)
    xlsx = client.get(f"/reports/{mall.code}/skm.xlsx?{PERIOD}&unit={tenant.id}")
    assert xlsx_ikm(xlsx.data)[0] == 1


def test_evaluator_reads_without_comments_and_cannot_publish(client, session, mall):
    as_user(client, session, "evaluator")
    xlsx = client.get(f"/reports/{mall.code}/skm.xlsx?{PERIOD}")
    assert xlsx.status_code == 200
    assert "Komentar" not in openpyxl.load_workbook(io.BytesIO(xlsx.data)).sheetnames
    token = csrf_token(client, f"/reports/{mall.code}?{PERIOD}")
    answer = client.post(
        f"/reports/{mall.code}/publication",
        data={"csrf_token": token, "period": "2026-10", "action": "publish"},
    )
    assert answer.status_code == 403


@pytest.mark.parametrize(
    "path",
    ["", "/skm.xlsx", "/skm.pdf", "/poster.pdf", "/poster.png", "/elements.svg"],
)
def test_manager_of_another_mpp_gets_404(client, session, mall, path):
    other = make_mpp(session)
    as_user(client, session, "manager", mpps=[other])
    assert client.get(f"/reports/{mall.code}{path}?{PERIOD}").status_code == 404
    tenant = mall.tenants[0]
    assert client.get(f"/reports/{other.code}{path}?{PERIOD}&unit={tenant.id}").status_code == 404


def test_officer_sees_only_their_tenant(client, session, mall):
    own, other = mall.tenants
    as_user(client, session, "officer", tenant=own)
    page = client.get(f"/reports/{mall.code}?{PERIOD}")
    assert page.status_code == 200 and "Seluruh MPP" not in page.get_data(as_text=True)
    assert client.get(f"/reports/{mall.code}?{PERIOD}&unit=mpp").status_code == 404
    assert client.get(f"/reports/{mall.code}/skm.xlsx?{PERIOD}&unit={other.id}").status_code == 404
    xlsx = client.get(f"/reports/{mall.code}/skm.xlsx?{PERIOD}&unit={own.id}")
    assert xlsx_ikm(xlsx.data)[0] == 29


@pytest.mark.parametrize("query", ["period=2026-13", "period=x", "period=2026-Q9", "unit=abc",
                                   "unit=99999999999999999999", "unit=9999999999"])  # fmt: skip
def test_bad_parameters_are_4xx(client, session, mall, query):
    as_user(client, session, "manager", mpps=[mall])
    for path in ("", "/skm.xlsx", "/poster.png"):
        answer = client.get(f"/reports/{mall.code}{path}?{query}")
        assert answer.status_code in (400, 404)
    assert "2026-Q3" in client.get(f"/reports/{mall.code}?period=2026-13").get_data(as_text=True)


def test_anonymous_is_sent_to_sign_in(client, mall):
    assert client.get(f"/reports/{mall.code}").status_code == 302
    assert client.get(f"/reports/{mall.code}/skm.xlsx").status_code == 302


def test_excluded_responses_are_left_out(client, session, mall):
    from surveys.rollups import set_excluded

    as_user(client, session, "manager", mpps=[mall])
    response = session.query(Response).filter(Response.comment.is_not(None)).first()
    set_excluded(session, response, True)
    xlsx = client.get(f"/reports/{mall.code}/skm.xlsx?{PERIOD}")
    assert xlsx_ikm(xlsx.data) == (29, 91.48)
    assert NOW.month == 10
