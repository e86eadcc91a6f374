"""Dev-only: the names a corpus's identity rules join across articles (utils.explore.identity), counted
and shown with a sentence each, to be read by a person.

    python -m evaluation.name_merges CORPUS [--sample 30] [--seed 0]

CORPUS is an input file or folder (analysed and cached as notebooks do) or an analysed
``corpus-<key>`` folder. Prints the merges by rule (distinct forms joined to another name, their
mentions and articles), then ``--sample`` of them drawn at random (``--seed``), each with one
sentence where an article names the joined form and one where an article names the corpus name:
the reader marks each right or wrong (docs/methods-entities.md keeps the last reading). A
measuring tool, not a test.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

import pandas as pd

from utils import analyse_corpus
from utils.corpus import Corpus
from utils.explore import corpus as corpus_figures


def open_corpus(path: Path) -> Corpus:
    """The analysed corpus of ``path`` (a ``corpus-<key>`` folder opens as it is)."""
    return Corpus.open(path) if (path / "manifest.json").is_file() else analyse_corpus(path, progress=False)


def example_sentence(corpus: Corpus, name: str) -> str:
    """One sentence of the corpus naming an entity called ``name`` in its article (the first in corpus order)."""
    rows = corpus.sql(
        """
        SELECT s.text FROM entities e
        JOIN mentions m ON m.article_id = e.article_id AND m.entity_id = e.entity_id
        JOIN sentences s ON s.article_id = m.article_id AND s.sentence_id = m.sentence_id
        JOIN articles a ON a.article_id = e.article_id
        WHERE e.is_named AND e.name = ? AND NOT m.is_pronoun ORDER BY a.position, s.sentence_id LIMIT 1
        """, [name])
    return " ".join(str(rows["text"].iloc[0]).split()) if len(rows) else ""


def summary(merges: pd.DataFrame) -> pd.DataFrame:
    """Per rule: forms joined, their mentions and the articles naming them; and the total."""
    table = merges.groupby("rule").agg(forms=("form", "size"), mentions=("mentions", "sum"), articles=("articles", "sum")).reset_index()
    total = pd.DataFrame([{"rule": "all", "forms": len(merges), "mentions": int(merges["mentions"].sum()), "articles": int(merges["articles"].sum())}])
    return pd.concat([table, total], ignore_index=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args(argv)
    corpus = open_corpus(arguments.corpus)
    merges = corpus_figures.name_merges(corpus)
    print(summary(merges).to_string(index=False))
    chosen = merges.sample(min(arguments.sample, len(merges)), random_state=arguments.seed).sort_values(["rule", "mentions"], ascending=[True, False])
    for number, row in enumerate(chosen.itertuples(), start=1):
        print(f"\n{number}. [{row.rule}] {row.form!r} -> {row.name!r} ({row.mentions} mentions in {row.articles} articles)")
        print(f"   as {row.form!r}: {example_sentence(corpus, row.form)[:240]}")
        print(f"   as {row.name!r}: {example_sentence(corpus, row.name)[:240]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
