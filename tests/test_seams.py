"""Public seams: no module reaches into another's private names, the
BP1-BP4 lines live in the public Network.backprop, and check_input=False skips only checks."""

import ast
import inspect
import re
from pathlib import Path

import numpy as np
import pytest

from nnhelpers import bp1, gradcheck
from nnhelpers.activations import sigmoid, softmax
from nnhelpers.costs import log_likelihood, quadratic
from nnhelpers.network import Network

PACKAGE = Path(__file__).resolve().parent.parent / "nnhelpers"
CORE = ("activations", "costs", "gradcheck", "bp1", "network", "data", "symbolic", "_checks",
        "__init__")


@pytest.mark.parametrize("module", CORE)
def test_no_core_module_uses_another_modules_private_names(module):
    """`x._name` is allowed on self only; imports of `_name` only from the `_checks` module,
    whose functions are public names of a private module."""
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
    """The code of Network.backprop's lines that end with a (BPn) comment, by n."""
    found = {}
    for line in inspect.getsource(Network.backprop).splitlines():
        match = re.search(r"#\s*\((BP[1-4])\)\s*$", line)
        if match:
            found.setdefault(match.group(1), []).append(line.split("#")[0].strip())
    return found


def test_backprop_holds_one_line_for_each_of_bp1_to_bp4():
    lines = bp_lines()
    assert sorted(lines) == ["BP1", "BP2", "BP3", "BP4"]
    assert all(len(v) == 1 for v in lines.values()), lines
    assert "delta" in lines["BP1"][0] and "output_delta" in lines["BP1"][0]
    assert ".T @ delta" in lines["BP2"][0]
    assert "sum(axis=1" in lines["BP3"][0]
    assert "@ activations[l - 1].T" in lines["BP4"][0]


def test_check_input_false_gives_the_same_gradients_and_skips_only_checks():
    rng = np.random.default_rng(0)
    net = Network([3, 4, 3], output_activation="softmax", cost="log_likelihood", seed=1)
    X, Y = rng.normal(size=(3, 5)), np.eye(3)[:, rng.integers(0, 3, 5)]
    checked = net.backprop(X, Y)
    unchecked = net.backprop(X, Y, check_input=False)
    for a, b in zip(sum(checked, []), sum(unchecked, []), strict=True):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="probability vector"):
        net.backprop(X, Y * 2)  # checked: the target rule
    z, y = rng.normal(size=(3, 2)), np.eye(3)[:, :2]
    np.testing.assert_array_equal(bp1.output_error(z, y, softmax, log_likelihood),
                                  bp1.output_error(z, y, softmax, log_likelihood,
                                                   check_input=False))
    np.testing.assert_array_equal(softmax.vjp(z, y), softmax.vjp(z, y, check_input=False))
    np.testing.assert_array_equal(quadratic.grad(z, y), quadratic.grad(z, y, check_input=False))


def test_delta_of_the_pair_equals_the_vjp_of_the_gradient_away_from_saturation():
    rng = np.random.default_rng(2)
    for act in (sigmoid, softmax):
        for cost in (quadratic, log_likelihood):
            z, y = rng.normal(size=(4, 3)), np.eye(4)[:, :3]
            a = act(z)
            expected = act.jacobian(z[:, [0]]).T @ cost.grad(a[:, 0], y[:, 0])
            np.testing.assert_allclose(cost.delta(z, a, y, act)[:, 0], expected, rtol=1e-12)
            np.testing.assert_allclose(cost.delta(z, None, y, act.name)[:, 0], expected,
                                       rtol=1e-12)


def test_forward_pass_and_layer_numbering_follow_the_book():
    net = Network([2, 3, 4], activation="tanh", output_activation="softmax", seed=0)
    X = np.ones((2, 5))
    zs, activations = net.forward_pass(X)
    assert [z.shape for z in zs] == [(3, 5), (4, 5)]  # z^1, z^2
    assert [a.shape for a in activations] == [(2, 5), (3, 5), (4, 5)]  # a^0 = X, a^1, a^2
    np.testing.assert_allclose(zs[0], net.weights[0] @ X + net.biases[0], rtol=1e-15)
    np.testing.assert_allclose(activations[1], np.tanh(zs[0]), rtol=1e-15)
    assert net.layer_activation(1).name == "tanh" and net.layer_activation(2).name == "softmax"
    with pytest.raises(ValueError, match=r"layer l must be an integer between 1 and 2, got 0"):
        net.layer_activation(0)


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
