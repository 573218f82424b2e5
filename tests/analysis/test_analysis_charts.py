import numpy as np
import pytest
from matplotlib.figure import Figure

from analysis import charts
from analysis.charts._common import fmt
from analysis.drivers import importance_performance
from analysis.palette import GRADE_COLORS
from analysis.readiness import CRITERION_CODES, readiness_index
from analysis.skm import ELEMENT_CODES


@pytest.fixture
def survey(rng):
    base = np.linspace(0.5, -0.6, 9)
    return np.clip(np.round(rng.normal(3.3, 0.6, (80, 9)) + base), 1, 4).astype(int)


def test_fmt_indonesian_and_english():
    assert fmt(88.31) == "88,31"
    assert fmt(1234567.5, 1) == "1.234.567,5"
    assert fmt(88.31, lang="en") == "88.31"
    assert fmt(float("nan")) == "–"


def test_palette_has_four_grades():
    assert set(GRADE_COLORS) == {"A", "B", "C", "D"}


def test_element_bars_sorted_with_weakest_in_title():
    nrr = dict(zip(ELEMENT_CODES, [3.6, 3.2, 2.9, 3.9, 3.0, 3.4, 3.5, 3.1, 3.3], strict=True))
    fig = charts.element_nrr_bars(nrr)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    widths = [p.get_width() + 1 for p in ax.patches if p.get_height() == pytest.approx(0.65)]
    assert len(widths) == 9 and widths == sorted(widths, reverse=True)
    assert ax.get_title(loc="left") == "Unsur terendah: Waktu penyelesaian (2,90)"
    assert ax.get_yticklabels()[0].get_text() == "Biaya/tarif"
    en = charts.element_nrr_bars(list(nrr.values()), lang="en")
    assert en.axes[0].get_title(loc="left").startswith("Weakest element: Completion time")


def test_trend_line_and_band():
    y = [84.1, 85.0, 86.2, 88.4]
    fig = charts.ikm_trend(["Q1", "Q2", "Q3", "Q4"], y, np.subtract(y, 2), np.add(y, 2))
    (ax,) = fig.axes
    assert len(ax.lines) == 1 and len(ax.collections) == 1
    assert ax.get_title(loc="left") == "IKM naik dari 84,10 ke 88,40"


def test_counter_ranking_marks_significance():
    v = np.array([91.2, 78.0, 86.0])
    fig = charts.counter_ranking(["A", "B", "C"], v, v - 2, v + 2, significant=[0, 1, 0])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "C", "B *"]
    assert len(ax.collections[-1].get_offsets()) == 3
    assert ax.get_title(loc="left") == "Tertinggi: A (91,20)"


def test_heatmap_days_and_busiest():
    counts = np.zeros((7, 8))
    counts[4, 2] = 50
    fig = charts.day_hour_heatmap(counts, hours=range(8, 16))
    assert len(fig.axes) == 2  # heatmap + colorbar
    assert fig.axes[0].get_title(loc="left") == "Tersibuk: Jumat pukul 10.00"
    with pytest.raises(ValueError, match="counts"):
        charts.day_hour_heatmap(np.zeros((5, 8)))


def test_ipa_quadrant(survey):
    imp = np.array([3.8, 3.2, 3.9, 2.9, 3.4, 3.6, 3.1, 3.0, 3.5])
    fig = charts.ipa_quadrant(importance_performance(survey, importance=imp), lang="en")
    ax = fig.axes[0]
    assert len(ax.collections[0].get_offsets()) == 9
    assert len(ax.lines) == 2  # crosshairs
    assert ax.get_ylabel() == "Importance (stated, 1–4)"


def test_readiness_profile_has_eleven_bars():
    r = readiness_index(dict(zip(CRITERION_CODES, [4, 3, 5, 4, 2, 3, 4, 2, 3, 1, 2], strict=True)))
    fig = charts.readiness_profile(r)
    ax = fig.axes[0]
    assert len(ax.patches) == 11
    assert ax.get_title(loc="left") == "Indeks kesiapan digital 3,00 (Baik)"


def test_national_distribution(rng):
    v = np.clip(rng.normal(84, 5, 120), 60, 99)
    fig = charts.national_distribution(v, highlight=91.48)
    ax = fig.axes[0]
    assert ax.get_title(loc="left").startswith("120 MPP; median IKM ")
    assert ax.get_xlim()[1] == 100.0


@pytest.mark.parametrize(
    "lang, text",
    [
        ("id", "IKM terakhir 82,00; tren butuh sedikitnya 3 titik"),
        ("en", "Latest IKM 82.00; a trend needs at least 3 points"),
    ],
)
def test_a_trend_title_needs_three_points(lang, text):
    for y in ([82.0], [70.0, 82.0]):
        fig = charts.ikm_trend([str(i) for i in range(len(y))], y, lang=lang)
        assert fig.axes[0].get_title(loc="left") == text
    three = charts.ikm_trend(["a", "b", "c"], [70.0, 75.0, 82.0], lang=lang)
    assert three.axes[0].get_title(loc="left") != text


def test_draws_on_given_axes():
    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    out = charts.ikm_trend(["a", "b"], [80.0, 82.0], ax=ax2)
    assert out is fig and len(ax2.lines) == 1 and len(ax1.lines) == 0


def test_invalid_lang():
    with pytest.raises(ValueError, match="lang"):
        charts.ikm_trend(["a"], [80.0], lang="fr")


def test_analysis_never_uses_pyplot():
    import ast
    from pathlib import Path

    import analysis

    for path in Path(analysis.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            assert not any("pyplot" in n for n in names), path
