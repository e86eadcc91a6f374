"""The language of each paragraph (py3langid), with short or doubtful paragraphs taking the article's language."""

from __future__ import annotations

import functools
import re
from typing import Iterable

MIN_WORDS_FOR_LANGUAGE = 4  # shorter paragraphs take the article's language


MIN_LANGUAGE_CONFIDENCE = 0.8  # less confident guesses also take the article's language


LANGUAGE_SCAN_CHARS = 20_000  # a language is decided on a paragraph's first characters


DEFAULT_LANGUAGE = "en"  # for an article too short to tell


_WORD = re.compile(r"[^\W\d_]{2,}")


@functools.lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def guess_language(text: str) -> tuple[str, float] | None:
    """py3langid's (ISO 639-1 code, probability) for a text, or None when it has under MIN_WORDS_FOR_LANGUAGE words."""
    sample = text[:LANGUAGE_SCAN_CHARS]
    if len(_WORD.findall(sample[:2000])) < MIN_WORDS_FOR_LANGUAGE:
        return None
    language, probability = _language_identifier().classify(sample)
    return str(language), float(probability)


def detect_language(text: str, *, default: str = DEFAULT_LANGUAGE) -> str:
    """The text's language when py3langid is confident (probability ≥ MIN_LANGUAGE_CONFIDENCE), else ``default``."""
    guess = guess_language(text)
    return guess[0] if guess and guess[1] >= MIN_LANGUAGE_CONFIDENCE else default


def majority_language(weighted: Iterable[tuple[str, int]]) -> str | None:
    """The language with the largest total weight, or None for no input."""
    weights: dict[str, int] = {}
    for language, weight in weighted:
        weights[language] = weights.get(language, 0) + weight
    return max(weights, key=weights.get) if weights else None


def assign_languages(texts: list[str]) -> list[str]:
    """One language per paragraph: confident guesses stand; short or doubtful paragraphs take the
    majority language of the confident ones (by characters), or of the whole text, or DEFAULT_LANGUAGE.
    (Measured on English news: under four words py3langid is wrong 55-100% of the time.)"""
    guesses = [guess_language(text) for text in texts]
    confident = [guess[0] if guess and guess[1] >= MIN_LANGUAGE_CONFIDENCE else None for guess in guesses]
    majority = majority_language((language, len(text)) for language, text in zip(confident, texts) if language)
    if majority is None:
        majority = detect_language(" ".join(texts)[:LANGUAGE_SCAN_CHARS])
    return [language or majority for language in confident]
