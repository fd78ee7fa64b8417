"""Every committed notebook is one clean top-to-bottom run, readable on GitHub."""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
MACHINE_PATH = re.compile(r"(/work/|/home/\w+|/root/|/tmp/|[A-Z]:\\\\Users)")


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert not path.name.startswith("test_"), "a notebook named test_* would be collected by pytest"
    assert re.match(r"\d\d_\w+\.ipynb$", path.name), "notebooks are named NN_topic.ipynb"
    assert "widgets" not in nb["metadata"], "metadata.widgets breaks GitHub's renderer"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"execution counts {counts} are not one clean run; re-execute with `make notebooks`"
    )
    for i, cell in enumerate(code, start=1):
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"cell [{i}] has an error output"
            if out["output_type"] == "stream":
                assert out["name"] != "stderr", f"cell [{i}] wrote to stderr: {out['text'][:200]}"
            text = json.dumps(out.get("text", "")) + json.dumps(out.get("data", {}).get(
                "text/plain", ""))
            assert not MACHINE_PATH.search(text), f"cell [{i}] shows a path of this machine"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_test_markers_are_cell_tags(path):
    """nbval markers are cell tags (nbval-check-output, ...), not comments a learner has to read."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"])
        assert "NBVAL_" not in source, f"cell {i} carries an # NBVAL_ comment; use a cell tag"


def test_readme_course_map_lists_every_notebook_once():
    readme = (NOTEBOOKS[0].parent.parent / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        link = f"](notebooks/{path.name})"
        assert readme.count(link) == 1, f"README's course map should link {path.name} once"
