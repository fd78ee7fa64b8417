"""Saturated outputs: costs and δ^L stay right where a = σ(z) has rounded.

Every right value here comes from mpmath at high precision with the textbook formulas
(a = e^z / Σ e^z, C = -Σ y ln a - ..., δ = Jᵀ ∇_a C), computed without nnhelpers: at 1000
digits e^{-1500} is still a number next to 1, so nothing rounds.
"""

import mpmath as mp
import numpy as np
import pytest

from nnhelpers import bp1, stable
from nnhelpers.activations import sigmoid, softmax
from nnhelpers.costs import cross_entropy, log_likelihood, quadratic
from nnhelpers.data import load_mnist
from nnhelpers.network import Network

DIGITS = 1000


def mp_outputs(name, z):
    if name == "sigmoid":
        return [1 / (1 + mp.exp(-zk)) for zk in z]
    e = [mp.exp(zk) for zk in z]
    s = mp.fsum(e)
    return [ek / s for ek in e]


def mp_cost(cost, a, y):
    if cost == "quadratic":
        return mp.fsum((ak - yk) ** 2 for ak, yk in zip(a, y, strict=True)) / 2
    total = mp.fsum(yk * mp.log(ak) for ak, yk in zip(a, y, strict=True) if yk)
    if cost == "cross_entropy":
        total += mp.fsum((1 - yk) * mp.log(1 - ak) for ak, yk in zip(a, y, strict=True) if yk != 1)
    return -total


def mp_grad(cost, a, y):
    if cost == "quadratic":
        return [ak - yk for ak, yk in zip(a, y, strict=True)]
    if cost == "cross_entropy":
        return [(ak - yk) / (ak * (1 - ak)) for ak, yk in zip(a, y, strict=True)]
    return [-yk / ak for ak, yk in zip(a, y, strict=True)]


def mp_delta(act, cost, z, y):
    """δ_j = Σ_k ∂C/∂a_k ∂a_k/∂z_j, the sum (37) written out, for one column."""
    with mp.workdps(DIGITS):
        z = [mp.mpf(float(v)) for v in z]
        y = [mp.mpf(float(v)) for v in y]
        a = mp_outputs(act, z)
        g = mp_grad(cost, a, y)
        n = len(z)
        if act == "sigmoid":
            out = [g[j] * a[j] * (1 - a[j]) for j in range(n)]
        else:
            out = [mp.fsum(g[k] * a[k] * ((k == j) - a[j]) for k in range(n)) for j in range(n)]
        return np.array([float(v) for v in out])


def mp_cost_value(act, cost, z, y):
    with mp.workdps(DIGITS):
        z = [mp.mpf(float(v)) for v in z]
        y = [mp.mpf(float(v)) for v in y]
        return float(mp_cost(cost, mp_outputs(act, z), y))


def mp_cost_log_space(act, cost, z, y):
    """C_x from ln a and ln(1 - a) written with logsumexp / log1p in mpmath (its exponents are
    unbounded), for logits far beyond what even 1000 digits next to 1 can hold."""
    with mp.workdps(60):
        z = [mp.mpf(float(v)) for v in z]
        y = [mp.mpf(float(v)) for v in y]
        if act == "sigmoid":
            log_a = [-mp.log1p(mp.exp(-zk)) for zk in z]
            log_1m = [-mp.log1p(mp.exp(zk)) for zk in z]
        else:
            lse = mp.log(mp.fsum(mp.exp(zk) for zk in z))
            log_a = [zk - lse for zk in z]
            log_1m = [mp.log(mp.fsum(mp.exp(zi) for i, zi in enumerate(z) if i != k)) - lse
                      for k in range(len(z))]
        total = mp.fsum(yk * la for yk, la in zip(y, log_a, strict=True) if yk)
        if cost == "cross_entropy":
            total += mp.fsum((1 - yk) * lm for yk, lm in zip(y, log_1m, strict=True) if yk != 1)
        return float(-total)


def rel(got, expected):
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    return np.max(np.abs(got - expected) / np.maximum(np.abs(expected), 1e-300), initial=0.0)


def assert_delta_close(got, expected):
    """Each entry to 1e-9 relative, except entries below 1e-15 of the largest: those only to
    1e-15 of the largest, absolute. (Two tied logits with a soft target 0.5, as in
    z = [36, 36, -5], make one δ_j a cancellation of O(1) terms in any float64 arithmetic;
    the big entries, and every entry of the issue's inputs, are held element-wise.)"""
    scale = np.max(np.abs(expected))
    big = np.abs(expected) > 1e-15 * scale
    assert rel(got[big], expected[big]) < 1e-9, (got, expected)
    assert np.all(np.abs(got[~big] - expected[~big]) <= 1e-15 * scale), (got, expected)


# --- the inputs from the issue -----------------------------------------------------------

def test_log_likelihood_of_logits_1000_0_minus_1000_is_2000_on_every_path():
    z, y = np.array([1000.0, 0.0, -1000.0]), np.array([0.0, 0.0, 1.0])
    assert mp_cost_value("softmax", "log_likelihood", z, y) == 2000.0
    assert log_likelihood.value_from_z(z, y, softmax) == 2000.0
    net = Network([3, 3], activation="softmax", cost="log_likelihood")
    net.weights, net.biases = [np.eye(3)], [np.zeros((3, 1))]
    assert net.total_cost(z, y) == 2000.0
    # from a alone the cost cannot be formed (a_3 = 0); the error names the way that works
    with pytest.raises(ValueError, match=r"log_likelihood\.value_from_z\(z, y, activation\)"):
        log_likelihood.value(softmax(z), y)


def test_softmax_cross_entropy_delta_at_40_0_minus_40():
    z, y = np.array([40.0, 0.0, -40.0]), np.array([1.0, 0.0, 0.0])
    expected = mp_delta("softmax", "cross_entropy", z, y)
    np.testing.assert_allclose(expected, [-8.4967e-18, 8.4967e-18, 3.6097e-35], rtol=1e-4)
    with np.errstate(all="raise"):
        got = bp1.output_error(z, y, softmax, cross_entropy)
    assert rel(got, expected) < 1e-12
    numeric = bp1.output_error_numeric(z, y, softmax, cross_entropy, method="complex")
    assert rel(numeric, expected) < 1e-12
    # the a-based gradient cannot be formed (a_1 = 1): its error names output_error, which works
    with pytest.raises(ValueError, match=r"bp1\.output_error\(z, y, activation, cost\)"):
        cross_entropy.grad(softmax(z), y)


def test_sgd_with_a_huge_learning_rate_reports_finite_costs_and_never_raises():
    (X, Y), test = load_mnist(n_train=200, n_test=50)
    for output, cost in (("softmax", "log_likelihood"), ("sigmoid", "cross_entropy"),
                         ("softmax", "cross_entropy")):
        net = Network([784, 10, 10], output_activation=output, cost=cost, seed=1)
        history = net.sgd((X, Y), 3, 10, 1e4, test=test, progress=False)
        assert not history["diverged"]
        assert all(np.isfinite(c) and c > 0 for c in history["train_cost"])
        z_L = net.forward_pass(X)[0][3]  # z^L, L = 3
        a_L = net.feedforward(X)
        assert np.any((a_L == 0) | (a_L == 1)), "the run should have saturated some output"
        expected = np.mean([mp_cost_log_space(output, cost, z_L[:, i], Y[:, i])
                            for i in range(0, 200, 40)])
        got = np.mean([net.total_cost(X[:, [i]], Y[:, [i]]) for i in range(0, 200, 40)])
        assert rel(got, expected) < 1e-9


def test_sgd_reports_divergence_only_when_the_parameters_stop_being_finite(capsys):
    net = Network([2, 3, 1], activation="identity", output_activation="identity")
    X, Y = np.ones((2, 4)), np.zeros((1, 4))
    history = net.sgd((X, Y), 50, 2, 1e3, progress=True)
    assert history["diverged"]
    assert "no longer finite" in capsys.readouterr().out


# --- the same kind, constructed: other saturated logits, every pair, one example and a batch --

SATURATED = [
    [40.0, 0.0, -40.0],
    [1000.0, 0.0, -1000.0],
    [-800.0, 700.0, 0.0, 699.0],
    [36.0, 36.0, -5.0],
    [-745.0, 745.0],
    [50.0, 49.0, -3.0],
]
TARGETS = {
    "quadratic": lambda n, k: np.eye(n)[k] * 2.5 - 0.5,
    "cross_entropy": lambda n, k: np.linspace(0.0, 1.0, n)[::-1][np.roll(np.arange(n), k)],
    "log_likelihood": lambda n, k: np.eye(n)[k],
}
PAIRS = [(act, cost) for act in ("sigmoid", "softmax") for cost in TARGETS]


@pytest.mark.parametrize("act, cost", PAIRS)
@pytest.mark.parametrize("z", SATURATED)
def test_delta_and_cost_match_1000_digit_arithmetic(act, cost, z):
    z = np.array(z)
    for k in range(z.size):
        y = TARGETS[cost](z.size, k)
        expected = mp_delta(act, cost, z, y)
        got = bp1.output_error(z, y, act, cost)
        assert_delta_close(got, expected)
        c = mp_cost_value(act, cost, z, y)
        assert rel(get_cost(cost).value_from_z(z, y, act), c) < 1e-12
        if cost != "quadratic":
            assert rel(mp_cost_log_space(act, cost, z, y), c) < 1e-14  # the two references


def get_cost(name):
    return {"quadratic": quadratic, "cross_entropy": cross_entropy,
            "log_likelihood": log_likelihood}[name]


@pytest.mark.parametrize("act, cost", PAIRS)
def test_a_batch_of_saturated_columns_is_column_by_column_on_every_path(act, cost):
    Z = np.array([[40.0, 1000.0, 0.3], [0.0, 0.0, -0.2], [-40.0, -1000.0, 0.1]])
    Y = np.stack([TARGETS[cost](3, k) for k in (0, 2, 1)], axis=1)
    by_column = np.stack([bp1.output_error(Z[:, i], Y[:, i], act, cost) for i in range(3)], 1)
    # a batch with a saturated column takes the regrouped form (stable) for all its columns, a
    # moderate column alone the book's formula: the two agree to rounding
    np.testing.assert_allclose(bp1.output_error(Z, Y, act, cost), by_column, rtol=1e-14,
                               atol=1e-300)
    paths = [bp1.output_error]
    if (act, cost) in bp1.FUSED_PAIRS:
        paths.append(bp1.output_error_fused)
    if act == "sigmoid":
        paths += [bp1.output_error_elementwise, bp1.output_error_diagonal_only]
    # every path, each column against the sum (37) in 1000-digit arithmetic
    for path in paths:
        delta = path(Z, Y, act, cost)
        for i in range(3):
            assert_delta_close(delta[:, i], mp_delta(act, cost, Z[:, i], Y[:, i]))
    # Network.backprop with one layer w = I, b = 0: ∂C/∂b = mean of δ^L over the columns
    net = Network([3, 3], activation=act, cost=cost)
    net.weights, net.biases = [np.eye(3)], [np.zeros((3, 1))]
    nabla_b, _ = net.backprop(Z, Y)
    expected = np.mean([mp_delta(act, cost, Z[:, i], Y[:, i]) for i in range(3)], axis=0)
    np.testing.assert_allclose(nabla_b[0][:, 0], expected, rtol=1e-12, atol=1e-300)


def test_sigmoid_cross_entropy_keeps_the_tiny_distance_to_a_target_of_one():
    # σ(50) rounds to 1, yet δ = σ(50) - 1 = -σ(-50) is a representable number
    z, y = np.array([50.0, 745.0]), np.array([1.0, 1.0])
    expected = mp_delta("sigmoid", "cross_entropy", z, y)
    for path in (bp1.output_error_fused, bp1.output_error, bp1.output_error_elementwise):
        assert rel(path(z, y, sigmoid, cross_entropy), expected) < 1e-14


@pytest.mark.parametrize("act", ["sigmoid", "softmax"])
@pytest.mark.parametrize("z", SATURATED + [[0.3, -0.2, 0.1]])
def test_log_and_log1m_of_the_outputs_match_mpmath(act, z):
    z = np.array(z)
    with mp.workdps(DIGITS):
        a = mp_outputs(act, [mp.mpf(float(v)) for v in z])
        log_a = np.array([float(mp.log(ak)) for ak in a])
        log_1m = np.array([float(mp.log(1 - ak)) for ak in a])
    log_form, log1m_form = stable.LOG_FORMS[act]
    np.testing.assert_allclose(log_form(z), log_a, rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(log1m_form(z), log_1m, rtol=1e-14, atol=1e-300)


def test_complex_step_through_log_softmax_keeps_the_tiny_derivative():
    # ∂ ln a_1 / ∂z_1 = 1 - a_1 = a_2 + a_3 ≈ 4.2484e-18 at z = [40, 0, -40]
    z = np.array([40.0, 0.0, -40.0]) + 0j
    z[0] += 1e-20j
    got = stable.log_softmax(z)[0].imag / 1e-20
    with mp.workdps(DIGITS):
        a = mp_outputs("softmax", [mp.mpf(40), mp.mpf(0), mp.mpf(-40)])
        expected = float(1 - a[0])
    assert got == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("cost", ["cross_entropy", "log_likelihood", "quadratic"])
@pytest.mark.parametrize("z", SATURATED[:4])
def test_eq37_terms_at_saturation_match_1000_digit_arithmetic(cost, z):
    z = np.array(z)
    y = TARGETS[cost](z.size, 0)
    with mp.workdps(DIGITS):
        zm = [mp.mpf(float(v)) for v in z]
        ym = [mp.mpf(float(v)) for v in y]
        a = mp_outputs("softmax", zm)
        g = mp_grad(cost, a, ym)
        for j in range(z.size):
            expected = np.array([float(g[k] * a[k] * ((k == j) - a[j])) for k in range(z.size)])
            got = bp1.eq37_terms(z, y, softmax, cost, j)
            assert_delta_close(got, expected)


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy", "log_likelihood"])
def test_sigmoid_outputs_near_zero_keep_their_digits_in_the_books_formula(cost):
    # sigmoid outputs down to the smallest normal float are not "saturated": a = σ(z) keeps its
    # relative precision there, so (37) by the book's formula, not the regrouped one, meets mpmath
    z = np.array([-7.0, -40.0, -300.0, -700.0])
    a = sigmoid.sigma(z)
    assert not stable.saturated(sigmoid, a)
    assert stable.saturated(sigmoid, sigmoid(np.array([-746.0, 0.0])))  # a rounds to 0
    for y in (np.zeros(4), np.ones(4), np.full(4, 0.25)):
        expected = mp_delta("sigmoid", cost, z, y)
        got = bp1.eq37(z, a, y, sigmoid, get_cost(cost))
        assert rel(got, expected) < 1e-13, (got, expected)
