"""Issue 14, items 3 and 4 in a real Chromium, at tablet and desktop sizes, in both languages:
each role lands on its work after sign-in; the manager of two MPPs switches MPP with the picker
on the dashboard and the report; the evaluator goes from the national table to an MPP's
dashboard and report.

Demo data as `flask demo load` builds it (tests/browser/conftest.py); screenshots of each step go
to artifacts/screenshots/<test name>/.
"""

from __future__ import annotations

import re
import shutil

import pytest

from tests.browser.conftest import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which("chromium") is None,
        reason="no chromium on PATH: install Debian's chromium (apt-get install chromium)",
    ),
]
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}
SIZES = {"desktop": DESKTOP, "tablet": TABLET}
MANAGER_OF_TWO = "manager.surabaya@demo.mutu"  # kota-surabaya and kab-sidoarjo
OFFICER = "dukcapil.banyuwangi@demo.mutu"
EVALUATOR, EVALUATOR_TOTP = "evaluator@demo.mutu", "MUTUMPPDEMOEVALUATORKEYTOTPSECRE"
ADMIN, ADMIN_TOTP = "admin@demo.mutu", "MUTUMPPDEMOADMINKEYTOTPSECRETAAA"
WORDS = {  # what each language calls the picker's button and the cross links
    "id": {"open": "Buka", "report": "Laporan SKM periode ini", "dashboard": "Dasbor periode ini",
           "work_dashboard": "Dasbor", "work_report": "Laporan SKM"},
    "en": {"open": "Open", "report": "SKM report for this period",
           "dashboard": "Dashboard for this period", "work_dashboard": "Dashboard",
           "work_report": "SKM report"},
}  # fmt: skip

VIEWS = [(size, lang) for size in SIZES for lang in ("id", "en")]


def start(open_page, base: str, size: str, lang: str):
    """A fresh browser at this size, with the language chosen on the home page (remembered)."""
    page = open_page(SIZES[size])
    page.goto(f"{base}/?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    return page


def pick(page, mpp_code: str, lang: str) -> None:
    page.locator("#mpp-pick").select_option(mpp_code)
    page.locator("form.mpp-picker button[type=submit]", has_text=WORDS[lang]["open"]).click()


def assert_fits(page) -> None:
    """Nothing scrolls sideways at this size (the picker wraps rather than widens the page), and
    axe finds nothing serious on the page."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"
    assert serious_violations(page) == []


@pytest.mark.parametrize("size, lang", VIEWS)
def test_each_role_lands_on_its_work_after_sign_in(
    demo_site, open_page, sign_in_as, shot, size, lang
):
    base = demo_site
    for name, email, secret, landing in (
        ("officer", OFFICER, None, r"/dashboard/kab-banyuwangi/(\?.*)?$"),
        ("admin", ADMIN, ADMIN_TOTP, r"/admin/users$"),
    ):
        page = start(open_page, base, size, lang)
        sign_in_as(page, base, email, totp_secret=secret)
        page.wait_for_url(re.compile(landing))
        assert page.locator("html").get_attribute("lang") == lang
        shot(page, f"{name}-landing")
    # The officer's home page offers only the officer's own MPP, and no QR sheet.
    page = start(open_page, base, size, lang)
    sign_in_as(page, base, OFFICER)
    page.goto(f"{base}/")
    links = page.locator("main .work-links a")
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == ["/dashboard/kab-banyuwangi/", "/reports/kab-banyuwangi"]
    shot(page, "officer-home")


@pytest.mark.parametrize("size, lang", VIEWS)
def test_the_manager_of_two_mpps_switches_mpp_on_the_dashboard_and_the_report(
    demo_site, open_page, sign_in_as, shot, size, lang
):
    base, words = demo_site, WORDS[lang]
    page = start(open_page, base, size, lang)
    sign_in_as(page, base, MANAGER_OF_TWO)
    page.wait_for_url(re.compile(r"/dashboard/kab-sidoarjo/"))  # lands on the dashboard
    picker = page.locator("#mpp-pick")
    assert picker.locator("option").evaluate_all("os => os.map(o => o.value)") == [
        "kab-sidoarjo", "kota-surabaya"]  # fmt: skip
    assert_fits(page)
    shot(page, "01-dashboard-sidoarjo")

    # A month chosen on Sidoarjo's dashboard stays when switching to Surabaya.
    period = page.locator("#f-period option").nth(1).get_attribute("value")
    page.locator("#f-period").select_option(period)
    page.locator("form.dash-filters button[type=submit]").click()
    page.wait_for_url(re.compile(rf"period={period}"))
    pick(page, "kota-surabaya", lang)
    page.wait_for_url(re.compile(rf"/dashboard/kota-surabaya/\?period={period}$"))
    assert "Surabaya" in page.locator("h1").inner_text()
    assert page.locator("#mpp-pick").input_value() == "kota-surabaya"
    assert page.locator("#f-period").input_value() == period
    shot(page, "02-dashboard-surabaya")

    # On to Surabaya's report for the same period, then back to Sidoarjo there.
    page.get_by_role("link", name=words["report"]).click()
    page.wait_for_url(re.compile(rf"/reports/kota-surabaya\?period={period}$"))
    assert "Surabaya" in page.locator("h1").inner_text()
    assert_fits(page)
    shot(page, "03-report-surabaya")
    pick(page, "kab-sidoarjo", lang)
    page.wait_for_url(re.compile(rf"/reports/kab-sidoarjo\?period={period}$"))
    assert "Sidoarjo" in page.locator("h1").inner_text()
    assert page.locator("form.report-filters select[name=period]").input_value() == period
    shot(page, "04-report-sidoarjo")
    page.get_by_role("link", name=words["dashboard"]).click()
    page.wait_for_url(re.compile(rf"/dashboard/kab-sidoarjo/\?period={period}$"))
    assert page.errors == []


@pytest.mark.parametrize("size, lang", VIEWS)
def test_the_evaluator_goes_from_the_national_table_to_an_mpps_dashboard_and_report(
    demo_site, open_page, sign_in_as, shot, size, lang
):
    base, words = demo_site, WORDS[lang]
    page = start(open_page, base, size, lang)
    sign_in_as(page, base, EVALUATOR, totp_secret=EVALUATOR_TOTP)
    page.wait_for_url(re.compile(r"/national/$"))  # lands on the national table
    row = page.locator("table.national-table tbody tr", has=page.locator(
        "th[data-value='MPP Siola Kota Surabaya']"))  # fmt: skip
    shot(page, "01-national")
    row.get_by_role("link", name=f"{words['work_dashboard']} MPP Siola Kota Surabaya").click()
    page.wait_for_url(re.compile(r"/dashboard/kota-surabaya/$"))
    assert "Surabaya" in page.locator("h1").inner_text()
    options = page.locator("#mpp-pick option").evaluate_all("os => os.map(o => o.value)")
    assert "kab-badung" in options and len(options) >= 10  # every MPP, by province
    assert_fits(page)
    shot(page, "02-dashboard-surabaya")

    # Back on the national table, the MPP's own page links to its report.
    page.goto(f"{base}/national/mpp/kota-surabaya")
    links = page.get_by_role("navigation", name=re.compile("MPP"))
    shot(page, "03-mpp-page")
    links.get_by_role("link", name=words["work_report"], exact=True).click()
    page.wait_for_url(re.compile(r"/reports/kota-surabaya$"))
    assert "Surabaya" in page.locator("h1").inner_text()
    pick(page, "kab-banyuwangi", lang)
    page.wait_for_url(re.compile(r"/reports/kab-banyuwangi\?period="))
    assert "Banyuwangi" in page.locator("h1").inner_text()
    assert_fits(page)
    shot(page, "04-report-banyuwangi")
    assert page.errors == []
