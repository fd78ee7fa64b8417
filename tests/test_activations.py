"""Activations: values, Jacobians, vector-Jacobian products and bad input.

Every reference here is independent of nnhelpers.activations: closed forms written out in
this file, and numerical Jacobians by central differences and by the complex step.
"""

import re
import tracemalloc
import warnings

import numpy as np
import pytest
import reference as ref
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnhelpers import activations
from nnhelpers.activations import get_activation, identity, relu, sigmoid, softmax, tanh
from nnhelpers.gradcheck import numerical_jacobian

ALL = [sigmoid, tanh, relu, identity, softmax]
ELEMENTWISE = [sigmoid, tanh, relu, identity]
# relu has a kink at 0 but is linear on each side, so the complex step works away from 0
COMPLEX_OK = ALL
IDS = lambda act: act.name  # noqa: E731


FEW = 30  # examples per property test: enough to find a wrong formula, fast to run

# --- independent references ---------------------------------------------

def ref_forward(name, z):
    """a = σ(z) by the textbook formulas, written without nnhelpers (moderate |z| only)."""
    z = np.asarray(z, dtype=np.float64)
    if name == "sigmoid":
        return ref.sigmoid(z)
    if name == "tanh":
        return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "identity":
        return z.copy()
    if name == "softmax":
        return ref.softmax(z)
    raise AssertionError(name)


def ref_softmax_jacobian(z):
    """J[k, j] = a_k (1[k = j] - a_j), entry by entry."""
    a = ref_forward("softmax", np.ravel(z))
    n = a.size
    J = np.empty((n, n))
    for k in range(n):
        for j in range(n):
            J[k, j] = a[k] * ((1.0 if k == j else 0.0) - a[j])
    return J


def away_from_zero(z):
    """Move entries within 1e-3 of relu's kink to 0.5, so finite differences are valid."""
    z = np.array(z, dtype=np.float64)
    z[np.abs(z) < 1e-3] = 0.5
    return z


# --- strategies ---------------------------------------------

moderate = st.floats(-30, 30, allow_nan=False, allow_infinity=False)
large = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)


def vectors(elements, max_n=8):
    return st.integers(1, max_n).flatmap(lambda n: hnp.arrays(np.float64, n, elements=elements))


def batches(elements, max_n=6, max_m=5):
    return st.tuples(st.integers(1, max_n), st.integers(1, max_m)).flatmap(
        lambda s: hnp.arrays(np.float64, s, elements=elements)
    )


# --- values ---------------------------------------------

@pytest.mark.parametrize("act", ALL, ids=IDS)
@pytest.mark.parametrize("shape", [(5,), (5, 1), (5, 3)])
def test_call_matches_textbook_formula_and_keeps_shape(act, shape):
    z = np.random.default_rng(0).uniform(-6, 6, shape)
    a = act(z)
    assert a.shape == z.shape
    assert a.dtype == np.float64
    np.testing.assert_allclose(a, ref_forward(act.name, z), rtol=1e-13, atol=1e-15)


def test_softmax_acts_per_column_and_columns_sum_to_one():
    Z = np.random.default_rng(1).normal(size=(4, 6)) * 3
    A = softmax(Z)
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=0, atol=1e-15)
    for i in range(Z.shape[1]):
        np.testing.assert_allclose(A[:, i], ref_forward("softmax", Z[:, i]), rtol=1e-14)


@settings(max_examples=FEW)
@given(vectors(moderate), st.floats(-1e3, 1e3))
def test_softmax_is_unchanged_by_a_shift_of_the_logits(z, c):
    np.testing.assert_allclose(softmax(z + c), softmax(z), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("act", ALL, ids=IDS)
def test_complex_input_gives_complex_output(act):
    z = np.array([0.3, -1.2, 2.0]) + 1e-20j
    a = act(z)
    assert np.iscomplexobj(a)
    np.testing.assert_allclose(a.real, ref_forward(act.name, z.real), rtol=1e-14)


def test_flags_and_lookup():
    assert [a.elementwise for a in ALL] == [True, True, True, True, False]
    for act in ALL:
        assert get_activation(act.name) is act
        assert get_activation(act) is act
        assert act.name in repr(act)
    assert set(activations.ACTIVATIONS) == {"sigmoid", "tanh", "relu", "identity", "softmax"}


# --- large logits: no overflow, no NaN, no warning ---------------------------------------------

LARGE_CASES = [
    np.array([1e4, -1e4, 0.0]),
    np.array([1e4, 1e4 - 1.0, 1e4 - 2.5]),
    np.array([-1e4, -1e4 + 0.5, -1e4 + 3.0, -1e4]),
    np.array([800.0, -800.0, 710.0, -745.0, 1e4]),
    np.array([[1e4, -1e4], [-1e4, 1e4], [0.0, 9999.0]]),
]


@pytest.mark.parametrize("act", ALL, ids=IDS)
@pytest.mark.parametrize("z", LARGE_CASES, ids=lambda z: f"shape{z.shape}")
def test_large_logits_are_finite_without_warnings(act, z):
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        a = act(z)
        g = np.ones_like(z)
        v = act.vjp(z, g)
        d = act.diagonal_of(act(z))
        columns = [act.jacobian(z[:, [i]]) for i in range(z.shape[1])] if z.ndim == 2 else [
            act.jacobian(z)]
    for out in [a, v, d, *columns]:
        assert np.all(np.isfinite(out))
    if act.name in ("sigmoid", "softmax"):
        assert np.all((a >= 0) & (a <= 1))
    if act.name == "softmax":
        np.testing.assert_allclose(a.sum(axis=0), 1.0, atol=1e-15)
    if act.name == "sigmoid":
        big = np.abs(z) >= 800
        np.testing.assert_array_equal(a[big], (z[big] > 0).astype(float))


@settings(max_examples=FEW)
@given(vectors(large))
def test_sigmoid_and_softmax_stable_for_any_logits_up_to_1e4(z):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for act in (sigmoid, softmax, tanh):
            a = act(z)
            assert np.all(np.isfinite(a))
            assert np.all(np.isfinite(act.jacobian(z)))
    assert abs(softmax(z).sum() - 1.0) < 1e-14


# --- Jacobians against numerical Jacobians ---------------------------------------------

@pytest.mark.parametrize("act", ALL, ids=IDS)
@settings(max_examples=FEW)
@given(z=vectors(moderate))
def test_jacobian_matches_central_differences(act, z):
    if act is relu:
        z = away_from_zero(z)
    J = act.jacobian(z)
    n = z.size
    assert J.shape == (n, n)
    J_num = numerical_jacobian(act, z, method="central")
    np.testing.assert_allclose(J, J_num, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("act", COMPLEX_OK, ids=IDS)
@settings(max_examples=FEW)
@given(z=vectors(moderate))
def test_jacobian_matches_complex_step(act, z):
    if act is relu:
        z = away_from_zero(z)
    J_num = numerical_jacobian(act, z, method="complex")
    np.testing.assert_allclose(act.jacobian(z), J_num, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("act", COMPLEX_OK, ids=IDS)
@settings(max_examples=FEW)
@given(z=vectors(large))
def test_jacobian_large_logits_matches_complex_step_and_central(act, z):
    if act is relu:
        z = away_from_zero(z)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        J = act.jacobian(z)
        J_cs = numerical_jacobian(act, z, method="complex")
        # central differences lose ~ ulp(1e4)/h ≈ 2e-6 to rounding of z ± h
        J_cd = numerical_jacobian(act, z, method="central")
    np.testing.assert_allclose(J, J_cs, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(J, J_cd, rtol=0, atol=1e-5)


@pytest.mark.parametrize("act", ALL, ids=IDS)
def test_jacobian_accepts_a_column_and_matches_the_closed_form(act):
    z = np.array([[0.7], [-1.3], [2.2], [-0.4]])
    J = act.jacobian(z)
    assert J.shape == (4, 4)
    np.testing.assert_allclose(J, ref.jacobian(act.name, z), rtol=1e-13, atol=1e-16)
    np.testing.assert_array_equal(J, act.jacobian(z.ravel()))


# --- structure of the Jacobians ---------------------------------------------

@settings(max_examples=FEW)
@given(vectors(st.floats(-20, 20)))
def test_softmax_jacobian_is_symmetric_rows_sum_to_zero_and_is_diag_a_minus_aaT(z):
    J = softmax.jacobian(z)
    np.testing.assert_allclose(J, J.T, rtol=0, atol=1e-17)
    np.testing.assert_allclose(J.sum(axis=1), 0.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(J.sum(axis=0), 0.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(J, ref_softmax_jacobian(z), rtol=1e-12, atol=1e-16)


def test_softmax_jacobian_has_nonzero_off_diagonal_entries():
    J = softmax.jacobian(np.array([0.5, -0.2, 1.0]))
    off = J[~np.eye(3, dtype=bool)]
    assert np.all(off < -0.05)  # -a_k a_j: the terms that (38) drops


@pytest.mark.parametrize("act", ELEMENTWISE, ids=IDS)
@settings(max_examples=FEW)
@given(z=vectors(moderate))
def test_elementwise_jacobian_is_diagonal_with_prime_on_it(act, z):
    if act is relu:
        z = away_from_zero(z)
    J = act.jacobian(z)
    np.testing.assert_array_equal(J - np.diag(np.diag(J)), 0.0)
    np.testing.assert_array_equal(np.diag(J), act.prime(z))
    np.testing.assert_allclose(act.prime(z), ref.prime(act.name, z), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("act", ELEMENTWISE, ids=IDS)
def test_prime_and_diagonal_keep_the_batch_shape(act):
    Z = np.random.default_rng(2).uniform(-3, 3, (4, 5))
    np.testing.assert_allclose(act.prime(Z), ref.prime(act.name, Z), rtol=1e-13)
    np.testing.assert_array_equal(act.diagonal_of(act(Z)), act.prime(Z))


def test_relu_prime_at_zero_is_zero():
    np.testing.assert_array_equal(relu.prime(np.array([0.0, -0.0])), [0.0, 0.0])


def test_softmax_diagonal_is_a_times_one_minus_a():
    Z = np.random.default_rng(3).normal(size=(5, 3))
    A = ref_forward("softmax", Z)
    np.testing.assert_allclose(softmax.diagonal_of(softmax(Z)), A * (1 - A), rtol=1e-13)
    for i in range(3):
        np.testing.assert_allclose(softmax.diagonal_of(softmax(Z[:, i])),
                                   np.diag(softmax.jacobian(Z[:, i])))


def test_softmax_prime_refuses_and_explains():
    with pytest.raises(ValueError, match=r"softmax is not an element-wise activation.*"
                                         r"depends on every z_j.*jacobian.*vjp"):
        softmax.prime(np.array([1.0, 2.0]))


# --- vector-Jacobian products ------------------------------------------------------

@pytest.mark.parametrize("act", ALL, ids=IDS)
@settings(max_examples=FEW)
@given(z=vectors(moderate), seed=st.integers(0, 2**32 - 1))
def test_vjp_equals_jacobian_transpose_times_g_for_one_vector(act, z, seed):
    if act is relu:
        z = away_from_zero(z)
    g = np.random.default_rng(seed).normal(size=z.shape)
    expected = ref.jacobian(act.name, z).T @ g
    for zz, gg in ((z, g), (z[:, None], g[:, None])):
        v = act.vjp(zz, gg)
        assert v.shape == zz.shape
        np.testing.assert_allclose(v.ravel(), act.jacobian(zz).T @ gg.ravel(), rtol=1e-12,
                                   atol=1e-15)
        np.testing.assert_allclose(v.ravel(), expected, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("act", ALL, ids=IDS)
@settings(max_examples=FEW)
@given(Z=batches(moderate), seed=st.integers(0, 2**32 - 1))
def test_vjp_on_a_batch_equals_column_by_column(act, Z, seed):
    if act is relu:
        Z = away_from_zero(Z)
    G = np.random.default_rng(seed).normal(size=Z.shape)
    V = act.vjp(Z, G)
    assert V.shape == Z.shape
    for i in range(Z.shape[1]):
        np.testing.assert_allclose(V[:, i], act.jacobian(Z[:, i]).T @ G[:, i], rtol=1e-12,
                                   atol=1e-15)
        np.testing.assert_allclose(V[:, i], ref.jacobian(act.name, Z[:, i]).T @ G[:, i], rtol=1e-10,
                                   atol=1e-14)


def test_softmax_vjp_memory_grows_like_n_not_n_squared():
    n = 4000  # an n x n Jacobian would take 128 MB
    rng = np.random.default_rng(4)
    z, g = rng.normal(size=(n, 1)), rng.normal(size=(n, 1))
    softmax.vjp(z, g)  # warm up
    tracemalloc.start()
    try:
        v = softmax.vjp(z, g)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * n * 8, f"peak {peak} bytes for n = {n}"
    j = 7
    a = ref_forward("softmax", z[:, 0])
    np.testing.assert_allclose(v[j, 0], a[j] * (g[j, 0] - a @ g[:, 0]), rtol=1e-12)


# --- bad input ---------------------------------------------

@pytest.mark.parametrize("act", ALL, ids=IDS)
@pytest.mark.parametrize(
    "method", ["__call__", "jacobian", "vjp"]
)
@pytest.mark.parametrize(
    "bad, exc, message",
    [
        ("1, 2", TypeError, r"z must be a numeric array, got str"),
        (None, TypeError, r"z must be a numeric array, got NoneType"),
        (np.array([1.0, np.nan]), ValueError, r"z contains NaN or infinity"),
        (np.array([1.0, np.inf]), ValueError, r"z contains NaN or infinity"),
        (np.array([True, False]), TypeError, r"z must be a numeric array, got dtype bool"),
        (np.array(["a", "b"]), TypeError, r"z must be a numeric array, got dtype <U1"),
        (np.zeros((2, 2, 2)), ValueError, r"z must have shape \(n,\) or \(n, m\), got shape "
                                          r"\(2, 2, 2\)"),
        (np.float64(1.0), ValueError, r"z must have shape \(n,\) or \(n, m\), got shape \(\)"),
        (np.zeros(0), ValueError, r"z must not be empty"),
    ],
    ids=["str", "None", "nan", "inf", "bool", "strarray", "3d", "scalar", "empty"],
)
def test_bad_z_is_refused_with_a_clear_message(act, method, bad, exc, message):
    if method == "vjp":
        call = lambda: act.vjp(bad, np.ones(2))  # noqa: E731
    else:
        call = lambda: getattr(act, method)(bad)  # noqa: E731
    with pytest.raises(exc, match=message):
        call()


@pytest.mark.parametrize("act", ALL, ids=IDS)
def test_jacobian_of_a_batch_is_refused(act):
    with pytest.raises(ValueError, match=r"z must be one vector of shape \(n,\) or \(n, 1\) for "
                                         r"a Jacobian, got shape \(3, 2\)"):
        act.jacobian(np.zeros((3, 2)))


@pytest.mark.parametrize("act", ALL, ids=IDS)
@pytest.mark.parametrize("z_shape, g_shape", [((3,), (4,)), ((3,), (3, 1)), ((3, 2), (3, 1)),
                                              ((3, 2), (2, 3))])
def test_vjp_refuses_mismatched_z_and_g(act, z_shape, g_shape):
    message = re.escape(f"z and g must have the same shape, got {z_shape} and {g_shape}")
    with pytest.raises(ValueError, match=message):
        act.vjp(np.zeros(z_shape), np.ones(g_shape))


@pytest.mark.parametrize("act", ALL, ids=IDS)
def test_vjp_refuses_nan_in_g(act):
    with pytest.raises(ValueError, match=r"g contains NaN or infinity"):
        act.vjp(np.zeros(3), np.array([1.0, np.nan, 0.0]))


def test_unknown_activation_names_are_refused():
    with pytest.raises(ValueError, match=r"unknown activation 'sigmod'; expected one of "
                                         r"\['identity', 'relu', 'sigmoid', 'softmax', 'tanh'\]"):
        get_activation("sigmod")
    with pytest.raises(TypeError, match=r"activation must be a name or an Activation, got int"):
        get_activation(3)
