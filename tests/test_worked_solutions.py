"""Worked solutions wait in closed <details> cells, and every one of them is right.

The parser and the nbval plugin that runs each worked solution are in tests/worked_solutions.py:
nbval (`make nbval`) runs them in its one execution of each notebook, so here nothing is executed.
These tests check what can be checked without a kernel, and that nbval collects a cell for every
worked solution of every notebook, so none of them escapes the run.
"""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from worked_solutions import ITEM_NAME, solutions_by_position, worked_solutions

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def read(path):
    return nbformat.read(path, as_version=4)


def test_the_parser_finds_a_worked_solution():
    cell = nbformat.v4.new_markdown_cell(
        "<details>\n<summary>Worked solution (click to open)</summary>\n\n```python\nx = 1\n"
        "assert check('a', x)\n```\n\n</details>\n\n<details>\n<summary>Hint 1: a nudge</summary>"
        "\n\n```python\nnot = code\n```\n</details>")
    assert worked_solutions(cell) == ["x = 1\nassert check('a', x)\n"]


def test_each_solution_stands_after_the_code_cell_before_its_markdown_cell():
    solution = "<details>\n<summary>Worked solution</summary>\n\n```python\n{}\n```\n</details>"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(solution.format("a = 0")),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_markdown_cell(solution.format("b = 1")),
        nbformat.v4.new_markdown_cell(solution.format("c = 2")),
        nbformat.v4.new_code_cell("y = 2"),
    ])
    assert solutions_by_position(nb) == {0: ["a = 0\n"], 1: ["b = 1\n", "c = 2\n"], 2: []}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_solution_hides_in_a_code_cell(path):
    """A hidden code cell still prints its answer on GitHub and after Run All."""
    for i, cell in enumerate(read(path).cells):
        hidden = cell.get("metadata", {}).get("jupyter", {}).get("source_hidden", False)
        assert not (cell.cell_type == "code" and hidden and "check(" in cell.source), (
            f"cell {i} is a hidden code cell that calls check(): move the worked solution into a "
            "<details> markdown cell")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_worked_solution_asserts_its_check(path):
    for code in (code for cell in read(path).cells for code in worked_solutions(cell)):
        assert re.search(r"^assert check\(", code, re.M), (
            f"a worked solution in {path.name} does not end by asserting check(...):\n{code}")


def test_nbval_collects_a_cell_for_every_worked_solution():
    """What `make nbval` runs (collected only: no kernel starts)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--collect-only", "-q",
         "-p", "no:cacheprovider", *map(str, NOTEBOOKS)],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in NOTEBOOKS:
        collected = [line for line in result.stdout.splitlines()
                     if line.startswith(f"notebooks/{path.name}::") and ITEM_NAME in line]
        expected = sum(len(codes) for codes in solutions_by_position(read(path)).values())
        assert len(collected) == expected, f"{path.name}: nbval runs {collected}"
