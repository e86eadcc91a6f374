"""Execute every notebook on one article and export offline HTML reports.

``python -m utils.tools.report [--article PATH] [--out DIR]`` (what ``make report`` runs) writes:

- ``reports/NN-name.html``: each executed notebook, code included;
- ``reports/results/NN-name.html``: the same without code, for readers who want results;
- ``reports/executed/NN-name.ipynb``: the executed notebooks themselves;
- ``reports/index.html``: links to all of them, with each notebook's status.

A notebook that fails is still exported (up to its failing cell) and named with the cell number;
the others still run; the command then exits non-zero with a one-line reason.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import nbformat

from utils import config

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "news_offline"
PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"


@dataclass(frozen=True)
class NotebookResult:
    """What happened to one notebook: where its reports are and, if it failed, where and why."""

    notebook: Path
    html_path: Path
    results_path: Path
    executed_path: Path
    figure_count: int
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def notebook_paths(directory: Path = config.NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebooks in reading order."""
    return sorted(path for path in directory.glob("[0-9][0-9]-*.ipynb"))


def notebook_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The text of the first ``# Title`` line of the first markdown cell."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
            break
    return fallback


def count_figures(notebook: nbformat.NotebookNode) -> int:
    """How many plotly figures the executed notebook displayed."""
    return sum(
        PLOTLY_MIMETYPE in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )


def _kernel_manager_class():
    """The kernel manager papermill starts kernels with: on POSIX, talking over local IPC sockets
    instead of TCP ports (no open ports, and ipykernel's warning about unencrypted TCP goes away);
    elsewhere (ZeroMQ has no IPC on Windows) the default."""
    from jupyter_client.manager import AsyncKernelManager

    if os.name != "posix":
        return AsyncKernelManager
    from traitlets import default

    class LocalSocketKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

    return LocalSocketKernelManager


def execute_notebook(notebook: Path, executed_path: Path, *, parameters: dict) -> str | None:
    """Run one notebook with papermill; returns None, or a one-line description of the failure."""
    import papermill

    executed_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed_path),
            parameters=parameters,
            cwd=str(notebook.parent),
            kernel_name="python3",
            kernel_manager_class=_kernel_manager_class(),
            progress_bar=False,
            log_output=False,
        )
    except papermill.PapermillExecutionError as error:
        return f"{notebook.name}: cell {error.exec_count} raised {error.ename}: {_first_line(error.evalue)}"
    except Exception as error:  # the kernel died, the notebook is not valid JSON, ...
        return f"{notebook.name}: could not run ({type(error).__name__}: {_first_line(str(error))})"
    return None


def export_html(executed: nbformat.NotebookNode, *, title: str, nav: Sequence[tuple[str, str | None]], exclude_input: bool) -> str:
    """The executed notebook as one self-contained HTML page that fetches nothing."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=exclude_input,
        exclude_input_prompt=exclude_input,
        exclude_output_prompt=exclude_input,
    )
    body, _ = exporter.from_notebook_node(executed, resources={"metadata": {"name": title}, "news_nav": list(nav)})
    return body


def write_atomically(path: Path, text: str) -> None:
    """Write a file through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def build_reports(
    article: Path = config.DEFAULT_ARTICLE,
    *,
    out_dir: Path = config.REPORTS_DIR,
    notebooks: Sequence[Path] | None = None,
) -> list[NotebookResult]:
    """Execute each notebook on ``article`` and export its reports; failures do not stop the rest."""
    notebooks = list(notebooks) if notebooks is not None else notebook_paths()
    results: list[NotebookResult] = []
    names = [path.stem for path in notebooks]
    for position, notebook in enumerate(notebooks):
        executed_path = out_dir / "executed" / notebook.name
        error = execute_notebook(notebook, executed_path, parameters={"ARTICLE": str(article)})
        if executed_path.exists():
            executed = nbformat.read(executed_path, as_version=4)
        else:
            executed = nbformat.read(notebook, as_version=4)
        title = notebook_title(executed, notebook.stem)
        html_path = out_dir / f"{notebook.stem}.html"
        results_path = out_dir / "results" / f"{notebook.stem}.html"
        for path, exclude_input, prefix in ((html_path, False, ""), (results_path, True, "../")):
            nav = _navigation(names, position, prefix=prefix)
            write_atomically(path, export_html(executed, title=title, nav=nav, exclude_input=exclude_input))
        results.append(NotebookResult(notebook, html_path, results_path, executed_path, count_figures(executed), error))
    write_atomically(out_dir / "index.html", index_html(results, article=article, out_dir=out_dir))
    return results


def _navigation(names: Sequence[str], position: int, *, prefix: str) -> list[tuple[str, str | None]]:
    previous = f"{names[position - 1]}.html" if position > 0 else None
    following = f"{names[position + 1]}.html" if position + 1 < len(names) else None
    return [
        ("← previous", previous),
        ("index", f"{prefix}index.html"),
        ("next →", following),
    ]


def index_html(results: Sequence[NotebookResult], *, article: Path, out_dir: Path) -> str:
    """The report index: one row per notebook, with links to both versions and its status."""
    from utils.errors import NewsAnalysisError
    from utils.read.article import load_article

    try:
        loaded = load_article(article)
        heading = loaded.title or article.name
        subtitle = f"{loaded.date.isoformat() if loaded.date else 'no date'} · {len(loaded.paragraphs)} paragraphs · id {loaded.id}"
    except NewsAnalysisError as error:
        heading, subtitle = article.name, f"could not be read: {error}"
    rows = []
    for result in results:
        name = html.escape(result.notebook.stem)
        status = "ok" if result.ok else f"failed: {result.error}"
        rows.append(
            "<tr>"
            f"<td><a href=\"{html.escape(result.html_path.relative_to(out_dir).as_posix())}\">{name}</a></td>"
            f"<td><a href=\"{html.escape(result.results_path.relative_to(out_dir).as_posix())}\">results only</a></td>"
            f"<td>{result.figure_count}</td>"
            f"<td class=\"{'ok' if result.ok else 'failed'}\">{html.escape(status)}</td>"
            "</tr>"
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Reports: {html.escape(heading)}</title>
<style>
body {{ font-family: Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border-bottom: 1px solid #ddd; padding: 6px 10px; text-align: left; }}
.failed {{ color: #b00020; }} .ok {{ color: #1e7b34; }} .meta {{ color: #666; }}
</style></head>
<body>
<h1>News article analysis</h1>
<p><strong>{html.escape(heading)}</strong></p>
<p class="meta">{html.escape(subtitle)}</p>
<table>
<tr><th>notebook (with code)</th><th>without code</th><th>charts</th><th>status</th></tr>
{chr(10).join(rows)}
</table>
</body></html>
"""


def _first_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0][:300] if lines else ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Execute the notebooks on an article and export offline HTML reports.")
    parser.add_argument("--article", type=Path, default=config.DEFAULT_ARTICLE, help="the article to analyse (default: the seed)")
    parser.add_argument("--out", type=Path, default=config.REPORTS_DIR, help="where to write the reports (default: reports/)")
    arguments = parser.parse_args(argv)
    from utils.errors import NewsAnalysisError
    from utils.read.article import load_article

    article = arguments.article.resolve()
    try:
        load_article(article)  # fail fast, in one line, before starting any notebook
    except NewsAnalysisError as error:
        print(f"report: {error}", file=sys.stderr)
        return 2
    results = build_reports(article, out_dir=arguments.out.resolve())
    for result in results:
        print(f"{'ok    ' if result.ok else 'FAILED'} {result.html_path}  ({result.figure_count} charts)", file=sys.stderr)
    failures = [result for result in results if not result.ok]
    print(f"index: {arguments.out.resolve() / 'index.html'}", file=sys.stderr)
    if failures:
        print("report: " + "; ".join(result.error for result in failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
