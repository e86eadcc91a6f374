"""The search index of a corpus: tantivy, built from the corpus tables, stored beside them.

One index, two kinds of documents:

- an **article** document per article: ``body`` (its sentences, one value each, so an exact phrase
  never spans two sentences: tantivy leaves a one-position gap between values), ``title``,
  ``source``, ``category``, ``entity`` (the names and aliases of the named entities it mentions),
  ``speaker`` (of the speakers it quotes, a pronoun speaker counting for the entity it refers to)
  and ``day`` (its date, days since 1970-01-01);
- a **sentence** document per sentence: ``text`` (stored, with ``start``/``end`` offsets),
  ``entity`` and ``speaker`` (named in it, quoted in it): what picks and shows the matching
  sentences (hits and KWIC lines).

The index lives in ``corpus-<key>/search/`` (or ``$NEWS_SEARCH_DIR/corpus-<key>/`` when the corpus
folder is read-only), is written in a staged folder and is rebuilt when the corpus run or the index
code (this module and ``query.py``) changes; otherwise it is reused.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from utils import config
from utils.pipeline.speakers import CREDITED_QUOTES_SQL
from utils.search.query import And, DateRange, Everything, Keyword, Node, Not, Or, Text, analyzer, keyword_analyzer
from utils.store import MANIFEST, code_digest, staged_folder

if TYPE_CHECKING:
    import pandas as pd
    import tantivy

    from utils.corpus_tables import CorpusTables

INDEX_FOLDER = "search"
SEARCH_DIR_ENV_VAR = config.SEARCH_DIR_ENV_VAR
INDEX_CODE = ("search/index.py", "search/query.py")  # the code that shapes the index: a change rebuilds it
EPOCH = dt.date(1970, 1, 1)
WRITER_HEAP = 128_000_000  # bytes of tantivy's indexing buffer
NAMES_FILE = "names.json"
ARTICLES_FILE = "articles.parquet"  # article_id, title, date, source, category, in index order


def index_folder(corpus: "CorpusTables") -> Path:
    """Where the corpus's index lives: ``corpus-<key>/search``, or ``$NEWS_SEARCH_DIR/corpus-<key>`` when set."""
    root = config.search_dir()
    return root / corpus.path.name if root else corpus.path / INDEX_FOLDER


def index_stamp(corpus: "CorpusTables") -> dict:
    """What the index was built from: the corpus run (key, time, rows) and the index code."""
    import tantivy

    manifest = corpus.manifest
    return {
        "corpus_key": manifest.get("key"),
        "corpus_created": manifest.get("created"),
        "corpus_rows": manifest.get("rows"),
        "code": code_digest(Path(__file__).resolve().parents[1], INDEX_CODE)[:16],
        "tantivy": getattr(tantivy, "__version__", ""),
    }


@dataclass
class SearchIndex:
    """An opened index: the tantivy index, article ids by index number, related entity names."""

    folder: Path
    index: "tantivy.Index"
    articles: "pd.DataFrame"  # article_id, title, date, source, category by article number
    names: dict[str, list[str]]
    manifest: dict
    reused: bool
    positions: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.article_ids = self.articles["article_id"].tolist()
        self.positions = {article_id: number for number, article_id in enumerate(self.article_ids)}

    @property
    def schema(self):
        return self.index.schema

    def searcher(self):
        return self.index.searcher()

    def related(self, field_name: str, value: str) -> list[str]:
        """The names an ``entity:``/``speaker:`` value stands for: itself, the aliases of entities with that name,
        and the names of entities written with that alias (one hop each way, across the corpus)."""
        return sorted({value, *self.names.get(value, ())})


_OPENED: dict[Path, tuple[str, SearchIndex]] = {}
_LOCK = threading.Lock()


def open_index(corpus: "CorpusTables", *, rebuild: bool = False) -> SearchIndex:
    """The corpus's index, built first when it is missing, stale (corpus or index code changed) or ``rebuild``."""
    folder = index_folder(corpus)
    stamp = index_stamp(corpus)
    with _LOCK:
        manifest = _read_manifest(folder)
        fresh = manifest is not None and {key: manifest.get(key) for key in stamp} == stamp
        reused = fresh and not rebuild
        if not reused:
            build_index(corpus, folder, stamp=stamp)
            manifest = _read_manifest(folder)
        text = json.dumps(manifest, sort_keys=True)
        cached = _OPENED.get(folder)
        if cached is not None and cached[0] == text:
            cached[1].reused = reused
            return cached[1]
        opened = _open(folder, manifest, reused=reused)
        _OPENED[folder] = (text, opened)
        return opened


def _read_manifest(folder: Path) -> dict | None:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _open(folder: Path, manifest: dict, *, reused: bool) -> SearchIndex:
    import tantivy

    index = tantivy.Index.open(str(folder / "tantivy"))
    _register_tokenizers(index)
    import pandas as pd

    articles = pd.read_parquet(folder / ARTICLES_FILE)
    dates = [None if value is None or pd.isna(value) else value.date() if isinstance(value, dt.datetime) else value for value in articles["date"]]
    articles["date"] = pd.Series(dates, index=articles.index, dtype=object)  # datetime.date, as in the articles table
    names = json.loads((folder / NAMES_FILE).read_text(encoding="utf-8"))
    return SearchIndex(folder, index, articles, names, manifest, reused)


def _register_tokenizers(index) -> None:
    index.register_tokenizer("news", analyzer())
    index.register_tokenizer("keyword", keyword_analyzer())


def schema():
    """The index schema (see the module docstring)."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("kind", tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("article", indexed=True, fast=True)
    builder.add_integer_field("sentence", indexed=True, fast=True)
    builder.add_integer_field("start", fast=True, stored=True)
    builder.add_integer_field("end", fast=True, stored=True)
    builder.add_integer_field("day", indexed=True, fast=True)
    builder.add_text_field("body", tokenizer_name="news", index_option="position")
    builder.add_text_field("title", tokenizer_name="news", index_option="position")
    builder.add_text_field("text", tokenizer_name="news", index_option="position", stored=True)
    for name in ("source", "category", "entity", "speaker"):
        builder.add_text_field(name, tokenizer_name="keyword", index_option="basic")
    return builder.build()


# --------------------------------------------------------------------------- building

_NORMAL = "regexp_replace(lower(trim({})), '\\s+', ' ', 'g')"

ENTITY_NAMES_SQL = f"""
WITH named AS (SELECT article_id, entity_id, name, aliases FROM entities WHERE is_named)
SELECT article_id, entity_id, {_NORMAL.format('name')} AS value FROM named
UNION
SELECT article_id, entity_id, {_NORMAL.format('alias')} AS value
FROM (SELECT article_id, entity_id, unnest(string_split(aliases, '; ')) AS alias FROM named WHERE aliases IS NOT NULL AND aliases <> '')
"""


def build_index(corpus: "CorpusTables", folder: Path, *, stamp: dict | None = None) -> dict:
    """Write the index of the whole corpus (a view's corpus too) into ``folder`` (staged); returns its manifest."""
    import tantivy

    whole = corpus.whole()
    connection = whole.connection()
    started = time.perf_counter()
    articles = connection.execute("SELECT article_id, title, date, source, category FROM articles ORDER BY position").fetchall()
    number = {row[0]: index for index, row in enumerate(articles)}
    connection.execute(f"CREATE OR REPLACE TEMP TABLE entity_values AS {ENTITY_NAMES_SQL}")
    article_entities = _lists(connection, "SELECT article_id, list(DISTINCT value) FROM entity_values GROUP BY article_id")
    sentence_entities = _pair_lists(connection, """
        SELECT m.article_id, m.sentence_id, list(DISTINCT v.value)
        FROM mentions m JOIN entity_values v ON v.article_id = m.article_id AND v.entity_id = m.entity_id
        WHERE m.is_named GROUP BY m.article_id, m.sentence_id""")
    speaker_rows = f"""
        SELECT q.article_id, q.sentence_ids, v.value FROM {CREDITED_QUOTES_SQL} q
        JOIN entity_values v ON v.article_id = q.article_id AND v.entity_id = q.speaker_entity_id
        UNION ALL
        SELECT article_id, sentence_ids, {_NORMAL.format('speaker')} FROM {CREDITED_QUOTES_SQL}
        WHERE speaker_entity_id < 0 AND speaker_kind = 'named' AND speaker IS NOT NULL AND speaker <> ''"""
    article_speakers = _lists(connection, f"SELECT article_id, list(DISTINCT value) FROM ({speaker_rows}) GROUP BY article_id")
    sentence_speakers = _pair_lists(connection, f"""
        SELECT article_id, sentence_id, list(DISTINCT value)
        FROM (SELECT article_id, unnest(sentence_ids) AS sentence_id, value FROM ({speaker_rows})) GROUP BY article_id, sentence_id""")
    names = _related_names(connection)

    index_schema = schema()
    with staged_folder(folder) as staging:
        (staging / "tantivy").mkdir()
        index = tantivy.Index(index_schema, path=str(staging / "tantivy"))
        _register_tokenizers(index)
        writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
        bodies: dict[str, list[str]] = {}
        sentence_count = 0
        result = connection.execute("SELECT article_id, sentence_id, text, start_char, end_char FROM sentences")
        while batch := result.fetchmany(20_000):
            for article_id, sentence_id, text, start, end in batch:
                article = number.get(article_id)
                if article is None or text is None:
                    continue
                document = tantivy.Document()
                document.add_text("kind", "sentence")
                document.add_unsigned("article", article)
                document.add_integer("sentence", sentence_id)
                document.add_integer("start", start)
                document.add_integer("end", end)
                document.add_text("text", text)
                for value in sentence_entities.get((article_id, sentence_id), ()):
                    document.add_text("entity", value)
                for value in sentence_speakers.get((article_id, sentence_id), ()):
                    document.add_text("speaker", value)
                writer.add_document(document)
                bodies.setdefault(article_id, []).append(text)
                sentence_count += 1
        for article, (article_id, title, date, source, category) in enumerate(articles):
            document = tantivy.Document()
            document.add_text("kind", "article")
            document.add_unsigned("article", article)
            document.add_integer("sentence", -1)
            for text in bodies.pop(article_id, ()):
                document.add_text("body", text)
            if title:
                document.add_text("title", title)
            for name, value in (("source", source), ("category", category)):
                if value is not None and str(value).strip():
                    document.add_text(name, " ".join(str(value).split()))
            if date is not None:
                document.add_integer("day", (date - EPOCH).days)
            for value in article_entities.get(article_id, ()):
                document.add_text("entity", value)
            for value in article_speakers.get(article_id, ()):
                document.add_text("speaker", value)
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        _write_articles(articles, staging / ARTICLES_FILE)
        (staging / NAMES_FILE).write_text(json.dumps(names), encoding="utf-8")
        manifest = (stamp or index_stamp(corpus)) | {
            "articles": len(articles), "sentences": sentence_count, "seconds": round(time.perf_counter() - started, 2),
            "built": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def _write_articles(articles: list[tuple], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = ["article_id", "title", "date", "source", "category"]
    types = [pa.string(), pa.string(), pa.date32(), pa.string(), pa.string()]
    pq.write_table(pa.table({name: pa.array([row[i] for row in articles], type=kind) for i, (name, kind) in enumerate(zip(columns, types))}), path)


def _lists(connection, sql: str) -> dict[str, list[str]]:
    return {key: values for key, values in connection.execute(sql).fetchall()}


def _pair_lists(connection, sql: str) -> dict[tuple[str, int], list[str]]:
    return {(article_id, sentence_id): values for article_id, sentence_id, values in connection.execute(sql).fetchall()}


def _related_names(connection) -> dict[str, list[str]]:
    """Across the corpus: each entity name → its aliases, and each alias → the names it was an alias of."""
    pairs = connection.execute("""
        SELECT DISTINCT n.value, a.value FROM entity_values n JOIN entity_values a
        ON a.article_id = n.article_id AND a.entity_id = n.entity_id AND a.value <> n.value""").fetchall()
    related: dict[str, set[str]] = {}
    for name, alias in pairs:
        related.setdefault(name, set()).add(alias)
    return {name: sorted(values) for name, values in related.items()}


# --------------------------------------------------------------------------- compiling a query


def compile_query(node: Node, index: SearchIndex, *, level: str = "article"):
    """Our query tree as a tantivy query over article documents (``level="article"``) or sentence documents."""
    import tantivy

    Query, Occur = tantivy.Query, tantivy.Occur
    schema_ = index.schema
    if isinstance(node, Everything):
        return Query.all_query()
    if isinstance(node, And):
        musts = [compile_query(child, index, level=level) for child in node.children if not isinstance(child, Not)]
        nots = [compile_query(child.child, index, level=level) for child in node.children if isinstance(child, Not)]
        clauses = [(Occur.Must, query) for query in musts or [Query.all_query()]] + [(Occur.MustNot, query) for query in nots]
        return Query.boolean_query(clauses)
    if isinstance(node, Or):
        return Query.boolean_query([(Occur.Should, compile_query(child, index, level=level)) for child in node.children])
    if isinstance(node, Not):
        return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, compile_query(node.child, index, level=level))])
    if isinstance(node, DateRange):
        if level != "article":
            return Query.empty_query()
        low = None if node.low is None else (node.low - EPOCH).days
        high = None if node.high is None else (node.high - EPOCH).days
        if low is None and high is None:
            return Query.exists_query("day")
        return Query.range_query(schema_, "day", tantivy.FieldType.Integer, low, high)
    if isinstance(node, Keyword):
        if level != "article" and node.field not in ("entity", "speaker"):
            return Query.empty_query()
        if node.pattern is not None:
            return Query.regex_query(schema_, node.field, node.pattern)
        values = index.related(node.field, node.value) if node.field in ("entity", "speaker") else [node.value]
        return Query.term_set_query(schema_, node.field, values) if len(values) > 1 else Query.term_query(schema_, node.field, values[0])
    if isinstance(node, Text):
        fields = {"any": ("body", "title"), "text": ("body",), "title": ("title",)}[node.field]
        if level != "article":
            fields = ("text",) if "body" in fields else ()
        queries = [_text_query(node, schema_, name) for name in fields]
        if not queries:
            return Query.empty_query()
        return queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Should, query) for query in queries])
    raise TypeError(f"not a query node: {node!r}")


def _text_query(node: Text, schema_, field_name: str):
    import tantivy

    if node.pattern is not None:
        return tantivy.Query.regex_query(schema_, field_name, node.pattern)
    if len(node.tokens) == 1:
        return tantivy.Query.term_query(schema_, field_name, node.tokens[0])
    return tantivy.Query.phrase_query(schema_, field_name, list(node.tokens), slop=node.slop)


def kind_filter(index: SearchIndex, kind: str, query, *, articles: Iterable[int] | None = None):
    """``query`` limited to documents of ``kind`` (and to some article numbers)."""
    import tantivy

    Query, Occur = tantivy.Query, tantivy.Occur
    clauses = [(Occur.Must, query), (Occur.Must, Query.term_query(index.schema, "kind", kind))]
    if articles is not None:
        clauses.append((Occur.Must, Query.term_set_query(index.schema, "article", sorted(set(articles)) or [2**63])))
    return Query.boolean_query(clauses)
