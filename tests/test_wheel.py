"""The package as `pip install` delivers it (issue 18): a wheel built from a fresh clone of the
committed HEAD, installed with the dependencies it declares into a fresh venv, runs notebooks
00, 05 and 07 (07 loads the shipped digits) copied into an empty folder, with no clone on
sys.path; and pyproject's dependencies are the libraries nnhelpers imports.

The fresh venv gets the same versions as this environment (a constraints file), so pip takes
them from its cache where it can; building and installing need PyPI otherwise.
"""

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbclient import NotebookClient

try:
    import tomllib
except ImportError:  # Python 3.10: pytest brings tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ("00_the_question", "05_jacobian_explorer", "07_full_backprop")
KERNEL = "nnhelpers-wheel"
NEEDS = "(it builds with setuptools and installs the dependencies from PyPI or pip's cache)"


def canonical(name):
    """A distribution name as pip compares them (PEP 503): "Pillow" and "pillow" are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def run(args, **kwargs):
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed {NEEDS}:\n{done.stderr}"
    return done.stdout


def test_dependencies_are_the_libraries_nnhelpers_imports():
    imported = set()
    for path in (ROOT / "nnhelpers").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names)
    providers = metadata.packages_distributions()
    # Python 3.10's packages_distributions reads only top_level.txt, which some wheels lack: such
    # a module is taken to come from the distribution of its own name
    needed = {canonical(dist) for module in third_party
              for dist in providers.get(module) or [module]}
    with open(ROOT / "pyproject.toml", "rb") as file:
        declared = tomllib.load(file)["project"]["dependencies"]
    assert {canonical(re.match(r"[\w.-]+", spec).group()) for spec in declared} == needed
    assert {"numpy", "anywidget", "mpmath", "traitlets"} <= needed


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory):
    """The wheel built from a fresh clone, the fresh venv it is installed in (its python and a
    Jupyter kernel of it) and the clone's notebooks."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git clone of the course")
    tmp = tmp_path_factory.mktemp("wheel")
    clone, dist, venv = tmp / "clone", tmp / "dist", tmp / "venv"
    # In a CI container the checkout belongs to another user, and git clones it only when named
    # safe: in a global config of this clone's own, so the user's is neither needed nor changed.
    safe = tmp / "gitconfig"
    safe.write_text(f"[safe]\n\tdirectory = {ROOT / '.git'}\n")
    run(["git", "clone", "--quiet", str(ROOT), str(clone)],
        env={**os.environ, "GIT_CONFIG_GLOBAL": str(safe)})
    run([sys.executable, "-m", "build", "--outdir", str(dist), str(clone)])  # sdist, then wheel
    notebooks = shutil.copytree(clone / "notebooks", tmp / "notebooks")
    shutil.rmtree(clone)  # from here on only the wheel can provide nnhelpers
    (wheel,) = dist.glob("nnhelpers-*.whl")
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    versions = {}
    for dist_info in metadata.distributions():
        if dist_info.metadata["Name"]:
            versions.setdefault(canonical(dist_info.metadata["Name"]), dist_info.version)
    versions.pop("nnhelpers", None)
    constraints = tmp / "constraints.txt"
    constraints.write_text("".join(f"{name}=={v}\n" for name, v in sorted(versions.items())))
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    run([*pip, "install", "--quiet", "--no-compile", "-c", str(constraints), str(wheel),
         "ipykernel"])
    run([*pip, "check"])
    kernel = tmp / "jupyter" / "kernels" / KERNEL
    kernel.mkdir(parents=True)
    (kernel / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "nnhelpers from the wheel", "language": "python"}))
    return SimpleNamespace(wheel=wheel, venv=venv, python=python, notebooks=notebooks,
                           jupyter_path=tmp / "jupyter")


@pytest.mark.slow
def test_the_wheel_carries_the_digits_and_their_credit(wheel_venv):
    wheel = wheel_venv.wheel
    names = zipfile.ZipFile(wheel).namelist()
    assert "nnhelpers/mnist_5k.csv.gz" in names
    credit = [name for name in names if name.endswith(".dist-info/licenses/data/README.md")]
    assert len(credit) == 1
    assert "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d" in (
        zipfile.ZipFile(wheel).read(credit[0]).decode())


PROBE = """
import json, sys
import nnhelpers
from nnhelpers.data import DEFAULT_PATH, load_mnist
(X, Y), (X_test, labels) = load_mnist()
print(json.dumps({"package": nnhelpers.__file__, "digits": str(DEFAULT_PATH), "path": sys.path,
                  "shapes": [X.shape, Y.shape, X_test.shape, labels.shape]}))
"""


def without_pythonpath():
    return {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


@pytest.mark.slow
def test_nnhelpers_and_its_digits_come_from_the_installed_wheel(wheel_venv, tmp_path):
    venv = wheel_venv.venv
    found = json.loads(run([str(wheel_venv.python), "-c", PROBE], cwd=tmp_path,
                           env=without_pythonpath()))
    assert Path(found["package"]).is_relative_to(venv)
    assert Path(found["digits"]).is_relative_to(venv)
    assert not [entry for entry in found["path"] if entry and Path(entry).is_relative_to(ROOT)]
    assert found["shapes"] == [[784, 4000], [10, 4000], [784, 1000], [1000]]


CHECK_CELL = """import importlib.util
spec = importlib.util.find_spec("nnhelpers")
assert spec is not None and spec.origin.startswith({venv!r}), spec"""


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_from_an_empty_folder_on_the_wheel(wheel_venv, tmp_path, monkeypatch,
                                                         name):
    """The notebook, alone in a folder, top to bottom in a kernel of the fresh venv; a first
    cell checks that nnhelpers is the installed one (so the launch cell installs nothing)."""
    monkeypatch.setenv("JUPYTER_PATH", str(wheel_venv.jupyter_path))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    folder = tmp_path / "course"
    folder.mkdir()
    shutil.copy(wheel_venv.notebooks / f"{name}.ipynb", folder)
    nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(CHECK_CELL.format(venv=str(wheel_venv.venv))))
    NotebookClient(nb, timeout=300, kernel_name=KERNEL,
                   resources={"metadata": {"path": str(folder)}}).execute()
