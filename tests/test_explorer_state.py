"""The explorer's numbers (nnhelpers.explorer_state), against formulas written out here.

Sigmoid's Jacobian is diag(σ(1 - σ)), softmax's diag(a) - a aᵀ, ∂C/∂a written out per cost, and
the closed forms a - y of (37); never the code that produced the numbers.
"""

import itertools

import numpy as np
import pytest
import reference as ref

from nnhelpers import bp1
from nnhelpers.explorer_state import (
    check_logits,
    default_logits,
    explorer_numbers,
    slider_values,
)

COSTS = ("quadratic", "cross_entropy", "log_likelihood")


def jacobians_ref(z):
    """Independent closed forms: (sigmoid J, softmax J), J[k, j] = ∂a_k/∂z_j."""
    s = ref.sigmoid(z)
    return np.diag(s * (1.0 - s)), ref.softmax_jacobian(z)


def grad_a_ref(a, y, cost):
    """∂C/∂a_k written out for each cost."""
    if cost == "quadratic":
        return a - y
    if cost == "cross_entropy":
        return (a - y) / (a * (1.0 - a))
    return -y / a  # log-likelihood, one-hot y


@pytest.mark.parametrize("cost", COSTS)
def test_state_matches_independent_formulas(cost):
    rng = np.random.default_rng(5)
    for n in (2, 4, 7):
        z = rng.uniform(-3, 3, n)
        for j, target in itertools.product(range(n), (0, n - 1)):
            y = np.zeros(n)
            y[target] = 1.0
            state = explorer_numbers(z, j, target, cost)
            J_sig, J_soft = jacobians_ref(z)
            for name, a_ref, J_ref in (("sigmoid", ref.sigmoid(z), J_sig),
                                       ("softmax", ref.softmax(z), J_soft)):
                s = state[name]
                np.testing.assert_allclose(s["a"], a_ref, rtol=1e-13)
                np.testing.assert_allclose(s["J"], J_ref, rtol=1e-12, atol=1e-15)
                g = grad_a_ref(a_ref, y, cost)
                terms_ref = g * J_ref[:, j]  # (37) term by term
                np.testing.assert_allclose(s["terms"], terms_ref, rtol=1e-11, atol=1e-14)
                delta_ref = J_ref.T @ g  # (37) as a matrix product
                np.testing.assert_allclose(s["delta37"], delta_ref, rtol=1e-10, atol=1e-13)
                assert s["delta_j"] == pytest.approx(terms_ref.sum(), rel=1e-10, abs=1e-13)
                assert s["diagonal_only_j"] == pytest.approx(g[j] * J_ref[j, j], rel=1e-10,
                                                             abs=1e-14)
                # the readout's (36) is a finite difference: close to (37), not equal
                np.testing.assert_allclose(s["delta36"], delta_ref, rtol=1e-6, atol=1e-8)
                assert s["rel_error"] < 1e-6


def test_state_equals_what_nnhelpers_computes():
    z = np.array([0.3, -1.2, 2.0, 0.7])
    for cost, j, target in itertools.product(COSTS, range(4), range(4)):
        y = np.eye(4)[target]
        state = explorer_numbers(z, j, target, cost)
        for name in ("sigmoid", "softmax"):
            s = state[name]
            np.testing.assert_array_equal(s["delta37"], bp1.output_error(z, y, name, cost))
            np.testing.assert_array_equal(s["terms"], bp1.eq37_terms(z, y, name, cost, j))
            np.testing.assert_array_equal(s["delta36"],
                                          bp1.output_error_numeric(z, y, name, cost))


@pytest.mark.parametrize("cost", ["cross_entropy", "log_likelihood"])
def test_closed_forms_a_minus_y(cost):
    # (37) for softmax + log-likelihood and (38) for sigmoid + cross-entropy reduce to a - y
    z = np.array([1.1, -0.4, 0.2, -2.5])
    pair = "softmax" if cost == "log_likelihood" else "sigmoid"
    a = ref.softmax(z) if pair == "softmax" else ref.sigmoid(z)
    for target in range(4):
        state = explorer_numbers(z, 0, target, cost)
        np.testing.assert_allclose(state[pair]["delta37"], a - np.eye(4)[target], rtol=1e-12,
                                   atol=1e-15)


def test_sigmoid_is_diagonal_and_one_term_survives():
    rng = np.random.default_rng(1)
    for cost in COSTS:
        z = rng.uniform(-3, 3, 5)
        for j in range(5):
            s = explorer_numbers(z, j, (j + 1) % 5, cost)["sigmoid"]
            off = ~np.eye(5, dtype=bool)
            assert np.all(s["J"][off] == 0.0)
            others = np.delete(s["terms"], j)
            assert np.all(others == 0.0), "sigmoid: only the k = j term of (37) is nonzero"
            if cost != "log_likelihood":  # there ∂C/∂a_j = -y_j / a_j is 0 for j != target
                assert s["terms"][j] != 0.0
            assert s["delta_j"] == s["diagonal_only_j"]


def test_softmax_every_term_counts():
    z = np.array([1.0, 0.2, -0.6, 0.4])
    s = explorer_numbers(z, 1, 0, "quadratic")["softmax"]
    assert np.all(s["J"] != 0.0)
    assert np.all(s["terms"] != 0.0)
    np.testing.assert_allclose(s["J"].sum(axis=0), 0.0, atol=1e-15)  # Σ_k a_k = 1 for every z
    assert abs(s["delta_j"] - s["diagonal_only_j"]) > 0.01  # skipping the sum is wrong


def test_log_likelihood_off_diagonal_is_everything():
    # j != target: the only nonzero term is k = target, an off-diagonal one, and it equals a_j
    z = np.array([-1.0, 2.0, 0.0, 0.5])
    s = explorer_numbers(z, 1, 0, "log_likelihood")["softmax"]
    a = ref.softmax(z)
    np.testing.assert_allclose(s["terms"], [a[1], 0, 0, 0], atol=1e-15)
    assert s["diagonal_only_j"] == 0.0
    assert s["delta_j"] == pytest.approx(a[1], rel=1e-12)




def test_grid_and_defaults():
    assert slider_values() == [k / 10 for k in range(-40, 41)]
    assert slider_values((-1, 1)) == [k / 10 for k in range(-10, 11)]
    assert default_logits(4).tolist() == [1.5, 0.5, -0.5, -1.5]
    assert default_logits(5).tolist() == [1.5, 0.8, 0.0, -0.8, -1.5]
    assert check_logits([[0.7], [0.3]], 2, (-4, 4)).tolist() == [0.7, 0.3]
    assert check_logits(np.array([0.3, 0.7]), None, (0, 1)).tolist() == [0.3, 0.7]
    z = np.array([0.5, 0.0])
    assert check_logits(z) is not z  # a copy: the caller's array is never the state's


@pytest.mark.parametrize("z_range, error, words", [
    ((2, -2), ValueError, "low < high"), ((1, 2, 3), ValueError, "pair"),
    (4, TypeError, "pair"), (("a", 1), TypeError, "numbers"),
    ((-4, 4.05), ValueError, "multiples of 0.1"), ((-200, 0), ValueError, "within"),
])
def test_slider_values_bad_range(z_range, error, words):
    with pytest.raises(error, match=words):
        slider_values(z_range)


@pytest.mark.parametrize("args, error, words", [
    (([0.0] * 9,), ValueError, "between 2 and 8"),
    (([0.0, 1.0],), ValueError, "0..1"),  # j = 2 below
    (("12",), TypeError, "numeric array"),
    (([True, False],), TypeError, "numeric array"),
    (([1j, 0.0],), TypeError, "real"),
    (([[0.0, 1.0], [2.0, 3.0]],), ValueError, "one vector"),
    (([0.0, np.inf],), ValueError, "NaN or infinity"),
])
def test_state_bad_input(args, error, words):
    with pytest.raises(error, match=words):
        explorer_numbers(*args, **({"j": 2} if words == "0..1" else {}))


def test_state_bad_choice_names_every_cost():
    with pytest.raises(ValueError, match="cross_entropy"):
        explorer_numbers([0.0, 1.0], cost="mse")
    with pytest.raises(TypeError):
        explorer_numbers([0.0, 1.0], target=1.0)
