"""Corpus comparisons: dated rows, weighted log-odds, and what distinguishes two subsets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def dated(frame: pd.DataFrame, articles: pd.DataFrame, *, period: str = "M") -> pd.DataFrame:
    """Rows of ``frame`` whose article has a date, with that date's ``period`` (start date of the bucket)."""
    dates = pd.to_datetime(articles.set_index("article_id")["date"], errors="coerce").dropna()
    rows = frame[frame["article_id"].isin(dates.index)]
    periods = dates.dt.to_period(period).dt.start_time
    return rows.assign(period=rows["article_id"].map(periods).to_numpy())


def weighted_log_odds(counts_a: pd.Series, counts_b: pd.Series, *, prior: pd.Series | None = None) -> pd.DataFrame:
    """Weighted log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008).

    ``counts_a``/``counts_b``: occurrences of each term in two subsets. ``prior``: background
    counts (default: both subsets together) used as the Dirichlet pseudo-counts α_w. For each term:
    δ = log((y_a+α)/(n_a+α₀−y_a−α)) − log((y_b+α)/(n_b+α₀−y_b−α)), σ² ≈ 1/(y_a+α) + 1/(y_b+α),
    ``z`` = δ/σ: positive for terms that distinguish subset A, negative for subset B; |z| > 1.96 is
    unlikely by chance. Returns term, count_a, count_b, log_odds, z, sorted by z.
    """
    terms = counts_a.index.union(counts_b.index)
    y_a = counts_a.reindex(terms, fill_value=0).astype(float)
    y_b = counts_b.reindex(terms, fill_value=0).astype(float)
    alpha = (prior.reindex(terms, fill_value=0).astype(float) if prior is not None else y_a + y_b).clip(lower=0.01)
    alpha_0, n_a, n_b = alpha.sum(), y_a.sum(), y_b.sum()
    delta = np.log((y_a + alpha) / (n_a + alpha_0 - y_a - alpha)) - np.log((y_b + alpha) / (n_b + alpha_0 - y_b - alpha))
    variance = 1 / (y_a + alpha) + 1 / (y_b + alpha)
    table = pd.DataFrame(
        {"term": terms, "count_a": y_a.astype(int).to_numpy(), "count_b": y_b.astype(int).to_numpy(),
         "log_odds": delta.to_numpy(), "z": (delta / np.sqrt(variance)).to_numpy()}
    )
    return table.sort_values(["z", "term"], ascending=[False, True]).reset_index(drop=True)


@dataclass
class Comparison:
    """Two subsets of a corpus and what distinguishes them (weighted log-odds z-scores)."""

    label_a: str
    label_b: str
    how: str
    terms: pd.DataFrame
    entities: pd.DataFrame


@dataclass
class SubsetChoice:
    """Which articles two subsets hold (``in_a``, ``in_b``: article ids) and how they were chosen.

    When there are not two groups, both sets are empty and the labels are those of the fallback
    (the first half of the corpus's sentences against the second)."""

    label_a: str
    label_b: str
    how: str
    in_a: set
    in_b: set


def subset_articles(articles: pd.DataFrame, *, by: str = "category", a: str = "", b: str = "") -> SubsetChoice:
    """The two subsets :func:`compare_subsets` compares (one definition for pandas and DuckDB):
    ``by == a`` (empty ``a``: the largest group) against ``by == b`` (empty ``b``: every other article)."""
    values = articles[by].fillna("(none)") if by in articles else pd.Series("(none)", index=articles.index)
    groups = values.value_counts()
    a = a or (str(groups.index[0]) if len(groups) else "")
    in_a = set(articles.loc[values == a, "article_id"])
    in_b = set(articles.loc[(values == b) if b else (values != a), "article_id"])
    if in_a and in_b:
        how = f"{len(in_a)} articles with {by} = {a} against {len(in_b)} articles with {by} {'= ' + b if b else '≠ ' + a}"
        return SubsetChoice(a, b or f"not {a}", how, in_a, in_b)
    how = (
        f"there are not two groups of articles by {by}, so the first half of the corpus's sentences "
        f"is compared with the second half (a demonstration; give a corpus with two {by} values)"
    )
    return SubsetChoice("first half", "second half", how, set(), set())


def compare_subsets(
    words: pd.DataFrame,
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str = "category",
    a: str = "",
    b: str = "",
) -> Comparison:
    """Terms and entities that distinguish articles with ``by == a`` from those with ``by == b``.

    Empty ``a``: the largest group; empty ``b``: every other article. With fewer than two groups
    (one category, or a single article) the first half of the in-scope sentences (in article order)
    is compared with the second half instead, and ``how`` says so.
    """
    choice = subset_articles(articles, by=by, a=a, b=b)
    label_a, label_b, how, in_a, in_b = choice.label_a, choice.label_b, choice.how, choice.in_a, choice.in_b
    if in_a and in_b:
        select_a = lambda rows: rows["article_id"].isin(in_a)  # noqa: E731
        select_b = lambda rows: rows["article_id"].isin(in_b)  # noqa: E731
    else:
        order = articles.sort_values("position")["article_id"].tolist()
        rank = {article_id: index for index, article_id in enumerate(order)}
        keys = words[["article_id", "sentence_id"]].drop_duplicates()
        keys = keys.assign(rank=keys["article_id"].map(rank)).sort_values(["rank", "sentence_id"])
        first_half = set(map(tuple, keys[["article_id", "sentence_id"]].iloc[: len(keys) // 2].to_numpy().tolist()))
        select_a = lambda rows: pd.Series([key in first_half for key in zip(rows["article_id"], rows["sentence_id"])], index=rows.index, dtype=bool)  # noqa: E731
        select_b = lambda rows: ~select_a(rows)  # noqa: E731
    entity_key = mentions["name"] + " (" + mentions["label"] + ")" if len(mentions) else pd.Series(dtype=str)
    mentions = mentions.assign(term=entity_key)
    terms = weighted_log_odds(
        words.loc[select_a(words), "term"].value_counts(), words.loc[select_b(words), "term"].value_counts(),
        prior=words["term"].value_counts(),
    )
    entity_odds = weighted_log_odds(
        mentions.loc[select_a(mentions), "term"].value_counts(), mentions.loc[select_b(mentions), "term"].value_counts(),
        prior=mentions["term"].value_counts(),
    )
    return Comparison(label_a, label_b, how, terms, entity_odds)
