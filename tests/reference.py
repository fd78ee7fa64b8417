"""Reference formulas for the tests, written out with numpy only.

This module does not import nnhelpers (tests/test_references.py checks it), so a test that
compares nnhelpers with these formulas compares two independent computations.

Shapes follow the book: one example is a column, (n,) or (n, 1); a mini-batch is (n, m) with
one example per column; softmax and the costs act on each column (axis 0). Every formula also
takes complex input, so a complex-step derivative can run through it.

    sigmoid(z)                 1 / (1 + e^{-z})
    softmax(z)                 a = e^{z - max} / Σ e^{z - max}, column by column
    softmax_jacobian(z)        J = diag(a) - a aᵀ, J[k, j] = ∂a_k/∂z_j = a_k (1[k = j] - a_j)
    prime(name, z)             σ'(z) of an element-wise activation, in closed form
    jacobian(name, z)          J for one example z: diag(σ'(z)), or softmax_jacobian(z)
    cost(name, a, y)           C_x per example (one value per column)
    grad_a(name, a, y)         ∂C_x/∂a, same shape as a

The costs (Nielsen, chapter 2 eq. (28), chapter 3 eqs. (63) and (80)):

    quadratic       C_x = ½ Σ_j (a_j - y_j)²                  ∂C_x/∂a_j = a_j - y_j
    cross_entropy   C_x = -Σ_j [y_j ln a_j + (1-y_j) ln(1-a_j)]
                                                              ∂C_x/∂a_j = -y_j/a_j + (1-y_j)/(1-a_j)
    log_likelihood  C_x = -ln a_y for a one-hot y (y_y = 1)  ∂C_x/∂a_j = -1/a_y if j = y, else 0
"""

import numpy as np


def sigmoid(z):
    """σ(z) = 1 / (1 + e^{-z}), element-wise (moderate |z|: e^{-z} overflows below about -709)."""
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z):
    """Softmax of each column, shifted by its largest entry: a = e^{z - max} / Σ_k e^{z_k - max}.

    The shift is the one of log-sum-exp (ln Σ e^z = max + ln Σ e^{z - max}), so nothing
    overflows; the division (not exp(z - logsumexp)) keeps small a_k to a few ulps: the log of
    a sum near 1 would cost about eps / a_k of relative accuracy in a_k.
    """
    z = np.asarray(z)
    e = np.exp(z - np.max(z.real, axis=0))
    return e / np.sum(e, axis=0)


def softmax_jacobian(z):
    """J = diag(a) - a aᵀ for one example z, (n,) or (n, 1); returns (n, n)."""
    a = softmax(np.ravel(z))
    return np.diag(a) - np.outer(a, a)


def prime(name, z):
    """σ'(z): e^{-|z|}/(1 + e^{-|z|})² for sigmoid, 1/cosh² z for tanh, 1[z > 0] for relu
    (relu'(0) = 0), 1 for identity; element-wise, any real z (no overflow)."""
    z = np.asarray(z, dtype=np.float64)
    if name == "sigmoid":
        e = np.exp(-np.abs(z))
        return e / (1.0 + e) ** 2
    if name == "tanh":
        return 1.0 / np.cosh(np.clip(z, -300, 300)) ** 2
    if name == "relu":
        return np.where(z > 0, 1.0, 0.0)
    if name == "identity":
        return np.ones_like(z)
    raise ValueError(f"unknown element-wise activation {name!r}")


def jacobian(name, z):
    """J[k, j] = ∂a_k/∂z_j for one example z, (n,) or (n, 1); returns (n, n)."""
    if name == "softmax":
        return softmax_jacobian(z)
    return np.diag(prime(name, np.ravel(z)))


def _one_hot_log(a, y):
    """ln a where y = 1, 0 elsewhere (so a = 0 off the target gives no -inf)."""
    return np.where(y == 1, np.log(np.where(y == 1, a, 1.0)), 0.0)


def cost(name, a, y):
    """C_x of each column: quadratic, cross_entropy or log_likelihood (one-hot y)."""
    if name == "quadratic":
        return 0.5 * np.sum((a - y) ** 2, axis=0)
    if name == "cross_entropy":
        return -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0)
    if name == "log_likelihood":
        return -np.sum(_one_hot_log(a, y), axis=0)
    raise ValueError(f"unknown cost {name!r}")


def grad_a(name, a, y):
    """∂C_x/∂a for each example: quadratic, cross_entropy or log_likelihood (one-hot y)."""
    if name == "quadratic":
        return a - y
    if name == "cross_entropy":
        return -y / a + (1 - y) / (1 - a)
    if name == "log_likelihood":
        return np.where(y == 1, -1.0 / np.where(y == 1, a, 1.0), 0.0)
    raise ValueError(f"unknown cost {name!r}")
