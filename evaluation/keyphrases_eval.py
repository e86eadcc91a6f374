"""Dev-only: measure keyphrase extraction against key phrases people wrote (500N-KPCrowd news, Inspec abstracts).

    python -m evaluation.keyphrases_eval DOCS_JSONL --split train [--methods phrases,yake:3:0.9,...] [--extra-path DIR]

DOCS_JSONL holds ``{"id", "split", "text", "keyphrases"}`` records (``../shared/dev/keyphrases_news/docs.jsonl``,
``../shared/dev/keyphrases_multiword/docs.jsonl``); ``--split`` is any split the file has (``train``, ``test``,
``validation``). Every method gives its top 10 phrases of each text; a phrase matches a gold phrase when both are
equal word for word after lower-casing and Porter stemming (the usual "exact after stemming").
Precision, recall and F1 at 10 are averaged over the documents (macro). Methods: the project's
``phrases`` (the pipeline's method: each text goes through the pipeline's scope, sentences, parse and
named mentions once; ``phrases:FIELD=VALUE:...`` changes fields of ``keyphrases.Scoring``, e.g.
``phrases:position_power=0`` scores without position, for the ablation),
``yake`` (any ``yake:N:D``, N words at most, dedupLim D), ``ngrams`` (the plain top n-grams baseline; ``ngrams:N`` up to N words),
and, when textacy / pytextrank are importable (``--extra-path`` adds a folder they were installed
into; they are not project requirements), ``textacy-textrank``, ``textacy-sgrank``,
``textacy-scake``, ``pytextrank``. The data path is required: the data is not part of the project.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import sys
import time
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pandas as pd

from utils.pipeline.keyphrases import (DEDUPLICATION, MAX_WORDS, REPORTING_VERBS, SCORING, _WORD, Scoring, phrase_candidates,
                                      rank_candidates, top_ngrams, yake_phrases)

AT = 10
DEFAULT_METHODS = ("phrases", "yake:3:0.9", "ngrams")
SCORE_COLUMNS = ["method", "split", "stories", "precision", "recall", "f1", "seconds"]


def stemmed(phrase: str) -> str:
    """``phrase`` lower-cased and Porter-stemmed word by word (the matching key)."""
    from nltk.stem import PorterStemmer

    stem = _porter().stem
    return " ".join(stem(word) for word in _WORD.findall(phrase.casefold()))


_STEMMER = None


def _porter():
    global _STEMMER
    if _STEMMER is None:
        from nltk.stem import PorterStemmer

        _STEMMER = PorterStemmer()
    return _STEMMER


def scores_at(predicted: Iterable[str], gold: Iterable[str], *, at: int = AT) -> tuple[float, float, float]:
    """(precision, recall, F1) at ``at`` of one story: the first ``at`` distinct stemmed predictions against the stemmed gold."""
    gold_keys = {key for key in (stemmed(phrase) for phrase in gold) if key}
    keys: list[str] = []
    for phrase in predicted:
        key = stemmed(phrase)
        if key and key not in keys:
            keys.append(key)
        if len(keys) == at:
            break
    hits = sum(key in gold_keys for key in keys)
    precision = hits / at
    recall = hits / len(gold_keys) if gold_keys else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def scoring_of(method: str) -> Scoring:
    """The ``Scoring`` a ``phrases[:FIELD=VALUE...]`` method names (values as the field's type)."""
    _, *options = method.split(":")
    changes = {}
    for option in options:
        name, _, value = option.partition("=")
        default = getattr(SCORING, name)  # an unknown field raises AttributeError
        changes[name] = (value.lower() in ("1", "true", "yes")) if isinstance(default, bool) else type(default)(value)
    return dataclasses.replace(SCORING, **changes)


@functools.lru_cache(maxsize=1)
def _analysed(text: str) -> tuple:
    """(doc, in-scope spans, named mentions) of ``text``, as the pipeline makes them (kept for the next method of the same text)."""
    from utils.pipeline.entities import mention_table
    from utils.pipeline.nlp import parse
    from utils.pipeline.tables import Scope, prepare
    from utils.read.article import article_from_text

    article = article_from_text(text)
    paragraphs, sentences = prepare(article, Scope())
    doc = parse(article.text, sentences["start_char"].tolist())
    in_scope = paragraphs.loc[paragraphs["in_scope"]]
    return doc, list(zip(in_scope["start_char"], in_scope["end_char"])), mention_table(doc, sentences)


def extractor(method: str) -> Callable[[str], list[str]]:
    """The function giving a text's ranked phrases for ``method``."""
    if method.startswith("phrases"):
        scoring = scoring_of(method)

        def phrases(text: str) -> list[str]:
            doc, spans, mentions = _analysed(text)
            ranked = rank_candidates(phrase_candidates(doc, spans, mentions=mentions, scoring=scoring), scoring=scoring)
            return [doc.user_data.get("original_text", doc.text)[c.display[0]:c.display[1]] for c, _ in ranked[:AT]]

        return phrases
    if method.startswith("yake"):
        _, *options = method.split(":")
        max_words = int(options[0]) if options else MAX_WORDS
        deduplication = float(options[1]) if len(options) > 1 else DEDUPLICATION
        return lambda text: [phrase for phrase, _ in yake_phrases(text, n=AT, max_words=max_words, deduplication=deduplication)]
    if method.startswith("ngrams"):
        _, *options = method.split(":")
        max_words = int(options[0]) if options else MAX_WORDS
        skip = REPORTING_VERBS if "noreport" in options[1:] else frozenset()
        return lambda text: [phrase for phrase, _ in top_ngrams(text, n=AT, max_words=max_words, skip=skip)]
    from utils.pipeline.nlp import load_model

    nlp = load_model()
    if method.startswith("textacy-"):
        from textacy.extract import keyterms

        function = {"textacy-textrank": keyterms.textrank, "textacy-sgrank": keyterms.sgrank, "textacy-scake": keyterms.scake}[method]
        return lambda text: [phrase for phrase, _ in function(nlp(text), topn=AT)]
    if method == "pytextrank":
        import pytextrank  # noqa: F401  (registers the "textrank" factory)

        nlp.add_pipe("textrank")
        return lambda text: [phrase.text for phrase in nlp(text)._.phrases[:AT]]
    raise ValueError(f"unknown method {method!r}")


def evaluate(records: list[dict], method: str, *, split: str) -> dict:
    """One row of scores for ``method`` on ``records``."""
    return evaluate_many(records, [method], split=split)[0]


def evaluate_many(records: list[dict], methods: Sequence[str], *, split: str) -> list[dict]:
    """One row of scores per method on ``records``, the methods run text by text (a text is parsed once for all ``phrases`` methods)."""
    extracts = {method: extractor(method) for method in methods}
    scores = {method: [] for method in methods}
    seconds = dict.fromkeys(methods, 0.0)
    for record in records:
        for method, extract in extracts.items():
            started = time.perf_counter()
            predicted = extract(record["text"])
            seconds[method] += time.perf_counter() - started
            scores[method].append(scores_at(predicted, record["keyphrases"]))
    rows = []
    for method in methods:
        frame = pd.DataFrame(scores[method], columns=["precision", "recall", "f1"])
        rows.append({"method": method, "split": split, "stories": len(records), **frame.mean().round(4).to_dict(),
                     "seconds": round(seconds[method], 1)})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path)
    parser.add_argument("--split", default="train", help="train / test (KPCrowd), validation / test (Inspec)")
    parser.add_argument("--methods", default=",".join(DEFAULT_METHODS))
    parser.add_argument("--extra-path", type=Path, help="a folder holding textacy / pytextrank (appended to sys.path)")
    arguments = parser.parse_args(argv)
    if arguments.extra_path:
        sys.path.append(str(arguments.extra_path))
    records = [json.loads(line) for line in arguments.docs.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [record for record in records if record["split"] == arguments.split]
    if not records:
        parser.error(f"no record of split {arguments.split!r} in {arguments.docs}")
    methods = arguments.methods.split(",")
    rows = []
    phrases = [method for method in methods if method.startswith("phrases")]
    if phrases:  # run together: each text is parsed once
        rows += evaluate_many(records, phrases, split=arguments.split)
        for row in rows:
            print(json.dumps(row), file=sys.stderr, flush=True)
    for method in methods:
        if method in phrases:
            continue
        try:
            rows.append(evaluate(records, method, split=arguments.split))
        except ImportError as error:  # an optional library that is not installed
            rows.append({"method": method, "split": arguments.split, "stories": 0, "precision": None, "recall": None, "f1": None, "seconds": None})
            print(f"{method}: not measured ({error})", file=sys.stderr)
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)  # each method's figures as soon as they are known
    rows.sort(key=lambda row: methods.index(row["method"]))
    table = pd.DataFrame(rows, columns=SCORE_COLUMNS)
    print(table.to_markdown(index=False) if _has_tabulate() else table.to_string(index=False))
    return 0


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
