"""One definition of every figure: notebooks 03, 04 and 05 quote the same numbers for the seed."""

from __future__ import annotations

import nbformat
import pytest

from utils.show.html import FIGURES_MIMETYPE

pytestmark = pytest.mark.slow


def shown_figures(executed_path) -> list[dict]:
    notebook = nbformat.read(executed_path, as_version=4)
    return [
        output["data"][FIGURES_MIMETYPE]
        for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.get("outputs", []) if FIGURES_MIMETYPE in output.get("data", {})
    ]


def test_sentiment_entities_and_corpus_notebooks_show_the_same_figures(built_reports, seed_analysis):
    _, results = built_reports
    by_name = {result.notebook.stem: result for result in results}
    shown = {name: shown_figures(by_name[name].executed_path) for name in ("03-sentiment", "04-entities", "05-corpus", "06-who-speaks")}
    # 05 also shows the figures of the corpus as a whole (here a corpus of the seed alone), for the corpus index
    assert [len(shown[name]) for name in ("03-sentiment", "04-entities", "05-corpus")] == [1, 1, 2], shown
    sentiment, entities, corpus = (shown[name][0] for name in ("03-sentiment", "04-entities", "05-corpus"))
    for other in (entities, corpus):
        assert other["sentiment"] == sentiment["sentiment"] and other["words"] == sentiment["words"]
        assert dict(map(tuple, other["top_entities"])) == dict(map(tuple, sentiment["top_entities"]))
    whole = shown["05-corpus"][1]
    assert (whole["articles"], whole["first_date"], whole["last_date"], whole["sources"]) == (1, "2023-12-07", "2023-12-07", 0)
    # the corpus's most-quoted voice is the one notebook 06 names for the article: Putin, whose words include
    # the quotation of "Both leaders" (Raisi and Putin), credited to each of them
    assert whole["top_speakers"][0] == shown["06-who-speaks"][0]["top_speaker"][0] and whole["top_speakers"][0][0] == "Vladimir Putin"
    assert dict(map(tuple, whole["top_entities"])) == dict(map(tuple, sentiment["top_entities"]))
    # and they are the seed's own: Putin's six counted mentions (the repeated standfirst counts once)
    counts = dict(map(tuple, sentiment["top_entities"]))
    putin = seed_analysis.entities.set_index("name").loc["Vladimir Putin"]
    assert counts["Vladimir Putin"] == putin["mention_count"] == 6
    assert (seed_analysis.mentions["entity_id"] == putin["entity_id"]).sum() == 7
