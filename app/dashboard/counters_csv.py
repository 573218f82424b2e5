"""The counters table as CSV: dot decimals, one row per counter, what the page shows.

Names are typed by managers: the writer quotes any that could run as a formula.
"""

from __future__ import annotations

import io

from surveys.dashboard import CounterRow
from surveys.spreadsheet import SafeCsvWriter

COLUMNS = ("kode_loket", "loket", "instansi", "responden", "ikm", "mutu", "kinerja",
           "batas_bawah_95", "batas_atas_95", "metode_interval", "lebih_rendah_nyata_dari_terbaik",
           "lebih_rendah_nyata_dari_median")  # fmt: skip


def _num(value) -> str:
    return "" if value is None else f"{value:.2f}"


def counters_csv(rows: tuple[CounterRow, ...], min_responses: int) -> str:
    """The counters table; below ``min_responses`` answers a counter has no grade or label."""
    out = io.StringIO()
    writer = SafeCsvWriter(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        interval = row.interval
        writer.writerow([
            row.code, row.name, row.tenant, row.n, _num(row.ikm),
            *((row.mutu, row.kinerja) if row.n >= min_responses else ("", "")),
            _num(interval and interval.low), _num(interval and interval.high),
            interval.method if interval else "", int(row.worse_than_best),
            int(row.worse_than_median),
        ])  # fmt: skip
    return out.getvalue()
