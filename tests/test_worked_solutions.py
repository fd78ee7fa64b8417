"""Worked solutions wait in closed <details> cells, and every one of them is right.

A worked solution is a markdown cell holding a <details> block whose summary starts with
"Worked solution" and a ```python fence that ends by asserting `check(...)`. It shows nothing
until a learner opens it (on GitHub, in JupyterLab after Run All, on the site). Here each
notebook runs top to bottom in a fresh kernel with every worked solution's code inserted where
its cell stands, so a solution that goes stale, or an exercise check that stops accepting the
right answer, fails the test.
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
DETAILS = re.compile(r"<details>\s*<summary>(.*?)</summary>(.*?)</details>", re.S)
PYTHON_FENCE = re.compile(r"```python\n(.*?)```", re.S)
CELL_TIMEOUT = 120  # seconds; nbclient has no timeout by default


def worked_solutions(cell):
    """The code of each worked solution in a markdown cell, in order."""
    if cell.cell_type != "markdown":
        return []
    return ["".join(PYTHON_FENCE.findall(body)) for summary, body in DETAILS.findall(cell.source)
            if summary.strip().lower().startswith("worked solution")]


def with_solutions(nb):
    """A copy of `nb` whose code cells are followed, in place, by each worked solution's code."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            cells.append(nbformat.v4.new_code_cell(cell.source))
        for code in worked_solutions(cell):
            cells.append(nbformat.v4.new_code_cell(code))
    out = nbformat.v4.new_notebook(metadata=nb.metadata)
    out.cells = cells
    return out


def test_the_parser_finds_a_worked_solution():
    cell = nbformat.v4.new_markdown_cell(
        "<details>\n<summary>Worked solution (click to open)</summary>\n\n```python\nx = 1\n"
        "assert check('a', x)\n```\n\n</details>\n\n<details>\n<summary>Hint 1: a nudge</summary>"
        "\n\n```python\nnot = code\n```\n</details>")
    assert worked_solutions(cell) == ["x = 1\nassert check('a', x)\n"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_solution_hides_in_a_code_cell(path):
    """A hidden code cell still prints its answer on GitHub and after Run All."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        hidden = cell.get("metadata", {}).get("jupyter", {}).get("source_hidden", False)
        assert not (cell.cell_type == "code" and hidden and "check(" in cell.source), (
            f"cell {i} is a hidden code cell that calls check(): move the worked solution into a "
            "<details> markdown cell")


SOLVED = [p for p in NOTEBOOKS
          if any(worked_solutions(c) for c in nbformat.read(p, as_version=4).cells)]


@pytest.mark.parametrize("path", SOLVED, ids=lambda p: p.name)
def test_every_worked_solution_runs_and_checks(path):
    nb = nbformat.read(path, as_version=4)
    solutions = [code for cell in nb.cells for code in worked_solutions(cell)]
    for code in solutions:
        assert re.search(r"^assert check\(", code, re.M), (
            f"a worked solution in {path.name} does not end by asserting check(...):\n{code}")
    client = NotebookClient(with_solutions(nb), timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as error:
        pytest.fail(f"{path.name}: a cell or worked solution failed:\n{error}")
