"""The SKM report as an A4 PDF, drawn with matplotlib (PdfPages, no extra dependency).

Page 1: title, unit, period, date, the IKM and its grade, the sample adequacy and the element
table; page 2: the charts (element NRR with grade bands, IKM trend); then the tables that flow
over as many pages as they need (interpretation, IKM per agency, complaints' follow-up). Every
page carries the method note and "Halaman i dari n".

Names come from the database as people typed them: :func:`printable_report` makes them plain
text first (no control characters, no ``$`` read as mathematics), so no stored name fails a page.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from analysis.charts import element_nrr_bars, ikm_trend
from analysis.palette import GRADE_COLORS, INK, MUTED
from app.report_files.labels import INTERPRETATION, interval, kinerja, number, on_grade, texts
from surveys.reports import SkmReport
from surveys.text import printable

A4 = (8.27, 11.69)
LEFT, RIGHT = 0.08, 0.92
ROW = 0.021  # height of a table row, in figure fractions
TOP, BOTTOM = 0.90, 0.09


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[tuple[str, float, str]]  # header, x (figure fraction), alignment
    rows: list[list[str]]
    empty: str = ""


def local_stamp(report: SkmReport) -> str:
    stamp = report.generated_at
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    local = stamp.astimezone(ZoneInfo(report.timezone))
    return f"{local.strftime('%d-%m-%Y %H:%M')} {report.zone_abbreviation}"


def plain_text(text: str | None) -> str | None:
    """Stored text as matplotlib draws it literally: one line, no controls, no mathtext."""
    return None if text is None else printable(text, keep="").replace("$", r"\$")


def printable_report(report: SkmReport) -> SkmReport:
    """The report with every stored name made plain text, for drawing (PDF, poster)."""
    return replace(
        report, mpp_name=plain_text(report.mpp_name), tenant_name=plain_text(report.tenant_name),
        tenants=[replace(s, label=plain_text(s.label)) for s in report.tenants],
        follow_up=[replace(f, tenant_name=plain_text(f.tenant_name)) for f in report.follow_up],
    )  # fmt: skip


def write_pdf(report: SkmReport, lang: str = "id") -> bytes:
    report = printable_report(report)
    t = texts(lang)
    pages = _flow(_tables(report, t, lang))
    total = 2 + len(pages)
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": f"{t['report_title']} · {report.unit_name}",
                                    "Creator": "Mutu MPP"}) as pdf:  # fmt: skip
        figures = [_summary_page(report, t, lang), _chart_page(report, t, lang)]
        figures += [_table_page(tables, t) for tables in pages]
        for number_, fig in enumerate(figures, start=1):
            _frame(fig, report, t, lang, number_, total)
            pdf.savefig(fig)
    return buffer.getvalue()


def _frame(fig: Figure, report: SkmReport, t: dict, lang: str, page: int, total: int) -> None:
    fig.text(LEFT, 0.965, t["report_title"], fontsize=9, color=MUTED)
    fig.text(RIGHT, 0.965, f"{report.unit_name} · {report.period.label(lang)}", fontsize=9,
             color=MUTED, ha="right")  # fmt: skip
    fig.add_artist(Rectangle((LEFT, 0.958), RIGHT - LEFT, 0.0008, color=MUTED,
                             transform=fig.transFigure))  # fmt: skip
    note = textwrap.fill(t["method"], 120)
    fig.text(LEFT, 0.045, note, fontsize=7, color=MUTED, va="bottom")
    fig.text(LEFT, 0.025, f"{t['generated']}: {local_stamp(report)}", fontsize=7, color=MUTED)
    fig.text(RIGHT, 0.025, t["page"].format(page, total), fontsize=8, color=INK, ha="right")
    if report.is_demo:
        fig.text(0.5, 0.935, t["demo"], fontsize=9, color="#b2182b", ha="center",
                 fontweight="bold")  # fmt: skip


def _summary_page(report: SkmReport, t: dict, lang: str) -> Figure:
    fig = Figure(figsize=A4)
    fig.text(LEFT, 0.89, t["report_title"], fontsize=18, fontweight="bold", color=INK)
    lines = [(t["unit"], report.tenant_name or report.mpp_name), (t["mpp"], report.mpp_name),
             (t["period"], f"{report.period.label(lang)} ({report.period.code})"),
             (t["generated"], local_stamp(report))]  # fmt: skip
    for i, (label, value) in enumerate(lines):
        fig.text(LEFT, 0.85 - i * 0.022, label, fontsize=10, color=MUTED)
        fig.text(LEFT + 0.22, 0.85 - i * 0.022, value, fontsize=10, color=INK)
    _ikm_box(fig, report, t, lang, top=0.74)
    _draw_table(fig, _element_table(report, t, lang), 0.50)
    return fig


def _ikm_box(fig: Figure, report: SkmReport, t: dict, lang: str, top: float) -> None:
    color = GRADE_COLORS.get(report.mutu, MUTED)
    fig.add_artist(Rectangle((LEFT, top - 0.17), RIGHT - LEFT, 0.17, facecolor="#f4f6fa",
                             edgecolor="#c9d1de", transform=fig.transFigure))  # fmt: skip
    fig.text(LEFT + 0.02, top - 0.03, t["ikm"], fontsize=10, color=MUTED, va="top")
    fig.text(LEFT + 0.02, top - 0.055, number(report.ikm, 2, lang), fontsize=40,
             fontweight="bold", color=INK if report.has_data else MUTED, va="top")  # fmt: skip
    if report.has_data:
        fig.text(LEFT + 0.32, top - 0.075, f" {report.mutu} · {kinerja(report.kinerja, lang)} ",
                 fontsize=15, fontweight="bold", color=on_grade(report.mutu), va="top",
                 bbox={"boxstyle": "round,pad=0.35", "facecolor": color,
                       "edgecolor": color})  # fmt: skip
    else:
        fig.text(LEFT + 0.30, top - 0.07, t["no_data"], fontsize=11, color=INK, va="top")
    facts = [(t["respondents"], number(report.respondents, 0, lang)),
             (t["ikm_1_4"], number(report.ikm_1_4, 4, lang)),
             (t["sample"], _sample_text(report, t, lang))]  # fmt: skip
    for i, (label, value) in enumerate(facts):
        y = top - 0.11 - i * 0.018
        fig.text(LEFT + 0.02, y, f"{label}:", fontsize=8.5, color=MUTED, va="top")
        fig.text(LEFT + 0.34, y, value, fontsize=8.5, color=INK, va="top")


def _sample_text(report: SkmReport, t: dict, lang: str) -> str:
    sample = report.sample
    if sample is None:
        return textwrap.shorten(t["no_population"], 75)
    status = t["adequate"] if sample.adequate else t["short"].format(sample.shortfall)
    return (
        f"N {number(sample.population, 0, lang)}, S {number(sample.required, 0, lang)} — {status}"
    )


def _element_table(report: SkmReport, t: dict, lang: str) -> Table:
    columns = [("", LEFT, "left"), (t["element"], LEFT + 0.05, "left"),
               (t["h_total"], 0.60, "right"), (t["h_answers"], 0.69, "right"),
               ("NRR", 0.77, "right"), (t["h_weighted"], 0.86, "right"),
               (t["h_mutu"], RIGHT, "right")]  # fmt: skip
    rows = [[f"U{e.number}", e.name[lang], number(e.total, 0, lang), number(e.answers, 0, lang),
             number(e.nrr, 4, lang), number(e.weighted, 4, lang), e.mutu or "–"]
            for e in report.elements]  # fmt: skip
    rows.append(["", t["ikm_1_4"], "", "", "", number(report.ikm_1_4, 4, lang), ""])
    rows.append(["", t["ikm"], "", "", "", number(report.ikm, 2, lang), report.mutu or "–"])
    return Table(t["elements"], columns, rows)


def _chart_page(report: SkmReport, t: dict, lang: str) -> Figure:
    fig = Figure(figsize=A4)
    fig.text(LEFT, 0.90, t["charts"], fontsize=14, fontweight="bold", color=INK)
    if not report.has_data:
        fig.text(LEFT, 0.86, t["no_data"], fontsize=11, color=INK)
        return fig
    element_nrr_bars([e.nrr for e in report.elements], ax=fig.add_axes((0.31, 0.52, 0.6, 0.32)),
                     lang=lang)  # fmt: skip
    trend = [s for s in report.trend if s.respondents and not math.isnan(s.ikm)]
    ax = fig.add_axes((0.12, 0.13, 0.78, 0.28))
    ikm_trend([s.label for s in trend], [s.ikm for s in trend], ax=ax, lang=lang)
    fig.text(LEFT, 0.45, t["trend"], fontsize=12, fontweight="bold", color=INK)
    return fig


def _tables(report: SkmReport, t: dict, lang: str) -> list[Table]:
    tables = [Table(t["interpretation"],
                    [(t["h_perception"], LEFT, "left"), (t["h_interval"], 0.25, "left"),
                     (t["h_interval_conv"], 0.45, "left"), (t["h_mutu"], 0.66, "left"),
                     (t["h_kinerja"], 0.75, "left")],
                    [[str(v), interval(a, lang), interval(b, lang), m, kinerja(k, lang)]
                     for v, a, b, m, k in INTERPRETATION])]  # fmt: skip
    if report.tenants:
        tables.append(Table(t["tenants"], [(t["tenant"], LEFT, "left"),
                                           (t["h_respondents"], 0.66, "right"),
                                           (t["h_ikm"], 0.80, "right"),
                                           (t["h_mutu"], RIGHT, "right")],
                            [[s.label, number(s.respondents, 0, lang), number(s.ikm, 2, lang),
                              s.mutu or "–"] for s in report.tenants]))  # fmt: skip
    tables.append(Table(t["complaints"], [(t["tenant"], LEFT, "left"),
                                          (t["complaints_total"], 0.50, "right"),
                                          (t["h_open"], 0.60, "right"),
                                          (t["h_closed"], 0.70, "right"),
                                          (t["h_share"], 0.80, "right"),
                                          (t["h_median"], RIGHT, "right")],
                        [[f.tenant_name, number(f.total, 0, lang), number(f.open, 0, lang),
                          number(f.closed, 0, lang),
                          "–" if f.share is None else f"{number(100 * f.share, 0, lang)}%",
                          number(f.median_hours, 1, lang)] for f in report.follow_up],
                        t["no_complaints"]))  # fmt: skip
    return tables


def _flow(tables: list[Table]) -> list[list[tuple[Table, float]]]:
    """Split the tables over pages; a table too long for the rest of a page continues."""
    pages, page, y = [], [], TOP
    for table in tables:
        rows = table.rows
        while True:
            room = int((y - BOTTOM - 0.06) / ROW) - 1
            if room < 3 and page:
                pages.append(page)
                page, y = [], TOP
                continue
            part, rows = rows[:room], rows[room:]
            page.append((Table(table.title, table.columns, part, table.empty), y))
            y -= 0.06 + ROW * (max(len(part), 1) + 1) + 0.03
            if not rows:
                break
    if page:
        pages.append(page)
    return pages


def _table_page(tables: list[tuple[Table, float]], t: dict) -> Figure:
    fig = Figure(figsize=A4)
    for table, top in tables:
        _draw_table(fig, table, top)
    return fig


def _draw_table(fig: Figure, table: Table, top: float) -> None:
    fig.text(LEFT, top, table.title, fontsize=12, fontweight="bold", color=INK, va="top")
    y = top - 0.045
    fig.add_artist(Rectangle((LEFT - 0.01, y - ROW * 0.7), RIGHT - LEFT + 0.02, ROW,
                             color="#dde5f0", transform=fig.transFigure))  # fmt: skip
    for header, x, align in table.columns:
        fig.text(x, y - ROW * 0.2, header, fontsize=8, fontweight="bold", color=INK, ha=align)
    if not table.rows and table.empty:
        fig.text(LEFT, y - ROW * 1.2, table.empty, fontsize=9, color=MUTED)
    for row in table.rows:
        y -= ROW
        for (_, x, align), value in zip(table.columns, row, strict=True):
            fig.text(x, y - ROW * 0.2, textwrap.shorten(value, 48), fontsize=8.5, color=INK,
                     ha=align)  # fmt: skip
        fig.add_artist(Rectangle((LEFT - 0.01, y - ROW * 0.7), RIGHT - LEFT + 0.02, 0.0004,
                                 color="#d0d5dd", transform=fig.transFigure))  # fmt: skip
