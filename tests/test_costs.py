"""Costs: closed forms, gradients against numerical gradients, the batch mean, bad input."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnhelpers import costs
from nnhelpers.costs import cross_entropy, get_cost, log_likelihood, quadratic
from nnhelpers.gradcheck import numerical_gradient

ALL = [quadratic, cross_entropy, log_likelihood]
IDS = lambda c: c.name  # noqa: E731
FEW = 30  # examples per property test: enough to find a wrong formula, fast to run


def sample(cost, n, m, rng):
    """A valid (a, y) pair for `cost`: a in (0.02, 0.98), y in the cost's domain.

    m = None gives one example of shape (n,), else (n, m).
    """
    shape = (n,) if m is None else (n, m)
    a = rng.uniform(0.02, 0.98, shape)
    if cost is quadratic:
        y = rng.uniform(-1, 2, shape)
    elif cost is cross_entropy:
        y = rng.uniform(0, 1, shape)
        y[rng.uniform(size=shape) < 0.3] = 1.0  # exact 0/1 targets too
        y[rng.uniform(size=shape) < 0.3] = 0.0
    else:
        labels = rng.integers(n, size=1 if m is None else m)
        y = np.zeros((n, 1 if m is None else m))
        y[labels, np.arange(y.shape[1])] = 1.0
        y = y.reshape(shape)
    return a, y


def ref_per_example(name, a, y):
    """C_x written out with explicit loops over neurons j, one column at a time."""
    a2, y2 = np.atleast_2d(a.T).T, np.atleast_2d(y.T).T  # (n,) -> (n, 1)
    out = []
    for i in range(a2.shape[1]):
        total = 0.0
        for j in range(a2.shape[0]):
            aj, yj = a2[j, i], y2[j, i]
            if name == "quadratic":
                total += 0.5 * (aj - yj) ** 2
            elif name == "cross_entropy":
                total -= (yj * np.log(aj) if yj else 0.0) + (
                    (1 - yj) * np.log(1 - aj) if yj != 1 else 0.0)
            else:
                total -= np.log(aj) if yj == 1 else 0.0
        out.append(total)
    return out[0] if a.ndim == 1 else np.array(out)


@pytest.mark.parametrize("cost", ALL, ids=IDS)
@settings(max_examples=FEW)
@given(n=st.integers(1, 8), m=st.one_of(st.none(), st.integers(1, 5)),
       seed=st.integers(0, 2**32 - 1))
def test_per_example_and_value_match_closed_forms(cost, n, m, seed):
    a, y = sample(cost, n, m, np.random.default_rng(seed))
    per = cost.per_example(a, y)
    expected = ref_per_example(cost.name, a, y)
    assert np.shape(per) == (() if m is None else (m,))
    np.testing.assert_allclose(per, expected, rtol=1e-12)
    # value is the mean over the columns of the per-example cost
    np.testing.assert_allclose(cost.value(a, y), np.mean(expected), rtol=1e-12)


def test_log_likelihood_is_minus_log_a_y():
    a = np.array([[0.1, 0.6], [0.7, 0.3], [0.2, 0.1]])
    y = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])  # classes 1 and 2
    np.testing.assert_allclose(log_likelihood.per_example(a, y), [-np.log(0.7), -np.log(0.1)])
    np.testing.assert_allclose(log_likelihood.value(a, y), -(np.log(0.7) + np.log(0.1)) / 2)
    np.testing.assert_allclose(log_likelihood.grad(a, y),
                               [[0, 0], [-1 / 0.7, 0], [0, -1 / 0.1]])


def test_closed_form_values_by_hand():
    a, y = np.array([0.25, 0.5]), np.array([1.0, 0.0])
    assert quadratic.value(a, y) == pytest.approx(0.5 * (0.75**2 + 0.5**2))
    assert cross_entropy.value(a, y) == pytest.approx(-np.log(0.25) - np.log(0.5))
    np.testing.assert_allclose(quadratic.grad(a, y), [-0.75, 0.5])
    # (a - y) / (a (1 - a))
    np.testing.assert_allclose(cross_entropy.grad(a, y), [-0.75 / 0.1875, 0.5 / 0.25])


def test_cross_entropy_with_soft_targets():
    a, y = np.array([0.3]), np.array([0.4])
    expected = -(0.4 * np.log(0.3) + 0.6 * np.log(0.7))
    assert cross_entropy.value(a, y) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("cost", ALL, ids=IDS)
@pytest.mark.parametrize("method, rtol, atol", [("central", 1e-7, 1e-8),
                                                ("complex", 1e-13, 1e-15),
                                                ("forward", 1e-4, 1e-6)])
@settings(max_examples=FEW)
@given(n=st.integers(1, 8), seed=st.integers(0, 2**32 - 1))
def test_grad_matches_numerical_gradient_of_per_example(cost, method, rtol, atol, n, seed):
    a, y = sample(cost, n, None, np.random.default_rng(seed))
    numeric = numerical_gradient(lambda aa: cost.per_example(aa, y), a, method=method)
    np.testing.assert_allclose(cost.grad(a, y), numeric, rtol=rtol, atol=atol)


@pytest.mark.parametrize("cost", ALL, ids=IDS)
@settings(max_examples=FEW)
@given(n=st.integers(1, 6), m=st.integers(1, 5), seed=st.integers(0, 2**32 - 1))
def test_grad_of_a_batch_is_per_example_column_by_column(cost, n, m, seed):
    a, y = sample(cost, n, m, np.random.default_rng(seed))
    g = cost.grad(a, y)
    assert g.shape == a.shape
    for i in range(m):
        # ∂C_x/∂a for column i alone, numerically: per example, not divided by m
        numeric = numerical_gradient(lambda col, i=i: cost.per_example(col, y[:, i]), a[:, i],
                                     method="complex")
        np.testing.assert_allclose(g[:, i], numeric, rtol=1e-13, atol=1e-15)
    # and the gradient of the mean cost is grad / m
    numeric_mean = numerical_gradient(lambda aa: cost.value(aa, y), a, method="complex")
    np.testing.assert_allclose(g / m, numeric_mean, rtol=1e-13, atol=1e-15)


def test_lookup_and_repr():
    for cost in ALL:
        assert get_cost(cost.name) is cost
        assert get_cost(cost) is cost
        assert cost.name in repr(cost)
    assert set(costs.COSTS) == {"quadratic", "cross_entropy", "log_likelihood"}


FEW = 30  # examples per property test: enough to find a wrong formula, fast to run

# --- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize("cost", ALL, ids=IDS)
@pytest.mark.parametrize("method", ["per_example", "value", "grad"])
@pytest.mark.parametrize("a_shape, y_shape", [((3,), (4,)), ((3,), (3, 1)), ((3, 2), (3, 1)),
                                              ((3, 2), (2, 3))])
def test_mismatched_a_and_y_are_refused(cost, method, a_shape, y_shape):
    a = np.full(a_shape, 0.5)
    y = np.zeros(y_shape)
    message = re.escape(f"a and y must have the same shape, got {a_shape} and {y_shape}")
    with pytest.raises(ValueError, match=message):
        getattr(cost, method)(a, y)


@pytest.mark.parametrize("cost", ALL, ids=IDS)
@pytest.mark.parametrize(
    "a, y, exc, message",
    [
        (np.array([0.5, np.nan]), np.array([1.0, 0.0]), ValueError, r"a contains NaN or infinity"),
        (np.array([0.5, 0.5]), np.array([np.inf, 0.0]), ValueError, r"y contains NaN or infinity"),
        ("0.5", np.array([1.0]), TypeError, r"a must be a numeric array, got str"),
        (np.array([0.5]), ["1"], TypeError, r"y must be a numeric array, got dtype <U1"),
        (np.array([0.5]), np.array([1.0 + 0j]), TypeError, r"y must be real, got dtype complex"),
        (np.full((2, 2, 1), 0.5), np.zeros((2, 2, 1)), ValueError,
         r"a must have shape \(n,\) or \(n, m\), got shape \(2, 2, 1\)"),
    ],
    ids=["nan-a", "inf-y", "str-a", "str-y", "complex-y", "3d"],
)
def test_bad_values_are_refused(cost, a, y, exc, message):
    for method in (cost.per_example, cost.value, cost.grad):
        with pytest.raises(exc, match=message):
            method(a, y)


ROUNDED = r"at exactly 0 or 1\. If a = σ\(z\) is a sigmoid or softmax output that has rounded"
OUTSIDE = r"outside \[0, 1\]\. these outputs are not probabilities in \(0, 1\)"


@pytest.mark.parametrize(
    "a, y, message",
    [
        ([0.0, 0.5], [1.0, 0.0], r"cross_entropy needs .*" + ROUNDED),
        ([1.0, 0.5], [0.0, 0.0], r"cross_entropy needs .*" + ROUNDED),
        ([0.5, 0.0], [0.0, 0.3], r"cross_entropy needs .*" + ROUNDED),
        ([0.5, 1.2], [0.0, 1.0], r"cross_entropy needs outputs 0 < a < 1 .*" + OUTSIDE),
        ([-0.3, 0.5], [0.0, 0.0], r"cross_entropy needs outputs 0 < a < 1 .*" + OUTSIDE),
        ([0.3, 0.5], [1.5, 0.0], r"cross_entropy needs targets 0 <= y <= 1 element-wise"),
        ([0.3, 0.5], [-0.1, 0.0], r"cross_entropy needs targets 0 <= y <= 1 element-wise"),
    ],
)
def test_cross_entropy_domain(a, y, message):
    for method in (cross_entropy.per_example, cross_entropy.value, cross_entropy.grad):
        with pytest.raises(ValueError, match=message):
            method(np.array(a), np.array(y))


def test_cross_entropy_of_a_saturated_output_that_matches_its_target():
    """a_j = y_j = 1 (or 0) contributes 0 ln 0 = 0 to C_x, so the cost exists; the gradient
    (a - y)/(a(1 - a)) does not, and grad says so, naming the z-based δ."""
    a, y = np.array([[1.0, 0.3], [0.0, 0.6]]), np.array([[1.0, 1.0], [0.0, 0.0]])
    np.testing.assert_allclose(cross_entropy.per_example(a, y), [0.0, -np.log(0.3) - np.log(0.4)])
    with pytest.raises(ValueError, match=r"cross_entropy needs 0 < a < 1 for ∂C/∂a = .*"
                                         r"bp1\.output_error\(z, y, activation, cost\)"):
        cross_entropy.grad(a, y)


@pytest.mark.parametrize(
    "a, y, message",
    [
        ([0.3, 0.7], [1.0, 1.0], r"log_likelihood needs each column of y to be a probability "
                                 r"vector .* sums to 2.*sigmoid outputs with cross_entropy"),
        ([0.3, 0.7], [0.0, 0.0], r"log_likelihood needs each column of y to be a probability"),
        ([[0.3], [0.7]], [[2.0], [-1.0]], r"log_likelihood needs targets y >= 0"),
        ([0.0, 1.0], [1.0, 0.0], r"log_likelihood needs outputs a > 0 where y > 0 .*at exactly 0 "
                                 r"where y > 0\. If a = σ\(z\) is a sigmoid or softmax output"),
        ([-0.5, 1.0], [1.0, 0.0], r"log_likelihood needs outputs a > 0 where y > 0 .*below 0"),
    ],
)
def test_log_likelihood_domain(a, y, message):
    for method in (log_likelihood.per_example, log_likelihood.value, log_likelihood.grad):
        with pytest.raises(ValueError, match=message):
            method(np.array(a), np.array(y))


def test_log_likelihood_accepts_probability_vector_targets():
    # label smoothing: C_x = -Σ_k y_k ln a_k, and ∂C/∂a_k = -y_k / a_k
    a, y = np.array([0.2, 0.5, 0.3]), np.array([0.05, 0.9, 0.05])
    expected = -(0.05 * np.log(0.2) + 0.9 * np.log(0.5) + 0.05 * np.log(0.3))
    assert log_likelihood.value(a, y) == pytest.approx(expected, rel=1e-15)
    np.testing.assert_allclose(log_likelihood.grad(a, y), [-0.25, -1.8, -0.05 / 0.3], rtol=1e-15)


def test_log_likelihood_allows_non_positive_outputs_off_target():
    # only a_y enters -ln a_y: a tanh output may be negative elsewhere
    a, y = np.array([-0.5, 0.4]), np.array([0.0, 1.0])
    assert log_likelihood.value(a, y) == pytest.approx(-np.log(0.4))
    np.testing.assert_allclose(log_likelihood.grad(a, y), [0.0, -1 / 0.4])


def test_unknown_cost_names_are_refused():
    with pytest.raises(ValueError, match=r"unknown cost 'crossentropy'; expected one of "
                                         r"\['cross_entropy', 'log_likelihood', 'quadratic'\]"):
        get_cost("crossentropy")
    with pytest.raises(TypeError, match=r"cost must be a name or a Cost, got NoneType"):
        get_cost(None)
