"""Dev-only: measure target sentiment on NewsMTSC-style JSONL (macro-F1 over negative/neutral/positive).

    python -m utils.tools.sentiment_eval PATH [--sample N | --rest N] [--seed S]

PATH is required (no default: the data is not part of the project). Each line holds
``sentence_normalized`` and ``targets`` with ``from``/``to`` character offsets and ``polarity``
(2.0 negative, 4.0 neutral, 6.0 positive). Nothing is trained. The constants of
``utils.pipeline.sentiment`` were chosen on ``--sample 2000`` (seed 0); ``--rest 2000`` measures on every
other sentence, which played no part in choosing them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Sequence

import numpy as np

from utils.pipeline.nlp import load_model
from utils.pipeline.sentiment import label, score_sentence, target_label, target_scores, token_valences

LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
CLASSES = ("negative", "neutral", "positive")


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean of the per-class F1 over negative, neutral and positive."""
    scores = []
    for name in CLASSES:
        tp = sum(g == name and p == name for g, p in zip(gold, predicted))
        fp = sum(g != name and p == name for g, p in zip(gold, predicted))
        fn = sum(g == name and p != name for g, p in zip(gold, predicted))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of targets given their gold label."""
    return float(np.mean([g == p for g, p in zip(gold, predicted)]))


def load(path: Path, *, sample: int | None = None, rest: int | None = None, seed: int = 0) -> list[dict]:
    """The JSONL records; a fixed random sample of ``sample`` of them; or all but such a sample of ``rest``."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    size = sample or rest
    if size and size < len(records):
        chosen = random.Random(seed).sample(range(len(records)), size)
        if sample:
            return [records[i] for i in chosen]
        left_out = set(chosen)
        return [record for i, record in enumerate(records) if i not in left_out]
    return records


def features(records: list[dict], *, batch_size: int = 64) -> list[dict]:
    """Per target: gold label, sentence VADER compound, sentence combined score, and the parsed sentence."""
    nlp = load_model()
    texts = [record["sentence_normalized"] for record in records]
    rows = []
    for record, doc in zip(records, nlp.pipe(texts, batch_size=batch_size)):
        text = record["sentence_normalized"]
        scores = score_sentence(text)
        span = doc[:]
        valences = token_valences(span)
        for target in record["targets"]:
            rows.append(
                {
                    "gold": LABELS[target["polarity"]],
                    "vader": scores["vader_compound"],
                    "textblob": scores["textblob_polarity"],
                    "combined": scores["sentiment"],
                    "span": span,
                    "valences": valences,
                    "target": (target["from"], target["to"]),
                }
            )
    return rows


def evaluate(rows: list[dict]) -> dict[str, float]:
    """Macro-F1 of the sentence-level baselines and of target sentiment."""
    gold = [row["gold"] for row in rows]
    target = [target_scores(row["span"], [row["target"]], valences=row["valences"])[0] for row in rows]
    target = [0.0 if np.isnan(score) else score for score in target]
    return {
        "baseline_sentence_vader": macro_f1(gold, [label(row["vader"]) for row in rows]),
        "sentence_textblob": macro_f1(gold, [label(row["textblob"]) for row in rows]),
        "sentence_combined": macro_f1(gold, [label(row["combined"]) for row in rows]),
        "target": macro_f1(gold, [target_label(score) for score in target]),
        "target_accuracy": accuracy(gold, predicted := [target_label(score) for score in target]),
        "target_opposite_polarity": float(
            np.mean([{g, p} == {"negative", "positive"} for g, p in zip(gold, predicted)])
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--sample", type=int, default=None, help="a fixed random sample of this many sentences")
    parser.add_argument("--rest", type=int, default=None, help="every sentence except such a sample")
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args(argv)
    records = load(arguments.path, sample=arguments.sample, rest=arguments.rest, seed=arguments.seed)
    rows = features(records)
    result = {"sentences": len(records), "targets": len(rows)} | evaluate(rows)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
