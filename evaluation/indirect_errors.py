"""Dev-only: error analysis of indirect quotations on PolNeAR-style JSONL (issue 26).

    python -m evaluation.indirect_errors PATH [--cache FILE] [--limit N] [--examples K] [--set RULE=0|1 ...]

Scores ``quote_table`` as ``evaluation.quotes_eval`` does (one-to-one matching, overlap ≥ half of
the longer span, any kind), then puts every **missed gold indirect attribution** and every **indirect
row of ours that matches no gold** into one category, decided from the parse:

missed gold (first category that applies):

- ``boundary_<how>``: one of our rows overlaps the gold content but by less than half of the longer
  span; ``<how>`` says which way (``boundary_kind``);
- ``no_cue``: the gold attribution has no cue span;
- ``according_to``: the gold cue holds "according";
- ``cue_verb_direct_only`` / ``cue_verb_used_by_quote`` / ``cue_verb_<dep>``: the cue's head word is
  a verb of ``quote_cues.CUE_VERBS`` but it only counts next to quotation marks, or a direct/mixed row
  already took it, or its content is not a ``ccomp`` (the dependency of the child covering the gold
  content, e.g. ``xcomp`` for "promised to", ``none`` when no child covers it);
- ``belief`` (think, believe, expect, hope, feel, know, …), ``intent`` (want, plan, intend, seek, …),
  ``noun_cue`` (the cue's head word is a noun: "a statement", "claims"), ``other_verb`` (a verb not in
  ``CUE_VERBS``: call, show, accuse, …), ``other``.

our unmatched indirect rows: ``below_half_<how>`` (some gold overlaps it, not enough; ``<how>`` as
for the boundary misses), ``no_gold_near`` (nothing annotated there), each counted by our cue lemma too.

Prints JSON: counts per category, gold cue lemmas per category, and up to K examples each
(sentence text, gold span, our span). For measurement only: PolNeAR text stays out of the project.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from utils.pipeline import quote_cues, quote_rules, quotes
from evaluation import quotes_eval

BELIEF = frozenset("think believe expect hope feel know consider fear suspect doubt assume worry understand "
                   "realize realise see view regard find imagine guess bet reckon trust recognize recognise".split())
INTENT = frozenset("want plan intend seek aim wish hope_to need try attempt propose threaten pledge "
                   "offer refuse decide vow promise".split())


def _head_of_span(doc, start: int, end: int):
    """The token of [start, end) whose head lies outside it (the syntactic head of the span), or None."""
    tokens = [token for token in doc if start <= token.idx < end]
    if not tokens:
        return None
    inside = {token.i for token in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[0]


def _content_dep(cue, start: int, end: int) -> str:
    """The dependency of the cue's child whose subtree covers most of the gold content, "none" if none."""
    best, best_overlap = "none", 0
    for child in cue.children:
        lo, hi = child.left_edge.idx, child.right_edge.idx + len(child.right_edge)
        overlap = max(0, min(hi, end) - max(lo, start))
        if overlap > best_overlap:
            best, best_overlap = child.dep_, overlap
    return best


def boundary_kind(gold: tuple[int, int], ours: tuple[int, int], cue, sentence_bounds: list[tuple[int, int]]) -> str:
    """How our span misses a gold span it overlaps by less than half.

    ``ours_shorter_cue_inside`` (the gold span runs over the cue: "A, the paper said, B"),
    ``ours_shorter_sentences`` (the gold span runs over a sentence end), ``ours_shorter_after`` /
    ``ours_shorter_before`` (the gold goes on after / starts before ours in the sentence),
    ``ours_longer_sentences``, ``ours_longer_after`` / ``ours_longer_before``, ``shifted``.
    """
    def crosses(start: int, end: int) -> bool:
        return any(start < a < end for a, _ in sentence_bounds)

    if ours[0] >= gold[0] and ours[1] <= gold[1]:
        if cue is not None and gold[0] <= cue.idx < gold[1] and not ours[0] <= cue.idx < ours[1]:
            return "ours_shorter_cue_inside"
        if crosses(*gold):
            return "ours_shorter_sentences"
        return "ours_shorter_after" if gold[1] - ours[1] >= ours[0] - gold[0] else "ours_shorter_before"
    if ours[0] <= gold[0] and ours[1] >= gold[1]:
        if crosses(*ours):
            return "ours_longer_sentences"
        return "ours_longer_after" if ours[1] - gold[1] >= gold[0] - ours[0] else "ours_longer_before"
    return "shifted"


def categorise_missed(q: dict, doc, predicted: list[tuple[int, int]], kinds: list[str], used_cues: set[int],
                      sentence_bounds: list[tuple[int, int]]) -> tuple[str, str]:
    """(category, gold cue lemma) of a missed gold indirect attribution."""
    span = (q["quote_start"], q["quote_end"])
    cue_head = _head_of_span(doc, q["cue_start"], q["cue_end"]) if q.get("cue_start") is not None else None
    lemma = cue_head.lemma_.lower() if cue_head is not None else ""
    best, best_overlap = None, 0
    for j, other in enumerate(predicted):
        overlap = quotes_eval._overlap(span, other)
        if overlap > best_overlap:
            best, best_overlap = j, overlap
    if best is not None:
        return "boundary_" + boundary_kind(span, predicted[best], cue_head, sentence_bounds), lemma
    if cue_head is None:
        return "no_cue", ""
    cue_text = (q.get("cue") or "").lower()
    if "according" in cue_text:
        return "according_to", "according to"
    if lemma in quote_cues.CUE_VERBS and cue_head.pos_ in {"VERB", "AUX"}:
        if lemma in quote_cues.DIRECT_ONLY_CUES:
            return "cue_verb_direct_only", lemma
        if cue_head.i in used_cues:
            return "cue_verb_used_by_quote", lemma
        return f"cue_verb_{_content_dep(cue_head, *span)}", lemma
    if lemma in BELIEF:
        return "belief", lemma
    if lemma in INTENT:
        return "intent", lemma
    if cue_head.pos_ in {"NOUN", "PROPN"}:
        return "noun_cue", lemma
    if cue_head.pos_ in {"VERB", "AUX"}:
        return "other_verb", lemma
    return "other", lemma


def _sentence(text: str, start: int, end: int, limit: int = 400) -> str:
    lo = max(text.rfind("\n", 0, start) + 1, start - 200)
    hi = text.find("\n", end)
    hi = min(hi if hi >= 0 else len(text), end + 200)
    return text[lo:hi][:limit]


def analyse(items: list[tuple], *, examples: int = 3) -> dict:
    missed: Counter = Counter()
    missed_lemmas: dict[str, Counter] = defaultdict(Counter)
    missed_examples: dict[str, list] = defaultdict(list)
    spurious: Counter = Counter()
    spurious_lemmas: dict[str, Counter] = defaultdict(Counter)
    spurious_examples: dict[str, list] = defaultdict(list)
    gold_indirect = matched_indirect = ours_indirect = 0
    for record, doc, paragraphs, sentences, mentions in items:
        table = quotes.quote_table(doc, sentences, mentions, paragraphs)
        text = record["text"]
        gold = record["quotes"]
        gold_spans = [(q["quote_start"], q["quote_end"]) for q in gold]
        predicted = list(zip(table["start_char"].astype(int), table["end_char"].astype(int)))
        kinds = table["kind"].tolist()
        pairs = quotes_eval.match(gold_spans, predicted, exact=False)
        matched_gold = {i for i, _ in pairs}
        matched_predicted = {j for _, j in pairs}
        sentence_bounds = list(zip(sentences["start_char"].astype(int), sentences["end_char"].astype(int)))
        used_cues = set()
        token_starts = [token.idx for token in doc]
        for kind, start in zip(kinds, table["cue_start"].astype(int)):
            if kind != "indirect" and start >= 0:
                used_cues.add(bisect.bisect_left(token_starts, start))
        for i, q in enumerate(gold):
            if q["kind"] != "indirect":
                continue
            gold_indirect += 1
            if i in matched_gold:
                matched_indirect += 1
                continue
            category, lemma = categorise_missed(q, doc, predicted, kinds, used_cues, sentence_bounds)
            missed[category] += 1
            missed_lemmas[category][lemma] += 1
            if len(missed_examples[category]) < examples:
                ours = [predicted[j] for j in range(len(predicted)) if quotes_eval._overlap(gold_spans[i], predicted[j]) > 0]
                missed_examples[category].append({
                    "doc_id": record["doc_id"], "cue": q.get("cue"), "source": q.get("speaker_text"),
                    "gold": q["quote_text"][:300], "ours": [text[a:b][:300] for a, b in ours],
                    "context": _sentence(text, q["quote_start"], q["quote_end"])})
        for j, (kind, span) in enumerate(zip(kinds, predicted)):
            if kind != "indirect":
                continue
            ours_indirect += 1
            if j in matched_predicted:
                continue
            near = [i for i, g in enumerate(gold_spans) if quotes_eval._overlap(g, span) > 0]
            category = "no_gold_near"
            if near:
                g = gold_spans[max(near, key=lambda i: quotes_eval._overlap(gold_spans[i], span))]
                cue_at = int(table.iloc[j]["cue_start"])
                cue = doc[bisect.bisect_left(token_starts, cue_at)] if cue_at >= 0 else None
                category = "below_half_" + boundary_kind(g, span, cue, sentence_bounds)
            lemma = table.iloc[j]["cue_lemma"]
            spurious[category] += 1
            spurious_lemmas[category][lemma] += 1
            if len(spurious_examples[category]) < examples:
                spurious_examples[category].append({
                    "doc_id": record["doc_id"], "cue": table.iloc[j]["cue"], "ours": text[span[0]:span[1]][:300],
                    "gold": [text[g[0]:g[1]][:300] for g in (gold_spans[i] for i in near)],
                    "context": _sentence(text, span[0], span[1])})
    return {
        "gold_indirect": gold_indirect, "gold_indirect_matched_any_kind": matched_indirect,
        "ours_indirect": ours_indirect,
        "missed": dict(missed.most_common()),
        "missed_cue_lemmas": {category: dict(counter.most_common(15)) for category, counter in missed_lemmas.items()},
        "spurious": dict(spurious.most_common()),
        "spurious_cue_lemmas": {category: dict(counter.most_common(10)) for category, counter in spurious_lemmas.items()},
        "missed_examples": missed_examples, "spurious_examples": spurious_examples,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file of the parses (as quotes_eval)")
    parser.add_argument("--examples", type=int, default=3, help="examples kept per category")
    parser.add_argument("--set", action="append", default=[], metavar="RULE=0|1")
    args = parser.parse_args(argv)
    for setting in args.set:
        rule, value = setting.split("=")
        if rule not in quote_rules.RULES:
            parser.error(f"unknown rule {rule}")
        quote_rules.RULES[rule] = value == "1"
    items = quotes_eval.parsed(quotes_eval.load(args.path, limit=args.limit), cache=args.cache)
    json.dump(analyse(items, examples=args.examples), sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
