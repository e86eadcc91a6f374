"""Dev-only: measure ``utils.pipeline.quotes.quote_table`` on PolNeAR-style JSONL (quotation spans, speakers, cues).

    python -m evaluation.quotes_eval PATH [--limit N] [--ablate [RULE,...]] [--cache FILE] [--set RULE=0|1 ...]
    python -m evaluation.quotes_eval PATH --cost N     # time of the layer against the bare parse, first N articles

PATH is a folder holding ``quotes.jsonl`` (or the file itself): one article per line with ``text``
and ``quotes`` (``quote_start``/``quote_end``, ``kind``, ``speaker_start``/``speaker_end``,
``cue_start``/``cue_end``). Paragraphs are the text's blank-line blocks, sentences come from
``utils.pipeline.sentences.split_sentences``, the parse from ``nlp.pipe`` with those boundaries, mentions
from ``utils.pipeline.entities.mention_table``: the tables ``analyse`` would build (no title line taken).

Figures: span precision/recall/F1, exact and at ≥50% overlap (intersection ≥ half of the longer
span, one-to-one, best overlap first), over all kinds and per kind (same kind required); on the
overlap-matched quotations: kind accuracy, speaker accuracy (our speaker span overlaps the gold
source span, among gold quotations with a source; ``speaker_accuracy_non_pronoun`` the same over
gold sources that are not a bare pronoun) and cue accuracy (our cue overlaps the gold
cue). ``--ablate`` repeats the scoring with each rule of ``quote_rules.RULES`` that is on switched off
and counts, per rule, the matched quotations (and right speakers) it adds and the ones it costs,
and the wrong speakers it adds (a speaker given where the gold source is another: a quotation with
no speaker given a wrong one counts here, not among the right speakers lost);
``--set RULE=1`` measures a rule that is off by default the same way (compare the two runs).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import pandas as pd

from utils.pipeline import entities, quote_rules, quotes
from utils.pipeline import nlp as nlp_module
from utils.pipeline import sentences as tokens

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def load(path: Path, *, limit: int | None = None) -> list[dict]:
    """The articles of a PolNeAR JSONL file (or a folder holding ``quotes.jsonl``)."""
    path = path / "quotes.jsonl" if path.is_dir() else path
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                records.append(json.loads(line))
                if limit and len(records) >= limit:
                    break
    return records


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each blank-line block of ``text``, surrounding space trimmed."""
    spans, position = [], 0
    for match in list(PARAGRAPH_BREAK.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        block = text[position:end]
        lead = len(block) - len(block.lstrip())
        trimmed = block.strip()
        if trimmed:
            spans.append((position + lead, position + lead + len(trimmed)))
        position = match.end() if match else len(text)
    return spans


def tables_for_text(text: str, paragraphs: list[tuple[int, int]], sentences: list[tuple[int, int]] | None = None
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Paragraph and sentence tables (every paragraph a body paragraph in scope) for raw text.

    ``sentences`` as (start, end) pairs, or None to split each paragraph with ``tokens.split_sentences``.
    """
    paragraph_rows, sentence_rows = [], []
    for paragraph_id, (start, end) in enumerate(paragraphs):
        paragraph_rows.append({"paragraph_id": paragraph_id, "kind": "body", "language": "en", "credit": None,
                               "in_scope": True, "text": text[start:end], "start_char": start, "end_char": end})
        if sentences is None:
            parts = [(start + a, start + b) for a, b in tokens.split_sentences(text[start:end])]
        else:
            parts = [(a, b) for a, b in sentences if start <= a < end]
        for a, b in parts:
            sentence_rows.append({"sentence_id": len(sentence_rows), "paragraph_id": paragraph_id, "paragraph_kind": "body",
                                  "language": "en", "in_scope": True, "text": text[a:b], "start_char": a, "end_char": b,
                                  "duplicate_of": -1})
    return pd.DataFrame(paragraph_rows), pd.DataFrame(sentence_rows)


def parsed(records: list[dict], *, cache: Path | None = None, batch_size: int = 16) -> list[tuple]:
    """(record, doc, paragraphs, sentences, mentions) per article; docs parsed with ``nlp.pipe`` (cached in ``cache``)."""
    from spacy.tokens import DocBin

    nlp = nlp_module.load_model()
    nlp.max_length = max(nlp.max_length, 2_000_000)
    frames = []
    for record in records:
        paragraphs, sentences = tables_for_text(record["text"], paragraph_spans(record["text"]))
        frames.append((paragraphs, sentences))
    docs = None
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) != len(records):
            docs = None
    if docs is None:
        unparsed = (nlp_module.doc_with_sentences(nlp, record["text"], sentences["start_char"].tolist())
                    for record, (_, sentences) in zip(records, frames))
        docs = list(nlp.pipe(unparsed, batch_size=batch_size))
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            DocBin(store_user_data=False, docs=docs).to_disk(cache)
    out = []
    for record, doc, (paragraphs, sentences) in zip(records, docs, frames):
        mentions = entities.mention_table(doc, sentences, nlp=nlp)
        out.append((record, doc, paragraphs, sentences, mentions))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: list[tuple[int, int]], predicted: list[tuple[int, int]], *, exact: bool) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs: equal spans, or overlapping ≥ half of the longer span."""
    if exact:
        where = {}
        for j, span in enumerate(predicted):
            where.setdefault(span, []).append(j)
        pairs = []
        for i, span in enumerate(gold):
            if where.get(span):
                pairs.append((i, where[span].pop()))
        return pairs
    candidates = []
    order = sorted(range(len(predicted)), key=lambda j: predicted[j][0])
    starts = [predicted[j][0] for j in order]
    import bisect

    for i, span in enumerate(gold):
        # predicted spans that start before the gold end (scan back while they can still overlap)
        position = bisect.bisect_left(starts, span[1])
        for k in range(position - 1, max(position - 200, -1), -1):
            j = order[k]
            inter = _overlap(span, predicted[j])
            longer = max(span[1] - span[0], predicted[j][1] - predicted[j][0], 1)
            if inter * 2 >= longer:
                candidates.append((inter / longer, i, j))
    candidates.sort(reverse=True)
    used_gold, used_predicted, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_predicted:
            used_gold.add(i)
            used_predicted.add(j)
            pairs.append((i, j))
    return pairs


PRONOUN_SOURCES = frozenset("i me we us you he him she her they them it who one".split())


def is_pronoun_source(text: str) -> bool:
    """True when a gold source span is a bare pronoun ("he", "They")."""
    return text.strip().lower() in PRONOUN_SOURCES


def _prf(tp: int, n_gold: int, n_predicted: int) -> dict:
    precision = tp / n_predicted if n_predicted else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "gold": n_gold, "predicted": n_predicted, "matched": tp}


def score(items: list[tuple], tables: list[pd.DataFrame]) -> dict:
    """The figures of the module docstring over all articles."""
    totals = {"exact": [0, 0, 0], "overlap": [0, 0, 0]}
    per_kind = {kind: {"exact": [0, 0, 0], "overlap": [0, 0, 0]} for kind in quotes.KINDS}
    kind_right = speaker_right = speaker_total = cue_right = cue_total = 0
    named_right = named_total = 0  # gold sources that are not a pronoun ("he", "they")
    matched_keys, speaker_keys, wrong_keys = set(), set(), set()
    for (record, *_), table in zip(items, tables):
        gold = record["quotes"]
        gold_spans = [(q["quote_start"], q["quote_end"]) for q in gold]
        predicted = list(zip(table["start_char"].astype(int), table["end_char"].astype(int)))
        kinds = table["kind"].tolist()
        for mode in ("exact", "overlap"):
            pairs = match(gold_spans, predicted, exact=mode == "exact")
            totals[mode][0] += len(pairs)
            totals[mode][1] += len(gold_spans)
            totals[mode][2] += len(predicted)
            for kind in quotes.KINDS:
                g = [i for i, q in enumerate(gold) if q["kind"] == kind]
                p = [j for j, k in enumerate(kinds) if k == kind]
                kind_pairs = match([gold_spans[i] for i in g], [predicted[j] for j in p], exact=mode == "exact")
                per_kind[kind][mode][0] += len(kind_pairs)
                per_kind[kind][mode][1] += len(g)
                per_kind[kind][mode][2] += len(p)
            if mode != "overlap":
                continue
            for i, j in pairs:
                q, row = gold[i], table.iloc[j]
                key = (record["doc_id"], i)
                matched_keys.add(key)
                kind_right += q["kind"] == row["kind"]
                if q.get("speaker_start") is not None:
                    speaker_total += 1
                    right = row["speaker_start"] >= 0 and _overlap((q["speaker_start"], q["speaker_end"]), (row["speaker_start"], row["speaker_end"])) > 0
                    if right:
                        speaker_right += 1
                        speaker_keys.add(key)
                    elif row["speaker_start"] >= 0:
                        wrong_keys.add(key)  # a speaker given, not the gold one
                    if not is_pronoun_source(q.get("speaker_text") or ""):
                        named_total += 1
                        named_right += right
                if q.get("cue_start") is not None:
                    cue_total += 1
                    cue_right += row["cue_start"] >= 0 and _overlap((q["cue_start"], q["cue_end"]), (row["cue_start"], row["cue_end"])) > 0
    matched = totals["overlap"][0]
    return {
        "exact": _prf(*totals["exact"]),
        "overlap": _prf(*totals["overlap"]),
        "per_kind": {kind: {mode: _prf(*values) for mode, values in modes.items()} for kind, modes in per_kind.items()},
        "kind_accuracy": round(kind_right / matched, 4) if matched else 0.0,
        "speaker_accuracy": round(speaker_right / speaker_total, 4) if speaker_total else 0.0,
        "speaker_scored": speaker_total,
        "speaker_accuracy_non_pronoun": round(named_right / named_total, 4) if named_total else 0.0,
        "speaker_scored_non_pronoun": named_total,
        "cue_accuracy": round(cue_right / cue_total, 4) if cue_total else 0.0,
        "cue_scored": cue_total,
        "_matched": matched_keys,
        "_speakers": speaker_keys,
        "_wrong_speakers": wrong_keys,
    }


def run(items: list[tuple]) -> tuple[list[pd.DataFrame], float]:
    started = time.perf_counter()
    tables = [quotes.quote_table(doc, sentences, mentions, paragraphs) for _, doc, paragraphs, sentences, mentions in items]
    return tables, time.perf_counter() - started


def cost(records: list[dict], *, repeats: int = 3, pass_text: bool = False) -> dict:
    """Seconds of ``nlp.pipe`` (the bare parse) and of the who-speaks layer on its docs, fastest of ``repeats`` runs each.

    The layer is ``quote_table`` + ``pronoun_mentions(quotes=...)`` + ``add_pronoun_counts``; the mention
    and entity tables it reads are built beforehand and not counted (they exist without it).
    ``pass_text`` gives ``quote_table`` the article text instead of letting it read ``doc.text``.
    """
    from utils.pipeline import entities, pronouns
    from utils.pipeline import nlp as nlp_module

    nlp = nlp_module.load_model()
    frames = [tables_for_text(record["text"], paragraph_spans(record["text"])) for record in records]
    pronouns._gender_detector()  # loaded once per process, not per article
    parse_times, layer_times = [], []
    for _ in range(repeats):  # parse and layer interleaved, so both see the same machine load
        unparsed = [nlp_module.doc_with_sentences(nlp, record["text"], sentences["start_char"].tolist())
                    for record, (_, sentences) in zip(records, frames)]
        started = time.perf_counter()
        docs = list(nlp.pipe(unparsed, batch_size=16))
        parse_times.append(time.perf_counter() - started)
        mentions = [entities.mention_table(doc, sentences, nlp=nlp) for doc, (_, sentences) in zip(docs, frames)]
        entity_tables = [entities.entity_table(rows) for rows in mentions]
        started = time.perf_counter()
        for record, doc, (paragraphs, sentences), rows, entity_rows in zip(records, docs, frames, mentions, entity_tables):
            table = quotes.quote_table(doc, sentences, rows, paragraphs, text=record["text"] if pass_text else None)
            pronoun_rows = pronouns.pronoun_mentions(doc, sentences, rows, quotes=table)
            pronouns.add_pronoun_counts(entity_rows, pronoun_rows)
        layer_times.append(time.perf_counter() - started)
    parse, layer = min(parse_times), min(layer_times)
    return {"articles": len(records), "characters": sum(len(record["text"]) for record in records),
            "text_passed": pass_text, "parse_seconds": round(parse, 3), "layer_seconds": round(layer, 3),
            "ratio": round(layer / parse, 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--ablate", nargs="?", const="", default=None, metavar="RULE,...",
                        help="score with each rule that is on switched off too (or only the rules listed)")
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file keeping the parses between runs")
    parser.add_argument("--cost", type=int, default=None, metavar="N", help="only time the layer against the parse on N articles")
    parser.add_argument("--pass-text", action="store_true", help="with --cost: give quote_table the text (no doc.text)")
    parser.add_argument("--set", action="append", default=[], metavar="RULE=0|1", help="switch a rule of quote_rules.RULES")
    args = parser.parse_args(argv)
    for setting in args.set:
        rule, value = setting.split("=")
        if rule not in quote_rules.RULES:
            parser.error(f"unknown rule {rule}")
        quote_rules.RULES[rule] = value == "1"
    if args.cost:
        json.dump(cost(load(args.path, limit=args.cost), pass_text=args.pass_text), sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    records = load(args.path, limit=args.limit)
    started = time.perf_counter()
    items = parsed(records, cache=args.cache)
    parse_seconds = time.perf_counter() - started
    tables, seconds = run(items)
    base = score(items, tables)
    report = {"rules": dict(quote_rules.RULES), "articles": len(items), "parse_and_mentions_seconds": round(parse_seconds, 1), "quote_table_seconds": round(seconds, 2)}
    report |= {key: value for key, value in base.items() if not key.startswith("_")}
    if args.ablate is not None:
        report["ablation"] = {}
        listed = [name.strip() for name in args.ablate.split(",") if name.strip()]
        if unknown := sorted(set(listed) - set(quote_rules.RULES)):
            parser.error(f"--ablate: unknown rules {unknown}")
        for rule in [name for name, on in quote_rules.RULES.items() if on and (not listed or name in listed)]:
            quote_rules.RULES[rule] = False
            try:
                other = score(items, run(items)[0])
            finally:
                quote_rules.RULES[rule] = True
            report["ablation"][rule] = {
                "overlap_f1_without": other["overlap"]["f1"],
                "exact_f1_without": other["exact"]["f1"],
                "speaker_accuracy_without": other["speaker_accuracy"],
                "speaker_accuracy_non_pronoun_without": other["speaker_accuracy_non_pronoun"],
                "matched_gained_by_rule": len(base["_matched"] - other["_matched"]),
                "matched_lost_by_rule": len(other["_matched"] - base["_matched"]),
                "predicted_added_by_rule": base["overlap"]["predicted"] - other["overlap"]["predicted"],
                "right_speakers_gained_by_rule": len(base["_speakers"] - other["_speakers"]),
                "right_speakers_lost_by_rule": len(other["_speakers"] - base["_speakers"]),
                "wrong_speakers_added_by_rule": len(base["_wrong_speakers"] - other["_wrong_speakers"]),
            }
    json.dump(report, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
