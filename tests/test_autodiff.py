"""nnhelpers.autodiff: each operation's local derivative, the `+=` of (37), δ^L for every
activation/cost pair, and a whole small network's gradients.

References are independent of the autodiff: central differences of plain float functions
written here, bp1.output_error_numeric with the complex step (the definition (36)),
bp1.output_error ((37) by a closed-form VJP), Network.backprop (BP1-BP4), and the softmax
Jacobian diag(a) - a aᵀ written out.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnhelpers import autodiff as ad
from nnhelpers import bp1
from nnhelpers.gradcheck import numerical_gradient, relative_error
from nnhelpers.network import Network

reals = st.floats(min_value=-3.0, max_value=3.0)
positives = st.floats(min_value=0.2, max_value=3.0)

# (name, function of Node or float arguments, strategy for the arguments)
OPERATIONS = [
    ("add", lambda u, v: u + v, (reals, reals)),
    ("sub", lambda u, v: u - v, (reals, reals)),
    ("rsub", lambda u, v: 2.0 - u * v, (reals, reals)),
    ("mul", lambda u, v: u * v, (reals, reals)),
    ("div", lambda u, v: u / v, (reals, positives)),
    ("rdiv", lambda u, v: 3.0 / (u * u + v), (reals, positives)),
    ("neg", lambda u, v: -u * v, (reals, reals)),
    ("pow", lambda u, v: (u * u + v) ** 0.5 + u**3, (reals, positives)),
]


def _central(f, args, h=1e-6):
    out = []
    for i in range(len(args)):
        up = list(args)
        down = list(args)
        up[i] += h
        down[i] -= h
        out.append((f(*up) - f(*down)) / (2 * h))
    return np.array(out)


def _autodiff(f, args):
    nodes = [ad.Node(x) for x in args]
    f(*nodes).backward()
    return np.array([v.grad for v in nodes])


@pytest.mark.parametrize("name, f, strategies", OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_binary_operations_against_central_differences(name, f, strategies):
    @given(*strategies)
    def check(u, v):
        got = _autodiff(f, (u, v))
        want = _central(f, [u, v])
        assert np.allclose(got, want, rtol=1e-6, atol=1e-7), (got, want)
    check()


@pytest.mark.parametrize("method, plain, values", [
    ("exp", math.exp, [-2.0, 0.0, 1.5]),
    ("log", math.log, [0.3, 1.0, 4.0]),
    ("tanh", math.tanh, [-2.0, 0.1, 1.0]),
    ("sigmoid", lambda t: 1.0 / (1.0 + math.exp(-t)), [-5.0, 0.0, 0.7, 5.0]),
])
def test_unary_operations_against_central_differences(method, plain, values):
    for u in values:
        node = ad.Node(u)
        out = getattr(node, method)()
        assert out.value == pytest.approx(plain(u), rel=1e-14)
        out.backward()
        assert node.grad == pytest.approx(_central(plain, [u])[0], rel=1e-7)


def test_sigmoid_does_not_overflow():
    for u, value in ((-1000.0, 0.0), (1000.0, 1.0)):
        node = ad.Node(u)
        out = node.sigmoid()
        out.backward()
        assert out.value == value and node.grad == 0.0


def test_a_node_used_twice_gets_the_sum():
    """The `+=`: every consumer of x adds its share (the Σ_k of (37))."""
    x = ad.Node(1.5)
    (x * x).backward()  # d(x²)/dx = 2x: x is both factors
    assert x.grad == 3.0
    x = ad.Node(1.5)
    (x + x + x).backward()
    assert x.grad == 3.0
    x = ad.Node(0.3)
    e = x.exp()
    (e * e + e).backward()  # e has two consumers: d/de (e² + e) = 2e + 1, times de/dx = e
    want = (2 * math.exp(0.3) + 1) * math.exp(0.3)
    assert x.grad == pytest.approx(want, rel=1e-14)
    assert e.grad == pytest.approx(2 * math.exp(0.3) + 1, rel=1e-14)


def test_backward_accumulates_over_calls():
    x = ad.Node(2.0)
    c = x * 3.0
    c.backward()
    c.backward()
    assert x.grad == 6.0  # documented: gradients accumulate


def test_a_long_chain_needs_no_recursion():
    x = ad.Node(1.0)
    y = x
    for _ in range(5000):
        y = y + 1.0
    y.backward()
    assert x.grad == 1.0 and y.value == 5001.0


def test_softmax_jacobian_found_by_autodiff():
    """Row k of J by backward from a_k alone equals a_k (1[k = j] - a_j), written out."""
    z = np.array([0.5, -1.0, 2.0, 0.0])
    a = np.exp(z) / np.exp(z).sum()
    for k in range(4):
        zs = ad.variables(z)
        ad.softmax(zs)[k].backward()
        want = [a[k] * ((1.0 if k == j else 0.0) - a[j]) for j in range(4)]
        assert np.allclose(ad.grads(zs), want, rtol=1e-13, atol=1e-16)


def test_softmax_of_large_logits_does_not_overflow():
    zs = ad.variables(np.array([1000.0, 0.0, -1000.0]))
    a = ad.softmax(zs)
    assert np.array_equal(ad.values(a), [1.0, 0.0, 0.0])


def test_softmax_normaliser_has_n_consumers():
    """S = Σ_i e^{z_i} feeds every a_k: its gradient is the sum of n terms."""
    zs = ad.variables(np.array([[0.1], [0.2], [0.3]]))
    a = ad.softmax(zs)
    s = a[0, 0].parents[1][0]  # a_0 = e_0 / S: the second parent is S
    assert all(any(u is s for u, _ in a_k.parents) for a_k in a.flat)


PAIRS = [(act, cost) for act in ("sigmoid", "softmax")
         for cost in ("quadratic", "cross_entropy", "log_likelihood")] + [("tanh", "quadratic"),
                                                                        ("identity", "quadratic")]


def _example(seed, n=4, m=3):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=2.0, size=(n, m))
    y = np.zeros((n, m))
    y[rng.integers(0, n, size=m), np.arange(m)] = 1.0
    return z, y


@pytest.mark.parametrize("activation, cost", PAIRS)
def test_output_error_by_autodiff_against_37_and_36(activation, cost):
    z, y = _example(1)
    delta = ad.output_error_by_autodiff(z, y, activation, cost)
    assert delta.shape == z.shape
    assert relative_error(delta, bp1.output_error(z, y, activation, cost)) < 1e-13
    numeric = bp1.output_error_numeric(z, y, activation, cost, method="complex")
    assert relative_error(delta, numeric) < 1e-13


@pytest.mark.parametrize("shape", [(3,), (3, 1)])
def test_output_error_by_autodiff_one_example(shape):
    z = np.array([1.0, -0.5, 0.25]).reshape(shape)
    y = np.array([0.0, 1.0, 0.0]).reshape(shape)
    delta = ad.output_error_by_autodiff(z, y, "softmax", "log_likelihood")
    a = np.exp(z) / np.exp(z).sum()
    assert delta.shape == shape
    assert np.allclose(delta, a - y, rtol=1e-13, atol=1e-16)  # Nielsen's (84)


@pytest.mark.parametrize("sizes, hidden, output, cost", [
    ([3, 4, 2], "sigmoid", "softmax", "log_likelihood"),
    ([2, 3, 3, 2], "sigmoid", "sigmoid", "quadratic"),
    ([3, 2, 3], "tanh", "sigmoid", "cross_entropy"),
])
def test_network_gradients_against_backprop_and_numeric(sizes, hidden, output, cost):
    net = Network(sizes, activation=hidden, output_activation=output, cost=cost, seed=3)
    rng = np.random.default_rng(4)
    X = rng.normal(size=(sizes[0], 5))
    Y = np.zeros((sizes[-1], 5))
    Y[rng.integers(0, sizes[-1], size=5), np.arange(5)] = 1.0
    nabla_b, nabla_w = ad.network_gradients(net, X, Y)
    ref_b, ref_w = net.backprop(X, Y)
    for got, want, param in zip(nabla_b + nabla_w, ref_b + ref_w, net.biases + net.weights,
                                strict=True):
        assert got.shape == param.shape
        assert relative_error(got, want) < 1e-12

    # and against central differences of the network's own cost, one parameter list at a time
    def cost_with(params, i, value):
        saved = params[i]
        params[i] = value
        try:
            return net.total_cost(X, Y)
        finally:
            params[i] = saved

    for i in range(len(net.weights)):
        num_w = numerical_gradient(lambda w, i=i: cost_with(net.weights, i, w), net.weights[i])
        num_b = numerical_gradient(lambda b, i=i: cost_with(net.biases, i, b), net.biases[i])
        assert relative_error(nabla_w[i], num_w) < 1e-7
        assert relative_error(nabla_b[i], num_b) < 1e-7


def test_mean_cost_is_the_mean_over_columns():
    a = np.array([[0.2, 0.6], [0.8, 0.4]])
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    want = 0.5 * ((0.2**2 + 0.2**2) + (0.4**2 + 0.4**2)) / 2
    assert ad.mean_cost(ad.variables(a), y, "quadratic").value == pytest.approx(want, rel=1e-14)
    want_ll = -(math.log(0.8) + math.log(0.6)) / 2
    assert ad.mean_cost(ad.variables(a), y, "log_likelihood").value == pytest.approx(want_ll)
    want_ce = -(math.log(0.8) + math.log(0.8) + math.log(0.6) + math.log(0.6)) / 2
    assert ad.mean_cost(ad.variables(a), y, "cross_entropy").value == pytest.approx(want_ce)


def test_matrix_product_of_node_arrays_against_a_loop():
    """network_gradients writes z = w @ a + b: numpy's @ on object arrays uses Node's + and *."""
    w = ad.variables(np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 3.0]]))
    x = ad.variables(np.array([[1.0, 0.0], [2.0, -1.0]]))
    out = w @ x
    assert np.array_equal(ad.values(out), [[5.0, -2.0], [0.0, -0.5], [6.0, -3.0]])
    out[0, 0].backward()
    assert np.array_equal(ad.grads(w), [[1.0, 2.0], [0.0, 0.0], [0.0, 0.0]])
    assert np.array_equal(ad.grads(x), [[1.0, 0.0], [2.0, 0.0]])


def test_sum_of_no_nodes_is_zero():
    assert ad.sum_nodes(np.array([], dtype=object)).value == 0.0


@pytest.mark.parametrize("call, error, words", [
    (lambda: ad.Node("1"), TypeError, "one real number"),
    (lambda: ad.Node(True), TypeError, "one real number"),
    (lambda: ad.Node(float("nan")), ValueError, "finite"),
    (lambda: ad.Node(-1.0).log(), ValueError, "positive"),
    (lambda: ad.Node(1.0) / 0.0, ZeroDivisionError, "division by zero"),
    (lambda: ad.Node(-1.0) ** 0.5, ValueError, "u > 0"),
    (lambda: ad.Node(710.0).exp(), OverflowError, "subtract the largest value"),
    (lambda: ad.Node(2.0) ** ad.Node(2.0), TypeError, "unsupported operand"),
    (lambda: ad.grads(np.array([1.0, 2.0])), TypeError, "array of Nodes"),
    (lambda: ad.sum_nodes(np.array([1.0, 2.0])), TypeError, "array of Nodes"),
    (lambda: ad.output_error_by_autodiff(np.ones(3), np.ones(3), "relu", "quadratic"),
     ValueError,
     "'softmax'"),
    (lambda: ad.output_error_by_autodiff(np.ones(3), np.ones(2), "sigmoid", "quadratic"),
     ValueError,
     "same shape"),
    (lambda: ad.output_error_by_autodiff(np.ones(3), np.ones(3), "sigmoid", "hinge"),
     ValueError,
     "unknown cost"),
    (lambda: ad.mean_cost(ad.variables(np.ones(2)), np.ones(3), "quadratic"), ValueError,
     "same shape"),
    (lambda: ad.mean_cost(ad.variables(np.full(2, 0.5)), np.ones(2), "log_likelihood"),
     ValueError, "probability vector"),
    (lambda: ad.network_gradients(Network([2, 2]), np.ones((3, 1)), np.ones((2, 1))),
     ValueError, "X must have 2 rows"),
    (lambda: ad.network_gradients(Network([2, 2]), np.ones((2, 1)), np.ones((3, 1))),
     ValueError, "same shape"),
])
def test_bad_input_is_refused(call, error, words):
    with pytest.raises(error, match=None) as info:
        call()
    assert words in str(info.value)


# --- notebook 09's exercises: the registry's answers against this module and bp1 ---

def test_exercise_answers_of_notebook_09():
    from nnhelpers import exercises
    zs = ad.variables(np.array(exercises.EX09_LN_Z).reshape(4, 1))
    centred = zs - ad.sum_nodes(zs) / 4.0
    s = (ad.sum_nodes(centred * centred) / 4.0) ** 0.5
    g = np.array(exercises.EX09_LN_G).reshape(4, 1)
    ad.sum_nodes(ad.variables(g) * (centred / s)).backward()  # ∂(gᵀa)/∂z = Jᵀg, g held fixed
    expected = exercises.expected("layer_norm_vjp_by_hand")
    assert relative_error(expected, ad.grads(zs)) < 1e-14
    # the closed form the notebook's last hint gives: (g - mean g - a (aᵀg)/n) / s
    z = np.array(exercises.EX09_LN_Z).reshape(4, 1)
    a = (z - z.mean()) / z.std()
    assert relative_error(expected, (g - g.mean() - a * (a.T @ g) / 4) / z.std()) < 1e-14

    zs = ad.variables(np.array(exercises.EX09_LN_Z).reshape(4, 1))
    centred = zs - ad.sum_nodes(zs) / 4.0
    s = (ad.sum_nodes(centred * centred) / 4.0) ** 0.5
    ad.mean_cost(centred / s, np.array(exercises.EX09_LN_Y).reshape(4, 1), "quadratic").backward()
    expected = exercises.expected("layer_norm_delta")
    assert relative_error(expected, ad.grads(zs)) < 1e-13

    expected = exercises.expected("logits_cross_entropy")
    logits = np.array(exercises.EX09_LOGITS)
    top = logits.max()
    logsumexp = top + np.log(np.sum(np.exp(logits - top)))
    assert expected == pytest.approx(logsumexp - logits[exercises.EX09_TRUE_CLASS], rel=1e-15)
