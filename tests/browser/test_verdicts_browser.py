"""No verdict from too little data, in a real Chromium (issue 14, items 2 and 9).

A module app of its own (not the shared demo): one MPP with 20 answers in the last complete
month (no grade, no arrow), one with two months of 120 answers that differ by noise
("tidak berubah nyata", not red), and that MPP's counter page (its own sample). Both sizes,
both languages; screenshots in artifacts/screenshots/<test name>/.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from analysis.skm import ELEMENT_CODES
from tests.browser.conftest import DEMO_PASSWORD, DESKTOP, TABLET, serving

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which("chromium") is None,
        reason="no chromium on PATH: install Debian's chromium (apt-get install chromium)",
    ),
]
MANAGER = "manager.verdicts@example.id"
COUNTERS = ("L00", "L01", "L10", "L11")
ALARM_RED = "rgb(178, 24, 43)"  # --grade-d


def _answer(session, mpp, when, n, scores):
    from surveys.responses import submit_response
    from surveys.validation import parse_submission
    from tests.factories import submission_payload

    for i in range(n):
        at = when + dt.timedelta(minutes=3 * i)
        answers = {code: scores(i, j) for j, code in enumerate(ELEMENT_CODES)}
        payload = submission_payload(counter=COUNTERS[i % 4], service=None, answers=answers,
                                     submitted_at=at.isoformat())  # fmt: skip
        submit_response(session, parse_submission(payload, at, channel="kiosk"), mpp, None, at)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from app import create_app
    from app.extensions import db
    from surveys.accounts import create_user
    from surveys.models import local_today
    from surveys.periods import last_complete_month
    from tests.factories import make_mpp

    database = tmp_path_factory.mktemp("verdicts") / "verdicts.sqlite3"
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
         "PASSWORD_CHECK_LOCK_DIR": str(database.parent), "PASSWORD_CHECK_WAIT_SECONDS": 5}
    )  # fmt: skip
    month = last_complete_month(local_today())
    this = dt.datetime.combine(month.start + dt.timedelta(days=9), dt.time(3), dt.UTC)
    before = dt.datetime.combine(month.previous().start + dt.timedelta(days=9), dt.time(3), dt.UTC)
    with app.app_context():
        db.create_all()
        few, steady = make_mpp(db.session, code="mpp-few"), make_mpp(db.session, code="mpp-steady")
        _answer(db.session, few, before, 40, lambda i, j: 3 + (i + j) % 2)
        _answer(db.session, few, this, 20, lambda i, j: 1 + (i + j) % 2)  # -50 from 20 answers
        _answer(db.session, steady, before, 120, lambda i, j: 1 + (i + j) % 4)
        _answer(db.session, steady, this, 120, lambda i, j: 1 + (i + j + 1) % 4 if i else 4)
        create_user(db.session, MANAGER, "Pengelola Uji", "manager", DEMO_PASSWORD,
                    mpps=[few, steady])  # fmt: skip
        db.session.remove()
    with serving(app) as base_url:
        yield base_url


def _open(open_page, sign_in_as, site, viewport):
    page = open_page(viewport)
    sign_in_as(page, site, MANAGER, next_path="/dashboard/mpp-few/")
    return page


def _charts_loaded(page) -> None:
    """Scroll each lazy chart into view and wait until it has decoded (for the screenshot)."""
    images = page.locator("main img[src*='/chart/']:visible")
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        image.evaluate(
            """img => img.complete && img.naturalWidth > 0 ? true : new Promise((ok, fail) => {
                img.addEventListener("load", () => ok(true), {once: true});
                img.addEventListener("error", () => fail(new Error("failed: " + img.src)),
                                     {once: true});
            })"""
        )
    page.evaluate("window.scrollTo(0, 0)")


VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["1280x800", "768x1024"])
LANGS = pytest.mark.parametrize("lang", ["id", "en"])


@VIEWPORTS
@LANGS
def test_fewer_than_thirty_answers_get_no_grade_and_no_arrow(
    site, open_page, sign_in_as, shot, viewport, lang
):
    page = _open(open_page, sign_in_as, site, viewport)
    page.goto(f"{site}/dashboard/mpp-few/?lang={lang}")
    ikm = page.locator(".stat-ikm")
    assert ikm.locator(".stat-big").inner_text() == ("37,50" if lang == "id" else "37.50")
    assert ikm.locator(".grade").count() == 0
    note = {"id": "Belum diberi mutu", "en": "Not graded yet"}[lang]
    assert note in ikm.inner_text()
    change = page.locator(".stat-change")
    assert change.get_attribute("data-verdict") == "too_few"
    text = change.inner_text()
    assert "▼" not in text and "▲" not in text
    assert {"id": "Belum dapat dinilai", "en": "Cannot be judged yet"}[lang] in text
    assert "stat-warn" not in change.get_attribute("class")
    assert page.locator(".dash-counters .grade").count() == 0
    _charts_loaded(page)
    shot(page, f"01-few-answers-{lang}")
    assert page.errors == []


@VIEWPORTS
@LANGS
def test_a_change_within_the_noise_is_no_change_and_not_red(
    site, open_page, sign_in_as, shot, viewport, lang
):
    page = _open(open_page, sign_in_as, site, viewport)
    page.goto(f"{site}/dashboard/mpp-steady/?lang={lang}")
    assert page.locator(".stat-ikm .grade").count() == 1  # 120 answers: graded
    change = page.locator(".stat-change")
    assert change.get_attribute("data-verdict") == "not_significant"
    verdict = change.locator(".stat-verdict")
    assert (
        verdict.inner_text() == {"id": "Tidak berubah nyata", "en": "No significant change"}[lang]
    )
    assert verdict.evaluate("e => getComputedStyle(e).color") != ALARM_RED
    assert "stat-warn" not in change.get_attribute("class")
    assert change.evaluate("e => getComputedStyle(e).borderTopColor") != ALARM_RED
    _charts_loaded(page)
    shot(page, f"02-no-real-change-{lang}")
    assert page.errors == []


@VIEWPORTS
@LANGS
def test_a_counter_page_shows_the_counters_own_sample(
    site, open_page, sign_in_as, shot, viewport, lang
):
    page = _open(open_page, sign_in_as, site, viewport)
    page.goto(f"{site}/dashboard/mpp-steady/counter/L00?lang={lang}")
    sample = page.locator(".stat-sample")
    assert sample.locator(".stat-big").inner_text() == "30"  # L00's answers, not the MPP's 120
    own = {"id": "Tanggapan loket ini.", "en": "This counter's answers."}[lang]
    assert own in sample.inner_text() and "120" in sample.inner_text()
    complaints = page.locator(".stat", has_text={"id": "Pengaduan terbuka",
                                                 "en": "Open complaints"}[lang])  # fmt: skip
    assert complaints.locator(".stat-big").inner_text() == "60"  # L00's comments, both months
    _charts_loaded(page)
    shot(page, f"03-counter-page-{lang}")
    assert page.errors == []
