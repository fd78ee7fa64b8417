"""Exercises of notebooks 03-04: the right answer passes, typical mistakes get a helpful message.

The right answers here are computed another way than inside the registered functions (closed
forms and nnhelpers' analytic code, not the complex step), so the two must agree.
"""

import numpy as np
import pytest

from nnhelpers import activations, bp1
from nnhelpers import exercises as ex

T = 0.7
Z3 = np.array([[1.0], [2.0], [3.0]])
Y3 = np.array([[0.0], [1.0], [0.0]])


def _normaliser_jacobian():
    s = Z3.sum()
    return (np.eye(3) * s - Z3 @ np.ones((1, 3))) / s**2  # (1[k = j] S - z_k) / S²


def _check(name, answer, capsys):
    ok = ex.check(name, answer)
    return ok, capsys.readouterr().out


def test_registered():
    assert {"chain_rule_two_paths", "normaliser_jacobian", "normaliser_delta",
            "bp1_tanh_quadratic", "softmax_log_likelihood_delta", "eq38_allowed"} <= set(ex.names())


def test_chain_rule_two_paths(capsys):
    x, y = np.cos(T), np.exp(T)
    dx, dy = -np.sin(T), np.exp(T)
    right = 2 * x * y * dx + x * x * dy  # ∂f/∂x dx/dt + ∂f/∂y dy/dt
    ok, out = _check("chain_rule_two_paths", right, capsys)
    assert ok and out == "chain_rule_two_paths: correct\n"
    ok, out = _check("chain_rule_two_paths", 2 * x * y * dx, capsys)
    assert not ok and "only the path through x" in out
    ok, out = _check("chain_rule_two_paths", x * x * dy, capsys)
    assert not ok and "only the path through y" in out
    ok, out = _check("chain_rule_two_paths", -right, capsys)
    assert not ok and "sign" in out


def test_normaliser_jacobian(capsys):
    J = _normaliser_jacobian()
    assert not np.allclose(J, J.T)  # otherwise the transpose could not be caught
    assert _check("normaliser_jacobian", J, capsys)[0]
    ok, out = _check("normaliser_jacobian", J.T, capsys)
    assert not ok and "transpose" in out
    ok, out = _check("normaliser_jacobian", np.diag(np.diag(J)), capsys)
    assert not ok and "only the diagonal" in out
    ok, out = _check("normaliser_jacobian", J[:2], capsys)
    assert not ok and "shape (2, 3), expected (3, 3)" in out


def test_normaliser_delta(capsys):
    J = _normaliser_jacobian()
    g = Z3 / Z3.sum() - Y3
    right = J.T @ g  # (37)
    assert _check("normaliser_delta", right, capsys)[0]
    ok, out = _check("normaliser_delta", J @ g, capsys)
    assert not ok and "Jᵀ ∇_a C" in out
    ok, out = _check("normaliser_delta", g * np.diag(J).reshape(3, 1), capsys)
    assert not ok and "diagonal-only" in out
    ok, out = _check("normaliser_delta", g, capsys)
    assert not ok and "∂a_k/∂z_j is missing" in out
    ok, out = _check("normaliser_delta", right.ravel(), capsys)
    assert not ok and "reshaped" in out


def test_bp1_tanh_quadratic(capsys):
    z = np.array([[0.5], [-1.0], [2.0]])
    y = np.array([[1.0], [0.0], [0.0]])
    right = bp1.output_error_elementwise(z, y, "tanh", "quadratic")
    assert _check("bp1_tanh_quadratic", right, capsys)[0]
    a = np.tanh(z)
    ok, out = _check("bp1_tanh_quadratic", a - y, capsys)
    assert not ok and "σ'(z) = 1 - tanh²z is missing" in out
    sp = activations.sigmoid.prime(z)
    ok, out = _check("bp1_tanh_quadratic", (a - y) * sp, capsys)
    assert not ok and "sigmoid's derivative" in out
    ok, out = _check("bp1_tanh_quadratic", (a - y) * (1 - z**2), capsys)
    assert not ok and "not 1 - z²" in out


def test_softmax_log_likelihood_delta(capsys):
    z = np.array([[1.0], [2.0], [0.5], [-1.0]])
    y = np.zeros((4, 1))
    y[2] = 1.0
    right = bp1.output_error(z, y, "softmax", "log_likelihood")
    np.testing.assert_allclose(right, activations.softmax(z) - y, atol=1e-15)
    assert _check("softmax_log_likelihood_delta", right, capsys)[0]
    diag_only = bp1.output_error_diagonal_only(z, y, "softmax", "log_likelihood")
    ok, out = _check("softmax_log_likelihood_delta", diag_only, capsys)
    assert not ok and "diagonal-only" in out
    ok, out = _check("softmax_log_likelihood_delta", activations.softmax(z), capsys)
    assert not ok and "subtract y" in out
    ok, out = _check("softmax_log_likelihood_delta", np.where(y == 1, -1 / activations.softmax(z),
                                                               0.0), capsys)
    assert not ok and "∂a_k/∂z_j is missing" in out
    wrong_entry = right.copy()
    wrong_entry[3] += 0.1
    ok, out = _check("softmax_log_likelihood_delta", wrong_entry, capsys)
    assert not ok and "1 of 4 entries are off, first at index [(3, 0)]" in out


def test_eq38_allowed(capsys):
    # closed-form Jacobians at z = (0.5, 1, 2): diagonal exactly for the element-wise layers
    z = np.array(ex.EX04_LAYER_Z)
    n = z.size
    s = activations.sigmoid(z - z.mean())
    jacobians = [
        np.diag(activations.tanh.prime(z)),                            # tanh
        np.diag(s * (1 - s)) @ (np.eye(n) - np.ones((n, n)) / n),      # σ(z_k - mean z)
        np.diag([activations.sigmoid.prime(z[:1])[0], 1 - np.tanh(z[1]) ** 2, 1.0]),
        (np.eye(n) * z.sum() - np.outer(z, np.ones(n))) / z.sum() ** 2,  # normaliser
    ]
    right = [bool(np.all(J == np.diag(np.diag(J)))) for J in jacobians]
    assert right == [True, False, True, False]
    assert _check("eq38_allowed", right, capsys)[0]
    ok, out = _check("eq38_allowed", [True, True, True, False], capsys)
    assert not ok and "the mean contains every z_j" in out
    ok, out = _check("eq38_allowed", [True, False, False, False], capsys)
    assert not ok and "a different function for each neuron" in out
    ok, out = _check("eq38_allowed", [False, False, True, False], capsys)
    assert not ok and "1 of 4 entries are off, first at index [0]" in out
    ok, out = _check("eq38_allowed", [[True], [False], [True], [False]], capsys)
    assert not ok and "reshaped" in out


@pytest.mark.parametrize("name", ["chain_rule_two_paths", "normaliser_jacobian",
                                  "normaliser_delta", "bp1_tanh_quadratic",
                                  "softmax_log_likelihood_delta", "eq38_allowed"])
def test_a_placeholder_none_is_rejected_without_raising(name, capsys):
    ok, out = _check(name, None, capsys)
    assert not ok and out.startswith(f"{name}: ")
