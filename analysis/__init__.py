"""Pure computation for the Mutu MPP project.

Indices (:mod:`analysis.skm`, :mod:`analysis.pekppp`, :mod:`analysis.readiness`), statistics
(:mod:`analysis.stats`, :mod:`analysis.reliability`, :mod:`analysis.drivers`), effectiveness
models (:mod:`analysis.dea`, :mod:`analysis.effectiveness`) and charts (:mod:`analysis.charts`).

This package imports only numpy, scipy, matplotlib and the standard library.
"""
