"""Charts of SKM results: element NRR bars, IKM trend, counter ranking, day × hour heatmap."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..palette import GRADE_COLORS, HIGHLIGHT, INK, MUTED
from ..skm import ELEMENT_CODES, ELEMENT_NAMES, classify
from ._common import (
    as_float_array,
    check_lang,
    fmt,
    grade_bands,
    new_axes,
    number_formatter,
    style_axes,
)

MIN_TREND_POINTS = 3  # fewer points are no trend: the title states no direction
DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
T = {
    "id": {
        "nrr": "Nilai rata-rata unsur (1–4)",
        "weakest": "Unsur terendah: {} ({})",
        "ikm": "IKM (25–100)",
        "up": "IKM naik dari {} ke {}",
        "down": "IKM turun dari {} ke {}",
        "flat": "IKM stabil di {}",
        "few": "IKM terakhir {}; tren butuh sedikitnya 3 titik",
        "ci": "interval kepercayaan",
        "best": "Tertinggi: {} ({})",
        "sig": "* berbeda nyata dari rata-rata",
        "hour": "Jam",
        "busiest": "Tersibuk: {} pukul {}",
    },
    "en": {
        "nrr": "Element mean score (1–4)",
        "weakest": "Weakest element: {} ({})",
        "ikm": "IKM (25–100)",
        "up": "IKM rose from {} to {}",
        "down": "IKM fell from {} to {}",
        "flat": "IKM steady at {}",
        "few": "Latest IKM {}; a trend needs at least 3 points",
        "ci": "confidence interval",
        "best": "Highest: {} ({})",
        "sig": "* significantly different from average",
        "hour": "Hour",
        "busiest": "Busiest: {} at {}",
    },
}


def element_nrr_bars(nrr, ax: Axes | None = None, lang: str = "id", title=None) -> Figure:
    """Horizontal bars of the nine element NRR (1–4), sorted by score, A–D bands behind.

    ``nrr`` is a mapping code -> NRR or nine values in :data:`ELEMENT_CODES` order.
    """
    t = T[check_lang(lang)]
    if isinstance(nrr, Mapping):
        values = np.array([nrr[c] for c in ELEMENT_CODES], dtype=float)
    else:
        values = as_float_array(nrr, "nrr")
    if values.shape != (9,):
        raise ValueError(f"nrr must hold 9 values, got {values.shape}")
    order = np.argsort(values, kind="stable")[::-1]  # best at top after invert
    names = [ELEMENT_NAMES[lang][ELEMENT_CODES[i]] for i in order]
    fig, ax = new_axes(ax, (7.5, 4.8))
    style_axes(ax, "x")
    ax.set_xlim(1.0, 4.0)
    grade_bands(ax, scale=1 / 25)
    colors = [
        GRADE_COLORS[classify(25 * v).mutu] if np.isfinite(v) else MUTED for v in values[order]
    ]
    bars = ax.barh(
        range(9),
        np.nan_to_num(values[order], nan=1.0) - 1.0,
        left=1.0,
        color=colors,
        edgecolor=INK,
        linewidth=0.5,
        height=0.65,
    )
    ax.bar_label(bars, labels=[fmt(v, 2, lang) for v in values[order]], padding=3, fontsize=9)
    ax.set_yticks(range(9), names)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(number_formatter(1, lang))
    ax.set_xlabel(t["nrr"])
    weakest = int(order[-1])
    ax.set_title(
        title
        or t["weakest"].format(
            ELEMENT_NAMES[lang][ELEMENT_CODES[weakest]], fmt(values[weakest], 2, lang)
        ),
        loc="left",
        pad=16,
    )
    return fig


def ikm_trend(
    periods: Sequence[str],
    ikm,
    low=None,
    high=None,
    ax: Axes | None = None,
    lang: str = "id",
    title=None,
) -> Figure:
    """IKM (25–100) per period as a line, with its interval band and A–D bands behind.

    The default title states a direction (up, down, steady) only from ``MIN_TREND_POINTS``
    points on: one or two points are no trend.
    """
    t = T[check_lang(lang)]
    y = as_float_array(ikm, "ikm")
    if len(periods) != y.size or y.size == 0:
        raise ValueError("periods and ikm must have the same, non-zero length")
    x = np.arange(y.size)
    fig, ax = new_axes(ax, (7.5, 4.2))
    style_axes(ax, "y")
    lo_all = np.nanmin(y if low is None else np.fmin(y, as_float_array(low, "low")))
    hi_all = np.nanmax(y if high is None else np.fmax(y, as_float_array(high, "high")))
    ax.set_ylim(max(25.0, lo_all - 4), min(100.0, hi_all + 4))
    ax.set_xlim(-0.4, y.size - 0.6)
    grade_bands(ax, orientation="horizontal")
    if low is not None and high is not None:
        ax.fill_between(x, low, high, color=HIGHLIGHT, alpha=0.18, linewidth=0, label=t["ci"])
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.plot(x, y, color=HIGHLIGHT, marker="o", linewidth=2)
    for xi, yi in zip(x, y, strict=True):
        ax.annotate(
            fmt(yi, 2, lang),
            (xi, yi),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=8,
            color=INK,
        )
    ax.set_xticks(x, list(periods), rotation=0 if y.size <= 8 else 45)
    ax.yaxis.set_major_formatter(number_formatter(0, lang))
    ax.set_ylabel(t["ikm"])
    first, last = y[0], y[-1]
    key = "flat" if abs(last - first) < 0.5 else ("up" if last > first else "down")
    if y.size < MIN_TREND_POINTS:
        key = "few"
    default = (
        t[key].format(fmt(first, 2, lang), fmt(last, 2, lang))
        if key in ("up", "down")
        else t[key].format(fmt(last, 2, lang))
    )
    ax.set_title(title or default, loc="left")
    return fig


def counter_ranking(
    labels: Sequence[str],
    ikm,
    low,
    high,
    significant=None,
    ax: Axes | None = None,
    lang: str = "id",
    title=None,
) -> Figure:
    """Counters ranked by IKM with interval whiskers; ``*`` marks significant differences.

    ``significant`` is a boolean per counter (e.g. Dunn–Holm p < 0.05 against the rest).
    """
    t = T[check_lang(lang)]
    y = as_float_array(ikm, "ikm")
    lo, hi = as_float_array(low, "low"), as_float_array(high, "high")
    if not (len(labels) == y.size == lo.size == hi.size) or y.size == 0:
        raise ValueError("labels, ikm, low and high must have the same, non-zero length")
    sig = np.zeros(y.size, bool) if significant is None else np.asarray(significant, bool)
    order = np.argsort(y, kind="stable")[::-1]
    fig, ax = new_axes(ax, (7.5, 0.8 + 0.38 * y.size + 1))
    style_axes(ax, "x")
    ax.set_xlim(max(25.0, np.nanmin(lo) - 3), min(100.0, np.nanmax(hi) + 3))
    grade_bands(ax)
    pos = np.arange(y.size)
    ax.errorbar(
        y[order],
        pos,
        xerr=[y[order] - lo[order], hi[order] - y[order]],
        fmt="none",
        ecolor=MUTED,
        elinewidth=1.5,
        capsize=3,
    )
    ax.scatter(
        y[order],
        pos,
        s=40,
        zorder=3,
        color=[GRADE_COLORS[classify(v).mutu] for v in y[order]],
        edgecolor=INK,
    )
    names = [f"{labels[i]} *" if sig[i] else str(labels[i]) for i in order]
    ax.set_yticks(pos, names)
    ax.invert_yaxis()
    for p, i in zip(pos, order, strict=True):
        ax.annotate(
            fmt(y[i], 2, lang),
            (hi[i], p),
            textcoords="offset points",
            xytext=(4, 0),
            va="center",
            fontsize=8,
        )
    ax.xaxis.set_major_formatter(number_formatter(0, lang))
    ax.set_xlabel(t["ikm"] + (f"   ({t['sig']})" if sig.any() else ""))
    best = order[0]
    default = t["best"].format(labels[best], fmt(y[best], 2, lang))
    ax.set_title(title or default, loc="left", pad=16)
    return fig


def day_hour_heatmap(
    counts,
    hours: Sequence[int] | None = None,
    ax: Axes | None = None,
    lang: str = "id",
    title=None,
    cmap: str = "Blues",
) -> Figure:
    """Responses (or any count) per weekday (rows Monday..Sunday) × hour, annotated."""
    t = T[check_lang(lang)]
    c = as_float_array(counts, "counts", ndim=2)
    if c.shape[0] != 7:
        raise ValueError(f"counts must have 7 rows (Monday..Sunday), got {c.shape[0]}")
    hours = list(range(c.shape[1])) if hours is None else list(hours)
    if len(hours) != c.shape[1]:
        raise ValueError("hours must have one label per column of counts")
    fig, ax = new_axes(ax, (max(6.0, 0.55 * len(hours) + 2), 4.0))
    im = ax.imshow(c, cmap=cmap, aspect="auto")
    ax.set_xticks(range(len(hours)), [f"{h:02d}" for h in hours])
    ax.set_yticks(range(7), DAYS[lang])
    ax.set_xlabel(t["hour"])
    vmax = np.nanmax(c) if np.isfinite(c).any() else 0
    for (i, j), v in np.ndenumerate(c):
        if np.isfinite(v):
            ax.text(
                j,
                i,
                fmt(v, 0, lang),
                ha="center",
                va="center",
                fontsize=7,
                color="white" if v > 0.6 * vmax else INK,
            )
    fig.colorbar(im, ax=ax, format=number_formatter(0, lang), shrink=0.85)
    i, j = np.unravel_index(np.nanargmax(c), c.shape) if vmax > 0 else (0, 0)
    ax.set_title(
        title
        or t["busiest"].format(DAYS[lang][i], f"{hours[j]:02d}{'.' if lang == 'id' else ':'}00"),
        loc="left",
    )
    return fig
