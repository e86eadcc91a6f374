"""The one schema of every table: column names, pandas dtypes and Arrow types, whatever the content.

An all-empty column, an article with no entities or one in another language gives the same
types as the seed article, so caches and corpus parts always concatenate. ``conform`` casts a
DataFrame to its table's dtypes, ``arrow_table`` casts to its Arrow schema.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Sequence

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import pyarrow as pa

# pandas dtype name -> Arrow type name. "str" is pandas' string dtype (NaN for missing), stored as
# large_string; "boolean" is pandas' nullable boolean (a sentence out of scope has no value).
# "date" is a column of ``datetime.date`` values (pandas object dtype), stored as date32.
_ARROW_TYPES = {
    "str": "large_string", "int64": "int64", "float64": "float64", "bool": "bool_", "boolean": "bool_", "date": "date32",
}
_PANDAS_DTYPES = {"date": "object", "int_list": "object", "span_list": "object"}  # lists: Python lists in pandas

TABLE_DTYPES: dict[str, dict[str, str]] = {
    "paragraphs": {
        "paragraph_id": "int64", "kind": "str", "language": "str", "credit": "str", "in_scope": "bool",
        "text": "str", "start_char": "int64", "end_char": "int64",
    },
    "sentences": {
        "sentence_id": "int64", "paragraph_id": "int64", "paragraph_kind": "str", "language": "str",
        "in_scope": "bool", "text": "str", "start_char": "int64", "end_char": "int64", "duplicate_of": "int64",
        "textblob_polarity": "float64", "textblob_subjectivity": "float64", "vader_compound": "float64",
        "vader_pos": "float64", "vader_neu": "float64", "vader_neg": "float64", "sentiment": "float64",
        "sentiment_label": "str", "methods_disagree": "boolean", "evidence": "str", "word_count": "int64",
    },
    "tokens": {
        "token_id": "int64", "sentence_id": "int64", "paragraph_id": "int64", "text": "str", "lower": "str",
        "lemma": "str", "pos": "str", "tag": "str", "is_stop": "bool", "is_punct": "bool", "is_alpha": "bool",
        "like_num": "bool", "ent_iob": "str", "ent_type": "str", "in_scope": "bool", "start_char": "int64",
        "end_char": "int64",
    },
    "mentions": {
        "mention_id": "int64", "sentence_id": "int64", "paragraph_id": "int64", "paragraph_kind": "str",
        "entity_id": "int64", "text": "str", "name": "str", "role": "str", "label": "str", "model_label": "str",
        "group": "str", "is_named": "bool", "source": "str", "merge_rule": "str", "correction": "str",
        "position": "float64", "counted": "bool", "start_char": "int64", "end_char": "int64",
        "is_pronoun": "bool", "antecedent_mention_id": "int64", "link_rule": "str",
        "target_sentiment": "float64", "target_label": "str", "target_evidence": "str",
    },
    "entities": {
        "entity_id": "int64", "name": "str", "label": "str", "group": "str", "is_named": "bool",
        "mention_count": "int64", "aliases": "str", "roles": "str", "sentence_count": "int64",
        "sentence_ids": "str", "in_lead": "bool", "salience": "float64", "first_char": "int64",
        "last_char": "int64", "target_sentiment_mean": "float64", "target_sentiment_std": "float64",
        "target_sentiment_count": "int64", "target_positive": "int64", "target_negative": "int64",
        "target_label": "str", "named_mention_count": "int64", "pronoun_mention_count": "int64",
        "quote_count": "int64", "quoted_words": "int64",
    },
    "quotes": {
        "quote_id": "int64", "kind": "str", "text": "str", "start_char": "int64", "end_char": "int64",
        "sentence_ids": "int_list", "paragraph_id": "int64", "speaker": "str", "speaker_entity_id": "int64",
        "speaker_entity_ids": "int_list", "speaker_start": "int64", "speaker_end": "int64", "speaker_kind": "str", "speaker_rule": "str",
        "cue": "str", "cue_lemma": "str", "cue_start": "int64", "cue_end": "int64", "quoted_fragments": "span_list",
        "in_scope": "bool", "word_count": "int64", "textblob_polarity": "float64", "vader_compound": "float64",
        "sentiment": "float64", "sentiment_label": "str", "evidence": "str",
    },
    "keyphrases": {
        "rank": "int64", "phrase": "str", "score": "float64", "occurrences": "int64", "start_char": "int64", "end_char": "int64",
    },
    # corpus only: one row per analysed article, and one per file or row left out
    "articles": {
        "article_id": "str", "record_id": "str", "position": "int64", "origin": "str", "title": "str",
        "date": "date", "source": "str", "category": "str", "url": "str", "author": "str", "language": "str",
        "paragraphs": "int64", "characters": "int64",
    },
    "problems": {"origin": "str", "record_id": "str", "kind": "str", "reason": "str", "duplicate_of": "str"},
}

CORPUS_ONLY = ("articles", "problems")  # tables of a corpus run, not of one article


def pandas_dtypes(name: str) -> dict[str, str]:
    """Column -> pandas dtype of table ``name``."""
    return {column: _PANDAS_DTYPES.get(dtype, dtype) for column, dtype in TABLE_DTYPES[name].items()}


def conform(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """``frame`` with exactly the columns of table ``name``, in order, cast to its dtypes (a missing column is an error)."""
    columns, dtypes = _columns_and_dtypes(name)
    if frame.columns.tolist() != columns:
        missing = [column for column in columns if column not in frame.columns]
        if missing:
            raise ValueError(f"table {name} lacks columns {missing}")
        frame = frame[columns]
    # frame.dtypes once: frame[column] per column builds a Series each time (most of conform's cost)
    changed = {column: wanted for column, wanted, dtype in zip(columns, dtypes, frame.dtypes.tolist()) if str(dtype) != wanted}
    return frame.astype(changed) if changed else frame


@functools.lru_cache(maxsize=None)
def _columns_and_dtypes(name: str) -> tuple[list[str], list[str]]:
    """Table ``name``'s columns and their pandas dtypes, in order (``conform`` runs per table and article: built once). Read only."""
    return list(_dtypes(name)), list(_dtypes(name).values())


def typed_frame(columns: dict[str, Sequence], table: str, *, index: pd.Index | None = None) -> pd.DataFrame:
    """A DataFrame of ``columns`` (name -> values, all of one length; any columns of table ``table``), each
    built once with its dtype in that table (``pandas_dtypes``): no type inference, no cast afterwards."""
    dtypes = _dtypes(table)
    return pd.DataFrame({column: _typed_array(values, dtypes[column]) for column, values in columns.items()}, index=index, copy=False)


@functools.lru_cache(maxsize=None)
def _dtypes(name: str) -> dict[str, str]:
    """``pandas_dtypes(name)``, built once (read only)."""
    return pandas_dtypes(name)


def _typed_array(values: Sequence, dtype: str):
    if dtype in ("int64", "float64", "bool"):
        return np.asarray(values, dtype=dtype)
    if dtype == "object":  # Python lists or dates, one per row: never a two-dimensional array
        array = np.empty(len(values), dtype=object)
        for index, value in enumerate(values):
            array[index] = value
        return array
    return pd.array(values, dtype=_extension_dtype(dtype))


@functools.lru_cache(maxsize=None)
def _extension_dtype(dtype: str):
    """The dtype object of a name ("str", "boolean"): ``pd.array`` resolves a name on every call."""
    return pd.api.types.pandas_dtype(dtype)


def _arrow_type(dtype: str) -> "pa.DataType":
    import pyarrow as pa

    if dtype == "int_list":  # sentence ids of a quotation, its speaker's entities
        return pa.list_(pa.int64())
    if dtype == "span_list":  # (start, end) pairs of a quotation's quoted fragments
        return pa.list_(pa.list_(pa.int64()))
    return getattr(pa, _ARROW_TYPES[dtype])()


@functools.lru_cache(maxsize=None)
def arrow_schema(name: str, *, article_id: bool = False) -> "pa.Schema":
    """The Arrow schema of table ``name`` (with ``article_id``: first, as in corpus parts, except ``CORPUS_ONLY`` tables)."""
    import pyarrow as pa

    fields = [pa.field(column, _arrow_type(dtype)) for column, dtype in TABLE_DTYPES[name].items()]
    if article_id and name not in CORPUS_ONLY:
        fields.insert(0, pa.field("article_id", pa.string()))
    return pa.schema(fields)


def arrow_table(table: "pd.DataFrame | pa.Table", name: str, *, article_id: bool = False) -> "pa.Table":
    """Table ``name`` as an Arrow table of exactly its schema (pandas dtypes kept in the metadata)."""
    import pyarrow as pa

    if isinstance(table, pa.Table):
        schema = arrow_schema(name, article_id=article_id)
        metadata = table.schema.metadata
        if not table.schema.equals(schema):  # already of its schema (metadata aside): nothing to cast
            table = table.select(schema.names).cast(schema)
        kept = metadata if metadata and not article_id else None
        return table if table.schema.metadata == kept else table.replace_schema_metadata(kept)
    frame = conform(table, name)
    schema = _arrow_schema_with_pandas_metadata(name)
    # Column by column from the arrays (as ``Table.from_pandas`` does, without its per-call
    # inspection of the frame, 4-6x slower on an article's small tables); the pandas metadata
    # (dtypes for ``to_pandas``) is the same for every frame of a table's fixed dtypes.
    arrays = [
        pa.array(values.to_numpy() if isinstance(values, pd.arrays.NumpyExtensionArray) else values, type=field.type, from_pandas=True)
        for values, field in zip(_column_arrays(frame), schema)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def _column_arrays(frame: pd.DataFrame):
    """The frame's column arrays in order, without building a Series per column (15x faster on small frames)."""
    if hasattr(frame, "_iter_column_arrays"):  # pandas' own iterator (private; pandas is pinned)
        return frame._iter_column_arrays()
    return (series.array for _, series in frame.items())


@functools.lru_cache(maxsize=None)
def _arrow_schema_with_pandas_metadata(name: str) -> "pa.Schema":
    """Table ``name``'s Arrow schema with the pandas metadata ``Table.from_pandas`` gives a frame of its dtypes."""
    import pyarrow as pa

    return pa.Table.from_pandas(empty_frame(name), schema=arrow_schema(name), preserve_index=False).schema


def empty_frame(name: str, *, article_id: bool = False) -> pd.DataFrame:
    """An empty DataFrame of table ``name``'s columns and dtypes."""
    columns = {"article_id": "str"} if article_id and name not in CORPUS_ONLY else {}
    columns |= pandas_dtypes(name)
    return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in columns.items()})
