"""Numerical derivatives: the independent reference every analytic formula is checked against.

- central differences  (f(x + h) - f(x - h)) / 2h   error O(h²) + round-off ~ eps/h
- forward differences  (f(x + h) - f(x)) / h        error O(h)  + round-off ~ eps/h
- complex step         Im f(x + ih) / h             error O(h²), no subtraction, so no
                                                    round-off: h = 1e-20 gives machine precision
                                                    (needs f analytic and written for complex input)

Used in notebooks 02 (the step-size sweep), 03, 04 and 07 (gradient checks).
"""

import numpy as np

from ._checks import as_array

METHODS = ("central", "forward", "complex")
DEFAULT_STEP = {"central": 1e-6, "forward": 1e-8, "complex": 1e-20}


def _check_method(method, h):
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if h is None:
        return DEFAULT_STEP[method]
    if not np.isscalar(h) or not np.isreal(h) or not h > 0 or not np.isfinite(h):
        raise ValueError(f"step h must be a positive number, got {h!r}")
    return float(h)


def numerical_gradient(f, x, h=None, method="central"):
    """∂f/∂x_i for a scalar function f, one entry at a time.

    f : callable taking an array shaped like x and returning a scalar
    x : array of any shape (it is copied, never changed)
    returns an array shaped like x
    """
    h = _check_method(method, h)
    x = as_array(x, "x", ndims=(0, 1, 2, 3), allow_complex=False)
    grad = np.empty_like(x)
    base = x.astype(np.complex128) if method == "complex" else x.copy()
    f0 = f(base) if method == "forward" else None
    for i in np.ndindex(x.shape):
        old = base[i]
        if method == "complex":
            base[i] = old + 1j * h
            grad[i] = np.imag(f(base)) / h
        elif method == "central":
            base[i] = old + h
            fp = f(base)
            base[i] = old - h
            fm = f(base)
            grad[i] = np.real(fp - fm) / (2 * h)
        else:
            base[i] = old + h
            grad[i] = np.real(f(base) - f0) / h
        base[i] = old
    return grad


def numerical_jacobian(f, z, h=None, method="central"):
    """J[k, j] = ∂f_k/∂z_j for a vector function f of one vector z.

    f : callable mapping an array shaped like z to an array (flattened to length p)
    z : (n,) or (n, 1)
    returns a (p, n) array
    """
    h = _check_method(method, h)
    z = as_array(z, "z", allow_complex=False)
    if z.ndim == 2 and z.shape[1] != 1:
        raise ValueError(f"z must have shape (n,) or (n, 1), got {z.shape}")
    n = z.size
    base = z.astype(np.complex128) if method == "complex" else z.copy()
    flat = base.reshape(-1)  # a view: writing to flat changes base
    f0 = np.asarray(f(base)).reshape(-1) if method == "forward" else None
    columns = []
    for j in range(n):
        old = flat[j]
        if method == "complex":
            flat[j] = old + 1j * h
            col = np.imag(np.asarray(f(base)).reshape(-1)) / h
        elif method == "central":
            flat[j] = old + h
            fp = np.asarray(f(base)).reshape(-1)
            flat[j] = old - h
            fm = np.asarray(f(base)).reshape(-1)
            col = np.real(fp - fm) / (2 * h)
        else:
            flat[j] = old + h
            col = np.real(np.asarray(f(base)).reshape(-1) - f0) / h
        flat[j] = old
        columns.append(col)
    return np.stack(columns, axis=1)


def relative_error(a, b):
    """max |a - b| / max(|a| + |b|), with a tiny floor so that two zero arrays give 0.

    The CS231n convention: about 1e-7 or below is a pass for central differences,
    about 1e-15 for the complex step.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = np.max(np.abs(a) + np.abs(b)) if a.size else 0.0
    return float(np.max(np.abs(a - b), initial=0.0) / max(scale, np.finfo(np.float64).tiny))
