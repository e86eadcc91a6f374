"""``build_reports``: the notebooks of one report (an article, a pair or a corpus) run and exported
into its folder, with the page of all results, the workbook of its tables and the indexes."""

from __future__ import annotations

import contextlib
import re
import sys
import time
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import nbformat

from utils import config
from utils.report import exports
from utils.report.execute import NotebookResult, compact_notebook, count_figures, execute_notebook, first_line, progress_line, shown_figures
from utils.report.folders import (
    COMBINED_NAME, DATATABLES_SCRIPT, PLOTLY_SCRIPT, STYLESHEET, WORKBOOK_NAME, article_folder, corpus_tables_folder, make_dirs, pair_folder, write_atomically,
)
from utils.report.index import top_index_html, write_article_index
from utils.report.inputs import NOT_ENGLISH_BANNER, is_countable
from utils.report.pages import export_html, has_datatables, write_shared_files
from utils.report.parameters import ReportError, declared_parameters, notebook_paths, notebook_title, report_notebooks
from utils.report.paths import notebook_path_parameter, scrub_paths, shown_path


def build_reports(
    article: Path = config.DEFAULT_ARTICLE,
    *,
    out_dir: Path = config.REPORTS_DIR,
    notebooks: Sequence[Path] | None = None,
    notebooks_dir: Path | None = None,
    parameters: Mapping[str, Any] | None = None,
    corpus: Path | None = None,
    article_b: Path | None = None,
    banner: str | None = None,
    progress: Callable[[str], None] | None = None,
    self_contained: bool = False,
) -> list[NotebookResult]:
    """Execute the notebooks on ``article`` (with ``article_b``: the pair notebooks on both; with
    ``corpus``: the corpus notebooks on it) and export their reports in one folder of ``out_dir``,
    then rebuild ``out_dir/index.html``; failures do not stop the rest. ``notebooks`` (default:
    chosen by ``report_notebooks`` from ``notebooks_dir``, default ``notebooks/``) are run in order;
    ``parameters`` go to the notebooks declaring them; ``progress`` gets one line per notebook.
    Pages share the folder's ``plotly.min.js`` unless ``self_contained``."""
    article = Path(article)
    out_dir = Path(out_dir).resolve()
    kind = "corpus" if corpus is not None else "pair" if article_b is not None else "article"
    if notebooks is None:
        notebooks = report_notebooks(notebook_paths(notebooks_dir or config.NOTEBOOKS_DIR), kind=kind, given=list(parameters or {}))
    notebooks = list(notebooks)
    if kind == "corpus":
        source = Path(corpus)
        folder = article_folder(out_dir, source, prefix="corpus-")
    elif kind == "pair":
        source = Path(article_b)
        folder = pair_folder(out_dir, article, source)
    else:
        source = article
        folder = article_folder(out_dir, article)
    make_dirs(folder)
    if banner is None and kind != "corpus":
        with contextlib.suppress(Exception):
            uncountable = [path for path in (article, article_b) if path is not None and path.exists() and not is_countable(path)]
            banner = NOT_ENGLISH_BANNER if uncountable else None
    common = {"ARTICLE": notebook_path_parameter(article), "EXPORTS": notebook_path_parameter(folder / "exports")}
    if kind == "corpus":
        common.update({"CORPUS": notebook_path_parameter(source), "ARTICLE_A": "", "ARTICLE_B": ""})
    elif kind == "pair":
        common.update({"ARTICLE_A": notebook_path_parameter(article), "ARTICLE_B": notebook_path_parameter(source)})
    machine_folders = [out_dir, config.PROJECT_ROOT.resolve(), Path(sys.prefix)]
    for given in (article, corpus, article_b):  # an input outside the project is shown by its name only
        if given is not None and shown_path(Path(given)) == Path(given).name and Path(given).resolve().parent != config.PROJECT_ROOT.resolve():
            machine_folders.append(Path(given).resolve().parent)
    results: list[NotebookResult] = []
    names = [path.stem for path in notebooks]
    shared_script = shared_tables = False
    for position, notebook in enumerate(notebooks):
        started = time.monotonic()
        declared = declared_parameters(notebook)
        values = {name: value for name, value in {**common, **(parameters or {})}.items() if name in declared or name == "ARTICLE"}
        executed_path = folder / "executed" / notebook.name
        error = execute_notebook(notebook, executed_path, parameters=values)
        executed = nbformat.read(executed_path if executed_path.exists() else notebook, as_version=4)
        if executed_path.exists():
            compact_notebook(executed_path)
        title = notebook_title(executed, notebook.stem)
        shown = scrub_paths(executed, machine_folders)
        shared_script |= bool(count_figures(executed)) and not self_contained
        shared_tables |= has_datatables(executed) and not self_contained
        html_path = folder / f"{notebook.stem}.html"
        results_path = folder / "results" / f"{notebook.stem}.html"
        for path, exclude_input, prefix in ((html_path, False, ""), (results_path, True, "../")):
            nav = _navigation(names, position, prefix=prefix)
            script, css, tables = (None, None, None) if self_contained else (prefix + PLOTLY_SCRIPT, prefix + STYLESHEET, prefix + DATATABLES_SCRIPT)
            write_atomically(path, export_html(shown, title=title, nav=nav, exclude_input=exclude_input, banner=banner,
                                               plotly_src=script, css_href=css, datatables_src=tables))
        figures = shown_figures(executed)
        result = NotebookResult(
            notebook, html_path, results_path, executed_path, count_figures(executed), error,
            seconds=time.monotonic() - started, note="not English" if banner else None,
            figures=figures[0] if figures else None, shown=tuple(figures),
        )
        results.append(result)
        if progress is not None:
            progress(progress_line(result, position + 1, len(notebooks)))
    kept = write_shared_files(folder, plotly=shared_script, datatables=shared_tables) if not self_contained else []
    for name in (PLOTLY_SCRIPT, STYLESHEET, DATATABLES_SCRIPT):  # a self-contained run (or one without charts or tables) leaves no stale copy
        if folder / name not in kept and (folder / name).exists():
            (folder / name).unlink()
    write_combined_report(folder, results, banner=banner)
    workbook_error = None
    try:
        write_report_workbook(folder / "exports" / WORKBOOK_NAME, kind=kind, article=article, article_b=article_b, corpus=corpus)
    except Exception as error:  # an unreadable article, a corpus whose run failed: the index says so
        workbook_error = f"no workbook: {type(error).__name__}: {first_line(str(error))}"
        with contextlib.suppress(OSError):
            (folder / "exports" / WORKBOOK_NAME).unlink()
        if progress is not None:
            progress(f"report: {workbook_error}")
    write_article_index(folder, results, article=article, source=source, banner=banner, corpus=corpus,
                        article_b=article_b, workbook_error=workbook_error)
    write_atomically(out_dir / "index.html", top_index_html(out_dir))
    return results


def workbook_tables(*, kind: str, article: Path, article_b: Path | None = None, corpus: Path | None = None) -> dict:
    """The tables of a report's workbook, by sheet name: of an article its six analysis tables;
    of a pair the same for each (``A ...``, ``B ...``); of a corpus its summaries (articles,
    problems, every named entity with its mentions and articles, every named speaker), never the
    token table."""
    if kind == "corpus":
        from utils.corpus import Corpus
        from utils.explore.entities import named_mentions, top_corpus_entities
        from utils.explore.sources import top_speakers

        folder = corpus_tables_folder(Path(corpus))
        if not folder.exists():
            raise ReportError(f"the corpus tables are missing (the corpus run failed?): {folder.name}")
        opened = Corpus.open(folder)
        entities = opened.table("entities")
        all_rows = exports.EXCEL_MAX_ROWS - 1
        return {
            "articles": opened.articles,
            "problems": opened.problems,
            "entities": top_corpus_entities(named_mentions(opened.table("mentions"), entities), n=all_rows),
            "speakers": top_speakers(opened.table("quotes"), entities, n=all_rows),
        }
    from utils.analysis import analyse
    from utils.read.article import load_article

    inputs = [("", article)] if kind == "article" else [("A ", article), ("B ", Path(article_b))]
    tables = {}
    for prefix, path in inputs:
        tables.update({prefix + name: frame for name, frame in analyse(load_article(path)).tables().items()})
    return tables


def write_report_workbook(path: Path, *, kind: str, article: Path, article_b: Path | None = None, corpus: Path | None = None) -> Path:
    """``exports/tables.xlsx``: :func:`workbook_tables`, then every CSV table the notebooks wrote
    beside it (``<id>-relations.csv`` → sheet ``relations``) that is not a sheet already."""
    tables = workbook_tables(kind=kind, article=article, article_b=article_b, corpus=corpus)
    for name, frame in exports.csv_tables(path.parent).items():
        short = re.sub(r"^[0-9a-f]{16}-", "", name)  # the article id the notebooks prefix their files with
        if short not in tables and name not in tables:
            tables[short if short not in tables else name] = frame
    return exports.write_workbook(path, tables)


def write_combined_report(folder: Path, results: Sequence[NotebookResult], *, banner: str | None = None) -> Path:
    """Every notebook's results on one page (``all-results.html``: no code, plotly.js and the DataTables bundle once), beside the
    per-notebook pages: the page to print or send."""
    combined = nbformat.v4.new_notebook()
    for result in results:
        executed = nbformat.read(result.executed_path if result.executed_path.exists() else result.notebook, as_version=4)
        kept = [cell for cell in executed.cells if not {"parameters", "injected-parameters", "developer"} & set(cell.metadata.get("tags", []))]
        combined.cells.extend(kept)
    combined.metadata = dict(nbformat.read(results[0].executed_path, as_version=4).metadata) if results and results[0].executed_path.exists() else {}
    path = folder / COMBINED_NAME
    nav = [("index", "index.html")]
    write_atomically(path, export_html(combined, title="All results", nav=nav, exclude_input=True, banner=banner))
    return path


def _navigation(names: Sequence[str], position: int, *, prefix: str) -> list[tuple[str, str | None]]:
    previous = f"{names[position - 1]}.html" if position > 0 else None
    following = f"{names[position + 1]}.html" if position + 1 < len(names) else None
    return [
        ("← previous", previous),
        ("index", f"{prefix}index.html"),
        ("all reports", f"{prefix}../index.html"),
        ("next →", following),
    ]
