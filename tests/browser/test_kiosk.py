"""The kiosk in a real Chromium, as a visitor and a member of staff use it on a tablet.

The app runs for real (werkzeug in a thread) on a temporary SQLite file with a small catalogue
built through the domain code; Playwright taps what a person taps. Screenshots of each step go
to artifacts/screenshots/kiosk/ so that a person can look at them.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from surveys.models import Counter, Response
from tests.browser.conftest import serious_violations, serving
from tests.factories import make_device, make_mpp

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no chromium on PATH: install Debian's chromium (apt-get install chromium)",
    ),
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "kiosk"
FREE_TOKEN = "test-kiosk-free-token"
FIXED_TOKEN = "test-kiosk-fixed-token"
PORTRAIT = {"width": 768, "height": 1024}
LANDSCAPE = {"width": 1280, "height": 800}
SCORES = (4, 3, 2, 4, 3, 1, 4, 3, 2)  # the taps of the first survey, in question order
QUESTION_ORDER = (
    "persyaratan", "prosedur", "waktu", "biaya", "produk",
    "kompetensi", "perilaku", "sarana", "pengaduan",
)  # fmt: skip


# ---- The app, served for real ----


@contextmanager
def served(database: Path, **config):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            **config,
        }
    )
    with app.app_context():
        db.create_all()
        mpp = make_mpp(db.session, tenants=3)
        make_device(db.session, mpp, token=FREE_TOKEN)
        fixed = db.session.scalar(select(Counter).where(Counter.code == "L10"))
        make_device(db.session, mpp, counter=fixed, token=FIXED_TOKEN)
        db.session.remove()
    with serving(app) as base_url:
        yield app, base_url


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with served(tmp_path_factory.mktemp("kiosk") / "kiosk.sqlite3") as (app, base):
        yield app, base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def tablet(browser):
    """A portrait 10" tablet with touch; the service worker is tested on its own below."""
    contexts = []

    def open_tablet(viewport=PORTRAIT, service_workers="block"):
        context = browser.new_context(
            viewport=viewport, has_touch=True, service_workers=service_workers, locale="id-ID"
        )
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return context, page

    yield open_tablet
    for context in contexts:
        context.close()


def stored_rows(app) -> list[Response]:
    with app.app_context():
        rows = db.session.scalars(select(Response).order_by(Response.id)).all()
        db.session.expunge_all()
        db.session.remove()
        return rows


def row_count(app) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(Response))
        db.session.remove()
        return n


def wait_for_rows(page, app, expected: int, timeout_ms: int = 15000) -> None:
    for _ in range(timeout_ms // 250):
        if row_count(app) >= expected:
            return
        page.wait_for_timeout(250)
    assert row_count(app) == expected


def shot(page, name: str) -> None:
    settle(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(
        path=SHOTS / f"{size['width']}x{size['height']}-{name}.png", animations="disabled"
    )


def open_kiosk(page, base: str, token: str | None = FREE_TOKEN) -> None:
    page.goto(f"{base}/kiosk/#token={token}" if token else f"{base}/kiosk/")
    page.wait_for_selector("body[data-screen=attract]" if token else "body[data-screen=device]")


def screen(page, name: str) -> None:
    page.wait_for_selector(f"body[data-screen={name}]")


def answer_all(page, scores=SCORES, lang="id") -> None:
    of = "dari" if lang == "id" else "of"
    for index, score in enumerate(scores):
        page.wait_for_selector(f"#progress-text:text-is('{index + 1} {of} 9')")
        page.locator(f"#answers [data-score='{score}']").tap()
    screen(page, "profile")


def pick_free_path(page) -> None:
    """Agency → counter → service on the free-standing tablet (three tenants, two of each)."""
    screen(page, "pick")
    page.locator(".pick", has_text="Inst 1").tap()
    page.wait_for_selector("#pick-title:text-is('Di loket mana Anda dilayani?')")
    page.locator(".pick", has_text="Loket 11").tap()
    page.wait_for_selector("#pick-title:text-is('Layanan apa yang Anda terima?')")
    page.locator(".pick", has_text="Layanan 10").tap()
    screen(page, "question")


def long_press_staff_corner(page) -> None:
    box = page.locator("#staff-corner").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.wait_for_timeout(2200)
    page.mouse.up()
    page.wait_for_selector("#staff[open]")


def outbox_ids(page) -> list[str]:
    return page.evaluate(
        """() => new Promise((resolve, reject) => {
            const open = indexedDB.open("mutu-kiosk");
            open.onsuccess = () => {
                const get = open.result.transaction("outbox").objectStore("outbox").getAllKeys();
                get.onsuccess = () => { resolve(get.result); open.result.close(); };
                get.onerror = () => reject(get.error);
            };
            open.onerror = () => reject(open.error);
        })"""
    )


# ---- (a) A visitor completes the survey by tapping ----


def test_survey_by_touch_stores_exactly_one_response(live, tablet):
    app, base = live
    _, page = tablet()
    before = row_count(app)
    open_kiosk(page, base)
    assert "#token" not in page.url, "the token must leave the address bar"
    assert page.locator("#place-mpp").inner_text().startswith("MPP Uji")
    assert "Anonim" in page.locator(".attract-anon").inner_text()
    shot(page, "01-attract")

    page.locator("#start").tap()
    screen(page, "pick")
    shot(page, "02-pick-agency")
    pick_free_path(page)
    assert page.locator("#place-counter").inner_text() == "Loket 11 · Inst 1"
    shot(page, "03-question-1")

    # Kembali goes back one question, and the earlier answer is shown as chosen.
    page.locator("#answers [data-score='4']").tap()
    page.wait_for_selector("#progress-text:text-is('2 dari 9')")
    page.locator("#question-back").tap()
    page.wait_for_selector("#progress-text:text-is('1 dari 9')")
    assert page.locator("#answers [data-score='4']").get_attribute("aria-pressed") == "true"

    answer_all(page)
    page.locator("[data-field=sex][data-value=P]").tap()
    page.locator("[data-field=age_band][data-value='30-39']").tap()
    page.locator("#comment").fill("Antrean cepat, petugas ramah.")
    assert "971" in page.locator("#comment-left").inner_text()
    shot(page, "04-profile")
    page.locator("#profile-send").tap()
    screen(page, "thanks")
    shot(page, "05-thanks")

    wait_for_rows(page, app, before + 1)
    rows = stored_rows(app)
    assert len(rows) == before + 1
    row = rows[-1]
    assert row.scores() == dict(zip(QUESTION_ORDER, SCORES, strict=True))
    assert (row.channel, row.sex, row.age_band, row.education) == ("kiosk", "P", "30-39", None)
    assert row.comment == "Antrean cepat, petugas ramah."
    assert row.lang == "id"
    with app.app_context():
        fresh = db.session.get(Response, row.id)
        assert (fresh.counter.code, fresh.service.code) == ("L11", "S10")
        assert fresh.device.label == "Tablet uji"
        db.session.remove()

    # Back to the start by itself after thanks_seconds (6 s).
    page.wait_for_selector("body[data-screen=attract]", timeout=10000)
    assert page.locator("#place-counter").inner_text() == ""
    assert not page.errors


# ---- (b) Offline: the answers wait in the outbox and are sent once, when the network returns ----


def test_offline_surveys_are_kept_and_sent_exactly_once(live, tablet):
    app, base = live
    context, page = tablet()
    before = row_count(app)
    open_kiosk(page, base, FIXED_TOKEN)
    assert page.locator("#place-counter").inner_text() == "Loket 10 · Inst 1"
    context.set_offline(True)
    for survey in range(2):
        page.locator("#start").tap()
        screen(page, "pick")  # a fixed tablet asks only for the service
        assert page.locator(".pick").count() == 2
        if survey == 0:
            shot(page, "06-fixed-service")
            page.locator(".pick", has_text="Layanan 11").tap()
        else:
            page.locator("#pick-skip").tap()
        answer_all(page, scores=(3,) * 9)
        page.locator("#profile-skip" if survey else "#profile-send").tap()
        screen(page, "thanks")
        page.locator("#thanks-done").tap()
        screen(page, "attract")

    badge = page.locator("#unsent-badge")
    assert badge.is_visible() and badge.inner_text() == "2"
    queued = outbox_ids(page)
    assert len(queued) == 2
    long_press_staff_corner(page)
    assert page.locator("#staff-unsent").inner_text() == "2"
    assert page.locator("#staff-network").inner_text().startswith("Luring")
    shot(page, "07-staff-offline")
    assert row_count(app) == before

    context.set_offline(False)
    page.wait_for_selector("#staff-unsent:text-is('0')", timeout=15000)
    assert badge.is_hidden()
    shot(page, "08-staff-online")
    with app.app_context():
        stored = db.session.scalars(select(Response).where(Response.uuid.in_(queued))).all()
        assert sorted(r.uuid for r in stored) == sorted(queued)
        assert {r.service.code if r.service else None for r in stored} == {"S11", None}
        db.session.remove()
    assert row_count(app) == before + 2
    # A further send round must not store them again.
    page.locator("#staff-send").tap()
    page.wait_for_timeout(500)
    assert row_count(app) == before + 2
    assert not page.errors


# ---- (c) Accessibility: no serious or critical axe violations ----


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_attract_and_question_screens_pass_axe(live, tablet, viewport):
    _, base = live
    _, page = tablet(viewport)
    open_kiosk(page, base)
    page.wait_for_timeout(300)  # let the entrance motion settle before measuring contrast
    assert serious_violations(page) == []
    page.locator("#start").tap()
    pick_free_path(page)
    page.wait_for_timeout(300)
    assert serious_violations(page) == []
    answer_all(page)
    page.wait_for_timeout(300)
    assert serious_violations(page) == []


# ---- (d) Touch targets and layout: big enough, nothing to scroll ----


def settle(page) -> None:
    """Wait until the short motions have finished (not the spinner or the 10 s idle ring)."""
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running'"
        " || a.effect.getComputedTiming().endTime >= 1000)"
    )


def assert_no_scroll(page, label: str) -> None:
    settle(page)
    overflow = page.evaluate(
        """() => {
            const doc = document.documentElement;
            const out = [];
            if (doc.scrollHeight > doc.clientHeight + 1) out.push("document");
            if (doc.scrollWidth > doc.clientWidth + 1) out.push("document (width)");
            for (const el of document.querySelectorAll("main > .screen:not([hidden]) *")) {
                const clips = getComputedStyle(el).overflowY !== "visible";
                if (clips && el.scrollHeight > el.clientHeight + 1) out.push(el.id || el.className);
            }
            const shown = document.querySelector("main > .screen:not([hidden])");
            if (shown.scrollHeight > shown.clientHeight + 1) out.push(shown.id);
            return out;
        }"""
    )
    assert overflow == [], f"{label}: something scrolls: {overflow}"


def assert_targets(page, selector: str, minimum: float) -> None:
    boxes = [
        page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())
    ]
    assert boxes, selector
    small = [b for b in boxes if b["width"] < minimum or b["height"] < minimum]
    assert not small, f"{selector}: targets under {minimum}px: {small}"


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_touch_targets_and_nothing_to_scroll(live, tablet, viewport):
    app, base = live
    _, page = tablet(viewport)
    open_kiosk(page, base)
    assert_no_scroll(page, "attract")
    assert_targets(page, "#start, .lang-btn, #staff-corner", 44)
    shot(page, "10-attract")
    page.locator("#start").tap()
    screen(page, "pick")
    assert_targets(page, ".pick, #pick-back", 64)
    assert_no_scroll(page, "agency")
    shot(page, "11-agency")
    pick_free_path(page)
    assert_targets(page, "#answers .answer", 120)  # four answers as big as the screen allows
    assert_targets(page, "#question-back", 44)
    assert_no_scroll(page, "question")
    boxes = [page.locator("#answers .answer").nth(i).bounding_box() for i in range(4)]
    rows = {round(b["y"] / 10) for b in boxes}
    assert len(rows) == (1 if viewport is LANDSCAPE else 2), "a row in landscape, 2×2 in portrait"
    shot(page, "12-question")
    answer_all(page)
    assert_targets(page, ".chip, #profile-send, #profile-skip, #profile-back", 44)
    assert_no_scroll(page, "profile")
    shot(page, "13-profile")

    # Text zoomed to 150%: still usable (the answers stay big and on screen).
    page.locator("#profile-back").tap()
    screen(page, "question")
    page.evaluate("document.documentElement.style.fontSize = '150%'")  # CSSOM: allowed by the CSP
    settle(page)
    assert_targets(page, "#answers .answer", 64)
    for i in range(4):
        box = page.locator("#answers .answer").nth(i).bounding_box()
        assert box["y"] + box["height"] <= viewport["height"], "an answer is below the screen"
    shot(page, "14-question-text-150")


def test_every_screen_at_both_sizes_for_review(live, tablet):
    """Not an assertion about looks: the pictures a person reviews (English too)."""
    _, base = live
    for viewport in (PORTRAIT, LANDSCAPE):
        _, page = tablet(viewport)
        page.goto(f"{base}/kiosk/")
        screen(page, "device")
        shot(page, "20-unregistered")
        open_kiosk(page, base)
        page.locator(".lang-btn[data-lang=en]").tap()
        page.wait_for_selector("#start:text-is('Start')")
        shot(page, "21-attract-en")
        page.locator("#start").tap()
        screen(page, "pick")
        page.locator(".pick", has_text="Inst 1").tap()
        page.locator(".pick", has_text="Loket 11").tap()
        page.wait_for_selector(".pick:has-text('Service 10')")
        shot(page, "22-service-en")
        page.locator(".pick", has_text="Service 10").tap()
        screen(page, "question")
        shot(page, "23-question-en")
        answer_all(page, scores=(4,) * 9, lang="en")
        shot(page, "24-profile-en")
        long_press_staff_corner(page)
        shot(page, "25-staff-en")


# ---- Idle: a visible countdown, then back to the start without storing anything ----


def test_idle_countdown_returns_to_start_and_discards(live, tablet):
    app, base = live
    _, page = tablet()
    page.clock.install()
    open_kiosk(page, base)
    before = row_count(app)
    page.locator("#start").tap()
    pick_free_path(page)
    page.locator("#answers [data-score='2']").tap()
    page.wait_for_selector("#progress-text:text-is('2 dari 9')")

    page.clock.run_for(61_000)
    page.wait_for_selector("#idle:not([hidden])")
    page.locator("#idle-continue").tap()  # a touch keeps the survey
    page.wait_for_selector("#idle", state="hidden")
    assert page.locator("#progress-text").inner_text() == "2 dari 9"

    page.clock.run_for(61_000)
    page.wait_for_selector("#idle:not([hidden])")
    assert page.locator("#ring-number").inner_text() in {"10", "9", "8"}
    shot(page, "15-idle-countdown")
    page.clock.run_for(11_000)
    screen(page, "attract")
    assert page.locator("#idle").is_hidden()
    page.wait_for_timeout(300)
    assert row_count(app) == before


# ---- Device status: no token, revoked token ----


def test_without_a_token_the_tablet_shows_a_pairing_code(live, tablet):
    """The whole pairing, with a manager confirming: tests/browser/test_kiosk_pairing.py."""
    _, base = live
    _, page = tablet()
    open_kiosk(page, base, token=None)
    page.wait_for_selector("#pairing-code:text-matches('^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$')")
    text = page.locator("#screen-device").inner_text()
    assert "Pasangkan tablet ini" in text and "Pair this tablet" in text
    assert "Kelola › Perangkat" in text and "Manage › Devices" in text
    assert page.locator("#screen-device .command").is_hidden()


def test_without_a_pairing_code_the_tablet_says_how_else_to_register(live, tablet):
    _, base = live
    _, page = tablet()
    calls = []

    def refuse(route):
        calls.append(route.request.method)
        route.fulfill(status=429, json={"error": "Too many.", "fields": {}})

    page.route("**/api/v1/pairings", refuse)
    open_kiosk(page, base, token=None)
    page.wait_for_selector("body[data-device=unregistered]")
    text = page.locator("#screen-device").inner_text()
    assert "Tablet ini belum terdaftar" in text and "This tablet is not registered" in text
    assert "device register --mpp" in text
    page.unroute("**/api/v1/pairings")
    page.locator("#device-retry").tap()  # asks again at once instead of in 15 s
    page.wait_for_selector("body[data-device=pairing]")
    page.wait_for_selector("#pairing-code:text-matches('^[2-9A-HJ-NP-Z]{4}-')")
    assert calls == ["POST"]


def test_unknown_token_is_reported_and_reregister_clears_it(live, tablet):
    _, base = live
    _, page = tablet()
    page.goto(f"{base}/kiosk/#token=not-a-real-token")
    screen(page, "device")
    assert "tidak dikenal" in page.locator("#screen-device").inner_text()
    open_kiosk(page, base)  # the right address fixes it
    long_press_staff_corner(page)
    page.locator("#staff-reregister").tap()
    page.locator("#staff-reregister").tap()  # the second tap confirms
    screen(page, "device")
    assert page.evaluate("localStorage.getItem('mutu.kiosk.token')") is None


# ---- The service worker: the kiosk starts with the server gone ----


def test_kiosk_starts_offline_from_the_service_worker(tablet, tmp_path):
    with served(tmp_path / "sw.sqlite3") as (_, base):
        context, page = tablet(service_workers="allow")
        open_kiosk(page, base)
        page.evaluate("navigator.serviceWorker.ready")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10000)
        page.reload()
        screen(page, "attract")  # the config is now in the worker's cache too
    # The server is gone, and the tablet is offline: the shell and config come from the cache.
    context.set_offline(True)
    page.reload()
    screen(page, "attract")
    assert page.locator("#place-mpp").inner_text().startswith("MPP Uji")
    page.locator("#start").tap()
    screen(page, "pick")
    shot(page, "16-offline-start")


# ---- The sender: refused answers go to the dead-letter list, device problems keep them queued ----


def quick_survey(page, then: str = "attract") -> None:
    page.locator("#start").tap()
    screen(page, "pick")
    page.locator("#pick-skip").tap()
    answer_all(page, scores=(4,) * 9)
    page.locator("#profile-skip").tap()
    screen(page, "thanks")
    page.locator("#thanks-done").tap()
    screen(page, then)


def test_refused_answers_are_dead_lettered_and_device_errors_keep_them_queued(live, tablet):
    app, base = live
    _, page = tablet()
    before = row_count(app)
    open_kiosk(page, base, FIXED_TOKEN)
    refusal = {"error": "The submission has invalid fields.", "fields": {"counter": "no such"}}

    # 401 from the server: the answer stays queued and the status says what is wrong.
    page.route(
        "**/api/v1/responses",
        lambda route: route.fulfill(
            status=401, json={"error": "Unknown device token.", "fields": {}}
        ),
    )
    page.route(
        "**/api/v1/kiosk/config*",
        lambda route: route.fulfill(
            status=401, json={"error": "Unknown device token.", "fields": {}}
        ),
    )
    quick_survey(page, then="device")  # the kiosk checked its token and says so
    assert "tidak dikenal" in page.locator("#screen-device").inner_text()
    assert page.locator("#unsent-badge").inner_text() == "1"
    page.unroute("**/api/v1/kiosk/config*")

    # 422: refused for good, moved to the dead-letter list shown in the staff panel.
    page.unroute("**/api/v1/responses")
    page.route("**/api/v1/responses", lambda route: route.fulfill(status=422, json=refusal))
    page.locator("#device-retry").tap()
    screen(page, "attract")
    long_press_staff_corner(page)
    page.locator("#staff-send").tap()
    page.wait_for_selector("#staff-dead li")
    assert "invalid fields" in page.locator("#staff-dead").inner_text()
    assert "counter: no such" in page.locator("#staff-dead").inner_text()
    assert page.locator("#staff-unsent").inner_text() == "0"
    assert page.locator("#staff-status").inner_text() == "Terdaftar, normal"
    shot(page, "17-staff-dead-letter")

    # Once the cause is fixed, staff queue it again and it is stored once.
    page.unroute("**/api/v1/responses")
    page.locator("#staff-requeue").tap()
    page.wait_for_selector("#staff-dead-empty:not([hidden])")
    wait_for_rows(page, app, before + 1)
    page.wait_for_selector("#staff-unsent:text-is('0')")
    assert row_count(app) == before + 1


def test_server_errors_are_retried_until_stored(live, tablet):
    app, base = live
    _, page = tablet()
    before = row_count(app)
    open_kiosk(page, base, FIXED_TOKEN)
    calls = []

    def flaky(route):
        calls.append(route.request.post_data_json["id"])
        if len(calls) == 1:
            route.fulfill(status=503, json={"error": "busy", "fields": {}})
        else:
            route.continue_()

    page.route("**/api/v1/responses", flaky)
    quick_survey(page)
    wait_for_rows(page, app, before + 1, timeout_ms=20000)  # first retry after about 4 s
    assert len(calls) == 2 and calls[0] == calls[1], "the retry sends the same id"
    page.wait_for_selector("#unsent-badge", state="hidden")


# ---- Without IndexedDB: thanks only after the server stored it; otherwise keep the answers ----


def test_without_indexeddb_thanks_only_after_the_server_answered(live, tablet):
    app, base = live
    context, page = tablet()
    context.add_init_script("Object.defineProperty(window, 'indexedDB', {value: undefined})")
    before = row_count(app)
    open_kiosk(page, base, FIXED_TOKEN)
    page.locator("#start").tap()
    screen(page, "pick")
    page.locator(".pick", has_text="Layanan 10").tap()
    answer_all(page, scores=(2,) * 9)
    page.locator("[data-field=sex][data-value=L]").tap()
    context.set_offline(True)
    page.locator("#profile-send").tap()
    page.wait_for_selector("#submit-error:not([hidden])")
    assert page.locator("#profile-send").inner_text() == "Coba lagi"
    assert page.locator("[data-field=sex][data-value=L]").get_attribute("aria-pressed") == "true"
    assert document_screen(page) == "profile"
    shot(page, "18-no-storage-error")
    context.set_offline(False)
    page.locator("#profile-send").tap()
    screen(page, "thanks")
    assert row_count(app) == before + 1
    long_press_staff_corner(page)
    assert "Penyimpanan tablet tidak tersedia" in page.locator("#staff-status").inner_text()


def document_screen(page) -> str:
    return page.evaluate("() => document.body.dataset.screen")
