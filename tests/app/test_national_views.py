import csv
import datetime as dt
import io
import json
import re

import pytest
import time_machine
from openpyxl import load_workbook

from app.evaluator.exports import to_csv, to_json
from surveys.national import EXPORT_COLUMNS, NationalFilters, export_records, national_table
from surveys.readiness import ReadinessAssessment
from tests.factories import csrf_token, login, make_user
from tests.surveys.test_national_seed import YEAR, national_world, short_region_codes  # noqa: F401


@pytest.fixture
def world(session):
    return national_world(session)


@pytest.fixture
def evaluator(session):
    return make_user(session, "evaluator")


def _csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_evaluator_sees_every_mpp_in_a_sortable_table(client, session, world, evaluator):
    login(client, evaluator)
    page = client.get(f"/national/?year={YEAR}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert all(mpp.name in html for mpp in world.values())
    assert "data-sortable" in html and "data kurang" in html
    assert 'style="' not in html and "<script>" not in html


def test_downloads_agree_with_each_other_and_with_the_builder(client, session, world, evaluator):
    login(client, evaluator)
    query = f"year={YEAR}&readiness=Baik"
    built = export_records(
        national_table(session, YEAR, NationalFilters.parse(readiness_label="Baik"))
    )
    as_csv = _csv_rows(client.get(f"/national/export.csv?{query}").get_data(as_text=True))
    as_json = client.get(f"/national/export.json?{query}").get_json()
    book = load_workbook(io.BytesIO(client.get(f"/national/export.xlsx?{query}").data))
    sheet = list(book.active.iter_rows(values_only=True))
    assert list(sheet[0]) == list(EXPORT_COLUMNS) == as_json["columns"]
    assert as_json["rows"] == json.loads(json.dumps(built))
    assert len(built) == len(as_csv) == len(sheet) - 1 == 1
    for record, line, cells in zip(built, as_csv, sheet[1:], strict=True):
        for k, column in enumerate(EXPORT_COLUMNS):
            assert line[column] == _as_text(record[column])
            assert (cells[k] if cells[k] is not None else None) == record[column]
    all_rows = _csv_rows(client.get(f"/national/export.csv?year={YEAR}").get_data(as_text=True))
    assert len(all_rows) == 4
    assert all("," not in r["ikm"] for r in all_rows)  # dot decimal


def test_bad_filters_are_a_clear_4xx_not_a_500(client, session, world, evaluator):
    login(client, evaluator)
    for query in ("year=abc", "year=1800", "grade=Z", "province=xx", "readiness=Hebat"):
        assert client.get(f"/national/?{query}").status_code == 422
    assert client.get("/national/export.pdf").status_code == 404
    assert client.get("/national/mpp/nope").status_code == 404


def test_manager_sees_own_mpp_beside_the_median_and_no_other_names(client, session, world):
    manager = make_user(session, "manager", mpps=[world["mid"]])
    login(client, manager)
    html = client.get(f"/national/?year={YEAR}").get_data(as_text=True)
    assert world["mid"].name in html and "Median nasional" in html
    for other in ("good", "weak", "thin"):
        assert world[other].name not in html
    exported = client.get(f"/national/export.json?year={YEAR}").get_json()
    assert [r["mpp_code"] for r in exported["rows"]] == ["mpp-mid"]
    detail = client.get(f"/national/mpp/mpp-mid?year={YEAR}").get_data(as_text=True)
    assert world["good"].name not in detail and world["weak"].name not in detail
    assert client.get(f"/national/mpp/mpp-good?year={YEAR}").status_code == 404
    assert client.get(f"/national/mpp/mpp-good/readiness/{YEAR}").status_code == 404
    assert client.get(f"/national/mpp/mpp-good/effectiveness.svg?year={YEAR}").status_code == 404
    assert client.get("/national/coverage").status_code == 403


def test_officer_has_no_national_view(client, session, world):
    officer = make_user(session, "officer", tenant=world["mid"].tenants[0])
    login(client, officer)
    assert client.get("/national/").status_code == 403


def test_detail_page_explains_the_score_with_charts(client, session, world, evaluator):
    login(client, evaluator)
    html = client.get(f"/national/mpp/mpp-weak?year={YEAR}").get_data(as_text=True)
    assert "Mengapa skor efektivitasnya begini" in html
    assert "MPP Uji" in html  # DEA peers named for evaluators
    for chart in ("effectiveness.svg", f"readiness-{YEAR}.svg", "history.svg"):
        response = client.get(f"/national/mpp/mpp-weak/{chart}?year={YEAR}")
        assert response.status_code == 200 and response.mimetype == "image/svg+xml", chart
    dist = client.get(f"/national/charts/distribution.svg?year={YEAR}")
    assert dist.status_code == 200
    again = client.get(f"/national/charts/distribution.svg?year={YEAR}",
                       headers={"If-None-Match": dist.headers["ETag"]})  # fmt: skip
    assert again.status_code == 304


def test_manager_self_assessment_and_evaluator_review_keep_both(client, session, world):
    mpp = world["thin"]
    manager = make_user(session, "manager", mpps=[mpp])
    login(client, manager)
    url = f"/national/mpp/{mpp.code}/readiness/{YEAR}"
    form = client.get(url).get_data(as_text=True)
    assert "Belum ada jawaban SKM" not in form and "Rintisan" in form
    data = {"csrf_token": csrf_token(client, url), "level-antrian": "4",
            "evidence-antrian": "https://antrian.example.id", "level-keamanan": "9"}  # fmt: skip
    assert client.post(url, data=data).status_code == 422  # level 9 refused, nothing stored
    data["level-keamanan"] = "2"
    assert client.post(url, data=data).status_code == 302
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, url)})
    evaluator = make_user(session, "evaluator")
    login(client, evaluator)
    review = {"csrf_token": csrf_token(client, url), "level-antrian": "3",
              "evidence-antrian": "Pemesanan daring belum untuk semua loket"}  # fmt: skip
    assert client.post(url, data=review).status_code == 302
    session.expire_all()
    row = session.query(ReadinessAssessment).filter_by(mpp_id=mpp.id, criterion="antrian").one()
    assert (row.self_level, row.review_level, row.level) == (4, 3, 3)
    assert row.self_evidence == "https://antrian.example.id"
    assert (row.self_by_id, row.review_by_id) == (manager.id, evaluator.id)


def test_readiness_pdf_is_a_pdf(client, session, world, evaluator):
    login(client, evaluator)
    response = client.get(f"/national/mpp/mpp-good/readiness/{YEAR}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_admin_sets_weights_with_a_real_form(client, session, world):
    admin = make_user(session, "admin")
    login(client, admin)
    token = csrf_token(client, "/national/weights")
    bad = {"csrf_token": token, "kepuasan": "0,9", "cakupan": "0,9", "throughput": "0",
           "waktu_tunggu": "0", "tindak_lanjut": "0", "kecukupan_sampel": "0"}  # fmt: skip
    assert client.post("/national/weights", data=bad).status_code == 422
    good = dict(bad, kepuasan="0,5", cakupan="0,5")
    assert client.post("/national/weights", data=good).status_code == 302
    row = next(r for r in national_table(session, YEAR).rows if r.code == "mpp-good")
    assert set(k for k, v in row.contributions.items() if v) <= {"kepuasan", "cakupan"}


def test_evaluator_cannot_change_weights(client, session, world, evaluator):
    login(client, evaluator)
    token = csrf_token(client, "/national/weights")
    assert client.post("/national/weights", data={"csrf_token": token}).status_code == 403


def test_methodology_page_is_public_and_names_official_and_derived(client, session):
    html = client.get("/metodologi").get_data(as_text=True)
    assert "PermenPANRB 14/2017" in html and "Turunan produk ini" in html
    assert re.search(r"88,31", html) and "effectiveness_weight" in html


def test_exports_helpers_produce_same_records(session, world):
    table = national_table(session, YEAR)
    assert len(_csv_rows(to_csv(table))) == len(json.loads(to_json(table))["rows"]) == 4


def _codes_on_screen(html):
    return re.findall(r'<tr data-rank="\d+" data-code="([^"]+)"', html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("grade=C&sort=ikm&dir=desc", ["mpp-mid", "mpp-weak"]),  # thin: too few for a grade
        ("grade=C&sort=responses&dir=asc", ["mpp-weak", "mpp-mid"]),
        # blanks last either way: the thin MPP has no effectiveness
        ("sort=effectiveness&dir=asc", ["mpp-weak", "mpp-mid", "mpp-good", "mpp-thin"]),
        ("sort=effectiveness&dir=desc", ["mpp-good", "mpp-mid", "mpp-weak", "mpp-thin"]),
        # ties keep the table's own order (Jawa Timur, then Bali, then Maluku)
        ("sort=mutu&dir=desc", ["mpp-mid", "mpp-weak", "mpp-good", "mpp-thin"]),
    ],
)
def test_downloads_list_the_rows_on_screen_in_the_order_on_screen(
    client, session, world, evaluator, query, expected
):
    login(client, evaluator)
    url = f"?year={YEAR}&{query}"
    html = client.get(f"/national/{url}").get_data(as_text=True)
    assert _codes_on_screen(html) == expected
    as_csv = [r["mpp_code"] for r in _csv_rows(client.get(f"/national/export.csv{url}").text)]
    as_json = [r["mpp_code"] for r in client.get(f"/national/export.json{url}").get_json()["rows"]]
    book = load_workbook(io.BytesIO(client.get(f"/national/export.xlsx{url}").data))
    as_xlsx = [row[0] for row in list(book.active.iter_rows(values_only=True))[1:]]
    assert as_csv == as_json == as_xlsx == expected
    sort = dict(p.split("=") for p in query.split("&"))
    for fmt in ("csv", "xlsx", "json"):  # the buttons carry the filter and the sort
        link = re.search(rf'href="(/national/export\.{fmt}\?[^"]+)"', html).group(1)
        assert all(f"{k}={v}" in link for k, v in sort.items()), link
    column = re.search(rf'data-sort="{sort["sort"]}" aria-sort="(\w+)"', html).group(1)
    assert column == {"asc": "ascending", "desc": "descending"}[sort["dir"]]


def test_an_unknown_sort_is_a_clear_4xx(client, session, world, evaluator):
    login(client, evaluator)
    assert client.get(f"/national/?year={YEAR}&sort=secret").status_code == 422
    assert client.get(f"/national/export.csv?year={YEAR}&sort=ikm&dir=up").status_code == 422


def test_year_picker_defaults_to_the_last_complete_month_and_labels_a_running_year(
    client, session, world, evaluator
):
    with time_machine.travel(dt.datetime(2026, 12, 10, 5, 0, tzinfo=dt.UTC), tick=False):
        login(client, evaluator)
        html = client.get("/national/").get_data(as_text=True)
        assert "Semua MPP · 2026" in html
        assert (
            '<option value="2026" selected>Tahun 2026 (1 Januari – 10 Desember 2026), '
            "belum lengkap</option>" in html
        )
        assert '<option value="2025">Tahun 2025</option>' in html
        assert 'id="f-year-note"' in html
        english = client.get("/national/?lang=en").get_data(as_text=True)
        assert "2026 (1 January – 10 December 2026), incomplete" in english
        page = client.get("/national/mpp/mpp-good").get_data(as_text=True)  # the MPP's page too
        assert '<option value="2026" selected>2026 (1 January – 10 December 2026), incom' in page
    # 1 January 00:30 WIB: December has just ended, so the default is the whole past year
    with time_machine.travel(dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC), tick=False):
        login(client, evaluator)
        html = client.get("/national/?lang=id").get_data(as_text=True)
        assert "Semua MPP · 2026" in html
        assert '<option value="2026" selected>Tahun 2026</option>' in html
        assert 'id="f-year-note"' not in html
        page = client.get("/national/mpp/mpp-good").get_data(as_text=True)  # the MPP's page too
        assert '<option value="2026" selected>Tahun 2026</option>' in page
        assert re.search(r'<option value="2027">Tahun 2027 \([^)]+\), belum lengkap</option>', html)
