"""Live explorers for JupyterLab (ipywidgets, plotly charts), see docs/explorers.md.

- ``corpus.py``: ``corpus.explore()``, a query box, attention, the matching articles, each article, the stories.
- ``article.py``: ``analysis.explore()``, an entity (mentions, tone, quotations) or a speaker (all they say), the marked text.
- ``tables.py``: what the article explorer shows, as tables (one entity, one speaker); no widgets.
- ``corpus_article.py``: one corpus article as an Analysis (what the corpus explorer opens).
- ``widgets.py``: background work with progress, chart boxes, tables of rows to choose from, the static first view.

The HTML and charts they show come from ``utils/show/explorer.py`` and the article views of ``utils/show/``.
"""
