"""Equations (36), (37) and (38) of Nielsen's chapter 2 as code: the output error δ^L five ways.

    (36)  δ_j = ∂C/∂z_j                                output_error_numeric (the definition)
    (37)  δ_j = Σ_k ∂C/∂a_k · ∂a_k/∂z_j = (Jᵀ ∇_a C)_j  output_error (always right)
    (38)  δ_j = ∂C/∂a_j · σ'(z_j) = (∇_a C ⊙ σ'(z))_j   output_error_elementwise (BP1)
          only the k = j term of (37), whatever σ is   output_error_diagonal_only (wrong for
                                                       softmax: the counterexample)
          δ = a - y (Nielsen's (84) and (66))          output_error_fused
    the n terms of the sum (37) for one j              eq37_terms

Shapes: z and y are (n,) for one example or (n, m) with one example per column (a batch stored
one example per row must be transposed first: softmax would normalise the wrong axis); δ has
the shape of z. `activation` and `cost` are objects of nnhelpers.activations / nnhelpers.costs
or their names ("softmax", "log_likelihood"); y follows the cost's target rule.

The public functions check their input once and call the formulas `eq37`, `eq38`,
`diagonal_only` and `fused` (z, a, y, activation, cost with a = σ(z); no checks), which
`Network` calls too. Where a has rounded to 0 or 1 (`stable.saturated`) the formulas hand
over to `stable.output_error`, the same sum regrouped, so every path stays right there.
Raises ValueError/TypeError naming what was expected.

Used in notebooks: 00, 01, 02, 03, 04, 06, 07, 08, 09, 10.
"""

import numpy as np

from . import stable
from .activations import get_activation
from .costs import get_cost
from .gradcheck import check_method, difference_quotient, perturbation_base
from .validation import as_array, check_index, check_outputs

FUSED_PAIRS = (("softmax", "log_likelihood"), ("sigmoid", "cross_entropy"))


# --- the formulas: no checks --------------------------------------------------------------

def eq37(z, a, y, activation, cost):
    """(37): δ = Jᵀ ∇_a C, a vector-Jacobian product (J is never formed)."""
    if stable.saturated(activation, a):
        return stable.output_error(z, a, y, activation, cost)
    return activation.vjp_of(a, cost.grad_of(a, y))  # (37)


def eq38(z, a, y, activation, cost):
    """(38), BP1: δ = ∇_a C ⊙ σ'(z), for an element-wise σ."""
    if stable.saturated(activation, a):
        return stable.output_error(z, a, y, activation, cost)  # for sigmoid, (38) is (37)
    return cost.grad_of(a, y) * activation.prime_from_a(a)  # (38)


def diagonal_only(z, a, y, activation, cost):
    """Only the k = j term of (37): ∂C/∂a_j · ∂a_j/∂z_j. (38) for an element-wise σ."""
    if stable.saturated(activation, a):
        if activation.elementwise:
            return stable.output_error(z, a, y, activation, cost)
        return stable.diagonal_only(z, a, y, activation, cost)
    return cost.grad_of(a, y) * activation.diagonal_of(a)  # k = j only


def fused(z, a, y, activation, cost):
    """δ = a - y, what (37) gives for softmax + log-likelihood and (38) for sigmoid +
    cross-entropy (the division by a or a(1 - a) cancels)."""
    if stable.saturated(activation, a):
        return stable.output_error(z, a, y, activation, cost)
    return a - y  # (84)


# --- the public functions: check once, then call the formulas -----------------------------

def _checked(z, y, activation, cost):
    """(z, a, y, activation, cost) with z, y real arrays of one shape, y following the cost's
    rule, and outputs in the cost's domain for activations other than sigmoid and softmax."""
    activation, cost = get_activation(activation), get_cost(cost)
    z, y = cost.check(as_array(z, "z", allow_complex=False), y, "z")
    a = stable.sigma(activation, z)
    if activation.name not in stable.LOG_FORMS:
        check_outputs(cost.name, a, y, grad=True, activation=activation.name)
    return z, a, y, activation, cost


def output_error(z, y, activation, cost):
    """δ^L by (37), right for every activation, also where a has rounded to 0 or 1."""
    return eq37(*_checked(z, y, activation, cost))


def output_error_elementwise(z, y, activation, cost):
    """δ^L by (38), i.e. BP1. Raises ValueError for softmax, whose Jacobian is not diagonal."""
    args = _checked(z, y, activation, cost)
    _refuse_unless_it_holds(eq38, args[3], args[4])
    return eq38(*args)


def output_error_diagonal_only(z, y, activation, cost):
    """The "skip the sum" answer: ∂C/∂a_j · ∂a_j/∂z_j, every k != j term of (37) dropped.
    Equal to (38) for element-wise activations; for softmax it drops the off-diagonal terms
    -a_k a_j and gives a wrong δ: the course's counterexample (notebooks 04, 07)."""
    return diagonal_only(*_checked(z, y, activation, cost))


def output_error_fused(z, y, activation, cost):
    """δ^L = a - y (Nielsen's (84); (66) for sigmoid + cross-entropy). Raises ValueError for
    any other pair. For log-likelihood each column of y must sum to 1, as (84)'s algebra uses."""
    args = _checked(z, y, activation, cost)
    _refuse_unless_it_holds(fused, args[3], args[4])
    return fused(*args)


FORMULAS = {output_error: eq37, output_error_elementwise: eq38,
            output_error_diagonal_only: diagonal_only, output_error_fused: fused}


def _refuse_unless_it_holds(formula, activation, cost):
    if formula is eq38 and not activation.elementwise:
        raise ValueError(
            f"(38) needs an element-wise activation, and {activation.name} is not one: each a_k "
            "depends on every z_j, so the terms k != j of (37) do not vanish. Use output_error "
            "(37).")
    if formula is fused and (activation.name, cost.name) not in FUSED_PAIRS:
        raise ValueError(
            f"δ = a - y holds only for {' and '.join('+'.join(p) for p in FUSED_PAIRS)}, "
            f"not for {activation.name} + {cost.name}; use output_error (37).")


def formula_of(output_error_function, activation, cost):
    """The formula (z, a, y, activation, cost) -> δ^L behind one of the public functions above
    (ValueError if it does not hold for this pair), for `Network`; any other function
    (z, y, activation, cost) -> δ^L is called as it is. TypeError if it is not a function."""
    if not callable(output_error_function):
        raise TypeError(f"output_error must be a function, got "
                        f"{type(output_error_function).__name__}")
    formula = FORMULAS.get(output_error_function)
    if formula is None:
        return lambda z, a, y, activation, cost: output_error_function(z, y, activation, cost)
    _refuse_unless_it_holds(formula, activation, cost)
    return formula


def output_error_numeric(z, y, activation, cost, h=None, method="central"):
    """δ^L from the definition (36): δ_j = ∂C_x/∂z_j by numerical differentiation.

    method : "central" (default h = 1e-6), "forward" (1e-8) or "complex" (1e-20). Row j of
    every column is perturbed at once (each column is its own example). C_x is computed from
    z in log space (`stable.per_example_from_z`), so the definition works at saturation too."""
    z, _, y, activation, cost = _checked(z, y, activation, cost)
    h = check_method(method, h)

    def cost_per_example(zz):
        return stable.per_example_from_z(cost, activation, zz, y)

    base = perturbation_base(z, method)
    c0 = np.real(cost_per_example(base)) if method == "forward" else None
    return np.array([difference_quotient(cost_per_example, base, j, h, method, c0)  # (36)
                     for j in range(z.shape[0])])


def eq37_terms(z, y, activation, cost, j):
    """The n terms ∂C/∂a_k · ∂a_k/∂z_j of the sum (37) for output j (0-based); their sum is δ_j.

    z, y : one example, (n,) or (n, 1); returns (n,) with terms[k]. Forms column j of the
    Jacobian on purpose: this is for showing the terms, not for training."""
    z, a, y, activation, cost = _checked(z, y, activation, cost)
    if z.ndim == 2 and z.shape[1] != 1:
        raise ValueError(f"z must be one example, shape (n,) or (n, 1), got {z.shape}")
    z, a, y = z.reshape(-1), a.reshape(-1), y.reshape(-1)
    j = check_index(j, z.size, "j")
    if activation.elementwise:  # J is diagonal: the one term k = j is δ_j itself
        return np.where(np.arange(z.size) == j, eq38(z, a, y, activation, cost), 0.0)
    if stable.saturated(activation, a):
        return stable.eq37_terms(z, a, y, activation, cost, j)
    return cost.grad_of(a, y) * activation.jacobian_of(a)[:, j]  # ∂C/∂a_k · ∂a_k/∂z_j
