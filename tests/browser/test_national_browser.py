"""The national table fits the evaluator (issue 14, item 8), in a real Chromium at 1280x800 and
768x1024 in both languages: the MPP column stays in view when the table scrolls sideways, the
median row covers no row, the print layout (A4 landscape) holds every column with its header,
and the CSV button gives the rows on screen in the order on screen, also after a sort.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.browser.conftest import DESKTOP, EVALUATOR, EVALUATOR_TOTP, TABLET, TIMEOUT_MS, sign_in

pytestmark = pytest.mark.browser
# A4 landscape less the 10 mm margins of static/css/national.css, in CSS pixels (96 per inch)
A4_LANDSCAPE_CONTENT_PX = (297 - 20) / 25.4 * 96
SIZES = {"desktop": DESKTOP, "tablet": TABLET}


@pytest.fixture(scope="module")
def evaluator_state(demo_site, chromium):
    """The evaluator signed in once (password and TOTP, through the form) for every test here."""
    context = chromium.new_context(viewport=DESKTOP, locale="id-ID")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sign_in(page, demo_site, EVALUATOR, next_path="/national/", totp_secret=EVALUATOR_TOTP)
    state = context.storage_state()
    context.close()
    return state


def boxes(page, selector: str) -> list[dict]:
    return page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.left, y: r.top, right: r.right, bottom: r.bottom}; })"
    )


def overlap(a: dict, b: dict) -> bool:
    return min(a["bottom"], b["bottom"]) - max(a["y"], b["y"]) > 0.5


def screen_codes(page) -> list[str]:
    return page.locator("table.national-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-code'))"
    )


def downloaded_codes(page) -> list[str]:
    with page.expect_download() as waiting:
        page.locator(".downloads a", has_text="CSV").click()
    text = Path(waiting.value.path()).read_text(encoding="utf-8-sig")
    return [row["mpp_code"] for row in csv.DictReader(io.StringIO(text))]


def assert_median_covers_no_row(page):
    median = boxes(page, "table.national-table tfoot th, table.national-table tfoot td")
    rows = boxes(page, "table.national-table tbody tr")
    covered = [i for i, row in enumerate(rows) if any(overlap(row, cell) for cell in median)]
    assert not covered, f"the median row lies over rows {covered}"


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", ["desktop", "tablet"])
def test_national_table_fits_screen_print_and_downloads(
    demo_site, open_page, evaluator_state, shot, size, lang
):
    page = open_page(SIZES[size], storage_state=evaluator_state)
    page.goto(f"{demo_site}/national/?lang={lang}")
    table = page.locator("table.national-table")
    table.wait_for()
    assert page.locator("html").get_attribute("lang") == lang
    assert table.locator("tbody tr").count() >= 10, "the demo has eleven MPPs"
    shot(page, f"01-screen-{lang}")

    # The median row covers no row, at the top of the table's box and scrolled to its end.
    box = page.locator(".table-scroll")
    assert_median_covers_no_row(page)
    box.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    assert_median_covers_no_row(page)
    box.evaluate("el => { el.scrollTop = 0; }")

    # Scrolled all the way right, every row's name is in view, on top and opaque.
    width, client = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
    if size == "tablet":
        assert width > client, "at 768 px the table scrolls sideways"
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    assert box.evaluate("el => el.scrollLeft") == width - client
    frame = boxes(page, ".table-scroll")[0]
    for selector in ("thead th:first-child", "tbody th[scope=row]", "tfoot th"):
        for name in boxes(page, f"table.national-table {selector}"):
            assert frame["x"] - 1 <= name["x"] and name["right"] <= frame["right"] + 1, selector
    on_top = table.locator("tbody th[scope=row]").evaluate_all(
        "(cells, f) => cells.map(c => { const r = c.getBoundingClientRect();"
        " const y = r.top + r.height / 2;"
        " if (y < f.y + 40 || y > Math.min(f.bottom, innerHeight) - 4) return null;"  # hidden
        " const hit = document.elementFromPoint(r.left + 4, y);"
        " return c.contains(hit) && getComputedStyle(c).backgroundColor !== 'rgba(0, 0, 0, 0)'; })"
        ".filter(v => v !== null)",
        frame,
    )
    assert on_top and all(on_top), f"another cell shows over or through the MPP name: {on_top}"
    last = page.locator("table.national-table thead th").last
    assert last.bounding_box()["x"] + last.bounding_box()["width"] <= frame["right"] + 1
    shot(page, f"02-scrolled-right-{lang}")
    box.evaluate("el => { el.scrollLeft = 0; }")

    # The CSV holds the rows on screen, in the order on screen: as loaded, after a sort by IKM
    # (descending) and by grade (ties in the table's own order), and after a filter.
    assert downloaded_codes(page) == screen_codes(page)
    ikm = table.locator("thead th[data-sort=ikm] button")
    ikm.click()
    ikm.click()
    assert table.locator("thead th[data-sort=ikm]").get_attribute("aria-sort") == "descending"
    assert re.search(r"sort=ikm&dir=desc", page.url)
    assert downloaded_codes(page) == screen_codes(page)
    table.locator("thead th[data-sort=mutu] button").click()
    by_grade = screen_codes(page)
    assert downloaded_codes(page) == by_grade
    page.reload()
    table.wait_for()
    assert screen_codes(page) == by_grade, "the server sorts as the page did"
    province = page.locator("#f-province")
    province.select_option(label=next(
        t for t in province.locator("option").all_inner_texts() if "Jawa Timur" in t
    ))  # fmt: skip
    page.locator("aside.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"province=.*sort=mutu|sort=mutu.*province="))
    table.wait_for()
    assert 1 <= len(screen_codes(page)) < len(by_grade)
    assert downloaded_codes(page) == screen_codes(page)
    assert page.errors == []

    # Printed: A4 landscape, no navigation or filters, every column within the page's width,
    # the header row repeated on each page.
    page.goto(f"{demo_site}/national/?lang={lang}")
    table.wait_for()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": int(A4_LANDSCAPE_CONTENT_PX), "height": 794})
    hidden = page.evaluate(
        "() => ['.topbar', 'aside.filters', '.downloads']"
        ".map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none", "none", "none"]
    assert table.locator("thead").evaluate("t => getComputedStyle(t).display") == (
        "table-header-group"
    )
    headers = boxes(page, "table.national-table thead th")
    assert len(headers) == 12
    assert max(h["right"] for h in headers) <= A4_LANDSCAPE_CONTENT_PX + 0.5, headers[-1]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= int(
        A4_LANDSCAPE_CONTENT_PX
    ), "the printed page is wider than A4 landscape"
    printed = shot(page, f"03-print-{lang}")
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    printed.with_suffix(".pdf").write_bytes(pdf)
    css_sized = page.pdf(prefer_css_page_size=True)  # the page size the CSS asks for, alone
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", css_sized)
    assert sizes and all(abs(float(w) - 842) < 2 and abs(float(h) - 595) < 2 for w, h in sizes)
