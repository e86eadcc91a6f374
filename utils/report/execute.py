"""One notebook run with papermill (its kernel on local sockets), what it displayed (charts, key
figures) and what became of it (``NotebookResult``, its progress line)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import nbformat

from utils.report.folders import make_dirs, write_atomically
from utils.show.datatables import LOADER_START, strip_loaders

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

    make_dirs(executed_path.parent)
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
        return f"{notebook.name}: cell {error.exec_count} raised {error.ename}: {first_line(error.evalue)}"
    except Exception as error:  # the kernel died, the notebook is not valid JSON, ...
        return f"{notebook.name}: could not run ({type(error).__name__}: {first_line(str(error))})"
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)
    return None


def compact_notebook(path: Path) -> None:
    """Rewrite a notebook file as JSON without indentation (papermill indents every number of the
    chart data onto its own line: a third of the file) and without the DataTables bundle its first
    interactive table carries (1 MB; a report page loads it once, as it loads plotly.js: the
    notebook keeps each table's data, and untrusted in JupyterLab shows each table's first rows)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            page = output.get("data", {}).get("text/html")
            if page is not None:
                text = "".join(page) if isinstance(page, list) else page
                if LOADER_START in text:
                    output["data"]["text/html"] = strip_loaders(text)
    write_atomically(path, json.dumps(notebook, ensure_ascii=False, separators=(",", ":")))


def progress_line(result: NotebookResult, number: int, total: int) -> str:
    """``[2/5] 02-tokenise ok 12.3 s``, or ``... FAILED 4.1 s: <one line>``."""
    line = f"[{number}/{total}] {result.notebook.stem} "
    if result.error is not None:
        reason = result.error.removeprefix(f"{result.notebook.name}: ")
        return line + f"FAILED {result.seconds:.1f} s: {reason}"
    if result.status == "empty":
        return line + f"ran {result.seconds:.1f} s: charts empty ({result.note or 'nothing to chart'})"
    return line + f"ok {result.seconds:.1f} s"


def first_line(text: str) -> str:
    """The first non-blank line of ``text``, stripped and cut at 300 characters (a failure told in one line)."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0][:300] if lines else ""
