"""SVG charts of the national pages, cached by the data they draw (same data, same bytes)."""

from __future__ import annotations

import io
from functools import lru_cache

import numpy as np
from matplotlib.figure import Figure

from analysis.charts.evaluation import national_distribution, readiness_profile
from analysis.charts.survey import ikm_trend
from analysis.effectiveness import DEFAULT_COMPONENTS
from analysis.palette import INK, MUTED
from analysis.readiness import readiness_index

# One shade per component, distinct in greyscale (dark to light), never the grade colours.
COMPONENT_SHADES = ("#1f3b73", "#3d6bb3", "#6f9bd1", "#a7c4e5", "#7a5c99", "#c9b3dd")


def svg(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="svg", bbox_inches="tight")
    return out.getvalue()


@lru_cache(maxsize=128)
def distribution_svg(ikm: tuple[float, ...], highlight: float | None, lang: str) -> bytes:
    return svg(national_distribution(list(ikm), highlight=highlight, lang=lang))


@lru_cache(maxsize=128)
def readiness_svg(levels: tuple[tuple[str, int], ...], lang: str) -> bytes:
    return svg(readiness_profile(readiness_index(dict(levels)), lang=lang))


@lru_cache(maxsize=128)
def history_svg(labels: tuple[str, ...], ikm: tuple, low: tuple, high: tuple, lang: str) -> bytes:
    return svg(ikm_trend(list(labels), list(ikm), list(low), list(high), lang=lang))


TEXT = {
    "id": ("Indeks efektivitas {} dari 100; penyumbang terbesar: {}", "Kontribusi (poin)",
           "Indeks turunan produk ini, bukan skor resmi.", "MPP ini", "Median nasional",
           "Indeks efektivitas {} dari 100; paling tertinggal dari median: {}"),
    "en": ("Effectiveness index {} of 100; largest contribution: {}", "Contribution (points)",
           "Derived index of this product, not an official score.", "This MPP",
           "National median", "Effectiveness index {} of 100; furthest behind the median: {}"),
}  # fmt: skip


@lru_cache(maxsize=128)
def effectiveness_svg(
    own: tuple[tuple[str, float], ...], median: tuple[tuple[str, float], ...], lang: str
) -> bytes:
    """Stacked bar of each component's contribution: this MPP and the national median MPP."""
    t = TEXT[lang]
    names = {c.code: (c.name_id if lang == "id" else c.name_en) for c in DEFAULT_COMPONENTS}
    codes = [code for code, _ in own]
    rows = [dict(own)] + ([dict(median)] if median else [])
    labels = [t[3]] + ([t[4]] if median else [])
    fig = Figure(figsize=(8.5, 1.4 + 0.6 * len(rows)))
    ax = fig.add_subplot()
    left = np.zeros(len(rows))
    for k, code in enumerate(codes):
        widths = np.array([r.get(code, 0.0) for r in rows])
        ax.barh(labels, widths, left=left, color=COMPONENT_SHADES[k % 6], edgecolor="white",
                label=names.get(code, code), height=0.55)  # fmt: skip
        for y, (x0, w) in enumerate(zip(left, widths, strict=True)):
            if w >= 4:
                ax.text(x0 + w / 2, y, f"{w:.0f}", ha="center", va="center", fontsize=8,
                        color="white" if k < 2 or k == 4 else INK)  # fmt: skip
        left += widths
    for y, total in enumerate(left):
        ax.text(total + 1, y, f"{total:.1f}".replace(".", "," if lang == "id" else "."),
                va="center", fontsize=9, fontweight="bold", color=INK)  # fmt: skip
    ax.set_xlim(0, 105)
    ax.invert_yaxis()
    ax.set_xlabel(t[1])
    ax.spines[["top", "right"]].set_visible(False)
    med = dict(median)
    gaps = {code: value - med[code] for code, value in own if code in med}
    key = min(gaps, key=gaps.get) if gaps and min(gaps.values()) < -0.5 else None
    best = key or max(own, key=lambda p: p[1])[0]
    total = f"{sum(v for _, v in own):.1f}".replace(".", "," if lang == "id" else ".")
    title = t[5] if key else t[0]
    ax.set_title(title.format(total, names.get(best, best)), loc="left", fontsize=11)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
    ax.annotate(t[2], xy=(0, 0), xycoords=("axes fraction", ax.xaxis.label), xytext=(0, -4),
                textcoords="offset points", va="top", fontsize=7, color=MUTED)  # fmt: skip
    return svg(fig)
