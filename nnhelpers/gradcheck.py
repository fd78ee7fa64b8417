"""Numerical derivatives: the independent reference every analytic formula is checked against.

- central differences  (f(x + h) - f(x - h)) / 2h   error O(h²) + round-off ~ eps/h
- forward differences  (f(x + h) - f(x)) / h        error O(h)  + round-off ~ eps/h
- complex step         Im f(x + ih) / h             error O(h²), no subtraction, so no
                                                    round-off: h = 1e-20 gives machine precision
                                                    (needs f analytic and written for complex input)

Used in notebooks: 00, 01, 02, 03, 04, 06, 07, 08, 09, 10.
Notebook 02 sweeps the step size. `check_method`, `perturbation_base` and `difference_quotient`
are also the loop of bp1.output_error_numeric, the definition (36).
"""

import numpy as np

from .validation import as_array, check_number, one_vector

METHODS = ("central", "forward", "complex")
DEFAULT_STEP = {"central": 1e-6, "forward": 1e-8, "complex": 1e-20}


def check_method(method, h):
    """The step h to use: `h` (a positive finite number) or the method's default step.
    Raises ValueError for another method than METHODS or a bad h."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    return DEFAULT_STEP[method] if h is None else check_number(h, "step h")


def perturbation_base(x, method):
    """A copy of x to perturb in place: complex128 for the complex step, else float64."""
    return x.astype(np.complex128) if method == "complex" else x.astype(np.float64, copy=True)


def difference_quotient(f, base, index, h, method, f0=None):
    """∂f/∂base[index] by one difference quotient, shaped like f's value (scalar or array).

    base  : from `perturbation_base`; base[index] is perturbed in place and restored
    index : e.g. (i, j) for one entry, j for a whole row; f0 = f(base), for "forward" only"""
    old = np.copy(base[index])
    try:
        if method == "complex":
            base[index] = old + 1j * h
            value = np.asarray(f(base))
            if not np.iscomplexobj(value):
                raise ValueError(
                    "the complex step needs f to keep the imaginary part, but f returned a real "
                    f"{value.dtype} value for a complex input: something in f drops it (float(), "
                    ".real, abs(), a comparison, an array made as float64), so Im f / h would "
                    "be 0 whatever the derivative is. Make f keep complex values, or use "
                    "method='central'.")
            return np.imag(value) / h
        base[index] = old + h
        fp = np.asarray(f(base))
        if method == "central":
            base[index] = old - h
            return np.real(fp - np.asarray(f(base))) / (2 * h)
        return np.real(fp - f0) / h
    finally:
        base[index] = old


def numerical_gradient(f, x, h=None, method="central"):
    """∂f/∂x_i for a scalar function f, one entry at a time.

    f : callable taking an array shaped like x and returning a scalar
    x : array of any shape (it is copied, never changed)
    returns an array shaped like x"""
    h = check_method(method, h)
    x = as_array(x, "x", ndims=(0, 1, 2, 3), allow_complex=False)
    grad = np.empty_like(x)
    base = perturbation_base(x, method)
    f0 = np.asarray(f(base)) if method == "forward" else None
    for i in np.ndindex(x.shape):
        grad[i] = difference_quotient(f, base, i, h, method, f0)
    return grad


def numerical_jacobian(f, z, h=None, method="central"):
    """J[k, j] = ∂f_k/∂z_j for a vector function f of one vector z.

    f : callable mapping an array shaped like z to an array (flattened to length p)
    z : (n,) or (n, 1)
    returns a (p, n) array"""
    h = check_method(method, h)
    base = perturbation_base(one_vector(as_array(z, "z", allow_complex=False)), method)
    f0 = np.asarray(f(base)) if method == "forward" else None
    return np.stack([difference_quotient(f, base, j, h, method, f0).reshape(-1)
                     for j in np.ndindex(base.shape)], axis=1)


def relative_error(a, b):
    """max_i |a_i - b_i| / max_i (|a_i| + |b_i|): one number for two arrays of one shape.

    Norm-wise, not element-wise as CS231n's: an entry far smaller than the others may be wrong
    by more than this says. A tiny floor makes two zero arrays give 0. Central differences
    (h = 1e-6) agree to about 1e-8 to 1e-10 (about 1e-7 or below passes), the complex step to
    about 1e-15; 1e-4 or above points to a wrong formula.
    Raises ValueError for arrays of different shapes."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = np.max(np.abs(a) + np.abs(b)) if a.size else 0.0
    return float(np.max(np.abs(a - b), initial=0.0) / max(scale, np.finfo(np.float64).tiny))
