"""Targets and layout: one rule per cost, the same on every path,
and every "use X instead" in an error message followed here for the input that triggered it.

Right values: the textbook formulas written in this file, and the complex-step derivative of
C(z) by mpmath (mp.diff at 50 digits), never the code under test.
"""

import mpmath as mp
import numpy as np
import pytest

from nnhelpers import bp1
from nnhelpers.activations import sigmoid, softmax
from nnhelpers.costs import cross_entropy, log_likelihood, quadratic
from nnhelpers.network import Network
from nnhelpers.validation import check_targets

MULTI_HOT = r"log_likelihood needs each column of (y|Y|train Y) to be a probability vector"


def mp_delta_log_likelihood_softmax(z, y):
    """δ_j = ∂/∂z_j of -Σ_k y_k ln softmax(z)_k, by mpmath's numerical derivative at 50 digits."""
    with mp.workdps(50):
        def cost(*zz):
            lse = mp.log(mp.fsum(mp.exp(v) for v in zz))
            return -mp.fsum(mp.mpf(float(yk)) * (zk - lse) for zk, yk in zip(zz, y, strict=True))
        zs = [mp.mpf(float(v)) for v in z]
        return np.array([float(mp.diff(lambda t, j=j: cost(*(zs[:j] + [t] + zs[j + 1:])), zs[j]))
                         for j in range(len(zs))])


# --- the multi-hot case: refused on every path, with advice that works ------------

def every_log_likelihood_path(z, y):
    a = softmax(z)
    net = Network([3, 3], activation="softmax", cost="log_likelihood")
    net.weights, net.biases = [np.eye(3)], [np.zeros((3, 1))]
    return {
        "value": lambda: log_likelihood.value(a, y),
        "grad": lambda: log_likelihood.grad(a, y),
        "value_from_z": lambda: log_likelihood.value_from_z(z, y, softmax),
        "(37)": lambda: bp1.output_error(z, y, softmax, log_likelihood),
        "(36)": lambda: bp1.output_error_numeric(z, y, softmax, log_likelihood),
        "fused": lambda: bp1.output_error_fused(z, y, softmax, log_likelihood),
        "diagonal only": lambda: bp1.output_error_diagonal_only(z, y, softmax, log_likelihood),
        "backprop": lambda: net.backprop(z, y),
        "total_cost": lambda: net.total_cost(z, y),
        "sgd": lambda: net.sgd((z.reshape(3, 1), y.reshape(3, 1)), 1, 1, 0.1, progress=False),
    }


@pytest.mark.parametrize("path", list(every_log_likelihood_path(np.zeros(3), np.eye(3)[0])))
def test_multi_hot_target_is_refused_on_every_path(path):
    z, y = np.array([0.6, 0.2, 0.9]), np.array([1.0, 1.0, 0.0])
    with pytest.raises(ValueError, match=MULTI_HOT + r".*sums to 2.*sigmoid outputs with "
                                                     r"cross_entropy"):
        every_log_likelihood_path(z, y)[path]()


def test_the_advice_for_multi_hot_targets_works():
    z, y = np.array([0.6, 0.2, 0.9]), np.array([1.0, 1.0, 0.0])
    delta = bp1.output_error(z, y, sigmoid, cross_entropy)
    np.testing.assert_allclose(delta, 1.0 / (1.0 + np.exp(-z)) - y, rtol=1e-15)
    net = Network([3, 3], output_activation="sigmoid", cost="cross_entropy")
    history = net.sgd((np.eye(3), np.array([[1.0, 0, 1], [1, 1, 0], [0, 1, 1]])), 2, 1, 0.5,
                      progress=False)
    assert all(np.isfinite(history["train_cost"]))


def test_what_the_multi_hot_a_minus_y_would_have_been_is_not_the_gradient():
    # the numbers: for C = -Σ_k y_k ln a_k the right δ is (Σ_k y_k) a - y, not a - y
    z, y = np.array([0.6, 0.2, 0.9]), np.array([1.0, 1.0, 0.0])
    e = np.exp(z)
    a = e / e.sum()
    np.testing.assert_allclose(a - y, [-0.6689, -0.7781, 0.4469], atol=1e-4)
    np.testing.assert_allclose(2 * a - y, [-0.3378, -0.5561, 0.8939], atol=1e-4)
    np.testing.assert_allclose(mp_delta_log_likelihood_softmax(z, y), 2 * a - y, rtol=1e-12)


# --- probability-vector targets: accepted on every path, and a - y is right for them --------

PROBABILITY_TARGETS = [
    np.array([0.9, 0.05, 0.05]),  # label smoothing
    np.array([0.2, 0.3, 0.5]),  # distillation
    np.array([0.0, 1.0, 0.0]),  # one-hot
    np.array([0.1, 0.2, 0.7]) * (1 + 1e-12),  # sums to 1 within rounding
]


@pytest.mark.parametrize("y", PROBABILITY_TARGETS)
def test_probability_targets_give_a_minus_y_on_every_path(y):
    z = np.array([1.5, -0.3, 0.4])
    e = np.exp(z)
    a = e / e.sum()
    expected = mp_delta_log_likelihood_softmax(z, y)
    np.testing.assert_allclose(expected, a - y, rtol=1e-11, atol=1e-12)  # the algebra of (84)
    paths = every_log_likelihood_path(z, y)
    np.testing.assert_allclose(paths["(37)"](), expected, rtol=1e-12, atol=1e-15)
    # (84) is a - y; it equals (37)'s (Σ_k y_k) a - y because the rule makes Σ_k y_k = 1
    np.testing.assert_allclose(paths["fused"](), a - y, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(paths["(36)"](), expected, rtol=1e-7, atol=1e-9)
    cost = -np.sum(y * np.log(a))
    assert paths["value"]() == pytest.approx(cost, rel=1e-14)
    assert paths["value_from_z"]() == pytest.approx(cost, rel=1e-14)
    assert paths["total_cost"]() == pytest.approx(cost, rel=1e-14)
    nabla_b, _ = paths["backprop"]()
    np.testing.assert_allclose(nabla_b[0][:, 0], expected, rtol=1e-12, atol=1e-15)
    paths["sgd"]()


@pytest.mark.parametrize("y", [np.array([0.3, 0.5, 0.2]), np.array([1.0, 0.0, 1.0]),
                               np.array([0.0, 0.0, 0.0])])
def test_cross_entropy_takes_any_targets_in_zero_one_on_every_path(y):
    z = np.array([0.7, -1.2, 2.0])
    a = 1.0 / (1.0 + np.exp(-z))
    cost = -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a))
    assert cross_entropy.value(a, y) == pytest.approx(cost, rel=1e-14)
    assert cross_entropy.value_from_z(z, y, sigmoid) == pytest.approx(cost, rel=1e-14)
    for fn in (bp1.output_error, bp1.output_error_fused, bp1.output_error_elementwise):
        np.testing.assert_allclose(fn(z, y, sigmoid, cross_entropy), a - y, rtol=1e-14)


@pytest.mark.parametrize("bad, message", [
    (np.array([1.2, 0.0, 0.0]), r"cross_entropy needs targets 0 <= (y|Y|train Y) <= 1 element-"),
    (np.array([-0.1, 0.5, 0.0]), r"cross_entropy needs targets 0 <= (y|Y|train Y) <= 1 element-"),
])
def test_cross_entropy_refuses_targets_outside_zero_one_on_every_path(bad, message):
    z = np.zeros(3)
    net = Network([3, 3], cost="cross_entropy")
    for call in (lambda: cross_entropy.value(np.full(3, 0.5), bad),
                 lambda: cross_entropy.grad(np.full(3, 0.5), bad),
                 lambda: bp1.output_error(z, bad, sigmoid, cross_entropy),
                 lambda: bp1.output_error_fused(z, bad, sigmoid, cross_entropy),
                 lambda: bp1.output_error_numeric(z, bad, sigmoid, cross_entropy),
                 lambda: net.backprop(z, bad),
                 lambda: net.sgd((z.reshape(3, 1), bad.reshape(3, 1)), 1, 1, 0.1)):
        with pytest.raises(ValueError, match=message):
            call()


def test_quadratic_takes_any_finite_real_target():
    z, y = np.array([0.3, -0.2]), np.array([-7.0, 12.5])
    a = 1.0 / (1.0 + np.exp(-z))
    np.testing.assert_allclose(bp1.output_error(z, y, sigmoid, quadratic), (a - y) * a * (1 - a),
                               rtol=1e-14)


@pytest.mark.parametrize("y, message", [
    (np.array([[0.5, 1.0], [0.5, 0.0], [0.1, 0.0]]), r"y column 0 sums to 1\.1"),
    (np.array([[0.5, 1.0], [0.5, 1.0]]), r"y column 1 sums to 2"),
    (np.array([0.5, 0.4]), r"y sums to 0\.9"),
    (np.array([1.5, -0.5]), r"targets y >= 0 .* smallest entry -0\.5"),
])
def test_check_targets_names_the_column_and_its_sum(y, message):
    with pytest.raises(ValueError, match=message):
        check_targets(y, "probability", "log_likelihood")


def test_check_targets_refuses_an_unknown_rule():
    with pytest.raises(ValueError, match=r"unknown target rule 'onehot'"):
        check_targets(np.zeros(2), "onehot", "log_likelihood")


# --- every other "use X instead", followed ----------------------------------------------------

def test_eq38_refuses_softmax_and_eq37_which_it_names_works():
    z, y = np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, 0.0])
    with pytest.raises(ValueError, match=r"Use output_error \(37\)"):
        bp1.output_error_elementwise(z, y, softmax, log_likelihood)
    e = np.exp(z)
    np.testing.assert_allclose(bp1.output_error(z, y, softmax, log_likelihood), e / e.sum() - y,
                               rtol=1e-14)


def test_fused_refuses_quadratic_and_eq37_which_it_names_works():
    z, y = np.array([0.5, -0.5]), np.array([1.0, 0.0])
    with pytest.raises(ValueError, match=r"use output_error \(37\)"):
        bp1.output_error_fused(z, y, sigmoid, quadratic)
    a = 1.0 / (1.0 + np.exp(-z))
    np.testing.assert_allclose(bp1.output_error(z, y, sigmoid, quadratic), (a - y) * a * (1 - a),
                               rtol=1e-14)


def test_softmax_prime_refusal_names_jacobian_and_vjp_which_work():
    z = np.array([0.1, 0.2])
    with pytest.raises(ValueError, match=r"softmax\.jacobian\(z\).*softmax\.vjp\(z, g\)"):
        softmax.prime(z)
    e = np.exp(z)
    a = e / e.sum()
    np.testing.assert_allclose(softmax.jacobian(z), np.diag(a) - np.outer(a, a), rtol=1e-14)
    np.testing.assert_allclose(softmax.vjp(z, np.array([1.0, 0.0])), a * ([1, 0] - a[0]),
                               rtol=1e-14)


def test_jacobian_of_a_batch_names_a_column_which_works():
    Z = np.array([[0.1, 0.5], [0.2, 0.7]])
    with pytest.raises(ValueError, match=r"take one column, e\.g\. z\[:, \[0\]\]"):
        softmax.jacobian(Z)
    assert softmax.jacobian(Z[:, [0]]).shape == (2, 2)


def test_a_tanh_output_with_a_log_cost_is_refused_and_the_named_outputs_work():
    with pytest.raises(ValueError, match=r"Use output_activation=\"sigmoid\" or \"softmax\""):
        Network([2, 2], activation="tanh", cost="cross_entropy")
    for output in ("sigmoid", "softmax"):
        Network([2, 2], activation="tanh", output_activation=output, cost="cross_entropy")
    z, y = np.array([0.5, -0.7]), np.array([1.0, 0.0])
    with pytest.raises(ValueError, match=r"tanh outputs are not probabilities in \(0, 1\); "
                                         r"use sigmoid or softmax outputs"):
        bp1.output_error(z, y, "tanh", "cross_entropy")
    assert np.all(np.isfinite(bp1.output_error(z, y, "sigmoid", "cross_entropy")))


def test_a_cross_entropy_output_at_exactly_one_from_a_names_the_z_based_ways_which_work():
    z, y = np.array([40.0, -3.0]), np.array([0.5, 0.0])
    a = 1.0 / (1.0 + np.exp(-z))
    assert a[0] == 1.0
    with pytest.raises(ValueError, match=r"cross_entropy\.value_from_z\(z, y, activation\)"):
        cross_entropy.value(a, y)
    with pytest.raises(ValueError, match=r"bp1\.output_error\(z, y, activation, cost\)"):
        cross_entropy.grad(a, y)
    # C_x = Σ_j y_j softplus(-z_j) + (1 - y_j) softplus(z_j), written with log1p
    softplus = lambda x: np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))  # noqa: E731
    cost = np.sum(y * softplus(-z) + (1 - y) * softplus(z))
    assert cross_entropy.value_from_z(z, y, sigmoid) == pytest.approx(cost, rel=1e-15)
    np.testing.assert_allclose(bp1.output_error(z, y, sigmoid, cross_entropy),
                               [0.5 - 1.0 / (1.0 + np.exp(40.0)), a[1]], rtol=1e-15)


# --- layout: one example per column --------------------------------------------------------

def test_a_batch_stored_one_example_per_row_needs_the_transpose():
    rows = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])  # 4 examples, 2 classes
    s = 1.0 / (1.0 + np.exp(-1.0))
    per_row = np.array([[0.5, 0.5], [1 - s, s], [s, 1 - s], [0.5, 0.5]])
    np.testing.assert_allclose(per_row, [[0.5, 0.5], [0.2689, 0.7311], [0.7311, 0.2689],
                                         [0.5, 0.5]], atol=1e-4)
    np.testing.assert_allclose(softmax(rows.T).T, per_row, rtol=1e-15)
    assert not np.allclose(softmax(rows), per_row)  # the wrong axis, silently: say so in docs
    for doc in (softmax.__call__.__doc__, softmax.vjp.__doc__, bp1.__doc__,
                Network.backprop.__doc__):
        assert "one example per column" in doc


def test_network_inputs_stored_one_example_per_row_get_a_hint_to_transpose():
    net = Network([2, 3, 2])
    X = np.zeros((5, 2))
    with pytest.raises(ValueError, match=r"X must have 2 rows \(one example per column\), got "
                                         r"shape \(5, 2\); it looks like one example per row: "
                                         r"pass X\.T"):
        net.feedforward(X)
    assert net.feedforward(X.T).shape == (2, 5)


def test_softmax_in_a_hidden_layer_is_refused_and_as_output_activation_works():
    with pytest.raises(ValueError, match=r"Use it as output_activation instead"):
        Network([3, 4, 2], activation="softmax")
    net = Network([3, 4, 2], activation="sigmoid", output_activation="softmax")
    np.testing.assert_allclose(net.feedforward(np.ones((3, 2))).sum(axis=0), 1.0, rtol=1e-15)


def test_an_overflow_says_try_a_smaller_eta_and_a_smaller_eta_trains():
    from nnhelpers.network import NonFiniteError
    X, Y = np.ones((2, 4)), np.zeros((1, 4))
    net = Network([2, 3, 1], activation="identity", output_activation="identity")
    net.weights = [np.full((3, 2), 1e300), np.full((1, 3), 1e300)]
    with np.errstate(over="ignore"), pytest.raises(NonFiniteError, match="try a smaller eta"):
        net.backprop(X, Y)
    big = Network([2, 3, 1], activation="identity", output_activation="identity")
    assert big.sgd((X, Y), 50, 2, 1e3, progress=False)["diverged"]
    small = Network([2, 3, 1], activation="identity", output_activation="identity")
    history = small.sgd((X, Y), 50, 2, 1e-2, progress=False)
    assert not history["diverged"] and history["train_cost"][-1] < history["train_cost"][0]


def test_symbolic_evaluate_asks_for_y_and_works_with_it():
    from nnhelpers import symbolic as S
    layer = S.output_layer(2, "softmax", "log_likelihood")
    with pytest.raises(ValueError, match=r"pass values for them \(y for the targets\)"):
        S.evaluate(layer, S.eq36(layer, 0), [0.5, -0.5])
    value = S.evaluate(layer, S.eq36(layer, 0), [0.5, -0.5], y=[1, 0])
    assert value == pytest.approx(1.0 / (1.0 + np.exp(-1.0)) - 1.0, rel=1e-15)


def test_a_missing_mnist_file_names_path_which_works(tmp_path):
    from nnhelpers import data
    with pytest.raises(FileNotFoundError, match=r"or pass path=\.\.\."):
        data.load_mnist(path=tmp_path / "absent.csv.gz")
    (X, _), _ = data.load_mnist(n_train=5, n_test=0, path=data.DEFAULT_PATH)
    assert X.shape == (784, 5)
