"""Table in, table out: what the notebooks chart, computed from the analysis tables (nothing here
reads or writes the cache).

- ``article.py``: the article's metadata; ``figures.py``: the key figures every notebook quotes.
- ``words.py``: words, n-grams, collocations, concordances; ``tone.py``: paragraph and article
  sentiment, extremes, tone over time; ``entities.py``: top entities, relations, co-occurrence;
  ``sources.py``: who is quoted and how.
- ``compare.py``: weighted log-odds and what sets two subsets apart; ``corpus.py``: notebook 05's
  figures as DuckDB aggregates.
- Two reports of one event (notebook 09): ``coverage.py`` (the whole comparison),
  ``coverage_sides.py`` (the two sides), ``coverage_entities.py`` (entities matched, in both or
  one, tone towards them), ``coverage_voices.py`` (who is quoted, attribution verbs),
  ``coverage_words.py`` (word choice), ``coverage_passages.py`` (shared passages) and
  ``headlines.py`` (the headline against the body).
"""
