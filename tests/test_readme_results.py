"""The README's Results tables are what `benchmarks/results.py` prints (issue 16: a number in the
README comes from a script in the repo).

The script runs here (about 10 s: six single-neuron runs and five digits trainings); each table
row of the README is compared with the line it comes from, accuracies and epochs exactly, costs to
the three significant figures the README gives. The one diverging run (diagonal-only δ at η = 3.0,
marked † in the README) is compared within a band, since its last digits depend on the machine.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DIGITS_ROWS = {  # README row label -> (set-up, η) as results.py prints them
    "sigmoid + quadratic, η = 3.0": ("sigmoid + quadratic", "3.0"),
    "softmax + log-likelihood, η = 0.7 (δ by (37), = a − y)": ("softmax + log-likelihood", "0.7"),
    "softmax + log-likelihood, η = 0.7, **diagonal-only δ** (the \"skip the sum\" answer)":
        ("softmax + LL, diagonal-only δ", "0.7"),
    "the same diagonal-only δ, η = 0.1": ("softmax + LL, diagonal-only δ", "0.1"),
    "the same diagonal-only δ, η = 3.0": ("softmax + LL, diagonal-only δ", "3.0"),
}
DIVERGING = "the same diagonal-only δ, η = 3.0"


def cells(line):
    """The cells of one Markdown table row, stripped."""
    return [c.strip() for c in line.strip().strip("|").split("|")]


def readme_rows():
    """{first cell: the other cells} of every table row in the README."""
    return {row[0]: row[1:] for row in (cells(line) for line in README.splitlines()
                                         if line.startswith("| "))}


@pytest.fixture(scope="module")
def printed():
    result = subprocess.run([sys.executable, "benchmarks/results.py"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def digits_line(printed, setup, eta):
    """(final %, best %, best epoch, final cost) from results.py's line for (setup, eta)."""
    pattern = (rf"^\s+{re.escape(setup)}\s+{re.escape(eta)}\s+([\d.]+)%\s+([\d.]+)%\s+"
               r"\(\s*(\d+)\)\s+([\d.]+)$")
    found = re.findall(pattern, printed, re.M)
    assert len(found) == 1, f"results.py printed no single line for {setup}, η = {eta}"
    final, best, epoch, cost = found[0]
    return float(final), float(best), int(epoch), float(cost)


def percent(cell):
    return float(re.match(r"(?:about )?([\d.]+) %", cell).group(1))


@pytest.mark.slow
@pytest.mark.parametrize("label", list(DIGITS_ROWS))
def test_each_digits_row_is_what_results_py_prints(label, printed):
    rows = readme_rows()
    assert label in rows, f"the README has no Results row {label!r}"
    final, best, epoch, cost = digits_line(printed, *DIGITS_ROWS[label])
    cells = rows[label]
    if label == DIVERGING:
        assert all("†" in c for c in cells), "the diverging row is marked †"
        assert 8 <= final <= 15 and 8 <= best <= 15 and 20 <= cost <= 40, (final, best, cost)
        return
    assert percent(cells[0]) == final
    assert cells[1] == f"{best} % (epoch {epoch})"
    assert float(cells[2]) == float(f"{cost:.3g}")


@pytest.mark.slow
def test_each_slowdown_row_is_what_results_py_prints(printed):
    table = [line for line in README.splitlines() if line.startswith("| w = ")]
    assert len(table) == 6, table
    for line in table:
        start, run, output, below = cells(line)
        cost, eta = re.match(r"(quadratic|cross-entropy), ([\d.]+)", run).groups()
        start = start.split(" (")[0]
        pattern = (rf"^\s+{re.escape(start)}\s+{cost}, η = {eta}\s+[\d.]+\s+([\d.]+)\s+(\S+)\s+"
                   r"(\S+)$")
        found = re.findall(pattern, printed, re.M)
        assert len(found) == 1, f"results.py printed no single line for {start}, {cost}, {eta}"
        a300, below_09, below_05 = found[0]
        assert output.split()[0] == a300, line
        assert below == below_05, line
        if "above 0.9 until epoch" in output:
            assert f"above 0.9 until epoch {below_09}" in output, line


def test_the_speed_up_ratios_follow_the_slowdown_table():
    below = {}
    for line in README.splitlines():
        if line.startswith("| w = ") and ", 0.15 |" in line:
            start, run, _, epochs = cells(line)
            below[(start.split(" (")[0], run.split(",")[0])] = int(epochs)
    near = below[("w = 0.6, b = 0.9", "quadratic")] / below[("w = 0.6, b = 0.9", "cross-entropy")]
    far = below[("w = b = 2.0", "quadratic")] / below[("w = b = 2.0", "cross-entropy")]
    assert f"{near:.1f}x sooner from a = 0.82 and {far:.1f}x sooner" in README.replace("\n", " ")
