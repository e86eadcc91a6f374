"""The two sides of a coverage comparison: a :class:`Side` is the tables of one article
(:func:`article_side`) or of a corpus view (:func:`corpus_side`), every table with an
``article_id`` column, so one code path serves both. :func:`corpus_groups` splits a corpus in two
by a column of its articles; :func:`choose_sides` is what notebook 09 calls (two groups of a
corpus, else two articles, else one article against :func:`empty_side`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from utils.explore.words import WORD_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    from utils.analysis import Analysis
    from utils.corpus import Corpus

SIDES = ("a", "b")
TABLE_NAMES = ("paragraphs", "sentences", "tokens", "mentions", "entities", "quotes")
TOKEN_COLUMNS = [*WORD_COLUMNS, "token_id", "text", "start_char", "end_char"]


@dataclass
class Side:
    """One side of a comparison: a label and the analysis tables, each with an ``article_id`` column.

    ``texts`` maps each article id to the text its offsets point into (for a corpus, rebuilt from
    the paragraphs table); ``titles`` to its title metadata; ``prior`` holds term counts of the
    whole corpus the side comes from (None for a lone article); ``corpus_path`` says which corpus.
    """

    label: str
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    mentions: pd.DataFrame
    entities: pd.DataFrame
    quotes: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str | None] = field(default_factory=dict)
    corpus_path: str | None = None
    prior: pd.Series | None = None

    @property
    def article_ids(self) -> list[str]:
        return list(self.texts)

    @property
    def text(self) -> str:
        """The text of a one-article side ("" for a group of several)."""
        return next(iter(self.texts.values())) if len(self.texts) == 1 else ""

    @property
    def is_empty(self) -> bool:
        return not self.texts


def article_side(analysis: "Analysis", *, label: str | None = None) -> Side:
    """One article as a side: its tables with ``article_id`` (the article's id) in front."""
    article_id = analysis.article.id
    tables = {name: _with_article_id(getattr(analysis, name), article_id) for name in TABLE_NAMES}
    return Side(
        label=label or side_label(analysis), texts={article_id: analysis.text}, titles={article_id: analysis.article.title}, **tables,
    )


def side_label(analysis: "Analysis", *, limit: int = 48) -> str:
    """A short name for an article: its source and title, else its file name, else its first words."""
    article = analysis.article
    name = article.title or (article.path.stem if article.path is not None else " ".join(analysis.text.split()[:8]))
    if article.source:
        name = f"{article.source}: {name}"
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def corpus_side(corpus: "Corpus", *, label: str | None = None, prior: pd.Series | None = None) -> Side:
    """A corpus (or a view of one) as a side: its tables, limited to the view's articles."""
    tables = {name: corpus.table(name, columns=TOKEN_COLUMNS if name == "tokens" else None) for name in TABLE_NAMES}
    articles = corpus.table("articles", columns=["article_id", "title", "characters"])
    texts = _texts_from_paragraphs(tables["paragraphs"], articles)
    titles = dict(zip(articles["article_id"], articles["title"].where(articles["title"].notna(), None)))
    return Side(label=label or corpus.label or "corpus", texts=texts, titles=titles, corpus_path=str(corpus.path), prior=prior, **tables)


def corpus_groups(corpus: "Corpus", *, by: str = "source", a: str = "", b: str = "") -> tuple["Corpus", "Corpus"]:
    """Two views of ``corpus``: articles whose ``by`` column is ``a``, and those where it is ``b``.

    Empty ``a``: the most common value; empty ``b``: every article whose value is not ``a``
    (articles without a value are ``(none)``). ``by`` is a column of the articles table.
    """
    columns = set(corpus.sql("SELECT * FROM articles LIMIT 0").columns)
    if by not in columns:
        raise ValueError(f"the articles table has no column {by!r} (it has: {', '.join(sorted(columns))})")
    values = corpus.sql(f'SELECT article_id, coalesce(CAST("{by}" AS VARCHAR), \'(none)\') AS value FROM articles')
    if not a:
        counts = values["value"].value_counts()
        a = str(counts.index[0]) if len(counts) else ""
    in_a = values.loc[values["value"] == a, "article_id"]
    in_b = values.loc[(values["value"] == b) if b else (values["value"] != a), "article_id"]
    return (corpus.view(in_a, label=f"{by} = {a}"), corpus.view(in_b, label=f"{by} = {b}" if b else f"{by} ≠ {a}"))


def corpus_term_counts(corpus: "Corpus") -> pd.Series:
    """Every in-scope, non-stopword word of the corpus (the words of :func:`utils.explore.words.words_table`) and its count: the prior for word choice."""
    counts = corpus.sql(
        "SELECT lower AS term, count(*) AS n FROM tokens WHERE in_scope AND (is_alpha OR like_num) AND NOT is_stop GROUP BY lower"
    )
    return pd.Series(counts["n"].to_numpy(), index=counts["term"].to_numpy(), dtype="int64")


def _with_article_id(frame: pd.DataFrame, article_id: str) -> pd.DataFrame:
    frame = frame.drop(columns=["article_id"], errors="ignore")
    return frame.assign(article_id=article_id)[["article_id", *frame.columns]]


def _texts_from_paragraphs(paragraphs: pd.DataFrame, articles: pd.DataFrame) -> dict[str, str]:
    """Each article's text with its paragraphs at their offsets (gaps as spaces): offsets stay exact."""
    texts = {}
    lengths = dict(zip(articles["article_id"], articles["characters"]))
    for article_id, rows in paragraphs.groupby("article_id", sort=False):
        length = max(int(lengths.get(article_id, 0) or 0), int(rows["end_char"].max()))
        characters = [" "] * length
        for start, text in zip(rows["start_char"], rows["text"]):
            characters[int(start) : int(start) + len(text)] = list(text)
        texts[str(article_id)] = "".join(characters)
    for article_id in articles["article_id"]:
        texts.setdefault(str(article_id), "")
    return texts


def empty_side(*, label: str = "(none)") -> Side:
    """A side with no article: every table empty, in the corpus schema."""
    from utils.pipeline.schema import empty_frame

    return Side(label=label, **{name: empty_frame(name, article_id=True) for name in TABLE_NAMES})


def narrowed(corpus: "Corpus", *, query: str = "", story: str = "") -> "Corpus":
    """The corpus limited to one story (``corpus.story``) and to the articles matching a search
    (``corpus.subset``), when asked; each returns a view."""
    if story:
        if not hasattr(corpus, "story"):
            raise ValueError("STORY needs Corpus.story() (the stories capability), which this version does not have")
        corpus = corpus.story(int(story) if story.isdigit() else story)
    if query:
        if not hasattr(corpus, "subset"):
            raise ValueError("QUERY needs Corpus.subset() (the search capability), which this version does not have")
        corpus = corpus.subset(query)
    return corpus


def choose_sides(analysis_a: "Analysis", analysis_b: "Analysis | None" = None, *, corpus: "Corpus | None" = None,
                 by: str = "source", a: str = "", b: str = "", query: str = "", story: str = "") -> tuple[Side, Side]:
    """The two sides a notebook compares: two groups of ``corpus`` (split by ``by`` into ``a`` and
    ``b``, after ``story`` and ``query``; the whole corpus's words as the prior) when one is given,
    else the two articles, else the first article against an empty side."""
    if corpus is not None:
        prior = corpus_term_counts(corpus)
        view_a, view_b = corpus_groups(narrowed(corpus, query=query, story=story), by=by, a=a, b=b)
        return corpus_side(view_a, prior=prior), corpus_side(view_b, prior=prior)
    side_a = article_side(analysis_a)
    return side_a, article_side(analysis_b) if analysis_b is not None else empty_side()
