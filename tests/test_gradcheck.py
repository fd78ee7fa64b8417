"""gradcheck: numerical derivatives of functions whose derivatives are known in closed form."""

import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnhelpers.gradcheck import numerical_gradient, numerical_jacobian, relative_error

# (method, rtol, atol): central O(h²) + eps/h, forward O(h) + eps/h, complex O(h²) only
METHODS = [("central", 1e-8, 1e-9), ("forward", 1e-6, 1e-6), ("complex", 1e-14, 1e-15)]
METHOD_IDS = [m[0] for m in METHODS]
EXAMPLES_PER_PROPERTY = 30  # enough to find a wrong formula, fast to run

values = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


def arrays(shapes):
    return shapes.flatmap(lambda s: hnp.arrays(np.float64, s, elements=values))


any_shape = st.one_of(
    st.tuples(st.integers(1, 6)),
    st.tuples(st.integers(1, 4), st.integers(1, 3)),
    st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 2)),
)


@pytest.mark.parametrize("method, rtol, atol", METHODS, ids=METHOD_IDS)
@settings(max_examples=EXAMPLES_PER_PROPERTY)
@given(x=arrays(any_shape))
def test_gradient_of_sum_sin_is_cos(method, rtol, atol, x):
    grad = numerical_gradient(lambda v: np.sum(np.sin(v)), x, method=method)
    assert grad.shape == x.shape
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, np.cos(x), rtol=rtol, atol=atol)


@pytest.mark.parametrize("method, rtol, atol", METHODS, ids=METHOD_IDS)
@settings(max_examples=EXAMPLES_PER_PROPERTY)
@given(n=st.integers(1, 6), seed=st.integers(0, 2**32 - 1))
def test_gradient_of_a_quadratic_form(method, rtol, atol, n, seed):
    """f(x) = ½ xᵀAx + bᵀx + c has gradient ½ (A + Aᵀ) x + b (A not symmetric)."""
    rng = np.random.default_rng(seed)
    A, b, x = rng.normal(size=(n, n)), rng.normal(size=n), rng.normal(size=n)
    f = lambda v: 0.5 * v @ A @ v + b @ v + 3.0  # noqa: E731
    grad = numerical_gradient(f, x, method=method)
    np.testing.assert_allclose(grad, 0.5 * (A + A.T) @ x + b, rtol=rtol, atol=10 * atol)


@pytest.mark.parametrize("method, rtol, atol", METHODS, ids=METHOD_IDS)
def test_gradient_of_a_matrix_argument(method, rtol, atol):
    """f(W) = Σ_i sin((W x)_i) has ∂f/∂W = cos(W x) xᵀ: a weight matrix, as in backprop."""
    rng = np.random.default_rng(1)
    W, x = rng.normal(size=(3, 4)), rng.normal(size=(4, 1))
    grad = numerical_gradient(lambda w: np.sum(np.sin(w @ x)), W, method=method)
    np.testing.assert_allclose(grad, np.cos(W @ x) @ x.T, rtol=rtol, atol=10 * atol)


@pytest.mark.parametrize("method, rtol, atol", METHODS, ids=METHOD_IDS)
def test_gradient_of_a_scalar_argument(method, rtol, atol):
    grad = numerical_gradient(lambda v: np.exp(v) * v, np.float64(0.5), method=method)
    assert np.shape(grad) == ()
    assert float(grad) == pytest.approx(np.exp(0.5) * 1.5, rel=rtol, abs=atol)


def test_complex_step_reaches_machine_precision_where_central_cannot():
    x = np.array([1.0, 2.0])
    f = lambda v: np.sum(np.exp(v) / np.sqrt(np.sin(v) ** 3 + np.cos(v) ** 3))  # noqa: E731

    def exact(v):
        d = np.sin(v) ** 3 + np.cos(v) ** 3
        dd = 3 * np.sin(v) ** 2 * np.cos(v) - 3 * np.cos(v) ** 2 * np.sin(v)
        return np.exp(v) / np.sqrt(d) - 0.5 * np.exp(v) * dd / d**1.5

    e_complex = relative_error(numerical_gradient(f, x, method="complex"), exact(x))
    e_central = relative_error(numerical_gradient(f, x, method="central"), exact(x))
    e_forward = relative_error(numerical_gradient(f, x, method="forward"), exact(x))
    assert e_complex < 1e-15
    assert 1e-13 < e_central < 1e-8
    assert e_central < e_forward < 1e-5
    # a tiny step ruins central differences (round-off ~ eps/h) but not the complex step
    assert relative_error(numerical_gradient(f, x, h=1e-13), exact(x)) > 1e-5
    assert relative_error(numerical_gradient(f, x, h=1e-100, method="complex"), exact(x)) < 1e-15


def test_step_size_changes_the_central_error_as_h_squared():
    x = np.array([0.7])
    f = lambda v: np.sum(np.sin(v))  # noqa: E731
    errors = [abs(numerical_gradient(f, x, h=h)[0] - np.cos(0.7)) for h in (1e-2, 1e-3)]
    # truncation error h² |f'''| / 6
    assert errors[0] == pytest.approx(1e-4 * np.cos(0.7) / 6, rel=1e-3)
    assert errors[0] / errors[1] == pytest.approx(100, rel=1e-2)


@pytest.mark.parametrize("method", ["central", "forward", "complex"])
def test_does_not_change_the_callers_array(method):
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    x0 = x.copy()
    seen = []

    def f(v):
        seen.append(v is x)
        return np.sum(v**2)

    numerical_gradient(f, x, method=method)
    numerical_jacobian(lambda v: v**2, x[:, [0]], method=method)
    np.testing.assert_array_equal(x, x0)
    assert not any(seen)


def test_integer_input_gives_a_float_gradient():
    grad = numerical_gradient(lambda v: np.sum(v**3), np.array([1, 2, 3]))
    np.testing.assert_allclose(grad, [3, 12, 27], rtol=1e-8)


# --- numerical_jacobian ---------------------------------------------

def f_vec(z):
    """ℝ³ -> ℝ⁴: (z0 z1, sin z2, exp(z0), z0 + 2 z1 - z2)."""
    z = z.reshape(-1)
    return np.array([z[0] * z[1], np.sin(z[2]), np.exp(z[0]), z[0] + 2 * z[1] - z[2]])


def f_vec_jacobian(z):
    z0, z1, z2 = np.ravel(z)
    return np.array([
        [z1, z0, 0.0],
        [0.0, 0.0, np.cos(z2)],
        [np.exp(z0), 0.0, 0.0],
        [1.0, 2.0, -1.0],
    ])


@pytest.mark.parametrize("method, rtol, atol", METHODS, ids=METHOD_IDS)
@pytest.mark.parametrize("shape", [(3,), (3, 1)])
@settings(max_examples=EXAMPLES_PER_PROPERTY)
@given(z=hnp.arrays(np.float64, 3, elements=values))
def test_numerical_jacobian_of_a_known_function(method, rtol, atol, shape, z):
    J = numerical_jacobian(f_vec, z.reshape(shape), method=method)
    assert J.shape == (4, 3)  # row k = output, column j = input
    np.testing.assert_allclose(J, f_vec_jacobian(z), rtol=rtol, atol=10 * atol)


def test_numerical_jacobian_of_a_linear_map_is_the_matrix():
    M = np.arange(12.0).reshape(4, 3) - 5
    z = np.array([[0.1], [0.2], [0.3]])
    np.testing.assert_allclose(numerical_jacobian(lambda v: M @ v, z, method="complex"), M,
                               rtol=0, atol=1e-14)


# --- relative_error ---------------------------------------------

def test_relative_error_known_values():
    assert relative_error([1.0], [1.1]) == pytest.approx(0.1 / 2.1)
    assert relative_error([1.0, -2.0], [1.0, -2.0]) == 0.0
    # the max difference over the max of |a| + |b|, not entry by entry
    assert relative_error([1.0, 100.0], [2.0, 100.0]) == pytest.approx(1.0 / 200.0)
    assert relative_error([1.0], [-1.0]) == pytest.approx(1.0)
    assert relative_error(0.0, 1e-300) == pytest.approx(1.0)


def test_relative_error_of_zeros_is_zero():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.zeros((2, 2)), -np.zeros((2, 2))) == 0.0
    assert relative_error(0.0, 0.0) == 0.0


# zero or well away from underflow, so that scaling by 1e-6..1e6 stays exact enough
entries = st.floats(-1e3, 1e3).filter(lambda v: v == 0 or abs(v) > 1e-200)


@settings(max_examples=EXAMPLES_PER_PROPERTY)
@given(
    st.integers(1, 6).flatmap(lambda n: st.tuples(
        hnp.arrays(np.float64, n, elements=entries),
        hnp.arrays(np.float64, n, elements=entries))),
    st.floats(1e-6, 1e6),
)
def test_relative_error_is_symmetric_scale_free_and_in_0_1(ab, scale):
    a, b = ab
    e = relative_error(a, b)
    assert isinstance(e, float)
    assert e == relative_error(b, a)
    assert 0.0 <= e <= 1.0
    assert relative_error(a * scale, b * scale) == pytest.approx(e, rel=1e-12, abs=1e-300)
    assert relative_error(a, a) == 0.0


def test_relative_error_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match=re.escape("a and b must have the same shape, got (3,) "
                                                   "and (3, 1)")):
        relative_error(np.zeros(3), np.zeros((3, 1)))


# --- bad input ---------------------------------------------

BAD_STEPS = [
    ({"method": "backward"}, r"method must be one of \('central', 'forward', 'complex'\), got "
                             r"'backward'"),
    ({"method": None}, r"method must be one of .*, got None"),
    ({"h": 0}, r"step h must be a positive number, got 0"),
    ({"h": -1e-6}, r"step h must be a positive number, got -1e-06"),
    ({"h": -1e-20, "method": "complex"}, r"step h must be a positive number, got -1e-20"),
    ({"h": np.nan}, r"step h must be a positive number, got nan"),
    ({"h": np.inf}, r"step h must be a positive number, got inf"),
    ({"h": 1e-6j}, r"step h must be a positive number, got 1e-06j"),
    ({"h": "small"}, r"step h must be a positive number, got 'small'"),
    ({"h": np.array([1e-6, 1e-6])}, r"step h must be a positive number"),
]


@pytest.mark.parametrize("kwargs, message", BAD_STEPS)
def test_bad_method_or_step_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        numerical_gradient(np.sum, np.ones(2), **kwargs)
    with pytest.raises(ValueError, match=message):
        numerical_jacobian(np.sin, np.ones(2), **kwargs)


@pytest.mark.parametrize(
    "x, exc, message",
    [
        (np.array([1.0, np.nan]), ValueError, r"x contains NaN or infinity"),
        ("1.0", TypeError, r"x must be a numeric array, got str"),
        (None, TypeError, r"x must be a numeric array, got NoneType"),
        (np.array([1 + 2j]), TypeError, r"x must be real, got dtype complex128"),
        (np.zeros(0), ValueError, r"x must not be empty"),
        (np.zeros((1, 1, 1, 1)), ValueError, r"x must have shape .*got shape \(1, 1, 1, 1\)"),
    ],
    ids=["nan", "str", "None", "complex", "empty", "4d"],
)
def test_numerical_gradient_refuses_bad_x(x, exc, message):
    with pytest.raises(exc, match=message):
        numerical_gradient(np.sum, x)


@pytest.mark.parametrize(
    "z, exc, message",
    [
        (np.zeros((3, 2)), ValueError,
         r"z must be one vector of shape \(n,\) or \(n, 1\) for a Jacobian, got shape \(3, 2\)"),
        (np.array([np.inf]), ValueError, r"z contains NaN or infinity"),
        ("z", TypeError, r"z must be a numeric array, got str"),
        (np.zeros((2, 1, 1)), ValueError, r"z must have shape \(n,\) or \(n, m\), got shape"),
    ],
    ids=["batch", "inf", "str", "3d"],
)
def test_numerical_jacobian_refuses_bad_z(z, exc, message):
    with pytest.raises(exc, match=message):
        numerical_jacobian(np.sin, z)



@pytest.mark.parametrize("drop, slope", [
    (lambda v: float(np.sum(v.real) * 2.0), 2.0),  # float() of a complex number
    (lambda v: np.sum(np.abs(v)), 1.0),  # |v| is real (slope 1 at v > 0)
    (lambda v: np.sum(np.array(v, dtype=np.float64)), 1.0),  # an array made as float64
], ids=["float", "abs", "float64-array"])
def test_complex_step_refuses_a_function_that_drops_the_imaginary_part(drop, slope):
    # such an f would give Im f / h = 0 where the derivative is `slope`: refused, with a way out
    x = np.array([0.5, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpy's ComplexWarning for float() and float64 arrays
        with pytest.raises(ValueError, match="drops it.*method='central'"):
            numerical_gradient(drop, x, method="complex")
    np.testing.assert_allclose(numerical_gradient(drop, x, method="central"), [slope, slope])
