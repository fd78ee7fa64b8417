"""Network: backprop (BP1-BP4 on a mini-batch) against numerical gradients of the mean cost and
against a per-example reference written here in Nielsen's style; sgd; shapes; bad input.

The references in this file (forward pass, activations, costs, Jacobians, the per-example
loop) do not call nnhelpers, so a wrong formula in the package cannot hide behind itself.
"""

import re

import numpy as np
import pytest
import reference as ref

from nnhelpers import bp1
from nnhelpers.gradcheck import numerical_gradient, relative_error
from nnhelpers.network import Network, NonFiniteError

# --- independent references ---------------------------------------------


def ref_act(name, z):
    """σ(z), also for complex z (complex step); softmax per column."""
    if name == "sigmoid":
        return ref.sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.where(z.real > 0, z, 0.0)
    if name == "identity":
        return z
    if name == "softmax":
        return ref.softmax(z)
    raise AssertionError(name)


def ref_forward(weights, biases, X, hidden, output):
    zs, activations = [], [X]
    a = X
    for i, (w, b) in enumerate(zip(weights, biases, strict=True)):
        z = w @ a + b
        a = ref_act(output if i == len(weights) - 1 else hidden, z)
        zs.append(z)
        activations.append(a)
    return zs, activations


def ref_mean_cost(weights, biases, X, Y, hidden, output, cost):
    a = ref_forward(weights, biases, X, hidden, output)[1][-1]
    return np.mean(ref.cost(cost, a, Y))


def ref_backprop_one(weights, biases, x, y, hidden, output, cost):
    """Nielsen's per-example backprop for one column x, y, with BP1 written as (37)."""
    zs, activations = ref_forward(weights, biases, x, hidden, output)
    nabla_b = [None] * len(biases)
    nabla_w = [None] * len(weights)
    # (BP1) via (37): delta_j = Σ_k ∂C/∂a_k ∂a_k/∂z_j, with the Jacobian formed explicitly
    delta = ref.jacobian(output, zs[-1]).T @ ref.grad_a(cost, activations[-1], y)
    nabla_b[-1] = delta  # (BP3)
    nabla_w[-1] = delta @ activations[-2].T  # (BP4)
    for l in range(2, len(weights) + 1):
        delta = (weights[-l + 1].T @ delta) * ref.prime(hidden, zs[-l])  # (BP2)
        nabla_b[-l] = delta
        nabla_w[-l] = delta @ activations[-l - 1].T
    return nabla_b, nabla_w


def ref_numerical_gradients(net, X, Y, hidden, output, cost, method):
    """∂C/∂w and ∂C/∂b of the mean cost, entry by entry, with gradcheck.numerical_gradient."""
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases]
    nabla_w, nabla_b = [], []
    for params, out in ((weights, nabla_w), (biases, nabla_b)):
        for i in range(len(params)):
            original = params[i]

            def f(p, i=i, params=params):
                params[i] = p
                return ref_mean_cost(weights, biases, X, Y, hidden, output, cost)

            out.append(numerical_gradient(f, original, method=method))
            params[i] = original
    return nabla_b, nabla_w


def targets(cost, n, m, rng):
    if cost == "quadratic":
        return rng.uniform(-0.5, 1.5, (n, m))
    if cost == "cross_entropy":
        return rng.uniform(0, 1, (n, m))
    Y = np.zeros((n, m))
    Y[rng.integers(n, size=m), np.arange(m)] = 1.0
    return Y


def assert_gradients_close(got, expected, tol):
    for g, e in zip(got, expected, strict=True):
        assert g.shape == e.shape
        assert relative_error(g, e) < tol, relative_error(g, e)


# (sizes, hidden, output, cost); each is valid in its cost's domain
CONFIGS = [
    ([3, 4, 2], "sigmoid", "sigmoid", "quadratic"),
    ([3, 4, 2], "sigmoid", "sigmoid", "cross_entropy"),  # default δ: fused a - y
    ([3, 4, 2], "tanh", "softmax", "log_likelihood"),  # default δ: fused a - y
    ([3, 4, 2], "relu", "identity", "quadratic"),
    ([3, 4, 2], "tanh", "sigmoid", "log_likelihood"),  # δ by (37)
    ([2, 3, 3, 4], "sigmoid", "softmax", "quadratic"),
    ([2, 3, 3, 4], "tanh", "softmax", "cross_entropy"),
    ([2, 3, 3, 4], "identity", "sigmoid", "cross_entropy"),
    ([2, 3, 3, 4], "sigmoid", "softmax", "log_likelihood"),
    ([2, 3, 3, 4], "relu", "tanh", "quadratic"),
    ([4, 3], "sigmoid", "softmax", "log_likelihood"),  # no hidden layer
]
CONFIG_IDS = ["-".join(map(str, c[0])) + f"-{c[1]}-{c[2]}-{c[3]}" for c in CONFIGS]


def make(config, seed=0, **kwargs):
    sizes, hidden, output, cost = config
    net = Network(sizes, activation=hidden, output_activation=output, cost=cost, seed=seed,
                  **kwargs)
    rng = np.random.default_rng(seed + 100)
    m = 5
    X = rng.uniform(-1, 1, (sizes[0], m))
    Y = targets(cost, sizes[-1], m, rng)
    return net, X, Y


# --- backprop against the numerical gradient of the mean cost ---

@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
def test_backprop_equals_numerical_gradient_of_the_mean_cost(config):
    sizes, hidden, output, cost = config
    for seed in (0, 1):
        net, X, Y = make(config, seed)
        nabla_b, nabla_w = net.backprop(X, Y)
        # relu's kink rules out the complex step; central differences are fine away from it
        method = "central" if "relu" in (hidden, output) else "complex"
        tol = 1e-7 if method == "central" else 1e-12
        num_b, num_w = ref_numerical_gradients(net, X, Y, hidden, output, cost, method)
        assert_gradients_close(nabla_w, num_w, tol)
        assert_gradients_close(nabla_b, num_b, tol)
        if method == "complex":  # central differences agree too (the reference is sound)
            cd_b, cd_w = ref_numerical_gradients(net, X, Y, hidden, output, cost, "central")
            assert_gradients_close(num_w, cd_w, 1e-7)
            assert_gradients_close(num_b, cd_b, 1e-7)


FUSED_CONFIGS = [c for c in CONFIGS if (c[2], c[3]) in bp1.FUSED_PAIRS]


@pytest.mark.parametrize("config", FUSED_CONFIGS, ids=[CONFIG_IDS[CONFIGS.index(c)]
                                                       for c in FUSED_CONFIGS])
def test_backprop_with_the_fused_delta_agrees_with_the_default_eq37(config):
    net, X, Y = make(config)
    assert net.output_error is bp1.output_error  # (37), the default
    fused, _, _ = make(config, output_error=bp1.output_error_fused)
    for a, b in zip(sum(net.backprop(X, Y), []), sum(fused.backprop(X, Y), []), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("config", [c for c in CONFIGS if c[2] != "softmax"],
                         ids=[i for c, i in zip(CONFIGS, CONFIG_IDS, strict=True)
                              if c[2] != "softmax"])
def test_diagonal_only_delta_is_right_for_elementwise_outputs(config):
    net, X, Y = make(config, output_error=bp1.output_error_diagonal_only)
    reference, _, _ = make(config)
    for a, b in zip(sum(net.backprop(X, Y), []), sum(reference.backprop(X, Y), []),
                    strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-14)


# Measured over seeds 0..49 of make(config, seed): the smallest relative error of the
# diagonal-only gradient of the output layer's weights is 0.37 (tanh-softmax-ll), 0.18
# (sigmoid-softmax-quadratic), 0.29 (tanh-softmax-ce), 0.32 (sigmoid-softmax-ll); of the first
# layer's weights 0.15, 0.08, 0.04, 0.05. Thresholds sit below those and far above round-off.
@pytest.mark.parametrize("config", [
    ([3, 4, 2], "tanh", "softmax", "log_likelihood"),
    ([2, 3, 3, 4], "sigmoid", "softmax", "quadratic"),
    ([2, 3, 3, 4], "tanh", "softmax", "cross_entropy"),
    ([2, 3, 3, 4], "sigmoid", "softmax", "log_likelihood"),
], ids=["tanh-softmax-ll", "sigmoid-softmax-quadratic", "tanh-softmax-ce", "sigmoid-softmax-ll"])
def test_diagonal_only_delta_gives_a_wrong_gradient_for_softmax(config):
    sizes, hidden, output, cost = config
    for seed in range(5):
        net, X, Y = make(config, seed, output_error=bp1.output_error_diagonal_only)
        nabla_b, nabla_w = net.backprop(X, Y)
        num_b, num_w = ref_numerical_gradients(net, X, Y, hidden, output, cost, "complex")
        assert relative_error(nabla_w[-1], num_w[-1]) > 0.1
        assert relative_error(nabla_b[-1], num_b[-1]) > 0.1
        assert relative_error(nabla_w[0], num_w[0]) > 0.02  # and BP2 carries the error back


# --- backprop against the per-example algorithm ----------------------------------------------

@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
def test_backprop_of_one_column_is_nielsens_per_example_backprop(config):
    sizes, hidden, output, cost = config
    net, X, Y = make(config)
    for i in range(X.shape[1]):
        x, y = X[:, [i]], Y[:, [i]]
        nabla_b, nabla_w = net.backprop(x, y)
        ref_b, ref_w = ref_backprop_one(net.weights, net.biases, x, y, hidden, output, cost)
        assert_gradients_close(nabla_w, ref_w, 1e-12)
        assert_gradients_close(nabla_b, ref_b, 1e-12)
    # a single example may also be given as 1-d vectors
    nb1, nw1 = net.backprop(X[:, 0], Y[:, 0])
    nb2, nw2 = net.backprop(X[:, [0]], Y[:, [0]])
    for a, b in zip(nb1 + nw1, nb2 + nw2, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
@pytest.mark.parametrize("m", [1, 2, 7])
def test_backprop_of_m_columns_is_the_mean_of_m_per_example_gradients(config, m):
    sizes, hidden, output, cost = config
    net = Network(sizes, activation=hidden, output_activation=output, cost=cost, seed=3)
    rng = np.random.default_rng(m)
    X = rng.uniform(-1, 1, (sizes[0], m))
    Y = targets(cost, sizes[-1], m, rng)
    nabla_b, nabla_w = net.backprop(X, Y)
    per_example = [ref_backprop_one(net.weights, net.biases, X[:, [i]], Y[:, [i]], hidden,
                                    output, cost) for i in range(m)]
    for layer in range(len(sizes) - 1):
        mean_b = sum(g[0][layer] for g in per_example) / m
        mean_w = sum(g[1][layer] for g in per_example) / m
        assert nabla_b[layer].shape == net.biases[layer].shape
        assert nabla_w[layer].shape == net.weights[layer].shape
        assert relative_error(nabla_b[layer], mean_b) < 1e-12
        assert relative_error(nabla_w[layer], mean_w) < 1e-12


def test_backprop_is_finite_for_saturated_softmax_with_the_fused_delta():
    net = Network([3, 4, 3], activation="sigmoid", output_activation="softmax",
                  cost="log_likelihood", seed=0)
    net.weights = [w * 1e4 for w in net.weights]  # logits of order 1e4: a_y underflows to 0
    X = np.array([[1.0, -1.0], [0.5, 0.2], [-1.0, 1.0]])
    Y = np.eye(3)[:, [0, 2]]
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        nabla_b, nabla_w = net.backprop(X, Y)
    for g in nabla_b + nabla_w:
        assert np.all(np.isfinite(g))
    # δ^L = a - y: each column of the output-layer δ sums to 0, so Σ_j ∂C/∂b_j = 0
    assert abs(nabla_b[-1].sum()) < 1e-12


# --- feedforward, shapes, initialisation ---------------------------------------------

@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
def test_feedforward_matches_the_reference_forward_pass(config):
    sizes, hidden, output, _ = config
    net, X, _ = make(config)
    expected = ref_forward(net.weights, net.biases, X, hidden, output)[1][-1]
    np.testing.assert_allclose(net.feedforward(X), expected, rtol=1e-14, atol=1e-15)
    one = net.feedforward(X[:, 0])
    assert one.shape == (sizes[-1], 1)
    np.testing.assert_allclose(one[:, 0], expected[:, 0], rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("sizes", [[784, 30, 10], [3, 4, 2], [2, 3, 3, 4], [5, 1]])
def test_weights_and_biases_have_nielsens_shapes(sizes):
    net = Network(sizes)
    assert net.num_layers == len(sizes)
    assert [w.shape for w in net.weights] == [(sizes[i + 1], sizes[i])
                                             for i in range(len(sizes) - 1)]
    assert [b.shape for b in net.biases] == [(n, 1) for n in sizes[1:]]
    assert all(p.dtype == np.float64 for p in net.weights + net.biases)
    assert net.feedforward(np.zeros((sizes[0], 3))).shape == (sizes[-1], 3)


@pytest.mark.parametrize("weight_init, weight_std", [("scaled", lambda n_in: 1 / np.sqrt(n_in)),
                                                     ("standard", lambda n_in: 1.0)])
def test_weight_init_options(weight_init, weight_std):
    net = Network([400, 300, 100], weight_init=weight_init, seed=7)
    for w, n_in in zip(net.weights, [400, 300], strict=True):
        # 120 000 and 30 000 draws: the sample std is within 2 % of the true one
        assert np.std(w) == pytest.approx(weight_std(n_in), rel=0.02)
        assert abs(np.mean(w)) < 0.02 * weight_std(n_in)
    for b in net.biases:
        assert np.std(b) == pytest.approx(1.0, rel=0.2)  # N(0, 1) in both schemes


def test_initialisation_is_deterministic_per_seed():
    a, b, c = Network([3, 4, 2], seed=5), Network([3, 4, 2], seed=5), Network([3, 4, 2], seed=6)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases, strict=True):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_weights_and_biases_are_assignable():
    net = Network([2, 2, 1], activation="identity")
    net.weights = [np.eye(2), np.array([[1.0, 2.0]])]
    net.biases = [np.zeros((2, 1)), np.array([[0.5]])]
    np.testing.assert_allclose(net.feedforward(np.array([[1.0], [1.0]])), [[3.5]])


def test_evaluate_and_total_cost():
    net = Network([2, 2], activation="identity", cost="quadratic")
    net.weights = [np.array([[1.0, 0.0], [0.0, 1.0]])]
    net.biases = [np.zeros((2, 1))]
    X = np.array([[2.0, 0.0, 1.0], [1.0, 3.0, 5.0]])
    assert net.evaluate(X, np.array([0, 1, 0])) == 2
    Y = np.zeros((2, 3))
    assert net.total_cost(X, Y) == pytest.approx(np.mean([2.5, 4.5, 13.0]))
    # with L2: + λ/(2n) Σ w², n = 3 columns
    assert net.total_cost(X, Y, lmbda=0.6) == pytest.approx(np.mean([2.5, 4.5, 13.0]) + 0.2)


def test_repr_names_the_parts():
    r = repr(Network([3, 2], activation="tanh", output_activation="softmax",
                     cost="log_likelihood"))
    assert "[3, 2]" in r and "tanh" in r and "softmax" in r and "log_likelihood" in r


# --- sgd ---------------------------------------------

def blobs(n=120, seed=0):
    """Two classes in the plane, split by the line x0 + x1 = 0; one-hot targets and labels."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (2, n))
    labels = (X[0] + X[1] > 0).astype(np.int64)
    return X, np.eye(2)[:, labels], labels


@pytest.mark.parametrize("hidden, output, cost", [("sigmoid", "sigmoid", "quadratic"),
                                                  ("sigmoid", "softmax", "log_likelihood"),
                                                  ("tanh", "sigmoid", "cross_entropy")])
def test_sgd_lowers_the_cost(hidden, output, cost):
    X, Y, labels = blobs()
    net = Network([2, 6, 2], activation=hidden, output_activation=output, cost=cost, seed=1)
    before = net.total_cost(X, Y)
    history = net.sgd((X, Y), epochs=15, mini_batch_size=10, eta=1.0, test=(X, labels),
                      progress=False)
    assert history["epoch"] == list(range(1, 16))
    assert len(history["train_cost"]) == 15
    assert history["diverged"] is False
    assert history["train_cost"][-1] < 0.6 * before
    assert history["train_cost"][-1] == pytest.approx(net.total_cost(X, Y))
    assert history["test_accuracy"][-1] > 0.9
    assert all(0 <= acc <= 1 for acc in history["test_accuracy"])


def test_sgd_is_deterministic_for_a_seed():
    X, Y, labels = blobs()
    runs = []
    for _ in range(2):
        net = Network([2, 5, 2], output_activation="softmax", cost="log_likelihood", seed=3)
        history = net.sgd((X, Y), epochs=4, mini_batch_size=7, eta=0.5, test=(X, labels),
                          seed=11, progress=False)
        runs.append((history, net))
    (h1, n1), (h2, n2) = runs
    assert h1 == h2  # identical floats, not just close
    for p, q in zip(n1.weights + n1.biases, n2.weights + n2.biases, strict=True):
        np.testing.assert_array_equal(p, q)
    # another shuffling seed gives another path
    n3 = Network([2, 5, 2], output_activation="softmax", cost="log_likelihood", seed=3)
    n3.sgd((X, Y), epochs=4, mini_batch_size=7, eta=0.5, seed=12, progress=False)
    assert not np.array_equal(n1.weights[0], n3.weights[0])


@pytest.mark.parametrize("lmbda", [0.0, 2.0])
def test_one_full_batch_sgd_step_is_w_minus_eta_grad(lmbda):
    """With the mini-batch = the whole training set, one epoch is one step
    w -> (1 - ηλ/n) w - η ∂C/∂w and b -> b - η ∂C/∂b, with the reference gradient."""
    X, Y, _ = blobs(n=9)
    net = Network([2, 3, 2], activation="tanh", output_activation="softmax",
                  cost="log_likelihood", seed=2)
    w0 = [w.copy() for w in net.weights]
    b0 = [b.copy() for b in net.biases]
    grads = [ref_backprop_one(w0, b0, X[:, [i]], Y[:, [i]], "tanh", "softmax", "log_likelihood")
             for i in range(9)]
    eta, n = 0.3, 9
    net.sgd((X, Y), epochs=1, mini_batch_size=9, eta=eta, lmbda=lmbda, progress=False)
    for layer in range(2):
        mean_w = sum(g[1][layer] for g in grads) / n
        mean_b = sum(g[0][layer] for g in grads) / n
        np.testing.assert_allclose(net.weights[layer],
                                   (1 - eta * lmbda / n) * w0[layer] - eta * mean_w, rtol=1e-12)
        np.testing.assert_allclose(net.biases[layer], b0[layer] - eta * mean_b, rtol=1e-12)


def test_sgd_regularisation_shrinks_the_weights():
    X, Y, _ = blobs()
    plain = Network([2, 8, 2], seed=4)
    decayed = Network([2, 8, 2], seed=4)
    plain.sgd((X, Y), epochs=5, mini_batch_size=10, eta=0.5, progress=False)
    h = decayed.sgd((X, Y), epochs=5, mini_batch_size=10, eta=0.5, lmbda=5.0, progress=False)
    norm = lambda net: sum(float(np.sum(w * w)) for w in net.weights)  # noqa: E731
    assert norm(decayed) < 0.9 * norm(plain)
    assert h["train_cost"][-1] == pytest.approx(decayed.total_cost(X, Y, lmbda=5.0))


def test_sgd_prints_one_line_per_epoch_only_when_asked(capsys):
    X, Y, labels = blobs(n=20)
    Network([2, 3, 2], seed=0).sgd((X, Y), epochs=3, mini_batch_size=5, eta=0.1,
                                   test=(X, labels))
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    assert re.fullmatch(r"Epoch 1/3: training cost \d+\.\d{4}, test accuracy \d+\.\d%", lines[0])
    Network([2, 3, 2], seed=0).sgd((X, Y), epochs=3, mini_batch_size=5, eta=0.1,
                                   progress=False)
    assert capsys.readouterr().out == ""


def test_sgd_without_a_test_set_records_none():
    X, Y, _ = blobs(n=20)
    h = Network([2, 3, 2]).sgd((X, Y), epochs=2, mini_batch_size=20, eta=0.1, progress=False)
    assert h["test_accuracy"] == [None, None]


def test_sgd_runs_when_a_sigmoid_output_saturates_on_its_target():
    """σ(40) == 1.0 in float64; with y = 1 the cross-entropy is 0, and a - y trains on."""
    X, Y = np.array([[1.0], [1.0]]), np.array([[1.0], [0.0]])
    net = Network([2, 2], cost="cross_entropy")
    net.weights, net.biases = [np.array([[40.0, 0.0], [0.0, -1.0]])], [np.zeros((2, 1))]
    assert net.feedforward(X)[0, 0] == 1.0
    before = net.total_cost(X, Y)  # only the second output contributes: -ln(1 - σ(-1))
    assert before == pytest.approx(-np.log(1 - 1 / (1 + np.exp(1.0))), rel=1e-12)
    h = net.sgd((X, Y), epochs=2, mini_batch_size=1, eta=0.1, progress=False)
    assert h["diverged"] is False
    assert h["train_cost"][1] < h["train_cost"][0] < before


# Too large a step: the weights grow until the cost overflows (identity, eta 100), a weighted
# input z overflows while the weights are still finite (identity, eta 1 or 1e4), or the
# weights themselves stop being finite. Each must end in "diverged", not in an exception.
@pytest.mark.parametrize("hidden, eta", [("identity", 1.0), ("identity", 100.0),
                                         ("identity", 1e4), ("relu", 100.0), ("tanh", 100.0),
                                         ("sigmoid", 1e4)])
def test_sgd_stops_and_says_so_when_training_diverges(capsys, hidden, eta):
    rng = np.random.default_rng(0)
    X, Y = rng.uniform(-1, 1, (2, 40)), rng.normal(size=(1, 40))
    net = Network([2, 3, 1], activation=hidden, output_activation="identity",
                  weight_init="standard")
    h = net.sgd((X, Y), epochs=50, mini_batch_size=10, eta=eta, test=(X, np.zeros(40, int)))
    assert h["diverged"] is True
    assert len(h["epoch"]) < 50
    assert not np.isfinite(h["train_cost"][-1])
    assert h["test_accuracy"][-1] is None
    assert "Stopped after epoch" in capsys.readouterr().out


# --- bad input ---------------------------------------------

@pytest.mark.parametrize("sizes", [[3], [], [3, 0], [3, -2], [3, 2.5], "34", None, [3, "2"], 784,
                                   [3, True]],
                         ids=["one", "empty", "zero", "negative", "float", "str", "None", "strsize",
                              "int", "bool"])
def test_bad_sizes_are_refused(sizes):
    with pytest.raises(ValueError, match=r"sizes must be a list of at least two positive "
                                         r"integers, e\.g\. \[784, 30, 10\]; got"):
        Network(sizes)


@pytest.mark.parametrize(
    "kwargs, exc, message",
    [
        ({"activation": "sigmod"}, ValueError, r"unknown activation 'sigmod'"),
        ({"output_activation": "softmx"}, ValueError, r"unknown activation 'softmx'"),
        ({"cost": "mse"}, ValueError, r"unknown cost 'mse'; expected one of"),
        ({"weight_init": "xavier"}, ValueError,
         r"unknown weight_init 'xavier'; expected one of \['scaled', 'standard'\]"),
        ({"activation": "softmax"}, ValueError,
         r"hidden layers need an element-wise activation \(BP2 uses σ'\(z\)\); got softmax"),
        ({"output_error": "fused"}, TypeError, r"output_error must be a function, got str"),
    ],
)
def test_bad_options_are_refused(kwargs, exc, message):
    with pytest.raises(exc, match=message):
        Network([3, 4, 2], **kwargs)


def test_softmax_is_fine_as_the_only_layer():
    net = Network([3, 2], activation="softmax", cost="log_likelihood")
    np.testing.assert_allclose(net.feedforward(np.ones((3, 4))).sum(axis=0), 1.0)


@pytest.mark.parametrize(
    "X, Y, exc, message",
    [
        (np.zeros((4, 2)), np.zeros((2, 2)), ValueError,
         r"X must have 3 rows \(one example per column\), got shape \(4, 2\)"),
        (np.zeros((3, 2)), np.zeros((2, 3)), ValueError,
         r"Y must have shape \(2, 2\) \(one example per column, matching X\), got \(2, 3\)"),
        (np.zeros((3, 2)), np.zeros((3, 2)), ValueError, r"Y must have shape \(2, 2\)"),
        (np.zeros(3), np.zeros(3), ValueError, r"Y must have shape \(2, 1\)"),
        (np.full((3, 1), np.nan), np.zeros((2, 1)), ValueError, r"X contains NaN or infinity"),
        (np.zeros((3, 1)), np.array([[np.inf], [0]]), ValueError, r"Y contains NaN or infinity"),
        ("x", np.zeros((2, 1)), TypeError, r"X must be a numeric array, got str"),
        (np.zeros((3, 1)), "y", TypeError, r"Y must be a numeric array, got str"),
        (np.zeros((3, 1, 1)), np.zeros((2, 1)), ValueError, r"X must have shape"),
        (np.zeros((3, 1)) + 0j, np.zeros((2, 1)), TypeError, r"X must be real"),
    ],
    ids=["X-rows", "Y-cols", "Y-rows", "1d-Y", "nan-X", "inf-Y", "str-X", "str-Y", "3d-X",
         "complex-X"],
)
def test_backprop_refuses_bad_input(X, Y, exc, message):
    net = Network([3, 4, 2])
    with pytest.raises(exc, match=message):
        net.backprop(X, Y)


def test_feedforward_refuses_wrong_number_of_rows():
    with pytest.raises(ValueError, match=r"X must have 3 rows \(one example per column\), got "
                                         r"shape \(2, 5\)"):
        Network([3, 2]).feedforward(np.zeros((2, 5)))


def test_wrongly_shaped_assigned_weights_are_refused():
    net = Network([3, 4, 2])
    net.weights[0] = net.weights[0].T
    with pytest.raises(ValueError,
                       match=r"weights\[0\] \(w²\) must have shape \(4, 3\), got \(3, 4\)"):
        net.feedforward(np.zeros((3, 1)))
    net = Network([3, 4, 2])
    net.biases[1] = np.zeros(2)
    with pytest.raises(ValueError,
                       match=r"biases\[1\] \(b³\) must have shape \(2, 1\), got \(2,\)"):
        net.backprop(np.zeros((3, 1)), np.zeros((2, 1)))


def test_fused_delta_is_refused_for_a_pair_it_does_not_hold_for():
    with pytest.raises(ValueError, match=r"δ = a - y holds only for softmax\+log_likelihood and "
                                         r"sigmoid\+cross_entropy, not for sigmoid \+ quadratic"):
        Network([3, 2], cost="quadratic", output_error=bp1.output_error_fused)
    with pytest.raises(ValueError, match=r"\(38\) needs an element-wise activation"):
        Network([3, 2], output_activation="softmax", output_error=bp1.output_error_elementwise)


def test_non_finite_or_missing_parameters_are_refused():
    net = Network([3, 4, 2])
    net.weights[1][0, 0] = np.nan
    with pytest.raises(ValueError, match=r"weights\[1\] or biases\[1\] contain NaN or "
                                         r"infinity"):
        net.backprop(np.zeros((3, 1)), np.zeros((2, 1)))
    net = Network([3, 4, 2])
    net.weights = net.weights[:1]
    with pytest.raises(ValueError, match=r"weights and biases must be lists of 2 arrays"):
        net.feedforward(np.zeros((3, 1)))


@pytest.mark.parametrize(
    "labels, message",
    [(np.array([0, 1]), r"labels must be 3 integers, one per column of X; got shape \(2,\)"),
     (np.array([0.0, 1.0, 1.0]), r"labels must be 3 integers.*dtype float64"),
     (np.array([[0, 1, 1]]), r"labels must be 3 integers.*shape \(1, 3\)")],
)
def test_evaluate_refuses_bad_labels(labels, message):
    with pytest.raises(ValueError, match=message):
        Network([3, 2]).evaluate(np.zeros((3, 3)), labels)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"epochs": 0}, r"epochs must be an integer at least 1, got 0"),
        ({"epochs": 2.0}, r"epochs must be an integer, got float 2\.0"),
        ({"mini_batch_size": 0}, r"mini_batch_size must be an integer at least 1, got 0"),
        ({"mini_batch_size": "10"}, r"mini_batch_size must be an integer, got str '10'"),
        ({"eta": 0.0}, r"eta must be a positive number, got 0\.0"),
        ({"eta": -0.1}, r"eta must be a positive number, got -0\.1"),
        ({"eta": np.nan}, r"eta must be a positive number, got nan"),
    ],
)
def test_sgd_refuses_bad_settings(kwargs, message):
    X, Y, _ = blobs(n=10)
    args = {"epochs": 1, "mini_batch_size": 5, "eta": 0.1, "progress": False} | kwargs
    with pytest.raises((ValueError, TypeError), match=message):
        Network([2, 3, 2]).sgd((X, Y), **args)


def test_sgd_refuses_mismatched_training_data():
    X, Y, _ = blobs(n=10)
    net = Network([2, 3, 2])
    with pytest.raises(ValueError, match=r"train Y must have shape \(2, 10\) \(one example per "
                                         r"column, matching X\), got \(2, 9\)"):
        net.sgd((X, Y[:, :9]), epochs=1, mini_batch_size=5, eta=0.1, progress=False)
    with pytest.raises(ValueError, match=r"train X must have 2 rows"):
        net.sgd((X.T, Y), epochs=1, mini_batch_size=5, eta=0.1, progress=False)
    with pytest.raises(ValueError, match=r"train Y must have shape \(n, m\), got shape \(10,\)"):
        net.sgd((X, Y[0]), epochs=1, mini_batch_size=5, eta=0.1, progress=False)


def test_overflowing_weights_raise_a_clear_error_not_a_silent_inf():
    net = Network([2, 3, 1], activation="identity", output_activation="identity")
    net.weights = [np.full((3, 2), 1e300), np.full((1, 3), 1e300)]
    X = np.ones((2, 4))
    with np.errstate(over="ignore"), pytest.raises(NonFiniteError, match="no longer finite"):
        net.feedforward(X)
    with np.errstate(over="ignore"), pytest.raises(ValueError, match="smaller eta"):
        net.backprop(X, np.zeros((1, 4)))


def test_sgd_without_monitoring_the_cost_trains_the_same_weights(capsys):
    rng = np.random.default_rng(3)
    X, labels = rng.uniform(0, 1, (4, 30)), rng.integers(0, 3, 30)
    Y = np.eye(3)[:, labels]
    nets = [Network([4, 5, 3], seed=1) for _ in range(2)]
    monitored = nets[0].sgd((X, Y), 3, 7, 0.5, test=(X, labels), progress=False)
    quiet = nets[1].sgd((X, Y), 3, 7, 0.5, test=(X, labels), monitor_training_cost=False)
    for w, v in zip(nets[0].weights + nets[0].biases, nets[1].weights + nets[1].biases,
                    strict=True):
        np.testing.assert_array_equal(w, v)
    assert quiet["train_cost"] == [None, None, None]
    assert all(c > 0 for c in monitored["train_cost"])
    assert quiet["test_accuracy"] == monitored["test_accuracy"]
    assert "training cost" not in capsys.readouterr().out


def test_sgd_never_changes_the_callers_arrays():
    rng = np.random.default_rng(4)
    X, Y = rng.uniform(0, 1, (3, 20)), rng.uniform(0, 1, (2, 20))
    net = Network([3, 4, 2], seed=2)
    held = net.weights + net.biases
    before = [p.copy() for p in held]
    net.sgd((X, Y), 2, 5, 1.0, progress=False)
    for p, q in zip(held, before, strict=True):
        np.testing.assert_array_equal(p, q)
    assert not any(np.array_equal(p, q) for p, q in zip(net.weights, before, strict=False))


def test_backprop_by_37_is_right_for_a_saturated_cross_entropy_output():
    # a = σ(50) rounds to 1 = y: ∂C/∂a = (a - y)/(a(1 - a)) cannot be formed from a, but
    # δ = a - y = -σ(-50) = -e^{-50}/(1 + e^{-50}), taken from z, can
    net = Network([1, 1], cost="cross_entropy", output_error=bp1.output_error)
    net.weights, net.biases = [np.array([[50.0]])], [np.array([[0.0]])]
    nabla_b, nabla_w = net.backprop(np.array([[1.0]]), np.array([[1.0]]))
    expected = -np.exp(-50.0) / (1.0 + np.exp(-50.0))
    assert nabla_b[0][0, 0] == pytest.approx(expected, rel=1e-14)
    assert nabla_w[0][0, 0] == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("lmbda", [-0.1, np.nan, "0.1", True])
def test_sgd_refuses_a_bad_regularisation_parameter(lmbda):
    X, Y, _ = blobs(n=10)
    with pytest.raises(ValueError, match=r"lmbda must be a non-negative number, got"):
        Network([2, 3, 2]).sgd((X, Y), 1, 5, 0.1, lmbda=lmbda, progress=False)


def test_complex_step_through_total_cost_keeps_the_imaginary_part():
    # one sigmoid neuron, w = 0.5, b = 0, x = 1, y = 0, quadratic cost: C = σ(w)²/2 and
    # ∂C/∂w = σ(0.5)² (1 - σ(0.5)) = 0.14628025352695761 (closed form, not the package)
    net = Network([1, 1], cost="quadratic")
    net.weights, net.biases = [np.array([[0.5]])], [np.array([[0.0]])]

    def cost_of(w, lmbda=0.0):
        net.weights = [w]
        return net.total_cost([[1.0]], [[0.0]], lmbda=lmbda)

    assert isinstance(cost_of(np.array([[0.5 + 1e-20j]])), complex)
    assert isinstance(cost_of(np.array([[0.5]])), float)
    grad = numerical_gradient(cost_of, [[0.5]], method="complex")
    assert grad[0, 0] == pytest.approx(0.14628025352695761, rel=1e-15)
    # with L2 (n = m = 1): + λ w, here 0.3 · 0.5
    grad = numerical_gradient(lambda w: cost_of(w, lmbda=0.3), [[0.5]], method="complex")
    assert grad[0, 0] == pytest.approx(0.14628025352695761 + 0.15, rel=1e-15)
