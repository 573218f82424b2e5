"""Pairing a tablet from the web, in a real Chromium: the tablet shows a code, a manager types it.

The tablet has no token at all; after the manager confirms the code on Kelola › Perangkat the
tablet starts the survey by itself, and what a visitor answers is stored with the new device.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from tests.browser.conftest import DESKTOP, TABLET, serious_violations, serving

pytestmark = pytest.mark.browser

CODE = re.compile(r"^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


@contextmanager
def served(database):
    from app import create_app
    from app.extensions import db
    from tests.factories import make_mpp, make_user

    app = create_app({"TESTING": True, "SECRET_KEY": "test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})  # fmt: skip
    with app.app_context():
        db.create_all()
        mpp = make_mpp(db.session, tenants=1)
        manager = make_user(db.session, "manager", mpps=[mpp], email="pengelola@example.id")
        world = {"mpp": mpp.code, "email": manager.email}
        db.session.remove()
    with serving(app) as base_url:
        yield app, base_url, world


def test_a_manager_pairs_a_tablet_by_its_code_and_its_answers_are_stored(open_page, tmp_path):
    from app.extensions import db
    from surveys.devices import hash_token
    from surveys.models import Device, Response
    from tests.factories import PASSWORD

    with served(tmp_path / "pairing.sqlite3") as (app, base, world):
        tablet = open_page(TABLET, has_touch=True, service_workers="block")
        tablet.goto(f"{base}/kiosk/")
        tablet.wait_for_selector("body[data-screen=device][data-device=pairing]")
        tablet.wait_for_function(
            "() => /^[2-9A-Z]{4}-[2-9A-Z]{4}$/.test(document.getElementById('pairing-code')"
            ".textContent)"
        )
        code = tablet.locator("#pairing-code").inner_text()
        assert CODE.match(code), code
        assert "Berlaku" in tablet.locator("#pairing-expiry").inner_text()
        assert serious_violations(tablet) == []

        manager = open_page(DESKTOP)
        manager.goto(f"{base}/auth/login?next=/manage/{world['mpp']}/devices")
        manager.locator("#email").fill(world["email"])
        manager.locator("#password").fill(PASSWORD)
        manager.locator("form button[type=submit]").click()
        manager.wait_for_url(re.compile(r"/manage/.+/devices$"))
        manager.locator("#p-code").fill(code.lower().replace("-", " "))  # as a person may type it
        manager.locator("#p-label").fill("Tablet lobi")
        manager.locator("#p-counter").select_option(label="Loket 01")
        manager.locator("#pair button[type=submit]").click()
        manager.wait_for_selector("text=Tablet lobi dipasangkan")
        assert "Tablet lobi" in manager.locator("table").inner_text()

        # The tablet notices within a poll or two, and is now the fixed kiosk of Loket 01.
        tablet.wait_for_selector("body[data-screen=attract]", timeout=15_000)
        assert tablet.locator("#place-counter").inner_text() == "Loket 01 · Inst 0"
        token = tablet.evaluate("localStorage.getItem('mutu.kiosk.token')")
        assert tablet.evaluate("localStorage.getItem('mutu.kiosk.pairing')") is None

        tablet.locator("#start").tap()
        tablet.wait_for_selector("body[data-screen=pick]")
        tablet.locator(".pick", has_text="Layanan 01").tap()
        for n in range(1, 10):
            tablet.wait_for_selector(f"#progress-text:text-is('{n} dari 9')")
            tablet.locator("#answers [data-score='3']").tap()
        tablet.wait_for_selector("body[data-screen=profile]")
        tablet.locator("#profile-skip").tap()
        tablet.wait_for_selector("body[data-screen=thanks]")

        with app.app_context():
            device = db.session.scalar(select(Device).where(Device.label == "Tablet lobi"))
            assert device.token_hash == hash_token(token)
            for _ in range(60):
                row = db.session.scalar(select(Response).where(Response.device_id == device.id))
                if row is not None:
                    break
                db.session.rollback()
                tablet.wait_for_timeout(250)
            assert row is not None and row.counter.code == "L01" and row.persyaratan == 3
            db.session.remove()
        assert not tablet.errors and not manager.errors
