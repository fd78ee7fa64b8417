"""Activation functions a = σ(z) with their Jacobians and vector-Jacobian products.

Convention (DESIGN §3): J[k, j] = ∂a_k/∂z_j, row k = output, column j = input, so that
equation (37) reads δ = Jᵀ ∇_a C, which is exactly what `vjp(z, grad_a)` returns.

Shapes: z is (n,) for one example, (n, 1) for one example as a column, or (n, m) for a
mini-batch with one example per column. Softmax acts on each column separately.

Every function here also accepts complex z, so that the complex-step derivative
(`gradcheck.numerical_gradient(..., method="complex")`) can differentiate through it.

Used by every notebook; the explorer in 05 shows sigmoid and softmax side by side.
"""

import numpy as np

from ._checks import as_array, one_vector, same_shape


class Activation:
    """One activation function σ with everything equations (37) and (38) need.

    name        : "sigmoid", "tanh", "relu", "identity" or "softmax"
    elementwise : True when a_k depends on z_k alone (diagonal Jacobian), so (37) collapses to (38)
    """

    def __init__(self, name, forward, diagonal, elementwise):
        self.name = name
        self._forward = forward
        self._diagonal = diagonal  # (z, a) -> ∂a_j/∂z_j, same shape as z
        self.elementwise = elementwise

    def __repr__(self):
        return f"<Activation {self.name}>"

    def __call__(self, z):
        """a = σ(z), same shape as z: (n,), (n, 1) or (n, m)."""
        return self._forward(as_array(z, "z"))

    def prime(self, z):
        """σ'(z), same shape as z: the diagonal of the Jacobian, used by (38) and BP1."""
        if not self.elementwise:
            raise ValueError(
                f"{self.name} is not an element-wise activation: each output a_k depends on every "
                "z_j, so there is no single derivative σ'(z_j) per neuron. Use "
                f"{self.name}.jacobian(z) (the full matrix ∂a_k/∂z_j) or {self.name}.vjp(z, g) "
                "(equation (37))."
            )
        z = as_array(z, "z")
        return self._diagonal(z, self._forward(z))

    def diagonal(self, z):
        """The diagonal ∂a_j/∂z_j of the Jacobian, per column, same shape as z.

        For an element-wise activation this is σ'(z); for softmax it is a_j (1 - a_j).
        """
        z = as_array(z, "z")
        return self._diagonal(z, self._forward(z))

    def jacobian(self, z):
        """(n, n) Jacobian J[k, j] = ∂a_k/∂z_j for one vector z of shape (n,) or (n, 1)."""
        z = one_vector(as_array(z, "z"))
        flat = z.reshape(-1)
        a = self._forward(flat)
        if self.elementwise:
            return np.diag(self._diagonal(flat, a))
        # softmax: ∂a_k/∂z_j = a_k (δ_kj - a_j), i.e. diag(a) - a aᵀ
        return np.diag(a) - np.outer(a, a)

    def vjp(self, z, g):
        """Jᵀ g without forming J: the sum over k in equation (37), one column at a time.

        z, g : same shape, (n,), (n, 1) or (n, m); g holds ∂C/∂a_k for each column
        returns an array of the shape of z with entry j = Σ_k g_k ∂a_k/∂z_j
        """
        z = as_array(z, "z")
        g = as_array(g, "g")
        same_shape(z, g, "z", "g")
        return self._vjp(z, self._forward(z), g)

    def _vjp(self, z, a, g):
        """`vjp` for checked z, g of one shape and a = σ(z) already computed."""
        if self.elementwise:
            return g * self._diagonal(z, a)
        # softmax: Σ_k g_k a_k (δ_kj - a_j) = a_j (g_j - Σ_k a_k g_k), O(n) per column
        return a * (g - np.sum(a * g, axis=0, keepdims=True))


def _sigmoid(z):
    # 1/(1+e^{-z}) for Re z >= 0 and e^z/(1+e^z) otherwise: the exponent is never positive,
    # so there is no overflow for |z| up to 1e308, and both forms are analytic (complex step).
    if np.iscomplexobj(z):
        pos = z.real >= 0
        e = np.exp(np.where(pos, -z, z))
    else:
        pos = z >= 0
        e = np.exp(-np.abs(z))  # the same numbers, computed faster for real z
    r = 1.0 / (1.0 + e)
    return np.where(pos, r, e * r)


def _softmax(z):
    # a_k = e^{z_k} / Σ_i e^{z_i} per column; shifting z by the column's max leaves a unchanged
    # and keeps every exponent <= 0, so nothing overflows.
    shifted = z - np.max(z.real, axis=0, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=0, keepdims=True)


def _relu(z):
    return np.where(z.real > 0, z, 0.0)


sigmoid = Activation("sigmoid", _sigmoid, lambda z, a: a * (1.0 - a), elementwise=True)
tanh = Activation("tanh", np.tanh, lambda z, a: 1.0 - a * a, elementwise=True)
relu = Activation(
    "relu", _relu, lambda z, a: (z.real > 0).astype(np.float64), elementwise=True
)
identity = Activation(
    "identity", lambda z: z.copy(), lambda z, a: np.ones(z.shape), elementwise=True
)
softmax = Activation("softmax", _softmax, lambda z, a: a * (1.0 - a), elementwise=False)

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
