"""The learner's own copy of the course, for `make lab` and for learners with their own environment.

    python tools/my_course.py notebooks my-course   -> prints the notebook to open first,
                                                       my-course/00_the_question.ipynb

Copies every notebook (and images/) from the shipped course folder into the learner's folder
(ignored by git) when it is missing there, and never overwrites a file the learner already has:
the learner's answers and saved outputs stay theirs, and the shipped notebooks/ that the tests
check stay pristine. A notebook added to the course later is copied on the next `make lab`.
The copies find nnhelpers through the installed package and the digits through nnhelpers.data's
path inside the repository, so they work from any folder.

Prints the path, relative to the learner's folder, of the course's first page:
00_the_question.ipynb when the course has it, else the first numbered notebook.
"""

import shutil
import sys
from pathlib import Path


def prepare(shipped, course):
    """Fill `course` from `shipped` without overwriting; return the first page's name.

    shipped : folder of the shipped notebooks (NN_name.ipynb), e.g. notebooks/
    course  : the learner's folder, e.g. my-course/ (created if missing)
    raises FileNotFoundError if `shipped` holds no numbered notebook
    """
    shipped, course = Path(shipped), Path(course)
    notebooks = sorted(shipped.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no course notebooks (NN_name.ipynb) in {shipped}/: run "
                                "`make lab` from the repository's root")
    course.mkdir(exist_ok=True)
    shipped_files = notebooks + sorted(p for p in (shipped / "images").rglob("*") if p.is_file())
    for source in shipped_files:
        target = course / source.relative_to(shipped)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    first = shipped / "00_the_question.ipynb"
    return (first if first.exists() else notebooks[0]).name


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python tools/my_course.py SHIPPED_FOLDER LEARNER_FOLDER")
    try:
        print(Path(sys.argv[2]) / prepare(sys.argv[1], sys.argv[2]))
    except FileNotFoundError as error:
        sys.exit(str(error))
