"""Shared helpers for charts: figures without pyplot, Indonesian number format, labels."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..palette import GRADE_TINTS, INK, MUTED
from ..skm import GRADE_BOUNDS

LANGS = ("id", "en")

# Grade bands on the 25–100 scale (lower, upper, mutu).
GRADE_BANDS_100 = (
    (GRADE_BOUNDS[0][0], 100.0, "A"),
    (GRADE_BOUNDS[1][0], GRADE_BOUNDS[0][0], "B"),
    (GRADE_BOUNDS[2][0], GRADE_BOUNDS[1][0], "C"),
    (25.0, GRADE_BOUNDS[2][0], "D"),
)


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be 'id' or 'en', got {lang!r}")
    return lang


def fmt(x: float, decimals: int = 2, lang: str = "id") -> str:
    """Format a number: Indonesian ``1.234,56`` (default) or English ``1,234.56``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    s = f"{x:,.{decimals}f}"
    if lang == "id":
        s = s.replace(",", "_").replace(".", ",").replace("_", ".")
    return s


def number_formatter(decimals: int = 0, lang: str = "id") -> FuncFormatter:
    return FuncFormatter(lambda x, _pos: fmt(x, decimals, lang))


def new_axes(ax: Axes | None, figsize=(7.0, 4.5)) -> tuple[Figure, Axes]:
    """Use ``ax`` if given, else a new :class:`~matplotlib.figure.Figure` with one Axes."""
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def style_axes(ax: Axes, grid_axis: str = "x") -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(MUTED)
    ax.spines["bottom"].set_color(MUTED)
    ax.tick_params(colors=INK, labelsize=9)
    ax.grid(axis=grid_axis, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def grade_bands(ax: Axes, scale: float = 1.0, orientation: str = "vertical", labels=True):
    """Shade the A–D bands behind the data; ``scale`` 1/25 draws them on the 1–4 scale.

    Call after the data limits are set: band letters are drawn only for visible bands.
    """
    vertical = orientation == "vertical"
    lim = ax.get_xlim() if vertical else ax.get_ylim()
    lo_lim, hi_lim = min(lim), max(lim)
    for lo, hi, mutu in GRADE_BANDS_100:
        lo_s, hi_s = lo * scale, hi * scale
        (ax.axvspan if vertical else ax.axhspan)(
            lo_s, hi_s, color=GRADE_TINTS[mutu], zorder=0, linewidth=0
        )
        a, b = max(lo_s, lo_lim), min(hi_s, hi_lim)
        if not labels or (b - a) < 0.04 * (hi_lim - lo_lim):
            continue
        mid = (a + b) / 2
        kw = {"fontsize": 9, "color": MUTED, "fontweight": "bold", "clip_on": False}
        if vertical:
            ax.text(
                mid, 1.0, mutu, transform=ax.get_xaxis_transform(), ha="center", va="bottom", **kw
            )
        else:
            ax.text(
                1.005, mid, mutu, transform=ax.get_yaxis_transform(), ha="left", va="center", **kw
            )
    (ax.set_xlim if vertical else ax.set_ylim)(lim)


def as_float_array(values, name: str, ndim: int = 1) -> np.ndarray:
    a = np.asarray(values, dtype=float)
    if a.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-d array, got shape {a.shape}")
    return a
