"""nnhelpers.stable against the book's formulas away from saturation.

At moderate logits the rearranged forms must give what the book's formulas give (the core's
`sigma`, `grad_of`, `vjp_of`, `per_example_of`, and numpy's log of the outputs); at saturation
tests/test_saturation.py holds them to 1000-digit mpmath arithmetic.
"""

import itertools
import warnings

import numpy as np
import pytest

from nnhelpers import stable
from nnhelpers.activations import relu, sigmoid, softmax, tanh
from nnhelpers.costs import cross_entropy, log_likelihood, quadratic

PAIRS = list(itertools.product((sigmoid, softmax), (quadratic, cross_entropy, log_likelihood)))
IDS = [f"{a.name}+{c.name}" for a, c in PAIRS]


def moderate(act, cost, seed, m=4, n=5):
    """(z, y): logits in [-3, 3] (every output well inside (0.001, 0.999) for n = 5), targets
    by the cost's rule, one example per column."""
    rng = np.random.default_rng(seed)
    z = rng.uniform(-3, 3, (n, m))
    if cost is log_likelihood:
        y = np.eye(n)[:, rng.integers(0, n, m)]
    elif cost is cross_entropy:
        y = rng.uniform(0, 1, (n, m))
    else:
        y = rng.uniform(-1, 2, (n, m))
    assert not stable.saturated(act, act.sigma(z))
    return z, y


@pytest.mark.parametrize("act", [sigmoid, softmax], ids=lambda a: a.name)
@pytest.mark.parametrize("seed", range(5))
def test_log_forms_equal_the_log_of_the_outputs(act, seed):
    z = np.random.default_rng(seed).uniform(-8, 8, (6, 3))
    a = act.sigma(z)
    log_form, log1m_form = stable.LOG_FORMS[act.name]
    np.testing.assert_allclose(log_form(z), np.log(a), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(log1m_form(z), np.log1p(-a), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("act, cost", PAIRS, ids=IDS)
@pytest.mark.parametrize("seed", range(5))
def test_cost_from_z_equals_the_cost_of_the_outputs(act, cost, seed):
    z, y = moderate(act, cost, seed)
    np.testing.assert_allclose(stable.per_example_from_z(cost, act, z, y),
                               cost.per_example_of(act.sigma(z), y), rtol=1e-13)


@pytest.mark.parametrize("act, cost", PAIRS, ids=IDS)
@pytest.mark.parametrize("seed", range(5))
def test_regrouped_delta_equals_the_vjp_of_37(act, cost, seed):
    z, y = moderate(act, cost, seed)
    a = act.sigma(z)
    book = act.vjp_of(a, cost.grad_of(a, y))  # (37) as the book writes it
    np.testing.assert_allclose(stable.output_error(z, a, y, act, cost), book,
                               rtol=1e-11, atol=1e-15)


@pytest.mark.parametrize("cost", [quadratic, cross_entropy, log_likelihood], ids=lambda c: c.name)
def test_diagonal_only_and_the_terms_of_37_equal_the_book_formulas(cost):
    z, y = moderate(softmax, cost, 7, m=1)
    z, y = z[:, 0], y[:, 0]
    a = softmax.sigma(z)
    np.testing.assert_allclose(stable.diagonal_only(z, a, y, softmax, cost),
                               cost.grad_of(a, y) * a * (1 - a), rtol=1e-12, atol=1e-15)
    J = np.diag(a) - np.outer(a, a)
    for j in range(z.size):
        np.testing.assert_allclose(stable.eq37_terms(z, a, y, softmax, cost, j),
                                   cost.grad_of(a, y) * J[:, j], rtol=1e-12, atol=1e-15)


def test_sigmoid_prime_equals_a_times_one_minus_a_and_keeps_tiny_values():
    z = np.linspace(-8, 8, 33)  # 1 - a >= 3e-4: a(1 - a) keeps 12 digits
    a = sigmoid.sigma(z)
    np.testing.assert_allclose(stable.sigmoid_prime(z, a), a * (1 - a), rtol=1e-11)
    # at z = 40, a(1 - a) rounds to 0 while σ(40)σ(-40) = e^{-40}/(1 + e^{-40})² does not
    big = np.array([40.0])
    assert sigmoid.prime_from_a(sigmoid.sigma(big))[0] == 0.0
    assert stable.sigmoid_prime(big, sigmoid.sigma(big))[0] == pytest.approx(
        np.exp(-40.0) / (1 + np.exp(-40.0)) ** 2, rel=1e-15)


def test_stable_sigmoid_is_the_books_formula_where_that_does_not_overflow():
    rng = np.random.default_rng(3)
    z = np.concatenate([rng.uniform(-700, 700, 50), rng.uniform(-8, 8, 50)])
    np.testing.assert_allclose(stable.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=4e-16, atol=0)
    zc = z[50:] + 1j * rng.uniform(-1, 1, 50)  # complex, away from the poles at Im z = ±π
    np.testing.assert_allclose(stable.sigmoid(zc), 1 / (1 + np.exp(-zc)), rtol=1e-14)
    for act in (tanh, relu, softmax):  # sigma is the activation's own formula for the others
        np.testing.assert_array_equal(stable.sigma(act, z[50:]), act.sigma(z[50:]))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the book's formula warns on purpose
def test_stable_sigmoid_keeps_the_complex_step_where_the_books_formula_gives_nan():
    # complex step: Im σ(x + ih)/h = σ'(x) = e^{-x}/(1 + e^{-x})², here against mpmath
    import mpmath
    mpmath.mp.dps = 50
    x, h = np.array([-600.0, -30.0, 40.0, -1e4]), 1e-20  # σ'(-1e4) h underflows to 0
    expected = [float(mpmath.exp(-mpmath.mpf(v)) / (1 + mpmath.exp(-mpmath.mpf(v))) ** 2)
                for v in x]
    np.testing.assert_allclose(stable.sigmoid(x + 1j * h).imag / h, expected, rtol=1e-13)
    assert np.isnan(sigmoid.sigma(np.array([-1e4 + 1j * h]))).all()  # complex 1/inf in (3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no overflow warning for real z
        assert stable.sigmoid(np.array([-1e4]))[0] == 0.0 == sigmoid(np.array([-1e4]))[0]


def test_saturated_names_outputs_near_zero_or_one_for_sigmoid_and_softmax_only():
    assert not stable.saturated(sigmoid, np.array([0.3, 0.998]))
    assert stable.saturated(sigmoid, np.array([0.3, 0.9995]))
    assert stable.saturated(softmax, np.array([0.9995, 0.0005]))
    assert stable.saturated(softmax, np.array([0.5, 0.5, 1e-18]))  # where a_j(g_j - Σ a g) cancels
    for act in (tanh, relu):  # no formula of theirs divides by a or 1 - a
        assert not stable.saturated(act, np.array([1.0, 0.0]))
