"""Sentiment at every level, with the words that drove it and what the text says of each entity.

- **Names are not evidence**: the words of named mentions (``MASKED_LABELS``) are masked before
  any score (``mask_text``): "Great Western Railway", "the United States", "Apple".
- **Sentences**: TextBlob (pattern lexicon) and VADER (its lexicon with ``NEWS_LEXICON``) score each
  in-scope sentence; ``sentiment`` is their weighted mix (``combine``; VADER alone, as measured
  best on NewsMTSC), ``sentiment_label`` uses ±``NEUTRAL_BAND``, and
  ``methods_disagree`` flags a sentence where one method is clearly positive and the other clearly
  negative.
- **Evidence**: the lexicon words behind each score, with their lexicon value and their value
  after negation, intensifiers and "but" (``evidence_table``, and the ``evidence`` string column).
- **Paragraphs and the article**: length-weighted means of sentence scores (``paragraph_sentiment``,
  ``article_sentiment``), never a whole text scored as one string (VADER's compound saturates on
  long texts).
- **Targets**: each mention's ``target_sentiment`` is the sum of the sentence's word valences
  weighted by their distance from the mention in the dependency tree, arcs into another clause
  counting extra and a speaker's reported words not at all (``target_contributions``); entities
  get the mean, count and spread (``add_entity_sentiment``). The target constants below were
  chosen by hand on a 2,000-sentence sample of NewsMTSC (``evaluation.sentiment_eval``; README).
"""

from __future__ import annotations

import bisect
import functools
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
from spacy.tokens import Doc, Span

from utils.pipeline.schema import typed_frame

SENTIMENT_COLUMNS = [
    "textblob_polarity", "textblob_subjectivity", "vader_compound", "vader_pos", "vader_neu", "vader_neg",
    "sentiment", "sentiment_label", "methods_disagree", "evidence",
]
# VADER's share in the headline ``sentiment`` (``combine``): 1.0, VADER (with NEWS_LEXICON) alone. On the
# NewsMTSC tuning sample shares 0, 0.1, ..., 1 gave sentence-level macro-F1 up to 0.5435 (0.6) and
# 0.5434 (1.0); within 0.002 of the best the target-level proxy decides (1.0: 0.538, 0.6: 0.535).
SENTENCE_VADER_SHARE = 1.0
NEUTRAL_BAND = 0.05  # |sentiment| below this is neutral (VADER's own recommended band)
DISAGREE_BAND = 0.05  # methods disagree when one is >= this and the other <= -this
VADER_SCALE = 4.0  # VADER lexicon values run from -4 to 4; divided by this to sit on TextBlob's -1..1
TARGET_DECAY = 1.5  # a word d dependency arcs from the mention weighs 1 / (1 + d) ** TARGET_DECAY
VADER_WEIGHT = 0.75  # share of VADER in a word's valence for target sentiment
CLAUSE_PENALTY = 2.0  # extra distance for each arc into another clause
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "acl", "xcomp", "csubj"})
SPEAKER_FACTOR = 0.0  # what a speaker reports counts this much towards the speaker's own sentiment
REPORTING_VERBS = frozenset({"say", "tell", "add", "write", "tweet", "state", "claim", "argue", "note", "explain",
                             "announce", "insist", "suggest", "contend", "report", "acknowledge", "believe", "think"})
TARGET_BAND = 0.02  # |target_sentiment| below this is neutral (chosen on a dev sample; see README)
NEGATIVE_WEIGHT = 2.0  # negative word valences count this many times for targets (news negativity; chosen on a dev sample)


# --------------------------------------------------------------------------- the two lexicons


# VADER's lexicon as news needs it: word -> (value on VADER's −4…4 scale, reason); 0 removes the
# word. Applied to sentence scores and targets alike (``_vader``), values set by analogy with
# entries VADER has (slam −1.6, jailed −2.2, drop −1.1, boosted 1.5). Each entry was kept because it
# fixed more target and sentence labels than it broke on the NewsMTSC tuning sample; the entries
# tried and dropped are ``utils.sentiment_eval.CANDIDATES`` (``python -m utils.sentiment_eval PATH
# --sample 2000 --lexicon``; figures in docs/methods-sentiment.md).
NEWS_LEXICON: dict[str, tuple[float, str]] = {
    # markets and numbers
    "shares": (0.0, "stock units in market news ('Shares of X fell'), not sharing; VADER +1.2"),
    "cut": (0.0, "cutting rates, taxes or prices is not bad news in itself; VADER -1.1"),
    "dropped": (-1.1, "a fall in prices, polls or numbers, as VADER's drop -1.1; VADER lacks it"),
    "sank": (-1.2, "a fall; VADER lacks it"),
    "declined": (-1.0, "a fall; VADER lacks it"),
    "risen": (1.0, "a rise; VADER lacks it"),
    "skid": (-1.5, "a steep decline; VADER lacks it"),
    "surged": (1.5, "a steep rise; VADER lacks it"),
    # verbal attack and acclaim
    "lash": (-1.6, "verbal attack; VADER lacks it (it has slam -1.6)"),
    "rebuke": (-1.6, "verbal attack; VADER lacks it"),
    "decry": (-1.6, "verbal attack; VADER lacks it"),
    "denounced": (-1.6, "verbal attack; VADER lacks it"),
    "lauded": (1.5, "acclaim; VADER lacks it (it has applauded 1.5)"),
    "victory": (1.5, "winning an election, case or game; VADER lacks it (it has win 2.8)"),
    "defend": (0.8, "standing up for someone; VADER lacks it"),
    # legal trouble and scandal
    "indictment": (-1.8, "legal trouble; VADER lacks it (it has jailed -2.2)"),
    "impeached": (-1.8, "legal trouble; VADER lacks it"),
    "corruption": (-1.8, "legal trouble; VADER lacks it"),
    "jail": (-1.8, "legal trouble; VADER lacks it (it has jailed -2.2)"),
    "subpoena": (-1.8, "legal trouble; VADER lacks it"),
    "sued": (-1.8, "legal trouble; VADER lacks it"),
    "allegations": (-1.2, "scandal; VADER lacks it"),
    "alleged": (-1.2, "scandal; VADER lacks it"),
    "controversy": (-1.2, "scandal; VADER lacks it"),
    "investigation": (-1.2, "scandal; VADER lacks it"),
}


def news_lexicon() -> dict[str, float]:
    """The values ``NEWS_LEXICON`` puts into VADER's lexicon (0 = the word is removed)."""
    return {word: value for word, (value, _reason) in NEWS_LEXICON.items()}


def _vader(news: bool = True):
    """VADER's analyser; with ``news=True`` (the default) a copy of its lexicon carries ``news_lexicon()``."""
    return _analyzer(bool(news))


@functools.cache
def _analyzer(news: bool):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    if news:
        analyzer.lexicon = news_vader_lexicon(analyzer.lexicon, news_lexicon())
    return analyzer


def news_vader_lexicon(lexicon: dict[str, float], overrides: dict[str, float]) -> dict[str, float]:
    """A copy of VADER's ``lexicon`` with ``overrides`` put in; a word whose value is 0 is removed
    (VADER would still apply boosters to a listed word of value 0)."""
    merged = {**lexicon, **overrides}
    return {word: value for word, value in merged.items() if value}


# --------------------------------------------------------------------------- masking names

# Labels whose mentions are names: their words are never sentiment evidence ("Great Western
# Railway", "the United States", "Greater China"). Numbers, dates and amounts are not masked.
MASKED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})

Spans = Sequence[tuple[int, int]]


def mask_text(text: str, spans: Spans) -> str:
    """``text`` with every letter inside the (start, end) ``spans`` replaced by x (X for a capital).

    Same length and offsets, same capitals (VADER's ALL CAPS rule sees the same words), and no
    word of x's is in either lexicon, so a masked name scores nothing and negates nothing.
    """
    if not spans:
        return text
    characters = list(text)
    for start, end in spans:
        for index in range(max(start, 0), min(end, len(text))):
            character = characters[index]
            if character.isalpha():
                characters[index] = "X" if character.isupper() else "x"
    return "".join(characters)


class NamedSpans:
    """The (start, end) offsets of the named mentions (``MASKED_LABELS``; pronoun rows left out),
    sorted, so the ones inside a character range are found by bisection: build once per article."""

    def __init__(self, mentions: pd.DataFrame | None) -> None:
        pairs: list[tuple[int, int]] = []
        if mentions is not None and len(mentions):  # plain lists: pandas masks cost more than the work on a few dozen rows
            pronouns = mentions["is_pronoun"].tolist() if "is_pronoun" in mentions else [False] * len(mentions)
            pairs = sorted(
                (start, end)
                for start, end, label, pronoun in zip(mentions["start_char"].tolist(), mentions["end_char"].tolist(), mentions["label"].tolist(), pronouns)
                if label in MASKED_LABELS and not pronoun
            )
        self.pairs = pairs
        self.starts = [start for start, _ in pairs]

    def inside(self, start_char: int, end_char: int) -> list[tuple[int, int]]:
        """The spans within [start_char, end_char), relative to start_char."""
        found = []
        index = bisect.bisect_left(self.starts, start_char)
        while index < len(self.pairs) and self.pairs[index][0] < end_char:
            start, end = self.pairs[index]
            if end <= end_char:
                found.append((int(start) - start_char, int(end) - start_char))
            index += 1
        return found


def named_spans(mentions: "pd.DataFrame | NamedSpans | None", start_char: int, end_char: int) -> list[tuple[int, int]]:
    """The named mentions (``MASKED_LABELS``) inside [start_char, end_char), as offsets relative to start_char.

    Pass a :class:`NamedSpans` built once when asking for many ranges of one article."""
    index = mentions if isinstance(mentions, NamedSpans) else NamedSpans(mentions)
    return index.inside(start_char, end_char)


def sentence_masks(sentences: pd.DataFrame, mentions: pd.DataFrame | None) -> list[tuple[tuple[int, int], ...]]:
    """Per sentence row: the named mention spans inside it, relative to the sentence start."""
    index = NamedSpans(mentions)
    return [tuple(index.inside(start, end)) for start, end in zip(sentences["start_char"].tolist(), sentences["end_char"].tolist())]


@functools.lru_cache(maxsize=1)
def _textblob_lexicon():
    from textblob.en import sentiment

    return sentiment


@functools.lru_cache(maxsize=4096)
def textblob_sentiment(text: str) -> tuple[float, float, tuple]:
    """TextBlob's (polarity, subjectivity, assessments) of a text, exactly as ``TextBlob(text).sentiment``.

    Calls the pattern analyser TextBlob wraps once (``TextBlob.sentiment_assessments`` runs it
    twice and builds a namedtuple class per call); a sentence's score, evidence and token valences
    share one result.
    """
    score = _textblob_lexicon()(text)
    return float(score[0]), float(score[1]), tuple(score.assessments)


def vader_word_valences(text: str, *, news: bool = True, but_rule: bool = True, masks: Spans = ()) -> list[dict]:
    """VADER's per-word valences for one sentence: word, offsets, lexicon value and value after modifiers.

    Mirrors ``SentimentIntensityAnalyzer.polarity_scores`` up to the point where it sums the words
    (booster words, negation within three words, "no", ALL CAPS and the "but" rule applied).
    Only words whose value is not zero are returned; words inside ``masks`` (named mentions,
    offsets into ``text``) are never among them (``mask_text``).
    """
    analyzer = _vader(news)
    scored = mask_text(text, masks)
    words, valences = _vader_valences(scored, news, but_rule)
    rows, cursor = [], 0
    for word, value in zip(words, valences):
        position = scored.find(word, cursor)
        if position < 0:
            continue
        cursor = position + len(word)
        if value:
            rows.append(
                {
                    "word": text[position : cursor],
                    "start_char": position,
                    "end_char": position + len(word),
                    "lexicon_value": float(analyzer.lexicon.get(word.lower(), 0.0)),
                    "value": float(value),
                }
            )
    return rows


@functools.lru_cache(maxsize=4096)
def _vader_valences(text: str, news: bool, but_rule: bool) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """VADER's words and their valences, the loop of ``polarity_scores`` before it sums them."""
    words, valences = _vader_word_pass(text, news)
    if but_rule:  # on a copy: the word pass is shared by both settings (a sentence's score and its targets)
        return words, tuple(_vader(news)._but_check(list(words), list(valences)))
    return words, valences


@functools.lru_cache(maxsize=4096)
def _vader_word_pass(text: str, news: bool) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """VADER's words and their valences before the "but" rule."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentiText

    analyzer = _vader(news)
    sentitext = SentiText(text)
    words = sentitext.words_and_emoticons
    valences: list[float] = []
    for i, item in enumerate(words):
        if item.lower() in BOOSTER_DICT or (i < len(words) - 1 and item.lower() == "kind" and words[i + 1].lower() == "of"):
            valences.append(0)
            continue
        valences = analyzer.sentiment_valence(0, sentitext, item, i, valences)
    return tuple(words), tuple(valences)


def clear_text_caches() -> None:
    """Forget the per-text TextBlob and VADER results (kept for the last 4,096 texts of each), so
    a benchmark times scoring, not cache hits."""
    textblob_sentiment.cache_clear()
    _vader_valences.cache_clear()
    _vader_word_pass.cache_clear()


@functools.cache
def _emoji_characters() -> frozenset[str]:
    return frozenset(_vader().emojis)


def vader_scores(text: str, *, masks: Spans = ()) -> dict[str, float]:
    """``polarity_scores(text)`` of VADER with ``NEWS_LEXICON``, sharing its word pass with the evidence.

    ``masks`` (named mentions) are masked first (``mask_text``). A text with emoji or surrounding
    spaces (which ``polarity_scores`` rewrites first) goes to ``polarity_scores`` itself.
    """
    analyzer = _vader()
    text = mask_text(text, masks)
    if text != text.strip() or not _emoji_characters().isdisjoint(text):
        return analyzer.polarity_scores(text)
    _, valences = _vader_valences(text, True, True)
    return analyzer.score_valence(list(valences), text)


def textblob_assessments(text: str, *, masks: Spans = ()) -> list[dict]:
    """TextBlob's scored chunks for one sentence ("not bad", "very good"), placed on their last word.

    ``lexicon_value`` is the last word's polarity in TextBlob's lexicon; ``value`` the chunk's
    polarity after its negation and intensifier. Words inside ``masks`` are masked first.
    """
    lexicon = _textblob_lexicon()
    scored = mask_text(text, masks)
    lower = scored.lower()
    rows, cursor = [], 0
    for words, polarity, _subjectivity, _label in textblob_sentiment(scored)[2]:
        if not polarity:
            continue  # words TextBlob scores for subjectivity only
        head = words[-1]
        position = lower.find(head, cursor)
        if position < 0:
            continue
        start = lower.rfind(words[0], cursor, position + 1) if len(words) > 1 else position
        cursor = position + len(head)
        entry = lexicon.get(head) or {}
        values = next(iter(entry.values()), None) if entry else None
        rows.append(
            {
                "word": text[start if start >= 0 else position : cursor],
                "start_char": start if start >= 0 else position,
                "end_char": cursor,
                "lexicon_value": float(values[0]) if values else float("nan"),
                "value": float(polarity),
            }
        )
    return rows


# --------------------------------------------------------------------------- sentences


def combine(textblob_polarity: float, vader_compound: float, *, vader_share: float = SENTENCE_VADER_SHARE) -> float:
    """The headline sentence score: vader_share × VADER compound + (1 − vader_share) × TextBlob polarity (both −1…1)."""
    return vader_share * vader_compound + (1 - vader_share) * textblob_polarity


def label(score: float, *, band: float = NEUTRAL_BAND) -> str:
    """negative / neutral / positive: negative ≤ −band < neutral < band ≤ positive."""
    if score <= -band:
        return "negative"
    if score >= band:
        return "positive"
    return "neutral"


def target_label(score: float, *, band: float = TARGET_BAND) -> str:
    """The label of a target score: negative ≤ −TARGET_BAND < neutral < TARGET_BAND ≤ positive."""
    return label(score, band=band)


def methods_disagree(textblob_polarity: float, vader_compound: float, *, band: float = DISAGREE_BAND) -> bool:
    """True when one method says positive (≥ band) and the other negative (≤ −band)."""
    return bool(
        (textblob_polarity >= band and vader_compound <= -band) or (textblob_polarity <= -band and vader_compound >= band)
    )


def evidence_string(vader_rows: Sequence[dict], textblob_rows: Sequence[dict]) -> str:
    """"VADER: warm +0.9, bad -2.5→+1.9 | TextBlob: not a bad +0.35": the words behind each score.

    VADER values are on its −4…4 lexicon scale; "lexicon→used" shows a value changed by negation,
    an intensifier or capitals. TextBlob values are its chunk polarities (−1…1).
    """
    parts = []
    if vader_rows:
        parts.append("VADER: " + ", ".join(_vader_item(row) for row in vader_rows))
    if textblob_rows:
        parts.append("TextBlob: " + ", ".join(f"{row['word']} {row['value']:+.2f}" for row in textblob_rows))
    return " | ".join(parts)


def _vader_item(row: dict) -> str:
    if round(row["lexicon_value"], 1) == round(row["value"], 1):
        return f"{row['word']} {row['value']:+.1f}"
    return f"{row['word']} {row['lexicon_value']:+.1f}→{row['value']:+.1f}"


def score_sentence(text: str, *, masks: Spans = ()) -> dict:
    """TextBlob and VADER scores of one sentence, combined, labelled, and the evidence words.

    ``masks``: (start, end) offsets into ``text`` of named mentions, whose words are masked
    before scoring (``mask_text``): a name is never sentiment evidence.
    """
    polarity, subjectivity, _ = textblob_sentiment(mask_text(text, masks))
    vader = vader_scores(text, masks=masks)
    combined = combine(polarity, vader["compound"])
    return {
        "textblob_polarity": polarity,
        "textblob_subjectivity": subjectivity,
        "vader_compound": vader["compound"],
        "vader_pos": vader["pos"],
        "vader_neu": vader["neu"],
        "vader_neg": vader["neg"],
        "sentiment": combined,
        "sentiment_label": label(combined),
        "methods_disagree": methods_disagree(polarity, vader["compound"]),
        "evidence": evidence_string(vader_word_valences(text, masks=masks), textblob_assessments(text, masks=masks)),
    }


def add_sentence_sentiment(sentences: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sentences table with sentiment columns; sentences out of scope get NaN (label, flag, evidence None).

    With ``mentions`` (the mentions table), the words of named mentions (``MASKED_LABELS``) are
    masked in each sentence before scoring.
    """
    masks = sentence_masks(sentences, mentions)
    scores = [
        score_sentence(text, masks=mask) if in_scope else None
        for text, in_scope, mask in zip(sentences["text"], sentences["in_scope"], masks)
    ]
    empty = {column: np.nan for column in SENTIMENT_COLUMNS} | {"sentiment_label": None, "methods_disagree": None, "evidence": None}
    columns = {column: [(score or empty)[column] for score in scores] for column in SENTIMENT_COLUMNS}
    return pd.concat([sentences, typed_frame(columns, "sentences", index=sentences.index)], axis=1)


def token_lexicon_values(
    span: Span | Doc, *, news: bool = True, but_rule: bool = False, masks: Spans = ()
) -> tuple[np.ndarray, np.ndarray]:
    """Per token of ``span``: VADER's value / 4 (on the token where the word starts) and TextBlob's chunk polarity (on its last word).

    ``masks``: (start, end) offsets into ``span.text`` of named mentions, whose words get 0.
    """
    offset = span.start_char if isinstance(span, Span) else 0
    first, last = (span.start, span.end) if isinstance(span, Span) else (0, len(span))
    arrays = _token_arrays(span.doc if isinstance(span, Span) else span)
    starts = (arrays.starts[first:last] - offset).tolist()  # from the Doc's arrays: no Token object per token
    ends = (arrays.ends[first:last] - offset).tolist()
    vader = np.zeros(len(span))
    blob = np.zeros(len(span))
    found_by_method = (
        (vader_word_valences(span.text, news=news, but_rule=but_rule, masks=masks), vader, VADER_SCALE),
        (textblob_assessments(span.text, masks=masks), blob, 1.0),
    )
    for rows, target, scale in found_by_method:
        for row in rows:
            char = row["end_char"] - 1 if scale == 1.0 else row["start_char"]
            index = bisect.bisect_right(starts, char) - 1  # the token holding this character
            if index >= 0 and char < ends[index]:
                target[index] += row["value"] / scale
    return vader, blob


def token_valences(
    span: Span | Doc, *, vader_weight: float = VADER_WEIGHT, negative_weight: float = NEGATIVE_WEIGHT, masks: Spans = ()
) -> np.ndarray:
    """One valence per token of ``span``: VADER (news lexicon, /4) and TextBlob mixed by ``vader_weight``,
    negative values multiplied by ``negative_weight``; 0 for the words of ``masks`` (named mentions,
    offsets into ``span.text``)."""
    vader, blob = token_lexicon_values(span, masks=masks)
    mixed = vader_weight * vader + (1 - vader_weight) * blob
    return np.where(mixed < 0, negative_weight * mixed, mixed)


def _depths(span: Span) -> dict[int, list[int]]:
    """Each token's path to its sentence root (token indices, itself first)."""
    heads = _token_arrays(span.doc).heads
    paths: dict[int, list[int]] = {}
    for token_i in range(span.start, span.end):
        chain, index = [], token_i
        while index not in paths:  # walk up until a token whose path is known, or the root
            chain.append(index)
            head = heads[index]
            if head == index:
                break
            index = head
        tail = paths.get(index, [])
        for position in range(len(chain) - 1, -1, -1):
            tail = [chain[position], *tail]
            paths[chain[position]] = tail
    return {token_i: paths[token_i] for token_i in range(span.start, span.end)}


@dataclass(frozen=True)
class _TokenArrays:
    """Per token of a Doc: character start and end, absolute head index, and whether its arc opens a
    clause of its own (``CLAUSE_DEPS``), from one ``Doc.to_array`` call; ``heads`` a list for walking."""

    starts: np.ndarray
    ends: np.ndarray
    heads: list[int]
    is_clause: np.ndarray


def _token_arrays(doc: Doc) -> _TokenArrays:
    """The Doc's ``_TokenArrays``, built on first use and kept in ``doc.user_data``."""
    key = "sentiment_token_arrays"
    arrays = doc.user_data.get(key)
    if arrays is None:
        raw = doc.to_array(["IDX", "LENGTH", "HEAD", "DEP"]).reshape(len(doc), 4)  # uint64; HEAD an offset, negative ones wrapped
        values = raw.astype("int64")
        clause_ids = np.array([doc.vocab.strings[dep] for dep in CLAUSE_DEPS], dtype="uint64")
        arrays = _TokenArrays(values[:, 0], values[:, 0] + values[:, 1], (np.arange(len(doc)) + values[:, 2]).tolist(),
                              np.isin(raw[:, 3], clause_ids))
        doc.user_data[key] = arrays
    return arrays


def tree_distance(path_a: list[int], path_b: list[int], *, clause_arcs: frozenset[int] = frozenset(), clause_penalty: float = 0.0) -> float:
    """Dependency arcs between two tokens given their paths to the root; arcs into a clause of its own
    (a child token in ``clause_arcs``) count ``1 + clause_penalty``."""
    positions = {index: depth for depth, index in enumerate(path_b)}
    for depth, index in enumerate(path_a):
        if index in positions:
            children = path_a[:depth] + path_b[: positions[index]]
            return depth + positions[index] + clause_penalty * sum(child in clause_arcs for child in children)
    return len(path_a) + len(path_b) + clause_penalty * 2


def target_weight(distance: float, *, decay: float = TARGET_DECAY) -> float:
    """Weight of a word ``distance`` from the mention: 1 / (1 + distance) ** decay."""
    return 1.0 / (1.0 + distance) ** decay


def reported_words(head) -> set[int]:
    """Token indices of what a speaker says: when ``head`` is the subject of a reporting verb
    ("X said ...", "X told ..."), the verb's clausal complements; else nothing."""
    verb = head.head
    if head.dep_ not in ("nsubj", "nsubjpass") or verb.lemma_.lower() not in REPORTING_VERBS:
        return set()
    return {token.i for child in verb.children if child.dep_ in ("ccomp", "xcomp", "parataxis", "dobj") for token in child.subtree}


def target_contributions(
    sentence: Span,
    targets: Iterable[tuple[int, int]],
    *,
    valences: np.ndarray | None = None,
    decay: float = TARGET_DECAY,
    clause_penalty: float = CLAUSE_PENALTY,
    speaker_factor: float = SPEAKER_FACTOR,
) -> list[list[tuple[int, float]]] :
    """For each (start_char, end_char) target in ``sentence``: (token index, contribution) of every
    word that counts towards it; None for a target that is not on token boundaries.

    A word's contribution is its valence (``token_valences``) times ``target_weight`` of its
    dependency distance from the target's head token, arcs into another clause counting
    ``1 + clause_penalty``. The target's own words are left out ("Winner", "Hope" are names here),
    and when the target is the subject of a reporting verb ("X said ...") what it reports counts
    ``speaker_factor`` times: the speaker of bad news is not bad news.
    """
    valences = token_valences(sentence) if valences is None else valences
    paths = _depths(sentence)
    clause_arcs = frozenset((np.flatnonzero(_token_arrays(sentence.doc).is_clause[sentence.start:sentence.end]) + sentence.start).tolist())
    results: list = []
    for start_char, end_char in targets:
        span = sentence.doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or not len(span):
            results.append(None)
            continue
        root_path = paths.get(span.root.i) or [span.root.i]
        own = set(range(span.start, span.end))
        reported = reported_words(span.root) if speaker_factor != 1.0 else set()
        contributions = []
        for index in np.flatnonzero(valences):
            token_index = sentence.start + int(index)
            if token_index in own:
                continue
            factor = speaker_factor if token_index in reported else 1.0
            distance = tree_distance(paths[token_index], root_path, clause_arcs=clause_arcs, clause_penalty=clause_penalty)
            contribution = factor * float(valences[index]) * target_weight(distance, decay=decay)
            if contribution:
                contributions.append((token_index, contribution))
        results.append(contributions)
    return results


def target_scores(sentence: Span, targets: Iterable[tuple[int, int]], **options) -> list[float]:
    """How ``sentence`` speaks of each (start_char, end_char) target: the sum of its
    ``target_contributions``, clipped to −1…1 (NaN for a target not on token boundaries)."""
    return [
        float("nan") if found is None else float(np.clip(sum(value for _, value in found), -1.0, 1.0))
        for found in target_contributions(sentence, targets, **options)
    ]


# --------------------------------------------------------------------------- mentions and entities

TARGET_COLUMNS = ["target_sentiment", "target_label", "target_evidence"]
ENTITY_SENTIMENT_COLUMNS = [
    "target_sentiment_mean", "target_sentiment_std", "target_sentiment_count", "target_positive", "target_negative",
    "target_label",
]


def add_target_sentiment(doc: Doc, mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions table with ``target_sentiment`` (−1…1), ``target_label`` and ``target_evidence``
    ("praised +0.42, condemned -0.31": the words that counted, by weighted contribution)."""
    targets_by_sentence: dict[int, tuple[Span, list[tuple[int, int, int]]]] = {}
    sentences = list(doc.sents) if len(mentions) else []  # once: Token.sent scans the Doc on every call
    sentence_starts = [sentence.start for sentence in sentences]
    for row_index, start_char, end_char in zip(mentions.index, mentions["start_char"].tolist(), mentions["end_char"].tolist()):
        token = doc.char_span(int(start_char), int(end_char), alignment_mode="expand")
        if token is None or not len(token):
            continue
        sentence = sentences[bisect.bisect_right(sentence_starts, token.start) - 1]
        targets_by_sentence.setdefault(sentence.start, (sentence, []))[1].append((row_index, int(start_char), int(end_char)))
    rows: dict[int, tuple] = {}
    spans = NamedSpans(mentions)
    for sentence, targets in targets_by_sentence.values():
        # no word of a named mention counts, whichever mention is the target
        masks = spans.inside(sentence.start_char, sentence.end_char)
        valences = token_valences(sentence, masks=masks)
        found_per_target = target_contributions(sentence, [(start, end) for _, start, end in targets], valences=valences)
        for (row_index, _, _), found in zip(targets, found_per_target):
            if found is None:
                continue
            score = float(np.clip(sum(value for _, value in found), -1.0, 1.0))
            strongest = sorted(found, key=lambda item: -abs(item[1]))[:5]
            evidence = ", ".join(f"{doc[index].text} {value:+.2f}" for index, value in strongest)
            rows[row_index] = (score, target_label(score), evidence)
    unscored = (np.nan, None, None)
    found = [rows.get(row_index, unscored) for row_index in mentions.index]
    columns = {column: [values[position] for values in found] for position, column in enumerate(TARGET_COLUMNS)}
    return pd.concat([mentions, typed_frame(columns, "mentions", index=mentions.index)], axis=1)


def add_entity_sentiment(entity_rows: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The entities table with the aggregate of its mentions' target sentiment: mean, standard
    deviation (population; 0 for one mention), count of scored mentions, how many were positive
    and negative, and the label of the mean."""
    if mentions.empty or "target_sentiment" not in mentions:
        return entity_rows.assign(**{column: pd.Series(dtype=float) for column in ENTITY_SENTIMENT_COLUMNS})
    counted = mentions["counted"].tolist() if "counted" in mentions else [True] * len(mentions)
    scores: dict[int, list[float]] = defaultdict(list)
    labels: dict[int, list[str]] = defaultdict(list)
    # a standfirst sentence repeating a body sentence is not counted twice
    for entity_id, score, score_label, is_counted in zip(
        mentions["entity_id"].tolist(), mentions["target_sentiment"].tolist(), mentions["target_label"].tolist(), counted
    ):
        if is_counted and not math.isnan(score):
            scores[entity_id].append(score)
            labels[entity_id].append(score_label)
    means = {entity_id: float(np.mean(values)) for entity_id, values in scores.items()}
    entity_ids = entity_rows["entity_id"].tolist()
    aggregate = pd.DataFrame(
        {
            "target_sentiment_mean": pd.array([means.get(entity_id, np.nan) for entity_id in entity_ids], dtype="float64"),
            "target_sentiment_std": pd.array(
                [float(np.std(scores[entity_id])) if entity_id in scores else np.nan for entity_id in entity_ids], dtype="float64"
            ),
            "target_sentiment_count": pd.array([len(scores.get(entity_id, ())) for entity_id in entity_ids], dtype="int64"),
            "target_positive": pd.array([labels.get(entity_id, []).count("positive") for entity_id in entity_ids], dtype="int64"),
            "target_negative": pd.array([labels.get(entity_id, []).count("negative") for entity_id in entity_ids], dtype="int64"),
            "target_label": pd.array([target_label(means[entity_id]) if entity_id in means else None for entity_id in entity_ids], dtype="str"),
        },
        index=entity_rows.index,
    )
    return pd.concat([entity_rows, aggregate], axis=1)
