"""Dev-only: list the quotations whose speaker is a set of entities, for judging by hand.

    python -m evaluation.plural_speakers_eval PATH [--cache FILE] [--limit N] [--sample K] [--seed S]

PATH as for ``evaluation.quotes_eval`` (PolNeAR-style JSONL; the same tables and parse). For each
plural rule of ``quote_rules.RULES`` (``plural_coordination``, ``plural_antecedents``) it counts the
quotations whose ``speaker_entity_ids`` the rule changes (the table with the rule on against the
table with it off) and prints a random sample of them: the speaker as written, the entities before
and after, the gold source span and the sentence with the one before. PolNeAR gives speakers as
spans, not entities, so whether the set is right is judged by reading the sample.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from utils.pipeline import quote_rules, quotes
from evaluation import quotes_eval

PLURAL_RULES = ("plural_coordination", "plural_antecedents")


def _names(mentions) -> dict[int, str]:
    names: dict[int, str] = {}
    for entity_id, name in zip(mentions["entity_id"].astype(int), mentions["name"].astype(str)):
        if len(name) > len(names.get(entity_id, "")):
            names[entity_id] = name
    return names


def changes(items: list[tuple], rule: str) -> list[dict]:
    """The quotations whose speaker entities ``rule`` changes, with what a reader needs to judge them."""
    found = []
    for record, doc, paragraphs, sentences, mentions in items:
        with_rule = quotes.quote_table(doc, sentences, mentions, paragraphs)
        quote_rules.RULES[rule] = False
        try:
            without = quotes.quote_table(doc, sentences, mentions, paragraphs)
        finally:
            quote_rules.RULES[rule] = True
        names = _names(mentions)
        before = {(row.start_char, row.end_char): list(row.speaker_entity_ids) for row in without.itertuples()}
        text = record["text"]
        starts = sentences["start_char"].astype(int).tolist()
        for row in with_rule.itertuples():
            old = before.get((row.start_char, row.end_char))
            if old is None or list(row.speaker_entity_ids) == old:
                continue
            gold = next((q for q in record["quotes"] if q.get("speaker_start") is not None
                         and quotes_eval._overlap((q["quote_start"], q["quote_end"]), (row.start_char, row.end_char)) > 0), None)
            index = max(i for i, start in enumerate(starts) if start <= max(row.speaker_start, 0))
            found.append({
                "doc_id": record["doc_id"], "speaker": row.speaker, "kind": row.speaker_kind,
                "before": [names.get(i, str(i)) for i in old], "after": [names.get(i, str(i)) for i in row.speaker_entity_ids],
                "gold_source": text[gold["speaker_start"]:gold["speaker_end"]] if gold else None,
                "context": text[starts[max(index - 1, 0)]:int(sentences["end_char"].iloc[index])].replace("\n", " "),
            })
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file keeping the parses between runs")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--sample", type=int, default=30, help="quotations printed per rule")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    items = quotes_eval.parsed(quotes_eval.load(args.path, limit=args.limit), cache=args.cache)
    report = {"articles": len(items)}
    for rule in PLURAL_RULES:
        found = changes(items, rule)
        random.Random(args.seed).shuffle(found)
        report[rule] = {"changed": len(found), "sets": sum(len(item["after"]) >= 2 for item in found), "sample": found[:args.sample]}
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
