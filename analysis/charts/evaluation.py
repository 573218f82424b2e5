"""Evaluation charts: importance–performance grid, readiness profile, national distribution."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..drivers import QUADRANT_LABELS, QUADRANTS, IpaResult
from ..palette import GRADE_COLORS, HIGHLIGHT, INK, MUTED
from ..readiness import CRITERIA, DERIVED_NOTE, LEVELS, ReadinessResult
from ..skm import ELEMENT_NAMES, classify
from ._common import as_float_array, check_lang, fmt, grade_bands, new_axes, style_axes

QUADRANT_COLORS = dict(zip(QUADRANTS, ("D", "A", "C", "B"), strict=True))
T = {
    "id": {
        "imp_stated": "Kepentingan (dinyatakan, 1–4)",
        "imp_derived": "Kepentingan (turunan, ρ)",
        "perf": "Kinerja (NRR, 1–4)",
        "focus": "Prioritas utama: {}",
        "none": "Tidak ada unsur di kuadran prioritas utama",
        "level": "Tingkat kematangan",
        "ready": "Indeks kesiapan digital {} ({})",
        "units": "Jumlah MPP",
        "dist": "{} MPP; median IKM {}; {}% bermutu A",
        "this": "MPP ini: {}",
    },
    "en": {
        "imp_stated": "Importance (stated, 1–4)",
        "imp_derived": "Importance (derived, ρ)",
        "perf": "Performance (NRR, 1–4)",
        "focus": "Concentrate here: {}",
        "none": "No element needs urgent attention",
        "level": "Maturity level",
        "ready": "Digital readiness index {} ({})",
        "units": "Number of MPPs",
        "dist": "{} MPPs; median IKM {}; {}% grade A",
        "this": "This MPP: {}",
    },
}


def ipa_quadrant(result: IpaResult, ax: Axes | None = None, lang: str = "id", title=None) -> Figure:
    """Importance (y) against performance (x) with crosshairs at the means (Martilla & James)."""
    t = T[check_lang(lang)]
    fig, ax = new_axes(ax, (7.0, 5.6))
    style_axes(ax, "both")
    shown = np.array([bool(q) for q in result.quadrant])  # undefined importance: left off
    x, y = result.performance[shown], result.importance[shown]
    codes = [c for c, ok in zip(result.codes, shown, strict=True) if ok]
    pad_x = max(0.05, 0.12 * np.ptp(x))
    pad_y = max(0.02 if result.source == "derived" else 0.05, 0.12 * np.ptp(y))
    ax.set_xlim(x.min() - pad_x, x.max() + pad_x)
    ax.set_ylim(y.min() - pad_y, y.max() + pad_y)
    ax.axvline(result.performance_mean, color=MUTED, linestyle="--", linewidth=1)
    ax.axhline(result.importance_mean, color=MUTED, linestyle="--", linewidth=1)
    colors = [GRADE_COLORS[QUADRANT_COLORS[q]] for q in result.quadrant if q]
    ax.scatter(x, y, s=60, color=colors, edgecolor=INK, zorder=3)
    for xi, yi, code in zip(x, y, codes, strict=True):
        ax.annotate(
            ELEMENT_NAMES[lang][code],
            (xi, yi),
            textcoords="offset points",
            xytext=(5, 4),
            fontsize=8,
            color=INK,
        )
    corners = {
        QUADRANTS[0]: (0.02, 0.98, "left", "top"),
        QUADRANTS[1]: (0.98, 0.98, "right", "top"),
        QUADRANTS[2]: (0.02, 0.02, "left", "bottom"),
        QUADRANTS[3]: (0.98, 0.02, "right", "bottom"),
    }
    for q, (cx, cy, ha, va) in corners.items():
        ax.text(
            cx,
            cy,
            QUADRANT_LABELS[lang][q],
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=9,
            fontweight="bold",
            color=GRADE_COLORS[QUADRANT_COLORS[q]],
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.5},
        )
    ax.set_xlabel(t["perf"])
    ax.set_ylabel(t["imp_stated"] if result.source == "stated" else t["imp_derived"])
    focus = [
        ELEMENT_NAMES[lang][c]
        for c, q in zip(result.codes, result.quadrant, strict=True)
        if q == QUADRANTS[0]
    ]
    default = t["focus"].format(", ".join(focus)) if focus else t["none"]
    ax.set_title(title or default, loc="left", wrap=True)
    return fig


def readiness_profile(
    result: ReadinessResult, ax: Axes | None = None, lang: str = "id", title=None
) -> Figure:
    """Level (1–5) of each of the 11 MPP Digital criteria, with the index as a line."""
    t = T[check_lang(lang)]
    fig, ax = new_axes(ax, (8.0, 5.2))
    style_axes(ax, "x")
    names = [c.name_id if lang == "id" else c.name_en for c in CRITERIA]
    levels = np.array([result.scores[c.code] for c in CRITERIA], float)
    pos = np.arange(len(CRITERIA))
    shades = {1: "#b2182b", 2: "#fdae61", 3: "#d9d9a0", 4: "#41b6c4", 5: "#1a9641"}
    ax.barh(
        pos,
        levels,
        color=[shades[int(v)] for v in levels],
        edgecolor=INK,
        linewidth=0.5,
        height=0.65,
    )
    ax.axvline(result.index, color=HIGHLIGHT, linewidth=2, linestyle="-")
    ax.text(
        result.index,
        1.0,
        f" {fmt(result.index, 2, lang)}",
        color=HIGHLIGHT,
        transform=ax.get_xaxis_transform(),
        va="bottom",
        fontsize=9,
        fontweight="bold",
    )
    ax.set_yticks(pos, names)
    ax.invert_yaxis()
    ax.set_xlim(0, 5.25)
    level_names = [LEVELS[k][0 if lang == "id" else 1].replace(" dan ", " dan\n") for k in LEVELS]
    ax.set_xticks(
        range(1, 6), [f"{k}\n{n}" for k, n in zip(LEVELS, level_names, strict=True)], fontsize=7
    )
    ax.set_xlabel(t["level"])
    label = result.label if lang == "id" else result.label_en
    ax.set_title(title or t["ready"].format(fmt(result.index, 2, lang), label), loc="left", pad=16)
    ax.annotate(
        DERIVED_NOTE[lang],
        xy=(0, 0),
        xycoords=("axes fraction", ax.xaxis.label),
        xytext=(0, -4),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=7,
        color=MUTED,
    )
    return fig


def national_distribution(
    ikm,
    highlight: float | None = None,
    ax: Axes | None = None,
    lang: str = "id",
    title=None,
    bin_width: float = 1.0,
) -> Figure:
    """Histogram of IKM (25–100) across MPPs with A–D bands; optional line for one MPP."""
    t = T[check_lang(lang)]
    v = as_float_array(ikm, "ikm")
    v = v[np.isfinite(v)]
    if v.size == 0:
        raise ValueError("ikm must contain at least one finite value")
    if not bin_width > 0:
        raise ValueError("bin_width must be positive")
    fig, ax = new_axes(ax, (7.5, 4.2))
    style_axes(ax, "y")
    lo = max(25.0, np.floor(v.min()) - 2)
    edges = np.arange(lo, 100.0 + bin_width, bin_width)
    ax.set_xlim(lo, 100.0)
    grade_bands(ax)
    n, _, patches = ax.hist(v, bins=edges, edgecolor="white", linewidth=0.5)
    for patch, left in zip(patches, edges[:-1], strict=True):
        patch.set_facecolor(GRADE_COLORS[classify(min(100.0, left + bin_width / 2)).mutu])
    ax.set_ylim(0, n.max() * 1.15 + 0.5)
    if highlight is not None:
        ax.axvline(highlight, color=HIGHLIGHT, linewidth=2)
        ax.text(
            highlight,
            0.97,
            " " + t["this"].format(fmt(highlight, 2, lang)),
            transform=ax.get_xaxis_transform(),
            color=HIGHLIGHT,
            va="top",
            fontsize=9,
        )
    ax.set_xlabel("IKM (25–100)")
    ax.set_ylabel(t["units"])
    share_a = 100.0 * np.mean([classify(x).mutu == "A" for x in v])
    default = t["dist"].format(
        fmt(v.size, 0, lang), fmt(float(np.median(v)), 2, lang), fmt(share_a, 0, lang)
    )
    ax.set_title(title or default, loc="left", pad=16)
    return fig
