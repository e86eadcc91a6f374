"""Search a corpus: a tantivy index built with the corpus, queries in the Lucene / Media Cloud syntax.

- ``index.py``: the index (one document per article and one per sentence), built beside the corpus
  tables, rebuilt when the corpus or this index code changes, reused otherwise.
- ``query.py``: the query language, parsed with luqum into our own tree and compiled into tantivy
  query objects; ``QueryError`` for a malformed query.
- ``results.py``: what a query returns: matching articles, matching sentences (KWIC) with their
  spans, attention over time, the matching articles as a corpus view.
- ``coverage.py``: the matching coverage against the rest (who is named, who is quoted, tone, words).
- ``scan.py``: the brute-force reference (regular expressions over the sentences table) that the
  benchmark compares the engine's counts with.

See docs/search.md.
"""

from utils.search.query import QueryError, parse_query
from utils.search.results import attention, matches, search, subset

__all__ = ["QueryError", "attention", "matches", "parse_query", "search", "subset"]
