"""What a query returns: matching articles, matching sentences with their spans, attention over time, a view.

Every function takes a :class:`utils.corpus_tables.CorpusTables` (or a view of one: the query then runs over the
view's articles only) and a query string in the syntax of docs/search.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np
import pandas as pd

from utils.pipeline.speakers import CREDITED_QUOTES_SQL
from utils.search.index import SearchIndex, compile_query, kind_filter, open_index
from utils.search.query import Keyword, Node, Text, analyzer, parse_query, positive_leaves

if TYPE_CHECKING:
    from utils.corpus_tables import CorpusTables

PERIODS = {"d": "day", "day": "day", "w": "week", "week": "week", "m": "month", "month": "month",
           "q": "quarter", "quarter": "quarter", "y": "year", "year": "year"}
BY_COLUMNS = ("source", "category", "author", "language")


@dataclass
class Matched:
    """A query run: the index, the query tree, matching article numbers (best first) and their scores."""

    index: SearchIndex
    node: Node
    articles: np.ndarray
    scores: np.ndarray

    @property
    def article_ids(self) -> list[str]:
        return [self.index.article_ids[number] for number in self.articles]


def run(corpus: "CorpusTables", query: str) -> Matched:
    """The articles of ``corpus`` (or of the view) matching ``query``, best first."""
    node = parse_query(query)
    index = open_index(corpus)
    within = None
    if corpus.article_ids is not None:
        within = [index.positions[article_id] for article_id in corpus.article_ids if article_id in index.positions]
    searcher = index.searcher()
    compiled = kind_filter(index, "article", compile_query(node, index), articles=within)
    result = searcher.search(compiled, limit=max(len(index.article_ids), 1))
    addresses = [address for _, address in result.hits]
    numbers = np.asarray(searcher.fast_field_values("article", addresses) if addresses else [], dtype=np.int64)
    scores = np.asarray([score for score, _ in result.hits], dtype=float)
    return Matched(index, node, numbers, scores)


def _sentence_leaves(node: Node) -> list[Text | Keyword]:
    """The clauses that pick sentences: words and phrases of the text (not title-only), entities, speakers."""
    return [
        leaf for leaf in positive_leaves(node)
        if (isinstance(leaf, Text) and leaf.field in ("any", "text")) or (isinstance(leaf, Keyword) and leaf.field in ("entity", "speaker"))
    ]


def _sentence_query(matched: Matched):
    import tantivy

    leaves = _sentence_leaves(matched.node)
    if not leaves or not len(matched.articles):
        return None
    queries = [compile_query(leaf, matched.index, level="sentence") for leaf in leaves]
    query = queries[0] if len(queries) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])
    return kind_filter(matched.index, "sentence", query, articles=matched.articles.tolist())


def _sentence_hits(matched: Matched, *, limit: int | None = None) -> tuple[list, list]:
    """Matching sentences of the matching articles: (scores, doc addresses), best first, all of them without ``limit``."""
    query = _sentence_query(matched)
    if query is None:
        return [], []
    searcher = matched.index.searcher()
    if limit is None:
        limit = searcher.search(query, limit=1, count=True).count
    result = searcher.search(query, limit=max(limit, 1))
    return [score for score, _ in result.hits], [address for _, address in result.hits]


# --------------------------------------------------------------------------- the API


def search(corpus: "CorpusTables", query: str) -> pd.DataFrame:
    """One row per matching article, best first: ``article_id``, ``title``, ``date``, ``source``, ``category``,
    ``hits`` (matching sentences), ``score`` (BM25), and its first matching sentence (``sentence_id``,
    ``start_char``, ``end_char``, ``sentence``; missing when only the title or metadata matched)."""
    matched = run(corpus, query)
    columns = ["article_id", "title", "date", "source", "category", "hits", "score", "sentence_id", "start_char", "end_char", "sentence"]
    if not len(matched.articles):
        return _typed(pd.DataFrame(columns=columns))
    frame = _metadata(matched.index, matched.articles).assign(score=matched.scores)
    _, addresses = _sentence_hits(matched)
    if addresses:
        searcher = matched.index.searcher()
        numbers = np.asarray(searcher.fast_field_values("article", addresses), dtype=np.int64)
        sentence_ids = np.asarray(searcher.fast_field_values("sentence", addresses), dtype=np.int64)
        order = np.lexsort((sentence_ids, numbers))
        numbers, sentence_ids = numbers[order], sentence_ids[order]
        first = np.flatnonzero(np.r_[True, numbers[1:] != numbers[:-1]])
        hits = np.diff(np.r_[first, len(numbers)])
        first_docs = [searcher.doc(addresses[order[position]]) for position in first]
        sentences = pd.DataFrame({
            "article_id": [matched.index.article_ids[number] for number in numbers[first]],
            "hits": hits,
            "sentence_id": sentence_ids[first],
            "start_char": [doc.get_first("start") for doc in first_docs],
            "end_char": [doc.get_first("end") for doc in first_docs],
            "sentence": [doc.get_first("text") for doc in first_docs],
        })
        frame = frame.merge(sentences, on="article_id", how="left")
    frame = frame.reindex(columns=columns)
    frame["hits"] = frame["hits"].fillna(0)
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    dtypes = {"article_id": "str", "title": "str", "source": "str", "category": "str", "hits": "int64", "score": "float64",
              "sentence_id": "Int64", "start_char": "Int64", "end_char": "Int64", "sentence": "str"}
    return frame.astype({column: dtype for column, dtype in dtypes.items() if column in frame}).reset_index(drop=True)


def _metadata(index: SearchIndex, numbers: Sequence[int]) -> pd.DataFrame:
    """article_id, title, date, source, category of some article numbers, from the index's copy of the articles table."""
    return index.articles.iloc[list(numbers)].reset_index(drop=True)


def matches(corpus: "CorpusTables", query: str, *, n: int | None = 50) -> pd.DataFrame:
    """The matching sentences (KWIC), best first (``n``; None: all): ``article_id``, ``sentence_id``,
    ``start_char``/``end_char`` (the sentence in the article text), ``text``, ``spans`` (the matched
    words as ``(start, end)`` pairs in the article text, for highlighting), ``title``, ``date``, ``source``, ``score``."""
    matched = run(corpus, query)
    scores, addresses = _sentence_hits(matched, limit=n)
    columns = ["article_id", "sentence_id", "start_char", "end_char", "text", "spans", "title", "date", "source", "score"]
    if not addresses:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in columns})
    searcher = matched.index.searcher()
    numbers = searcher.fast_field_values("article", addresses)
    sentence_ids = searcher.fast_field_values("sentence", addresses)
    docs = [searcher.doc(address) for address in addresses]
    frame = pd.DataFrame({
        "article_id": [matched.index.article_ids[number] for number in numbers],
        "sentence_id": sentence_ids,
        "start_char": [doc.get_first("start") for doc in docs],
        "end_char": [doc.get_first("end") for doc in docs],
        "text": [doc.get_first("text") for doc in docs],
        "score": scores,
    })
    leaves = _sentence_leaves(matched.node)
    entity_spans = _entity_spans(corpus, matched.index, frame, [leaf for leaf in leaves if isinstance(leaf, Keyword)])
    frame["spans"] = [
        sorted(set(text_spans(row.text, leaves, offset=row.start_char)) | set(entity_spans.get((row.article_id, row.sentence_id), ())))
        for row in frame.itertuples()
    ]
    metadata = _metadata(matched.index, numbers).drop(columns=["article_id", "category"])
    frame = pd.concat([frame, metadata], axis=1)
    return frame[columns].astype({"article_id": "str", "sentence_id": "int64", "start_char": "int64", "end_char": "int64", "text": "str"})


def text_spans(text: str, leaves: Sequence[Text | Keyword], *, offset: int = 0) -> list[tuple[int, int]]:
    """Where the word and phrase clauses match in ``text``: (start, end) pairs plus ``offset``, by the index's tokenizer.

    A phrase marks each of its runs; a proximity (``"a b"~N``) marks each of its words.
    """
    tokens = analyzer().pre_tokenize(text).tokens
    words = [token.text for token in tokens]
    spans: list[tuple[int, int]] = []
    for leaf in leaves:
        if not isinstance(leaf, Text) or leaf.field == "title":
            continue
        if leaf.pattern is not None:
            pattern = re.compile(leaf.pattern)
            spans += [(t.char_offset_from, t.char_offset_to) for t in tokens if pattern.fullmatch(t.text)]
        elif len(leaf.tokens) == 1 or leaf.slop:
            wanted = set(leaf.tokens)
            spans += [(t.char_offset_from, t.char_offset_to) for t in tokens if t.text in wanted]
        else:
            size = len(leaf.tokens)
            for start in range(len(words) - size + 1):
                if tuple(words[start:start + size]) == leaf.tokens:
                    spans.append((tokens[start].char_offset_from, tokens[start + size - 1].char_offset_to))
    return [(start + offset, end + offset) for start, end in spans]


def _entity_spans(corpus: "CorpusTables", index: SearchIndex, rows: pd.DataFrame, leaves: Sequence[Keyword]) -> dict:
    """(article_id, sentence_id) → spans of the mentions (``entity:``) and speaker names (``speaker:``) the clauses ask for."""
    import pyarrow as pa

    names = {field: sorted({value for leaf in leaves if leaf.field == field and leaf.pattern is None for value in index.related(field, leaf.value)})
             for field in ("entity", "speaker")}
    if not rows.size or not (names["entity"] or names["speaker"]):
        return {}
    connection = corpus.connection()
    connection.register("search_rows", pa.table({"article_id": pa.array(rows["article_id"].tolist(), type=pa.string()),
                                                 "sentence_id": pa.array(rows["sentence_id"].tolist(), type=pa.int64())}))
    connection.register("search_names", pa.table({"field": pa.array(["entity"] * len(names["entity"]) + ["speaker"] * len(names["speaker"])),
                                                  "value": pa.array(names["entity"] + names["speaker"], type=pa.string())}))
    normal = "regexp_replace(lower(trim({})), '\\s+', ' ', 'g')"
    try:
        found = connection.execute(f"""
            WITH wanted AS (
                SELECT DISTINCT e.article_id, e.entity_id, n.field FROM entities e, search_names n
                WHERE e.is_named AND e.article_id IN (SELECT article_id FROM search_rows)
                  AND ({normal.format('e.name')} = n.value OR list_contains(list_transform(string_split(coalesce(e.aliases, ''), '; '), lambda a: {normal.format('a')}), n.value)))
            SELECT m.article_id, m.sentence_id, m.start_char, m.end_char FROM mentions m
            JOIN wanted w ON w.article_id = m.article_id AND w.entity_id = m.entity_id AND w.field = 'entity'
            JOIN search_rows r ON r.article_id = m.article_id AND r.sentence_id = m.sentence_id
            WHERE m.is_named
            UNION
            SELECT q.article_id, r.sentence_id, q.speaker_start, q.speaker_end FROM {CREDITED_QUOTES_SQL} q
            JOIN wanted w ON w.article_id = q.article_id AND w.entity_id = q.speaker_entity_id AND w.field = 'speaker'
            JOIN search_rows r ON r.article_id = q.article_id AND list_contains(q.sentence_ids, r.sentence_id)
            WHERE q.speaker_start >= 0
        """).fetchall()
    finally:
        connection.unregister("search_rows")
        connection.unregister("search_names")
    spans: dict = {}
    starts = dict(zip(zip(rows["article_id"], rows["sentence_id"]), zip(rows["start_char"], rows["end_char"])))
    for article_id, sentence_id, start, end in found:
        low, high = starts[(article_id, sentence_id)]
        if low <= start and end <= high:  # a speaker named outside the sentence of the quote is not marked in it
            spans.setdefault((article_id, sentence_id), []).append((int(start), int(end)))
    return spans


def attention(corpus: "CorpusTables", query: str, *, period: str = "week", by: str | None = None) -> pd.DataFrame:
    """Per period (and per ``by`` value: source, category...), the matching articles and their share of all
    dated articles of that period: ``period`` (its first day), [``by``], ``articles``, ``total``, ``share``.

    Periods: day, week (from Monday), month, quarter, year (or D, W, M, Q, Y). Undated articles are left out.
    """
    import pyarrow as pa

    unit = PERIODS.get(str(period).lower())
    if unit is None:
        raise ValueError(f"period must be one of day, week, month, quarter, year (or D, W, M, Q, Y), not {period!r}")
    if by is not None and by not in BY_COLUMNS:
        raise ValueError(f"by must be one of {', '.join(BY_COLUMNS)} or None, not {by!r}")
    matched = run(corpus, query)
    connection = corpus.connection()
    connection.register("search_matched", pa.table({"article_id": pa.array(matched.article_ids, type=pa.string())}))
    group = f", coalesce(a.{by}, '(none)') AS {by}" if by else ""
    try:
        frame = connection.execute(f"""
            SELECT CAST(date_trunc('{unit}', a.date) AS DATE) AS period{group},
                   count(m.article_id) AS articles, count(*) AS total
            FROM articles a LEFT JOIN search_matched m ON m.article_id = a.article_id
            WHERE a.date IS NOT NULL GROUP BY ALL ORDER BY ALL""").df()
    finally:
        connection.unregister("search_matched")
    frame["share"] = frame["articles"] / frame["total"]
    frame["period"] = pd.to_datetime(frame["period"])
    return frame.astype({"articles": "int64", "total": "int64"})


def default_query(corpus: "CorpusTables") -> str:
    """A query for a corpus nobody wrote one for: its most-mentioned named entity (``entity:"..."``, aliases
    included), else every article (``*:*`` is not in the syntax, so the commonest word ``said``)."""
    from utils.explore.corpus import top_entities

    top = top_entities(corpus, n=1)
    if top.empty:
        return "said"
    name = " ".join(str(top["name"].iloc[0]).replace('"', " ").replace("\\", " ").split())
    return f'entity:"{name}"'


def subset(corpus: "CorpusTables", query: str) -> "CorpusTables":
    """The matching articles as a view of the corpus (every corpus table and SQL query sees only them)."""
    matched = run(corpus, query)
    return corpus.view(matched.article_ids, label=f"articles matching {query}")


def matching_sentences(corpus: "CorpusTables", query: str) -> pd.DataFrame:
    """Every matching sentence of the matching articles (``article_id``, ``sentence_id``), in corpus order; no text."""
    matched = run(corpus, query)
    _, addresses = _sentence_hits(matched)
    if not addresses:
        return pd.DataFrame({"article_id": pd.Series(dtype="str"), "sentence_id": pd.Series(dtype="int64")})
    searcher = matched.index.searcher()
    numbers = np.asarray(searcher.fast_field_values("article", addresses), dtype=np.int64)
    sentence_ids = np.asarray(searcher.fast_field_values("sentence", addresses), dtype=np.int64)
    order = np.lexsort((sentence_ids, numbers))
    return pd.DataFrame({"article_id": [matched.index.article_ids[number] for number in numbers[order]],
                         "sentence_id": sentence_ids[order]}).astype({"article_id": "str"})


def share_by(corpus: "CorpusTables", query: str, *, by: str = "source") -> pd.DataFrame:
    """Per value of ``by`` (source, category...), dated or not: ``articles`` matching, ``total`` and ``share``, most matching first."""
    import pyarrow as pa

    if by not in BY_COLUMNS:
        raise ValueError(f"by must be one of {', '.join(BY_COLUMNS)}, not {by!r}")
    matched = run(corpus, query)
    connection = corpus.connection()
    connection.register("search_matched", pa.table({"article_id": pa.array(matched.article_ids, type=pa.string())}))
    try:
        frame = connection.execute(f"""
            SELECT coalesce(a.{by}, '(none)') AS {by}, count(m.article_id) AS articles, count(*) AS total
            FROM articles a LEFT JOIN search_matched m ON m.article_id = a.article_id
            GROUP BY ALL ORDER BY articles DESC, total DESC, {by}""").df()
    finally:
        connection.unregister("search_matched")
    frame["share"] = frame["articles"] / frame["total"]
    return frame.astype({"articles": "int64", "total": "int64"})


def figures(corpus: "CorpusTables", query: str) -> dict:
    """The query's key figures: matching articles, of how many, their share, matching sentences, first and last date."""
    matched = run(corpus, query)
    total = len(corpus.article_ids) if corpus.article_ids is not None else len(matched.index.article_ids)
    sentences = len(_sentence_hits(matched)[1])
    dates = attention(corpus, query, period="day")
    dates = dates.loc[dates["articles"] > 0, "period"]
    return {
        "matching_articles": len(matched.articles),
        "articles": total,
        "matching_share": len(matched.articles) / total if total else 0.0,
        "matching_sentences": sentences,
        "first_date": dates.min().date().isoformat() if len(dates) else None,
        "last_date": dates.max().date().isoformat() if len(dates) else None,
    }
