"""Corpus-wide figures as DuckDB aggregates over the Parquet parts: a Corpus (or a view of one) in,
a small DataFrame out.

Each function gives the same table as its pandas twin in ``entities.py``, ``tone.py``,
``sources.py``, ``compare.py`` and ``figures.py`` (same definitions, same columns, same order),
but never loads a whole corpus table into pandas: the aggregate runs out of core in DuckDB
(:meth:`utils.corpus.Corpus.sql`) and only its result comes back. Only the ``articles`` table
(one row per article) is read whole, to bucket dates and pick subsets exactly as pandas does.
Every function accepts a view (``corpus.view(ids)``, ``corpus.subset(query)``, ``corpus.story(id)``):
the figures are then those of the view's articles, entity identities voted among them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

import pandas as pd

from utils.explore import periods
from utils.explore.compare import Comparison, subset_articles, weighted_log_odds
from utils.explore.entities import NAMED_GROUPS
from utils.explore.figures import TOP_ENTITIES, _rounded
from utils.explore.sources import unnamed_voice_sql
from utils.explore.tone import ARTICLE_TONE_COLUMNS, article_sentiment
from utils.explore.identity import corpus_keys, merges, short_form_evidence
from utils.pipeline.sentiment import NEUTRAL_BAND, label
from utils.pipeline.speakers import CREDITED_QUOTES_SQL

if TYPE_CHECKING:
    from utils.corpus import Corpus

TOP_COLUMNS = ["name", "label", "group", "mentions", "articles"]
# in-scope words (utils.pipeline.tokens.is_word), and the words of the log-odds: without stopwords
WORDS_SQL = "SELECT article_id, sentence_id, lower AS term FROM tokens WHERE in_scope AND (is_alpha OR like_num) AND NOT is_stop"
SCORED_SENTENCES = "in_scope AND sentiment IS NOT NULL AND NOT isnan(sentiment)"


# --------------------------------------------------------------------------- entity identity


def prepare_named_mentions(corpus: "Corpus") -> str:
    """Create (once per connection) the ``named_mentions`` view: the counted named mentions of the
    corpus with their corpus-wide identity, as :func:`utils.explore.entities.named_mentions` gives
    them (article_id, sentence_id, name, label, group, article_label). Returns the view's name."""
    connection = corpus.connection()
    if _exists(connection, "named_mentions"):
        return "named_mentions"
    # the corpus key of each distinct name, in Python once (utils.explore.identity): the one definition, not an SQL look-alike
    names = connection.execute(
        'SELECT name, label, "group", sum(greatest(mention_count, 1)) AS weight FROM entities '
        "WHERE is_named AND name IS NOT NULL GROUP BY ALL ORDER BY ALL"
    ).df()
    evidence = short_form_evidence(connection.execute(
        "SELECT article_id, name, label, aliases, is_named FROM entities WHERE is_named AND name IS NOT NULL AND aliases <> ''"
    ).df())
    connection.register("entity_name_keys", corpus_keys(names, evidence))
    connection.execute("CREATE TEMP TABLE entity_keys AS SELECT * FROM entity_name_keys")
    connection.unregister("entity_name_keys")
    connection.execute(
        """
        CREATE TEMP TABLE entity_identity AS
        WITH keyed AS (
            SELECT e.article_id, e.entity_id, e.name, e.label, e."group", e.is_named AS named,
                   CASE WHEN e.is_named THEN k.key ELSE e.name END AS key_name,
                   CASE WHEN e.is_named THEN '' ELSE e.label END AS key_label,
                   greatest(e.mention_count, 1) AS weight, coalesce(k.rule = 'surname', false) AS short
            FROM entities e LEFT JOIN entity_keys k ON e.is_named AND k.name = e.name
        ),
        votes AS (
            SELECT named, key_name, key_label, label, "group",
                   row_number() OVER (PARTITION BY named, key_name, key_label ORDER BY sum(weight) DESC, label, "group") AS rank
            FROM keyed GROUP BY named, key_name, key_label, label, "group"
        ),
        forms AS (
            SELECT named, key_name, key_label, name,
                   row_number() OVER (PARTITION BY named, key_name, key_label ORDER BY bool_or(short), sum(weight) DESC, name) AS rank
            FROM keyed GROUP BY named, key_name, key_label, name
        )
        SELECT keyed.article_id, keyed.entity_id, forms.name, votes.label, votes."group"
        FROM keyed
        JOIN votes USING (named, key_name, key_label)
        JOIN forms USING (named, key_name, key_label)
        WHERE votes.rank = 1 AND forms.rank = 1
        """
    )
    groups = ", ".join(_sql_string(group) for group in NAMED_GROUPS)
    connection.execute(
        f"""
        CREATE TEMP VIEW named_mentions AS
        SELECT m.article_id, m.sentence_id, i.name, i.label, i."group", m.label AS article_label
        FROM mentions m JOIN entity_identity i USING (article_id, entity_id)
        WHERE i."group" IN ({groups}) AND m.counted AND NOT m.is_pronoun
        """
    )
    return "named_mentions"


def _exists(connection, name: str) -> bool:
    return bool(connection.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ? UNION ALL "
                                   "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name, name]).df().iloc[:, 0].sum())


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _column(corpus: "Corpus", table: str, column: str) -> str:
    """``column`` quoted for SQL, after checking the table has it (a notebook parameter never reaches SQL raw)."""
    columns = set(corpus.sql(f"SELECT column_name FROM (DESCRIBE {table})")["column_name"])
    if column not in columns:
        raise KeyError(f"the {table} table has no column {column!r} (columns: {', '.join(sorted(columns))})")
    return '"' + column.replace('"', '""') + '"'


# --------------------------------------------------------------------------- who is named


def name_merges(corpus: "Corpus") -> pd.DataFrame:
    """The names joined across articles by the country and acronym rules (:mod:`utils.explore.identity`):
    form, name (the corpus's name for the entity), rule, mentions and articles of the form."""
    prepare_named_mentions(corpus)
    identities = corpus.sql(
        "SELECT e.article_id, e.name, i.name AS corpus_name, e.mention_count FROM entities e "
        "JOIN entity_identity i USING (article_id, entity_id) WHERE e.is_named"
    )
    return merges(identities, corpus.sql("SELECT * FROM entity_keys"))


def top_entities(corpus: "Corpus", *, n: int = 15) -> pd.DataFrame:
    """The n most-mentioned named entities: name, label, group, mentions, articles
    (:func:`utils.explore.entities.top_corpus_entities` of ``named_mentions``)."""
    view = prepare_named_mentions(corpus)
    return corpus.sql(
        f'SELECT name, label, "group", count(*) AS mentions, count(DISTINCT article_id) AS articles FROM {view} '
        'GROUP BY name, label, "group" ORDER BY mentions DESC, articles DESC, name, label LIMIT ?', [int(n)]
    )[TOP_COLUMNS]


def article_periods(corpus: "Corpus", *, period: str = "M") -> tuple[str, Any]:
    """Register the ``article_periods`` table (article_id, period) of the dated articles, bucketed by
    pandas exactly as :func:`utils.explore.compare.dated` does (the articles table is one row an
    article: small); returns its name and the pandas dtype of ``period``."""
    articles = corpus.table("articles", columns=["article_id", "date"])
    dates = pd.to_datetime(articles.set_index("article_id")["date"], errors="coerce").dropna()
    periods = dates.dt.to_period(period).dt.start_time
    corpus.connection().register("article_periods", pd.DataFrame({"article_id": periods.index.astype("str"), "period": periods.to_numpy()}))
    return "article_periods", periods.dtype


def entity_mentions_by_period(corpus: "Corpus", *, period: str = "M", n: int = 8) -> pd.DataFrame:
    """Mentions per period of the n most-mentioned entities of the dated articles: period, name, label, mentions."""
    view, (periods, dtype) = prepare_named_mentions(corpus), article_periods(corpus, period=period)
    table = corpus.sql(
        f"""
        WITH rows AS (SELECT m.*, p.period FROM {view} m JOIN {periods} p USING (article_id)),
        top AS (SELECT name, label FROM rows GROUP BY name, label, "group"
                ORDER BY count(*) DESC, count(DISTINCT article_id) DESC, name, label LIMIT ?)
        SELECT period, name, label, count(*) AS mentions FROM rows JOIN top USING (name, label)
        GROUP BY period, name, label ORDER BY period, mentions DESC, name, label
        """, [int(n)]
    )
    return table.astype({"period": dtype})


def top_entities_by_group(corpus: "Corpus", *, by: str = "category", n: int = 5) -> pd.DataFrame:
    """The n most-mentioned entities in each group of articles (by an articles column; no value:
    ``(none)``): group, name, label, mentions, articles."""
    view, column = prepare_named_mentions(corpus), _column(corpus, "articles", by)
    return corpus.sql(
        f"""
        WITH counts AS (
            SELECT coalesce(CAST(a.{column} AS VARCHAR), '(none)') AS "group", m.name, m.label, count(*) AS mentions,
                   count(DISTINCT m.article_id) AS articles
            FROM {view} m JOIN articles a USING (article_id) GROUP BY ALL
        )
        SELECT "group", name, label, mentions, articles FROM counts
        QUALIFY row_number() OVER (PARTITION BY "group" ORDER BY mentions DESC, articles DESC, name, label) <= ?
        ORDER BY "group", mentions DESC, articles DESC, name, label
        """, [int(n)]
    )


def entity_cooccurrence(corpus: "Corpus", *, unit: str = "sentence", n: int = 20) -> pd.DataFrame:
    """How often two of the n most-mentioned entities share a sentence (or an article): entity_a,
    entity_b (``name (LABEL)``, a before b alphabetically), together; most together first."""
    if unit not in ("sentence", "article"):
        raise ValueError(f"unit must be 'sentence' or 'article', not {unit!r}")
    view = prepare_named_mentions(corpus)
    keys = "article_id, sentence_id" if unit == "sentence" else "article_id"
    return corpus.sql(
        f"""
        WITH top AS (SELECT name, label FROM {view} GROUP BY name, label, "group"
                     ORDER BY count(*) DESC, count(DISTINCT article_id) DESC, name, label LIMIT ?),
        units AS (SELECT DISTINCT {keys}, name || ' (' || label || ')' AS entity FROM {view} JOIN top USING (name, label))
        SELECT x.entity AS entity_a, y.entity AS entity_b, count(*) AS together
        FROM units x JOIN units y USING ({keys}) WHERE x.entity < y.entity
        GROUP BY entity_a, entity_b ORDER BY together DESC, entity_a, entity_b
        """, [int(n)]
    )


# --------------------------------------------------------------------------- tone


def article_tone(corpus: "Corpus") -> pd.DataFrame:
    """One row per article with a scored in-scope sentence: article_id, sentence_count, words,
    sentiment (Σ max(words, 1)·score / Σ max(words, 1), as :func:`utils.explore.tone.article_sentiment`),
    sentiment_label, textblob_polarity, vader_compound; in corpus order."""
    table = corpus.sql(
        f"""
        SELECT s.article_id, count(*) AS sentence_count, sum(s.word_count)::BIGINT AS words,
               sum(greatest(s.word_count, 1) * s.sentiment) / sum(greatest(s.word_count, 1)) AS sentiment,
               sum(greatest(s.word_count, 1) * s.textblob_polarity) / sum(greatest(s.word_count, 1)) AS textblob_polarity,
               sum(greatest(s.word_count, 1) * s.vader_compound) / sum(greatest(s.word_count, 1)) AS vader_compound
        FROM sentences s JOIN articles a USING (article_id) WHERE {SCORED_SENTENCES}
        GROUP BY s.article_id, a.position ORDER BY a.position
        """
    )
    table["sentiment_label"] = pd.array([label(score) for score in table["sentiment"]], dtype="str")
    return table[ARTICLE_TONE_COLUMNS]


def _register_tone(corpus: "Corpus") -> str:
    connection = corpus.connection()
    if not _exists(connection, "article_tone"):
        connection.execute(
            f"""
            CREATE TEMP TABLE article_tone AS
            SELECT article_id, sum(greatest(word_count, 1) * sentiment) / sum(greatest(word_count, 1)) AS sentiment
            FROM sentences WHERE {SCORED_SENTENCES} GROUP BY article_id
            """
        )
    return "article_tone"


def sentiment_by_period(corpus: "Corpus", *, period: str = "M") -> pd.DataFrame:
    """Per period: articles, mean article sentiment, and the share of negative articles (dated articles only)."""
    tone, (periods, dtype) = _register_tone(corpus), article_periods(corpus, period=period)
    table = corpus.sql(
        f"""
        SELECT p.period, count(*) AS articles, avg(t.sentiment) AS sentiment,
               sum(CASE WHEN t.sentiment <= ? THEN 1 ELSE 0 END)::DOUBLE / count(*) AS negative_share
        FROM {tone} t JOIN {periods} p USING (article_id) GROUP BY p.period ORDER BY p.period
        """, [-NEUTRAL_BAND]
    )
    return table.astype({"period": dtype})


def sentiment_by_group(corpus: "Corpus", *, by: str = "category") -> pd.DataFrame:
    """Per value of an articles column (no value: ``(none)``): group, articles and mean article sentiment, most negative first."""
    tone, column = _register_tone(corpus), _column(corpus, "articles", by)
    return corpus.sql(
        f"""
        SELECT coalesce(CAST(a.{column} AS VARCHAR), '(none)') AS "group", count(*) AS articles, avg(t.sentiment) AS sentiment
        FROM {tone} t JOIN articles a USING (article_id) GROUP BY ALL ORDER BY sentiment, "group"
        """
    )


# --------------------------------------------------------------------------- what distinguishes two subsets


def word_counts(corpus: "Corpus", sides: pd.DataFrame | None = None) -> pd.DataFrame:
    """In-scope words without stopwords (``words_table``) counted per term: term, count_a, count_b
    (words in the articles ``sides`` marks ``a`` / ``b``: article_id, side) and count (every article)."""
    return _side_counts(corpus, WORDS_SQL, "term", sides)


def entity_counts(corpus: "Corpus", sides: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counted named mentions per ``name (LABEL)``: term, count_a, count_b, count (as :func:`word_counts`)."""
    view = prepare_named_mentions(corpus)
    return _side_counts(corpus, f"SELECT article_id, sentence_id, name || ' (' || label || ')' AS term FROM {view}", "term", sides)


def _side_counts(corpus: "Corpus", rows_sql: str, term: str, sides: pd.DataFrame | None) -> pd.DataFrame:
    connection = corpus.connection()
    by_sentence = sides is not None and "sentence_id" in sides
    sides = sides if sides is not None else pd.DataFrame({"article_id": pd.Series([], dtype="str"), "side": pd.Series([], dtype="str")})
    connection.register("count_sides", sides)
    keys = "article_id, sentence_id" if by_sentence else "article_id"
    try:
        return corpus.sql(
            f"""
            SELECT r.{term} AS term, count(*) FILTER (WHERE s.side = 'a') AS count_a, count(*) FILTER (WHERE s.side = 'b') AS count_b,
                   count(*) AS count
            FROM ({rows_sql}) r LEFT JOIN count_sides s USING ({keys}) WHERE r.{term} IS NOT NULL GROUP BY r.{term} ORDER BY term
            """
        )
    finally:
        connection.unregister("count_sides")


def compare_subsets(corpus: "Corpus", *, by: str = "category", a: str = "", b: str = "") -> Comparison:
    """:func:`utils.explore.compare.compare_subsets` out of core: the same subsets and fallback, the
    word and entity counts from DuckDB, the weighted log-odds from ``compare.weighted_log_odds``."""
    articles = corpus.sql("SELECT * FROM articles")
    choice = subset_articles(articles, by=by, a=a, b=b)
    if choice.in_a and choice.in_b:
        sides = pd.DataFrame({"article_id": [*sorted(choice.in_a), *sorted(choice.in_b)],
                              "side": ["a"] * len(choice.in_a) + ["b"] * len(choice.in_b)}).astype("str")
    else:  # the first half of the sentences holding a word (in corpus order) against the second
        sides = corpus.sql(
            f"""
            WITH keys AS (SELECT DISTINCT w.article_id, w.sentence_id, a.position FROM ({WORDS_SQL}) w JOIN articles a USING (article_id)),
            ranked AS (SELECT article_id, sentence_id, row_number() OVER (ORDER BY position, sentence_id) AS rank, count(*) OVER () AS total FROM keys)
            SELECT article_id, sentence_id, CASE WHEN rank <= total // 2 THEN 'a' ELSE 'b' END AS side FROM ranked
            """
        )
    terms, entities = word_counts(corpus, sides), entity_counts(corpus, sides)
    if not (choice.in_a and choice.in_b):  # a mention in a sentence without words is on side b, as in pandas
        for table in (terms, entities):
            table["count_b"] = table["count"] - table["count_a"]
    return Comparison(choice.label_a, choice.label_b, choice.how, _log_odds(terms), _log_odds(entities))


def _log_odds(counts: pd.DataFrame) -> pd.DataFrame:
    by_term = counts.set_index("term")
    table = weighted_log_odds(
        by_term.loc[by_term["count_a"] > 0, "count_a"], by_term.loc[by_term["count_b"] > 0, "count_b"], prior=by_term["count"]
    )
    return table.astype({"term": "str"})


# --------------------------------------------------------------------------- who is quoted


def _speakers_sql() -> str:
    """In-scope quotations, one row per credited speaker, with ``speaker_name`` as
    :func:`utils.explore.sources.speaker_names` gives it from the corpus identities (``entity_identity``) and ``unnamed`` (:func:`~utils.explore.sources.unnamed_voice_sql`)."""
    return f"""
        SELECT q.*, coalesce(e.name, CASE WHEN q.speaker = '' THEN '(no speaker found)' ELSE q.speaker END) AS speaker_name,
               {unnamed_voice_sql("q")} AS unnamed
        FROM {CREDITED_QUOTES_SQL} q LEFT JOIN entity_identity e ON e.article_id = q.article_id AND e.entity_id = q.speaker_entity_id
        WHERE q.in_scope
    """


def top_speakers(corpus: "Corpus", *, n: int = 10) -> pd.DataFrame:
    """The n named speakers with the most quoted words (unnamed, unfound and unresolved pronouns left
    out: :func:`utils.explore.sources.unnamed_voice`), each by its corpus name (one entity, one name
    across articles): speaker, quotes, quoted_words, articles."""
    prepare_named_mentions(corpus)  # entity_identity: the corpus name of every entity
    return corpus.sql(
        f"""
        SELECT speaker_name AS speaker, count(*) AS quotes, sum(word_count)::BIGINT AS quoted_words, count(DISTINCT article_id) AS articles
        FROM ({_speakers_sql()}) WHERE NOT unnamed AND speaker_name IS NOT NULL
        GROUP BY speaker_name ORDER BY quoted_words DESC, quotes DESC, speaker LIMIT ?
        """, [int(n)]
    )


def unnamed_share_by_group(corpus: "Corpus", *, by: str = "category") -> pd.DataFrame:
    """Per value of an articles column: group, in-scope quotations and the share whose speaker is
    unnamed, not found or an unresolved pronoun."""
    try:
        column = _column(corpus, "articles", by)
    except KeyError:  # as in pandas: no such column, no table
        return pd.DataFrame(columns=["group", "quotations", "unnamed_share"])
    return corpus.sql(
        f"""
        SELECT coalesce(CAST(a.{column} AS VARCHAR), '(none)') AS "group", count(*) AS quotations,
               sum(CASE WHEN {unnamed_voice_sql("q")} THEN 1 ELSE 0 END)::DOUBLE / count(*) AS unnamed_share
        FROM quotes q LEFT JOIN articles a USING (article_id) WHERE q.in_scope
        GROUP BY ALL ORDER BY unnamed_share DESC, "group"
        """
    )


# --------------------------------------------------------------------------- one article


def article_figures(corpus: "Corpus", article_id: str, *, n: int = TOP_ENTITIES) -> dict[str, Any]:
    """:func:`utils.explore.figures.corpus_article_figures` of one article: its tone (from its own
    sentences, by ``article_sentiment``), in-scope words, and its n most-mentioned named entities."""
    one = corpus.view([article_id])
    sentences = one.sql("SELECT in_scope, sentiment, word_count, textblob_polarity, vader_compound, sentiment_label, methods_disagree "
                        "FROM sentences ORDER BY sentence_id")
    tone = article_sentiment(sentences)
    words = one.sql("SELECT count(*) AS n FROM tokens WHERE in_scope AND (is_alpha OR like_num)")["n"].iloc[0]
    top = top_entities(one, n=n)
    return {
        "sentiment": _rounded(tone["sentiment"]),
        "sentiment_label": tone["sentiment_label"],
        "words": int(words),
        "top_entities": [[str(name), int(count)] for name, count in zip(top["name"], top["mentions"])],
    }


def top_keyphrases(corpus: "Corpus", *, n: int = 15, per_article: int = 10) -> pd.DataFrame:
    """The n key phrases that are among the ``per_article`` best of the most articles: rank, phrase, articles,
    occurrences (summed over those articles). Variants are one phrase (``keyphrases.phrase_key``: case, plural,
    possessive), and so are a person's names across articles (``keyphrases.person_keys``: "Trump", "Donald Trump",
    "Donald J. Trump"); each is shown in its most written full form. Ties: more occurrences, then the phrase."""
    from utils.pipeline.keyphrases import person_keys, phrase_key

    rows = corpus.sql("SELECT article_id, phrase, occurrences FROM keyphrases WHERE rank <= ?", [int(per_article)])
    columns = ["rank", "phrase", "articles", "occurrences"]
    if rows.empty:
        return pd.DataFrame({"rank": pd.Series(dtype="int64"), "phrase": pd.Series(dtype="str"),
                             "articles": pd.Series(dtype="int64"), "occurrences": pd.Series(dtype="int64")})[columns]
    people = corpus.sql("SELECT name, sum(mention_count)::BIGINT AS mentions FROM entities WHERE label = 'PERSON' AND is_named GROUP BY name")
    people = person_keys(people["name"].tolist(), mentions=people["mentions"].tolist())
    rows["own_key"] = [phrase_key(phrase) for phrase in rows["phrase"]]
    rows["key"] = [people.get(key, key) for key in rows["own_key"]]
    forms = rows.assign(full=rows["own_key"] == rows["key"]).groupby(["key", "phrase"]).agg(count=("article_id", "size"), full=("full", "max"))
    shown = forms.reset_index().sort_values(["key", "full", "count", "phrase"], ascending=[True, False, False, True])
    shown = shown.drop_duplicates("key").set_index("key")["phrase"]
    table = rows.groupby("key").agg(articles=("article_id", "nunique"), occurrences=("occurrences", "sum")).reset_index()
    table["phrase"] = table["key"].map(shown)
    table = table.sort_values(["articles", "occurrences", "phrase"], ascending=[False, False, True]).head(int(n))
    table["rank"] = range(1, len(table) + 1)
    return table[columns].astype({"articles": "int64", "occurrences": "int64"}).reset_index(drop=True)


def corpus_figures(corpus: "Corpus", *, n: int = TOP_ENTITIES) -> dict[str, Any]:
    """The corpus in a few figures (the report's corpus index shows them): articles, first and last
    date, distinct sources, the n most-mentioned named entities and the n speakers given the most quoted words."""
    summary = corpus.sql(
        "SELECT count(*) AS articles, min(date) AS first_date, max(date) AS last_date, "
        "count(DISTINCT nullif(trim(source), '')) AS sources FROM articles"
    ).iloc[0]
    top = top_entities(corpus, n=n)
    speakers = top_speakers(corpus, n=n)
    return {
        "articles": int(summary["articles"]),
        "first_date": None if pd.isna(summary["first_date"]) else pd.Timestamp(summary["first_date"]).date().isoformat(),
        "last_date": None if pd.isna(summary["last_date"]) else pd.Timestamp(summary["last_date"]).date().isoformat(),
        "sources": int(summary["sources"]),
        "top_entities": [[str(name), int(count)] for name, count in zip(top["name"], top["mentions"])],
        "top_speakers": [[str(name), int(words)] for name, words in zip(speakers["speaker"], speakers["quoted_words"])],
    }


def time_span(corpus: "Corpus", *, period: str = periods.AUTO) -> periods.TimeSpan:
    """The time the corpus (or a view) covers, as :func:`utils.explore.periods.time_span` reads its
    articles' dates: the period its charts over time count by (chosen from the span and number of the
    dated articles unless ``period`` sets it), the first and last periods, dated and undated articles."""
    return periods.time_span(corpus.sql("SELECT date FROM articles ORDER BY position")["date"], period=period)


def articles_with_dates(corpus: "Corpus") -> int:
    """How many articles carry a date."""
    return int(corpus.sql("SELECT count(date) AS n FROM articles")["n"].iloc[0])


__all__: Sequence[str] = (
    "article_figures", "article_tone", "corpus_figures", "articles_with_dates", "compare_subsets", "entity_cooccurrence", "entity_counts",
    "entity_mentions_by_period", "name_merges", "prepare_named_mentions", "sentiment_by_group", "sentiment_by_period", "time_span", "top_entities",
    "top_entities_by_group", "top_keyphrases", "top_speakers", "unnamed_share_by_group", "word_counts",
)
