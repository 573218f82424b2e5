"""Pure computation for the Mutu MPP project.

- :mod:`analysis.skm` – the official SKM index (IKM) from counts, grouped IKM, classification,
  Krejcie–Morgan (with :mod:`analysis.counts` and :mod:`analysis.sample`)
- :mod:`analysis.stats`, :mod:`analysis.reliability`, :mod:`analysis.drivers` – bootstrap
  interval, Kruskal–Wallis + Dunn–Holm, Mann–Kendall/Theil–Sen, Cronbach's alpha, key drivers,
  importance–performance analysis
- :mod:`analysis.dea`, :mod:`analysis.effectiveness` – DEA (CCR/BCC) and the composite index
- :mod:`analysis.pekppp`, :mod:`analysis.readiness` – PEKPPP predicates, MPP Digital readiness
- :mod:`analysis.charts`, :mod:`analysis.palette` – matplotlib Figures, the grade palette
- :mod:`analysis.cli` – ``python -m analysis`` (CSV in, JSON out)

This package imports only numpy, scipy, matplotlib and the standard library.
"""
