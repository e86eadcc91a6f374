"""The house, read from the code alone: ``utils/`` is the library (no measuring command inside it),
its modules import one another without a circle at run time, and each module holds one job (a
sign of it: none over MAX_LINES lines)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

from utils import config

UTILS = config.PROJECT_ROOT / "utils"
MAX_LINES = 700
MEASURING_NAMES = ("bench", "_eval", "_errors", "_changes")  # what the commands of evaluation/ are called


def module_name(path: Path) -> str:
    parts = list(path.relative_to(config.PROJECT_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(UTILS.rglob("*.py"))}


def _resolve(name: str) -> str | None:
    """The module of ``utils`` that an imported dotted name lives in (``utils.a.b.function`` → ``utils.a.b``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


class _RunTimeImports(ast.NodeVisitor):
    """Every import a module runs, at its top or inside a function; ``if TYPE_CHECKING:`` blocks are not run."""

    def __init__(self, module: str, is_package: bool):
        self.module, self.is_package, self.found = module, is_package, set()

    def visit_If(self, node: ast.If) -> None:
        if "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found.update(_resolve(alias.name) for alias in node.names if alias.name.startswith("utils"))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            package = self.module.split(".") if self.is_package else self.module.split(".")[:-1]
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
        if base.split(".")[0] != "utils":
            return
        for alias in node.names:
            self.found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else _resolve(base))


def import_graph() -> nx.DiGraph:
    """Module → the modules of ``utils`` it imports at run time. Importing ``utils.a.b`` runs the
    package ``utils.a`` first, so that edge is there too; the root package ``utils`` (a facade of
    re-exports) is left out, as is a package's own ``__init__`` seen from inside the package."""
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        visitor = _RunTimeImports(module, path.name == "__init__.py")
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        graph.add_node(module)
        for imported in visitor.found - {None, module, "utils"}:
            graph.add_edge(module, imported)
            parts = imported.split(".")
            for end in range(2, len(parts)):
                package = ".".join(parts[:end])
                if package in MODULES and not module.startswith(package + "."):
                    graph.add_edge(module, package)
    return graph


def test_the_checks_see_the_modules_and_their_imports():
    graph = import_graph()
    assert {"utils.analysis", "utils.corpus", "utils.corpus_tables", "utils.search.results"} <= set(graph)
    assert graph.has_edge("utils.corpus", "utils.corpus_tables") and graph.has_edge("utils.search.results", "utils.search.index")


def test_a_circle_is_found_where_there_is_one():
    """The cycle check itself: a graph with a circle through a function-level import is caught."""
    visitor = _RunTimeImports("utils.corpus_tables", False)
    visitor.visit(ast.parse("def f():\n    from utils.corpus import Corpus\n"))
    graph = import_graph()
    graph.add_edges_from((("utils.corpus_tables", imported) for imported in visitor.found))
    assert any({"utils.corpus", "utils.corpus_tables"} <= component for component in nx.strongly_connected_components(graph))


def test_no_import_cycle_at_run_time():
    cycles = [sorted(component) for component in nx.strongly_connected_components(import_graph()) if len(component) > 1]
    assert cycles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_holds_several_jobs(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[module]}: {lines} lines"


def test_no_measuring_command_in_the_library():
    """The benchmarks and evaluations live in evaluation/, and nothing in utils/ reaches for them or for ../shared."""
    commands = sorted(path.name for path in (config.PROJECT_ROOT / "evaluation").glob("*.py") if path.name != "__init__.py")
    assert "bench.py" in commands and any(name.endswith("_eval.py") for name in commands)
    in_library = [module for module in MODULES if any(marker in module.rpartition(".")[2] for marker in MEASURING_NAMES)]
    assert in_library == []
    for module, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not any(name.split(".")[0] == "evaluation" for name in imported), module
        assert "../shared" not in text and "shared/dev" not in text and "shared/bench" not in text, module
