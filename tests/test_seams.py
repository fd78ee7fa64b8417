"""Public seams: no module reaches into another's private names; the book's code (Network's
backprop with its BP1-BP4 lines, bp1's formulas, the activations' formulas) checks nothing and
takes no flags, the public methods check; layers are numbered as in the book."""

import ast
import inspect
import re
from pathlib import Path

import numpy as np
import pytest
from reference import grad_a as ref_grad_a
from reference import jacobian as ref_jacobian

from nnhelpers import bp1, gradcheck
from nnhelpers.activations import sigmoid, softmax
from nnhelpers.costs import log_likelihood, quadratic
from nnhelpers.network import Network

PACKAGE = Path(__file__).resolve().parent.parent / "nnhelpers"
ROOT = PACKAGE.parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py"))


@pytest.mark.parametrize("module", MODULES)
def test_no_module_uses_another_modules_private_names(module):
    """`x._name` is allowed on self only; no `_name` is imported."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text())
    offenders = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            offenders += [a.name for a in node.names if a.name.startswith("_")]
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
            offenders.append(ast.unparse(node))
    assert offenders == []


def bp_lines():
    """{"BP1": [code], ...}: the lines of the book's backprop that end in a (BPn) comment."""
    found = {}
    for line in inspect.getsource(Network._backprop).splitlines():
        match = re.search(r"#\s*\((BP[1-4])\)", line)
        if match:
            found.setdefault(match.group(1), []).append(line.split("#")[0].strip())
    return found


def test_backprop_holds_one_line_for_each_of_bp1_to_bp4_and_no_checks():
    lines = bp_lines()
    assert sorted(lines) == ["BP1", "BP2", "BP3", "BP4"]
    assert all(len(v) == 1 for v in lines.values()), lines
    assert lines["BP1"][0].startswith("delta = ") and "z[L], a[L], Y" in lines["BP1"][0]
    assert "self.weights[l - 1].T @ delta" in lines["BP2"][0]
    assert lines["BP2"][0] == "delta = (self.weights[l - 1].T @ delta) * sp"
    assert "sp = self.activation.prime_from_a(a[l])" in inspect.getsource(Network._backprop)
    assert lines["BP3"][0].endswith("= delta.sum(axis=1, keepdims=True)")
    assert lines["BP4"][0].endswith("= delta @ a[l - 1].T")
    assert "@ a[l - 1].T" in lines["BP4"][0]
    source = inspect.getsource(Network._backprop)
    assert len(source.splitlines()) <= 30
    assert not re.search(r"check|as_array|raise", source)


def book_code():
    """The source of the formulas the public functions call: they must check nothing."""
    from nnhelpers import activations, costs
    parts = [Network._forward_pass, Network._backprop, Network._update_mini_batch,
             Network._total_cost, bp1.eq37, bp1.eq38, bp1.diagonal_only, bp1.fused,
             activations.Activation.jacobian_of, activations.Activation.vjp_of,
             activations.Activation.diagonal_of]
    return [inspect.getsource(p) for p in parts] + [inspect.getsource(costs).split("class")[0]]


def test_no_check_input_flag_and_no_checks_in_the_book_code():
    for path in (ROOT / "nnhelpers").glob("*.py"):
        assert "check_input" not in path.read_text(encoding="utf-8"), path.name
    for source in book_code():
        assert not re.search(r"\bcheck_\w+\(|as_array|same_shape", source), source[:80]


def test_the_formula_for_37_is_the_jacobian_transpose_times_the_gradient():
    rng = np.random.default_rng(2)
    for act in (sigmoid, softmax):
        for cost in (quadratic, log_likelihood):
            z, y = rng.normal(size=(4, 3)), np.eye(4)[:, :3]
            a = act(z)
            for i in range(3):  # J and ∇_a C by the closed forms of tests/reference.py
                expected = ref_jacobian(act.name, z[:, i]).T @ ref_grad_a(cost.name, a[:, i],
                                                                           y[:, i])
                np.testing.assert_allclose(bp1.eq37(z, a, y, act, cost)[:, i], expected,
                                           rtol=1e-12)


def test_forward_pass_and_layer_numbering_follow_the_book():
    net = Network([2, 3, 4], activation="tanh", output_activation="softmax", seed=0)
    X = np.ones((2, 5))
    z, a = net.forward_pass(X)
    assert sorted(z) == [2, 3] and sorted(a) == [1, 2, 3]  # layer 1 is the input, L = 3
    assert [z[l].shape for l in (2, 3)] == [(3, 5), (4, 5)]
    np.testing.assert_array_equal(a[1], X)
    np.testing.assert_allclose(z[2], net.weights[0] @ X + net.biases[0], rtol=1e-15)  # w², b²
    np.testing.assert_allclose(a[2], np.tanh(z[2]), rtol=1e-15)
    np.testing.assert_allclose(a[3].sum(axis=0), 1.0, rtol=1e-15)


def test_difference_quotient_is_the_one_perturbation_loop():
    f = lambda x: np.sum(np.sin(x) * x[::-1])  # noqa: E731
    x = np.array([0.3, -1.2, 2.0])
    exact = np.cos(x) * x[::-1] + np.sin(x[::-1])
    for method in gradcheck.METHODS:
        base = gradcheck.perturbation_base(x, method)
        h = gradcheck.check_method(method, None)
        f0 = f(base) if method == "forward" else None
        got = [gradcheck.difference_quotient(f, base, i, h, method, f0) for i in range(3)]
        np.testing.assert_allclose(
            got, exact, rtol={"forward": 1e-6, "central": 1e-8}.get(method, 1e-13))
        np.testing.assert_array_equal(base.real, x)  # restored
    source = inspect.getsource(bp1.output_error_numeric)
    assert "difference_quotient" in source and "1j" not in source
