"""An evaluator in a real Chromium: sign in with the TOTP step, sort and filter the national
table, and download exactly what is on screen as CSV.

Demo data as `flask demo load` builds it (tests/browser/conftest.py); screenshots of each step go
to artifacts/screenshots/<test name>/.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which("chromium") is None,
        reason="no chromium on PATH: install Debian's chromium (apt-get install chromium)",
    ),
]
EVALUATOR = "evaluator@demo.mutu"
EVALUATOR_TOTP = "MUTUMPPDEMOEVALUATORKEYTOTPSECRE"
DOCUMENTED_COLUMNS = (
    "mpp_code", "mpp_name", "province", "regency", "responses", "ikm", "mutu",
    "effectiveness", "dea_efficiency", "readiness", "readiness_label",
)  # fmt: skip
NUMERIC_COLUMNS = ("responses", "ikm", "effectiveness", "dea_efficiency", "readiness")
DESKTOP = {"width": 1280, "height": 800}


def column_values(page, index: int) -> list[str]:
    return page.locator("table.national-table tbody tr").evaluate_all(
        "(rows, i) => rows.map(r => { const c = r.children[i];"
        " return c.hasAttribute('data-value') ? c.getAttribute('data-value')"
        " : c.textContent.trim(); })",
        index,
    )


def header_index(page, label: str) -> int:
    headers = page.locator("table.national-table thead th").all_inner_texts()
    return [h.strip() for h in headers].index(label)


def screen_names(page) -> list[str]:
    return page.locator("table.national-table tbody th[scope=row]").evaluate_all(
        "cells => cells.map(c => c.getAttribute('data-value'))"
    )


def test_evaluator_sorts_filters_and_downloads_what_is_on_screen(
    demo_site, open_page, sign_in_as, shot
):
    base = demo_site
    page = open_page(DESKTOP)
    page.goto(f"{base}/national/")
    page.wait_for_url(re.compile(r"/auth/login\?next="))
    sign_in_as(page, base, EVALUATOR, next_path="/national/", totp_secret=EVALUATOR_TOTP)
    page.wait_for_url(re.compile(r"/national/$"))
    table = page.locator("table.national-table")
    table.wait_for()
    all_rows = table.locator("tbody tr").count()
    assert all_rows >= 10, "the demo has eleven MPPs"
    shot(page, "01-national")

    # Sort by IKM: ascending on the first click, descending on the second (blanks last).
    ikm = header_index(page, "IKM")
    button = table.locator("thead th").nth(ikm).locator("button")
    button.click()
    assert table.locator("thead th").nth(ikm).get_attribute("aria-sort") == "ascending"
    values = [float(v) for v in column_values(page, ikm) if v != ""]
    assert values == sorted(values) and len(values) >= 2
    button.click()
    assert table.locator("thead th").nth(ikm).get_attribute("aria-sort") == "descending"
    values = [float(v) for v in column_values(page, ikm) if v != ""]
    assert values == sorted(values, reverse=True)
    shot(page, "02-sorted-by-ikm-descending")

    # Filter by province: East Java holds three of the demo MPPs.
    province = page.locator("#f-province")
    label = next(t for t in province.locator("option").all_inner_texts() if "Jawa Timur" in t)
    province.select_option(label=label)
    code = province.input_value()
    page.locator("aside.filters button[type=submit]").click()
    page.wait_for_url(re.compile(rf"province={re.escape(code)}"))
    assert parse_qs(urlsplit(page.url).query)["province"] == [code]
    table.wait_for()
    names = screen_names(page)
    assert 1 <= len(names) < all_rows
    regions = column_values(page, header_index(page, "Provinsi"))
    assert set(regions) == {label.strip()}, regions
    shot(page, "03-filtered-jawa-timur")

    # The CSV button downloads exactly the rows on screen.
    with page.expect_download() as waiting:
        page.locator(".downloads a", has_text="CSV").click()
    download = waiting.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    header = text.splitlines()[0].split(",")
    missing = [c for c in DOCUMENTED_COLUMNS if c not in header]
    assert not missing, f"CSV lacks documented columns {missing}; header is {header}"
    assert len(records) == len(names), "the CSV holds the rows on screen, no more, no fewer"
    assert sorted(r["mpp_name"] for r in records) == sorted(names)
    assert {r["province"] for r in records} == {label.strip()}
    for record in records:
        assert record["mpp_code"]
        for column in NUMERIC_COLUMNS:
            value = record[column]
            assert "," not in value, f"{column} must use a dot decimal: {value!r}"
            if value:
                float(value)
        if record["mutu"]:
            assert record["mutu"] in {"A", "B", "C", "D"}
    assert any("." in r["ikm"] for r in records), "IKM values carry dot decimals"
    shot(page, "04-after-download")
    assert page.errors == []
