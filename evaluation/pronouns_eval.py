"""Dev-only: measure ``utils.pipeline.pronouns.pronoun_mentions`` on GUM-style JSONL (person pronoun → named antecedent).

    python -m evaluation.pronouns_eval PATH [--split train|dev|test ...] [--limit N] [--ablate] [--cache FILE]
        [--off RULE ...] [--weight NAME=VALUE ...]

PATH is GUM's ``docs.jsonl`` as described in its README: ``text``, ``paragraphs`` (lists of
sentence strings; paragraphs joined by a blank line, sentences by one space) and ``mentions``
with coreference ``entity_id``. The parse uses GUM's own sentences as preset boundaries
(``nlp.doc_with_sentences``, then ``nlp.pipe``); mentions come from ``entities.mention_table``;
quotations from ``quotes.quote_table`` (so I/we inside quotes can take the speaker).

Scored: every GUM personal pronoun (``pron_type`` Prs) of a person entity with a named
antecedent. It is right when the entity we resolved it to has a named mention overlapping the
head of a named mention of the pronoun's GUM chain. Figures: accuracy over all of them
(unresolved = wrong), over the third-person forms we try (he, she, they... families), the share
we resolve and precision on those. ``--ablate`` repeats with each rule of ``pronouns.RULES`` off
and counts the right answers each rule adds and the ones it breaks.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from utils.pipeline import pronouns, quotes
from evaluation.quotes_eval import tables_for_text

THIRD_PERSON = pronouns.MALE_PRONOUNS | pronouns.FEMALE_PRONOUNS | pronouns.PLURAL_PRONOUNS


def load(path: Path, *, splits: tuple[str, ...] = (), limit: int | None = None) -> list[dict]:
    """GUM documents of the given splits (all when empty)."""
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            if splits and record["split"] not in splits:
                continue
            records.append(record)
            if limit and len(records) >= limit:
                break
    return records


def spans(record: dict) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Paragraph and sentence (start, end) offsets, rebuilt by the README's text-building rule."""
    paragraphs, sentences, position = [], [], 0
    for paragraph in record["paragraphs"]:
        start = position
        for k, sentence in enumerate(paragraph):
            if k:
                position += 1
            sentences.append((position, position + len(sentence)))
            position += len(sentence)
        paragraphs.append((start, position))
        position += 2
    assert position - 2 == len(record["text"]), record["doc_id"]
    return paragraphs, sentences


def parsed(records: list[dict], *, cache: Path | None = None, batch_size: int = 8) -> list[tuple]:
    """(record, doc, paragraphs, sentences, mentions) per document."""
    from spacy.tokens import DocBin

    from utils.pipeline import entities
    from utils.pipeline import nlp as nlp_module

    nlp = nlp_module.load_model()
    nlp.max_length = max(nlp.max_length, 2_000_000)
    frames = [tables_for_text(record["text"], *spans(record)) for record in records]
    docs = None
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        docs = docs if len(docs) == len(records) else None
    if docs is None:
        unparsed = (nlp_module.doc_with_sentences(nlp, record["text"], sentences["start_char"].tolist())
                    for record, (_, sentences) in zip(records, frames))
        docs = list(nlp.pipe(unparsed, batch_size=batch_size))
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            DocBin(docs=docs).to_disk(cache)
    return [(record, doc, paragraphs, sentences, entities.mention_table(doc, sentences, nlp=nlp))
            for record, doc, (paragraphs, sentences) in zip(records, docs, frames)]


def predictions(items: list[tuple], *, use_quotes: bool = True) -> list:
    """The pronoun rows of each document."""
    out = []
    for _, doc, paragraphs, sentences, mentions in items:
        doc.user_data.clear()
        table = quotes.quote_table(doc, sentences, mentions, paragraphs) if use_quotes else None
        out.append(pronouns.pronoun_mentions(doc, sentences, mentions, quotes=table))
    return out


def score(items: list[tuple], rows: list) -> dict:
    """Accuracy figures of the module docstring, and the set of right answers (doc id, start)."""
    total = third = right = right_third = resolved = resolved_third = 0
    right_keys = set()
    for (record, _, _, _, mentions), table in zip(items, rows):
        heads: dict[str, list[tuple[int, int]]] = {}
        for mention in record["mentions"]:
            if mention["is_named"]:
                heads.setdefault(mention["entity_id"], []).append((mention["head_start"], mention["head_end"]))
        named = mentions[mentions["is_named"].astype(bool)]
        ours: dict[int, list[tuple[int, int]]] = {}
        for entity_id, start, end in zip(named["entity_id"], named["start_char"], named["end_char"]):
            ours.setdefault(int(entity_id), []).append((int(start), int(end)))
        by_start = {int(start): int(entity_id) for start, entity_id in zip(table["start_char"], table["entity_id"])}
        for mention in record["mentions"]:
            if not (mention["is_pronoun"] and mention["entity_type"] == "person" and mention["pron_type"] == "Prs"
                    and mention["has_named_antecedent"]):
                continue
            is_third = mention["head_text"].lower() in THIRD_PERSON
            total += 1
            third += is_third
            entity_id = by_start.get(mention["head_start"], -1)
            if entity_id < 0:
                continue
            resolved += 1
            resolved_third += is_third
            gold_heads = heads.get(mention["entity_id"], [])
            ok = any(a < d and c < b for a, b in ours.get(entity_id, []) for c, d in gold_heads)
            if ok:
                right += 1
                right_third += is_third
                right_keys.add((record["doc_id"], mention["head_start"]))
    return {
        "pronouns": total,
        "accuracy": round(right / total, 4) if total else 0.0,
        "resolved_share": round(resolved / total, 4) if total else 0.0,
        "precision_when_resolved": round(right / resolved, 4) if resolved else 0.0,
        "third_person_pronouns": third,
        "third_person_accuracy": round(right_third / third, 4) if third else 0.0,
        "third_person_precision_when_resolved": round(right_third / resolved_third, 4) if resolved_third else 0.0,
        "_right": right_keys,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--split", action="append", default=[], choices=["train", "dev", "test"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--ablate", action="store_true")
    parser.add_argument("--no-quotes", action="store_true", help="resolve without the quotation table")
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file keeping the parses between runs")
    parser.add_argument("--off", action="append", default=[], choices=sorted(pronouns.RULES), help="switch a rule off")
    parser.add_argument("--weight", action="append", default=[], metavar="NAME=VALUE",
                        help="set a score weight of utils.pipeline.pronouns, e.g. SALIENCE_WEIGHT=0.5")
    args = parser.parse_args(argv)
    for rule in args.off:
        pronouns.RULES[rule] = False
    for setting in args.weight:
        name, value = setting.split("=")
        if not name.endswith("_WEIGHT") or not hasattr(pronouns, name):
            parser.error(f"unknown weight {name}")
        setattr(pronouns, name, float(value))
    records = load(args.path, splits=tuple(args.split), limit=args.limit)
    started = time.perf_counter()
    items = parsed(records, cache=args.cache)
    parse_seconds = time.perf_counter() - started
    started = time.perf_counter()
    base = score(items, predictions(items, use_quotes=not args.no_quotes))
    report = {"documents": len(items), "splits": args.split or ["all"], "off": args.off, "weights": args.weight, "parse_and_mentions_seconds": round(parse_seconds, 1),
              "resolve_seconds": round(time.perf_counter() - started, 2)}
    report |= {key: value for key, value in base.items() if not key.startswith("_")}
    if args.ablate:
        report["ablation"] = {}
        for rule in [name for name, on in pronouns.RULES.items() if on]:
            pronouns.RULES[rule] = False
            try:
                other = score(items, predictions(items, use_quotes=not args.no_quotes))
            finally:
                pronouns.RULES[rule] = True
            report["ablation"][rule] = {
                "accuracy_without": other["accuracy"],
                "right_gained_by_rule": len(base["_right"] - other["_right"]),
                "right_lost_by_rule": len(other["_right"] - base["_right"]),
            }
    json.dump(report, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
