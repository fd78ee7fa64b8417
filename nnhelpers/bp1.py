"""Equations (36), (37) and (38) of Nielsen's chapter 2 as code: five ways to get δ^L.

    (36)  δ_j = ∂C/∂z_j                                   output_error_numeric (the definition)
    (37)  δ_j = Σ_k ∂C/∂a_k · ∂a_k/∂z_j  = (Jᵀ ∇_a C)_j     output_error (always right)
    (38)  δ_j = ∂C/∂a_j · σ'(z_j)        = ∇_a C ⊙ σ'(z)    output_error_elementwise (BP1)
          keep only k = j of (37) whatever σ is           output_error_diagonal_only (wrong
                                                          for softmax: the counterexample)
          a - y for softmax + log-likelihood, sigmoid + cross-entropy   output_error_fused

Shapes: z and y are (n,) for one example or (n, m) with one example per column (a batch
stored one example per row must be transposed first: softmax would normalise the wrong axis,
silently); every function returns δ with the shape of z. `activation` and `cost` are objects
from `nnhelpers.activations` / `nnhelpers.costs` or their names ("softmax", "log_likelihood").

Targets follow the cost's rule (nnhelpers.costs) on every path, and every path gives the same
δ for the same input, also where a = σ(z) has rounded to 0 or 1 (there (37) is taken in a
regrouped form, see `Cost.delta`). `check_input=False` skips the input checks for a caller
that has made them once. Raises ValueError/TypeError naming what was expected.

Used in notebooks: 00, 01, 02, 03, 04, 06, 07, 08, 09, 10.
Also used by `Network.backprop` and by the explorer's numbers (`nnhelpers.explorer_state`).
"""

import numpy as np

from ._checks import as_array, check_index, same_shape
from .activations import get_activation
from .costs import get_cost
from .gradcheck import check_method, difference_quotient, perturbation_base

FUSED_PAIRS = (("softmax", "log_likelihood"), ("sigmoid", "cross_entropy"))


def _prepare(z, y, activation, cost, check_input):
    act, cost = get_activation(activation), get_cost(cost)
    if check_input:
        z = as_array(z, "z", allow_complex=False)
        y = as_array(y, "y", allow_complex=False)
        same_shape(z, y, "z", "y")
        cost.check_targets(y)
    return z, y, act, cost


def output_error(z, y, activation, cost, check_input=True):
    """δ^L by (37): δ = Jᵀ ∇_a C, a vector-Jacobian product (J is never formed).

    The activation/cost pair's `cost.delta(z, a, y, activation)`: for sigmoid and softmax
    outputs with the cross-entropy or log-likelihood cost, the same sum regrouped so that it
    never divides by a or 1 - a, right where a has rounded to 0 or 1.
    Raises ValueError for targets outside the cost's rule (see nnhelpers.costs)."""
    z, y, act, cost = _prepare(z, y, activation, cost, check_input)
    return cost.delta(z, None, y, act, check_input=False)  # (37)


def output_error_elementwise(z, y, activation, cost, check_input=True):
    """δ^L by (38), i.e. BP1: δ = ∇_a C ⊙ σ'(z). Only for element-wise activations.

    For a diagonal Jacobian the vector-Jacobian product of (37) is exactly this element-wise
    product, and the values are (37)'s (with sigmoid + cross-entropy or log-likelihood the
    division by a(1 - a) cancelled: a - y and -y(1 - a)). Raises ValueError for softmax."""
    z, y, act, cost = _prepare(z, y, activation, cost, check_input)
    if not act.elementwise:
        raise ValueError(
            f"(38) needs an element-wise activation, and {act.name} is not one: each a_k depends "
            "on every z_j, so the terms k != j of (37) do not vanish. Use output_error (37)."
        )
    return cost.delta(z, None, y, act, check_input=False)  # (38) / BP1: ∇_a C ⊙ σ'(z)


def output_error_diagonal_only(z, y, activation, cost, check_input=True):
    """The "skip the sum" answer: ∂C/∂a_j · ∂a_j/∂z_j, dropping every k != j term of (37).

    Equal to (38) for element-wise activations; for softmax it leaves out the off-diagonal
    terms -a_k a_j and gives a wrong δ. The course's counterexample (notebooks 04, 07).
    For sigmoid and softmax outputs the diagonal ∂a_j/∂z_j = a_j (1 - a_j) cancels the cost's
    division: cross-entropy gives a - y, log-likelihood -y (1 - a), finite at saturation.
    """
    z, y, act, cost = _prepare(z, y, activation, cost, check_input)
    if act.elementwise:  # k = j is the only term: this is (38)
        return cost.delta(z, None, y, act, check_input=False)
    a = act(z, check_input=False)
    if cost.name == "cross_entropy":
        return a - y  # (a - y)/(a(1 - a)) · a(1 - a): only k = j of (37)
    if cost.name == "log_likelihood":
        # -y/a · a(1 - a): only k = j (0.0 - ...: +0, not -0, where y = 0)
        return 0.0 - y * np.exp(act.log1m(z, check_input=False))
    return cost.grad(a, y, check_input=False) * act.diagonal(z, a, check_input=False)  # k = j


def eq37_terms(z, y, activation, cost, j):
    """The n terms ∂C/∂a_k · ∂a_k/∂z_j of the sum (37) for output neuron j (0-based).

    z, y : one example, (n,) or (n, 1); returns (n,) with terms[k]; their sum is δ_j.
    Forms the Jacobian's column j on purpose: this is for showing the terms, not for training.
    For an element-wise activation the one nonzero term is δ_j as (37) computes it; for
    softmax + log-likelihood each term is -y_k (1[k = j] - a_j), the division by a_k cancelled,
    and for softmax + cross-entropy each term is taken so that it stays finite and right where
    a has rounded to 0 or 1. Other pairs with outputs outside (0, 1) raise ValueError.
    """
    z, y, act, cost = _prepare(z, y, activation, cost, True)
    if z.ndim == 2 and z.shape[1] != 1:
        raise ValueError(f"z must be one example, shape (n,) or (n, 1), got {z.shape}")
    z, y = z.reshape(-1), y.reshape(-1)
    j = check_index(j, z.size, "j")
    if act.elementwise:  # J is diagonal: the one term k = j is δ_j itself, every other is 0
        terms = np.zeros_like(z)
        terms[j] = cost.delta(z, None, y, act, check_input=False)[j]
        return terms
    a = act(z, check_input=False)
    if not act.log_space:
        return cost.grad(a, y, check_input=False) * act.jacobian(z)[:, j]
    # softmax: ∂a_k/∂z_j = a_k (1[k = j] - a_j), with 1 - a_j taken from z (log space)
    column = np.full(z.shape, -a[j])
    column[j] = np.exp(act.log1m(z, check_input=False)[j])
    if cost.name == "log_likelihood":  # -y_k/a_k · a_k (1[k = j] - a_j)
        return 0.0 - y * column
    if cost.name == "cross_entropy":
        return _softmax_cross_entropy_terms(z, a, y, act, column, j)
    return cost.grad(a, y, check_input=False) * a * column


def _softmax_cross_entropy_terms(z, a, y, act, column, j):
    """(a_k - y_k)/(a_k(1 - a_k)) · a_k (1[k = j] - a_j) = u_k (1[k = j] - a_j) for every k,
    u_k = (a_k - y_k)/(1 - a_k). Only the largest logit p can have a_p near 1: its a_p - y_p
    and 1 - a_p come from z, and its term for j != p, -(a_p - y_p) a_j/(1 - a_p), takes the
    ratio a_j/(1 - a_p) in log space, so no term is 0/0 or overflows where a has rounded."""
    log1m = act.log1m(z, check_input=False)
    p = int(np.argmax(z))
    a_minus_y = np.where(a > 0.5, (1.0 - y) - np.exp(log1m), a - y)
    with np.errstate(divide="ignore", invalid="ignore"):  # entry p: replaced below
        terms = a_minus_y / (1.0 - a) * column
    terms[p] = (a_minus_y[p] if j == p
                else -a_minus_y[p] * np.exp(act.log(z, check_input=False)[j] - log1m[p]))
    return terms


def output_error_numeric(z, y, activation, cost, h=None, method="central"):
    """δ^L straight from the definition (36): δ_j = ∂C_x/∂z_j by numerical differentiation.

    method : "central" (default h = 1e-6), "forward" (1e-8) or "complex" (1e-20)
    Every column is an example of its own; row j of all columns is perturbed at once. The cost
    is computed from z (`cost.per_example_from_z`, log space for sigmoid and softmax), so the
    definition stays usable where a has rounded to 0 or 1.
    """
    z, y, act, cost = _prepare(z, y, activation, cost, True)
    h = check_method(method, h)

    def cost_per_example(zz):
        return cost.per_example_from_z(zz, y, act, check_input=False)

    base = perturbation_base(z, method)
    c0 = np.real(cost_per_example(base)) if method == "forward" else None
    delta = np.empty_like(z)
    for j in range(z.shape[0]):
        delta[j] = difference_quotient(cost_per_example, base, j, h, method, c0)  # (36)
    return delta


def output_error_fused(z, y, activation, cost, check_input=True):
    """δ^L = a - y, what (37) reduces to for softmax + log-likelihood (Nielsen's (84)) and
    (38) for sigmoid + cross-entropy. Stable for large |z|: no division by a or by a(1 - a).

    The targets follow the cost's rule, as on every other path: for log-likelihood each column
    of y a probability vector (the algebra of a - y uses Σ_k y_k = 1), so a multi-hot target
    is refused here too. Raises ValueError for any other activation/cost pair.
    """
    z, y, act, cost = _prepare(z, y, activation, cost, check_input)
    if (act.name, cost.name) not in FUSED_PAIRS:
        raise ValueError(
            f"δ = a - y holds only for {' and '.join('+'.join(p) for p in FUSED_PAIRS)}, "
            f"not for {act.name} + {cost.name}; use output_error (37)."
        )
    return cost.delta(z, None, y, act, check_input=False)  # a - y (1 - a from z where a > 1/2)
