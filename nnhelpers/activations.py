"""Activation functions a = σ(z), their derivatives and Jacobians: the second factor of (37).

    sigmoid (3), tanh, relu, identity   element-wise: a_k depends on z_k alone
    softmax (78)                        a_k = e^{z_k} / Σ_i e^{z_i}: every a_k depends on every z_j

Each is an `Activation` with
    a = act(z)           the outputs
    act.prime(z)         σ'(z), the factor of (38) and BP1 (element-wise activations only)
    act.jacobian(z)      J[k, j] = ∂a_k/∂z_j for one vector z: row k output, column j input
    act.vjp(z, g)        Jᵀg without forming J: with g = ∇_a C this is the sum over k of (37)
    act.diagonal_of(a)   ∂a_j/∂z_j from the outputs a: σ'(z), or a_j(1 - a_j) for softmax, which
                         has no σ' (only the "skip the sum" δ of bp1 needs it)

Every derivative here can be written with the outputs a = σ(z) alone (σ' = a(1 - a) for
sigmoid, 1 - a² for tanh; J = diag(a) - a aᵀ for softmax), and that is how the formulas take it,
as backprop holds a^l from its forward pass.

Shapes: z is (n,), (n, 1) or (n, m) with one example per column; softmax normalises each
column. Complex z works too (the complex-step derivative). The methods above check z once
(nnhelpers.validation), compute a = σ(z) with no overflow (nnhelpers.stable.sigma) and call the
formulas `prime_from_a`, `jacobian_of`, `vjp_of` (and `diagonal_of`), which check nothing.
`sigma` is the book's formula itself. ln a, ln(1 - a) and σ' at saturation: nnhelpers.stable.

Used in notebooks: 00, 02, 03, 04, 05, 06, 07, 08, 09, 10.
"""

import numpy as np

from . import stable
from .validation import as_array, check_choice, one_vector, same_shape


def _sigmoid(z):
    # σ(z) = 1/(1 + e^{-z}) (3). For real z < -709, e^{-z} overflows to inf and σ is exactly 0
    # (Network's training loop silences that warning); the public methods use stable.sigmoid
    return 1.0 / (1.0 + np.exp(-z))


def _softmax(z):
    # (78) per column; subtracting the column's largest z changes no a_k and keeps e^z finite
    e = np.exp(z - np.max(z.real, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


class Activation:
    """σ with what (37) and (38) need; see the module docstring for the methods.

    name         : "sigmoid", "tanh", "relu", "identity" or "softmax"
    sigma        : z -> a = σ(z), the formula (no checks)
    prime_from_a : a -> σ'(z), written with a = σ(z), for an element-wise σ; None for softmax
    elementwise  : True when a_k depends on z_k alone: J is diagonal and (37) collapses to (38)"""

    def __init__(self, name, sigma, prime_from_a=None):
        self.name, self.sigma, self.prime_from_a = name, sigma, prime_from_a
        self.elementwise = prime_from_a is not None

    def __repr__(self):
        return f"<Activation {self.name}>"

    # --- the formulas: no checks --------------------------------------------------------

    def diagonal_of(self, a):
        """∂a_j/∂z_j from the outputs a, shaped like a."""
        if self.elementwise:
            return self.prime_from_a(a)
        return a * (1.0 - a)  # softmax: ∂a_j/∂z_j = a_j (1 - a_j)

    def jacobian_of(self, a):
        """(n, n) J[k, j] = ∂a_k/∂z_j from the outputs a of one vector z, a of shape (n,)."""
        if self.elementwise:
            return np.diag(self.prime_from_a(a))
        return np.diag(a) - np.outer(a, a)  # softmax: ∂a_k/∂z_j = a_k (1[k = j] - a_j)

    def vjp_of(self, a, g):
        """Jᵀg per column from the outputs a: entry j is Σ_k g_k ∂a_k/∂z_j, the sum of (37)."""
        if self.elementwise:
            return g * self.prime_from_a(a)  # J is diagonal: only k = j, that is (38)
        # softmax: Σ_k g_k a_k (1[k = j] - a_j) = a_j (g_j - Σ_k a_k g_k), O(n) per column
        return a * (g - np.sum(a * g, axis=0))

    # --- the public methods: check once, then call the formulas ------------------------

    def __call__(self, z):
        """a = σ(z), shaped like z: (n,), (n, 1) or (n, m), one example per column."""
        return stable.sigma(self, as_array(z, "z"))

    def prime(self, z):
        """σ'(z), shaped like z. Raises ValueError for softmax, which has no σ'(z_j)."""
        if not self.elementwise:
            raise ValueError(
                f"{self.name} is not an element-wise activation: each output a_k depends on every "
                "z_j, so there is no single derivative σ'(z_j) per neuron. Use "
                f"{self.name}.jacobian(z) (the full matrix ∂a_k/∂z_j) or {self.name}.vjp(z, g) "
                "(equation (37)).")
        return self.prime_from_a(stable.sigma(self, as_array(z, "z")))

    def jacobian(self, z):
        """(n, n) Jacobian J[k, j] = ∂a_k/∂z_j for one vector z, shape (n,) or (n, 1)."""
        return self.jacobian_of(stable.sigma(self, one_vector(as_array(z, "z")).reshape(-1)))

    def vjp(self, z, g):
        """Jᵀg without forming J; returns entry j = Σ_k g_k ∂a_k/∂z_j, shaped like z.

        z, g : one shape, (n,), (n, 1) or (n, m) with one example per column; g holds ∂C/∂a_k"""
        z, g = as_array(z, "z"), as_array(g, "g")
        same_shape(z, g, "z", "g")
        return self.vjp_of(stable.sigma(self, z), g)


sigmoid = Activation("sigmoid", _sigmoid, lambda a: a * (1.0 - a))  # σ' = σ(1 - σ)
tanh = Activation("tanh", np.tanh, lambda a: 1.0 - a * a)  # tanh' = 1 - tanh²
relu = Activation("relu", lambda z: np.where(z.real > 0, z, 0.0),
                  lambda a: (a.real > 0).astype(np.float64))  # 1[z > 0]; relu'(0) = 0
identity = Activation("identity", lambda z: z.copy(), lambda a: np.ones(a.shape))
softmax = Activation("softmax", _softmax)

ACTIVATIONS = {act.name: act for act in (sigmoid, tanh, relu, identity, softmax)}


def get_activation(name):
    """The Activation called `name` (or `name` itself if it already is one)."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(f"activation must be a name or an Activation, got {type(name).__name__}")
    return ACTIVATIONS[check_choice(name, sorted(ACTIVATIONS), "activation")]
