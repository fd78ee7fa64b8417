"""Notebook tooling: `make notebooks` re-executes the course; the hygiene test reads the rules here.

    python tools/notebook_tools.py execute notebooks/*.ipynb
    python tools/notebook_tools.py launch-cell notebooks/*.ipynb

`execute`: each notebook runs top to bottom in a fresh kernel of this environment, with a per-cell
timeout, from inside notebooks/ (as a learner runs it); `metadata.widgets` is removed afterwards
because GitHub refuses to render widget metadata without `state`.

`launch-cell`: puts the launch cell (`launch_cell_source()`) first among each notebook's code cells,
or brings an existing one up to date. It installs nnhelpers where it is missing (Colab, Kaggle) from
the repository named in CITATION.cff, and does nothing where nnhelpers is installed. Idempotent: no
other cell's source or outputs change; inserting it shifts the execution counts by one, so the
notebook stays one clean run.
"""

import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CELL_TIMEOUT = 120  # seconds; nbclient has no timeout by default
LAUNCH_CELL_ID = "install-nnhelpers"
LAUNCH_MARK = "# Set-up for Colab, Kaggle or any Python without the course's package nnhelpers:"


def repository_url():
    """The course's public repository, e.g. "https://github.com/owner/name": CITATION.cff's
    `repository-code`, the one place that names it (the site, the launch cell and the README's
    links follow it; tests/test_site.py checks them)."""
    citation = (ROOT / "CITATION.cff").read_text("utf-8")
    found = re.search(r'^repository-code: "(https://github\.com/[\w.-]+/[\w.-]+)"$', citation,
                      re.M)
    if not found:
        raise ValueError('CITATION.cff needs a line repository-code: "https://github.com/OWNER/NAME"')
    return found.group(1)


def launch_cell_source():
    """The first code cell of every notebook (see `launch-cell`)."""
    return f"""{LAUNCH_MARK}
# installs it (from this clone if the notebook sits in one, else from {repository_url()}).
# Where nnhelpers is installed already (`make lab`, `pip install`), it does nothing.
import importlib.util
import subprocess
import sys
from pathlib import Path

if importlib.util.find_spec("nnhelpers") is None:
    clone = Path.cwd().parent
    source = str(clone) if (clone / "nnhelpers").is_dir() else "git+{repository_url()}"
    print(f"Installing nnhelpers from {{source}} (on Kaggle: switch Internet on in Settings first)")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", source], check=True)
    importlib.invalidate_caches()"""


def is_launch_cell(cell):
    return cell.cell_type == "code" and cell.source.startswith(LAUNCH_MARK)


def add_launch_cell(path):
    """Insert or update the launch cell in the notebook at `path`; return what was done."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    if not code:
        raise ValueError(f"{path} has no code cell: the launch cell goes before the first one")
    first = nb.cells[code[0]]
    if is_launch_cell(first):
        if first.source == launch_cell_source():
            return "up to date"
        first.source = launch_cell_source()
        done = "updated"
    else:
        cell = nbformat.v4.new_code_cell(launch_cell_source(), id=LAUNCH_CELL_ID)
        cell.metadata["tags"] = ["remove-cell"]  # the site leaves it out; Colab and Kaggle run it
        counted = first.execution_count is not None
        for i in code:  # one clean run stays one clean run: 1 is the launch cell now
            old = nb.cells[i]
            if counted and old.execution_count is not None:
                old.execution_count += 1
                for out in old.outputs:
                    if out.get("execution_count") is not None:
                        out["execution_count"] += 1
        cell.execution_count = 1 if counted else None
        nb.cells.insert(code[0], cell)
        done = "inserted"
    nbformat.write(nb, path)
    return done


def execute(path):
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:  # no wall-clock stamps: a re-run that changed nothing diffs clean
        cell.metadata.pop("execution", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    nbformat.write(nb, path)
    print(f"executed {path} in {time.perf_counter() - start:.1f} s", flush=True)


def main(argv):
    commands = {"execute": execute,
                "launch-cell": lambda p: print(f"{p}: launch cell {add_launch_cell(p)}")}
    if len(argv) < 2 or argv[0] not in commands:
        print(__doc__)
        return 2
    for p in argv[1:]:
        commands[argv[0]](p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
