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
import ast
import contextlib
import copy
import datetime as dt
import functools
import hashlib
import html
import json
import os
import re
import shlex
import shutil
import sys
import tempfile
import time
import unicodedata
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

import nbformat

from utils import config
from utils.read.web import is_url
from utils.report import exports

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "news_offline"
PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"
MANIFEST_NAME = "report.json"
DEVELOPER_TAG = "developer"  # cells with this tag (e.g. how to run a notebook by hand) stay out of results pages
PLOTLY_SCRIPT = "plotly.min.js"  # the one plotly.js of a report folder, beside its pages
STYLESHEET = "notebook.css"  # the one copy of JupyterLab's stylesheets of a report folder
WORKBOOK_NAME = "tables.xlsx"  # in exports/: every table of the report as one Excel workbook
SET_BY_THE_COMMAND = ("ARTICLE", "ARTICLE_A", "ARTICLE_B", "CORPUS", "EXPORTS")  # parameters the command itself sets
CORPUS_PARAMETER = "CORPUS"  # a notebook declaring it is a corpus notebook
PAIR_PARAMETER = "ARTICLE_B"  # a notebook declaring it compares two articles (a pair notebook)
QUERY_PARAMETER = "QUERY"
# Key figures a notebook shows about a whole corpus (``FIGURES_MIMETYPE``): a figures dict holding
# one of these keys is the corpus's, and the corpus index shows it (per-article figures are not).
CORPUS_FIGURE_KEYS = ("articles", "first_date", "last_date", "sources", "top_sources", "top_speakers", "largest_stories")
NOT_ENGLISH_BANNER = (
    "This article is not in English: the model counts English paragraphs only, so its counts, "
    "sentiment and entity charts are empty."
)


class ReportError(Exception):
    """A problem found before any notebook runs; its message is the one line the command prints."""


@dataclass(frozen=True)
class NotebookResult:
    """What happened to one notebook: where its reports are and, if it failed, where and why."""

    notebook: Path
    html_path: Path
    results_path: Path
    executed_path: Path
    figure_count: int
    error: str | None = None
    seconds: float = 0.0
    note: str | None = None  # e.g. the article is not English, so the charts are empty
    figures: dict | None = None  # the first key figures the notebook showed (``FIGURES_MIMETYPE``)
    shown: tuple[dict, ...] = ()  # every key-figures dict it showed, in order

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        """``ok``, ``failed``, or ``empty`` (ran, but its charts have nothing in them)."""
        if self.error is not None:
            return "failed"
        return "empty" if self.note or not self.figure_count else "ok"


# --------------------------------------------------------------------------- notebooks and parameters


def notebook_paths(directory: Path = config.NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebooks in reading order."""
    return sorted(path for path in Path(directory).glob("[0-9][0-9]-*.ipynb"))


def is_corpus_notebook(notebook: Path) -> bool:
    """True when the notebook's parameters cell declares ``CORPUS``."""
    return CORPUS_PARAMETER in declared_parameters(notebook)


def is_pair_notebook(notebook: Path) -> bool:
    """True when the notebook's parameters cell declares ``ARTICLE_B`` (it compares two articles)."""
    return PAIR_PARAMETER in declared_parameters(notebook)


def report_notebooks(notebooks: Sequence[Path], *, kind: str, given: Sequence[str] = ()) -> list[Path]:
    """The notebooks a report of ``kind`` runs: ``"article"`` every one but the pair notebooks,
    ``"pair"`` the pair notebooks, ``"corpus"`` the corpus notebooks, a pair notebook among them
    only when a parameter in ``given`` is one that no other corpus notebook declares (its own)."""
    if kind == "article":
        return [path for path in notebooks if not is_pair_notebook(path)]
    if kind == "pair":
        return [path for path in notebooks if is_pair_notebook(path)]
    corpus = [path for path in notebooks if is_corpus_notebook(path)]
    chosen = []
    for path in corpus:
        if is_pair_notebook(path):
            others = {name for other in corpus if other != path for name in declared_parameters(other)}
            own = set(declared_parameters(path)) - others - set(SET_BY_THE_COMMAND)
            if not own & set(given):
                continue
        chosen.append(path)
    return chosen


def select_notebooks(selection: str, notebooks: Sequence[Path]) -> list[Path]:
    """The notebooks named in a comma-separated ``selection`` of numbers or names (``"01,04"``)."""
    chosen = []
    for item in (part.strip() for part in selection.split(",") if part.strip()):
        matches = [path for path in notebooks if path.stem == item or path.stem.split("-", 1)[0] == item.zfill(2)]
        if not matches:
            raise ReportError(f"no notebook {item!r} (notebooks: {', '.join(path.stem for path in notebooks)})")
        chosen.extend(path for path in matches if path not in chosen)
    return chosen


def notebook_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The text of the first ``# Title`` line of the first markdown cell."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
            break
    return fallback


def declared_parameters(notebook: Path | nbformat.NotebookNode) -> dict[str, type]:
    """The names and types the notebook's ``parameters`` cell declares (``TOP_N: int = 20`` → int)."""
    if isinstance(notebook, Path):
        return dict(_declared_in_file(notebook.resolve(), notebook.stat().st_mtime_ns))
    return _declared(notebook)


@functools.lru_cache(maxsize=64)
def _declared_in_file(path: Path, mtime_ns: int) -> tuple[tuple[str, type], ...]:
    return tuple(_declared(nbformat.read(path, as_version=4)).items())


def _declared(notebook: nbformat.NotebookNode) -> dict[str, type]:
    types = {"str": str, "int": int, "float": float, "bool": bool}
    declared: dict[str, type] = {}
    for cell in notebook.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    annotation = node.annotation.id if isinstance(node.annotation, ast.Name) else ""
                    declared[node.target.id] = types.get(annotation, str)
                elif isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            declared[target.id] = type(ast.literal_eval(node.value)) if _literal(node.value) else str
    return declared


def _literal(node: ast.AST) -> bool:
    try:
        ast.literal_eval(node)
    except ValueError:
        return False
    return True


def parse_parameters(text: str, declared: Mapping[str, type]) -> dict[str, Any]:
    """``"KWIC_TERM=Raisi TOP_N=10"`` (shell quoting allowed) as values of the declared types."""
    try:
        items = shlex.split(text)
    except ValueError as error:
        raise ReportError(f"PARAMS: {error}") from None
    values: dict[str, Any] = {}
    for item in items:
        name, equals, raw = item.partition("=")
        if not equals or not name:
            raise ReportError(f"PARAMS: {item!r} is not NAME=VALUE")
        if name in SET_BY_THE_COMMAND:
            raise ReportError(f"PARAMS: {name} is set by the command itself (make report {name}=... or --{name.lower()})")
        if name not in declared:
            raise ReportError(f"PARAMS: unknown parameter {name} (the notebooks declare: {', '.join(sorted(declared))})")
        values[name] = _convert(name, raw, declared[name])
    return values


def _convert(name: str, raw: str, kind: type) -> Any:
    if kind is bool:
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off", ""):
            return False
        raise ReportError(f"PARAMS: {name} takes true or false, not {raw!r}")
    try:
        return kind(raw)
    except ValueError:
        raise ReportError(f"PARAMS: {name} takes a{'n' if kind is int else ''} {kind.__name__}, not {raw!r}") from None


# --------------------------------------------------------------------------- execution


def count_figures(notebook: nbformat.NotebookNode) -> int:
    """How many plotly figures the executed notebook displayed."""
    return sum(PLOTLY_MIMETYPE in output.get("data", {}) for output in _outputs(notebook))


def shown_figures(notebook: nbformat.NotebookNode) -> list[dict]:
    """The key-figure dicts the notebook displayed (``utils.show.html.FIGURES_MIMETYPE``), in order."""
    from utils.show.html import FIGURES_MIMETYPE

    return [dict(output["data"][FIGURES_MIMETYPE]) for output in _outputs(notebook) if FIGURES_MIMETYPE in output.get("data", {})]


def _outputs(notebook: nbformat.NotebookNode) -> Iterator[dict]:
    for cell in notebook.cells:
        if cell.cell_type == "code":
            yield from cell.get("outputs", [])


def _kernel_manager_class(socket_dir: Path):
    """The kernel manager papermill starts kernels with: on POSIX, talking over local IPC sockets
    in ``socket_dir`` instead of TCP ports (no open ports, no sockets left beside the notebooks);
    elsewhere (ZeroMQ has no IPC on Windows) the default."""
    from jupyter_client.manager import AsyncKernelManager

    if os.name != "posix":
        return AsyncKernelManager
    from traitlets import default

    class LocalSocketKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:
            return str(socket_dir / "kernel-ipc")

    return LocalSocketKernelManager


def execute_notebook(notebook: Path, executed_path: Path, *, parameters: dict) -> str | None:
    """Run one notebook with papermill; returns None, or a one-line description of the failure.
    The kernel's sockets live in a temporary folder removed afterwards, also on Ctrl-C."""
    import papermill

    _make_dirs(executed_path.parent)
    socket_dir = Path(tempfile.mkdtemp(prefix="news-kernel-"))
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed_path),
            parameters=parameters,
            cwd=str(notebook.parent),
            kernel_name="python3",
            kernel_manager_class=_kernel_manager_class(socket_dir),
            progress_bar=False,
            log_output=False,
        )
    except papermill.PapermillExecutionError as error:
        return f"{notebook.name}: cell {error.exec_count} raised {error.ename}: {_first_line(error.evalue)}"
    except Exception as error:  # the kernel died, the notebook is not valid JSON, ...
        return f"{notebook.name}: could not run ({type(error).__name__}: {_first_line(str(error))})"
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)
    return None


# --------------------------------------------------------------------------- paths shown to readers


def shown_path(path: Path) -> str:
    """How a path appears in reports and parameters: relative to the project root when inside it,
    else its file name only (no machine path)."""
    try:
        return path.resolve().relative_to(config.PROJECT_ROOT.resolve()).as_posix()
    except ValueError:
        return path.name


def notebook_path_parameter(path: Path) -> str:
    """The value a notebook parameter gets: relative to the project root when inside it (as
    notebooks expect), else absolute (the pages show only its name, see ``scrub_paths``)."""
    try:
        return path.resolve().relative_to(config.PROJECT_ROOT.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def scrub_paths(notebook: nbformat.NotebookNode, folders: Sequence[Path]) -> nbformat.NotebookNode:
    """A copy of the notebook whose every string has the machine paths of ``folders`` removed
    (``/home/me/articles/x.txt`` → ``x.txt``; the project root → paths relative to it)."""
    prefixes: dict[str, str] = {}
    for folder in folders:
        text = str(folder)
        if len(text) > 1:
            prefixes[text.rstrip("/") + "/"] = ""
            prefixes[html.escape(text.rstrip("/") + "/")] = ""
    order = sorted(prefixes, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(prefix) for prefix in order)) if order else None

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub("", value) if pattern else value
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, dict):
            return type(value)((key, clean(item)) for key, item in value.items())
        return value

    return nbformat.from_dict(clean(copy.deepcopy(dict(notebook))))


# --------------------------------------------------------------------------- HTML


@functools.lru_cache(maxsize=1)
def plotly_js() -> str:
    """The plotly.js bundle the installed plotly ships (inlined in a self-contained page, or written
    once per report folder as ``plotly.min.js``; never fetched)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


@functools.lru_cache(maxsize=1)
def notebook_css() -> str:
    """The JupyterLab stylesheets nbconvert's lab template inlines in a page (``static/index.css``
    and ``static/theme-light.css`` of the installed template)."""
    from nbconvert import HTMLExporter

    for folder in HTMLExporter(template_name="lab").template_paths:
        index, theme = Path(folder, "static", "index.css"), Path(folder, "static", "theme-light.css")
        if index.is_file() and theme.is_file():
            return index.read_text(encoding="utf-8") + "\n" + theme.read_text(encoding="utf-8")
    raise FileNotFoundError("nbconvert's lab template has no static/index.css")


def write_shared_files(folder: Path, *, plotly: bool) -> list[Path]:
    """The files the pages of a report folder share: ``notebook.css`` and, when a page has a chart,
    ``plotly.min.js`` (the installed plotly's bundle); each rewritten only when it differs."""
    wanted = {STYLESHEET: notebook_css(), **({PLOTLY_SCRIPT: plotly_js()} if plotly else {})}
    written = []
    for name, text in wanted.items():
        path = folder / name
        written.append(path)
        with contextlib.suppress(OSError):
            if path.stat().st_size == len(text.encode("utf-8")) and path.read_text(encoding="utf-8") == text:
                continue
        write_atomically(path, text)
    return written


def export_html(
    executed: nbformat.NotebookNode,
    *,
    title: str,
    nav: Sequence[tuple[str, str | None]],
    exclude_input: bool,
    banner: str | None = None,
    plotly_src: str | None = None,
    css_href: str | None = None,
) -> str:
    """The executed notebook as one HTML page that fetches nothing: plotly.js and the stylesheets
    inlined, or loaded from the report folder by the relative paths ``plotly_src`` (such as
    ``../plotly.min.js``) and ``css_href``."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=exclude_input,
        exclude_input_prompt=exclude_input,
        exclude_output_prompt=exclude_input,
    )
    if exclude_input:
        exporter.register_preprocessor(_tag_remover(), enabled=True)
    charts = bool(count_figures(executed))
    resources = {"metadata": {"name": title}, "news_nav": list(nav), "news_banner": banner,
                 "plotlyjs": plotly_js() if charts and plotly_src is None else "",
                 "plotlyjs_src": plotly_src if charts else None, "news_css_href": css_href}
    body, _ = exporter.from_notebook_node(executed, resources=resources)
    return body


def compact_notebook(path: Path) -> None:
    """Rewrite a notebook file as JSON without indentation (papermill indents every number of the
    chart data onto its own line: a third of the file); the same notebook for Jupyter."""
    write_atomically(path, json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False, separators=(",", ":")))


def _tag_remover():
    from nbconvert.preprocessors import TagRemovePreprocessor

    return TagRemovePreprocessor(remove_cell_tags={DEVELOPER_TAG, "injected-parameters", "parameters"}, enabled=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _make_dirs(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)  # modes from the umask (no private 0700 folders)


def write_atomically(path: Path, text: str) -> None:
    """Write a file through a temporary file in the same folder and a rename (mode from the umask)."""
    _make_dirs(path.parent)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


PAGE_CSS = """
body { font-family: Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 60em; color: #222; padding: 0 1em; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: 6px 10px; text-align: left; vertical-align: top; }
.failed { color: #b00020; } .ok { color: #1e7b34; } .empty { color: #8a5a00; } .meta { color: #666; }
.news-banner { background: #fff4ce; border: 1px solid #e0b800; padding: 8px 12px; margin: 1em 0; }
ol.figures { margin: 0; padding-left: 1.2em; }
table.figures { width: auto; margin-bottom: 1em; } table.figures th { padding-right: 2em; } td.date { white-space: nowrap; }
@media print { nav, .no-print { display: none; } body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{PAGE_CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def figures_summary(figures: Mapping[str, Any] | None) -> str:
    """Key figures in one line of plain text (article: tone, words, most named, who is quoted;
    corpus: articles, dates, sources, most named, most quoted, key phrases, largest stories)."""
    if not figures:
        return ""
    parts = []
    if figures.get("articles") is not None:
        parts.append(_counted(int(figures["articles"]), "article"))
    if figures.get("first_date") or figures.get("last_date"):
        parts.append(f"{figures.get('first_date') or '?'} to {figures.get('last_date') or '?'}")
    if figures.get("sources") is not None:
        parts.append(_counted(int(figures["sources"]), "source"))
    if figures.get("matching_articles") is not None:  # a query's figures (notebook 07)
        share = f" ({float(figures['matching_share']):.0%})" if figures.get("matching_share") is not None else ""
        parts.append(f"{_counted(int(figures['matching_articles']), 'article')} matching{share}")
        if figures.get("matching_sentences") is not None:
            parts.append(f"{_counted(int(figures['matching_sentences']), 'matching sentence')}")
    if figures.get("sentiment") is not None:
        label = f" ({figures['sentiment_label']})" if figures.get("sentiment_label") else ""
        parts.append(f"tone {float(figures['sentiment']):+.2f}{label}")
    if figures.get("words") is not None:
        parts.append(f"{int(figures['words']):,} words")
    entities = [f"{name} ({count})" for name, count in (figures.get("top_entities") or [])[:5]]
    if entities:
        parts.append("most named: " + ", ".join(entities))
    speakers = [f"{name} ({count} words)" for name, count in (figures.get("top_speakers") or [])[:3]]
    if speakers:
        parts.append("most quoted: " + ", ".join(speakers))
    phrases = [f"{phrase} ({count})" for phrase, count in (figures.get("top_keyphrases") or [])[:5]]
    if phrases:
        parts.append("key phrases: " + ", ".join(phrases))
    if figures.get("quotations") is not None:
        speaker = figures.get("top_speaker") or []
        parts.append(f"{int(figures['quotations'])} quotations")
        parts.append(f"most quoted: {speaker[0][0]} ({speaker[0][1]} words)" if speaker else "no named speaker")
        if figures.get("unnamed_share") is not None:
            parts.append(f"{float(figures['unnamed_share']):.0%} unnamed or unattributed")
    stories = [f"{name} ({count} articles)" for name, count in (figures.get("largest_stories") or [])[:3]]
    if stories:
        parts.append("largest stories: " + ", ".join(stories))
    return " · ".join(parts)


def _counted(number: int, noun: str) -> str:
    """``1 article``, ``2,127 articles``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _figures_cell(figures: dict | None) -> str:
    return "<td>" + html.escape(figures_summary(figures)) + "</td>"


def merged_figures(results: Sequence[NotebookResult], *, corpus: bool) -> dict:
    """The report's key figures from what its notebooks showed, the first value of each key winning:
    of a corpus, the figures about the whole corpus (a dict with a ``CORPUS_FIGURE_KEYS`` key);
    of an article, every other figure shown."""
    merged: dict = {}
    for result in results:
        for figures in result.shown or ((result.figures,) if result.figures else ()):
            if corpus != bool(set(CORPUS_FIGURE_KEYS) & set(figures)):
                continue
            for key, value in figures.items():
                merged.setdefault(key, value)
    order = [*CORPUS_FIGURE_KEYS[:5], "top_entities", *CORPUS_FIGURE_KEYS[5:]]  # stored figures come back sorted by name
    return {key: merged[key] for key in sorted(merged, key=lambda key: order.index(key) if key in order else len(order))}


def _figures_table(figures: Mapping[str, Any]) -> str:
    """Key figures as the notebooks show them (one escaped table, ``utils.show.html.key_figures``)."""
    from utils.show.html import key_figures

    return key_figures(dict(figures), title="Key figures")._repr_mimebundle_()["text/html"] if figures else ""


def index_html(
    results: Sequence[NotebookResult],
    *,
    article: Path,
    out_dir: Path,
    banner: str | None = None,
    heading: str | None = None,
    details: Sequence[str] = (),
    key_figures: Mapping[str, Any] | None = None,
    workbook: str | None = None,
    problems: Sequence[str] = (),
) -> str:
    """One report's index: title, date, source (or ``details``), the report's ``key_figures`` (a
    corpus's; then each notebook's row shows its figures about the corpus), each notebook's key
    figures, links and status (with ``heading`` given, as for a corpus or a pair, the
    article's metadata is left out)."""
    if heading is None:
        info = article_metadata(article)
        heading = info["title"]
        subtitle = " · ".join(part for part in (info["date"] or "no date", info["source"] or "no source", info["note"]) if part)
    else:
        subtitle = ""
    rows = []
    for result in results:
        name = html.escape(result.notebook.stem)
        status = {"ok": "ok", "empty": f"ran, charts empty{': ' + result.note if result.note else ''}"}.get(
            result.status, f"failed: {result.error}"
        )
        rows.append(
            "<tr>"
            f"<td><a href=\"{html.escape(result.html_path.relative_to(out_dir).as_posix())}\">{name}</a></td>"
            f"<td><a href=\"{html.escape(result.results_path.relative_to(out_dir).as_posix())}\">results only</a></td>"
            f"<td>{result.figure_count}</td>"
            f"{_figures_cell(merged_figures([result], corpus=True) if key_figures else result.figures)}"
            f"<td class=\"{result.status}\">{html.escape(status)}</td>"
            "</tr>"
        )
    banner_html = f'<p class="news-banner">{html.escape(banner)}</p>' if banner else ""
    extra = "".join(f'<p class="meta">{html.escape(line)}</p>' for line in details)
    extra += "".join(f'<p class="failed">{html.escape(line)}</p>' for line in problems)
    figures_html = f"{_figures_table(key_figures)}\n" if key_figures else ""
    links = f'<p><a href="{COMBINED_NAME}">All results on one page</a> (no code; to read, print or send)'
    if workbook:
        links += f' · <a href="{html.escape(urllib.parse.quote(workbook))}">every table as an Excel workbook</a>'
    return _page(
        f"Reports: {heading}",
        f'<nav><a href="../index.html">all reports</a></nav>\n<h1>{html.escape(heading)}</h1>\n'
        f'<p class="meta">{html.escape(subtitle)}</p>{extra}\n{banner_html}\n{figures_html}'
        f"{links}</p>\n<table>\n"
        "<tr><th>notebook (with code)</th><th>without code</th><th>charts</th><th>key figures</th><th>status</th></tr>\n"
        f"{chr(10).join(rows)}\n</table>",
    )


FILTER_SCRIPT = """
document.getElementById('filter').addEventListener('input', function () {
  var words = this.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
  var rows = document.querySelectorAll('#reports tbody tr');
  rows.forEach(function (row) {
    var text = row.textContent.toLowerCase();
    var keep = words.every(function (word) { return text.indexOf(word) !== -1; });
    row.hidden = !keep; if (keep) shown += 1;
  });
  document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' reports';
});
"""


def top_index_html(out_dir: Path) -> str:
    """``reports/index.html``: every report folder present (articles, pairs, corpora), newest first,
    with title, date, source, key figures, status and links, and a box that filters the rows."""
    entries = []
    for manifest_path in sorted(out_dir.glob(f"*/{MANIFEST_NAME}")):
        try:
            entries.append((manifest_path.parent.name, json.loads(manifest_path.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    entries.sort(key=lambda entry: entry[1].get("reported", ""), reverse=True)
    rows = []
    for folder, manifest in entries:
        statuses = [notebook.get("status") for notebook in manifest.get("notebooks", [])]
        summary = f"{statuses.count('ok')} of {len(statuses)} ok"
        if statuses.count("failed"):
            summary += f", {statuses.count('failed')} failed"
        if manifest.get("banner"):
            summary += " (not English: charts empty)"
        link = html.escape(urllib.parse.quote(f"{folder}/index.html"))
        links = [f'<a href="{html.escape(urllib.parse.quote(f"{folder}/{COMBINED_NAME}"))}">all results</a>']
        if manifest.get("workbook"):
            workbook = urllib.parse.quote(f"{folder}/{manifest['workbook']}")
            links.append(f'<a href="{html.escape(workbook)}">workbook</a>')
        figures = manifest.get("figures")
        if figures is None:  # a folder written before reports kept their figures
            figures = next((notebook.get("figures") for notebook in manifest.get("notebooks", []) if notebook.get("figures")), None)
        rows.append(
            "<tr>"
            f"<td>{html.escape(str(manifest.get('kind') or 'article'))}</td>"
            f"<td><a href=\"{link}\">{html.escape(str(manifest.get('title') or folder))}</a></td>"
            f"<td class=\"date\">{html.escape(str(manifest.get('date') or ''))}</td>"
            f"<td>{html.escape(str(manifest.get('source') or ''))}</td>"
            f"<td>{html.escape(figures_summary(figures))}</td>"
            f"<td class=\"{'failed' if statuses.count('failed') else 'ok'}\">{html.escape(summary)}</td>"
            f"<td>{' · '.join(links)}</td>"
            "</tr>"
        )
    return _page(
        "News article analysis: reports",
        "<h1>News article analysis</h1>\n<p class=\"meta\">Every article, pair and corpus reported in this folder, newest first.</p>\n"
        '<p class="no-print"><label>Filter <input type="search" id="filter" size="40" '
        'placeholder="words in a title, date, source or figure"></label> '
        f'<span id="shown" class="meta">{len(rows)} report{"" if len(rows) == 1 else "s"}</span></p>\n'
        '<table id="reports">\n<thead><tr><th>kind</th><th>title</th><th>date</th><th>source</th><th>key figures</th>'
        "<th>notebooks</th><th>also</th></tr></thead>\n"
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n<script>{FILTER_SCRIPT}</script>",
    )


# --------------------------------------------------------------------------- article checks and folders


def article_metadata(article: Path) -> dict[str, str | None]:
    """Title, date, source and a note for the index; never raises (an unreadable article says so)."""
    from utils.errors import NewsAnalysisError
    from utils.read.article import load_article

    try:
        loaded = load_article(article)
    except NewsAnalysisError as error:
        return {"title": article.name, "date": None, "source": None, "note": f"could not be read: {_first_line(str(error))}", "id": None}
    where = shown_path(article)
    note = f"file {where}" + ("" if where != article.name or article.resolve().parent == config.PROJECT_ROOT.resolve() else " (outside the project)")
    opening = loaded.standfirst or (loaded.paragraphs[0].text if loaded.paragraphs else "")
    return {
        "title": loaded.title or _shorten(opening, 90) or article.name,
        "date": loaded.date.isoformat() if loaded.date else None,
        "source": loaded.source,
        "note": f"{note} · {len(loaded.paragraphs)} paragraphs · id {loaded.id}",
        "id": loaded.id,
    }


def is_countable(article: Path) -> bool:
    """True when at least one paragraph the default scope counts is in a language the model counts (English)."""
    from utils.pipeline.tables import Scope
    from utils.read.article import load_article

    scope = Scope()
    return any(scope.includes(paragraph.kind, paragraph.language) for paragraph in load_article(article).paragraphs)


def check_article(article: Path, *, allow_other_language: bool = False) -> str | None:
    """Everything checkable before a notebook runs: readable, not too long, English. Raises
    ReportError with the one line to print; returns the banner to show when not English but allowed."""
    from utils.errors import NewsAnalysisError
    from utils.read.article import load_article

    try:
        loaded = load_article(article)
    except NewsAnalysisError as error:
        raise ReportError(str(error)) from None
    if len(loaded.text) > config.max_chars():
        raise ReportError(
            f"{article}: {len(loaded.text):,} characters, more than the {config.max_chars():,} one analysis takes "
            f"(split it, or raise ${config.MAX_CHARS_ENV_VAR})"
        )
    if is_countable(article):
        return None
    if allow_other_language:
        return NOT_ENGLISH_BANNER
    languages = sorted({paragraph.language for paragraph in loaded.paragraphs})
    raise ReportError(
        f"{article}: no English paragraph to count (found: {', '.join(languages)}); "
        "--allow-other-language (make report ALLOW_OTHER_LANGUAGE=1) writes the reports anyway, with empty charts"
    )


def folder_name(stem: str) -> str:
    """A file stem made safe as a folder and URL part: letters (any script), digits, ``.``, ``_``, ``-``."""
    text = unicodedata.normalize("NFC", stem)
    text = re.sub(r"[^\w.-]+", "-", text).strip("-.")
    return text[:80] or "article"


def source_key(path: Path, *more: Path) -> str:
    """A short id of where an input lives (its resolved path; of a pair, both), to tell apart inputs with one stem."""
    text = "\n".join(str(Path(item).resolve()) for item in (path, *more))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def article_folder(out_dir: Path, source: Path, *, prefix: str = "") -> Path:
    """``out_dir/<stem>``; the same input reuses its folder, another input with the same stem
    gets ``<stem>-<id>`` so nothing is overwritten."""
    return report_folder(out_dir, prefix + folder_name(source.stem), source_key(source))


def pair_folder(out_dir: Path, article_a: Path, article_b: Path) -> Path:
    """``out_dir/<a-stem>-vs-<b-stem>``, the folder of a pair of articles (``<...>-<id>`` when taken)."""
    return report_folder(out_dir, f"{folder_name(article_a.stem)[:38]}-vs-{folder_name(article_b.stem)[:38]}", source_key(article_a, article_b))


def report_folder(out_dir: Path, name: str, key: str) -> Path:
    """``out_dir/name`` unless another input's report holds it, then ``out_dir/name-key``."""
    for candidate in (out_dir / name, out_dir / f"{name}-{key}"):
        manifest = candidate / MANIFEST_NAME
        if not candidate.exists():
            return candidate
        try:
            if json.loads(manifest.read_text(encoding="utf-8")).get("source_key") == key:
                return candidate
        except (OSError, ValueError):
            continue
    return out_dir / f"{name}-{key}"


# --------------------------------------------------------------------------- building


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
    _make_dirs(folder)
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
    shared_script = False
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
        html_path = folder / f"{notebook.stem}.html"
        results_path = folder / "results" / f"{notebook.stem}.html"
        for path, exclude_input, prefix in ((html_path, False, ""), (results_path, True, "../")):
            nav = _navigation(names, position, prefix=prefix)
            script, css = (None, None) if self_contained else (prefix + PLOTLY_SCRIPT, prefix + STYLESHEET)
            write_atomically(path, export_html(shown, title=title, nav=nav, exclude_input=exclude_input, banner=banner,
                                               plotly_src=script, css_href=css))
        figures = shown_figures(executed)
        result = NotebookResult(
            notebook, html_path, results_path, executed_path, count_figures(executed), error,
            seconds=time.monotonic() - started, note="not English" if banner else None,
            figures=figures[0] if figures else None, shown=tuple(figures),
        )
        results.append(result)
        if progress is not None:
            progress(progress_line(result, position + 1, len(notebooks)))
    kept = write_shared_files(folder, plotly=shared_script) if not self_contained else []
    for name in (PLOTLY_SCRIPT, STYLESHEET):  # a self-contained run (or one without charts) leaves no stale copy
        if folder / name not in kept and (folder / name).exists():
            (folder / name).unlink()
    write_combined_report(folder, results, banner=banner)
    workbook_error = None
    try:
        write_report_workbook(folder / "exports" / WORKBOOK_NAME, kind=kind, article=article, article_b=article_b, corpus=corpus)
    except Exception as error:  # an unreadable article, a corpus whose run failed: the index says so
        workbook_error = f"no workbook: {type(error).__name__}: {_first_line(str(error))}"
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


COMBINED_NAME = "all-results.html"


def write_combined_report(folder: Path, results: Sequence[NotebookResult], *, banner: str | None = None) -> Path:
    """Every notebook's results on one page (``all-results.html``: no code, plotly.js once), beside the
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


def progress_line(result: NotebookResult, number: int, total: int) -> str:
    """``[2/5] 02-tokenise ok 12.3 s``, or ``... FAILED 4.1 s: <one line>``."""
    line = f"[{number}/{total}] {result.notebook.stem} "
    if result.error is not None:
        reason = result.error.removeprefix(f"{result.notebook.name}: ")
        return line + f"FAILED {result.seconds:.1f} s: {reason}"
    if result.status == "empty":
        return line + f"ran {result.seconds:.1f} s: charts empty ({result.note or 'nothing to chart'})"
    return line + f"ok {result.seconds:.1f} s"


def write_article_index(
    folder: Path, results: Sequence[NotebookResult], *, article: Path, source: Path, banner: str | None, corpus: Path | None,
    article_b: Path | None = None, workbook_error: str | None = None,
) -> None:
    """The report folder's ``index.html`` and ``report.json`` (what the top index is rebuilt from)."""
    kind = "corpus" if corpus is not None else "pair" if article_b is not None else "article"
    figures = merged_figures(results, corpus=kind == "corpus")
    details = []
    heading = None
    if kind == "corpus":
        dates = [figures.get("first_date"), figures.get("last_date")]
        info = {"title": f"Corpus: {source.name}", "date": " to ".join(str(date) for date in dates) if all(dates) else None,
                "source": _counted(int(figures['sources']), 'source') if figures.get("sources") is not None else shown_path(source)}
        heading = info["title"]
        tables = corpus_tables_folder(corpus)
        where = shown_path(tables) if shown_path(tables) != tables.name else f"{tables.name} in the cache folder ($NEWS_CACHE_DIR)"
        details.append(f"corpus {shown_path(source)}; its tables: {where}")
    elif kind == "pair":
        first, second = article_metadata(article), article_metadata(source)
        info = {"title": f"{first['title']} | {second['title']}",
                "date": " | ".join(str(item["date"] or "no date") for item in (first, second)),
                "source": " | ".join(str(item["source"] or "no source") for item in (first, second))}
        heading = f"Two articles: {info['title']}"
        for letter, item in (("A", first), ("B", second)):
            details.append(f"{letter}: {item['title']} · " + " · ".join(
                part for part in (item["date"] or "no date", item["source"] or "no source", item["note"]) if part))
    else:
        info = article_metadata(article)
    workbook = f"exports/{WORKBOOK_NAME}" if (folder / "exports" / WORKBOOK_NAME).exists() else None
    write_atomically(
        folder / "index.html",
        index_html(results, article=article, out_dir=folder, banner=banner, heading=heading, details=details,
                   key_figures=figures if kind == "corpus" else None, workbook=workbook,
                   problems=[workbook_error] if workbook_error else []),
    )
    manifest = {
        "title": info["title"],
        "date": info["date"],
        "source": info["source"],
        "kind": kind,
        "input": shown_path(source) if kind != "pair" else [shown_path(article), shown_path(source)],
        "source_key": source_key(article, source) if kind == "pair" else source_key(source),
        "banner": banner,
        "reported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "figures": figures,
        "workbook": workbook,
        "workbook_error": workbook_error,
        "notebooks": [
            {"name": result.notebook.stem, "status": result.status, "error": result.error, "figures": result.figures}
            for result in results
        ],
    }
    write_atomically(folder / MANIFEST_NAME, json.dumps(manifest, indent=1, ensure_ascii=False, default=str))


def corpus_tables_folder(corpus: Path) -> Path:
    """Where notebook 05's corpus run keeps its Parquet tables (``data/processed/corpus-<key>``, or
    the corpus folder itself when given an analysed one)."""
    from utils.corpus import is_corpus_folder
    from utils.pipeline.tables import Scope
    from utils.store import corpus_key

    path = config.resolve_article_path(notebook_path_parameter(corpus))
    if is_corpus_folder(path):
        return path
    return config.PROCESSED_DIR / f"corpus-{corpus_key(path, Scope(), config.model_name())}"


def _navigation(names: Sequence[str], position: int, *, prefix: str) -> list[tuple[str, str | None]]:
    previous = f"{names[position - 1]}.html" if position > 0 else None
    following = f"{names[position + 1]}.html" if position + 1 < len(names) else None
    return [
        ("← previous", previous),
        ("index", f"{prefix}index.html"),
        ("all reports", f"{prefix}../index.html"),
        ("next →", following),
    ]


def _shorten(text: str, limit: int) -> str:
    """The text on one line, cut at a word before ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _first_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0][:300] if lines else ""


# --------------------------------------------------------------------------- command line


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
