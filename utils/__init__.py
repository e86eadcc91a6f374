"""News article analysis: load an article, parse it once, and get tidy tables back.

>>> from utils import analyse
>>> analysis = analyse(Path("seeds/000_3f3b668070f041ac.txt"))
>>> analysis.entities.head()
"""

from utils.analysis import Analysis, Scope, analyse
from utils.article import Article, Paragraph, article_from_text, load_article
from utils.corpus import Corpus, analyse_corpus
from utils.errors import NewsAnalysisError

__all__ = [
    "Analysis", "Article", "Corpus", "NewsAnalysisError", "Paragraph", "Scope",
    "analyse", "analyse_corpus", "article_from_text", "load_article",
]
