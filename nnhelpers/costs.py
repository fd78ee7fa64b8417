"""Cost functions C(a, y) and their gradients ∂C_x/∂a, the first factor of (37) and (38).

Shapes: a and y are (n,) for one example, or (n, m) with one example per column; both must
have the same shape. `value` is the mean over the m columns of the per-example cost C_x;
`grad` is ∂C_x/∂a for each example separately (same shape as a), as BP1 uses it.

All three accept complex a so that the complex-step derivative can run through them.
Used in notebooks 01-07.
"""

import numpy as np

from ._checks import as_array, same_shape


def _check(a, y, *, real_a=False):
    a = as_array(a, "a", allow_complex=not real_a)
    y = as_array(y, "y", allow_complex=False)
    same_shape(a, y, "a", "y")
    return a, y


def _y_log(y, a):
    """y * ln(a), taking 0 * ln(0) = 0 (a term with y = 0 does not contribute)."""
    out = np.zeros(np.broadcast_shapes(y.shape, a.shape), dtype=a.dtype)
    nz = y != 0
    out[nz] = y[nz] * np.log(a[nz])
    return out


def _per_column(x):
    """Sum over neurons: (n,) -> scalar, (n, m) -> (m,)."""
    return np.sum(x, axis=0)


class Cost:
    """A cost with `per_example(a, y)` (C_x per column), `value(a, y)` and `grad(a, y)`."""

    def __init__(self, name, per_example, grad, formula):
        self.name = name
        self._per_example = per_example
        self._grad = grad
        self.formula = formula

    def __repr__(self):
        return f"<Cost {self.name}: {self.formula}>"

    def per_example(self, a, y):
        """C_x for each column: a scalar for (n,) input, shape (m,) for (n, m)."""
        a, y = _check(a, y)
        self._check_domain(a, y)
        return self._per_example(a, y)

    def value(self, a, y):
        """C = mean over the columns of C_x (a single example: C_x itself)."""
        return np.mean(self.per_example(a, y))

    def grad(self, a, y):
        """∂C_x/∂a_j for each example, same shape as a."""
        a, y = _check(a, y)
        return self._checked_grad(a, y)

    def _checked_grad(self, a, y):
        """`grad` for arrays already checked for shape and finiteness (the domain still is)."""
        self._check_domain(a, y, grad=True)
        return self._grad(a, y)

    def _check_domain(self, a, y, grad=False):
        pass


class _CrossEntropy(Cost):
    def _check_domain(self, a, y, grad=False):
        if np.any((y < 0) | (y > 1)):
            raise ValueError("cross_entropy needs targets y in [0, 1]")
        ar = a.real
        # C_x needs ln a_j where y_j > 0 and ln(1 - a_j) where y_j < 1 (0 ln 0 = 0), so a
        # saturated output that matches its target (a = y = 1) has a cost, 0; the gradient
        # (a - y) / (a (1 - a)) needs 0 < a < 1 everywhere.
        if grad:
            bad = (ar <= 0) | (ar >= 1)
        else:
            bad = (ar < 0) | (ar > 1) | ((ar == 0) & (y > 0)) | ((ar == 1) & (y < 1))
        if np.any(bad):
            raise ValueError(
                "cross_entropy needs outputs 0 < a < 1 (ln a and ln(1 - a)); got a value at or "
                "beyond 0 or 1, e.g. a saturated sigmoid. For sigmoid + cross-entropy use "
                "bp1.output_error_fused, which gives δ = a - y without dividing by a(1 - a)."
            )


class _LogLikelihood(Cost):
    def _check_domain(self, a, y, grad=False):
        is_onehot = np.all((y == 0) | (y == 1)) and np.all(np.sum(y, axis=0) == 1)
        if not is_onehot:
            raise ValueError(
                "log_likelihood needs one-hot targets y: each column all zeros except one 1"
            )
        if np.any(a.real[y == 1] <= 0):
            raise ValueError(
                "log_likelihood needs a_y > 0 for the target class (ln a_y); got a_y <= 0. "
                "For softmax + log-likelihood use bp1.output_error_fused (δ = a - y)."
            )


quadratic = Cost(
    "quadratic",
    per_example=lambda a, y: 0.5 * _per_column((a - y) ** 2),
    grad=lambda a, y: a - y,
    formula="C_x = ½ Σ_j (a_j - y_j)²",
)

cross_entropy = _CrossEntropy(
    "cross_entropy",
    per_example=lambda a, y: -_per_column(_y_log(y, a) + _y_log(1.0 - y, 1.0 - a)),
    grad=lambda a, y: (a - y) / (a * (1.0 - a)),
    formula="C_x = -Σ_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)]",
)


def _log_likelihood_grad(a, y):
    # ∂/∂a_j of -Σ_k y_k ln a_k is -y_j / a_j; entries with y_j = 0 are exactly 0
    g = np.zeros_like(a)
    nz = y != 0
    g[nz] = -y[nz] / a[nz]
    return g


log_likelihood = _LogLikelihood(
    "log_likelihood",
    per_example=lambda a, y: -_per_column(_y_log(y, a)),
    grad=_log_likelihood_grad,
    formula="C_x = -ln a_y = -Σ_j y_j ln a_j",
)

COSTS = {c.name: c for c in (quadratic, cross_entropy, log_likelihood)}


def get_cost(name):
    """The Cost called `name` (or `name` itself if it already is a Cost)."""
    if isinstance(name, Cost):
        return name
    if not isinstance(name, str):
        raise TypeError(f"cost must be a name or a Cost, got {type(name).__name__}")
    try:
        return COSTS[name]
    except KeyError:
        raise ValueError(f"unknown cost {name!r}; expected one of {sorted(COSTS)}") from None
