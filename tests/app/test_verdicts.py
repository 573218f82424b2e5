"""No verdict from too little data, and one number for one thing (issue 14, items 2 and 9).

Answers are given in October and November 2026; the pages are opened on 10 December, when
November is the last complete month (the default period) and October the one before.
"""

import datetime as dt
import re
from dataclasses import replace

import pytest
import time_machine

from analysis.skm import ELEMENT_CODES
from app.evaluator import chart_views as evaluator_charts
from app.evaluator import charts
from surveys import national, national_detail
from surveys.dashboard import Change
from surveys.national import all_rows, median_contributions, medians_of
from surveys.periods import parse_period
from surveys.responses import submit_response
from surveys.validation import parse_submission
from tests.factories import login, make_mpp, make_user, submission_payload
from tests.surveys.test_national_seed import YEAR, national_world, short_region_codes  # noqa: F401

OCTOBER = dt.datetime(2026, 10, 15, 3, 0, tzinfo=dt.UTC)  # 10:00 WIB
NOVEMBER = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
OPENED_AT = dt.datetime(2026, 12, 10, 3, 0, tzinfo=dt.UTC)
COUNTERS = ("L00", "L01", "L10", "L11")


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(OPENED_AT, tick=True):
        yield


def answer(session, mpp, when, n, scores, counters=COUNTERS, comment=True):
    """``n`` answers spread over the counters; ``scores(i, j)`` is answer j of visitor i."""
    for i in range(n):
        at = when + dt.timedelta(minutes=3 * i)
        answers = {code: scores(i, j) for j, code in enumerate(ELEMENT_CODES)}
        payload = submission_payload(counter=counters[i % len(counters)], service=None,
                                     answers=answers, submitted_at=at.isoformat())  # fmt: skip
        if not comment:
            payload["comment"] = ""
        submit_response(session, parse_submission(payload, at, channel="kiosk"), mpp, None, at)


def mixed(i, j):
    return 1 + (i + j) % 4  # every score as often: IKM 62,50


def high(i, j):
    return 3 + (i + j) % 2  # 3 and 4: IKM 87,50


def low(i, j):
    return 1 + (i + j) % 2  # 1 and 2: IKM 37,50


def page(client, session, mpp, path="", **query):
    login(client, make_user(session, "manager", mpps=[mpp]))
    args = "&".join(f"{k}={v}" for k, v in query.items())
    return client.get(f"/dashboard/{mpp.code}/{path}" + (f"?{args}" if args else ""))


def change_card(html: str) -> str:
    return re.search(r'<article class="card stat stat-change.*?</article>', html, re.S).group(0)


def ikm_card(html: str) -> str:
    return re.search(r'<article class="card stat stat-ikm.*?</article>', html, re.S).group(0)


def test_below_thirty_answers_a_period_has_no_grade_and_no_change(client, session):
    mpp = make_mpp(session, code="mpp-few")
    answer(session, mpp, OCTOBER, 40, high)
    answer(session, mpp, NOVEMBER, 20, low)  # -50 points, from 20 answers
    html = page(client, session, mpp).get_data(as_text=True)
    card = ikm_card(html)
    assert "37,50" in card and "dari 20 tanggapan" in card and "Interval 95%:" in card
    assert 'class="grade grade-' not in card and "Tidak baik" not in card
    assert "Belum diberi mutu: butuh sedikitnya 30 tanggapan." in card
    change = change_card(html)
    assert 'data-verdict="too_few"' in change and "Belum dapat dinilai" in change
    assert "▼" not in change and "▲" not in change and "Turun" not in change
    assert "stat-warn" not in change and "trend-alarm" not in change
    assert "Selisih -50,00 poin" in change
    counters = html[html.index('id="h-counters"') :]
    assert 'class="grade grade-' not in counters and "terlalu sedikit" in counters
    english = page(client, session, mpp, lang="en").get_data(as_text=True)
    assert "Not graded yet: needs at least 30 answers." in ikm_card(english)
    assert "Cannot be judged yet" in change_card(english)


def test_the_minimum_is_configurable_and_shared_with_the_national_table(client, session):
    client.application.config["MIN_RESPONSES"] = 20
    mpp = make_mpp(session, code="mpp-few")
    answer(session, mpp, OCTOBER, 40, high)
    answer(session, mpp, NOVEMBER, 20, low)
    html = page(client, session, mpp).get_data(as_text=True)
    assert 'class="grade grade-D"' in ikm_card(html)
    change = change_card(html)
    assert 'data-verdict="down"' in change and "▼" in change and "trend-alarm" in change
    assert "Turun lebih dari 5 poin" in change and "stat-warn" in change
    from app.config import default_config

    assert default_config("/tmp")["MIN_RESPONSES"] == 30
    rows = all_rows(session, 2026, min_responses=61)  # 60 answers in the year
    assert next(r for r in rows if r.code == "mpp-few").too_little_data


def test_a_change_whose_interval_holds_zero_is_no_change(client, session):
    mpp = make_mpp(session, code="mpp-steady")
    answer(session, mpp, OCTOBER, 120, mixed)
    answer(session, mpp, NOVEMBER, 120, lambda i, j: mixed(i + 1, j) if i else 4)  # +0,07
    html = page(client, session, mpp).get_data(as_text=True)
    assert 'class="grade grade-' in ikm_card(html)
    change = change_card(html)
    assert 'data-verdict="not_significant"' in change and "Tidak berubah nyata" in change
    assert "▼" not in change and "▲" not in change
    assert "trend-down" not in change and "trend-alarm" not in change and "stat-warn" not in change
    low_, high_ = re.search(r"Interval 95% selisih: (-?[\d,]+) – (-?[\d,]+)", change).groups()
    assert float(low_.replace(",", ".")) < 0 < float(high_.replace(",", "."))
    english = page(client, session, mpp, lang="en").get_data(as_text=True)
    assert "No significant change" in change_card(english)


def test_a_real_drop_is_shown_as_a_change_and_only_a_large_one_as_an_alarm(client, session):
    mpp = make_mpp(session, code="mpp-drop")
    answer(session, mpp, OCTOBER, 120, high)
    answer(session, mpp, NOVEMBER, 120, low)
    change = change_card(page(client, session, mpp).get_data(as_text=True))
    assert 'data-verdict="down"' in change and "▼" in change and "-50,00" in change
    assert "trend-alarm" in change and "Turun lebih dari 5 poin" in change
    small = Change(parse_period("2026-10"), 80.0, 400, -2.0, 400, -3.5, -0.5)
    assert small.verdict == "down" and small.direction == "down" and not small.alarm
    big = Change(parse_period("2026-10"), 80.0, 400, -6.0, 400, -8.0, -4.0)
    assert big.alarm
    noise = Change(parse_period("2026-10"), 80.0, 400, -6.0, 400, -12.0, 0.1)
    assert noise.verdict == "not_significant" and noise.direction == "flat" and not noise.alarm
    missing = Change(parse_period("2026-10"), 80.0, 400, -6.0, 400)  # no interval: no claim
    assert missing.verdict == "not_significant"


def test_a_trend_title_from_too_few_answers_states_no_direction(client, session):
    mpp = make_mpp(session, code="mpp-few")
    for week in range(3):  # three weekly points of 5 answers each, the last one low
        answer(session, mpp, NOVEMBER - dt.timedelta(weeks=week), 5, high if week else low)
    svg = page(client, session, mpp, "chart/trend.svg").get_data(as_text=True)
    assert "<!-- IKM per titik; terlalu sedikit tanggapan untuk menyimpulkan arah -->" in svg
    assert "IKM turun" not in svg and "IKM naik" not in svg
    client.application.config["MIN_RESPONSES"] = 15  # now enough: the title states a finding
    again = client.get(f"/dashboard/{mpp.code}/chart/trend.svg").text
    assert "<!-- IKM turun dari 87,22 ke 37,22 -->" in again


def test_a_counter_page_shows_the_counters_own_sample_and_complaints(client, session):
    mpp = make_mpp(session, code="mpp-counter")
    answer(session, mpp, NOVEMBER, 36, mixed, comment=False)  # 9 per counter, no comments
    answer(session, mpp, NOVEMBER + dt.timedelta(hours=3), 3, high, counters=("L00",))
    answer(session, mpp, NOVEMBER + dt.timedelta(hours=4), 5, high, counters=("L10",))
    html = page(client, session, mpp, "counter/L00").get_data(as_text=True)
    sample = re.search(r'<article class="card stat stat-sample.*?</article>', html, re.S)[0]
    assert re.search(r'class="stat-big"[^>]*>12<', sample)  # L00: 9 + 3, not the MPP's 44
    assert "Tanggapan loket ini." in sample and "44" in sample
    complaints = re.search(r"Pengaduan terbuka</h2>\s*<p[^>]*><span[^>]*>(\d+)<", html)
    assert complaints.group(1) == "3"  # L00's comments, not the MPP's 8
    whole = page(client, session, mpp).get_data(as_text=True)
    assert re.search(r"Pengaduan terbuka</h2>\s*<p[^>]*><span[^>]*>8<", whole)


def crossing_rows(session):
    """The seed's MPPs with one component moved from the best to the middle one: the median
    MPP is no longer the median of every component, as in a real year."""
    rows = all_rows(session, YEAR)
    good, mid = (next(r for r in rows if r.code == c) for c in ("mpp-good", "mpp-mid"))
    moved = {
        "mpp-good": mid.contributions["throughput"],
        "mpp-mid": good.contributions["throughput"],
    }
    out = []
    for r in rows:
        if r.code in moved:
            parts = dict(r.contributions, throughput=moved[r.code])
            r = replace(r, contributions=parts, effectiveness=round(sum(parts.values()), 2))
        out.append(r)
    return out


def test_the_national_median_is_one_value_on_the_card_the_bar_and_the_table(
    client, session, monkeypatch
):
    national_world(session)
    rows = crossing_rows(session)
    for module in (national, national_detail, evaluator_charts):
        monkeypatch.setattr(module, "all_rows", lambda *args, **kwargs: rows)
    median = medians_of(rows)["effectiveness"]
    drawn = {}

    def spy(own, median_bar, lang):
        drawn["median"] = dict(median_bar)
        return b"<svg xmlns='http://www.w3.org/2000/svg'/>"

    monkeypatch.setattr(charts, "effectiveness_svg", spy)
    login(client, make_user(session, "evaluator"))
    html = client.get(f"/national/mpp/mpp-weak?year={YEAR}").get_data(as_text=True)
    shown = f"{median:.1f}".replace(".", ",")
    assert f"median nasional {shown}" in html
    table = client.get(f"/national/?year={YEAR}").get_data(as_text=True)
    assert re.search(rf'class="median-row">.*?<td class="num">{shown}</td>', table, re.S)
    assert client.get(f"/national/mpp/mpp-weak/effectiveness.svg?year={YEAR}").status_code == 200
    assert sum(drawn["median"].values()) == pytest.approx(median, abs=0.006)


def test_median_contributions_are_the_median_mpps_own(session):
    national_world(session)
    rows = crossing_rows(session)
    mid = next(r for r in rows if r.code == "mpp-mid")
    assert median_contributions(rows) == pytest.approx(mid.contributions)
    even = [r for r in rows if r.code != "mpp-weak"]  # two scored: the mean of both
    both = [r for r in even if r.effectiveness is not None]
    expected = {
        c: (both[0].contributions[c] + both[1].contributions[c]) / 2 for c in mid.contributions
    }
    assert median_contributions(even) == pytest.approx(expected)
    assert sum(median_contributions(even).values()) == pytest.approx(
        medians_of(even)["effectiveness"], abs=0.006
    )
    assert median_contributions([r for r in rows if r.effectiveness is None]) == {}
