"""The SKM report's output formats: the official XLSX worksheet, the PDF report and the poster.

They take a :class:`surveys.reports.SkmReport` and return bytes; no request is needed, so the
web views and the ``report`` command share them. Texts come in Indonesian and English.
"""
