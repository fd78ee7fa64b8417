"""Worked solutions run inside nbval's one execution of each notebook (a pytest plugin).

A worked solution is a markdown cell holding a <details> block whose summary starts with
"Worked solution" and a ```python fence that ends by asserting `check(...)`. It shows nothing
until a learner opens it. So that a solution that goes stale, or an exercise check that stops
accepting the right answer, fails the tests without running each notebook a second time, nbval
(`make nbval`) runs every worked solution's code as a cell of its own, in the notebook's kernel,
where its markdown cell stands: after the code cell before it. Those cells have no stored output,
so nbval only requires that they run without an error; the notebook's own cells are tested
exactly as nbval tests them. The root conftest.py loads this plugin; tests/test_worked_solutions.py
checks the parser and that nbval collects every worked solution.
"""

import re
from collections import defaultdict

import nbformat
import pytest
from nbval.plugin import IPyNbCell, IPyNbFile

DETAILS = re.compile(r"<details>\s*<summary>(.*?)</summary>(.*?)</details>", re.S)
PYTHON_FENCE = re.compile(r"```python\n(.*?)```", re.S)
ITEM_NAME = "worked solution"  # in the names of the cells nbval runs for them


def worked_solutions(cell):
    """The code of each worked solution in a markdown cell, in order."""
    if cell.cell_type != "markdown":
        return []
    return ["".join(PYTHON_FENCE.findall(body)) for summary, body in DETAILS.findall(cell.source)
            if summary.strip().lower().startswith("worked solution")]


def solutions_by_position(nb):
    """{k: the worked solutions that stand after the notebook's first k code cells}."""
    placed, k = defaultdict(list), 0
    for cell in nb.cells:
        k += cell.cell_type == "code"
        placed[k].extend(worked_solutions(cell))
    return placed


class NotebookWithSolutions(IPyNbFile):
    """nbval's collector for one notebook, with a cell for each worked solution."""

    def collect(self):
        cells = list(super().collect())  # one item per code cell; this reads self.nb
        placed = solutions_by_position(self.nb)
        for k in range(len(cells) + 1):
            if k:
                yield cells[k - 1]
            for i, code in enumerate(placed[k], start=1):
                yield IPyNbCell.from_parent(
                    self, name=f"Cell {k - 1}, {ITEM_NAME} {i}", cell_num=k - 1,
                    cell=nbformat.v4.new_code_cell(code), options=defaultdict(bool))


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    collected = yield
    return [NotebookWithSolutions.from_parent(parent, path=file_path)
            if type(node) is IPyNbFile else node for node in collected]
