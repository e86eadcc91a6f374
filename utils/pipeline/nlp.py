"""The spaCy pipeline: loaded once per process, with sentence boundaries set before parsing."""

from __future__ import annotations

import bisect
import functools
import re
from typing import Iterable, Sequence

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from utils import config
from utils.errors import ModelNotInstalledError


def load_model(name: str | None = None) -> Language:
    """The spaCy pipeline called ``name`` (see ``config.model_name``), loaded once per process."""
    return _load_resolved(config.model_name(name))


@functools.lru_cache(maxsize=4)
def _load_resolved(resolved: str) -> Language:
    import spacy

    try:
        return spacy.load(resolved)
    except OSError as error:
        raise ModelNotInstalledError(
            f"spaCy pipeline {resolved!r} is not installed (set ${config.MODEL_ENV_VAR} or pip install it): {error}"
        ) from None


ORIGINAL_TEXT = "original_text"  # doc.user_data key: the article text, when line breaks were parsed as spaces


_LINE_BREAK = re.compile(r"[\r\n]")
_NON_SPACE = re.compile(r"\S")


def _sentence_line_breaks_as_spaces(text: str, starts: Sequence[int]) -> str:
    """``text`` with each line break that has more of its sentence after it made a space (same length)."""
    if "\n" not in text and "\r" not in text:
        return text

    def inside(match: re.Match) -> str:
        following = bisect.bisect_right(starts, match.start())
        end = starts[following] if following < len(starts) else len(text)
        return " " if _NON_SPACE.search(text, match.start(), end) else match.group()

    return _LINE_BREAK.sub(inside, text)


def doc_with_sentences(nlp: Language, text: str, sentence_starts: Iterable[int]) -> Doc:
    """A tokenised, unparsed Doc whose sentence starts are exactly the given character offsets.

    The parser and NER respect these preset boundaries, so sentences, tokens and entities agree.
    Line breaks inside a sentence (a hard-wrapped paragraph) are parsed as spaces, so a name across
    two lines is one name; the offsets are the same and ``doc.user_data[ORIGINAL_TEXT]`` keeps the text.
    """
    starts = sorted(set(sentence_starts))
    doc = nlp.make_doc(_sentence_line_breaks_as_spaces(text, starts))
    doc.user_data[ORIGINAL_TEXT] = text
    flags = numpy.full(len(doc), -1, dtype=numpy.int64)  # spaCy's SENT_START: 1 starts a sentence, -1 does not
    position = 0
    for token in doc:
        token_end = token.idx + len(token)
        # A boundary inside a token (rare) moves to the token that contains it: one pass, linear.
        while position < len(starts) and starts[position] < token_end:
            flags[token.i] = 1
            position += 1
    if len(doc):
        flags[0] = 1
        # Set all at once: assigning token.is_sent_start scans the whole Doc for a parse on every call.
        doc.from_array(["SENT_START"], flags.astype(numpy.uint64).reshape(-1, 1))
    return doc


def parse(text: str, sentence_starts: Sequence[int], *, model: str | None = None) -> Doc:
    """One full spaCy parse of ``text`` with the given sentence boundaries."""
    nlp = load_model(model)
    nlp.max_length = max(nlp.max_length, config.max_chars() + 1)
    return nlp(doc_with_sentences(nlp, text, sentence_starts))
