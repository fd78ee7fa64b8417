"""Activation functions a = σ(z) with their Jacobians and vector-Jacobian products.

Convention, the same in every module and notebook: J[k, j] = ∂a_k/∂z_j, row k = output,
column j = input, so that equation (37) reads δ = Jᵀ ∇_a C, which is exactly what
`vjp(z, grad_a)` returns.

Shapes: z is (n,) for one example, (n, 1) for one example as a column, or (n, m) for a
mini-batch with one example per column. Softmax acts on each column separately.

Every function here also accepts complex z, so that the complex-step derivative
(`gradcheck.numerical_gradient(..., method="complex")`) can differentiate through it.

Used in notebooks: 00, 02, 03, 04, 05, 06, 07, 08, 09, 10.
Notebook 01 reaches it through `Network`; the explorer in 05 shows sigmoid and softmax side by side.
"""

import numpy as np

from ._checks import as_array, one_vector, same_shape


class Activation:
    """One activation function σ with everything equations (37) and (38) need.

    name        : "sigmoid", "tanh", "relu", "identity" or "softmax"
    elementwise : True when a_k depends on z_k alone (diagonal Jacobian), so (37) collapses to (38)
    log_space   : True when `log(z)` and `log1m(z)` are computed from z without forming a
                  (sigmoid, softmax): right even where a has rounded to 0 or 1

    Every method takes `check_input=True`: False skips the shape and finiteness checks, for a
    caller that has checked its arrays once already (`Network.sgd`'s inner loop).
    """

    def __init__(self, name, forward, diagonal, elementwise, log=None, log1m=None):
        self.name = name
        self._forward = forward
        self._diagonal = diagonal  # (z, a) -> ∂a_j/∂z_j, same shape as z
        self._log = log  # z -> ln a, from z (None: ln of the rounded a)
        self._log1m = log1m  # z -> ln(1 - a), from z
        self.elementwise = elementwise
        self.log_space = log is not None

    def __repr__(self):
        return f"<Activation {self.name}>"

    def __call__(self, z, check_input=True):
        """a = σ(z), same shape as z: (n,), (n, 1) or (n, m) with one example per column."""
        return self._forward(_z(z, check_input))

    def prime(self, z, check_input=True):
        """σ'(z), same shape as z: the diagonal of the Jacobian, used by (38) and BP1.

        Raises ValueError for softmax (not element-wise: there is no σ'(z_j) per neuron)."""
        if not self.elementwise:
            raise ValueError(
                f"{self.name} is not an element-wise activation: each output a_k depends on every "
                "z_j, so there is no single derivative σ'(z_j) per neuron. Use "
                f"{self.name}.jacobian(z) (the full matrix ∂a_k/∂z_j) or {self.name}.vjp(z, g) "
                "(equation (37))."
            )
        return self.diagonal(z, check_input=check_input)

    def diagonal(self, z, a=None, check_input=True):
        """The diagonal ∂a_j/∂z_j of the Jacobian, per column, same shape as z.

        For an element-wise activation this is σ'(z); for softmax it is a_j (1 - a_j).
        a : optional σ(z) already computed (Network.backprop reuses its forward pass)."""
        z = _z(z, check_input)
        return self._diagonal(z, self._forward(z) if a is None else a)

    def jacobian(self, z):
        """(n, n) Jacobian J[k, j] = ∂a_k/∂z_j for one vector z of shape (n,) or (n, 1)."""
        z = one_vector(as_array(z, "z"))
        flat = z.reshape(-1)
        a = self._forward(flat)
        if self.elementwise:
            return np.diag(self._diagonal(flat, a))
        # softmax: ∂a_k/∂z_j = a_k (1[k = j] - a_j), i.e. diag(a) - a aᵀ
        return np.diag(a) - np.outer(a, a)

    def vjp(self, z, g, a=None, check_input=True):
        """Jᵀ g without forming J: the sum over k in equation (37), one column at a time.

        z, g : same shape, (n,), (n, 1) or (n, m) with one example per column (a batch stored
               one example per row must be transposed first); g holds ∂C/∂a_k per column
        a    : optional σ(z) already computed
        returns an array of the shape of z with entry j = Σ_k g_k ∂a_k/∂z_j
        """
        z = _z(z, check_input)
        if check_input:
            g = as_array(g, "g")
            same_shape(z, g, "z", "g")
        if a is None:
            a = self._forward(z)
        if self.elementwise:
            return g * self._diagonal(z, a)
        # softmax: Σ_k g_k a_k (1[k = j] - a_j) = a_j (g_j - Σ_k a_k g_k), O(n) per column.
        # Since Σ_k a_k = 1, shifting g by any constant per column leaves this unchanged; the
        # shift by g at the column's largest output p removes the term that would cancel when
        # a_p is close to 1 (a saturated softmax keeps its small entries' digits)
        g = g - g[np.argmax(a.real, axis=0), np.arange(a.shape[1])] if a.ndim == 2 else \
            g - g[np.argmax(a.real)]
        return a * (g - np.sum(a * g, axis=0, keepdims=True))

    def log(self, z, check_input=True):
        """ln a = ln σ(z), same shape as z, for the log-likelihood and cross-entropy costs.

        Sigmoid and softmax compute it from z (log-sigmoid, log-softmax), so ln a stays right
        where a itself has rounded to 0 (z = [1000, 0, -1000] gives ln a_3 = -2000). Other
        activations take ln of a (-inf at a = 0, NaN for a < 0: costs check that first)."""
        z = _z(z, check_input)
        if self._log is not None:
            return self._log(z)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(self._forward(z))

    def log1m(self, z, check_input=True):
        """ln(1 - a) = ln(1 - σ(z)), same shape as z, for the cross-entropy cost; from z for
        sigmoid (-softplus(z)) and softmax (ln Σ_{i≠k} e^{z_i} - ln Σ_i e^{z_i})."""
        z = _z(z, check_input)
        if self._log1m is not None:
            return self._log1m(z)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log1p(-self._forward(z))


def _z(z, check_input):
    return as_array(z, "z") if check_input else z


def _sigmoid(z):
    # Real z: 1/(1 + e^{-z}), whose e^{-z} cannot overflow above z = -700; below, σ(z) = e^z
    # to double precision (1 + e^z rounds to 1). Each entry's value is the same whatever the
    # other entries are, so a batch is exactly column by column.
    # Complex z (the complex step): 1/(1+e^{-z}) for Re z >= 0 and e^z/(1+e^z) otherwise, the
    # exponent never positive, both forms analytic.
    if np.iscomplexobj(z):
        pos = z.real >= 0
        e = np.exp(np.where(pos, -z, z))
        r = 1.0 / (1.0 + e)
        return np.where(pos, r, e * r)
    if z.min() > -700.0:
        e = np.negative(z)
        np.exp(e, out=e)
        e += 1.0
        return np.reciprocal(e, out=e)
    r = 1.0 / (1.0 + np.exp(-np.maximum(z, -700.0)))
    return np.where(z > -700.0, r, np.exp(np.minimum(z, -700.0)))


def _sigmoid_prime(z, a):
    # σ'(z) = σ(z) σ(-z) = e^{-|z|} r² with r = σ(|z|) = max(a, 1 - a): unlike a (1 - a), right
    # where a has rounded to 1 (1 - a is formed only where it is >= 1/2)
    if np.iscomplexobj(z):
        return a * _sigmoid(-z)
    e = np.abs(z)
    np.negative(e, out=e)
    np.exp(e, out=e)
    r = np.maximum(a, 1.0 - a)
    r *= r
    e *= r
    return e


def _softmax(z):
    # a_k = e^{z_k} / Σ_i e^{z_i} per column; shifting z by the column's max leaves a unchanged
    # and keeps every exponent <= 0, so nothing overflows.
    shifted = z - np.max(z.real, axis=0, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=0, keepdims=True)


def _softplus(x):
    # ln(1 + e^x) with no overflow: x + ln(1 + e^{-x}) for Re x > 0; analytic on each side
    pos = x.real > 0
    return np.where(pos, x, 0.0) + np.log1p(np.exp(np.where(pos, -x, x)))


def _logsumexp(z):
    # ln Σ_i e^{z_i} per column, shifted by the column's largest real part (a constant for
    # the complex step); -inf for a column of -inf
    shift = np.max(z.real, axis=0, keepdims=True)
    shift = np.where(np.isfinite(shift), shift, 0.0)
    with np.errstate(divide="ignore"):
        return shift + np.log(np.sum(np.exp(z - shift), axis=0, keepdims=True))


def _shifted_by_largest(z):
    """(d, p, cols, log1p_s) for z as (n, m) columns: p = each column's largest logit,
    d = z - z_p (d_p = 0 exactly, also for the complex step) and log1p_s = ln(1 + s),
    s = Σ_{i≠p} e^{d_i}, so that ln Σ_i e^{z_i} = z_p + ln(1 + s)."""
    cols = np.arange(z.shape[1])
    p = np.argmax(z.real, axis=0)
    d = z - z[p, cols]
    e = np.exp(d)
    e[p, cols] = 0.0
    return d, p, cols, np.log1p(np.sum(e, axis=0))


def _log_softmax(z):
    # ln a_k = (z_k - z_p) - ln(1 + s): for the largest logit p this is -ln(1 + s) with no
    # cancellation, so ln a_p (near 0) keeps its digits, and its complex-step derivative too
    z2 = z.reshape(z.shape[0], -1)  # (n,) -> (n, 1); columns stay columns
    d, _, _, log1p_s = _shifted_by_largest(z2)
    return (d - log1p_s).reshape(z.shape)


def _log1m_softmax(z):
    # ln(1 - a_k) = ln Σ_{i≠k} a_i. Only the column's largest logit p can have a_p > 1/2; its
    # 1 - a_p = s / (1 + s) is taken in log space, ln Σ_{i≠p} e^{d_i} - ln(1 + s) (s may
    # underflow as a number). For every other k, a_k <= 1/2 and log1p(-a_k) is accurate.
    z2 = z.reshape(z.shape[0], -1)
    d, p, cols, log1p_s = _shifted_by_largest(z2)
    with np.errstate(divide="ignore"):
        out = np.log1p(-np.exp(d - log1p_s))
        others = d.copy()
        others[p, cols] = -np.inf  # one output only: ln 0 = -inf, since then a = 1
        out[p, cols] = (_logsumexp(others) - log1p_s)[0]
    return out.reshape(z.shape)


def _relu(z):
    return np.where(z.real > 0, z, 0.0)


def _tanh_prime(z, a):
    # 1 - a² rounds to 0 once tanh z rounds to ±1; 1/cosh² z keeps its digits (0 past |z| ~ 355)
    with np.errstate(over="ignore"):
        return 1.0 / np.cosh(z) ** 2


sigmoid = Activation("sigmoid", _sigmoid, _sigmoid_prime, elementwise=True,
                     log=lambda z: -_softplus(-z), log1m=lambda z: -_softplus(z))
tanh = Activation("tanh", np.tanh, _tanh_prime, elementwise=True)
relu = Activation(
    "relu", _relu, lambda z, a: (z.real > 0).astype(np.float64), elementwise=True
)
identity = Activation(
    "identity", lambda z: z.copy(), lambda z, a: np.ones(z.shape), elementwise=True
)
softmax = Activation("softmax", _softmax, lambda z, a: a * (1.0 - a), elementwise=False,
                     log=_log_softmax, log1m=_log1m_softmax)

ACTIVATIONS = {act.name: act for act in (sigmoid, tanh, relu, identity, softmax)}


def get_activation(name):
    """The Activation called `name` (or `name` itself if it already is an Activation)."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(
            f"activation must be a name or an Activation, got {type(name).__name__}"
        )
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}"
        ) from None
