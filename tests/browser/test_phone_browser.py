"""Issue 14, items 6 and 10 on a real phone-sized Chromium: the phone survey counts a visit once
after Back, the public results page reads at 390 px with its grade column and no axe violation,
and a period's poster is offered only once the period is published.

Screenshots go to artifacts/screenshots/<test name>/.
"""

from __future__ import annotations

import re
import sqlite3
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    MANAGER,
    MANAGER_MPP,
    TABLET,
    serious_violations,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SURVEY = f"/s/{MANAGER_MPP}/L01"
RECEIVED = {"id": "Jawaban Anda sudah kami terima", "en": "Your answer was already received"}
VIEWPORTS = [pytest.param(PHONE, id="390x844"), pytest.param(TABLET, id="768x1024")]
LANGS = ["id", "en"]


@pytest.fixture(scope="module")
def demo_db(demo_site, tmp_path_factory):
    """The demo site's SQLite file, to count what was stored."""
    return next(tmp_path_factory.getbasetemp().glob("demo-site*/demo.sqlite3"))


def stored_with(database, comment: str) -> int:
    with sqlite3.connect(database) as connection:
        query = "SELECT count(*) FROM response WHERE comment = ?"
        return connection.execute(query, (comment,)).fetchone()[0]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_kirim_back_kirim_stores_one_answer_and_says_it_was_received(
    open_page, demo_site, demo_db, shot, viewport, lang
):
    page = open_page(viewport)
    page.goto(f"{demo_site}{SURVEY}?lang={lang}")
    options = page.locator("fieldset.question .option-4")
    expect(options).to_have_count(9)
    for i in range(9):
        options.nth(i).click()
    marker = f"uji kembali {uuid.uuid4().hex[:8]}"
    page.locator("#comment").fill(marker)
    shot(page, "01-filled")
    page.locator("form.survey button[type=submit]").click()
    page.wait_for_url(re.compile(r"/terima-kasih$"))
    shot(page, "02-thanks")
    page.go_back()
    page.wait_for_load_state()
    kirim = page.locator("form.survey button[type=submit]")
    if kirim.count():  # a browser that kept the filled page: Kirim again
        kirim.click()
        page.wait_for_load_state()
    expect(page.get_by_text(RECEIVED[lang])).to_be_visible()
    shot(page, "03-after-back-and-kirim")
    assert stored_with(demo_db, marker) == 1
    page.get_by_role("link", name=re.compile("kunjungan lain|another visit")).click()
    expect(page.locator("form.survey fieldset.question")).to_have_count(10)  # a new visit
    assert stored_with(demo_db, marker) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_phone_survey_says_one_sentence_once(open_page, demo_site, shot, lang):
    page = open_page(PHONE)
    page.goto(f"{demo_site}{SURVEY}?lang={lang}")
    page.locator("form.survey button[type=submit]").click()
    alert = page.locator(".form-error")
    expect(alert).to_be_visible()
    sentence = {"id": "Jawab setidaknya satu pertanyaan", "en": "Answer at least one question"}
    assert alert.inner_text().count(sentence[lang]) == 1
    assert "answers" not in alert.inner_text().replace("Your answers", "")
    alert.scroll_into_view_if_needed()
    shot(page, "01-empty-submit")


def reports_page(open_page, demo_site, sign_in_as, viewport):
    page = open_page(viewport)
    sign_in_as(page, demo_site, MANAGER)
    return page


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "viewport", [pytest.param(TABLET, id="768x1024"), pytest.param(DESKTOP, id="1280x800")]
)
def test_an_unpublished_periods_poster_cannot_be_downloaded(
    open_page, demo_site, sign_in_as, shot, viewport, lang
):
    page = reports_page(open_page, demo_site, sign_in_as, viewport)
    page.goto(f"{demo_site}/reports/{MANAGER_MPP}?lang={lang}")
    expect(page.locator(".poster-note")).to_be_visible()
    assert page.locator("a[href*='/poster.']").count() == 0
    refused = page.request.get(f"{demo_site}/reports/{MANAGER_MPP}/poster.pdf")
    assert refused.status == 409
    shot(page, "01-report-unpublished")


@pytest.fixture(scope="module")
def published(chromium, demo_site, sign_in_as):
    """The manager publishes the last complete month through the report page."""
    context = chromium.new_context(viewport=DESKTOP, locale="id-ID")
    page = context.new_page()
    sign_in_as(page, demo_site, MANAGER)
    page.goto(f"{demo_site}/reports/{MANAGER_MPP}?lang=id")
    button = page.get_by_role("button", name="Publikasikan periode ini")
    if button.count():
        button.click()
        page.wait_for_load_state()
    expect(page.get_by_role("button", name="Tarik publikasi")).to_be_visible()
    poster = page.locator("a[href*='/poster.png']")
    expect(poster).to_have_count(1)
    assert page.request.get(demo_site + poster.get_attribute("href")).status == 200
    context.close()
    return True


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "viewport", [pytest.param(PHONE, id="390x844"), pytest.param(TABLET, id="768x1024")]
)
def test_the_published_public_table_fits_a_phone_with_its_grade(
    open_page, demo_site, published, shot, viewport, lang
):
    page = open_page(viewport)
    page.goto(f"{demo_site}/mpp/{MANAGER_MPP}?lang={lang}")
    table = page.locator("table.public-tenants")
    expect(table).to_be_visible()
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " ...[...document.querySelectorAll('.table-wrap')].map(w => w.scrollWidth - w.clientWidth)]"
    )
    assert widths[0] <= widths[1] and all(extra <= 0 for extra in widths[2:]), widths
    grades = table.locator("tbody .grade")
    assert grades.count() > 0
    for i in range(grades.count()):
        box = grades.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert serious_violations(page) == []
    shot(page, "01-public-page")
    table.scroll_into_view_if_needed()
    page.screenshot(path=shot(page, "02-public-table").with_name("02-public-table-viewport.png"))
