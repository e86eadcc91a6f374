"""The keyphrases table: an article's key phrases, ranked, with the offsets of each one's first occurrence.

Chosen by measurement on the 500N-KPCrowd news stories (docs/methods-stories.md,
``python -m evaluation.keyphrases_eval``): the plain top n-grams (``ngrams``, most frequent
first, no stopword at either end) scored F1@10 0.173 on the train split against YAKE's 0.168 (its
best setting, one word), at a fraction of the time, and TextRank, SGRank (textacy) and PyTextRank
did worse on the test split; one-word phrases scored best for both kept methods (the crowd's key
phrases are mostly single words). YAKE (Campos et al., 2020) stays available as ``method="yake"``.
Only paragraphs in scope are read; a phrase's offsets point into ``analysis.text``.
"""

from __future__ import annotations

import functools
import re
from typing import Sequence

import pandas as pd

TOP_KEYPHRASES = 15  # rows per article (notebooks show the top 10)
MAX_WORDS = 1  # the longest phrase, in words (chosen on the train split: 1, 2, 3 words tried)
DEDUPLICATION = 0.9  # YAKE's dedupLim: a candidate this similar to a kept one is dropped (chosen on the train split)
METHODS = ("yake", "ngrams")

KEYPHRASE_COLUMNS = ["rank", "phrase", "score", "occurrences", "start_char", "end_char"]

_WORD = re.compile(r"\w+(?:['’]\w+)*")

# Verbs that introduce what someone said: frequent in every news story, key to none. Left out of the
# n-grams: KPCrowd F1@10 train 0.1726 -> 0.1759 (59 stories better, 17 worse), test 0.1773 -> 0.1780
# (4 better, 2 worse); docs/methods-stories.md
REPORTING_VERBS = frozenset({"said", "says", "say", "saying", "told", "tells", "tell", "added", "adds", "according", "stated", "asked"})


def keyphrase_table(text: str, spans: Sequence[tuple[int, int]], *, n: int = TOP_KEYPHRASES, method: str = "ngrams") -> pd.DataFrame:
    """The ``n`` key phrases of the parts ``spans`` of ``text``, best first.

    Returns ``rank`` (1 = best), ``phrase`` (as first written), ``score`` (higher is better: the count
    for ``ngrams``, 1 − YAKE's score for ``yake``), ``occurrences`` (case-insensitive, whole words) and
    ``start_char``/``end_char`` of the first occurrence in ``text``.
    """
    pieces = [(start, text[start:end]) for start, end in spans if end > start and text[start:end].strip()]
    body = "\n\n".join(piece for _, piece in pieces)
    if not _WORD.search(body):
        return empty_keyphrases()
    if method == "yake":
        ranked = yake_phrases(body, n=n)
    elif method == "ngrams":
        ranked = top_ngrams(body, n=n, skip=REPORTING_VERBS)
    else:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    rows = []
    for phrase, score in ranked:
        pattern = phrase_pattern(phrase)
        first, occurrences = None, 0
        for offset, piece in pieces:
            matches = list(pattern.finditer(piece))
            if matches and first is None:
                first = (offset + matches[0].start(), offset + matches[0].end())
            occurrences += len(matches)
        if first is None:  # YAKE normalises some spacing: a phrase not found as written is left out
            continue
        rows.append({"phrase": text[first[0]:first[1]], "score": score, "occurrences": occurrences,
                     "start_char": first[0], "end_char": first[1]})
    frame = pd.DataFrame(rows, columns=KEYPHRASE_COLUMNS[1:])
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


def empty_keyphrases() -> pd.DataFrame:
    """A keyphrases table with no rows."""
    return pd.DataFrame({column: pd.Series(dtype="int64" if column in ("rank", "occurrences", "start_char", "end_char")
                                           else "float64" if column == "score" else "str") for column in KEYPHRASE_COLUMNS})


@functools.lru_cache(maxsize=4096)  # the same words are key phrases of many articles; re's own cache keeps 512 patterns
def phrase_pattern(phrase: str) -> re.Pattern:
    """A case-insensitive whole-word pattern for ``phrase``, any punctuation or space between its words."""
    words = _WORD.findall(phrase)
    return re.compile(r"(?<!\w)" + r"\W+".join(re.escape(word) for word in words) + r"(?!\w)", re.IGNORECASE)


def yake_phrases(text: str, *, n: int = TOP_KEYPHRASES, max_words: int = MAX_WORDS, deduplication: float = DEDUPLICATION) -> list[tuple[str, float]]:
    """YAKE's best ``n`` phrases of ``text`` as (phrase, 1 − YAKE score), best first."""
    import yake

    extractor = yake.KeywordExtractor(lan="en", n=max_words, dedupLim=deduplication, top=n)
    return [(phrase, 1.0 - float(score)) for phrase, score in extractor.extract_keywords(text)]


def top_ngrams(text: str, *, n: int = TOP_KEYPHRASES, max_words: int = MAX_WORDS, skip: frozenset[str] = frozenset()) -> list[tuple[str, float]]:
    """The baseline: the ``n`` most frequent 1- to ``max_words``-grams of a sentence (no stopword at either end,
    not all digits), ties by first occurrence, as (phrase, count)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    counts: dict[str, int] = {}
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        words = [word.casefold() for word in _WORD.findall(sentence)]
        for size in range(1, max_words + 1):
            for start in range(len(words) - size + 1):
                gram = words[start:start + size]
                if gram[0] in STOP_WORDS or gram[-1] in STOP_WORDS or gram[0] in skip or gram[-1] in skip or all(word.isdigit() for word in gram):
                    continue
                key = " ".join(gram)
                counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])  # stable: ties keep first occurrence
    return [(phrase, float(count)) for phrase, count in ranked[:n]]
