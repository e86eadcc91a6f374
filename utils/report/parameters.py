"""The notebooks of a report and their parameters: which notebooks an article, a pair or a corpus
runs (read from the names their ``parameters`` cells declare), and ``--params`` as values of the
declared types."""

from __future__ import annotations

import ast
import functools
import shlex
from pathlib import Path
from typing import Any, Mapping, Sequence

import nbformat

from utils import config

SET_BY_THE_COMMAND = ("ARTICLE", "ARTICLE_A", "ARTICLE_B", "CORPUS", "EXPORTS")  # parameters the command itself sets
CORPUS_PARAMETER = "CORPUS"  # a notebook declaring it is a corpus notebook
PAIR_PARAMETER = "ARTICLE_B"  # a notebook declaring it compares two articles (a pair notebook)
QUERY_PARAMETER = "QUERY"


class ReportError(Exception):
    """A problem found before any notebook runs; its message is the one line the command prints."""


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
