"""What the quotation rules look up per document, built once per ``quote_table`` call: the parse, the
text, sentence bounds and scope, token offsets and running word counts (words between two tokens in
constant time), the named mentions in text order (the entity and label holding a token) and, on
first use, the pronoun links of ``utils.pipeline.pronouns``. ``quote_cues``, ``quote_speakers`` and
``quotes`` take it as their ``context``.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np
import pandas as pd
from spacy.tokens import Doc, Token

from utils.pipeline import pronouns


def column_ints(frame: pd.DataFrame, column: str) -> list[int]:
    """A column as a list of Python ints, without a cast copy of the Series."""
    return frame[column].to_numpy(dtype="int64").tolist()


class QuoteContext:
    """Everything per document the rules look up: sentence bounds, word counts, cues, mentions."""

    def __init__(self, doc: Doc, sentences: pd.DataFrame, mentions: pd.DataFrame, *, text: str | None = None):
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text joins every token on each access: read it once
        self.sentence_ids = column_ints(sentences, "sentence_id")
        self.sentence_starts = column_ints(sentences, "start_char")
        self.sentence_ends = column_ints(sentences, "end_char")
        self.sentence_in_scope = sentences["in_scope"].to_numpy(dtype=bool).tolist()
        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE

        array = doc.to_array([IDX, IS_PUNCT, IS_SPACE]).astype("int64")
        self.token_starts = array[:, 0]
        self.words = np.concatenate([[0], np.cumsum(1 - np.maximum(array[:, 1], array[:, 2]))])
        self.mentions = mentions
        self.mention_rows = []
        if len(mentions):  # the named mentions in text order (stable), from the column arrays
            named = mentions["is_named"].to_numpy(dtype=bool)
            starts = mentions["start_char"].to_numpy(dtype="int64")[named]
            order = np.argsort(starts, kind="stable")
            self.mention_rows = list(zip(starts[order].tolist(), mentions["end_char"].to_numpy(dtype="int64")[named][order].tolist(),
                                         mentions["entity_id"].to_numpy(dtype="int64")[named][order].tolist(),
                                         [str(label) for label in mentions["label"].to_numpy(dtype=object)[named][order]]))
        self.mention_starts = [row[0] for row in self.mention_rows]
        self.entity_labels = {entity_id: label for _, _, entity_id, label in self.mention_rows}
        self._links: dict | None = None
        self.sentences = sentences

    def links(self) -> dict:
        """Token index → pronoun link (``utils.pipeline.pronouns``), resolved on first use."""
        if self._links is None:
            self._links = pronouns.resolve_pronouns(self.doc, self.sentences, self.mentions) if len(self.mentions) else {}
        return self._links

    def sentence_index(self, char: int) -> int:
        """Index of the sentence holding the character offset."""
        return max(bisect_right(self.sentence_starts, char) - 1, 0)

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """[first, last] token indices of the tokens starting inside [start, end)."""
        first = int(self.token_starts.searchsorted(start, side="left"))
        last = int(self.token_starts.searchsorted(end, side="left")) - 1
        return first, max(last, first)

    def word_count(self, first: int, last: int) -> int:
        """Words (not punctuation) among tokens first..last inclusive."""
        if last < first:
            return 0
        return int(self.words[last + 1] - self.words[first])

    def sentence_tokens(self, index: int) -> tuple[int, int]:
        """[first, last] token indices of a sentence."""
        return self.token_range(self.sentence_starts[index], self.sentence_ends[index])

    def entity_at(self, token: Token) -> int:
        """Entity id of the named mention holding this token, -1 if none."""
        position = bisect_right(self.mention_starts, token.idx) - 1
        if position >= 0:
            start, end, entity_id, _ = self.mention_rows[position]
            if start <= token.idx < end:
                return entity_id
        return -1

    def label_at(self, token: Token) -> str:
        """Label of the named mention holding this token, "" if none."""
        position = bisect_right(self.mention_starts, token.idx) - 1
        if position >= 0:
            start, end, _, label = self.mention_rows[position]
            if start <= token.idx < end:
                return label
        return ""
