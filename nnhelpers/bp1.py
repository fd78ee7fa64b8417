"""Equations (36), (37) and (38) of Nielsen's chapter 2 as code: five ways to get δ^L.

    (36)  δ_j = ∂C/∂z_j                                   output_error_numeric (the definition)
    (37)  δ_j = Σ_k ∂C/∂a_k · ∂a_k/∂z_j  = (Jᵀ ∇_a C)_j     output_error (always right)
    (38)  δ_j = ∂C/∂a_j · σ'(z_j)        = ∇_a C ⊙ σ'(z)    output_error_elementwise (BP1)
          keep only k = j of (37) whatever σ is           output_error_diagonal_only (wrong
                                                          for softmax: the counterexample)
          a - y for softmax + log-likelihood, sigmoid + cross-entropy   output_error_fused

Shapes: z and y are (n,) for one example or (n, m) with one example per column; every
function returns δ with the shape of z. `activation` and `cost` are objects from
`nnhelpers.activations` / `nnhelpers.costs` or their names ("softmax", "log_likelihood").

Used in notebooks 02-07 and by `Network.backprop`.
"""

import numpy as np

from ._checks import as_array, same_shape
from .activations import get_activation
from .costs import get_cost
from .gradcheck import _check_method

FUSED_PAIRS = (("softmax", "log_likelihood"), ("sigmoid", "cross_entropy"))


def _prepare(z, y, activation, cost):
    z = as_array(z, "z", allow_complex=False)
    y = as_array(y, "y", allow_complex=False)
    same_shape(z, y, "z", "y")
    return z, y, get_activation(activation), get_cost(cost)


def output_error(z, y, activation, cost):
    """δ^L by (37): δ = Jᵀ ∇_a C, a vector-Jacobian product (J is never formed)."""
    z, y, act, cost = _prepare(z, y, activation, cost)
    return _output_error(z, act._forward(z), y, act, cost)


def _output_error(z, a, y, act, cost):
    """(37) for checked z, y and a = σ(z) already computed (Network.backprop's inner loop)."""
    grad_a = cost._checked_grad(a, y)  # ∂C/∂a_k, for every k
    return act._vjp(z, a, grad_a)  # (37): Σ_k ∂C/∂a_k · ∂a_k/∂z_j


def output_error_elementwise(z, y, activation, cost):
    """δ^L by (38), i.e. BP1: δ = ∇_a C ⊙ σ'(z). Only for element-wise activations."""
    z, y, act, cost = _prepare(z, y, activation, cost)
    if not act.elementwise:
        raise ValueError(
            f"(38) needs an element-wise activation, and {act.name} is not one: each a_k depends "
            "on every z_j, so the terms k != j of (37) do not vanish. Use output_error (37)."
        )
    return cost.grad(act(z), y) * act.prime(z)  # (38) / BP1


def output_error_diagonal_only(z, y, activation, cost):
    """The "skip the sum" answer: ∂C/∂a_j · ∂a_j/∂z_j, dropping every k != j term of (37).

    Equal to (38) for element-wise activations; for softmax it leaves out the off-diagonal
    terms -a_k a_j and gives a wrong δ. The course's counterexample (notebooks 04, 07).
    """
    z, y, act, cost = _prepare(z, y, activation, cost)
    return cost.grad(act(z), y) * act.diagonal(z)  # only k = j of (37)


def eq37_terms(z, y, activation, cost, j):
    """The n terms ∂C/∂a_k · ∂a_k/∂z_j of the sum (37) for output neuron j (0-based).

    z, y : one example, (n,) or (n, 1); returns (n,) with terms[k]; their sum is δ_j.
    Forms the Jacobian's column j on purpose: this is for showing the terms, not for training.
    """
    z, y, act, cost = _prepare(z, y, activation, cost)
    if z.ndim == 2 and z.shape[1] != 1:
        raise ValueError(f"z must be one example, shape (n,) or (n, 1), got {z.shape}")
    z, y = z.reshape(-1), y.reshape(-1)
    if not isinstance(j, (int, np.integer)) or not 0 <= j < z.size:
        raise ValueError(f"j must be an integer index in 0..{z.size - 1}, got {j!r}")
    return cost.grad(act(z), y) * act.jacobian(z)[:, j]


def output_error_numeric(z, y, activation, cost, h=None, method="central"):
    """δ^L straight from the definition (36): δ_j = ∂C_x/∂z_j by numerical differentiation.

    method : "central" (default h = 1e-6), "forward" (1e-8) or "complex" (1e-20)
    Every column is an example of its own; row j of all columns is perturbed at once.
    """
    z, y, act, cost = _prepare(z, y, activation, cost)
    h = _check_method(method, h)

    def cost_per_example(zz):
        return cost.per_example(act(zz), y)

    base = z.astype(np.complex128) if method == "complex" else z.copy()
    delta = np.empty_like(z)
    c0 = np.real(cost_per_example(base)) if method == "forward" else None
    for j in range(z.shape[0]):
        old = base[j].copy()
        if method == "complex":
            base[j] = old + 1j * h
            delta[j] = np.imag(cost_per_example(base)) / h
        elif method == "central":
            base[j] = old + h
            cp = cost_per_example(base)
            base[j] = old - h
            cm = cost_per_example(base)
            delta[j] = (cp - cm) / (2 * h)
        else:
            base[j] = old + h
            delta[j] = (cost_per_example(base) - c0) / h
        base[j] = old
    return delta


def output_error_fused(z, y, activation, cost):
    """δ^L = a - y, what (37) reduces to for softmax + log-likelihood (Nielsen's (84)) and
    (38) for sigmoid + cross-entropy. Stable for large |z|: no division by a or by a(1 - a).
    """
    z, y, act, cost = _prepare(z, y, activation, cost)
    if (act.name, cost.name) not in FUSED_PAIRS:
        raise ValueError(
            f"δ = a - y holds only for {' and '.join('+'.join(p) for p in FUSED_PAIRS)}, "
            f"not for {act.name} + {cost.name}; use output_error (37)."
        )
    return act(z) - y
