"""nnhelpers.symbolic: sympy's (36), (37), (38) against numpy's nnhelpers and against each other."""

import numpy as np
import pytest
import sympy as sp

from nnhelpers import activations, bp1
from nnhelpers import symbolic as S

# tanh outputs can be negative, outside the domain of the two logarithmic costs
PAIRS = ([(a, c) for a in ("sigmoid", "softmax") for c in S.SUPPORTED_COSTS]
         + [("tanh", "quadratic")])


def _point(n, cost, seed):
    """A random logit vector z and a target y that suits the cost."""
    rng = np.random.default_rng(seed)
    z = rng.normal(0.0, 1.5, size=n)
    if cost == "log_likelihood":
        y = np.zeros(n)
        y[rng.integers(n)] = 1.0
    else:
        y = rng.uniform(0.0, 1.0, size=n)
    return z, y


@pytest.mark.parametrize(("activation", "cost"), PAIRS)
def test_eq36_and_eq37_agree_with_numpy_at_random_points(activation, cost):
    n = 3
    layer = S.output_layer(n, activation, cost)
    for seed in range(3):
        z, y = _point(n, cost, seed)
        numpy_delta = bp1.output_error(z, y, activation, cost)
        complex_step = bp1.output_error_numeric(z, y, activation, cost, method="complex")
        for j in range(n):
            d36 = S.evaluate(layer, S.eq36(layer, j), z, y)
            d37 = S.evaluate(layer, S.eq37(layer, j), z, y)
            d37_a = S.evaluate(layer, S.eq37(layer, j, form="a"), z, y)
            assert d36 == pytest.approx(complex_step[j], rel=1e-12, abs=1e-14)
            assert d37 == pytest.approx(numpy_delta[j], rel=1e-12, abs=1e-14)
            assert d37_a == pytest.approx(d37, rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("activation", ["sigmoid", "softmax", "tanh", "identity"])
@pytest.mark.parametrize("form", ["z", "a"])
def test_jacobian_agrees_with_activations_jacobian(activation, form):
    n = 4
    layer = S.output_layer(n, activation, "quadratic")
    J = S.jacobian(layer, form=form)
    assert J.shape == (n, n)
    z = np.random.default_rng(1).normal(size=n)
    expected = activations.get_activation(activation).jacobian(z)
    got = np.array([[S.evaluate(layer, J[k, j], z) for j in range(n)] for k in range(n)])
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


def _largest_eq36_minus_eq37(layer, points, seed=0):
    """max |(36) - (37)| over every j at `points` random points, evaluated with 30 digits."""
    rng = np.random.default_rng(seed)
    worst = 0.0
    for _ in range(points):
        z = rng.integers(-30, 31, size=layer.n) / 10
        y = (np.eye(layer.n)[rng.integers(layer.n)] if layer.cost == "log_likelihood"
             else rng.integers(0, 11, size=layer.n) / 10)
        for j in range(layer.n):
            worst = max(worst, abs(S.evaluate(layer, S.eq36(layer, j) - S.eq37(layer, j), z, y)))
    return worst


@pytest.mark.parametrize(("activation", "cost"),
                         [(a, c) for a in S.SUPPORTED_ACTIVATIONS for c in S.SUPPORTED_COSTS])
def test_eq36_minus_eq37_is_zero_for_n3(activation, cost):
    layer = S.output_layer(3, activation, cost)
    assert all(S.simplifies_to_zero(layer, S.eq36(layer, j) - S.eq37(layer, j))
               for j in range(3))
    assert _largest_eq36_minus_eq37(layer, points=2) < 1e-20


def test_eq36_minus_eq37_is_zero_for_softmax_n4_numerically():
    layer = S.output_layer(4, "softmax", "quadratic")
    assert _largest_eq36_minus_eq37(layer, points=3) < 1e-20


def test_a_wrong_identity_is_not_proved():
    layer = S.output_layer(3, "softmax", "quadratic")
    # the diagonal-only term is not (36) for softmax: the check must be able to say no
    wrong = S.eq36(layer, 0) - S.diagonal_only(layer, 0)
    assert not S.simplifies_to_zero(layer, wrong)
    assert S.simplifies_to_zero(layer, S.eq36(layer, 0) - S.eq37(layer, 0))


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "identity"])
def test_off_diagonal_terms_vanish_for_elementwise(activation):
    for cost in ("quadratic", "log_likelihood"):
        layer = S.output_layer(3, activation, cost)
        for j in range(3):
            terms = S.off_diagonal_terms(layer, j)
            assert sorted(terms) == [k for k in range(3) if k != j]
            assert all(t == 0 for t in terms.values())
            # and then (38) is (36)
            assert S.simplifies_to_zero(layer, S.eq36(layer, j) - S.eq38(layer, j))


def test_off_diagonal_terms_of_softmax_are_the_closed_form():
    layer = S.output_layer(3, "softmax", "quadratic")
    a, y = layer.a, layer.y
    terms = S.off_diagonal_terms(layer, 0)
    assert set(terms) == {1, 2}
    for k, t in terms.items():
        assert t != 0
        # ∂C/∂a_k · ∂a_k/∂z_1 = (a_k - y_k) · (-a_k a_1)
        assert sp.expand(t - (a[k] - y[k]) * (-a[k] * a[0])) == 0
    ll = S.output_layer(3, "softmax", "log_likelihood")
    for k, t in S.off_diagonal_terms(ll, 1).items():
        assert sp.expand(t - ll.y[k] * ll.a[1]) == 0  # (-y_k/a_k) · (-a_k a_2)


def test_eq37_terms_has_n_terms_and_diagonal_only_is_term_j():
    layer = S.output_layer(3, "softmax", "log_likelihood")
    terms = S.eq37_terms(layer, 2, form="a")
    assert len(terms) == 3
    assert S.diagonal_only(layer, 2, form="a") == terms[2]
    assert sp.simplify(S.eq37(layer, 2, form="a") - sp.Add(*terms)) == 0
    sig = S.output_layer(3, "sigmoid", "log_likelihood")
    assert S.eq38(sig, 2, form="a") == S.eq37_terms(sig, 2, form="a")[2]


@pytest.mark.parametrize("cost", ["quadratic", "log_likelihood", "cross_entropy"])
def test_eq38_refuses_softmax_and_what_it_names_works(cost):
    layer = S.output_layer(3, "softmax", cost)
    with pytest.raises(ValueError, match="element-wise.*softmax is not one") as info:
        S.eq38(layer, 0)
    assert "eq37" in str(info.value) and "diagonal_only" in str(info.value)
    # the advice works for this layer: eq37 is (36), diagonal_only is the k = j term
    assert S.simplifies_to_zero(layer, S.eq36(layer, 0) - S.eq37(layer, 0))
    assert S.diagonal_only(layer, 0) == S.eq37_terms(layer, 0)[0]


def test_numeric_eq37_terms_match_bp1_eq37_terms():
    layer = S.output_layer(3, "softmax", "quadratic")
    z, y = _point(3, "quadratic", 7)
    for j in range(3):
        got = [S.evaluate(layer, t, z, y) for t in S.eq37_terms(layer, j)]
        np.testing.assert_allclose(got, bp1.eq37_terms(z, y, "softmax", "quadratic", j),
                                   rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(("args", "error", "match"), [
    ((1, "sigmoid", "quadratic"), ValueError, "between 2 and"),
    ((9, "sigmoid", "quadratic"), ValueError, "between 2 and"),
    ((2.0, "sigmoid", "quadratic"), TypeError, "integer"),
    ((True, "sigmoid", "quadratic"), TypeError, "integer"),
    ((3, "relu", "quadratic"), ValueError, "unknown activation 'relu'"),
    ((3, "sigmoid", "hinge"), ValueError, "unknown cost 'hinge'"),
    ((3, activations.sigmoid, "quadratic"), TypeError, "activation must be one of"),
])
def test_output_layer_rejects_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        S.output_layer(*args)


def test_functions_reject_bad_input():
    layer = S.output_layer(3, "softmax", "quadratic")
    index = r"j \(0-based: j=0 is z_1\) must be an integer index in 0..2"
    with pytest.raises(ValueError, match=index):
        S.eq36(layer, 3)
    with pytest.raises(ValueError, match="0-based"):
        S.eq37_terms(layer, -1)
    with pytest.raises(TypeError, match="0-based"):
        S.eq38(layer, 1.0)  # the index is checked first, also for softmax
    with pytest.raises(TypeError, match="OutputLayer"):
        S.eq38("sigmoid", 0)
    with pytest.raises(ValueError, match="unknown form 'x'"):
        S.jacobian(layer, form="x")
    with pytest.raises(TypeError, match="OutputLayer"):
        S.eq36("softmax", 0)
    with pytest.raises(TypeError, match="OutputLayer"):
        S.in_terms_of_z(None, 0)
    with pytest.raises(ValueError, match="3 entries"):
        S.evaluate(layer, S.eq36(layer, 0), [0.0, 1.0], [0.0, 1.0, 0.0])
    with pytest.raises(ValueError, match="y"):
        S.evaluate(layer, S.eq36(layer, 0), [0.0, 1.0, 2.0])


def test_repr_names_the_layer():
    assert repr(S.output_layer(2, "sigmoid", "cross_entropy")) == (
        "OutputLayer(n=2, activation='sigmoid', cost='cross_entropy')"
    )
