"""The one-page publication poster (A4, PDF or PNG) to hang at the mall.

Big IKM (88,31), its grade and label, the period, the nine element scores, the number of
respondents and a QR code to the MPP's public page.
"""

from __future__ import annotations

import io
import math

import numpy as np
import segno
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from analysis.palette import GRADE_COLORS, GRADE_TINTS, INK, MUTED
from analysis.skm import ELEMENT_NAMES
from app.report_files.labels import kinerja, number, on_grade, texts
from app.report_files.pdf import printable_report
from surveys.reports import SkmReport

POSTER_DPI = 150
POSTER_SIZE_PX = (1240, 1754)  # A4 at 150 dpi
BRAND = "#1f3b73"


def _qr_matrix(url: str) -> np.ndarray:
    qr = segno.make(url, error="m")
    return np.array([list(row) for row in qr.matrix_iter(border=2)], dtype=float)


def poster_figure(report: SkmReport, public_url: str, lang: str = "id") -> Figure:
    t = texts(lang)
    fig = Figure(figsize=(POSTER_SIZE_PX[0] / POSTER_DPI, POSTER_SIZE_PX[1] / POSTER_DPI),
                 dpi=POSTER_DPI)  # fmt: skip
    fig.add_artist(Rectangle((0, 0.86), 1, 0.14, color=BRAND, transform=fig.transFigure))
    fig.text(0.07, 0.955, t["poster_title"], fontsize=22, fontweight="bold", color="white",
             va="top")  # fmt: skip
    fig.text(0.07, 0.91, report.unit_name, fontsize=15, color="white", va="top")
    fig.text(0.07, 0.878, report.period.label(lang), fontsize=13, color="#dde5f0", va="top")
    if report.is_demo:
        fig.text(0.93, 0.878, "DEMO", fontsize=13, color="#fff1c2", ha="right", va="top",
                 fontweight="bold")  # fmt: skip
    _headline(fig, report, t, lang)
    _elements(fig, report, t, lang)
    _qr(fig, public_url, t)
    fig.text(0.07, 0.03, t["method"].split(":")[0], fontsize=8, color=MUTED)
    return fig


def _headline(fig: Figure, report: SkmReport, t: dict, lang: str) -> None:
    color = GRADE_COLORS.get(report.mutu, MUTED)
    fig.text(0.5, 0.835, "IKM", fontsize=16, color=MUTED, ha="center", va="top")
    fig.text(0.5, 0.81, number(report.ikm, 2, lang), fontsize=84, fontweight="bold",
             color=INK if report.has_data else MUTED, ha="center", va="top")  # fmt: skip
    if report.has_data:
        badge = f"{t['mutu']} {report.mutu} · {kinerja(report.kinerja, lang)}"
        fig.text(0.5, 0.665, badge, fontsize=20, fontweight="bold", color=on_grade(report.mutu),
                 ha="center",
                 va="center", bbox={"boxstyle": "round,pad=0.5", "facecolor": color,
                                    "edgecolor": color})  # fmt: skip
        fig.text(0.5, 0.62, t["poster_respondents"].format(number(report.respondents, 0, lang)),
                 fontsize=14, color=INK, ha="center", va="center")  # fmt: skip
    else:
        fig.text(0.5, 0.66, t["no_data"], fontsize=14, color=INK, ha="center")


def _elements(fig: Figure, report: SkmReport, t: dict, lang: str) -> None:
    fig.text(0.07, 0.575, t["poster_elements"], fontsize=13, fontweight="bold", color=INK)
    for i, element in enumerate(report.elements):
        col, row = i % 3, i // 3
        x, y = 0.07 + col * 0.295, 0.45 - row * 0.115
        value = 25 * element.nrr if not math.isnan(element.nrr) else math.nan
        tint = GRADE_TINTS.get(element.mutu, "#eeeeee")
        fig.add_artist(FancyBboxPatch((x, y), 0.27, 0.1, boxstyle="round,pad=0.004",
                                      facecolor=tint, edgecolor="#c9d1de",
                                      transform=fig.transFigure))  # fmt: skip
        fig.text(x + 0.015, y + 0.085, f"U{element.number} · {ELEMENT_NAMES[lang][element.code]}",
                 fontsize=8.5, color=INK, va="top")  # fmt: skip
        fig.text(x + 0.015, y + 0.02, number(value, 2, lang), fontsize=20, fontweight="bold",
                 color=INK)  # fmt: skip
        if element.mutu:
            fig.text(x + 0.245, y + 0.025, element.mutu, fontsize=16, fontweight="bold",
                     color=on_grade(element.mutu), ha="right",
                     bbox={"boxstyle": "round,pad=0.3", "facecolor": GRADE_COLORS[element.mutu],
                           "edgecolor": GRADE_COLORS[element.mutu]})  # fmt: skip


def _qr(fig: Figure, url: str, t: dict) -> None:
    width = 0.2
    height = width * POSTER_SIZE_PX[0] / POSTER_SIZE_PX[1]
    ax = fig.add_axes((0.07, 0.06, width, height))
    ax.imshow(_qr_matrix(url), cmap="gray_r", interpolation="nearest", vmin=0, vmax=1)
    ax.set_axis_off()
    fig.text(0.31, 0.06 + height * 0.65, t["poster_scan"], fontsize=14, fontweight="bold",
             color=INK)  # fmt: skip
    fig.text(0.31, 0.06 + height * 0.45, url, fontsize=10, color=BRAND)
    fig.text(0.31, 0.06 + height * 0.2, t["thanks"], fontsize=10, color=MUTED)


def write_poster(report: SkmReport, public_url: str, fmt: str = "pdf", lang: str = "id") -> bytes:
    """The poster as PDF (A4) or PNG (1240 × 1754 px, A4 at 150 dpi)."""
    if fmt not in ("pdf", "png"):
        raise ValueError(f"fmt must be 'pdf' or 'png', got {fmt!r}")
    buffer = io.BytesIO()
    figure = poster_figure(printable_report(report), public_url, lang)  # stored names: plain text
    figure.savefig(buffer, format=fmt, dpi=POSTER_DPI)
    return buffer.getvalue()
