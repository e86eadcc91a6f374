"""All-caps text: telling an all-caps sentence (``is_caps_sentence``), re-casing its words from how the
document and the Brill lexicon TextBlob ships write them (``truecase``), and the entities the model finds
in the re-cased sentences (``recased_entities``, the rule ``recasing``).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from utils.pipeline.entity_rules import RULES

KNOWN_ACRONYMS = frozenset(
    """UN US UK EU UAE NATO OPEC IMF BBC CNN FBI CIA WHO NHS AFP AP IAEA ICC OECD ASEAN FIFA UEFA NASA""".split()
)


def is_caps_sentence(text: str) -> bool:
    """Whether most words of ``text`` (60%, two at least) are written in capitals."""
    words = [word for word in re.findall(r"[^\W\d_]{2,}", text)]
    return len(words) >= 2 and sum(word.isupper() for word in words) >= 0.6 * len(words)


def _language_for(doc: Doc, nlp: Language | None) -> Language | None:
    if nlp is not None:
        return nlp
    from utils.pipeline.nlp import load_model

    model = load_model()
    return model if model.vocab is doc.vocab else None


@functools.lru_cache(maxsize=1)
def _casing_lexicon() -> dict[str, tuple[str, ...]]:
    """Word → part-of-speech tags, case-sensitive: the Brill lexicon (Brown + Penn Treebank) TextBlob ships."""
    import textblob

    path = Path(textblob.__file__).parent / "en" / "en-lexicon.txt"
    lexicon: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(";") or not line.strip():
            continue
        word, *tags = line.split()
        lexicon[word] = tuple(tags)
    return lexicon


def _word_case(word: str, lower_seen: set[str], title_seen: set[str]) -> str:
    """"proper", "common" or "ambiguous" for an all-caps word, from the document and the lexicon."""
    lower, title = word.lower(), word.capitalize()
    if title in title_seen:
        return "proper"
    if lower in lower_seen:
        return "common"
    from spacy.lang.en.stop_words import STOP_WORDS

    if lower in STOP_WORDS:
        return "common"
    lexicon = _casing_lexicon()
    if lower not in lexicon:
        return "proper"
    if set(lexicon.get(title, ())) & {"NNP", "NNPS"} and set(lexicon[lower]) <= {"NN", "NNS", "JJ", "VBN"}:
        return "ambiguous"
    return "common"


_TITLE_SEEN = re.compile(r"(?<=[a-z,;] )[A-Z][a-z'’-]+")
_LOWER_SEEN = re.compile(r"\b[a-z][a-z'’-]+\b")
_UPPER_SEEN = re.compile(r"\b[A-Z]{2,}\b")


def _case_evidence(text: str) -> tuple[Counter, Counter, Counter]:
    """How often ``text`` writes each word title-case (after a lower-case word), lower-case and all-caps."""
    return tuple(Counter(pattern.findall(text)) for pattern in (_TITLE_SEEN, _LOWER_SEEN, _UPPER_SEEN))


def truecase(text: str, *, evidence: str = "", keep_isolated: bool = False, seen: tuple | None = None) -> str:
    """``text`` with its all-caps words re-cased, same length, so the model can find names in it.

    A word keeps the case it has elsewhere in ``evidence`` (the document's normal-case text);
    otherwise common words (in the Brill lexicon TextBlob ships, or stop words) go lower-case,
    unknown words are capitalised as names, and words that are both ("UNION") are capitalised
    only next to a name or another such word ("EUROPEAN UNION", "UNITED NATIONS"). Known acronyms and words without vowels stay.
    ``seen`` (title, lower, upper word sets or counters, as ``_case_evidence`` gives) replaces ``evidence`` when given.
    """
    title_seen, lower_seen, upper_seen = seen if seen is not None else _case_evidence(evidence)
    words = list(re.finditer(r"\b[A-Z][A-Z'’]*\b", text))
    cases = []
    for match in words:
        word = match.group(0)
        if word in KNOWN_ACRONYMS or word in upper_seen or (len(word) > 1 and not re.search(r"[AEIOUY]", word)):
            cases.append("acronym")
        else:
            cases.append(_word_case(word, lower_seen, title_seen))
    if keep_isolated:
        for index, match in enumerate(words):
            neighbours = [j for j in (index - 1, index + 1) if 0 <= j < len(words) and len(words[j].group(0)) > 1
                          and _adjacent(text, words[min(index, j)], words[max(index, j)])]
            if not neighbours and text[:match.start()].strip():
                cases[index] = "acronym"
    pieces, cursor = [], 0
    for index, (match, case) in enumerate(zip(words, cases)):
        word = match.group(0)
        neighbours = [cases[j] for j in (index - 1, index + 1) if 0 <= j < len(cases) and _adjacent(text, words[min(index, j)], words[max(index, j)])]
        if case == "ambiguous":
            case = "proper" if "proper" in neighbours or "ambiguous" in neighbours else "common"
        recased = word if case == "acronym" else word.capitalize() if case == "proper" else word.lower()
        pieces.append(text[cursor:match.start()] + recased)
        cursor = match.end()
    recased = "".join(pieces) + text[cursor:]
    first = re.search(r"[A-Za-z]", recased)
    if first and recased[first.start()].islower():
        recased = recased[:first.start()] + recased[first.start()].upper() + recased[first.start() + 1:]
    return recased if len(recased) == len(text) else text


def _adjacent(text: str, left: re.Match, right: re.Match) -> bool:
    return text[left.end():right.start()] in {" ", "-"}


class _Elsewhere:
    """The words of ``total`` still there once ``own`` (one sentence's counts) is taken out: ``word in`` only."""

    def __init__(self, total: Counter, own: Counter) -> None:
        self.total, self.own = total, own

    def __contains__(self, word: object) -> bool:
        return self.total[word] > self.own[word]


def recased_entities(doc: Doc, in_scope: pd.DataFrame, nlp: Language | None, recased_texts: dict[int, str]) -> list[tuple[int, tuple[int, int, str]]]:
    """Entities found when all-caps words of an in-scope sentence are re-cased: (sentence index, (start, end, label)).

    ``recased_texts`` receives each re-cased sentence by index.
    """
    texts = in_scope["text"].tolist()
    if "recasing" not in RULES or not any(re.search(r"\b[A-Z]{3,}\b", text) for text in texts):
        return []
    language = _language_for(doc, nlp)
    if language is None:
        return []
    normal = [not is_caps_sentence(text) for text in texts]
    # how the document writes words, counted once per sentence (linear), so each sentence's own can be taken out
    counted = [_case_evidence(text) if normal[j] else None for j, text in enumerate(texts)]
    totals: tuple[Counter, Counter, Counter] = (Counter(), Counter(), Counter())
    for counts in filter(None, counted):
        for total, own in zip(totals, counts):
            total.update(own)
    found: list = []
    for index, (text, start) in enumerate(zip(texts, in_scope["start_char"])):
        if not re.search(r"\b[A-Z]{3,}\b", text):
            continue
        # how the document writes these words elsewhere (not in this sentence: a dateline is caps only here)
        seen = totals if counted[index] is None else tuple(_Elsewhere(total, own) for total, own in zip(totals, counted[index]))
        recased = truecase(text, seen=seen, keep_isolated=not is_caps_sentence(text))
        if recased == text:
            continue
        recased_texts[index] = recased
        for ent in language(recased).ents:
            found.append((index, (start + ent.start_char, start + ent.end_char, ent.label_)))
    return found
