"""Exercises added to notebooks 03 and 08: the right answer passes, typical mistakes are named.

The right answers here come from closed forms written in the test (quotient rule, the chain rule
through the weights), not from the complex-step computations inside the registered exercises, so
the two must agree for the tests to pass.
"""

import numpy as np
import pytest

from nnhelpers import exercises as ex

Z3 = np.array([1.0, 2.0, 3.0])
TARGET = 1  # y = e_2, 0-based class 1
W = np.array(ex.EX08_W)
B = np.array(ex.EX08_B).reshape(3, 1)
ZL = np.array(ex.EX08_Z).reshape(3, 1)
DELTA_NEXT = np.array(ex.EX08_DELTA_NEXT).reshape(3, 1)


def _check(name, answer, capsys):
    ok = ex.check(name, answer)
    return ok, capsys.readouterr().out


def _normaliser_ll_terms():
    s = Z3.sum()
    J = (np.eye(3) * s - np.outer(Z3, np.ones(3))) / s**2  # quotient rule: (1[k = j] S - z_k) / S²
    grad_a = np.zeros(3)
    grad_a[TARGET] = -s / Z3[TARGET]  # ∂(-ln a_y)/∂a_y = -1/a_y, and a_y = z_y / S
    return grad_a[:, None] * J, J


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_registered():
    assert {"normaliser_ll_terms", "next_z_jacobian", "bp2_softmax_hidden"} <= set(ex.names())


def test_exercise_data_match_the_notebook_text():
    # notebook 08 writes these numbers out in its exercise cells
    assert ex.EX08_W == ((0.5, -1.0, 2.0), (1.5, 0.25, -0.5), (-1.0, 0.75, 1.0))
    assert ex.EX08_Z == (0.4, -1.2, 2.0) and ex.EX08_DELTA_NEXT == (0.25, -0.5, 0.125)


def test_normaliser_ll_terms(capsys):
    right, J = _normaliser_ll_terms()
    # only the row k = y survives; in closed form it is (1/6, -1/3, 1/6)
    np.testing.assert_allclose(right[TARGET], [1 / 6, -1 / 3, 1 / 6], rtol=1e-14)
    assert np.all(np.delete(right, TARGET, axis=0) == 0)
    ok, out = _check("normaliser_ll_terms", right, capsys)
    assert ok and out == "normaliser_ll_terms: correct\n"
    ok, out = _check("normaliser_ll_terms", right.T, capsys)
    assert not ok and "transpose" in out
    ok, out = _check("normaliser_ll_terms", np.diag(np.diag(right)), capsys)
    assert not ok and "only the diagonal terms" in out
    a = Z3 / Z3.sum()
    y = np.eye(3)[TARGET]
    ok, out = _check("normaliser_ll_terms", (a - y)[:, None] * J, capsys)
    assert not ok and "quadratic cost" in out
    ok, out = _check("normaliser_ll_terms", right.sum(axis=0), capsys)  # δ instead of the terms
    assert not ok and "shape (3,), expected (3, 3)" in out


def test_next_z_jacobian(capsys):
    # a tanh layer l: tanh' = 1 - tanh², written from the closed form (cosh⁻²), not from tanh
    tp = 1.0 / np.cosh(ZL) ** 2  # tanh'(z^l), (3, 1)
    right = W * tp.T  # ∂z^{l+1}_k/∂z^l_j = w_kj tanh'(z^l_j): column j scaled by tanh'(z^l_j)
    # an independent check of the closed form: central differences on z^{l+1}(z^l)
    h = 1e-6
    numeric = np.column_stack([
        ((W @ np.tanh(ZL + h * e) + B) - (W @ np.tanh(ZL - h * e) + B))[:, 0] / (2 * h)
        for e in np.eye(3)[:, :, None]
    ])
    np.testing.assert_allclose(right, numeric, rtol=1e-8)
    ok, out = _check("next_z_jacobian", right, capsys)
    assert ok and out == "next_z_jacobian: correct\n"
    ok, out = _check("next_z_jacobian", W, capsys)
    assert not ok and "tanh'(z^l_j) of each column is missing" in out
    ok, out = _check("next_z_jacobian", W * np.tanh(ZL).T, capsys)
    assert not ok and "tanh instead of its derivative" in out
    sigmoid_prime = _sigmoid(ZL) * (1 - _sigmoid(ZL))  # step 2's answer, copied for tanh
    ok, out = _check("next_z_jacobian", W * sigmoid_prime.T, capsys)
    assert not ok and "the sigmoid's derivative, but layer l is tanh" in out
    ok, out = _check("next_z_jacobian", W * tp, capsys)
    assert not ok and "belongs to the column j" in out
    ok, out = _check("next_z_jacobian", right.T, capsys)
    assert not ok and "transpose" in out
    # the bias does not enter M (the hint's question): central differences with b^{l+1} moved by 1
    moved = np.column_stack([
        ((W @ np.tanh(ZL + h * e) + B + 1) - (W @ np.tanh(ZL - h * e) + B + 1))[:, 0] / (2 * h)
        for e in np.eye(3)[:, :, None]
    ])
    np.testing.assert_allclose(moved, right, rtol=1e-8)


def test_bp2_softmax_hidden(capsys):
    e = np.exp(ZL - ZL.max())
    a = e / e.sum()
    J = np.diagflat(a) - a @ a.T  # softmax: ∂a_i/∂z_j = a_i (1[i = j] - a_j)
    right = J.T @ (W.T @ DELTA_NEXT)  # δ^l = (w J)ᵀ δ^{l+1}
    ok, out = _check("bp2_softmax_hidden", right, capsys)
    assert ok and out == "bp2_softmax_hidden: correct\n"
    ok, out = _check("bp2_softmax_hidden", (W.T @ DELTA_NEXT) * a * (1 - a), capsys)
    assert not ok and "Hadamard form" in out
    ok, out = _check("bp2_softmax_hidden", W.T @ DELTA_NEXT, capsys)
    assert not ok and "∂a^l/∂z^l is missing" in out
    ok, out = _check("bp2_softmax_hidden", -right, capsys)
    assert not ok and "sign" in out


@pytest.mark.parametrize("name", ["normaliser_ll_terms", "next_z_jacobian", "bp2_softmax_hidden"])
def test_a_placeholder_none_is_rejected_without_raising(name, capsys):
    ok, out = _check(name, None, capsys)
    assert not ok and out.startswith(f"{name}: ")


def test_notebook_08_exercise_data_cell_matches_the_registered_data():
    """The arrays a learner sees in notebook 08 are the ones `check` grades against."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "notebooks" / "08_bp2_bp3_bp4.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    data_cell = [s for s in sources if s.startswith("W_ex = ")]
    assert len(data_cell) == 1
    names = {"np": np}
    exec(data_cell[0], names)  # four array literals, nothing else
    np.testing.assert_array_equal(names["W_ex"], W)
    np.testing.assert_array_equal(names["b_ex"], B)
    np.testing.assert_array_equal(names["z_ex"], ZL)
    np.testing.assert_array_equal(names["delta_next_ex"], DELTA_NEXT)
