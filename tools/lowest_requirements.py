"""Print pip constraints that pin every requirement to the lowest version the requirements allow.

    python tools/lowest_requirements.py requirements-dev.txt > lowest.txt
    PIP_CONSTRAINT=lowest.txt make check nbval

The CI workflow's "oldest" job runs the tests this way on the oldest supported Python (3.10; the
website needs 3.11, so `make site` is not part of it), so that a lower bound in requirements*.txt
that no longer works (a feature used that the lowest version lacks) fails there before a learner
with an older install meets it. Follows `-r` includes and `-e .` (pyproject.toml's dependencies);
a requirement without a lower bound is left out.
"""

import re
import sys
from pathlib import Path

LOWER_BOUND = re.compile(r"^([A-Za-z0-9_.\[\]-]+)\s*[^#]*?>=\s*([0-9][0-9A-Za-z.]*)")


def lowest(path, seen=None):
    """{name: its lowest allowed version} from the requirements file `path` and its includes."""
    seen = set() if seen is None else seen
    path = Path(path).resolve()
    if path in seen:
        return {}
    seen.add(path)
    lines = [line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    if "-e ." in lines:  # the package itself: its dependencies in pyproject.toml
        pyproject = (path.parent / "pyproject.toml").read_text(encoding="utf-8")
        block = re.search(r"^dependencies = \[(.*?)^\]", pyproject, re.M | re.S).group(1)
        lines += re.findall(r'"([^"]+)"', block)
    pins = {}
    for line in lines:
        if line.startswith("-r "):
            pins |= lowest(path.parent / line[3:].strip(), seen)
        elif match := LOWER_BOUND.match(line):
            pins[re.sub(r"\[.*\]", "", match.group(1))] = match.group(2)
    return pins


def main(argv):
    if len(argv) != 1:
        sys.exit("usage: python tools/lowest_requirements.py REQUIREMENTS_FILE")
    for name, version in sorted(lowest(argv[0]).items(), key=lambda item: item[0].lower()):
        print(f"{name}=={version}")


if __name__ == "__main__":
    main(sys.argv[1:])
