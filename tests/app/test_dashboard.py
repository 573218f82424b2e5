import datetime as dt
import re

import pytest
import time_machine

from analysis.skm import ELEMENT_CODES
from surveys.responses import submit_response
from surveys.validation import parse_submission
from tests.factories import login, make_mpp, make_user, submission_payload

# Answers given in November 2026; the pages are opened in December, when November is the last
# complete month and so the default period.
ANSWERED_AT = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)  # 10:00 WIB
OPENED_AT = dt.datetime(2026, 12, 10, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(OPENED_AT, tick=True):
        yield


def submit_some(session, mpp, per_counter=12):
    now = ANSWERED_AT
    for index, counter in enumerate(("L00", "L01", "L10", "L11")):
        for i in range(per_counter):
            answers = {c: 1 + (i + index + j) % 4 for j, c in enumerate(ELEMENT_CODES)}
            payload = submission_payload(counter=counter, service=None, answers=answers,
                                         submitted_at=now.isoformat())  # fmt: skip
            channel = "qr" if i % 3 == 0 else "kiosk"
            submit_response(
                session, parse_submission(payload, now, channel=channel), mpp, None, now
            )


@pytest.fixture
def two_mpps(session):
    first, second = make_mpp(session, code="mpp-a"), make_mpp(session, code="mpp-b")
    submit_some(session, first)
    submit_some(session, second, per_counter=3)
    return first, second


CHARTS = ("elements", "trend", "counters", "heatmap", "ipa")


def test_landing_redirects_to_the_users_own_mpp(client, session, two_mpps):
    _first, second = two_mpps
    login(client, make_user(session, "manager", mpps=[second]))
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response.location.endswith("/dashboard/mpp-b/")
    page = client.get("/dashboard/mpp-b/").get_data(as_text=True)
    assert "MPP Uji" in page and 'method="get"' in page and 'name="period"' in page


def test_signed_out_users_go_to_the_login_page(client, session, two_mpps):
    assert client.get("/dashboard/mpp-a/").status_code == 302  # to the login page


def test_another_mpps_manager_gets_404_everywhere(client, session, two_mpps):
    _first, second = two_mpps
    login(client, make_user(session, "manager", mpps=[second]))
    urls = ["/dashboard/mpp-a/", "/dashboard/mpp-a/counter/L00", "/dashboard/mpp-a/counters.csv",
            *(f"/dashboard/mpp-a/chart/{name}.svg" for name in CHARTS)]  # fmt: skip
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.get("/dashboard/mpp-b/counter/L99").status_code == 404


def test_the_page_shows_the_numbers_and_the_counters(client, session, two_mpps):
    first, _second = two_mpps
    login(client, make_user(session, "manager", mpps=[first]))
    page = client.get("/dashboard/mpp-a/").get_data(as_text=True)
    assert "IKM" in page and "Loket 00" in page and "Loket 11" in page
    assert "/dashboard/mpp-a/counter/L10" in page
    assert "Jumlah pengunjung belum diisi" in page  # no monthly figures entered
    for name in CHARTS:
        assert f"/dashboard/mpp-a/chart/{name}.svg" in page
    assert "<script>" not in page and 'style="' not in page and "onclick" not in page


def test_filters_are_kept_in_chart_links_and_the_counter_view(client, session, two_mpps):
    first, _second = two_mpps
    login(client, make_user(session, "manager", mpps=[first]))
    response = client.get("/dashboard/mpp-a/?counter=L10&channel=qr")
    assert response.status_code == 302
    assert "/dashboard/mpp-a/counter/L10" in response.location and "channel=qr" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "Loket 10" in page and "chart/trend.svg?" in page
    assert re.search(r"chart/trend\.svg\?[^\"]*counter=L10", page)
    assert re.search(r"chart/trend\.svg\?[^\"]*channel=qr", page)


@pytest.mark.parametrize(
    "query, word",
    [("period=2026-13", "Periode"), ("period=range&from=2026-02-10&to=2026-02-01", "Periode"),
     ("tenant=abc", "Instansi"), ("counter=NOPE", "Loket"), ("service=X", "Layanan"),
     ("channel=sms", "Kanal")],
)  # fmt: skip
def test_a_bad_filter_is_a_400_with_a_message(client, session, two_mpps, query, word):
    first, _second = two_mpps
    login(client, make_user(session, "manager", mpps=[first]))
    response = client.get(f"/dashboard/mpp-a/?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Filter tidak dapat dipakai" in page and word in page
    chart = client.get(f"/dashboard/mpp-a/chart/elements.svg?{query}")
    assert chart.status_code == 400
    assert client.get(f"/dashboard/mpp-a/counters.csv?{query}").status_code == 400


def test_another_mpps_tenant_in_the_filter_is_refused(client, session, two_mpps):
    first, second = two_mpps
    login(client, make_user(session, "manager", mpps=[first]))
    assert client.get(f"/dashboard/mpp-a/?tenant={second.tenants[0].id}").status_code == 400


def test_officer_sees_only_its_own_counters(client, session, two_mpps):
    first, _second = two_mpps
    tenant, other = first.tenants
    login(client, make_user(session, "officer", tenant=tenant))
    assert client.get("/dashboard/").location.endswith("/dashboard/mpp-a/")
    page = client.get("/dashboard/mpp-a/").get_data(as_text=True)
    assert "Loket 00" in page and "Loket 01" in page
    assert "Loket 10" not in page and "Loket 11" not in page
    assert client.get("/dashboard/mpp-a/counter/L00").status_code == 200
    assert client.get("/dashboard/mpp-a/counter/L10").status_code == 404
    assert client.get(f"/dashboard/mpp-a/?tenant={other.id}").status_code == 400
    assert client.get("/dashboard/mpp-a/chart/elements.svg?counter=L10").status_code == 400
    csv = client.get("/dashboard/mpp-a/counters.csv").get_data(as_text=True)
    assert "L00" in csv and "L10" not in csv
    assert "Antrean cukup lama" not in page  # comments are never on the dashboard
    assert client.get("/dashboard/mpp-b/").status_code == 404


def test_charts_are_svg_and_revalidate_with_an_etag(client, session, two_mpps):
    first, _second = two_mpps
    login(client, make_user(session, "manager", mpps=[first]))
    for name in CHARTS:
        response = client.get(f"/dashboard/mpp-a/chart/{name}.svg")
        assert response.status_code == 200 and response.mimetype == "image/svg+xml", name
        assert b"<svg" in response.data
        again = client.get(f"/dashboard/mpp-a/chart/{name}.svg",
                           headers={"If-None-Match": response.headers["ETag"]})  # fmt: skip
        assert again.status_code == 304
    assert client.get("/dashboard/mpp-a/chart/nope.svg").status_code == 404
    empty = client.get("/dashboard/mpp-a/chart/trend.svg?period=2021-01")
    assert empty.status_code == 200 and empty.mimetype == "image/svg+xml"


def test_an_empty_period_says_what_to_do(client, session, two_mpps):
    first, _second = two_mpps
    login(client, make_user(session, "manager", mpps=[first]))
    page = client.get("/dashboard/mpp-a/?period=2021-01").get_data(as_text=True)
    assert "Belum ada tanggapan untuk periode ini" in page
    assert "Lihat bulan terakhir yang berisi data" in page


def test_counters_csv_uses_dot_decimals(app, client, session, two_mpps):
    first, _second = two_mpps
    login(client, make_user(session, "manager", mpps=[first]))
    response = client.get("/dashboard/mpp-a/counters.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0].startswith("kode_loket,") and len(lines) == 5
    assert re.search(r",12,\d{2}\.\d{2},,,", lines[1])  # 12 answers, under 30: no grade, no label
    app.config["MIN_RESPONSES"] = 10
    lines = client.get("/dashboard/mpp-a/counters.csv").get_data(as_text=True).splitlines()
    assert re.search(r",12,\d{2}\.\d{2},[ABCD],", lines[1])


def test_open_complaints_and_alerts_cards(client, session, two_mpps):
    first, _second = two_mpps
    login(client, make_user(session, "manager", mpps=[first]))
    page = client.get("/dashboard/mpp-a/").get_data(as_text=True)
    assert "Pengaduan terbuka" in page and "Peringatan terbuka" in page
    officer = make_user(session, "officer", tenant=first.tenants[0])
    other = client.application.test_client()
    login(other, officer)
    page = other.get("/dashboard/mpp-a/").get_data(as_text=True)
    assert "Pengaduan terbuka" in page and "Peringatan terbuka" not in page


def test_the_default_period_is_the_last_complete_month_and_the_running_one_says_so(
    client, session, two_mpps
):
    first, _second = two_mpps
    login(client, make_user(session, "manager", mpps=[first]))
    page = client.get("/dashboard/mpp-a/").get_data(as_text=True)
    assert re.search(r'<p class="lead">November 2026', page)  # opened on 10 December
    assert '<option value="2026-12">1–10 Desember 2026, belum lengkap</option>' in page
    assert "Triwulan IV 2026 (1 Oktober – 10 Desember 2026), belum lengkap" in page
    english = client.get("/dashboard/mpp-a/?lang=en").get_data(as_text=True)
    assert '<option value="2026-12">1–10 December 2026, incomplete</option>' in english
    report = client.get("/reports/mpp-a?lang=id").get_data(as_text=True)
    assert '<option value="2026-11" selected>November 2026</option>' in report
    assert "1–10 Desember 2026, belum lengkap" in report
