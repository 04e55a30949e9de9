"""The figures of a trustee progress report: how a collaboration is going, for a period.

`report_figures` returns a plain, JSON-ready structure of sections, each with tables of
display values (already suppressed: see `suppression.py`) and charts of the visible values
only, and a `summary` of key figures for the first page, made from what the sections show
(`summary.py`). It reads with aggregate queries, a fixed number of them whatever the size of
the collaboration. It holds no names, contact details or free text written by members: work-area
names, session types and the like are staff-defined words.
"""

from coproduction.reports.figures.totals import SECTIONS, report_figures

__all__ = ["SECTIONS", "report_figures"]
