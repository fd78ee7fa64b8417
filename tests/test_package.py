"""The package as a newcomer meets it: `import nnhelpers; help(nnhelpers.bp1)` works, the
docstring is a map of the modules, and importing the package loads no heavy library."""

import subprocess
import sys

import pytest


def run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout


def test_modules_are_reachable_from_the_package_and_help_works():
    out = run("import nnhelpers, pydoc; print(pydoc.render_doc(nnhelpers.bp1)[:2000]); "
              "print(nnhelpers.network.Network.__name__)")
    assert "output_error" in out and "Network" in out


def test_import_nnhelpers_loads_no_heavy_library():
    out = run("import sys, nnhelpers; "
              "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'sympy', 'numpy') "
              "if m in sys.modules))")
    assert out.strip() == "[]"


def test_the_package_docstring_maps_every_module():
    import nnhelpers
    for name in ("activations", "costs", "gradcheck", "bp1", "network", "symbolic", "data"):
        assert name in nnhelpers.__doc__
        assert name in dir(nnhelpers)
    for eq in ("(36)", "(37)", "(38)", "BP1-BP4"):
        assert eq in nnhelpers.__doc__


def test_an_unknown_attribute_is_an_attribute_error_naming_the_modules():
    import nnhelpers
    with pytest.raises(AttributeError, match=r"has no attribute 'bp2'; its modules are .*'bp1'"):
        nnhelpers.bp2  # noqa: B018
