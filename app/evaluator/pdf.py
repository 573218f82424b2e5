"""One MPP's readiness report for a year as a PDF (matplotlib PdfPages), like an official note."""

from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from analysis.charts.evaluation import readiness_profile
from analysis.palette import INK, MUTED
from analysis.readiness import DERIVED_NOTE, LEVELS
from surveys.models import local_today
from surveys.readiness import Assessment

A4 = (8.27, 11.69)
T = {
    "id": {"title": "Laporan Kesiapan MPP Digital", "year": "Tahun", "date": "Dicetak",
           "index": "Indeks kesiapan", "incomplete": "Belum lengkap: {} dari 11 kriteria dinilai.",
           "head": ("Kriteria", "Mandiri", "Reviu", "Berlaku", "Bukti"),
           "page": "Halaman {} dari {}",
           "method": "Metode: 11 kriteria MPP Digital (KemenPANRB, 2023), tiap kriteria dinilai "
                     "1–5 pada tangga kematangan SPBE (PermenPANRB 59/2020); indeks = rata-rata "
                     "berbobot sama; nilai reviu evaluator menggantikan penilaian mandiri."},
    "en": {"title": "MPP Digital Readiness Report", "year": "Year", "date": "Printed",
           "index": "Readiness index", "incomplete": "Incomplete: {} of 11 criteria assessed.",
           "head": ("Criterion", "Self", "Review", "Counts", "Evidence"), "page": "Page {} of {}",
           "method": "Method: the 11 MPP Digital criteria (KemenPANRB, 2023), each scored 1–5 on "
                     "the SPBE maturity ladder (PermenPANRB 59/2020); index = equally weighted "
                     "mean; an evaluator's review replaces the self-assessment."},
}  # fmt: skip


def _page(fig: Figure, a: Assessment, lang: str, number: int, total: int) -> None:
    fig.text(0.08, 0.965, f"{T[lang]['title']} · {a.mpp.name} · {T[lang]['year']} {a.year}",
             fontsize=8, color=MUTED)  # fmt: skip
    fig.text(0.92, 0.03, T[lang]["page"].format(number, total), fontsize=8, ha="right", color=MUTED)
    fig.text(0.08, 0.03, DERIVED_NOTE[lang], fontsize=7, color=MUTED)


def _summary_page(a: Assessment, lang: str) -> Figure:
    t = T[lang]
    fig = Figure(figsize=A4)
    fig.text(0.08, 0.92, t["title"], fontsize=18, fontweight="bold", color=INK)
    fig.text(0.08, 0.89, a.mpp.name, fontsize=13, color=INK)
    fig.text(0.08, 0.865, f"{t['year']} {a.year} · {t['date']} {local_today():%d-%m-%Y}",
             fontsize=10, color=MUTED)  # fmt: skip
    if a.result is not None:
        label = a.result.label if lang == "id" else a.result.label_en
        idx = f"{a.result.index:.2f}".replace(".", "," if lang == "id" else ".")
        fig.text(0.08, 0.825, f"{t['index']}: {idx} — {label}", fontsize=13, fontweight="bold")
    else:
        done = sum(1 for r in a.rows if r.row is not None and r.row.level is not None)
        fig.text(0.08, 0.825, t["incomplete"].format(done), fontsize=12, color=INK)
    fig.text(0.08, 0.77, "\n".join(textwrap.wrap(t["method"], 100)), fontsize=8, color=MUTED)
    y = 0.72
    for x, head in zip((0.08, 0.47, 0.55, 0.63, 0.71), t["head"], strict=True):
        fig.text(x, y, head, fontsize=9, fontweight="bold")
    for r in a.rows:
        y -= 0.052
        row = r.row
        name = r.name_id if lang == "id" else r.name_en
        cells = (name, row and row.self_level, row and row.review_level, row and row.level)
        for x, value in zip((0.08, 0.49, 0.57, 0.65), cells, strict=True):
            fig.text(x, y, "–" if value in (None, "") else str(value), fontsize=9, va="top")
        if row and row.level:
            level_name = LEVELS[row.level][0 if lang == "id" else 1]
            fig.text(0.08, y - 0.02, level_name, fontsize=7, va="top", color=MUTED)
        evidence = (row.review_evidence or row.self_evidence) if row else ""
        fig.text(0.71, y, "\n".join(textwrap.wrap(evidence, 34)[:2]), fontsize=7, va="top")
    return fig


def readiness_pdf(a: Assessment, lang: str = "id") -> bytes:
    pages = [_summary_page(a, lang)]
    if a.result is not None:
        chart = Figure(figsize=A4)
        ax = chart.add_axes((0.4, 0.45, 0.53, 0.42))
        readiness_profile(a.result, ax=ax, lang=lang)
        pages.append(chart)
    out = io.BytesIO()
    with PdfPages(out) as pdf:
        info = pdf.infodict()
        info["Title"] = f"{T[lang]['title']} {a.mpp.name} {a.year}"
        info["Author"] = "Mutu MPP"
        for number, fig in enumerate(pages, start=1):
            _page(fig, a, lang, number, len(pages))
            pdf.savefig(fig)
    return out.getvalue()
