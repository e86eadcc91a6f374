"""Quotation marks: the quoted parts of a text, found in one pass over the marks of each paragraph
(straight "…", curly “…”, guillemets « »; ``quotes.quote_table`` first turns each two apostrophes ''
into a straight mark, rule two_apostrophes). A quotation may run over several paragraphs (a paragraph
opening a quote it does not close, the next paragraph opening again), also when the text lost the
breaks between them (rule reopened_quote); an unbalanced mark is dropped at its paragraph's end and
nested marks of another family are ignored, so the scan stays linear in the text. No parse: marks only.
"""

from __future__ import annotations

import re

from utils.pipeline.quote_rules import RULES

OPENERS = {"“": "”", "«": "»", "\"": "\"”", "„": "“”"}  # opener → the marks that close it
CLOSERS = frozenset("”»\"“")
QUOTE_MARKS = frozenset("“”«»\"„")
_MARK = re.compile("[“”«»\"„]")


def quotation_mark_spans(text: str, paragraphs: list[tuple[int, int, int]]) -> list[tuple[list[tuple[int, int]], int]]:
    """Quoted parts of ``text``: (fragments, paragraph_id), one item per quotation (several fragments over paragraphs).

    ``paragraphs`` are (paragraph_id, start_char, end_char). One pass over the marks of each paragraph.
    """
    found: list[tuple[list[tuple[int, int]], int]] = []
    pending: tuple[list[tuple[int, int]], int, str] | None = None  # fragments so far, first paragraph, opener
    for index, (paragraph_id, start, end) in enumerate(paragraphs):
        body = text[start:end]
        opener, open_at, carried, first_paragraph = "", -1, [], paragraph_id
        if pending is not None:
            fragments, pending_paragraph, pending_opener = pending
            pending = None
            lead = len(body) - len(body.lstrip())
            if lead < len(body) and body[lead] in OPENERS and _family(body[lead]) == _family(pending_opener):
                opener, open_at, carried, first_paragraph = body[lead], start + lead, fragments, pending_paragraph
        last_curly_close = body.rfind("”")  # once per paragraph: keeps the scan linear
        for match in _MARK.finditer(body):
            position = match.start()
            mark, at = body[position], start + position
            if opener:
                if at == open_at:
                    continue
                if opener == mark == "\"" and RULES["reopened_quote"] and _reopens(body, position):
                    # 'happened. "If he has to talk': the quotation's next paragraph, its break lost
                    carried = carried + [(open_at, start + _end_before_space(body, position))]
                    open_at = at
                    continue
                # “…" (mixed marks in careless text) closes at the straight mark only when no ” follows
                straight_closes_curly = opener == "“" and mark == "\"" and position > last_curly_close
                if mark in OPENERS[opener] or straight_closes_curly:
                    found.append((carried + [(open_at, at + 1)], first_paragraph))
                    opener, open_at, carried, first_paragraph = "", -1, [], paragraph_id
                continue  # a mark of another family inside a quotation: nested, ignored
            if mark in OPENERS and not (mark == "\"" and _looks_closing(body, position)):
                opener, open_at = mark, at
        if opener and index + 1 < len(paragraphs):
            # open at the paragraph's end: continued if the next paragraph opens a quotation, else dropped
            pending = (carried + [(open_at, end)], first_paragraph, opener)
    return found


def _family(mark: str) -> str:
    return "guillemet" if mark in "«»" else "double"


def _reopens(body: str, position: int) -> bool:
    """A straight mark that opens the next paragraph of an open quotation whose break was lost: after
    a space that follows a sentence's end (". ", "?' ", "!) "), before a word character."""
    if position + 1 >= len(body) or not body[position + 1].isalnum() or position == 0 or not body[position - 1].isspace():
        return False
    last = _end_before_space(body, position) - 1  # scans back over a few characters only: the pass stays linear
    while last >= 0 and body[last] in "'’)":
        last -= 1
    return last >= 0 and body[last] in ".?!…"


def _end_before_space(body: str, position: int) -> int:
    """The end of the text before the spaces ending just before ``position``."""
    while position > 0 and body[position - 1].isspace():
        position -= 1
    return position


def _looks_closing(body: str, position: int) -> bool:
    """A straight quote right after a word character and before a space or end is an inch mark or a stray closer."""
    before = body[position - 1] if position else " "
    return before.isdigit()
