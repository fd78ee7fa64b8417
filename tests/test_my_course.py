"""`make lab`'s learner copy (tools/my_course.py): made on first use, never overwritten."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from my_course import prepare  # noqa: E402  (tools/ is not a package)


def make_shipped(folder, names):
    folder.mkdir()
    for name in names:
        (folder / name).write_text(f"shipped {name}")
    (folder / "images").mkdir()
    (folder / "images" / "figure.png").write_bytes(b"png")
    return folder


def test_first_use_copies_the_course_and_opens_its_first_page(tmp_path):
    shipped = make_shipped(tmp_path / "notebooks", ["01_notation.ipynb", "02_eq36.ipynb"])
    course = tmp_path / "my-course"
    assert prepare(shipped, course) == "01_notation.ipynb"
    assert sorted(p.name for p in course.iterdir()) == ["01_notation.ipynb", "02_eq36.ipynb",
                                                         "images"]
    assert (course / "images" / "figure.png").read_bytes() == b"png"


def test_the_question_is_the_first_page_when_the_course_has_it(tmp_path):
    shipped = make_shipped(tmp_path / "notebooks",
                           ["01_notation.ipynb", "00_the_question.ipynb"])
    assert prepare(shipped, tmp_path / "my-course") == "00_the_question.ipynb"


def test_the_learners_work_is_never_overwritten_and_new_notebooks_arrive(tmp_path):
    shipped = make_shipped(tmp_path / "notebooks", ["01_notation.ipynb"])
    course = tmp_path / "my-course"
    prepare(shipped, course)
    (course / "01_notation.ipynb").write_text("my answers")
    (shipped / "01_notation.ipynb").write_text("a newer shipped version")
    (shipped / "02_eq36.ipynb").write_text("shipped 02")
    prepare(shipped, course)
    assert (course / "01_notation.ipynb").read_text() == "my answers"
    assert (course / "02_eq36.ipynb").read_text() == "shipped 02"
    assert (shipped / "01_notation.ipynb").read_text() == "a newer shipped version"


def test_a_folder_without_notebooks_says_where_to_run_from(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="from the repository's root"):
        prepare(tmp_path / "empty", tmp_path / "my-course")
    assert not (tmp_path / "my-course").exists()


def test_the_shipped_course_opens_on_its_first_page(tmp_path):
    first = prepare(ROOT / "notebooks", tmp_path / "my-course")
    expected = ("00_the_question.ipynb" if (ROOT / "notebooks" / "00_the_question.ipynb").exists()
                else "01_notation.ipynb")
    assert first == expected


def run_script(*args, cwd):
    return subprocess.run([sys.executable, ROOT / "tools" / "my_course.py", *args], cwd=cwd,
                          capture_output=True, text=True)


def test_the_command_line_prints_the_page_to_open(tmp_path):
    """The README's own-environment route: `python tools/my_course.py notebooks my-course`."""
    make_shipped(tmp_path / "notebooks", ["00_the_question.ipynb", "01_notation.ipynb"])
    run = run_script("notebooks", "my-course", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert Path(run.stdout.strip()) == Path("my-course", "00_the_question.ipynb")
    assert (tmp_path / "my-course" / "01_notation.ipynb").exists()


def test_the_command_line_says_how_to_call_it_and_where_to_run_it(tmp_path):
    run = run_script(cwd=tmp_path)
    assert run.returncode != 0 and "usage: python tools/my_course.py" in run.stderr
    run = run_script("notebooks", "my-course", cwd=tmp_path)
    assert run.returncode != 0 and "from the repository's root" in run.stderr
    assert not (tmp_path / "my-course").exists()
