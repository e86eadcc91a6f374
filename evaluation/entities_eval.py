"""Dev-only: measure named-entity mentions, merges and salience on GUM-style JSONL, rule by rule.

    python -m evaluation.entities_eval PATH [--split train|dev|test|dev+test] [--ablation] [--rules a,b]
        [--salience-ablation] [--salience-errors] [--learned-from SPLIT] [--headline]

PATH is required (no default: the data is not part of the project). Each line is one document with
``text``, ``paragraphs`` (lists of sentences, joined by the text-building rule: sentences by one
space, paragraphs by a blank line), ``mentions`` (``start``, ``end``, ``entity_id``, ``entity_type``,
``is_named``, ``head_start``, ``head_end``) and ``entities`` (``salience_score``,
``salient_in_human_summary``). The gold sentences are the sentence boundaries, so segmentation
plays no part. Nothing is trained.

Mentions: gold = named mentions (head is a proper noun) of type person, place or organization.
Our labels map PERSON → person, GPE/LOC/FAC → place, ORG → organization. NORP ("Iranian",
"Democrats") is left unscored: GUM marks most of these as adjectives inside other mentions, or as
groups of people, so a NORP prediction is neither right nor wrong (a gold person we call NORP is a
miss). Other labels (EVENT, WORK_OF_ART, dates, numbers...) are not scored, and a mapped prediction
on a gold named mention of another type (event, abstract, object...) is ignored, not an error.

- ``exact``: same span and type, once a leading "the" and a trailing possessive are removed on both sides.
- ``head``: our span overlaps the gold mention's head word(s), same type; one-to-one.

Merges: our mentions head-matched (any type) to gold named mentions; every pair of them in a
document is a link when we put both in one entity, right when GUM's ``entity_id`` agrees.

Ablation (``--ablation``): each rule of ``entity_rules.ALL_RULES`` toggled alone (off if it is on by
default, on if it is in ``entity_rules.DROPPED_RULES``), compared with the rule on; a rule *fixes*
what is right with it and wrong without it (a gold mention head-matched, a wrong prediction
removed, a right link made, a wrong link avoided) and *breaks* the reverse.

Salience: precision of the top 5 entities by ``salience`` against GUM's graded salience (an
entity counts when one of its mentions overlaps the head of a mention of a GUM entity with
``salience_score`` ≥ 1, or one ``salient_in_human_summary``), all entities ranked vs named only.
``--salience-errors`` counts what the named top 5 gets wrong and the ceiling (``salience_errors``);
``--learned-from SPLIT`` ranks by a logistic regression fit on SPLIT (an upper reference, nothing is
kept); ``--headline`` marks a document's first paragraph as the headline when GUM's block is a
heading, as the pipeline marks a news headline (else every paragraph is body).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd
from spacy.tokens import Doc

from utils.pipeline import entities, entity_rules, salience
from utils.pipeline.names import NAMED_LABELS

LABEL_TYPES = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organization"}
GOLD_TYPES = frozenset(LABEL_TYPES.values())
TOP_N = 5


@dataclass
class Document:
    """One gold document, its parse and its sentence table."""

    doc_id: str
    text: str
    gold: list[dict]
    gold_entities: dict[str, dict]
    doc: Doc
    sentences: pd.DataFrame


@dataclass
class Outcome:
    """What one run got right and wrong: items are hashable so two runs can be compared."""

    exact_tp: set = field(default_factory=set)
    exact_fp: set = field(default_factory=set)
    head_tp: set = field(default_factory=set)  # gold mentions matched
    head_fp: set = field(default_factory=set)  # predictions unmatched
    gold_count: int = 0
    right_links: set = field(default_factory=set)
    wrong_links: set = field(default_factory=set)
    gold_links: int = 0


def load(path: Path, *, split: str) -> list[dict]:
    """The records of ``split`` ("dev+test" for both)."""
    wanted = set(split.split("+"))
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                if record["split"] in wanted:
                    records.append(record)
    return records


def sentence_table(record: dict, *, headline: bool = False) -> pd.DataFrame:
    """The gold sentences as the sentence table ``entities.mention_table`` reads (all in scope, body;
    with ``headline`` a first paragraph that GUM marks as a heading is the headline)."""
    rows, cursor = [], 0
    blocks = record.get("paragraph_blocks") or []
    for paragraph_id, paragraph in enumerate(record["paragraphs"]):
        kind = "headline" if headline and paragraph_id == 0 and str(blocks[0] if blocks else "").startswith("head") else "body"
        for sentence in paragraph:
            rows.append({"sentence_id": len(rows), "paragraph_id": paragraph_id, "paragraph_kind": kind, "in_scope": True,
                         "text": sentence, "start_char": cursor, "end_char": cursor + len(sentence)})
            cursor += len(sentence) + 1
        cursor += 1  # "\n\n" between paragraphs, in place of the last sentence's " "
    table = pd.DataFrame(rows)
    assert all(record["text"][r.start_char:r.end_char] == r.text for r in table.itertuples()), record["doc_id"]
    return table


def parse_all(records: Sequence[dict], *, headline: bool = False) -> list[Document]:
    """Parse every record once, with its gold sentence boundaries."""
    from utils.pipeline import nlp

    documents = []
    for record in records:
        sentences = sentence_table(record, headline=headline)
        doc = nlp.parse(record["text"], sentences["start_char"].tolist())
        documents.append(Document(record["doc_id"], record["text"], record["mentions"], record["entities"], doc, sentences))
    return documents


def _normal_span(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) without a leading "the " and a trailing "'s"."""
    piece = text[start:end]
    if piece[:4].lower() == "the " and end - start > 4:
        start += 4
    piece = text[start:end]
    for ending in ("'s", "’s", " 's", " ’s"):
        if piece.endswith(ending) and end - start > len(ending):
            end -= len(ending)
            break
    return start, end


def spacy_predictions(document: Document) -> list[dict]:
    """Bare spaCy: one prediction per ``doc.ents`` span."""
    return [{"start": ent.start_char, "end": ent.end_char, "label": ent.label_, "entity": None} for ent in document.doc.ents]


def table_predictions(mentions: pd.DataFrame) -> list[dict]:
    """Our mentions table: one prediction per mention, with its entity id."""
    return [{"start": int(s), "end": int(e), "label": label, "entity": int(entity)}
            for s, e, label, entity in zip(mentions["start_char"], mentions["end_char"], mentions["label"], mentions["entity_id"])]


def score(document: Document, predictions: list[dict], outcome: Outcome) -> None:
    """Add one document's right and wrong mentions and links to ``outcome``."""
    text, doc_id = document.text, document.doc_id
    named = [m for m in document.gold if m["is_named"]]
    gold = [m for m in named if m["entity_type"] in GOLD_TYPES]
    outcome.gold_count += len(gold)
    gold_exact = {(*_normal_span(text, m["start"], m["end"]), m["entity_type"]) for m in gold}
    other_exact = {_normal_span(text, m["start"], m["end"]) for m in named if m["entity_type"] not in GOLD_TYPES}
    other_heads = [(m["head_start"], m["head_end"]) for m in named if m["entity_type"] not in GOLD_TYPES]
    scored = [p for p in predictions if p["label"] in LABEL_TYPES]
    for p in scored:
        span = _normal_span(text, p["start"], p["end"])
        item = (doc_id, *span, LABEL_TYPES[p["label"]])
        if item[1:] in gold_exact:
            outcome.exact_tp.add(item)
        elif span not in other_exact:
            outcome.exact_fp.add(item)
    # head overlap, one-to-one, same type
    used: set[int] = set()
    for p in scored:
        kind = LABEL_TYPES[p["label"]]
        match = next((g for g, m in enumerate(gold) if g not in used and m["entity_type"] == kind
                      and p["start"] < m["head_end"] and m["head_start"] < p["end"]), None)
        if match is not None:
            used.add(match)
            outcome.head_tp.add((doc_id, match))
        elif not any(p["start"] < e and s < p["end"] for s, e in other_heads):
            outcome.head_fp.add((doc_id, p["start"], p["end"], kind))
    # links: predictions head-matched to any named gold mention (type ignored)
    if predictions and predictions[0]["entity"] is not None:
        matched: list[tuple[int, str]] = []  # (our entity, gold entity) per matched prediction
        taken: set[int] = set()
        for p in predictions:
            if p["label"] not in NAMED_LABELS:
                continue
            match = next((g for g, m in enumerate(named) if g not in taken and p["start"] < m["head_end"] and m["head_start"] < p["end"]), None)
            if match is not None:
                taken.add(match)
                matched.append((p["start"], p["entity"], named[match]["entity_id"]))
        for a in range(len(matched)):
            for b in range(a + 1, len(matched)):
                (start_a, ours_a, gold_a), (start_b, ours_b, gold_b) = matched[a], matched[b]
                if gold_a == gold_b:
                    outcome.gold_links += 1
                if ours_a == ours_b:
                    link = (doc_id, start_a, start_b)
                    (outcome.right_links if gold_a == gold_b else outcome.wrong_links).add(link)


def f1(tp: int, fp: int, gold: int) -> tuple[float, float, float]:
    """(precision, recall, F1)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / gold if gold else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def summary(outcome: Outcome) -> dict[str, float]:
    """P/R/F1 of the exact and head variants, and link precision/recall/F1."""
    row = {}
    for variant, tp, fp in (("exact", outcome.exact_tp, outcome.exact_fp), ("head", outcome.head_tp, outcome.head_fp)):
        p, r, f = f1(len(tp), len(fp), outcome.gold_count)
        row.update({f"{variant}_p": p, f"{variant}_r": r, f"{variant}_f1": f})
    if outcome.right_links or outcome.wrong_links:
        p, r, f = f1(len(outcome.right_links), len(outcome.wrong_links), outcome.gold_links)
        row.update({"link_p": p, "link_r": r, "link_f1": f})
    return row


def run_tables(documents: Sequence[Document], *, disabled: Iterable[str] = (), enabled: Iterable[str] = ()) -> tuple[Outcome, list[pd.DataFrame]]:
    """Score our mentions tables, with the rules ``disabled`` switched off and ``enabled`` on."""
    outcome, tables = Outcome(), []
    with entity_rules.rules_disabled(disabled, enable=enabled):
        for document in documents:
            mentions = entities.mention_table(document.doc, document.sentences)
            score(document, table_predictions(mentions), outcome)
            tables.append(mentions)
    return outcome, tables


def run_spacy(documents: Sequence[Document]) -> Outcome:
    """Score bare spaCy ``doc.ents``."""
    outcome = Outcome()
    for document in documents:
        score(document, spacy_predictions(document), outcome)
    return outcome


def compare(on: Outcome, off: Outcome) -> dict[str, int]:
    """What a rule fixes and breaks: ``on`` is the run with it, ``off`` without it."""
    return {
        "mention_fixes": len(on.head_tp - off.head_tp) + len(off.head_fp - on.head_fp),
        "mention_breaks": len(off.head_tp - on.head_tp) + len(on.head_fp - off.head_fp),
        "link_fixes": len(on.right_links - off.right_links) + len(off.wrong_links - on.wrong_links),
        "link_breaks": len(off.right_links - on.right_links) + len(on.wrong_links - off.wrong_links),
    }


def salience_precision(documents: Sequence[Document], tables: Sequence[pd.DataFrame], *, n: int = TOP_N) -> dict[str, float]:
    """Precision of the top ``n`` entities by salience, all entities vs named ones, against two gold criteria."""
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for document, mentions in zip(documents, tables):
        table = entities.entity_table(mentions)
        graded = {key for key, value in document.gold_entities.items() if value["salience_score"] >= 1}
        summary_ones = {key for key, value in document.gold_entities.items() if value["salient_in_human_summary"]}
        heads = [(m["head_start"], m["head_end"], m["entity_id"]) for m in document.gold]
        spans = mentions.groupby("entity_id")[["start_char", "end_char"]].apply(lambda f: list(zip(f["start_char"], f["end_char"])))
        for ranking, rows in (("all", table), ("named", table[table["is_named"].astype(bool)])):
            top = rows.sort_values(["salience", "mention_count", "first_char"], ascending=[False, False, True]).head(n)
            for entity_id in top["entity_id"]:
                gold_ids = {g for s, e, g in heads for start, end in spans[entity_id] if start < e and s < end}
                for criterion, salient in (("score>=1", graded), ("human_summary", summary_ones)):
                    hits[f"{ranking} {criterion}"][0] += bool(gold_ids & salient)
                    hits[f"{ranking} {criterion}"][1] += 1
    return {key: right / total if total else 0.0 for key, (right, total) in hits.items()}


def salience_hits(documents: Sequence[Document], tables: Sequence[pd.DataFrame], *, n: int = TOP_N) -> set[tuple[str, int]]:
    """(doc id, entity id) of the named top-``n`` entities that are salient in GUM's human summary."""
    right = set()
    for document, mentions in zip(documents, tables):
        table = entities.entity_table(mentions)
        summary_ones = {key for key, value in document.gold_entities.items() if value["salient_in_human_summary"]}
        heads = [(m["head_start"], m["head_end"], m["entity_id"]) for m in document.gold]
        spans = mentions.groupby("entity_id")[["start_char", "end_char"]].apply(lambda f: list(zip(f["start_char"], f["end_char"])))
        top = table[table["is_named"].astype(bool)].sort_values(["salience", "mention_count", "first_char"], ascending=[False, False, True]).head(n)
        for entity_id in top["entity_id"]:
            if {g for s, e, g in heads for start, end in spans[entity_id] if start < e and s < end} & summary_ones:
                right.add((document.doc_id, int(entity_id)))
    return right


def salience_ablation(documents: Sequence[Document], tables: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Each rule of ``salience.SALIENCE_RULES`` toggled alone from the defaults: top-5 precision with the
    rule off and on, and the right entities it adds (fixes) and costs (breaks) when on."""
    rows = []
    for rule in salience.SALIENCE_RULES:
        default = salience.SALIENCE_RULES[rule]
        results = {}
        try:
            for state in (False, True):
                salience.SALIENCE_RULES[rule] = state
                results[state] = (salience_hits(documents, tables), salience_precision(documents, tables))
        finally:
            salience.SALIENCE_RULES[rule] = default
        (off_hits, off), (on_hits, on) = results[False], results[True]
        rows.append({"rule": rule, "default": "on" if default else "off",
                     "human_summary_off": round(off["named human_summary"], 4), "human_summary_on": round(on["named human_summary"], 4),
                     "score1_off": round(off["named score>=1"], 4), "score1_on": round(on["named score>=1"], 4),
                     "fixes": len(on_hits - off_hits), "breaks": len(off_hits - on_hits)})
    return pd.DataFrame(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path, help="GUM-style docs.jsonl")
    parser.add_argument("--split", default="train", help="train, dev, test or dev+test")
    parser.add_argument("--ablation", action="store_true", help="switch each rule off in turn: fixes and breaks")
    parser.add_argument("--salience-ablation", action="store_true", help="toggle each salience rule: top-5 fixes and breaks")
    parser.add_argument("--salience-errors", action="store_true", help="what the named top 5 gets wrong, by category, and the ceiling")
    parser.add_argument("--learned-from", default="", help="split to fit a logistic-regression ranking on (reference only)")
    parser.add_argument("--headline", action="store_true", help="a first paragraph GUM marks as a heading is the headline")
    parser.add_argument("--rules", default="", help="comma-separated rules to ablate (default: all)")
    parser.add_argument("--disable", default="", help="comma-separated rules switched off in every run")
    parser.add_argument("--enable", default="", help="comma-separated rules switched on in every run ('all': every rule)")
    args = parser.parse_args(argv)
    disabled = [name for name in args.disable.split(",") if name]
    enabled = list(entity_rules.ALL_RULES) if args.enable == "all" else [name for name in args.enable.split(",") if name]
    documents = parse_all(load(args.path, split=args.split), headline=args.headline)
    out = sys.stdout
    out.write(f"split {args.split}: {len(documents)} documents\n")
    bare = summary(run_spacy(documents))
    full, tables = run_tables(documents, disabled=disabled, enabled=enabled)
    rows = {"spacy doc.ents": bare, "mentions table": summary(full)}
    out.write(pd.DataFrame(rows).T.round(3).to_string() + "\n")
    out.write(f"gold named person/place/organization mentions: {full.gold_count}; gold links {full.gold_links}\n\n")
    out.write("salience precision@5\n")
    out.write(pd.Series(salience_precision(documents, tables)).round(3).to_string() + "\n")
    if args.salience_ablation:
        out.write("\nsalience ablation (each rule toggled alone; right named top-5 entities, human summary)\n")
        out.write(salience_ablation(documents, tables).to_string(index=False) + "\n")
    if args.salience_errors or args.learned_from:
        from evaluation import salience_errors

        if args.salience_errors:
            out.write("\nsalience errors\n" + salience_errors.format_report(salience_errors.error_report(documents, tables)) + "\n")
        if args.learned_from:
            train = parse_all(load(args.path, split=args.learned_from), headline=args.headline)
            _, train_tables = run_tables(train, disabled=disabled, enabled=enabled)
            learned = salience_errors.learned_precision(train, train_tables, documents, tables)
            out.write(f"\nlearned ranking (logistic regression fit on {args.learned_from}, named top 5, human summary): "
                      f"salience {learned['salience']:.3f}, learned {learned['learned']:.3f}\n"
                      f"coefficients {learned['coefficients']}\n")
    if args.ablation:
        names = [name for name in args.rules.split(",") if name] or list(entity_rules.ALL_RULES)
        table = []
        with entity_rules.rules_disabled(disabled, enable=enabled) as base:
            pass
        for name in names:
            if name in base:
                on, off = full, run_tables(documents, disabled=[*disabled, name], enabled=[e for e in enabled if e != name])[0]
            else:
                on, off = run_tables(documents, disabled=[d for d in disabled if d != name], enabled=[*enabled, name])[0], full
            counts = compare(on, off)
            gain = counts["mention_fixes"] + counts["link_fixes"]
            harm = counts["mention_breaks"] + counts["link_breaks"]
            verdict = "keep" if gain > harm else "drop" if harm > gain else "tie" if gain else "no evidence"
            table.append({"rule": name, "default": "on" if name in base else "off", **counts,
                          "head_f1_on": round(summary(on)["head_f1"], 4), "head_f1_off": round(summary(off)["head_f1"], 4),
                          "verdict": verdict})
        out.write("\nablation (each rule toggled alone; fixes and breaks of the rule)\n")
        out.write(pd.DataFrame(table).to_string(index=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
