"""axe-core in a real Chromium on the pages people work with: no serious or critical violations.

The dashboard and inbox as a manager, the national table as an evaluator (with the TOTP step),
the login page and the phone survey behind a counter's QR code as anyone. A failing check prints
each violation with its targets. Screenshots go to artifacts/screenshots/<test name>/.
"""

from __future__ import annotations

import shutil

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which("chromium") is None,
        reason="no chromium on PATH: install Debian's chromium (apt-get install chromium)",
    ),
]
MANAGER = "manager.banyuwangi@demo.mutu"
EVALUATOR = "evaluator@demo.mutu"
EVALUATOR_TOTP = "MUTUMPPDEMOEVALUATORKEYTOTPSECRE"
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}

# page id: (who, path, what shows it is ready, viewport)
PAGES = {
    "login": (None, "/auth/login", "form button[type=submit]", DESKTOP),
    "phone-survey": (None, "/s/kab-banyuwangi/L01", "form", PHONE),
    "dashboard": (MANAGER, "/dashboard/", ".dash-cards", DESKTOP),
    "inbox": (MANAGER, "/inbox/", "main h1", DESKTOP),
    "national": (EVALUATOR, "/national/", "table.national-table", DESKTOP),
}
# Known violations in pages these tests do not own: strict xfail, so that a fix is noticed.
KNOWN: dict[str, str] = {}


def serious_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.response["passes"], "axe-core ran no rules: is it injected into the page?"
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {node['target']}  {summary[:300]}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def signed_in(chromium, demo_site, sign_in_as):
    """Storage state per account, signed in once through the real form."""
    states: dict[str, dict] = {}

    def state_for(email: str) -> dict:
        if email not in states:
            context = chromium.new_context(viewport=DESKTOP, locale="id-ID")
            context.set_default_timeout(30_000)
            page = context.new_page()
            secret = EVALUATOR_TOTP if email == EVALUATOR else None
            sign_in_as(page, demo_site, email, totp_secret=secret)
            states[email] = context.storage_state()
            context.close()
        return states[email]

    return state_for


def params():
    for name in PAGES:
        marks = []
        if name in KNOWN:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN[name]))
        yield pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("name", list(params()))
def test_page_has_no_serious_axe_violations(demo_site, open_page, signed_in, shot, name):
    who, path, ready, viewport = PAGES[name]
    page = open_page(viewport, storage_state=signed_in(who) if who else None)
    page.goto(f"{demo_site}{path}")
    assert "/auth/login" not in page.url or name == "login", f"not signed in: {page.url}"
    page.locator(ready).first.wait_for()
    page.wait_for_load_state("load")
    shot(page, f"{name}")
    violations = serious_violations(page)
    if violations:
        print(f"axe on {name} ({page.url}):\n{describe(violations)}")
    assert not violations, f"axe on {name}:\n{describe(violations)}"
