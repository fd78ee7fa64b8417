"""Notebook tooling: `make notebooks` re-executes the course; the hygiene test reads the rules here.

    python tools/notebook_tools.py execute notebooks/*.ipynb

Each notebook runs top to bottom in a fresh kernel of this environment, with a per-cell timeout,
from inside notebooks/ (as a learner runs it); `metadata.widgets` is removed afterwards because
GitHub refuses to render widget metadata without `state`.
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CELL_TIMEOUT = 120  # seconds; nbclient has no timeout by default


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
    if len(argv) < 2 or argv[0] != "execute":
        print(__doc__)
        return 2
    for p in argv[1:]:
        execute(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
