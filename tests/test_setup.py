"""The README's set-up (`make lab`, `make test`): the Makefile's Python check and .venv repair.

Each test runs make on a copy of the Makefile in tmp_path with a stand-in Python: a shell script
that answers what the Makefile asks a Python (--version, the version check, -m venv, -m pip)
without a network, and logs every -m call; it runs scripts (tools/my_course.py) with the real one.
The .venv it makes holds itself as bin/python and a jupyter that prints its arguments.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None or os.name != "posix",
                                reason="the Makefile needs make and a POSIX shell")

FAKE_PYTHON = """#!/bin/sh
# a stand-in for Python {version}
case "$1" in
  --version) echo "Python {version}" ;;
  -c) exec "{real}" -c "import sys; sys.version_info = {info!r}; $2" ;;
  -m) echo "$*" >> "{log}"
      case "$2" in
        venv) mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && cp "{jupyter}" "$3/bin/jupyter" \\
              && touch "$3/pyvenv.cfg"; exit {venv_status} ;;
        pip) exit {pip_status} ;;
      esac ;;
  *) exec "{real}" "$@" ;;
esac
"""

FAKE_JUPYTER = """#!/bin/sh
echo "jupyter $*"
"""


def executable(path, text):
    path.write_text(text)
    path.chmod(0o755)
    return path


def fake_python(tmp_path, version, venv_status=0, pip_status=0):
    """A stand-in for Python `version` ("3.9.18"); returns its path."""
    info = (*map(int, version.split(".")), "final", 0)
    jupyter = executable(tmp_path / "fake-jupyter", FAKE_JUPYTER)
    return executable(tmp_path / f"python{version}", FAKE_PYTHON.format(
        version=version, info=info, real=sys.executable, log=tmp_path / "python-calls.log",
        jupyter=jupyter, venv_status=venv_status, pip_status=pip_status))


@pytest.fixture
def course(tmp_path):
    """A copy of what the Makefile's set-up reads, with a two-notebook course."""
    repo = tmp_path / "repo"
    (repo / "tools").mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", repo)
    shutil.copy(ROOT / "tools" / "my_course.py", repo / "tools")
    for name in ["requirements.txt", "requirements-site.txt", "requirements-dev.txt",
                 "pyproject.toml"]:
        (repo / name).write_text("")
    (repo / "notebooks" / "images").mkdir(parents=True)
    for name in ["00_the_question.ipynb", "01_notation.ipynb"]:
        (repo / "notebooks" / name).write_text("{}")
    aged(repo / "requirements.txt", repo / "requirements-site.txt", repo / "requirements-dev.txt",
         repo / "pyproject.toml", seconds=1000)
    return repo


def aged(*paths, seconds):
    for path in paths:
        os.utime(path, (time.time() - seconds,) * 2)


def make(repo, *args):
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    run = subprocess.run(["make", "--no-print-directory", *args], cwd=repo, env=env,
                         capture_output=True, text=True, timeout=60)
    return run.returncode, run.stdout + run.stderr


def calls(repo):
    log = repo.parent / "python-calls.log"
    return log.read_text().splitlines() if log.exists() else []


@pytest.mark.parametrize("target", ["lab", "test"])
def test_a_python_too_old_is_refused_in_one_line_and_leaves_no_venv(course, target):
    python39 = fake_python(course.parent, "3.9.18")
    status, output = make(course, target, f"PYTHON={python39}")
    assert status != 0
    assert len(output.strip().splitlines()) == 1, output
    assert "is Python 3.9.18, but Deriving BP1 needs Python 3.10 or newer" in output
    assert f"make {target} PYTHON=python3.12" in output
    assert not (course / ".venv").exists()
    assert calls(course) == []


def test_a_missing_python_is_named(course):
    status, output = make(course, "lab", "PYTHON=python-that-is-not-installed")
    assert status != 0
    assert "python-that-is-not-installed is not found, but Deriving BP1 needs Python 3.10" in output
    assert not (course / ".venv").exists()


def test_a_venv_left_by_an_older_python_is_made_afresh_and_installed(course):
    python39, python311 = fake_python(course.parent, "3.9.18"), fake_python(course.parent, "3.11.7")
    subprocess.run([python39, "-m", "venv", ".venv"], cwd=course, check=True)
    (course / ".venv" / ".lab-installed").touch()  # a stamp that must not survive the rebuild
    status, output = make(course, "lab", f"PYTHON={python311}")
    assert status == 0, output
    assert ".venv does not work (made by an older Python, or half-made): making it afresh" in output
    version = subprocess.run([course / ".venv" / "bin" / "python", "--version"],
                             capture_output=True, text=True, check=True).stdout
    assert version == "Python 3.11.7\n"
    assert calls(course)[1:] == ["-m venv .venv", "-m pip install --quiet --upgrade pip",
                                 "-m pip install --quiet -r requirements.txt"]


def test_a_working_venv_is_kept_with_what_is_installed_in_it(course):
    """A .venv from before the Makefile's check: used as it is, even if $(PYTHON) is too old."""
    python311 = fake_python(course.parent, "3.11.7")
    subprocess.run([python311, "-m", "venv", ".venv"], cwd=course, check=True)
    (course / ".venv" / ".lab-installed").touch()
    aged(course / ".venv" / "pyvenv.cfg", seconds=500)
    status, output = make(course, "lab", f"PYTHON={fake_python(course.parent, '3.9.18')}")
    assert status == 0, output
    assert calls(course) == ["-m venv .venv"]  # the test's own: no new venv, no pip install
    assert "jupyter lab" in output


@pytest.mark.parametrize(("venv_status", "pip_status"), [(1, 0), (0, 1)])
def test_a_failed_venv_or_pip_leaves_no_venv(course, venv_status, pip_status):
    python = fake_python(course.parent, "3.12.1", venv_status=venv_status, pip_status=pip_status)
    status, output = make(course, "lab", f"PYTHON={python}")
    assert status != 0
    assert not (course / ".venv").exists()
    if venv_status:
        assert "-m venv failed (on Debian or Ubuntu: apt-get install python3-venv)" in output


def test_make_lab_opens_the_first_page_of_the_learners_copy_and_says_its_url(course):
    status, output = make(course, "lab", f"PYTHON={fake_python(course.parent, '3.11.7')}")
    assert status == 0, output
    assert (course / "my-course" / "00_the_question.ipynb").exists()
    assert "/lab/tree/00_the_question.ipynb?token=<token>" in output
    jupyter = next(line for line in output.splitlines() if line.startswith("jupyter "))
    arguments = jupyter.split()[2:]
    assert "--ServerApp.root_dir=my-course" in arguments
    assert "--LabApp.default_url=/lab/tree/00_the_question.ipynb" in arguments
    assert ("--allow-root" in arguments) == (os.geteuid() == 0)
