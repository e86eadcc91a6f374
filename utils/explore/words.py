"""Words, n-grams, collocations, concordances and lexical statistics from the tokens table.

NLTK's data-free tools (FreqDist, ngrams, collocation finders, stemmers, the Treebank and Tweet
tokenizers) applied to the spaCy tokens, and statistics of vocabulary and readability. Every
function counts in-scope tokens only; a "word" is a token that spaCy marks ``is_alpha`` or
``like_num`` (so ``Iran's`` is one word, ``Iran``, and ``'s`` is not counted; ``don't`` is one).
"""

from __future__ import annotations

import functools
import re
from typing import Sequence

import numpy as np
import pandas as pd

from utils.pipeline.tokens import is_word

MTLD_THRESHOLD = 0.72
STEMMERS = ("porter", "snowball")


# --------------------------------------------------------------------------- words


def in_scope_words(tokens: pd.DataFrame, *, stopwords: bool = True) -> pd.DataFrame:
    """The in-scope words (:func:`utils.pipeline.tokens.is_word`: every count uses it), optionally without spaCy stopwords."""
    mask = tokens["in_scope"] & is_word(tokens)
    if not stopwords:
        mask &= ~tokens["is_stop"]
    return tokens[mask]


@functools.lru_cache(maxsize=2)
def _stemmer(name: str):
    from nltk.stem import PorterStemmer, SnowballStemmer

    if name == "porter":
        return PorterStemmer()
    if name == "snowball":
        return SnowballStemmer("english")
    raise ValueError(f"stemmer must be one of {STEMMERS}, not {name!r}")


def stem(words: Sequence[str], *, stemmer: str = "porter") -> list[str]:
    """NLTK's Porter or Snowball (English) stem of each word."""
    stem_word = _stemmer(stemmer).stem
    return [stem_word(word) for word in words]


def _terms(words: pd.DataFrame, *, by: str, stemmer: str | None) -> list[str]:
    terms = words[by].tolist()
    return stem(terms, stemmer=stemmer) if stemmer else terms


def frequency_table(
    tokens: pd.DataFrame, *, n: int = 20, stopwords: bool = False, by: str = "lower", stemmer: str | None = None
) -> pd.DataFrame:
    """The n most frequent in-scope words (NLTK FreqDist): term, count, share of all counted words.

    ``by`` is a tokens column (``lower`` or ``lemma``); ``stemmer`` (``porter``/``snowball``)
    stems the terms first; ``stopwords=False`` drops spaCy's stopwords.
    """
    from nltk import FreqDist

    frequencies = FreqDist(_terms(in_scope_words(tokens, stopwords=stopwords), by=by, stemmer=stemmer))
    rows = [(term, count, frequencies.freq(term)) for term, count in frequencies.most_common(n)]
    return pd.DataFrame(rows, columns=["term", "count", "share"])


def sentence_word_lists(tokens: pd.DataFrame, *, by: str = "lower", stemmer: str | None = None) -> list[list[str | None]]:
    """Per in-scope sentence, its tokens' terms; punctuation and symbols become ``None`` (a gap).

    N-grams and collocations never span a gap or a sentence boundary.
    """
    rows = tokens[tokens["in_scope"]]
    is_word = (rows["is_alpha"] | rows["like_num"]).to_numpy()
    terms = _terms(rows, by=by, stemmer=stemmer)
    sentences: dict[int, list[str | None]] = {}
    for sentence_id, word, term in zip(rows["sentence_id"], is_word, terms):
        sentences.setdefault(int(sentence_id), []).append(term if word else None)
    return list(sentences.values())


def ngram_table(
    tokens: pd.DataFrame, *, n: int = 2, top: int = 20, stopwords: bool = False, by: str = "lower"
) -> pd.DataFrame:
    """The most frequent word n-grams inside sentences (NLTK ngrams): ngram, count.

    With ``stopwords=False`` an n-gram that starts or ends with a spaCy stopword is dropped
    (``prime minister of iran`` stays, ``of the`` goes).
    """
    from nltk import FreqDist, ngrams

    stop = set(tokens.loc[tokens["is_stop"], by])
    counts: FreqDist = FreqDist()
    for words in sentence_word_lists(tokens, by=by):
        for gram in ngrams(words, n):
            if None in gram or (not stopwords and (gram[0] in stop or gram[-1] in stop)):
                continue
            counts[gram] += 1
    rows = [(" ".join(gram), count) for gram, count in counts.most_common(top)]
    return pd.DataFrame(rows, columns=["ngram", "count"])


def collocations(
    tokens: pd.DataFrame,
    *,
    n: int = 2,
    measure: str = "likelihood_ratio",
    min_freq: int = 2,
    top: int = 15,
    stopwords: bool = False,
    by: str = "lower",
) -> pd.DataFrame:
    """Bigram or trigram collocations scored by NLTK (``likelihood_ratio`` or ``pmi``).

    Only n-grams seen at least ``min_freq`` times, inside one sentence, with no punctuation; with
    ``stopwords=False`` none of their words is a spaCy stopword. Columns: ngram, count, score,
    measure; best first.
    """
    from nltk.collocations import BigramCollocationFinder, TrigramCollocationFinder
    from nltk.metrics import BigramAssocMeasures, TrigramAssocMeasures

    finders = {2: (BigramCollocationFinder, BigramAssocMeasures), 3: (TrigramCollocationFinder, TrigramAssocMeasures)}
    if n not in finders:
        raise ValueError(f"n must be 2 or 3, not {n}")
    if measure not in ("likelihood_ratio", "pmi"):
        raise ValueError(f"measure must be 'likelihood_ratio' or 'pmi', not {measure!r}")
    finder_class, measures = finders[n]
    finder = finder_class.from_documents(sentence_word_lists(tokens, by=by))
    stop = set(tokens.loc[tokens["is_stop"], by])
    finder.apply_ngram_filter(lambda *words: None in words or (not stopwords and any(word in stop for word in words)))
    finder.apply_freq_filter(min_freq)
    scored = finder.score_ngrams(getattr(measures, measure))[:top]
    rows = [(" ".join(gram), finder.ngram_fd[gram], score, measure) for gram, score in scored]
    return pd.DataFrame(rows, columns=["ngram", "count", "score", "measure"])


# --------------------------------------------------------------------------- concordance and dispersion


def _joined(rows: pd.DataFrame) -> str:
    """Token texts joined with one space wherever the article has whitespace between them."""
    parts: list[str] = []
    previous_end = None
    for text, start, end in zip(rows["text"], rows["start_char"], rows["end_char"]):
        if previous_end is not None and start > previous_end:
            parts.append(" ")
        parts.append(text)
        previous_end = end
    return "".join(parts)


def kwic_term(term: str, entities: pd.DataFrame) -> str:
    """The term to show in context: ``term`` when given, else the name of the article's most-mentioned
    named entity (the KWIC parameter's default), else "" when the article names nobody."""
    if term.strip():
        return term.strip()
    named = entities[entities["is_named"].astype(bool)] if len(entities) else entities
    return str(named.nlargest(1, "mention_count", keep="first")["name"].iloc[0]) if len(named) else ""


def kwic(tokens: pd.DataFrame, term: str, *, window: int = 6, by: str = "lower") -> pd.DataFrame:
    """Keyword in context: every in-scope occurrence of ``term`` (one or more words, case-insensitive).

    Columns: left, keyword, right (``window`` tokens either side, within the sentence),
    sentence_id, token_id, start_char, end_char (of the keyword in the article text).
    """
    rows = tokens[tokens["in_scope"]].reset_index(drop=True)
    wanted = [word.lower() for word in re.findall(r"\w+(?:['’]\w+)?|[^\w\s]", term)]
    if by == "lemma":
        column = rows["lemma"].str.lower().tolist()
    else:
        column = rows["lower"].tolist()
    width = len(wanted)
    found = []
    for position in range(len(rows) - width + 1) if width else ():
        if column[position : position + width] != wanted:
            continue
        keyword = rows.iloc[position : position + width]
        sentence_id = keyword["sentence_id"].iloc[0]
        if keyword["sentence_id"].iloc[-1] != sentence_id:
            continue
        sentence = rows["sentence_id"] == sentence_id
        left = rows.iloc[max(0, position - window) : position]
        right = rows.iloc[position + width : position + width + window]
        found.append(
            {
                "left": _joined(left[sentence.iloc[left.index]]),
                "keyword": _joined(keyword),
                "right": _joined(right[sentence.iloc[right.index]]),
                "sentence_id": int(sentence_id),
                "token_id": int(keyword["token_id"].iloc[0]),
                "start_char": int(keyword["start_char"].iloc[0]),
                "end_char": int(keyword["end_char"].iloc[-1]),
            }
        )
    return pd.DataFrame(found, columns=["left", "keyword", "right", "sentence_id", "token_id", "start_char", "end_char"])


DISPERSION_COLUMNS = ["label", "kind", "word_position", "token_id", "sentence_id", "text", "start_char", "end_char"]


def dispersion_table(
    tokens: pd.DataFrame,
    *,
    terms: Sequence[str] = (),
    mentions: pd.DataFrame | None = None,
    entities: pd.DataFrame | None = None,
    entity_ids: Sequence[int] = (),
) -> pd.DataFrame:
    """Where terms and entities occur along the article, for a lexical dispersion plot.

    One row per occurrence: label (the term, or the entity's name), kind (``term``/``entity``),
    word_position (index among in-scope words, the x axis), token_id, sentence_id, text, offsets.
    Terms match the ``lower`` column; entities come from the mentions table.
    """
    words = in_scope_words(tokens).reset_index(drop=True)
    positions = words["start_char"].to_numpy()
    rows = []
    for term in terms:
        for index in words.index[words["lower"] == term.lower()]:
            word = words.loc[index]
            rows.append(("term", term, index, word))
    if mentions is not None and entities is not None:
        names = entities.set_index("entity_id")["name"]
        for mention in mentions[mentions["entity_id"].isin(entity_ids)].itertuples():
            index = int(positions.searchsorted(mention.start_char, side="left"))
            if index >= len(words):
                continue
            word = words.loc[index]
            rows.append(("entity", names[mention.entity_id], index, word, mention))
    records = []
    for kind, label, index, word, *mention in rows:
        source = mention[0] if mention else None
        records.append(
            {
                "label": label,
                "kind": kind,
                "word_position": int(index),
                "token_id": int(word["token_id"]),
                "sentence_id": int(word["sentence_id"]),
                "text": source.text if source is not None else word["text"],
                "start_char": int(source.start_char if source is not None else word["start_char"]),
                "end_char": int(source.end_char if source is not None else word["end_char"]),
            }
        )
    return pd.DataFrame(records, columns=DISPERSION_COLUMNS)


# --------------------------------------------------------------------------- what a token is


def tokenizer_comparison(text: str, sentences: pd.DataFrame, spacy_tokens: pd.DataFrame) -> pd.DataFrame:
    """Where spaCy, NLTK's Treebank (NLTKWordTokenizer) and Tweet tokenizers cut the text differently.

    The NLTK tokenizers run on each in-scope sentence (Treebank expects one sentence at a time,
    as in NLTK's ``word_tokenize``); ``spacy_tokens`` is the tokens table. Tokens of the three are
    grouped into the smallest stretches of text on which all three start and end together; one
    row per stretch where they disagree: text, start_char, end_char, sentence_id, and the tokens
    of each tokenizer joined by `` | ``.
    """
    spans = _tokenizer_spans(text, sentences, spacy_tokens)
    every = sorted((start, end) for found in spans.values() for start, end in found)
    stretches: list[list[int]] = []
    for start, end in every:
        if stretches and start < stretches[-1][1]:
            stretches[-1][1] = max(stretches[-1][1], end)
        else:
            stretches.append([start, end])
    rows_in_scope = sentences[sentences["in_scope"]]
    sentence_starts = rows_in_scope["start_char"].to_numpy()
    # each token lies in exactly one stretch: find it by the stretch starts (one pass, not stretches x tokens)
    stretch_starts = np.array([start for start, _ in stretches], dtype=np.int64)
    grouped: list[dict[str, list[tuple[int, int]]]] = [{name: [] for name in spans} for _ in stretches]
    for name, found in spans.items():
        places = stretch_starts.searchsorted(np.array([s for s, _ in found], dtype=np.int64), side="right") - 1
        for place, (s, e) in zip(places.tolist(), found):
            grouped[place][name].append((s, e))
    rows = []
    for (start, end), inside in zip(stretches, grouped):
        if inside["spacy"] == inside["treebank"] == inside["tweet"]:
            continue
        position = max(int(sentence_starts.searchsorted(start, side="right")) - 1, 0)
        row = {"text": text[start:end], "start_char": start, "end_char": end, "sentence_id": int(rows_in_scope["sentence_id"].iloc[position])}
        row.update({name: " | ".join(text[s:e] for s, e in pieces) for name, pieces in inside.items()})
        rows.append(row)
    return pd.DataFrame(rows, columns=["text", "start_char", "end_char", "sentence_id", "spacy", "treebank", "tweet"])


def _tokenizer_spans(text: str, sentences: pd.DataFrame, spacy_tokens: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Token (start, end) offsets into ``text`` of spaCy, Treebank and Tweet, in-scope sentences only."""
    from nltk.tokenize import NLTKWordTokenizer, TweetTokenizer

    treebank, tweet = NLTKWordTokenizer(), TweetTokenizer(preserve_case=True)
    in_scope = spacy_tokens[spacy_tokens["in_scope"]]
    spans: dict[str, list[tuple[int, int]]] = {
        "spacy": list(zip(in_scope["start_char"], in_scope["end_char"])),
        "treebank": [],
        "tweet": [],
    }
    for sentence in sentences[sentences["in_scope"]].itertuples():
        offset = sentence.start_char
        for name, pieces in (("treebank", _treebank_tokens(sentence.text, treebank)), ("tweet", tweet.tokenize(sentence.text))):
            spans[name].extend((offset + start, offset + end) for start, end in _spans_by_search(sentence.text, pieces))
    return spans


def _treebank_tokens(text: str, tokenizer) -> list[str]:
    """Treebank tokens as they appear in the text (its span_tokenize undoes the ``` `` ``` quote rewriting)."""
    try:
        return [text[start:end] for start, end in tokenizer.span_tokenize(text)]
    except ValueError:  # span alignment can fail on unusual quotes: fall back to the plain tokens
        return tokenizer.tokenize(text)


def _spans_by_search(text: str, pieces: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of tokens found in order in ``text`` (tokens not found verbatim are skipped)."""
    spans, position = [], 0
    for piece in pieces:
        start = text.find(piece, position)
        if start < 0:
            continue
        spans.append((start, start + len(piece)))
        position = start + len(piece)
    return spans


def tokenizer_counts(text: str, sentences: pd.DataFrame, spacy_tokens: pd.DataFrame) -> pd.DataFrame:
    """How many tokens each tokenizer finds in the in-scope sentences: tokenizer, tokens."""
    spans = _tokenizer_spans(text, sentences, spacy_tokens)
    return pd.DataFrame([(name, len(found)) for name, found in spans.items()], columns=["tokenizer", "tokens"])


# --------------------------------------------------------------------------- statistics


def mtld(words: Sequence[str], *, threshold: float = MTLD_THRESHOLD) -> float:
    """Measure of Textual Lexical Diversity: the mean of a forward and a backward pass.

    McCarthy, P. M. & Jarvis, S. (2010). MTLD, vocd-D, and HD-D: A validation study of
    sophisticated approaches to lexical diversity assessment. Behavior Research Methods 42(2),
    381-392. Each pass walks the words keeping a running type-token ratio; whenever it falls to
    ``threshold`` (0.72) a factor is complete and counting restarts; the words left over add a
    partial factor ``(1 - ttr) / (1 - threshold)``. A pass's value is words / factors. NaN when
    no factor forms (a text with too few repeats to measure).
    """
    forward = _mtld_pass(list(words), threshold)
    backward = _mtld_pass(list(words)[::-1], threshold)
    return (forward + backward) / 2


def _mtld_pass(words: list[str], threshold: float) -> float:
    factors = 0.0
    types: set[str] = set()
    count = 0
    ttr = 1.0
    for word in words:
        count += 1
        types.add(word)
        ttr = len(types) / count
        if ttr <= threshold:
            factors += 1
            types, count, ttr = set(), 0, 1.0
    if count:
        factors += (1 - ttr) / (1 - threshold)
    return len(words) / factors if factors else float("nan")


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
# Vowel pairs that are usually two syllables (cre-ate, pi-ano, stu-dio, vi-olent, ge-ography),
# unless the i follows c/s/t/g (spe-cial, vi-sion, na-tion, re-gion), where they are one.
_TWO_SYLLABLE_PAIRS = re.compile(r"(?<![cstg])i[aou]|(?<!p)eo(?!u)|ea(?=te|tion)|ua(?=l|t)|uo")


def syllables(word: str) -> int:
    """Syllables in an English word by a vowel-group heuristic (at least 1 for a word with letters).

    CMUdict is not available offline here and hyphenation patterns (pyphen) mark hyphenation
    points, not syllables (``Putin``, ``Gaza``, ``area`` get no break; ``president`` gets three),
    so: count groups of vowels (``y`` included), minus a silent final ``e`` (not in ``-le`` after
    a consonant: ``ta-ble``), minus a silent ``-ed``/``-es`` (``jumped``, ``makes``; not after
    ``t``/``d`` or consonant + ``l`` (``cou-pled``), or ``s``/``x``/``z``/``ch``/``sh``/``g``/``c`` for ``-es``), plus one for vowel
    pairs that are usually split (``pi-a-no``, ``vi-de-o``, ``ac-tu-al``; not ``peo-ple``). A heuristic: it
    misses some (``area``, ``idea`` count two). Numbers written in digits count as one syllable in
    :func:`lexical_statistics`.
    """
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return 0
    count = len(_VOWEL_GROUPS.findall(letters))
    count += len(_TWO_SYLLABLE_PAIRS.findall(letters))
    if len(letters) > 2 and count > 1:
        if letters.endswith("e") and not re.search(r"[^aeiouy]le$", letters) and not letters.endswith(("ee", "ye")):
            count -= 1
        elif letters.endswith("ed") and not re.search(r"(?:[td]|[^aeiouy]l)ed$", letters) and letters[-3] not in "aeiouy":
            count -= 1
        elif letters.endswith("es") and letters[-3] not in "aeiouy" and not re.search(r"(?:[sxzgc]|ch|sh)es$", letters):
            count -= 1
    return max(count, 1)


def flesch_reading_ease(words: int, sentences: int, syllable_count: int) -> float:
    """Flesch (1948): 206.835 − 1.015 × words/sentences − 84.6 × syllables/words."""
    return 206.835 - 1.015 * words / sentences - 84.6 * syllable_count / words


def flesch_kincaid_grade(words: int, sentences: int, syllable_count: int) -> float:
    """Kincaid et al. (1975): 0.39 × words/sentences + 11.8 × syllables/words − 15.59."""
    return 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59


def sentence_lengths(tokens: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Words per in-scope sentence: sentence_id, paragraph_id, words, text, start_char, end_char."""
    words = in_scope_words(tokens).groupby("sentence_id").size()
    rows = sentences[sentences["in_scope"]]
    table = rows[["sentence_id", "paragraph_id", "text", "start_char", "end_char"]].copy()
    table.insert(2, "words", table["sentence_id"].map(words).fillna(0).astype(int))
    return table.reset_index(drop=True)


def lexical_statistics(tokens: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Counts, vocabulary and readability of the in-scope text, one row per statistic (statistic, value).

    Sentences are in-scope sentences with at least one word; paragraphs are the paragraphs they
    belong to. Type-token ratio and MTLD use lower-cased words.
    """
    words = in_scope_words(tokens)
    lengths = sentence_lengths(tokens, sentences)
    lengths = lengths[lengths["words"] > 0]
    word_list = words["lower"].tolist()
    syllable_count = sum(syllables(word) for word in words["text"] if not word.isdigit())
    syllable_count += sum(1 for word in words["text"] if word.isdigit())
    n_words, n_sentences = len(word_list), len(lengths)
    values: dict[str, float] = {
        "words": n_words,
        "sentences": n_sentences,
        "paragraphs": lengths["paragraph_id"].nunique(),
        "types": len(set(word_list)),
        "type_token_ratio": len(set(word_list)) / n_words if n_words else float("nan"),
        "mtld": mtld(word_list) if n_words else float("nan"),
        "mean_sentence_length": n_words / n_sentences if n_sentences else float("nan"),
        "syllables_per_word": syllable_count / n_words if n_words else float("nan"),
        "flesch_reading_ease": flesch_reading_ease(n_words, n_sentences, syllable_count) if n_sentences else float("nan"),
        "flesch_kincaid_grade": flesch_kincaid_grade(n_words, n_sentences, syllable_count) if n_sentences else float("nan"),
    }
    return pd.DataFrame(list(values.items()), columns=["statistic", "value"])


# Flesch's (1948) interpretation of reading ease scores.
READING_EASE_BANDS = (
    (90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "standard"),
    (50, "fairly difficult"), (30, "difficult"), (float("-inf"), "very difficult"),
)


def reading_ease_band(score: float) -> str:
    """Flesch's name for a reading ease score: ``very easy`` (90+) … ``very difficult`` (below 30)."""
    if pd.isna(score):
        return "not measured"
    return next(band for floor, band in READING_EASE_BANDS if score >= floor)


def readability_summary(statistics: pd.DataFrame) -> str:
    """One plain sentence on the readability in a ``lexical_statistics`` table."""
    values = statistics.set_index("statistic")["value"]
    if not values["words"] or pd.isna(values["flesch_reading_ease"]):
        return "No words are counted in the analysis scope, so readability is not measured."
    return (
        f"{int(values['words'])} words in {int(values['sentences'])} sentences "
        f"({values['mean_sentence_length']:.1f} words per sentence, {values['syllables_per_word']:.2f} syllables per word): "
        f"Flesch reading ease {values['flesch_reading_ease']:.1f} ({reading_ease_band(values['flesch_reading_ease'])}), "
        f"Flesch-Kincaid grade {values['flesch_kincaid_grade']:.1f} (years of US schooling needed)."
    )


WORD_COLUMNS = ["article_id", "sentence_id", "lower", "is_alpha", "like_num", "is_stop", "in_scope"]


def words_table(tokens: pd.DataFrame) -> pd.DataFrame:
    """The corpus's in-scope words without stopwords (:func:`in_scope_words`): ``article_id``, ``sentence_id``, ``term`` (lower case)."""
    rows = in_scope_words(tokens, stopwords=False)
    return rows[["article_id", "sentence_id"]].assign(term=rows["lower"]).reset_index(drop=True)
