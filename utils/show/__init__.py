"""Showing tables: charts (plotly figures) and HTML, every label and piece of article text escaped.

- ``theme.py``: the one chart theme and the offline renderer, registered on import (every chart
  module imports it); ``ChartNote`` (a sentence instead of an empty chart) and the label helpers.
- ``palette.py``: the colour of every paragraph kind, sentiment label, entity group and side.
- ``charts.py``: the article charts (notebooks 01–04 and 06), one function per question.
- ``corpus_charts.py``: the corpus charts (notebooks 05 and 07): timelines, group bars, log-odds, co-occurrence.
- ``search.py``, ``stories.py``, ``coverage.py``: the charts of notebooks 07, 08 and 09.
- ``tables.py``: one table style for every table a notebook shows.
- ``html.py``: article text, highlights, key figures and notes as HTML.
"""
