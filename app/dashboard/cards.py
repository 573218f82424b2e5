"""Cards that other modules feed: open complaints and open alerts (shown when those exist)."""

from __future__ import annotations

from dataclasses import dataclass

from surveys.dashboard import DashboardFilters


@dataclass(frozen=True)
class ExtraCard:
    label: str
    value: int
    help: str
    url: str | None = None
    link_text: str = ""


def extra_cards(mpp, filters: DashboardFilters) -> list[ExtraCard]:
    """Open complaints and open alerts; empty until surveys.complaints / surveys.alerts exist."""
    return []
