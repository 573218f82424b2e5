"""Charts speak the page's language: the language is in every chart URL and in every cache key."""

from __future__ import annotations

import html
import re

import pytest

# Fixtures: answers in November 2026, pages opened on 10 December 2026, whatever today is.
from tests.app.test_dashboard import CHARTS, _december, two_mpps  # noqa: F401
from tests.factories import login, make_user

# One phrase per chart that only its English (or Indonesian) version carries.
ENGLISH = {"elements": "Weakest element", "heatmap": "Busiest", "trend": "IKM"}
INDONESIAN = {"elements": "Unsur terendah", "heatmap": "Tersibuk"}


def chart_sources(page: str) -> list[str]:
    return [html.unescape(src) for src in re.findall(r'<img[^>]*\ssrc="([^"]+\.svg[^"]*)"', page)]


@pytest.fixture
def manager(client, session, two_mpps):  # noqa: F811
    first, _second = two_mpps
    login(client, make_user(session, "manager", mpps=[first]))
    return first


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_dashboard_chart_url_names_the_pages_language(client, manager, lang):
    page = client.get(f"/dashboard/{manager.code}/?lang={lang}").get_data(as_text=True)
    sources = chart_sources(page)
    assert len(sources) == len(CHARTS)
    for src in sources:
        assert f"lang={lang}" in src, src


def test_a_chart_asked_in_english_is_english_and_in_indonesian_indonesian(client, manager):
    for name in ("elements", "heatmap"):
        url = f"/dashboard/{manager.code}/chart/{name}.svg"
        english, indonesian = client.get(url + "?lang=en"), client.get(url + "?lang=id")
        assert ENGLISH[name] in english.get_data(as_text=True), name
        assert INDONESIAN[name] not in english.get_data(as_text=True), name
        assert INDONESIAN[name] in indonesian.get_data(as_text=True), name
        assert english.headers["ETag"] != indonesian.headers["ETag"]  # the cache key differs


def test_chart_caching_names_the_cookie_and_revalidates_without_lang(client, manager):
    url = f"/dashboard/{manager.code}/chart/elements.svg"
    named = client.get(url + "?lang=en")
    assert "max-age=300" in named.headers["Cache-Control"]
    assert "Cookie" in named.headers["Vary"]
    client.get(f"/dashboard/{manager.code}/?lang=id")  # the session's language is now id
    unnamed = client.get(url)
    assert (
        "no-cache" in unnamed.headers["Cache-Control"]
        and "max-age" not in unnamed.headers["Cache-Control"]
    )
    assert "Cookie" in unnamed.headers["Vary"]
    assert INDONESIAN["elements"] in unnamed.get_data(as_text=True)
    # The browser's English copy is not reused once the session is Indonesian.
    again = client.get(url, headers={"If-None-Match": named.headers["ETag"].strip('"')})
    assert again.status_code == 200


def test_report_chart_follows_the_language_and_varies_on_the_cookie(client, session):
    from tests.app.test_reports import PERIOD, load_worked_example
    from tests.factories import make_mpp

    mpp = make_mpp(session)
    load_worked_example(session, mpp)
    login(client, make_user(session, "manager", mpps=[mpp]))
    for lang in ("id", "en"):
        page = client.get(f"/reports/{mpp.code}?{PERIOD}&lang={lang}").get_data(as_text=True)
        (src,) = [s for s in chart_sources(page) if "elements.svg" in s]
        assert f"lang={lang}" in src
    url = f"/reports/{mpp.code}/elements.svg?{PERIOD}"
    english, indonesian = client.get(url + "&lang=en"), client.get(url + "&lang=id")
    assert "Weakest element" in english.get_data(as_text=True)
    assert "Unsur terendah" in indonesian.get_data(as_text=True)
    assert english.headers["ETag"] != indonesian.headers["ETag"]
    assert "Cookie" in english.headers["Vary"]


def test_national_chart_urls_carry_the_language(client, session):
    from tests.surveys.test_national_seed import YEAR, national_world

    national_world(session)
    login(client, make_user(session, "evaluator"))
    for lang in ("id", "en"):
        for path in (f"/national/?year={YEAR}", f"/national/mpp/mpp-weak?year={YEAR}"):
            page = client.get(f"{path}&lang={lang}").get_data(as_text=True)
            sources = chart_sources(page)
            assert sources, path
            for src in sources:
                assert f"lang={lang}" in src, src
    url = f"/national/charts/distribution.svg?year={YEAR}"
    english, indonesian = client.get(url + "&lang=en"), client.get(url + "&lang=id")
    assert "MPPs; median IKM" in english.get_data(as_text=True)
    assert "bermutu A" in indonesian.get_data(as_text=True)
    assert english.headers["ETag"] != indonesian.headers["ETag"]
    assert "Cookie" in english.headers["Vary"] and "max-age=300" in english.headers["Cache-Control"]


def test_the_app_serves_its_own_favicon_and_declares_it(client):
    with client.get("/favicon.ico") as icon:
        assert icon.status_code == 200 and icon.mimetype.startswith("image/")
        assert b"<svg" in icon.get_data()
    page = client.get("/").get_data(as_text=True)
    (href,) = re.findall(r'<link rel="icon" href="([^"]+)"', page)
    assert "//" not in href  # served by the app, no CDN
    with client.get(href) as declared:
        assert declared.status_code == 200 and declared.mimetype == "image/svg+xml"
