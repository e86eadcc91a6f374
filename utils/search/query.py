"""The query language: Lucene / Media Cloud syntax, parsed with luqum into our own small tree.

``parse_query(text)`` returns a tree of :class:`Text` (words and phrases), :class:`Keyword`
(``source:``, ``category:``, ``entity:``, ``speaker:``), :class:`DateRange`, :class:`And`,
:class:`Or`, :class:`Not` and :class:`Everything` nodes; ``utils.search.index`` compiles it into
tantivy query objects, ``utils.search.scan`` evaluates it by brute force. The semantics are ours
(docs/search.md), not tantivy's own query parser's. A malformed query raises :class:`QueryError`
naming the position and what was expected.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Iterator

from utils.errors import NewsAnalysisError

TEXT_FIELDS = ("text", "title")  # words: "text" (the article's sentences), "title"; no field: both
KEYWORD_FIELDS = ("source", "category", "entity", "speaker")
FIELDS = (*TEXT_FIELDS, *KEYWORD_FIELDS, "date")
WILDCARDS = re.compile(r"[*?]")
MAX_TOKEN_CHARS = 40  # longer tokens are dropped by the tokenizer (tantivy's RemoveLongFilter), in the index and in queries


class QueryError(NewsAnalysisError, ValueError):
    """A query that cannot be read: the message names the position and what was expected there."""

    def __init__(self, query: str, position: int, problem: str):
        self.query, self.position, self.problem = query, position, " ".join(problem.split())
        where = "at the end" if position >= len(query) else f"at position {position} ({query[position:position + 12]!r})"
        super().__init__(f"query {query!r}: {where}: {self.problem}")


# --------------------------------------------------------------------------- the tree


@dataclass(frozen=True)
class Text:
    """Words in the article text and/or title: one token (a word), several (a phrase), or a wildcard pattern."""

    field: str  # "any" (text or title), "text", "title"
    tokens: tuple[str, ...]
    slop: int = 0  # a phrase's proximity (``"a b"~3``); 0: the words side by side, in order
    pattern: str | None = None  # a wildcard word as a regular expression over lower-cased tokens

    def __str__(self) -> str:
        field = "" if self.field == "any" else f"{self.field}:"
        if self.pattern is not None:
            return f"{field}/{self.pattern}/"
        if len(self.tokens) == 1:
            return field + self.tokens[0]
        return field + '"' + " ".join(self.tokens) + '"' + (f"~{self.slop}" if self.slop else "")


@dataclass(frozen=True)
class Keyword:
    """A whole value of a metadata or entity field, lower-cased (``source:"outlet 1"``), or a wildcard pattern."""

    field: str
    value: str
    pattern: str | None = None

    def __str__(self) -> str:
        return f"{self.field}:/{self.pattern}/" if self.pattern is not None else f'{self.field}:"{self.value}"'


@dataclass(frozen=True)
class DateRange:
    """Articles dated from ``low`` to ``high`` (both included; None: open)."""

    low: dt.date | None
    high: dt.date | None

    def __str__(self) -> str:
        return f"date:[{self.low or '*'} TO {self.high or '*'}]"


@dataclass(frozen=True)
class And:
    children: tuple

    def __str__(self) -> str:
        return "(" + " AND ".join(map(str, self.children)) + ")"


@dataclass(frozen=True)
class Or:
    children: tuple

    def __str__(self) -> str:
        return "(" + " OR ".join(map(str, self.children)) + ")"


@dataclass(frozen=True)
class Not:
    child: object

    def __str__(self) -> str:
        return f"NOT {self.child}"


@dataclass(frozen=True)
class Everything:
    """``*``: every article."""

    def __str__(self) -> str:
        return "*"


Node = Text | Keyword | DateRange | And | Or | Not | Everything


def positive_leaves(node: Node, *, negated: bool = False) -> Iterator[Text | Keyword]:
    """The word, phrase, entity and speaker clauses a matching article must (or may) hold: those not under a NOT.

    They pick the matching sentences of a matching article (its hits and KWIC lines).
    """
    if isinstance(node, Not):
        yield from positive_leaves(node.child, negated=not negated)
    elif isinstance(node, (And, Or)):
        for child in node.children:
            yield from positive_leaves(child, negated=negated)
    elif not negated and isinstance(node, (Text, Keyword)):
        yield node


# --------------------------------------------------------------------------- tokens


@functools.lru_cache(maxsize=1)
def analyzer():
    """The tokenizer of the text and title fields, in the index and in queries: tantivy's simple tokenizer
    (splits on every character that is not a letter or digit), long tokens removed, lower-cased."""
    import tantivy

    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_CHARS))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


@functools.lru_cache(maxsize=1)
def keyword_analyzer():
    """The tokenizer of the keyword fields: the whole value as one token, lower-cased."""
    import tantivy

    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw()).filter(tantivy.Filter.lowercase()).build()


def tokens(text: str) -> list[str]:
    """``text`` as the index's tokens (lower-cased words and numbers)."""
    return analyzer().analyze(text)


def keyword(value: str) -> str:
    """A keyword field's value as stored and searched: whitespace collapsed, lower-cased."""
    return " ".join(str(value).split()).lower()


def wildcard_pattern(word: str) -> str:
    """A lower-cased word with ``*`` (any characters) and ``?`` (one character) as a regular expression."""
    return "".join(".*" if char == "*" else "." if char == "?" else re.escape(char) for char in word.lower())


# --------------------------------------------------------------------------- parsing


def parse_query(query: str) -> Node:
    """The query as a tree; :class:`QueryError` when it is malformed or uses what we do not support."""
    from luqum.exceptions import IllegalCharacterError, ParseSyntaxError
    from luqum.parser import parser

    _check_brackets(query)
    try:
        tree = parser.parse(query)
    except IllegalCharacterError as error:
        position = _position(str(error), len(query))
        raise QueryError(query, position, f"this character cannot start a word here; expected a word, a \"phrase\", a field such as source:BBC, or '('") from None
    except ParseSyntaxError as error:
        message = str(error)
        if "unexpected end" in message:
            last = query.split()[-1] if query.split() else ""
            raise QueryError(query, len(query), _expected_after(last)) from None
        position = _position(message, len(query))
        found = query[position:].split()[0] if query[position:].split() else query[position:]
        raise QueryError(query, position, f"unexpected {found!r}; expected a word, a \"phrase\", a field such as source:BBC, or '('") from None
    return _Builder(query).node(tree, field=None)


def _position(message: str, length: int) -> int:
    match = re.search(r"position (\d+)", message)
    return int(match.group(1)) if match else length


def _expected_after(last: str) -> str:
    if last in ("AND", "OR", "NOT", "&&", "||", "!"):
        return f"expected a word, a \"phrase\" or '(' after {last}"
    if last.endswith(":"):
        return f"expected a value after the field {last}"
    return "the query ends too early: expected a word, a \"phrase\" or '('"


def _check_brackets(query: str) -> None:
    """Empty queries, unclosed quotes and unbalanced parentheses, with the position of the culprit."""
    if not query.strip():
        raise QueryError(query, 0, 'the query is empty: expected a word, a "phrase" or a field such as source:BBC')
    opened: list[int] = []
    quote: int | None = None
    index = 0
    while index < len(query):
        char = query[index]
        if char == "\\":
            index += 2
            continue
        if quote is not None:
            quote = None if char == '"' else quote
        elif char == '"':
            quote = index
        elif char == "(":
            opened.append(index)
        elif char == ")":
            if not opened:
                raise QueryError(query, index, "')' closes no '('")
            opened.pop()
        index += 1
    if quote is not None:
        raise QueryError(query, quote, 'the phrase opened here is never closed: expected a closing "')
    if opened:
        raise QueryError(query, opened[-1], "the '(' opened here is never closed: expected ')'")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


class _Builder:
    """luqum's tree → ours, with positions for the errors."""

    def __init__(self, query: str):
        self.query = query

    def error(self, item, problem: str) -> QueryError:
        position = getattr(item, "pos", None)
        return QueryError(self.query, position if isinstance(position, int) else 0, problem)

    def node(self, item, *, field: str | None) -> Node:
        from luqum import tree

        if isinstance(item, (tree.AndOperation, tree.UnknownOperation)):
            return And(tuple(self.node(child, field=field) for child in item.children))
        if isinstance(item, tree.OrOperation):
            return Or(tuple(self.node(child, field=field) for child in item.children))
        if isinstance(item, (tree.Not, tree.Prohibit)):
            return Not(self.node(item.a, field=field))
        if isinstance(item, tree.Plus):
            return self.node(item.a, field=field)
        if isinstance(item, (tree.Group, tree.FieldGroup)):
            return self.node(item.expr, field=field)
        if isinstance(item, tree.SearchField):
            if field is not None:
                raise self.error(item, f"a field inside the field {field}: is not allowed")
            name = item.name.lower()
            if name not in FIELDS:
                raise self.error(item, f"unknown field {item.name!r}: expected one of {', '.join(f + ':' for f in FIELDS)}")
            return self.node(item.expr, field=name)
        if isinstance(item, tree.Range):
            if field != "date":
                raise self.error(item, "a range [a TO b] works on date: only, e.g. date:[2004-01-01 TO 2004-03-31]")
            return self.date_range(item, low=item.low, high=item.high, include_low=item.include_low, include_high=item.include_high)
        if isinstance(item, tree.Proximity):
            if not isinstance(item.term, tree.Phrase):
                raise self.error(item, 'proximity (~N) applies to a "phrase", e.g. "iran talks"~3')
            degree = 1 if item.degree is None else int(item.degree)
            return self.phrase(item.term, field=field, slop=degree)
        if isinstance(item, tree.Fuzzy):
            raise self.error(item, 'fuzzy words (word~N) are not supported: expected a word, a wildcard (immigra*) or a "phrase"~N')
        if isinstance(item, tree.Boost):
            raise self.error(item, "boosts (^N) are not supported: every clause counts the same")
        if isinstance(item, tree.Regex):
            raise self.error(item, "regular expressions (/.../) are not supported: expected a word or a wildcard (immigra*)")
        if isinstance(item, tree.Phrase):
            return self.phrase(item, field=field, slop=0)
        if isinstance(item, tree.Word):
            return self.word(item, field=field)
        raise self.error(item, f"{item!s} is not supported here: expected a word, a \"phrase\" or a field")

    def word(self, item, *, field: str | None) -> Node:
        value = _unescape(item.value)
        if field == "date":
            low, high = self.date_bounds(item, value)
            return DateRange(low, high)
        if value == "*":
            return Everything()
        if field in KEYWORD_FIELDS:
            if WILDCARDS.search(value):
                return Keyword(field, keyword(value.replace("*", "").replace("?", "")), wildcard_pattern(keyword(value)))
            return Keyword(field, keyword(value))
        text_field = field or "any"
        if WILDCARDS.search(value):
            stem = WILDCARDS.sub("", value)
            if len(tokens(stem)) != 1 or tokens(stem)[0] != stem.lower():
                raise self.error(item, f"a wildcard works on one word of letters and digits, not {value!r}")
            return Text(text_field, (stem.lower(),), pattern=wildcard_pattern(value))
        words = tokens(value)
        if not words:
            raise self.error(item, f"{value!r} holds no word to search (only punctuation)")
        return Text(text_field, tuple(words))

    def phrase(self, item, *, field: str | None, slop: int) -> Node:
        value = _unescape(item.value[1:-1])
        if field == "date":
            low, high = self.date_bounds(item, value.strip())
            return DateRange(low, high)
        if field in KEYWORD_FIELDS:
            return Keyword(field, keyword(value))
        words = tokens(value)
        if not words:
            raise self.error(item, "an empty phrase: expected words between the quotes")
        return Text(field or "any", tuple(words), slop=slop if len(words) > 1 else 0)

    def date_bounds(self, item, value: str) -> tuple[dt.date, dt.date]:
        """A date written as YYYY, YYYY-MM or YYYY-MM-DD: its first and last day."""
        try:
            if re.fullmatch(r"\d{4}", value):
                return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
            if re.fullmatch(r"\d{4}-\d{2}", value):
                first = dt.date(int(value[:4]), int(value[5:]), 1)
                following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
                return first, following - dt.timedelta(days=1)
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                day = dt.date.fromisoformat(value)
                return day, day
        except ValueError:
            pass
        raise self.error(item, f"{value!r} is not a date: expected YYYY-MM-DD (or YYYY-MM, YYYY), e.g. date:[2004-01-01 TO 2004-03-31]")

    def date_range(self, item, *, low, high, include_low: bool, include_high: bool) -> DateRange:
        first = last = None
        if str(low) != "*":
            start, end = self.date_bounds(low, _unescape(str(low)).strip('"'))
            first = start if include_low else end + dt.timedelta(days=1)
        if str(high) != "*":
            start, end = self.date_bounds(high, _unescape(str(high)).strip('"'))
            last = end if include_high else start - dt.timedelta(days=1)
        return DateRange(first, last)
