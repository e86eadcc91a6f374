"""Execute the notebooks on an article, a pair of articles or a corpus, and export offline HTML reports.

``python -m utils.report [--article PATH [--article-b PATH] | --corpus PATH [--query TEXT]]
[--out DIR] [--params "NAME=VALUE ..."] [--self-contained]`` (what ``make report`` runs) writes one
folder per report: ``reports/<article-stem>/``, ``reports/<a-stem>-vs-<b-stem>/`` for a pair,
``reports/corpus-<name>/`` for a corpus, each with:

- ``NN-name.html``: each executed notebook, code included;
- ``results/NN-name.html``: the same without code, for readers who want results;
- ``all-results.html``: every notebook's results on one self-contained page (to send);
- ``plotly.min.js``: the one copy of plotly.js the other pages load (relative path, never fetched
  from the network; with ``--self-contained`` every page carries its own and this file is absent);
- ``notebook.css``: the one copy of JupyterLab's stylesheets the other pages load (likewise);
- ``executed/NN-name.ipynb``: the executed notebooks themselves;
- ``exports/``: the CSV tables the notebooks write and ``tables.xlsx``, every table of the
  analysis (of a corpus: its summaries) as one Excel workbook;
- ``index.html``: title, date, source, key figures and each notebook's status;
- ``report.json``: what the top index is rebuilt from.

Which notebooks run is read from their ``parameters`` cells: a notebook declaring ``CORPUS`` is a
corpus notebook, one declaring ``ARTICLE_B`` a pair notebook. An article runs every notebook but
the pair notebooks; a pair runs the pair notebooks; a corpus runs the corpus notebooks (a pair
notebook among them only when ``--params`` sets a parameter no other corpus notebook declares).

``reports/index.html`` lists every report folder present. Every check that needs no notebook
(readable, not too long, English) runs first, each failing in one line with exit status 2. A
notebook that fails is still exported (up to its failing cell) and named with the cell number;
the others still run; the command then exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from utils import config
from utils.read.web import is_url
from utils.report.build import build_reports
from utils.report.folders import MANIFEST_NAME, corpus_tables_folder
from utils.report.inputs import check_article
from utils.report.parameters import (
    CORPUS_PARAMETER, PAIR_PARAMETER, QUERY_PARAMETER, ReportError, declared_parameters, is_corpus_notebook, notebook_paths,
    parse_parameters, report_notebooks, select_notebooks,
)
from utils.report.paths import shown_path


def _resolve(path: str, cwd: Path) -> Path:
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else cwd / candidate


def _fetched_page(url: str, out_dir: Path) -> Path:
    from utils.errors import NewsAnalysisError
    from utils.read.web import save_page

    try:
        return save_page(url, out_dir / "web")
    except NewsAnalysisError as error:
        raise ReportError(str(error)) from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Execute the notebooks on an article, a pair or a corpus and export offline HTML reports.")
    parser.add_argument("--article", default="", help="the article to analyse (default: the seed)")
    parser.add_argument("--article-b", default="", help="a second article: runs the pair notebooks (ARTICLE_A, ARTICLE_B) on the two")
    parser.add_argument("--corpus", default="", help="a corpus (folder or JSONL/CSV/Parquet): runs the corpus notebooks on it")
    parser.add_argument("--query", default="", help="with --corpus: the QUERY parameter of the corpus notebooks declaring it")
    parser.add_argument("--out", default="", help="where reports go (default: $NEWS_REPORTS_DIR or reports/)")
    parser.add_argument("--params", default="", help='notebook parameters, "NAME=VALUE NAME=VALUE" (types from the parameters cells)')
    parser.add_argument("--notebooks", default="", help='only these notebooks, e.g. "01,04"')
    parser.add_argument("--notebooks-dir", default="", help="where the notebooks are (default: notebooks/)")
    parser.add_argument("--cwd", default="", help="the folder relative paths are taken from (default: the current one)")
    parser.add_argument("--self-contained", action="store_true", help="every page carries its own plotly.js (no shared plotly.min.js)")
    parser.add_argument("--allow-other-language", action="store_true", help="report a non-English article anyway (charts empty, pages say so)")
    arguments = parser.parse_args(argv)
    cwd = Path(arguments.cwd or os.getcwd())
    article = _resolve(arguments.article, cwd) if arguments.article and not is_url(arguments.article) else config.DEFAULT_ARTICLE
    article_b = _resolve(arguments.article_b, cwd) if arguments.article_b else None
    out_dir = _resolve(arguments.out, cwd) if arguments.out else config.REPORTS_DIR
    corpus = _resolve(arguments.corpus, cwd) if arguments.corpus else None
    notebooks_dir = _resolve(arguments.notebooks_dir, cwd) if arguments.notebooks_dir else config.NOTEBOOKS_DIR
    kind = "corpus" if corpus is not None else "pair" if article_b is not None else "article"
    try:
        if arguments.query and corpus is None:
            raise ReportError("QUERY searches a corpus: give CORPUS too (make report CORPUS=data/raw/news.jsonl QUERY='...')")
        if corpus is not None and article_b is not None:
            raise ReportError("ARTICLE_B pairs two articles, CORPUS reports a corpus: give one of them")
        every = notebook_paths(notebooks_dir)
        if arguments.notebooks:
            candidates = select_notebooks(arguments.notebooks, every)
        else:
            # of a corpus, every corpus notebook may take a parameter: which run is decided once they are parsed
            candidates = [path for path in every if is_corpus_notebook(path)] if kind == "corpus" else report_notebooks(every, kind=kind)
            if not candidates:
                wanted = {"corpus": f"declares {CORPUS_PARAMETER}", "pair": f"declares {PAIR_PARAMETER}", "article": "is numbered"}[kind]
                raise ReportError(f"no notebook in {shown_path(notebooks_dir)} {wanted}")
        declared: dict[str, type] = {}
        for notebook in candidates:
            declared.update(declared_parameters(notebook))
        parameters = parse_parameters(arguments.params, declared)
        if arguments.query:
            if QUERY_PARAMETER in parameters:
                raise ReportError("QUERY is given twice (QUERY=... and in PARAMS): give it once")
            if QUERY_PARAMETER not in declared:
                raise ReportError(f"QUERY: no notebook of this report takes it (the notebooks: {', '.join(path.stem for path in candidates)})")
            parameters[QUERY_PARAMETER] = arguments.query
        notebooks = candidates if arguments.notebooks else report_notebooks(candidates, kind=kind, given=list(parameters))
        if corpus is not None:
            if not corpus.exists():
                raise ReportError(f"{corpus}: no such file or folder")
            banner = None
        else:
            if is_url(arguments.article):  # a pasted web address: the page is fetched once and kept beside the reports
                article = _fetched_page(arguments.article, out_dir)
            banner = check_article(article, allow_other_language=arguments.allow_other_language)
            if article_b is not None:
                banner = check_article(article_b, allow_other_language=arguments.allow_other_language) or banner
    except ReportError as error:
        print(f"report: {error}", file=sys.stderr, flush=True)
        return 2

    def show(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    results = build_reports(article, out_dir=out_dir, notebooks=notebooks, parameters=parameters, corpus=corpus, article_b=article_b,
                            banner=banner, progress=show, self_contained=arguments.self_contained)
    folder = results[0].html_path.parent if results else out_dir
    show(f"index: {folder / 'index.html'}  (all reports: {out_dir.resolve() / 'index.html'})")
    if corpus is not None:
        show(f"corpus tables: {corpus_tables_folder(corpus)}")
    failures = [result.error for result in results if not result.ok]
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8")) if (folder / MANIFEST_NAME).exists() else {}
    if manifest.get("workbook_error"):
        failures.append(manifest["workbook_error"])
    if failures:
        show("report: " + "; ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
