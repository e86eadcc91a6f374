"""Reports: the notebooks run on an article, a pair or a corpus and exported as offline HTML.

- ``cli.py``: the command behind ``make report`` (``python -m utils.report``).
- ``build.py``: ``build_reports``, one report folder: the notebooks run and exported, the page of all
  results, the workbook, the indexes.
- ``parameters.py``: which notebooks a report runs and their parameters (``--params``).
- ``execute.py``: one notebook run with papermill, what it displayed and how it went.
- ``paths.py``: paths as notebooks and readers see them (machine paths scrubbed from the pages).
- ``pages.py``: executed notebooks as offline HTML pages (plotly.js and stylesheets shared or inlined).
- ``index.py``: a report's ``index.html`` and ``report.json``, and the top ``reports/index.html``.
- ``inputs.py``: the articles checked before any notebook runs, and described for the index.
- ``folders.py``: a report folder: its file names, where it goes, files written into it atomically.
- ``exports.py``: the tables of a report as CSV files and one Excel workbook.
- ``notebooks.py``: notebooks stripped of their outputs (``make strip``).
- ``templates/``: the nbconvert template of the offline pages.
"""
