"""Dev-only: what the named top 5 by ``salience`` gets wrong on GUM, and the ceiling of any reordering.

    python -m evaluation.entities_eval PATH --split train --salience-errors
    python -m evaluation.entities_eval PATH --split dev+test --learned-from train

Per document, our named entities ranked by ``salience`` (ties: more mentions, then earlier), the
top ``TOP_N`` judged right when one of their mentions overlaps the head of a mention of a GUM
entity ``salient_in_human_summary``. A wrong one gets the first category that fits
(``CATEGORIES``, in that order):

- ``no_gold_mention``: none of its mentions lands on a GUM mention head (a span GUM does not mark);
- ``nationality_adjective``: NORP ("Iranian", "Democrats");
- ``dateline_place``: a place whose first mention opens a paragraph and is followed, within
  ``DATELINE_CHARS``, by a dash or a line end ("Eau Gallie, Fla.", "LONDON —");
- ``generic_noun``: every GUM mention it lands on has a common-noun head ("the court", "the city");
- ``place_once`` / ``place``: GPE, LOC or FAC named once / more often;
- ``person_minor``, ``organization_minor``, ``other_label``: by label.

The ceiling: GUM's summary-salient entities that none of our named mentions lands on cannot be
ranked at all, and a document with fewer than five right entities among ours cannot fill its top 5
(``oracle``: our named entities, the right ones first).

``learned_precision`` fits a logistic regression on one split's named entities (the features of
``FEATURES``) and ranks another split's by it: an upper reference for hand-set weights, not a
rule of the project (nothing trained is kept).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Sequence

import numpy as np
import pandas as pd

from utils.pipeline import entities

TOP_N = 5
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DATELINE_CHARS = 40
CATEGORIES = ("no_gold_mention", "nationality_adjective", "dateline_place", "generic_noun", "place_once", "place",
              "person_minor", "organization_minor", "other_label")
FEATURES = ("frequency", "earliness", "in_lead", "log_mentions", "once", "sentence_share", "is_person", "is_place",
            "is_organization", "is_norp")
_DATELINE_END = re.compile(r"[—–-]|\n|$")


def ranked(mentions: pd.DataFrame) -> pd.DataFrame:
    """Our named entities in salience order (the order ``entities_eval`` scores)."""
    table = entities.entity_table(mentions)
    named = table[table["is_named"].astype(bool)]
    return named.sort_values(["salience", "mention_count", "first_char"], ascending=[False, False, True]).reset_index(drop=True)


def _is_dateline(text: str, mentions: pd.DataFrame) -> bool:
    first = mentions.sort_values("start_char").iloc[0]
    start, end = int(first["start_char"]), int(first["end_char"])
    if start > 0 and text[start - 1] != "\n":
        return False
    rest = text[end:end + DATELINE_CHARS]
    match = _DATELINE_END.search(rest)
    return bool(match) and "." not in rest[:match.start()].rstrip(".") and len(rest[:match.start()].split()) <= 4


def judged(document, mentions: pd.DataFrame) -> pd.DataFrame:
    """Our named entities in rank order with ``rank``, ``gold_ids`` (GUM entities they land on),
    ``right`` (one is summary-salient), ``graded`` (one has salience_score ≥ 1) and, for wrong ones, ``category``."""
    table = ranked(mentions)
    summary_ones = {key for key, value in document.gold_entities.items() if value["salient_in_human_summary"]}
    graded = {key for key, value in document.gold_entities.items() if value["salience_score"] >= 1}
    named_mentions = mentions[~mentions["is_pronoun"].astype(bool)] if "is_pronoun" in mentions else mentions
    spans = {int(entity_id): frame for entity_id, frame in named_mentions.groupby("entity_id")}
    rows = []
    for rank, row in enumerate(table.itertuples(index=False)):
        own = spans[int(row.entity_id)]
        hit = [m for m in document.gold for start, end in zip(own["start_char"], own["end_char"])
               if start < m["head_end"] and m["head_start"] < end]
        gold_ids = {m["entity_id"] for m in hit}
        right = bool(gold_ids & summary_ones)
        category = ""
        if not right:
            if not hit:
                category = "no_gold_mention"
            elif row.label == "NORP":
                category = "nationality_adjective"
            elif row.label in PLACE_LABELS and _is_dateline(document.text, own):
                category = "dateline_place"
            elif not any(m["is_named"] for m in hit):
                category = "generic_noun"
            elif row.label in PLACE_LABELS:
                category = "place_once" if row.mention_count == 1 else "place"
            elif row.label == "PERSON":
                category = "person_minor"
            elif row.label == "ORG":
                category = "organization_minor"
            else:
                category = "other_label"
        rows.append({"doc_id": document.doc_id, "rank": rank, "entity_id": int(row.entity_id), "name": row.name,
                     "label": row.label, "mention_count": int(row.mention_count), "salience": float(row.salience),
                     "gold_ids": sorted(gold_ids), "right": right, "graded": bool(gold_ids & graded), "category": category})
    return pd.DataFrame(rows, columns=["doc_id", "rank", "entity_id", "name", "label", "mention_count", "salience",
                                       "gold_ids", "right", "graded", "category"])


def error_report(documents: Sequence, tables: Sequence[pd.DataFrame], *, n: int = TOP_N) -> dict:
    """Counts over a split: top-``n`` right and wrong, wrong ones by category, and the ceiling."""
    ranked_count = right = oracle = 0
    categories: Counter = Counter()
    salient = never_named = right_outside = 0
    for document, mentions in zip(documents, tables):
        rows = judged(document, mentions)
        top = rows[rows["rank"] < n]
        ranked_count += len(top)
        right += int(top["right"].sum())
        categories.update(top.loc[~top["right"], "category"])
        oracle += min(int(rows["right"].sum()), len(top))
        right_outside += int(rows.loc[rows["rank"] >= n, "right"].sum())
        summary_ones = {key for key, value in document.gold_entities.items() if value["salient_in_human_summary"]}
        found = {gold_id for ids in rows["gold_ids"] for gold_id in ids}
        salient += len(summary_ones)
        never_named += len(summary_ones - found)
    return {
        "documents": len(documents), "ranked": ranked_count, "right": right, "wrong": ranked_count - right,
        "precision": right / ranked_count if ranked_count else 0.0,
        "categories": {name: categories.get(name, 0) for name in CATEGORIES},
        "right_outside_top": right_outside,
        "summary_salient": salient, "never_named": never_named, "oracle_right": oracle,
        "oracle_precision": oracle / ranked_count if ranked_count else 0.0,
    }


def format_report(report: dict) -> str:
    """The report as lines of text."""
    lines = [f"named top {TOP_N}, human summary: {report['ranked']} ranked over {report['documents']} documents, "
             f"{report['right']} right / {report['wrong']} wrong (precision {report['precision']:.3f})",
             "wrong, by category:"]
    lines += [f"  {name:<22} {count:>4}" for name, count in report["categories"].items()]
    share = report["never_named"] / report["summary_salient"] if report["summary_salient"] else 0.0
    lines += [f"right entities ranked below the top {TOP_N}: {report['right_outside_top']}",
              f"summary-salient GUM entities: {report['summary_salient']}; never named by one of our mentions: "
              f"{report['never_named']} ({share:.0%})",
              f"ceiling (oracle order of our named entities): {report['oracle_right']} right, precision {report['oracle_precision']:.3f}"]
    return "\n".join(lines)


def features(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per named entity (rank order), the ``FEATURES`` a learned ranking sees."""
    table = ranked(mentions)
    if table.empty:
        return pd.DataFrame(columns=["entity_id", *FEATURES])
    top = max(int(table["mention_count"].max()), 1)
    sentence_total = max(int(mentions["sentence_id"].nunique()), 1)
    named_mentions = mentions[~mentions["is_pronoun"].astype(bool)] if "is_pronoun" in mentions else mentions
    first_position = named_mentions.groupby("entity_id")["position"].min()
    rows = []
    for row in table.itertuples(index=False):
        rows.append({"entity_id": int(row.entity_id), "frequency": min(row.mention_count / top, 1.0),
                     "earliness": 1.0 - float(first_position[row.entity_id]), "in_lead": float(row.in_lead),
                     "log_mentions": math.log1p(row.mention_count), "once": float(row.mention_count == 1),
                     "sentence_share": row.sentence_count / sentence_total, "is_person": float(row.label == "PERSON"),
                     "is_place": float(row.label in PLACE_LABELS), "is_organization": float(row.label == "ORG"),
                     "is_norp": float(row.label == "NORP")})
    return pd.DataFrame(rows)


def learned_precision(train_documents: Sequence, train_tables: Sequence[pd.DataFrame], documents: Sequence,
                      tables: Sequence[pd.DataFrame], *, n: int = TOP_N) -> dict[str, float]:
    """Named top-``n`` precision (human summary) on ``documents`` when a logistic regression fit on the
    train split's named entities ranks them, next to the hand-set salience on the same documents."""
    from sklearn.linear_model import LogisticRegression

    def frame(docs, tabs):
        parts = []
        for document, mentions in zip(docs, tabs):
            rows = judged(document, mentions)
            parts.append(features(mentions).assign(doc_id=document.doc_id, right=rows["right"].to_numpy(), rank=rows["rank"].to_numpy()))
        return pd.concat(parts, ignore_index=True)

    train, test = frame(train_documents, train_tables), frame(documents, tables)
    model = LogisticRegression(max_iter=1000).fit(train[list(FEATURES)].to_numpy(float), train["right"].astype(int))
    test["learned"] = model.predict_proba(test[list(FEATURES)].to_numpy(float))[:, 1]
    learned_right = salience_right = ranked_count = 0
    for _, group in test.groupby("doc_id"):
        top = min(n, len(group))
        ranked_count += top
        learned_right += int(group.sort_values(["learned", "rank"], ascending=[False, True]).head(top)["right"].sum())
        salience_right += int(group.sort_values("rank").head(top)["right"].sum())
    return {"salience": salience_right / ranked_count if ranked_count else 0.0,
            "learned": learned_right / ranked_count if ranked_count else 0.0,
            "coefficients": dict(zip(FEATURES, np.round(model.coef_[0], 3).tolist()))}
