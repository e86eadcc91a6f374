"""The bodies of ``Corpus.stories()``, ``story()``, ``topics()`` and ``shared_passages()``: computed on the whole corpus once, cached, a view's rows kept."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from utils.stories import cache as stories_cache
from utils.stories.clusters import MIN_SIMILARITY, NEIGHBOURS, TIME_WEIGHT, find_stories
from utils.stories.shared import THRESHOLD, find_shared_passages
from utils.stories.topics import find_topics


def story_results(corpus, *, min_similarity: float = MIN_SIMILARITY, time_weight: float = TIME_WEIGHT, neighbours: int = NEIGHBOURS,
                  keyphrases: pd.DataFrame | None = None, folder: str | Path | None = None, cache: bool = True) -> dict[str, pd.DataFrame]:
    """``{"stories", "members"}`` of the whole corpus (cached; ``keyphrases`` replaces the corpus's table, uncached)."""
    whole = corpus.whole()
    options = {"min_similarity": min_similarity, "time_weight": time_weight, "neighbours": neighbours}

    def build() -> dict[str, pd.DataFrame]:
        return find_stories(whole, keyphrases=keyphrases, **options)

    return stories_cache.cached(whole, "stories", build, options=options, folder=folder, cache=cache and keyphrases is None)


def corpus_stories(corpus, **options) -> pd.DataFrame:
    """One row per story with an article in ``corpus`` (a view: its stories, counted over the whole corpus), largest first."""
    results = story_results(corpus, **options)
    stories = results["stories"]
    if corpus.is_view:
        members = results["members"]
        held = set(members.loc[members["article_id"].isin(set(corpus.article_ids)), "story_id"])
        stories = stories[stories["story_id"].isin(held)].reset_index(drop=True)
    return stories


def story_members(corpus, **options) -> pd.DataFrame:
    """One row per article of ``corpus``: its ``story_id`` (-1: none), date, source, title."""
    members = story_results(corpus, **options)["members"]
    return members[members["article_id"].isin(set(corpus.article_ids))].reset_index(drop=True) if corpus.is_view else members


def story_view(corpus, story_id: int, **options):
    """The articles of story ``story_id`` as a view of ``corpus`` (KeyError for a story it does not hold)."""
    members = story_members(corpus, **options)
    chosen = members.loc[members["story_id"] == int(story_id), "article_id"]
    if chosen.empty or int(story_id) < 0:
        raise KeyError(f"no story {story_id} in this corpus")
    label = story_results(corpus, **options)["stories"].set_index("story_id").loc[int(story_id), "label"]
    return corpus.view(chosen, label=f"story {story_id}: {label}")


def corpus_topics(corpus, *, topics: int | None = None, method: str = "nmf", period: str = "M",
                  folder: str | Path | None = None, cache: bool = True) -> dict[str, pd.DataFrame]:
    """``{"topics", "articles", "shares"}`` of the whole corpus (cached); a view keeps its articles and their shares."""
    whole = corpus.whole()
    options = {"topics": topics, "method": method, "period": period}
    results = stories_cache.cached(whole, "topics", lambda: find_topics(whole, **options), options=options, folder=folder, cache=cache)
    if corpus.is_view:
        from utils.stories.topics import topic_shares

        articles = results["articles"][results["articles"]["article_id"].isin(set(corpus.article_ids))].reset_index(drop=True)
        results = {**results, "articles": articles, "shares": topic_shares(articles, results["topics"], period=period)}
    return results


def corpus_shared_passages(corpus, *, threshold: float = THRESHOLD, folder: str | Path | None = None, cache: bool = True) -> dict[str, pd.DataFrame]:
    """``{"passages", "pairs"}`` of the whole corpus (cached); a view keeps the pairs whose two articles it holds."""
    whole = corpus.whole()
    options = {"threshold": threshold}
    results = stories_cache.cached(whole, "shared", lambda: find_shared_passages(whole, **options), options=options, folder=folder, cache=cache)
    if corpus.is_view:
        held = set(corpus.article_ids)
        results = {name: frame[frame["article_a"].isin(held) & frame["article_b"].isin(held)].reset_index(drop=True) for name, frame in results.items()}
    return results
