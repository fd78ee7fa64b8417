"""Equations (36), (37), (38), the diagonal-only counterexample and the fused a - y.

For every activation x cost pair whose domain allows it: (37) against the definition (36)
differentiated numerically; (38) and the diagonal-only answer against (37); a - y against (37).
The references for softmax are written out in this file (a_k (1[k = j] - a_j)).
"""

import itertools
import re

import numpy as np
import pytest
import reference as ref
from hypothesis import given, settings
from hypothesis import strategies as st

from nnhelpers import bp1
from nnhelpers.activations import identity, relu, sigmoid, softmax, tanh
from nnhelpers.costs import cross_entropy, log_likelihood, quadratic
from nnhelpers.gradcheck import relative_error

ACTS = [sigmoid, tanh, relu, identity, softmax]
COSTS = [quadratic, cross_entropy, log_likelihood]
# cross-entropy needs 0 < a < 1: tanh, identity and relu outputs leave that range
INVALID = {("tanh", "cross_entropy"), ("identity", "cross_entropy"), ("relu", "cross_entropy")}
PAIRS = [(a, c) for a, c in itertools.product(ACTS, COSTS) if (a.name, c.name) not in INVALID]
PAIR_IDS = [f"{a.name}+{c.name}" for a, c in PAIRS]
FUSED = {("softmax", "log_likelihood"), ("sigmoid", "cross_entropy")}
shapes = st.tuples(st.integers(1, 6), st.one_of(st.none(), st.integers(1, 4)))


def sample(act, cost, n, m, rng, scale=4.0):
    """(z, y) in the pair's domain; z is (n,) when m is None, else (n, m)."""
    if act is softmax and cost is cross_entropy:
        n = max(n, 2)  # a one-neuron softmax outputs a = 1, where ln(1 - a) is undefined
    shape = (n,) if m is None else (n, m)
    z = rng.uniform(-scale, scale, shape)
    z[np.abs(z) < 1e-3] = 0.5  # keep relu away from its kink
    if cost is quadratic:
        y = rng.uniform(-1, 2, shape)
    elif cost is cross_entropy:
        y = rng.uniform(0, 1, shape)
    else:
        cols = 1 if m is None else m
        y = np.zeros((n, cols))
        y[rng.integers(n, size=cols), np.arange(cols)] = 1.0
        y = y.reshape(shape)
        if act.name in ("tanh", "identity", "relu"):
            z[y == 1] = np.abs(z[y == 1]) + 0.2  # -ln a_y needs a_y > 0
    return z, y


FEW = 25  # examples per property test: enough to find a wrong formula, fast to run

# --- (37) against (36) ---------------------------------------------

@pytest.mark.parametrize("act, cost", PAIRS, ids=PAIR_IDS)
@pytest.mark.parametrize("method, rtol, atol", [("central", 1e-6, 1e-8),
                                                ("complex", 1e-12, 1e-14),
                                                ("forward", 1e-3, 1e-5)])
@settings(max_examples=FEW)
@given(shape=shapes, seed=st.integers(0, 2**32 - 1))
def test_eq37_equals_numeric_eq36(act, cost, method, rtol, atol, shape, seed):
    z, y = sample(act, cost, *shape, np.random.default_rng(seed))
    delta = bp1.output_error(z, y, act, cost)
    assert delta.shape == z.shape
    numeric = bp1.output_error_numeric(z, y, act, cost, method=method)
    assert numeric.shape == z.shape
    np.testing.assert_allclose(delta, numeric, rtol=rtol, atol=atol)


@pytest.mark.parametrize("act", ACTS, ids=lambda a: a.name)
@settings(max_examples=FEW)
@given(shape=shapes, seed=st.integers(0, 2**32 - 1))
def test_eq37_equals_complex_step_eq36_for_logits_up_to_1e4(act, shape, seed):
    """Quadratic cost (defined for any a): large logits, no overflow, NaN or warning."""
    rng = np.random.default_rng(seed)
    z, y = sample(act, quadratic, *shape, rng, scale=1e4)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        delta = bp1.output_error(z, y, act, quadratic)
        numeric = bp1.output_error_numeric(z, y, act, quadratic, method="complex")
    assert np.all(np.isfinite(delta))
    np.testing.assert_allclose(delta, numeric, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("act, cost", PAIRS, ids=PAIR_IDS)
def test_eq37_on_a_batch_is_column_by_column_and_accepts_names(act, cost):
    z, y = sample(act, cost, 5, 4, np.random.default_rng(11))
    delta = bp1.output_error(z, y, act.name, cost.name)
    for i in range(4):
        np.testing.assert_allclose(delta[:, i], bp1.output_error(z[:, i], y[:, i], act, cost),
                                   rtol=1e-14, atol=1e-16)
        np.testing.assert_allclose(delta[:, [i]], bp1.output_error(z[:, [i]], y[:, [i]], act, cost),
                                   rtol=1e-14, atol=1e-16)


@pytest.mark.parametrize("cost", COSTS, ids=lambda c: c.name)
def test_eq37_for_softmax_matches_the_sum_written_out(cost):
    """δ_j = Σ_k ∂C/∂a_k · a_k (1[k = j] - a_j), summed with an explicit loop."""
    z, y = sample(softmax, cost, 4, None, np.random.default_rng(5))
    a = ref.softmax(z)
    g = ref.grad_a(cost.name, a, y)
    expected = [sum(g[k] * a[k] * ((k == j) - a[j]) for k in range(4)) for j in range(4)]
    np.testing.assert_allclose(bp1.output_error(z, y, softmax, cost), expected, rtol=1e-12,
                               atol=1e-15)


def test_numeric_eq36_with_a_custom_step():
    z, y = sample(softmax, quadratic, 4, 2, np.random.default_rng(6))
    exact = bp1.output_error(z, y, softmax, quadratic)
    coarse = bp1.output_error_numeric(z, y, softmax, quadratic, h=1e-2)
    fine = bp1.output_error_numeric(z, y, softmax, quadratic, h=1e-4)
    # central differences: error O(h²), so 100x smaller step -> ~10^4 x smaller error
    e_coarse, e_fine = relative_error(coarse, exact), relative_error(fine, exact)
    assert 1e-7 < e_coarse < 1e-3
    assert e_fine < e_coarse / 1000


def test_numeric_does_not_change_the_callers_z():
    z, y = sample(sigmoid, quadratic, 4, 3, np.random.default_rng(7))
    z0 = z.copy()
    for method in ("central", "forward", "complex"):
        bp1.output_error_numeric(z, y, sigmoid, quadratic, method=method)
    np.testing.assert_array_equal(z, z0)


# --- (38) ---------------------------------------------

@pytest.mark.parametrize("act, cost", [p for p in PAIRS if p[0].elementwise],
                         ids=[i for p, i in zip(PAIRS, PAIR_IDS, strict=True) if p[0].elementwise])
@settings(max_examples=FEW)
@given(shape=shapes, seed=st.integers(0, 2**32 - 1))
def test_eq38_equals_eq37_for_elementwise_activations(act, cost, shape, seed):
    z, y = sample(act, cost, *shape, np.random.default_rng(seed))
    np.testing.assert_allclose(bp1.output_error_elementwise(z, y, act, cost),
                               bp1.output_error(z, y, act, cost), rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("cost", COSTS, ids=lambda c: c.name)
def test_eq38_refuses_softmax_and_points_to_eq37(cost):
    z, y = sample(softmax, cost, 3, None, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"\(38\) needs an element-wise activation, and softmax is "
                                         r"not one.*k != j of \(37\) do not vanish.*output_error"):
        bp1.output_error_elementwise(z, y, "softmax", cost)


# --- the diagonal-only counterexample --------------------------------------------------

@pytest.mark.parametrize("act, cost", [p for p in PAIRS if p[0].elementwise],
                         ids=[i for p, i in zip(PAIRS, PAIR_IDS, strict=True) if p[0].elementwise])
@settings(max_examples=FEW)
@given(shape=shapes, seed=st.integers(0, 2**32 - 1))
def test_diagonal_only_equals_eq37_for_elementwise_activations(act, cost, shape, seed):
    z, y = sample(act, cost, *shape, np.random.default_rng(seed))
    np.testing.assert_allclose(bp1.output_error_diagonal_only(z, y, act, cost),
                               bp1.output_error(z, y, act, cost), rtol=1e-13, atol=1e-16)


# Smallest relative error of the diagonal-only δ for softmax, measured over 20 000 random
# draws (n = 2..10, z uniform in [-5, 5]): quadratic 0.023, cross-entropy 0.014,
# log-likelihood 0.10. The thresholds sit below those minima.
DIAGONAL_ONLY_WRONG_BY = {"quadratic": 0.01, "cross_entropy": 0.005, "log_likelihood": 0.05}


@pytest.mark.parametrize("cost", COSTS, ids=lambda c: c.name)
def test_diagonal_only_is_clearly_wrong_for_softmax(cost):
    rng = np.random.default_rng(2024)
    errors = []
    for _ in range(300):
        n = int(rng.integers(2, 11))
        z = rng.uniform(-5, 5, n)
        _, y = sample(softmax, cost, n, None, rng)
        right = bp1.output_error(z, y, softmax, cost)
        numeric = bp1.output_error_numeric(z, y, softmax, cost, method="complex")
        wrong = bp1.output_error_diagonal_only(z, y, softmax, cost)
        assert relative_error(right, numeric) < 1e-10
        errors.append(relative_error(wrong, numeric))
    assert min(errors) > DIAGONAL_ONLY_WRONG_BY[cost.name], min(errors)
    assert np.median(errors) > 0.1


@settings(max_examples=FEW)
@given(n=st.integers(2, 10), seed=st.integers(0, 2**32 - 1))
def test_diagonal_only_for_softmax_log_likelihood_in_closed_form(n, seed):
    """Only k = j survives: δ_y = -(1/a_y) a_y (1 - a_y) = a_y - 1, every other δ_j = 0,
    whereas (37) gives a - y. The relative error is at least 1/(2(n - 1))."""
    rng = np.random.default_rng(seed)
    z, y = sample(softmax, log_likelihood, n, None, rng)
    a = ref.softmax(z)
    wrong = bp1.output_error_diagonal_only(z, y, softmax, log_likelihood)
    np.testing.assert_allclose(wrong, y * (a - 1), rtol=1e-12, atol=1e-15)
    right = bp1.output_error(z, y, softmax, log_likelihood)
    np.testing.assert_allclose(right, a - y, rtol=1e-12, atol=1e-15)
    if 1 - a[y == 1][0] > 1e-6:  # not an already-perfect prediction
        assert relative_error(wrong, right) >= 1 / (2 * (n - 1)) - 1e-9


# --- fused a - y -----------------------------------------------------------------------

@pytest.mark.parametrize("act, cost", [(softmax, log_likelihood), (sigmoid, cross_entropy)],
                         ids=["softmax+log_likelihood", "sigmoid+cross_entropy"])
@settings(max_examples=FEW)
@given(shape=shapes, seed=st.integers(0, 2**32 - 1))
def test_fused_a_minus_y_equals_eq37(act, cost, shape, seed):
    z, y = sample(act, cost, *shape, np.random.default_rng(seed))
    fused = bp1.output_error_fused(z, y, act, cost)
    a = ref.softmax(z) if act is softmax else ref.sigmoid(z)
    np.testing.assert_allclose(fused, a - y, rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(fused, bp1.output_error(z, y, act, cost), rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("act, cost", [p for p in PAIRS if (p[0].name, p[1].name) not in FUSED],
                         ids=[i for p, i in zip(PAIRS, PAIR_IDS, strict=True)
                              if (p[0].name, p[1].name) not in FUSED])
def test_fused_refuses_other_pairs(act, cost):
    z, y = sample(act, cost, 3, None, np.random.default_rng(0))
    message = (r"δ = a - y holds only for softmax\+log_likelihood and sigmoid\+cross_entropy, "
               rf"not for {act.name} \+ {cost.name}; use output_error \(37\)")
    with pytest.raises(ValueError, match=message):
        bp1.output_error_fused(z, y, act, cost)


def test_fused_and_eq37_agree_for_huge_logits_without_warnings():
    z = np.array([[1e4, -1e4], [-1e4, 0.0], [0.0, 1e4]])
    y = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        d = bp1.output_error_fused(z, y, softmax, log_likelihood)
        d37 = bp1.output_error(z, y, softmax, log_likelihood)
    np.testing.assert_allclose(d, [[1, 0], [-1, 0], [0, 0]], atol=1e-15)
    np.testing.assert_allclose(d.sum(axis=0), 0.0, atol=1e-15)
    # a_y underflows to 0 in the first column, yet (37) regrouped needs no ln a_y or 1/a_y
    np.testing.assert_array_equal(d37, d)
    half = np.ones_like(z) * 0.5
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        d = bp1.output_error_fused(z, half, sigmoid, cross_entropy)
        d37 = bp1.output_error(z, half, sigmoid, cross_entropy)
    np.testing.assert_allclose(d, 1.0 / (1.0 + np.exp(-np.clip(z, -700, 700))) - 0.5)
    np.testing.assert_array_equal(d37, d)


# --- the terms of (37) ---------------------------------------------

@pytest.mark.parametrize("act, cost", PAIRS, ids=PAIR_IDS)
@settings(max_examples=FEW)
@given(n=st.integers(1, 6), seed=st.integers(0, 2**32 - 1), column=st.booleans())
def test_eq37_terms_sum_to_the_output_error(act, cost, n, seed, column):
    z, y = sample(act, cost, n, None, np.random.default_rng(seed))
    if column:
        z, y = z[:, None], y[:, None]
    n = z.shape[0]  # sample() gives softmax + cross-entropy at least 2 neurons
    delta = bp1.output_error(z, y, act, cost).ravel()
    for j in range(n):
        terms = bp1.eq37_terms(z, y, act, cost, j)
        assert terms.shape == (n,)
        assert terms.sum() == pytest.approx(delta[j], rel=1e-12, abs=1e-15)
        if act.elementwise:  # only k = j survives
            np.testing.assert_array_equal(np.delete(terms, j), 0.0)


def test_eq37_terms_for_softmax_by_formula():
    z, y = np.array([0.2, -1.0, 0.7]), np.array([0.0, 0.0, 1.0])
    a = ref.softmax(z)
    g = ref.grad_a("quadratic", a, y)
    for j in range(3):
        expected = [g[k] * a[k] * ((k == j) - a[j]) for k in range(3)]
        np.testing.assert_allclose(bp1.eq37_terms(z, y, softmax, quadratic, np.int64(j)),
                                   expected, rtol=1e-13)


@pytest.mark.parametrize("j, message", [(3, r"j must be an integer index in 0\.\.2, got 3"),
                                        (-1, r"j must be an integer index in 0\.\.2, got -1"),
                                        (1.0, r"index in 0\.\.2, got float 1\.0"),
                                        ("0", r"index in 0\.\.2, got str '0'")])
def test_eq37_terms_refuses_bad_j(j, message):
    with pytest.raises(TypeError if isinstance(j, (float, str)) else ValueError, match=message):
        bp1.eq37_terms(np.zeros(3), np.zeros(3), softmax, quadratic, j)


def test_eq37_terms_refuses_a_batch():
    with pytest.raises(ValueError, match=r"z must be one example, shape \(n,\) or \(n, 1\), got "
                                         r"\(3, 2\)"):
        bp1.eq37_terms(np.zeros((3, 2)), np.zeros((3, 2)), softmax, quadratic, 0)


# --- domains and bad input ---------------------------------------------

ALL_FUNCTIONS = [bp1.output_error, bp1.output_error_elementwise, bp1.output_error_diagonal_only,
                 bp1.output_error_numeric, bp1.output_error_fused]
FN_IDS = [f.__name__ for f in ALL_FUNCTIONS]


@pytest.mark.parametrize("fn", [bp1.output_error, bp1.output_error_elementwise,
                                bp1.output_error_diagonal_only, bp1.output_error_numeric])
@pytest.mark.parametrize("act", [tanh, identity, relu], ids=lambda a: a.name)
def test_cross_entropy_refuses_outputs_outside_zero_one(fn, act):
    z, y = np.array([-0.5, 2.0]), np.array([0.0, 1.0])  # a <= 0 or a >= 1 for these
    with pytest.raises(ValueError, match=r"cross_entropy needs outputs 0 < a < 1"):
        fn(z, y, act, cross_entropy)


@pytest.mark.parametrize("fn", ALL_FUNCTIONS, ids=FN_IDS)
@pytest.mark.parametrize("z_shape, y_shape", [((3,), (4,)), ((3,), (3, 1)), ((3, 2), (3, 1)),
                                              ((3, 2), (2, 3))])
def test_mismatched_z_and_y_are_refused(fn, z_shape, y_shape):
    message = re.escape(f"z and y must have the same shape, got {z_shape} and {y_shape}")
    with pytest.raises(ValueError, match=message):
        fn(np.zeros(z_shape), np.zeros(y_shape), sigmoid, quadratic)


@pytest.mark.parametrize("fn", ALL_FUNCTIONS, ids=FN_IDS)
@pytest.mark.parametrize(
    "z, y, act, cost, exc, message",
    [
        ([0.1, np.nan], [0.0, 1.0], "sigmoid", "quadratic", ValueError, r"z contains NaN"),
        ([0.1, 0.2], [np.nan, 1.0], "sigmoid", "quadratic", ValueError, r"y contains NaN"),
        ("0.1", [0.0], "sigmoid", "quadratic", TypeError, r"z must be a numeric array, got str"),
        ([0.1], "1", "sigmoid", "quadratic", TypeError, r"y must be a numeric array, got str"),
        ([0.1 + 1j], [1.0], "sigmoid", "quadratic", TypeError, r"z must be real"),
        ([[[0.1]]], [[[1.0]]], "sigmoid", "quadratic", ValueError,
         r"z must have shape \(n,\) or \(n, m\), got shape \(1, 1, 1\)"),
        ([0.1], [1.0], "sigma", "quadratic", ValueError, r"unknown activation 'sigma'"),
        ([0.1], [1.0], "sigmoid", "mse", ValueError, r"unknown cost 'mse'"),
        ([0.1], [1.0], 1, "quadratic", TypeError, r"activation must be a name or an Activation"),
        ([0.1], [1.0], "sigmoid", 2.0, TypeError, r"cost must be a name or a Cost"),
    ],
    ids=["nan-z", "nan-y", "str-z", "str-y", "complex-z", "3d", "bad-act", "bad-cost",
         "int-act", "float-cost"],
)
def test_bad_input_is_refused_with_a_clear_message(fn, z, y, act, cost, exc, message):
    with pytest.raises(exc, match=message):
        fn(z, y, act, cost)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"method": "backward"}, r"method must be one of \('central', 'forward', 'complex'\), got "
                                 r"'backward'"),
        ({"h": 0.0}, r"step h must be a positive number, got 0\.0"),
        ({"h": -1e-6}, r"step h must be a positive number, got -1e-06"),
        ({"h": "1e-6"}, r"step h must be a positive number, got '1e-6'"),
        ({"h": np.nan}, r"step h must be a positive number, got nan"),
        ({"h": np.inf}, r"step h must be a positive number, got inf"),
        ({"h": [1e-6]}, r"step h must be a positive number, got \[1e-06\]"),
    ],
)
def test_numeric_refuses_bad_method_or_step(kwargs, message):
    with pytest.raises(ValueError, match=message):
        bp1.output_error_numeric(np.zeros(2), np.zeros(2), sigmoid, quadratic, **kwargs)
