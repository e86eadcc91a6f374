"""Dev-only: measure sentence splitting on pySBD's English golden rules and inside GUM paragraphs.

    python -m evaluation.sentences_eval golden [RULES_FILE] [--no-spacy]
    python -m evaluation.sentences_eval gum DOCS_JSONL --split train [--no-spacy] [--repairs]

``golden`` reads ``GOLDEN_EN_RULES`` (a literal list of (paragraph, sentences)) from RULES_FILE,
by default ``tests/golden_rules_en.py`` (pySBD's golden rules, MIT), and reports how many rules bare
pySBD, the project's :func:`utils.pipeline.sentences.split_sentences` and spaCy's parser pass, and which fail.

``gum`` reads GUM-style JSONL (``doc_id`` ``GUM_<genre>_<name>``, ``split``, ``paragraphs``: lists
of sentence strings) and scores sentence boundaries INSIDE paragraphs only: a paragraph is its
sentences joined by one space, the gold boundaries are the starts of its second and later
sentences. Scores are given over all genres and without the genres whose "sentences" are
utterance units (conversation, vlog, podcast, court): the news-like figure. ``--repairs`` adds,
for every repair of :func:`utils.pipeline.sentences.repair_boundaries`, the right boundaries it breaks and
the wrong ones it fixes, against the default repairs with that one left out (or added in).
The data path is required: the data is not part of the project.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import pandas as pd

from utils.pipeline import sentences as tokens

Span = tuple[int, int]
Segmenter = Callable[[str], list[Span]]

DEFAULT_RULES_FILE = Path(__file__).resolve().parents[1] / "tests" / "golden_rules_en.py"
UTTERANCE_GENRES = frozenset({"conversation", "vlog", "podcast", "court"})
SCORE_COLUMNS = ["segmenter", "genres", "paragraphs", "gold", "predicted", "true_positive", "precision", "recall", "f1"]


# --------------------------------------------------------------------------- segmenters


def spacy_spans(nlp=None) -> Segmenter:
    """Sentence offsets from spaCy's parser (the project's model), whitespace trimmed."""
    if nlp is None:
        from utils.pipeline.nlp import load_model

        nlp = load_model()

    def split(text: str) -> list[Span]:
        spans = []
        for sentence in nlp(text).sents:
            piece = sentence.text
            start = sentence.start_char + len(piece) - len(piece.lstrip())
            end = sentence.start_char + len(piece.rstrip())
            if end > start:
                spans.append((start, end))
        return spans

    return split


def segmenters(*, with_spacy: bool = True) -> dict[str, Segmenter]:
    """The segmenters compared: bare pySBD, the project's splitter and (optionally) spaCy's parser."""
    chosen: dict[str, Segmenter] = {"pysbd": tokens.pysbd_spans, "project": tokens.split_sentences}
    if with_spacy:
        chosen["spacy parser"] = spacy_spans()
    return chosen


# --------------------------------------------------------------------------- golden rules


def load_golden_rules(path: str | Path = DEFAULT_RULES_FILE) -> list[tuple[str, list[str]]]:
    """The (paragraph, expected sentences) pairs of ``GOLDEN_EN_RULES`` in a Python file, read without running it."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "GOLDEN_EN_RULES" for target in node.targets):
            return [(text, list(expected)) for text, expected in ast.literal_eval(node.value)]
    raise ValueError(f"{path}: no GOLDEN_EN_RULES = [...] assignment")


def golden_results(rules: Sequence[tuple[str, Sequence[str]]], which: dict[str, Segmenter]) -> pd.DataFrame:
    """One row per segmenter and rule: segmenter, rule (1-based), text, expected, got, passed."""
    rows = []
    for name, split in which.items():
        for number, (text, expected) in enumerate(rules, start=1):
            got = [text[start:end] for start, end in split(text)]
            rows.append({"segmenter": name, "rule": number, "text": text, "expected": list(expected), "got": got, "passed": got == list(expected)})
    return pd.DataFrame(rows, columns=["segmenter", "rule", "text", "expected", "got", "passed"])


def golden_summary(results: pd.DataFrame) -> pd.DataFrame:
    """Per segmenter: rules, passed, and the failing rule numbers."""
    return (
        results.groupby("segmenter", sort=False)
        .apply(lambda group: pd.Series({"rules": len(group), "passed": int(group["passed"].sum()), "failed": group.loc[~group["passed"], "rule"].tolist()}), include_groups=False)
        .reset_index()
    )


# --------------------------------------------------------------------------- GUM paragraphs


def genre(doc_id: str) -> str:
    """``GUM_<genre>_<name>`` → genre."""
    return doc_id.split("_")[1]


def read_paragraphs(path: str | Path, splits: Iterable[str]) -> Iterator[dict]:
    """Every paragraph of the chosen splits: doc_id, genre, text, gold (boundary offsets inside the paragraph)."""
    wanted = set(splits)
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            if record["split"] not in wanted:
                continue
            for sentences in record["paragraphs"]:
                text = " ".join(sentences)
                starts, position = [], 0
                for sentence in sentences:
                    starts.append(position + len(sentence) - len(sentence.lstrip()))
                    position += len(sentence) + 1
                yield {"doc_id": record["doc_id"], "genre": genre(record["doc_id"]), "text": text, "gold": frozenset(starts[1:])}


def boundaries(spans: Sequence[Span]) -> frozenset[int]:
    """The sentence starts after the first: the boundaries inside a paragraph."""
    return frozenset(start for start, _ in spans[1:])


def scores(paragraphs: Sequence[dict], predicted: Sequence[frozenset[int]], *, name: str, genres: str) -> dict:
    """Boundary precision, recall and F1 of ``predicted`` (one set per paragraph) against the gold boundaries."""
    gold = sum(len(paragraph["gold"]) for paragraph in paragraphs)
    found = sum(len(guess) for guess in predicted)
    hits = sum(len(paragraph["gold"] & guess) for paragraph, guess in zip(paragraphs, predicted))
    precision = hits / found if found else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"segmenter": name, "genres": genres, "paragraphs": len(paragraphs), "gold": gold, "predicted": found, "true_positive": hits,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _by_genre_group(paragraphs: Sequence[dict]) -> dict[str, list[int]]:
    everything = list(range(len(paragraphs)))
    news_like = [i for i, paragraph in enumerate(paragraphs) if paragraph["genre"] not in UTTERANCE_GENRES]
    return {"all": everything, "without utterance genres": news_like}


def gum_scores(paragraphs: Sequence[dict], which: dict[str, Segmenter]) -> pd.DataFrame:
    """Boundary scores of each segmenter, over all genres and without the utterance genres."""
    rows = []
    groups = _by_genre_group(paragraphs)
    for name, split in which.items():
        predicted = [boundaries(split(paragraph["text"])) for paragraph in paragraphs]
        for label, chosen in groups.items():
            rows.append(scores([paragraphs[i] for i in chosen], [predicted[i] for i in chosen], name=name, genres=label))
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def repair_effects(paragraphs: Sequence[dict], *, applied: Iterable[str] = tokens.REPAIRS) -> pd.DataFrame:
    """What each repair does against the ``applied`` repairs with it toggled (left out if applied, else added).

    Columns: repair, applied, genres, fixes (wrong pySBD-side boundaries it removes + right ones it
    adds), breaks (right boundaries it removes + wrong ones it adds), net (fixes − breaks), f1_with,
    f1_without. Computed on pySBD's spans, as :func:`utils.pipeline.sentences.split_sentences` does.
    """
    applied = frozenset(applied)
    bare = [tokens.pysbd_spans(paragraph["text"]) for paragraph in paragraphs]

    def predict(rules: frozenset[str]) -> list[frozenset[int]]:
        return [boundaries(tokens.repair_boundaries(p["text"], spans, rules=rules) or [(0, len(p["text"]))]) for p, spans in zip(paragraphs, bare)]

    rows = []
    groups = _by_genre_group(paragraphs)
    for repair in tokens.ALL_REPAIRS:
        with_rule = predict(applied | {repair})
        without_rule = predict(applied - {repair})
        for label, chosen in groups.items():
            fixes = breaks = 0
            for i in chosen:
                gold, added, removed = paragraphs[i]["gold"], with_rule[i] - without_rule[i], without_rule[i] - with_rule[i]
                fixes += len(added & gold) + len(removed - gold)
                breaks += len(added - gold) + len(removed & gold)
            subset = [paragraphs[i] for i in chosen]
            rows.append({
                "repair": repair, "applied": repair in applied, "genres": label, "fixes": fixes, "breaks": breaks, "net": fixes - breaks,
                "f1_with": scores(subset, [with_rule[i] for i in chosen], name="", genres="")["f1"],
                "f1_without": scores(subset, [without_rule[i] for i in chosen], name="", genres="")["f1"],
            })
    return pd.DataFrame(rows, columns=["repair", "applied", "genres", "fixes", "breaks", "net", "f1_with", "f1_without"])


# --------------------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.sentences_eval", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    golden = commands.add_parser("golden", help="pySBD's English golden rules")
    golden.add_argument("rules_file", nargs="?", default=str(DEFAULT_RULES_FILE))
    golden.add_argument("--no-spacy", action="store_true", help="leave out spaCy's parser")
    gum = commands.add_parser("gum", help="boundaries inside GUM paragraphs")
    gum.add_argument("path")
    gum.add_argument("--split", default="train", help="comma-separated GUM splits (train, dev, test)")
    gum.add_argument("--no-spacy", action="store_true", help="leave out spaCy's parser")
    gum.add_argument("--repairs", action="store_true", help="also count what each repair fixes and breaks")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 120)
    if args.command == "golden":
        results = golden_results(load_golden_rules(args.rules_file), segmenters(with_spacy=not args.no_spacy))
        print(golden_summary(results).to_string(index=False))
        for row in results[~results["passed"]].itertuples():
            print(f"\n{row.segmenter} fails rule {row.rule}: {row.text!r}\n  expected {row.expected}\n  got      {row.got}")
        return 0
    paragraphs = list(read_paragraphs(args.path, args.split.split(",")))
    print(f"split {args.split}: {len(paragraphs)} paragraphs")
    print(gum_scores(paragraphs, segmenters(with_spacy=not args.no_spacy)).to_string(index=False))
    if args.repairs:
        print("\nrepairs (each toggled against the default set):")
        print(repair_effects(paragraphs).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
