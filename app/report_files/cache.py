"""A small in-process cache of generated files, keyed by a fingerprint of the report's data.

Rendering a PDF or a poster takes about a second; the same report asked again (the public
poster, a manager downloading twice) is served from here until its data change.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from surveys.reports import SkmReport

MAX_ENTRIES = 48
_entries: OrderedDict[tuple, bytes] = OrderedDict()
_lock = threading.Lock()


def fingerprint(report: SkmReport, *extra) -> tuple:
    """Everything a generated file depends on, except the time it was generated."""
    elements = tuple((e.total, e.answers) for e in report.elements)
    tenants = tuple((s.key, s.respondents, s.ikm) for s in report.tenants)
    trend = tuple((s.key, s.respondents, s.ikm) for s in report.trend)
    follow_up = tuple((f.tenant_name, f.total, f.open, f.closed) for f in report.follow_up)
    return (report.mpp_code, report.mpp_name, report.tenant_id, report.period.code,
            report.respondents, elements, tenants, trend, follow_up, report.population,
            report.generated_at.date(), *extra)  # fmt: skip


def cached(key: tuple, produce: Callable[[], bytes]) -> bytes:
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]
    data = produce()
    with _lock:
        _entries[key] = data
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return data
