"""One language per screen, in a real Chromium: the inbox, the alert rule form, the API token
page, an error page and the new-user form's errors, in Indonesian and English, at tablet and
desktop sizes. Screenshots go to artifacts/screenshots/<test name>/.
"""

from __future__ import annotations

import re
import shutil

import pytest

from tests.app.test_languages import foreign_words
from tests.browser.conftest import (
    DEMO_PASSWORD,
    DESKTOP,
    EVALUATOR,
    EVALUATOR_TOTP,
    MANAGER,
    MANAGER_MPP,
    TABLET,
    unused_code,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium on PATH"),
]
SIZES = {"tablet": TABLET, "desktop": DESKTOP}


@pytest.fixture(scope="module")
def signed_in(demo_site, chromium, sign_in_as):
    """One sign-in per role for the whole module (a TOTP step may be used once)."""
    states = {}
    for role, email, secret in (
        ("manager", MANAGER, None),
        ("evaluator", EVALUATOR, EVALUATOR_TOTP),
    ):
        context = chromium.new_context(viewport=DESKTOP, locale="id-ID")
        page = context.new_page()
        sign_in_as(page, demo_site, email, totp_secret=secret)
        states[role] = context.storage_state()
        context.close()
    return states


def _text(page) -> str:
    return page.locator("main").inner_text()


def _assert_one_language(page, lang: str) -> None:
    text = _text(page)
    assert foreign_words(text, lang) == [], text


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", ["tablet", "desktop"])
def test_manager_screens_speak_one_language(demo_site, open_page, signed_in, shot, size, lang):
    page = open_page(SIZES[size], storage_state=signed_in["manager"])
    page.goto(f"{demo_site}/inbox/?lang={lang}")
    label = {"id": "Instansi", "en": "Agency"}[lang]
    assert page.locator("label[for=f-tenant]").inner_text().strip() == label
    shot(page, f"inbox-{lang}-{size}")
    page.goto(f"{demo_site}/manage/{MANAGER_MPP}/alerts?lang={lang}")
    drop = page.locator("#r-drop")
    assert re.fullmatch(r"\d+" + {"id": ",", "en": r"\."}[lang] + r"\d", drop.input_value())
    drop.scroll_into_view_if_needed()
    shot(page, f"alerts-{lang}-{size}")
    _assert_one_language(page, lang)


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", ["tablet", "desktop"])
def test_evaluator_screens_speak_one_language(demo_site, open_page, signed_in, shot, size, lang):
    page = open_page(SIZES[size], storage_state=signed_in["evaluator"])
    page.goto(f"{demo_site}/national/tokens?lang={lang}")
    assert "Authorization: Bearer <token>." in _text(page)
    shot(page, f"tokens-{lang}-{size}")
    _assert_one_language(page, lang)
    response = page.goto(f"{demo_site}/national/?year=abc&lang={lang}")
    assert response.status == 422
    expected = {"id": "Tahun tidak dikenal", "en": "Unknown year: choose"}[lang]
    assert expected in _text(page)
    shot(page, f"error-422-{lang}-{size}")
    _assert_one_language(page, lang)


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", ["tablet", "desktop"])
def test_the_code_step_says_its_length_rule_in_the_page_language(
    demo_site, open_page, shot, size, lang
):
    page = open_page(SIZES[size])
    page.goto(f"{demo_site}/auth/login?lang={lang}")
    page.locator("#email").fill(EVALUATOR)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/auth/totp$"))
    page.locator("#code").fill("abc")
    page.locator("form button[type=submit]").click()
    expected = {"id": "Isian harus 6 sampai 7 karakter.", "en": "Between 6 and 7 characters."}
    page.get_by_text(expected[lang]).wait_for()
    shot(page, f"totp-abc-{lang}-{size}")
    _assert_one_language(page, lang)
    # Finish the sign-in: a correct password whose code never comes counts against the account
    # (the throttle), and the next tests sign in as this evaluator too.
    page.locator("#code").fill(unused_code(EVALUATOR_TOTP))
    page.locator("form button[type=submit]").click()
    page.wait_for_url(lambda url: "/auth/" not in url)
