"""Charts as :class:`matplotlib.figure.Figure` (never pyplot), Indonesian labels by default.

Every function draws on ``ax`` when given, otherwise on a new Figure, and returns the Figure.
Pass ``lang="en"`` for English labels. Numbers use the Indonesian format (88,31) with ``"id"``.
"""

from .evaluation import ipa_quadrant, national_distribution, readiness_profile
from .survey import counter_ranking, day_hour_heatmap, element_nrr_bars, ikm_trend

__all__ = [
    "counter_ranking",
    "day_hour_heatmap",
    "element_nrr_bars",
    "ikm_trend",
    "ipa_quadrant",
    "national_distribution",
    "readiness_profile",
]
