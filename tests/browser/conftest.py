"""Shared pieces of the browser tests: Debian's Chromium, the demo app served for real, sign-in.

test_kiosk.py keeps its own small catalogue and `browser` fixture (a module fixture of the same
name overrides the one here). The dashboard, evaluator and accessibility tests share one demo
database, loaded once per session through the domain code, served by werkzeug in a thread.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from surveys.models import local_today, utcnow
from tests.browser.totp_steps import unused_code

CHROMIUM = shutil.which("chromium")
NO_CHROMIUM = "no chromium on PATH: install Debian's chromium (apt-get install chromium)"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}

DEMO_PASSWORD = "demo-mutu-mpp"
MANAGER = "manager.banyuwangi@demo.mutu"
MANAGER_MPP = "kab-banyuwangi"
EVALUATOR = "evaluator@demo.mutu"
EVALUATOR_TOTP = "MUTUMPPDEMOEVALUATORKEYTOTPSECRE"
TIMEOUT_MS = 30_000  # the machine may be busy: generous waits, never fixed sleeps


@contextmanager
def serving(app):
    """The app served for real by werkzeug in a thread; yields its base URL."""
    from app.database import dispose_engines

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
        with app.app_context():
            dispose_engines()


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def _require_chromium() -> None:
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The app on a temporary SQLite file with the demo loaded as `flask demo load` does.

    Production-like sign-in: TOTP_REQUIRED_ROLES keeps its default (admins and evaluators).
    """
    _require_chromium()
    from app import create_app
    from app.extensions import db
    from surveys.demo import load_demo
    from surveys.demo_national import load_demo_national
    from surveys.demo_users import load_demo_users

    database = tmp_path_factory.mktemp("demo-site") / "demo.sqlite3"
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
         # this run's own password-check slot; a threaded server may wait for it
         "PASSWORD_CHECK_LOCK_DIR": str(database.parent), "PASSWORD_CHECK_WAIT_SECONDS": 5}
    )  # fmt: skip
    assert "evaluator" in app.config["TOTP_REQUIRED_ROLES"]
    with app.app_context():
        db.create_all()
        load_demo(db.session, today=local_today(), days=62)  # the last complete month, any day
        load_demo_users(db.session)
        load_demo_national(db.session)
        db.session.remove()
    with serving(app) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def chromium():
    """Debian Chromium, one per module (test_kiosk.py starts its own; never two at once)."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium):
    """open_page(viewport, storage_state=None) -> a page in a fresh context, closed afterwards."""
    contexts = []

    def open_(viewport=DESKTOP, storage_state=None, **options):
        context = chromium.new_context(
            viewport=viewport, locale="id-ID", storage_state=storage_state,
            accept_downloads=True, **options,
        )  # fmt: skip
        if os.environ.get("MUTU_TEST_NOW"):  # the page's Date follows the server's clock
            context.clock.install(time=utcnow())
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def shot(request):
    """shot(page, "01-name"): a full-page screenshot in artifacts/screenshots/<test name>/."""
    folder = SCREENSHOTS / re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")

    def take(page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=path, full_page=True, animations="disabled")
        return path

    return take


def sign_in(page, base: str, email: str, next_path: str = "", totp_secret: str | None = None):
    """Through the real form (and the TOTP step when the role requires one)."""
    page.goto(f"{base}/auth/login" + (f"?next={next_path}" if next_path else ""))
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    if totp_secret:
        page.wait_for_url(re.compile(r"/auth/totp$"))
        page.locator("#code").fill(unused_code(totp_secret))
        page.locator("form button[type=submit]").click()
    page.wait_for_url(lambda url: "/auth/" not in url)


@pytest.fixture(scope="session")
def sign_in_as():
    """sign_in_as(page, base, email, next_path="", totp_secret=None): the login form, for real."""
    return sign_in
