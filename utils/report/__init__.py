"""Reports: the notebooks run on an article, a pair or a corpus and exported as offline HTML.

- ``build.py``: ``build_reports`` and the command behind ``make report`` (``python -m utils.report``).
- ``exports.py``: the tables of a report as CSV files and one Excel workbook.
- ``notebooks.py``: notebooks stripped of their outputs (``make strip``).
- ``templates/``: the nbconvert template of the offline pages.
"""
