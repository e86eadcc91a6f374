"""The committed notebooks follow the conventions: stripped, titled, one parameters cell."""

from __future__ import annotations

import nbformat
import pytest

from utils import config
from utils.report.notebooks import parameter_cells, strip_outputs
from utils.report.parameters import notebook_paths, notebook_title

NOTEBOOKS = notebook_paths()


def test_the_four_notebooks_are_there_in_reading_order():
    assert [path.name for path in NOTEBOOKS][:4] == [
        "01-load-article.ipynb", "02-tokenise.ipynb", "03-sentiment.ipynb", "04-entities.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_is_committed_stripped(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_has_a_title_and_one_parameters_cell_with_article(path):
    notebook = nbformat.read(path, as_version=4)
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "\n> " in first.source
    assert notebook_title(notebook, "") == first.source.splitlines()[0][2:]
    [parameters] = parameter_cells(notebook)
    assert notebook.cells.index(parameters) == 1
    assert f'ARTICLE: str = "{config.DEFAULT_ARTICLE.relative_to(config.PROJECT_ROOT).as_posix()}"' in parameters.source
    assert "pip install" not in "".join(cell.source for cell in notebook.cells)


def test_strip_outputs_removes_outputs_and_counts():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    notebook.cells[0].outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1)]
    notebook.cells[0].execution_count = 1
    stripped = strip_outputs(notebook)
    assert stripped.cells[0].outputs == [] and stripped.cells[0].execution_count is None
