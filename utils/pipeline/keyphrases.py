"""The keyphrases table: an article's key phrases, ranked, with the offsets of the occurrence each one shows.

Candidates come from the article's one spaCy parse: names (the named mentions of the mentions
table, so "Bush" counts for "George W. Bush") and noun phrases (runs of adjectives and nouns ending
in a noun, which may open with a name: "Obama administration"; cut at numbers, dates and
punctuation). Variants share one key: case, plural and possessive ("president's", "Presidents" and
"president" are one). Never a key phrase: a title or honorific alone ("Mr", "President", "Prime
Minister"), time words ("yesterday", "year"), bare quantities ("million", "miles"), single letters
and verbs of reporting. A headline Written In Title Case adds occurrences but no phrases.

Each candidate is scored as the anchors found on news do it (``Scoring``): how often it occurs,
where it first occurs (PositionRank, FirstPhrases), how specific its words are against English
word frequencies (the ``wordfreq`` package: "spill" tells more than "year") and how many words it
has. Chosen on KPCrowd news (train) and Inspec abstracts (validation), reported on their test
splits against YAKE with ``python -m evaluation.keyphrases_eval`` (docs/methods-stories.md). The
plain top words (``ngrams``) and YAKE stay available as methods. Only paragraphs in scope are read;
offsets point into ``analysis.text``.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

import pandas as pd

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

TOP_KEYPHRASES = 15  # rows per article (notebooks show the top 10)
MAX_WORDS = 1  # the n-gram baseline's longest phrase, in words
DEDUPLICATION = 0.9  # YAKE's dedupLim for method="yake"
METHODS = ("phrases", "yake", "ngrams")

KEYPHRASE_COLUMNS = ["rank", "phrase", "score", "occurrences", "start_char", "end_char"]

_WORD = re.compile(r"\w+(?:['’]\w+)*")

# Verbs that introduce what someone said: frequent in every news story, key to none.
REPORTING_VERBS = frozenset({"said", "says", "say", "saying", "told", "tells", "tell", "added", "adds", "according", "stated", "asked"})
REPORTING_LEMMAS = frozenset({"say", "tell", "add", "accord", "state", "ask", "report", "claim", "announce", "insist", "warn"})

# Words that place a thing in time: alone (or with each other) never a key phrase.
TIME_WORDS = frozenset(
    """year years month months week weeks day days today yesterday tomorrow tonight hour hours minute minutes
    morning mornings afternoon evening evenings night nights weekend weekends decade decades century centuries
    time times moment period date fortnight spring summer autumn fall winter season seasons
    monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
    january february april june july august september october november december jan feb apr jun jul aug sep sept oct nov dec
    yr yrs hr hrs min mins am pm gmt bst utc est edt pst pdt cet""".split()
)
# Numbers in words and units: alone (or with each other) never a key phrase.
QUANTITY_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred hundreds thousand
    thousands million millions billion billions trillion trillions dozen dozens half quarter third percent per cent
    percentage mile miles kilometre kilometres kilometer kilometers km kms metre metres meter meters m cm mm
    foot feet ft inch inches yard yards pound pounds lb lbs kilogram kilograms kg kgs gram grams ton tons tonne tonnes
    gallon gallons litre litres liter liters acre acres hectare hectares degree degrees mph kmh bn mn""".split()
)
# Entity labels that are names (key phrases), and the ones that are times and quantities (never key phrases).
NAME_GROUPS = frozenset({"person", "organisation", "place", "group", "event", "product", "work", "law", "language"})
NUMBER_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_NOMINAL = frozenset({"NOUN", "PROPN"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "madam", "mister", "messrs", "dame", "lord", "lady", "mx", "prof", "rev"})
# Words that open a noun phrase without saying what it is about ("former president", "other countries").
_LEADING_FILLERS = frozenset(
    """former last next first second third new old other many several such same own few various certain
    recent current latest late early more most much less least little big large small great good bad
    major main key top further possible total whole entire additional similar different particular""".split()
)


@functools.lru_cache(maxsize=1)
def _title_words() -> tuple[frozenset[str], frozenset[str]]:
    """(titles and honorifics, words that only qualify a title), case-folded, from the entities' role words.

    A phrase of these words only, one of them a title ("President", "Prime Minister", "Mr"), is never
    a key phrase; "trade" or "health" alone (a title's qualifier) still is.
    """
    from utils.pipeline.names import ROLE_MODIFIERS, ROLE_WORDS

    modifiers = frozenset(word.casefold() for word in ROLE_MODIFIERS) | {"vice", "deputy", "acting", "former", "assistant"}
    titles = {word.casefold().rstrip(".") for word in ROLE_WORDS} | HONORIFICS | {
        "presidents", "ministers", "senators", "governors", "mayors", "premiers", "spokesperson", "ceo", "cfo", "coo", "chairperson",
        "jr", "sr", "hon", "rt", "mp", "mps", "rep", "reps", "secretaries", "judges", "kings", "queens", "princes", "chiefs",
        "spokesmen", "spokeswomen", "officers", "directors", "leader", "leaders", "official", "officials"}
    return frozenset((titles - modifiers) | {"attorney"}), modifiers - {"attorney"}


@dataclass(frozen=True)
class Scoring:
    """How a candidate's score is made: frequency × position × specificity × length, each a power of its part.

    ``frequency``: occurrences ** frequency_power. ``position``: 1 / (1 + s / position_scale) ** position_power,
    s the index of the first in-scope sentence holding the phrase (the headline is 0). ``specificity``:
    the mean over the phrase's words of 9 − the word's Zipf frequency in English (``wordfreq``; 0 for
    the commonest words, 9 for unseen ones), ** specificity_power (``name_specificity`` > 0: that
    value for every name instead). ``length``: words ** length_power. The defaults are the measured
    choice (docs/methods-stories.md); a power of 0 leaves its part out (the ablations).
    """

    frequency_power: float = 1.0
    word_frequency: float = 0.0  # 0: a phrase's own count; 1: the mean count of its words in all candidates; between: a mix
    position_power: float = 0.5
    position_scale: float = 3.0
    specificity_power: float = 1.0
    specificity_of: str = "mean"  # a phrase's specificity: the "mean" or "max" of its words', or the "whole" phrase's (wordfreq)
    name_specificity: float = 0.0
    length_power: float = 0.75
    deduplicate: bool = True  # drop a phrase whose words all lie inside a better-ranked phrase, or the reverse
    names: bool = True  # named mentions (entities) as candidates
    noun_phrases: bool = True  # runs of adjectives and nouns as candidates
    max_words: int = 4  # the longest noun phrase (longer runs keep their last words)
    titles: str = "all"  # a title alone is never a key phrase ("all"), or only when written as one ("capitalised": "the President")
    nationalities: str = "plural"  # named groups: "plural" (nouns: "Democrats", not "American" troops), "all", "none"
    name_compounds: bool = True  # a noun phrase may start with names ("Gaza conflict", "Obama administration")
    deduplicate_across: bool = True  # deduplicate a name against a noun phrase too


SCORING = Scoring()


@dataclass
class Candidate:
    """One key phrase candidate: its key, its occurrences (character spans) and what scoring needs."""

    key: str
    words: tuple[str, ...]
    is_name: bool
    group: str = ""  # a name's entity group ("person", "place", ...)
    occurrences: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    display: tuple[int, int] | None = None  # the occurrence shown (a name's fullest form, a phrase's first mid-sentence form)
    display_rank: tuple = ()

    @property
    def key_words(self) -> tuple[str, ...]:
        """The words compared across candidates: a name's words, case-folded; a noun phrase's key (head noun singular)."""
        return tuple(self.words) if self.is_name else tuple(self.key.split())


def keyphrase_table(text: str, spans: Sequence[tuple[int, int]], *, n: int = TOP_KEYPHRASES, method: str = "phrases",
                    doc: "Doc | None" = None, mentions: pd.DataFrame | None = None, scoring: Scoring = SCORING) -> pd.DataFrame:
    """The ``n`` key phrases of the parts ``spans`` of ``text``, best first.

    Returns ``rank`` (1 = best), ``phrase`` (as written: a name's fullest form, else its first
    occurrence inside a sentence), ``score`` (higher is better), ``occurrences`` (of every variant;
    a name's mentions) and ``start_char``/``end_char`` of the occurrence ``phrase`` shows, in ``text``.
    ``method="phrases"`` reads the parse ``doc`` of ``text`` and its named ``mentions`` (the
    mentions table); without them the in-scope text is parsed here and names come from spaCy's entities.
    """
    pieces = [(start, text[start:end]) for start, end in spans if end > start and text[start:end].strip()]
    body = "\n\n".join(piece for _, piece in pieces)
    if not _WORD.search(body):
        return empty_keyphrases()
    if method == "phrases":
        if doc is None:
            doc, mentions = parse_spans(text, [(start, start + len(piece)) for start, piece in pieces])
        ranked = rank_candidates(phrase_candidates(doc, [(start, start + len(piece)) for start, piece in pieces], mentions=mentions),
                                 scoring=scoring)[:n]
        rows = [{"phrase": text[c.display[0]:c.display[1]], "score": score, "occurrences": len(c.occurrences),
                 "start_char": c.display[0], "end_char": c.display[1]} for c, score in ranked]
        return _frame(rows)
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
    return _frame(rows)


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=KEYPHRASE_COLUMNS[1:])
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


def empty_keyphrases() -> pd.DataFrame:
    """A keyphrases table with no rows."""
    return pd.DataFrame({column: pd.Series(dtype="int64" if column in ("rank", "occurrences", "start_char", "end_char")
                                           else "float64" if column == "score" else "str") for column in KEYPHRASE_COLUMNS})


def parse_spans(text: str, spans: Sequence[tuple[int, int]]) -> tuple["Doc", pd.DataFrame]:
    """The project's parse of ``text`` and the named mentions of its ``spans`` (each span a body paragraph), for
    callers without the pipeline's parse."""
    from utils.pipeline.entities import mention_table
    from utils.pipeline.nlp import parse
    from utils.pipeline.sentences import SENTENCE_COLUMNS, split_sentences

    rows = []
    for paragraph_id, (start, end) in enumerate(sorted(spans)):
        for sentence_start, sentence_end in split_sentences(text[start:end]):
            rows.append({"sentence_id": len(rows), "paragraph_id": paragraph_id, "paragraph_kind": "body", "language": "en",
                         "in_scope": True, "text": text[start + sentence_start:start + sentence_end],
                         "start_char": start + sentence_start, "end_char": start + sentence_end})
    sentences = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    doc = parse(text, sentences["start_char"].tolist())
    return doc, mention_table(doc, sentences)


# --------------------------------------------------------------------------- candidates


def _is_title_case(tokens: Sequence["Token"]) -> bool:
    """True for a headline Written Like This: most of its longer words capitalised."""
    words = [token.text for token in tokens if token.is_alpha and len(token.text) > 3]
    return len(words) >= 3 and sum(word[0].isupper() for word in words) >= 0.75 * len(words)


def _bare_word(token: "Token") -> str:
    return token.lower_.replace("’", "'").strip(".'")


def is_never_keyphrase(words: Sequence[str], *, titles: bool = True) -> bool:
    """True when words (case-folded) are a title alone ("president", "prime minister"; honorifics always, other titles
    when ``titles``), only time words, quantities or numbers, one reporting verb or a single letter."""
    words = [word.strip(".'’") for word in words if any(char.isalnum() for char in word)]
    if not words:
        return True
    if len(words) == 1 and (len(words[0]) < 2 or words[0] in REPORTING_VERBS or words[0] in REPORTING_LEMMAS):
        return True
    title_words, modifiers = _title_words()
    if all(word in HONORIFICS for word in words):
        return True
    if titles and all(word in title_words or word in modifiers for word in words) and any(word in title_words for word in words):
        return True
    return all(word in TIME_WORDS or word in QUANTITY_WORDS or _is_number(word) for word in words)


def _is_number(word: str) -> bool:
    return bool(re.fullmatch(r"[\d.,:/%$£€-]+(?:s|st|nd|rd|th|m|bn|k)?", word))


def _name_spans(mentions: pd.DataFrame | None, in_scope) -> list[tuple[int, int, str, str, str]]:
    """(start_char, end_char, entity key, name, group) of each mention of a name, time or quantity in scope;
    group "" for times and quantities."""
    spans = []
    rows = mentions if mentions is not None else pd.DataFrame(columns=["start_char"])
    if "is_pronoun" in rows:
        rows = rows[~rows["is_pronoun"].astype(bool)]
    if "counted" in rows:
        rows = rows[rows["counted"].astype(bool)]
    for row in rows.itertuples(index=False):
        if in_scope(row.start_char):
            group = row.group if bool(row.is_named) and row.group in NAME_GROUPS else ""
            spans.append((int(row.start_char), int(row.end_char), f"entity:{int(row.entity_id)}", str(row.name), group))
    return spans


def phrase_candidates(doc: "Doc", spans: Sequence[tuple[int, int]], *, mentions: pd.DataFrame | None = None,
                      scoring: Scoring = SCORING) -> list[Candidate]:
    """The candidates of the in-scope ``spans`` of ``doc``: names (by entity) and noun phrases (by key), in order of first occurrence.

    A headline Written In Title Case makes no candidates of its own (its capitals say nothing about
    names): each candidate of the rest counts the times its written forms occur in it.
    """
    bounds = sorted(spans)
    text = doc.text  # Doc.text joins every token on each access: read it once

    def in_scope(char: int) -> bool:
        return any(start <= char < end for start, end in bounds)

    sentence_of: dict[int, int] = {}  # token index -> index of its sentence among the in-scope ones
    sentence_start: dict[int, int] = {}  # token index -> its sentence's first token (Token.sent is slow)
    title_case_headline, count = None, 0
    for sentence in doc.sents:
        if not in_scope(sentence.start_char):
            continue
        index = count
        count += 1
        for token in sentence:
            sentence_of[token.i] = index
            sentence_start[token.i] = sentence.start
        written_end = sentence.start_char + len(sentence.text.rstrip())
        if index == 0 and _is_title_case(sentence) and any(written_end <= end and not text[written_end:end].strip() for _, end in bounds) \
                and not sentence.text.rstrip("\"'”’ \n").endswith("."):
            title_case_headline = sentence  # a paragraph of one sentence, without a full stop, Written Like This

    name_at: dict[int, tuple[int, int, str, str, str]] = {}  # token -> its name, time or quantity mention
    for start, end, key, name, group in _name_spans(mentions, in_scope):
        span = doc.char_span(start, end, alignment_mode="expand")
        for token in span if span is not None else ():
            name_at[token.i] = (start, end, key, name, group)

    candidates: dict[str, Candidate] = {}

    def add(key: str, words: tuple[str, ...], is_name: bool, start: int, end: int, sentence: int, display_rank: tuple, group: str = "") -> None:
        candidate = candidates.get(key)
        if candidate is None:
            candidate = candidates[key] = Candidate(key=key, words=words, is_name=is_name, group=group)
        candidate.occurrences.append((start, end))
        candidate.sentences.append(sentence)
        if candidate.display is None or display_rank < candidate.display_rank:
            candidate.display, candidate.display_rank = (start, end), display_rank
            if is_name:
                candidate.words = words

    def is_name_token(token: "Token") -> bool:
        return bool(name_at.get(token.i, ("", "", "", "", ""))[4])

    def add_noun_phrase(tokens: list["Token"]) -> None:
        if tokens and is_name_token(tokens[-1]):  # ends in a name: only what comes before it, without names
            while tokens and (is_name_token(tokens[-1]) or not tokens[-1].text.strip("-–—")):
                tokens.pop()
            if any(is_name_token(token) for token in tokens):
                return
        # no leading filler, number, stopword or punctuation; ends in a noun; at most max_words words (the last ones)
        while tokens and (tokens[0].pos_ not in _NOMINAL and tokens[0].pos_ != "ADJ" or tokens[0].is_stop or tokens[0].like_num
                          or _bare_word(tokens[0]) in _LEADING_FILLERS or not tokens[0].text.strip("-–—")):
            tokens.pop(0)
        while tokens and (tokens[-1].pos_ not in _NOMINAL or not tokens[-1].text.strip("-–—")):
            tokens.pop()
        title_words, _ = _title_words()
        while len(tokens) > 1 and (_bare_word(tokens[0]) in HONORIFICS or _bare_word(tokens[0]) in title_words
                                   and tokens[0].text[:1].isupper() and tokens[1].pos_ == "PROPN"):
            tokens.pop(0)  # a name the model missed, after its title ("Mr Hughes" → "Hughes")
        words_of = [token for token in tokens if token.text.strip("-–—")]
        if len(words_of) > scoring.max_words:
            first_kept = words_of[-scoring.max_words]
            tokens = [token for token in tokens if token.i >= first_kept.i]
        if not tokens:
            return
        words = tuple(_bare_word(token) for token in tokens if token.text.strip("-–—"))
        mid_sentence = tokens[0].i > sentence_start[tokens[0].i]
        as_title = scoring.titles == "all" or tokens[0].text[:1].isupper() and mid_sentence
        if is_never_keyphrase(words, titles=as_title):
            return
        head = tokens[-1]
        head_form = head.lemma_.casefold() if head.pos_ == "NOUN" and head.lemma_ else _bare_word(head)
        key = " ".join(words[:-1] + (head_form,)).replace("-", " ")
        add(key, words, False, tokens[0].idx, head.idx + len(head.text), sentence_of[head.i], (not mid_sentence, tokens[0].idx))

    run: list["Token"] = []
    seen: set[tuple[int, int]] = set()
    for token in doc:
        skip = token.i not in sentence_of or (title_case_headline is not None and token.i < title_case_headline.end)
        mention = None if skip else name_at.get(token.i)
        if mention is None and token.ent_type_ in NUMBER_LABELS:  # a date, time or quantity the mentions do not hold
            mention = (token.idx, token.idx + len(token.text), "", token.text, "")
        starts_sentence = sentence_start.get(token.i) == token.i
        in_compound = scoring.name_compounds and mention is not None and bool(mention[4])  # a name may open a noun phrase
        if skip or (mention is not None and not in_compound) or starts_sentence or token.tag_ == "POS" \
                or (token.is_punct and token.text != "-") or token.is_space:
            if scoring.noun_phrases and run:
                add_noun_phrase(run)
            run = []
        if skip or token.tag_ == "POS" or (token.is_punct and token.text != "-") or token.is_space:
            continue
        if mention is not None:
            start, end, key, name, group = mention
            if group and scoring.names and (start, end) not in seen and (group != "group" or scoring.nationalities != "none"):
                seen.add((start, end))
                last = doc.char_span(start, end, alignment_mode="expand")[-1]
                offset = text.find(name, start, end)
                if offset >= 0:  # the name inside the mention ("President Bush's" → "Bush")
                    start, end = offset, offset + len(name)
                words = tuple(word.casefold() for word in _WORD.findall(name))
                # "American" troops: a nationality as an adjective is no key phrase; the mentions drop titles alone;
                # a one-word abbreviation ("Va.", "Calif." after a senator's name) is none either
                abbreviation = len(words) == 1 and name.endswith(".") and name.count(".") == 1
                if not (group == "group" and scoring.nationalities == "plural" and last.tag_ not in ("NNS", "NNPS")) \
                        and not abbreviation and not is_never_keyphrase(words, titles=False):
                    add(key, words, True, start, end, sentence_of[token.i], (-len(words), -len(name), start), group)
            if in_compound:
                run.append(token)
            continue
        if token.pos_ in _NOMINAL or token.pos_ == "ADJ" or (token.text == "-" and run and not token.whitespace_):
            run.append(token)
        elif run:
            if scoring.noun_phrases:
                add_noun_phrase(run)
            run = []
    if scoring.noun_phrases and run:
        add_noun_phrase(run)
    found = _merged_short_names(_merged_with_names(list(candidates.values())))
    if title_case_headline is not None:
        _count_in_headline(found, text, title_case_headline)
    return found


def _count_in_headline(candidates: list[Candidate], text: str, headline) -> None:
    """Each candidate's written forms found in a title-case ``headline`` (whole words, any case), longest first, as occurrences in sentence 0."""
    forms = []
    for candidate in candidates:
        for form in {text[start:end].casefold() for start, end in candidate.occurrences}:
            if _WORD.search(form):
                forms.append((len(form), form, candidate))
    claimed: list[tuple[int, int]] = []
    for _, form, candidate in sorted(forms, key=lambda item: -item[0]):
        for match in phrase_pattern(form).finditer(text, headline.start_char, headline.end_char):
            if any(match.start() < end and start < match.end() for start, end in claimed):
                continue
            claimed.append(match.span())
            candidate.occurrences.append(match.span())
            candidate.sentences.append(0)


def _merged_short_names(candidates: list[Candidate]) -> list[Candidate]:
    """A person's name whose words begin or end exactly one longer person's name of the article ("Raisi", "Ebrahim Raisi") counted with it."""
    names = [c for c in candidates if c.is_name]
    merged: set[int] = set()
    for short in sorted(names, key=lambda c: len(c.words)):
        size = len(short.words)
        if short.group != "person":
            continue
        longer = [c for c in names if len(c.words) > size and id(c) not in merged and c.group == "person"
                  and (c.words[:size] == short.words or c.words[-size:] == short.words)]
        if len(longer) != 1:
            continue
        longer[0].occurrences.extend(short.occurrences)
        longer[0].sentences.extend(short.sentences)
        merged.add(id(short))
    return [c for c in candidates if id(c) not in merged]


def _merged_with_names(candidates: list[Candidate]) -> list[Candidate]:
    """Noun phrases written like a name of the article ("Exxon" not found as a name once) counted with that name."""
    from utils.pipeline.names import name_key

    names = {name_key(" ".join(c.words)): c for c in candidates if c.is_name}
    kept = []
    for candidate in candidates:
        target = None if candidate.is_name else names.get(name_key(candidate.key))
        if target is None:
            kept.append(candidate)
            continue
        target.occurrences.extend(candidate.occurrences)
        target.sentences.extend(candidate.sentences)
    return kept


def phrase_key(phrase: str) -> str:
    """The form phrases of different articles are compared in: case-folded, without possessive, dots and hyphens,
    a lower-case last word's plural made singular by rule ("oil spills" → "oil spill"; a name's is kept: "AIDS", "Times")."""
    written = [word for word in re.split(r"[\s\-–—]+", phrase.replace("’", "'").replace(".", "")) if word]
    words = [re.sub(r"'s?$", "", word.casefold()) for word in written]
    if words and written[-1].islower():
        words[-1] = _singular(words[-1])
    return " ".join(word for word in words if word)


def person_keys(names: Sequence[str], *, mentions: Sequence[int] | None = None) -> dict[str, str]:
    """Phrase key → the key of the person it names, over a corpus's PERSON names (and their mention counts):
    names with the same first and last word are one ("donald j trump" → "donald trump"), and a one-word name
    is the person whose last word it is ("trump"), when only one person has that last word or one has at least
    ``SURNAME_DOMINANCE`` times the mentions of each other ("Donald Trump" 121, "Melania Trump" 1)."""
    counts: dict[str, int] = {}
    for name, count in zip(names, mentions if mentions is not None else [1] * len(names)):
        key = phrase_key(name)
        counts[key] = counts.get(key, 0) + int(count)
    full: dict[tuple[str, str], str] = {}
    for key in sorted((key for key in counts if len(key.split()) > 1), key=lambda key: (len(key.split()), key)):
        words = key.split()
        full.setdefault((words[0], words[-1]), key)  # the shortest form stands for the person
    mapping = {key: full[(key.split()[0], key.split()[-1])] for key in counts if len(key.split()) > 1}
    person_mentions: dict[str, int] = {}
    for key, target in mapping.items():
        person_mentions[target] = person_mentions.get(target, 0) + counts[key]
    by_last: dict[str, list[str]] = {}
    for (_, last), key in full.items():
        by_last.setdefault(last, []).append(key)
    for key in counts:
        people = sorted(by_last.get(key, ()), key=lambda person: -person_mentions[person])
        if len(key.split()) == 1 and people and (
                len(people) == 1 or person_mentions[people[0]] >= SURNAME_DOMINANCE * person_mentions[people[1]]):
            mapping[key] = people[0]
    return mapping


SURNAME_DOMINANCE = 5  # a surname shared by several people of a corpus is the one mentioned this many times more than each other


_SAME_PLURAL = frozenset("news series species means politics economics physics athletics headquarters crossroads".split())


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.isalpha() or word in _SAME_PLURAL or word.endswith(("ss", "us", "is", "ous")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


# --------------------------------------------------------------------------- scoring


@functools.lru_cache(maxsize=1)
def _zipf() -> "callable":
    from wordfreq import zipf_frequency

    return functools.lru_cache(maxsize=65536)(lambda word: zipf_frequency(word, "en"))


def word_specificity(word: str) -> float:
    """How rare ``word`` is in English: 9 − its Zipf frequency (``wordfreq``), 0 for the commonest, 9 for unseen words."""
    return max(0.0, 9.0 - _zipf()(word))


def candidate_score(candidate: Candidate, *, scoring: Scoring = SCORING, word_counts: dict[str, int] | None = None) -> float:
    """A candidate's score (``Scoring``): frequency × position × specificity × length."""
    frequency = float(len(candidate.occurrences))
    if scoring.word_frequency and word_counts:
        words = candidate.key_words
        word_mean = sum(word_counts.get(word, 0) for word in words) / max(len(words), 1)
        frequency = (1 - scoring.word_frequency) * frequency + scoring.word_frequency * word_mean
    frequency = frequency ** scoring.frequency_power
    first = min(candidate.sentences) if candidate.sentences else 0
    position = 1.0 / (1.0 + first / scoring.position_scale) ** scoring.position_power
    if candidate.is_name and scoring.name_specificity:
        specificity = scoring.name_specificity
    else:
        words = [word for word in candidate.words if any(char.isalnum() for char in word)]
        if scoring.specificity_of == "max":
            specificity = max((word_specificity(word) for word in words), default=0.0)
        elif scoring.specificity_of == "whole":
            specificity = word_specificity(" ".join(words))
        else:
            specificity = sum(word_specificity(word) for word in words) / max(len(words), 1)
    specificity = specificity ** scoring.specificity_power if specificity > 0 else 0.0
    length = len(candidate.words) ** scoring.length_power
    return frequency * position * specificity * length


def rank_candidates(candidates: Iterable[Candidate], *, scoring: Scoring = SCORING) -> list[tuple[Candidate, float]]:
    """Candidates with their scores, best first (ties: first occurrence first); with ``scoring.deduplicate``,
    a phrase whose words all lie inside a better one (or hold all of a better one's words) is dropped."""
    candidates = list(candidates)
    word_counts: dict[str, int] = {}
    if scoring.word_frequency:
        for candidate in candidates:
            for word in candidate.key_words:
                word_counts[word] = word_counts.get(word, 0) + len(candidate.occurrences)
    scored = sorted(((c, candidate_score(c, scoring=scoring, word_counts=word_counts)) for c in candidates),
                    key=lambda item: (-item[1], min(item[0].occurrences)))
    if not scoring.deduplicate:
        return scored
    kept: list[tuple[Candidate, float]] = []
    kept_words: list[tuple[set[str], bool]] = []
    for candidate, score in scored:
        words = set(candidate.key_words)
        if any((words <= other or other <= words) and (scoring.deduplicate_across or is_name == candidate.is_name) for other, is_name in kept_words):
            continue
        kept.append((candidate, score))
        kept_words.append((words, candidate.is_name))
    return kept


# --------------------------------------------------------------------------- the other methods


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
    """The plain baseline: the ``n`` most frequent 1- to ``max_words``-grams of a sentence (no stopword at either end,
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
