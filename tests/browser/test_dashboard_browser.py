"""A manager's dashboard in a real Chromium: sign in, filter by keyboard and mouse, charts load,
and the keyboard reaches the filters, the apply button and the counters with a visible focus.

Demo data as `flask demo load` builds it (tests/browser/conftest.py); screenshots of each step go
to artifacts/screenshots/<test name>/.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from surveys.models import local_today

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which("chromium") is None,
        reason="no chromium on PATH: install Debian's chromium (apt-get install chromium)",
    ),
]
MANAGER = "manager.banyuwangi@demo.mutu"
MPP = "kab-banyuwangi"
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}


def this_quarter(today: dt.date) -> str:
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def chart_images(page) -> list[str]:
    return page.locator("main img[src*='/chart/']").evaluate_all("els => els.map(e => e.src)")


def assert_charts_load(page) -> list[str]:
    """Every chart <img> decodes (naturalWidth > 0) and its address answers image/svg+xml."""
    for summary in page.locator("details:has(img[src*='/chart/']) > summary").all():
        summary.click()  # the counters' chart waits inside a <details>
    images = page.locator("main img[src*='/chart/']")
    assert images.count() >= 4, "elements, trend, heatmap and importance-performance at least"
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()  # loading="lazy": they load once near the viewport
        image.evaluate(
            """img => img.complete && img.naturalWidth > 0 ? true : new Promise((ok, fail) => {
                img.addEventListener("load", () => ok(true), {once: true});
                img.addEventListener("error", () => fail(new Error("failed: " + img.src)),
                                     {once: true});
            })"""
        )
        assert image.evaluate("img => img.naturalWidth") > 0, image.get_attribute("src")
    sources = chart_images(page)
    for src in sources:
        answer = page.request.get(src)
        assert answer.ok, (src, answer.status)
        assert answer.headers["content-type"].startswith("image/svg+xml"), (src, answer.headers)
        assert answer.body().lstrip().startswith((b"<?xml", b"<svg")), src
    return sources


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["1280x800", "768x1024"])
def test_manager_filters_the_dashboard_and_sees_its_charts(
    demo_site, open_page, sign_in_as, shot, viewport
):
    base = demo_site
    page = open_page(viewport)
    page.goto(f"{base}/dashboard/")
    page.wait_for_url(re.compile(r"/auth/login\?next="))  # signed out: the login form first
    shot(page, "01-login")
    sign_in_as(page, base, MANAGER, next_path="/dashboard/")
    page.wait_for_url(re.compile(rf"/dashboard/{MPP}/$"))
    page.locator(".dash-cards").wait_for()
    assert "Banyuwangi" in page.locator("h1").inner_text()
    shot(page, "02-dashboard")

    # Period with the keyboard: focus the select, arrow down to this quarter (no popup on Linux).
    period = page.locator("#f-period")
    target = this_quarter(local_today())  # the server's clock: it runs in this process
    period.focus()
    for _ in range(40):
        if period.input_value() == target:
            break
        page.keyboard.press("ArrowDown")
    assert period.input_value() == target
    assert page.evaluate("document.activeElement.id") == "f-period"

    # Tenant with the mouse: click the select, then choose (Playwright's way with native popups).
    tenant = page.locator("#f-tenant")
    tenant.click()
    options = tenant.locator("option:not([value=''])")
    label = next(
        (t for t in options.all_inner_texts() if "Kependudukan" in t or "Dukcapil" in t),
        options.first.inner_text(),
    )
    tenant.select_option(label=label)
    page.keyboard.press("Escape")
    tenant_id = tenant.input_value()
    assert tenant_id
    # Counters of other tenants are hidden from the counter select (dashboard.js).
    assert page.locator(f"#f-counter option[data-tenant='{tenant_id}']").count() >= 1
    shot(page, "03-filters-chosen")

    # Submit: the mouse on the wide screen, the keyboard on the tablet.
    if viewport is DESKTOP:
        page.locator(".dash-filter-actions button[type=submit]").click()
    else:  # Tab on from the tenant select to the apply button, then Enter
        tenant.focus()
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate(
                "document.activeElement.matches('.dash-filter-actions button[type=submit]')"
            ):
                break
        else:
            pytest.fail("Tab from the tenant select never reached the apply button")
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"tenant="))
    args = query(page)
    assert args["period"] == [target]
    assert args["tenant"] == [tenant_id]
    assert set(args) == {"period", "tenant"}, f"empty filters stay out of the URL: {page.url}"
    assert page.locator("#f-period").input_value() == target
    assert page.locator("#f-tenant").input_value() == tenant_id
    page.locator(".dash-cards").wait_for()

    sources = assert_charts_load(page)
    for src in sources:  # the charts show what the filters chose
        chart_args = parse_qs(urlsplit(src).query)
        assert chart_args.get("period") == [target] and chart_args.get("tenant") == [tenant_id]
    shot(page, "04-filtered-with-charts")
    assert page.errors == []


def describe_focus(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            const cell = (el.closest(".field, .dash-filter-actions") || el).getBoundingClientRect();
            return {
                tag: el.tagName.toLowerCase(), id: el.id, type: el.type || "",
                text: (el.innerText || el.value || "").trim().slice(0, 40),
                inCounters: Boolean(el.closest("table.dash-counters tbody")),
                submit: el.matches(".dash-filter-actions button[type=submit]"),
                outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
                shadow: style.boxShadow,
                top: cell.top + window.scrollY, bottom: cell.bottom + window.scrollY,
                left: cell.left + window.scrollX,
                inView: box.bottom > 0 && box.top < window.innerHeight,
            };
        }"""
    )


def visibly_focused(f: dict) -> bool:
    outline = f["outline"] != "none" and f["outlineWidth"] > 0
    return outline or (f["shadow"] not in ("", "none"))


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["1280x800", "768x1024"])
def test_keyboard_reaches_filters_apply_and_counters_with_visible_focus(
    demo_site, open_page, sign_in_as, shot, viewport
):
    base = demo_site
    page = open_page(viewport)
    sign_in_as(page, base, MANAGER, next_path="/dashboard/")
    page.locator(".dash-cards").wait_for()
    page.evaluate("document.activeElement && document.activeElement.blur()")  # from the top

    wanted = ["f-period", "f-tenant", "f-counter", "f-service", "f-channel"]
    seen: list[dict] = []
    where: dict[str, int] = {}
    for step in range(120):
        page.keyboard.press("Tab")
        focus = describe_focus(page)
        seen.append(focus)
        key = focus["id"] or ("apply" if focus["submit"] else "")
        if focus["inCounters"] and focus["tag"] == "a":
            key = "counter-link"
        if key and key not in where:
            where[key] = step
            if key in wanted or key in ("apply", "counter-link"):
                assert focus["inView"], f"{key} has focus but is off screen"
                assert visibly_focused(focus), f"{key} has no visible focus indicator: {focus}"
                shot(page, f"{len(where):02d}-focus-{key}")
        if key == "counter-link":
            break

    order = [f"{s['tag']}#{s['id'] or s['text']}" for s in seen]
    missing = [k for k in (*wanted, "apply", "counter-link") if k not in where]
    assert not missing, f"Tab never reached {missing}; order was {order}"
    steps = [where[k] for k in (*wanted, "apply", "counter-link")]
    assert steps == sorted(steps), f"focus order differs from the form's order: {order}"

    # The order follows what people see: reading order (row by row, left to right), judged
    # on each control's grid cell (label and control; the stacked apply/reset buttons).
    boxes = [seen[where[k]] for k in (*wanted, "apply")]
    for before, after in zip(boxes, boxes[1:], strict=False):
        same_row = after["top"] < before["bottom"] and before["top"] < after["bottom"]
        next_row = after["top"] >= before["bottom"] - 1
        assert (same_row and after["left"] > before["left"]) or next_row, (
            f"focus jumps back: {before} -> {after}"
        )
    # The counters' links come in the table's order.
    first_link = page.locator("table.dash-counters tbody tr a").first
    assert first_link.evaluate("e => e === document.activeElement")
    assert page.errors == []
