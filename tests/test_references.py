"""Every "Used in notebooks" list in nnhelpers resolves, and nothing points outside the repository.

The machine-readable form (one line of a docstring, on its own):

    Used in notebooks: 01, 04, 07.
    Used in notebooks: none.

Every module of nnhelpers except the package's `__init__` has exactly one such line in its
docstring. A public function or class may have one too. Prose about other users (benchmarks,
tests, other modules) goes on its own line after it.

A notebook uses module M when one of its code cells imports M (`from nnhelpers import M`,
`from nnhelpers import M as X`, `import nnhelpers.M`, `from nnhelpers.M import f`) or imports a
name that M defines through another module (`from nnhelpers.widgets import explorer_numbers`, where
`explorer_numbers` is defined in `nnhelpers.explorer_state`). A notebook uses function f of M when
its code imports f by name, or writes `X.f` with X bound to M.
"""

import ast
import importlib
import inspect
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import nnhelpers

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MODULES = sorted(m.name for m in pkgutil.iter_modules(nnhelpers.__path__))
USED_IN = re.compile(r"^\s*Used in notebooks: (none|\d\d(?:, \d\d)*)\.\s*$", re.MULTILINE)
LOOSE_USED_IN = re.compile(r"used in (?:every )?notebook", re.IGNORECASE)


def parse_used_in(doc, where):
    """The set of notebook numbers a docstring's "Used in notebooks:" line lists, or None."""
    doc = doc or ""
    found = USED_IN.findall(doc)
    assert len(found) <= 1, f"{where}: more than one 'Used in notebooks:' line"
    loose = LOOSE_USED_IN.findall(doc)
    assert len(loose) == len(found), (
        f"{where}: a 'Used in notebook(s)' phrase not in the form 'Used in notebooks: 01, 04.'")
    if not found:
        return None
    return set() if found[0] == "none" else set(found[0].split(", "))


def code_of(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines = []
    for cell in cells:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            # IPython magics and shell lines are not Python.
            lines += [line for line in source.splitlines()
                      if not line.lstrip().startswith(("%", "!"))]
    return "\n".join(lines)


def defining_module(module, name):
    """The nnhelpers module where `module.name` is defined (itself for a plain value)."""
    obj = getattr(importlib.import_module(f"nnhelpers.{module}"), name, None)
    home = getattr(obj, "__module__", "") if inspect.isfunction(obj) or inspect.isclass(obj) else ""
    if home.startswith("nnhelpers."):
        return home.split(".", 1)[1]
    return module


def uses(path):
    """(modules, {(module, name)}) that the notebook's code uses."""
    code = code_of(path)
    tree = ast.parse(code)
    modules, names, aliases = set(), set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("nnhelpers"):
            if node.module == "nnhelpers":
                for alias in node.names:
                    modules.add(alias.name)
                    aliases[alias.asname or alias.name] = alias.name
            else:
                module = node.module.split(".")[1]
                modules.add(module)
                for alias in node.names:
                    home = defining_module(module, alias.name)
                    modules.add(home)
                    names.add((home, alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("nnhelpers."):
                    modules.add(alias.name.split(".")[1])
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in aliases):
            module = aliases[node.value.id]
            names.add((defining_module(module, node.attr), node.attr))
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)
                and isinstance(node.value.value, ast.Name) and node.value.value.id == "nnhelpers"):
            module = node.value.attr
            modules.add(module)
            names.add((defining_module(module, node.attr), node.attr))
    return modules, names


USES = {path.name[:2]: uses(path) for path in NOTEBOOKS}


def test_the_notebooks_are_found_and_parsed():
    assert {"00", "01", "05", "09", "10"} <= set(USES)
    assert "bp1" in USES["01"][0]
    assert "explorer_state" in USES["05"][0]  # through nnhelpers.widgets
    assert ("explorer_state", "explorer_numbers") in USES["05"][1]
    assert ("autodiff", "variables") in USES["09"][1]  # as `ad.variables`


@pytest.mark.parametrize("module", [m for m in MODULES if m != "__init__"])
def test_module_docstring_lists_the_notebooks_that_import_it(module):
    doc = importlib.import_module(f"nnhelpers.{module}").__doc__
    listed = parse_used_in(doc, f"nnhelpers.{module}")
    assert listed is not None, (
        f"nnhelpers.{module}: its docstring needs a line 'Used in notebooks: 01, 04.' "
        "(or 'Used in notebooks: none.')")
    actual = {number for number, (modules, _) in USES.items() if module in modules}
    assert listed == actual, (
        f"nnhelpers.{module} says {sorted(listed)}, the notebooks say {sorted(actual)}")


def documented_members():
    for module in MODULES:
        mod = importlib.import_module(f"nnhelpers.{module}")
        for name, obj in vars(mod).items():
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == mod.__name__:
                listed = parse_used_in(obj.__doc__, f"nnhelpers.{module}.{name}")
                if listed is not None:
                    yield module, name, listed


def test_function_docstrings_list_the_notebooks_that_call_them():
    members = list(documented_members())
    assert len(members) >= 10  # the lists exist, so this test checks something
    for module, name, listed in members:
        actual = {number for number, (_, names) in USES.items() if (module, name) in names}
        assert listed == actual, (
            f"nnhelpers.{module}.{name} says {sorted(listed)}, the notebooks say {sorted(actual)}")


def test_parse_used_in_refuses_loose_forms():
    assert parse_used_in("x\nUsed in notebooks: 01, 04.\n", "x") == {"01", "04"}
    assert parse_used_in("Used in notebooks: none.", "x") == set()
    assert parse_used_in("no list here", "x") is None
    for loose in ("Used in notebooks 01-07.", "Used in notebook 04.", "Used in every notebook."):
        with pytest.raises(AssertionError):
            parse_used_in(loose, "x")


OUTSIDE = re.compile(r"DESIGN|issue #|§|\bissue \d", re.IGNORECASE)


@pytest.mark.parametrize("path", sorted((ROOT / "nnhelpers").glob("*.py")), ids=lambda p: p.name)
def test_no_reference_to_files_outside_the_repository(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert not OUTSIDE.search(line), (
            f"{path.name}:{number} refers outside the repository: {line.strip()}")


def test_the_tests_reference_formulas_do_not_import_nnhelpers():
    """tests/reference.py is an independent reference: neither it nor anything it imports
    loads nnhelpers."""
    path = ROOT / "tests" / "reference.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "nnhelpers" for a in node.names)
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0 and (node.module or "").split(".")[0] != "nnhelpers"
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import reference; "
            "print(sorted(m for m in sys.modules if m.startswith('nnhelpers')))")
    out = subprocess.run([sys.executable, "-c", code, str(path.parent)], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"
