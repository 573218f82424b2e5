"""Issue 14, items 5 and 11 in a real Chromium: charts follow the language switch, the inbox stays
where the reply was saved, the top navigation is one row at 1280 px in English.

Screenshots go to artifacts/screenshots/<test name>/.
"""

from __future__ import annotations

import re
import shutil

import pytest

from tests.browser.conftest import DESKTOP, MANAGER, MANAGER_MPP, TABLET

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which("chromium") is None,
        reason="no chromium on PATH: install Debian's chromium (apt-get install chromium)",
    ),
]
SIZES = {"desktop": DESKTOP, "tablet": TABLET}
# The elements chart's title, in each language (analysis/charts/survey.py).
TITLE = {"id": "Unsur terendah", "en": "Weakest element"}


def chart_sources(page) -> list[str]:
    return page.locator("main img[src$='.svg'], main img[src*='.svg?']").evaluate_all(
        "els => els.map(e => e.src)"
    )


def wait_for_images(page) -> None:
    for summary in page.locator("details:has(img[src*='/chart/']) > summary").all():
        summary.click()  # the counters' chart waits inside a <details>
    images = page.locator("main img[src*='/chart/']")
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        image.evaluate(
            """img => img.complete && img.naturalWidth > 0 ? true : new Promise((ok, fail) => {
                img.addEventListener("load", () => ok(true), {once: true});
                img.addEventListener("error", () => fail(new Error(img.src)), {once: true});
            })"""
        )
    page.evaluate("window.scrollTo(0, 0)")


def check_charts_speak(page, lang: str) -> None:
    sources = chart_sources(page)
    assert len(sources) >= 4, sources
    for src in sources:
        assert f"lang={lang}" in src, src
    (elements,) = [s for s in sources if "/chart/elements.svg" in s]
    svg = page.request.get(elements).text()
    other = "id" if lang == "en" else "en"
    assert TITLE[lang] in svg and TITLE[other] not in svg


@pytest.mark.parametrize("size", SIZES)
def test_switching_language_switches_every_chart(
    demo_site, open_page, sign_in_as, shot, size
):  # fmt: skip
    page = open_page(SIZES[size])
    sign_in_as(page, demo_site, MANAGER, f"/dashboard/{MANAGER_MPP}/?lang=id")
    page.goto(f"{demo_site}/dashboard/{MANAGER_MPP}/?lang=id")
    wait_for_images(page)
    check_charts_speak(page, "id")
    shot(page, f"01-dashboard-id-{size}")
    page.locator(".lang-switch a", has_text="EN").click()
    page.wait_for_url(re.compile(r"lang=en"))
    wait_for_images(page)
    check_charts_speak(page, "en")
    shot(page, f"02-dashboard-after-en-switch-{size}")
    page.locator(".lang-switch a", has_text="ID").click()
    page.wait_for_url(re.compile(r"lang=id"))
    wait_for_images(page)
    check_charts_speak(page, "id")
    assert page.errors == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_inbox_stays_in_place_after_saving_a_reply(
    demo_site, open_page, sign_in_as, shot, size, lang
):  # fmt: skip
    page = open_page(SIZES[size])
    listed = f"/inbox/?mpp={MANAGER_MPP}&status=baru&lang={lang}"
    sign_in_as(page, demo_site, MANAGER, listed)
    page.goto(demo_site + listed)
    assert page.locator("#f-period").evaluate("el => el.tagName") == "SELECT"
    articles = page.locator("article.message:has(details.reply-box)")
    assert articles.count() >= 4
    target, following = articles.nth(2), articles.nth(3)
    following_id = following.get_attribute("id")
    target.locator("summary").click()
    target.locator("select[name=status]").select_option("diproses")
    target.scroll_into_view_if_needed()
    path = shot(page, f"01-inbox-before-save-{lang}-{size}")
    page.screenshot(path=path.with_name(f"01-inbox-before-save-viewport-{lang}-{size}.png"))
    target.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"#c\d+$"))
    # The saved item left the "baru" list: the page opens at the item that took its place.
    assert page.url.endswith("#" + following_id)
    box = page.locator(f"#{following_id}").bounding_box()
    assert box is not None and 0 <= box["y"] < SIZES[size]["height"] / 2, box
    path = shot(page, f"02-inbox-after-save-{lang}-{size}")
    page.screenshot(path=path.with_name(f"03-inbox-after-save-viewport-{lang}-{size}.png"))
    assert page.errors == []


ADMIN = ("admin@demo.mutu", "MUTUMPPDEMOADMINKEYTOTPSECRETAAA")


@pytest.mark.parametrize("role", ["manager", "admin"])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_top_navigation_is_one_row_at_1280(demo_site, open_page, sign_in_as, shot, lang, role):
    page = open_page(DESKTOP)
    if role == "admin":
        sign_in_as(page, demo_site, ADMIN[0], totp_secret=ADMIN[1])
    else:
        sign_in_as(page, demo_site, MANAGER, f"/dashboard/{MANAGER_MPP}/?lang={lang}")
    page.goto(f"{demo_site}/manage/{MANAGER_MPP}/?lang={lang}")
    assert page.locator(".topnav a").count() >= 6
    tops = page.locator(".topbar a, .topbar button").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    header = page.locator(".topbar").bounding_box()
    page.set_viewport_size({"width": 1280, "height": 300})
    page.screenshot(path=shot(page, f"nav-{role}-{lang}-1280"), full_page=False)
    assert header["height"] < 80, header
    assert max(tops) - min(tops) < 20, tops  # every link on one row
