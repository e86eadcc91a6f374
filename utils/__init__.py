"""News article analysis: load an article, parse it once, and get tidy tables back.

>>> from utils import analyse
>>> analysis = analyse(Path("seeds/000_3f3b668070f041ac.txt"))
>>> analysis.entities.head()

The package is arranged in rooms by role (see README.md, "Layout"):
``read`` (file → Article), ``pipeline`` (Article → the cached tables), ``store`` (cache),
``analysis`` and ``corpus`` (the two entry points; ``corpus_tables`` below them), ``explore``
(table in, table out), ``search`` and ``stories`` (over a corpus), ``show`` (charts and HTML),
``report`` (``make report``: notebooks run and exported). The measuring commands are not here:
they live in the top-level ``evaluation/`` folder.
"""

from utils.analysis import Analysis, analyse, open_article
from utils.corpus import Corpus, analyse_corpus
from utils.errors import NewsAnalysisError
from utils.pipeline.tables import Scope
from utils.read.article import Article, Paragraph, article_from_text, load_article

__all__ = [
    "Analysis", "Article", "Corpus", "NewsAnalysisError", "Paragraph", "Scope",
    "analyse", "analyse_corpus", "article_from_text", "load_article", "open_article",
]
