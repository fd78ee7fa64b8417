"""The Jacobian explorer's numbers (notebook 05), for given logits, neuron j, target and cost.

`explorer_numbers` computes everything the explorer shows; the checks here say which logits the
sliders can show: exact multiples k / 10 of Z_STEP within a range. Indices are 0-based in code,
1-based in the figures. The drawing is `nnhelpers.explorer_figure`, the widget `nnhelpers.widgets`.

Used in notebooks: 05.
"""

import numpy as np

from . import bp1
from .activations import sigmoid, softmax
from .costs import COSTS
from .gradcheck import relative_error
from .validation import as_array, check_choice, check_index, check_integer, one_vector

ACTIVATIONS = (sigmoid, softmax)  # the top and bottom row of the explorer
N_RANGE = (2, 8)  # outputs n the explorer shows
Z_RANGE = (-4.0, 4.0)  # the sliders' default range
Z_STEP = 0.1
PER_UNIT = 10  # slider positions per unit of z (1 / Z_STEP): the grid is k / PER_UNIT
TOLERANCE = 1e-6  # (37) against central differences (36), h = 1e-6: agreement is about 1e-9


def check_n(n):
    """n, the number of outputs, as an int in N_RANGE; TypeError / ValueError otherwise."""
    return check_integer(n, "n", minimum=N_RANGE[0], maximum=N_RANGE[1])


def check_logits(z, n=None, z_range=None):
    """Logits z, (n,) or (n, 1) real numbers with n in N_RANGE, as a float (n,) array.

    n       : the number of logits required (one per slider), or None for any n in N_RANGE
    z_range : (low, high) or None; if given, every z_k must be a slider value: inside the range
              and a multiple of Z_STEP (returned exactly as k / 10)
    Raises TypeError / ValueError naming what was expected.
    """
    z = one_vector(as_array(z, "z", allow_complex=False)).flatten()  # a copy, never the caller's
    if n is not None and z.size != n:
        raise ValueError(f"z must have {n} logits (one per slider), got {z.size}")
    check_n(z.size)
    if z_range is None:
        return z
    ticks = np.rint(z * PER_UNIT)
    if np.any(np.abs(z * PER_UNIT - ticks) > 1e-6) or np.any((z < z_range[0]) | (z > z_range[1])):
        raise ValueError(f"every logit must be a slider value, a multiple of {Z_STEP} in the "
                         f"sliders' range {tuple(z_range)}; got {z.tolist()}")
    return ticks / PER_UNIT  # the exact slider values k / 10


def slider_values(z_range=Z_RANGE):
    """The sliders' positions: every multiple of Z_STEP from low to high, exactly k / 10.

    z_range : (low, high) with low < high, both multiples of Z_STEP within [-100, 100]
    Raises TypeError / ValueError otherwise.
    """
    try:
        ends = np.array([float(v) for v in z_range]) * PER_UNIT
    except (TypeError, ValueError):
        raise TypeError(f"z_range must be a pair (low, high) of numbers, got {z_range!r}"
                        ) from None
    if ends.shape != (2,) or not ends[0] < ends[1]:
        raise ValueError(f"z_range must be a pair (low, high) with low < high, got {z_range!r}")
    if np.any(np.abs(ends - np.rint(ends)) > 1e-6) or np.any(np.abs(ends) > 1000):
        raise ValueError(f"z_range must run between multiples of {Z_STEP} within "
                         f"[-100, 100], got {z_range!r}")
    low, high = (round(v) for v in ends.tolist())
    return [k / PER_UNIT for k in range(low, high + 1)]


def default_logits(n):
    """The starting logits, (n,): from 1.5 down to -1.5, evenly spaced, rounded to steps of 0.1."""
    return np.rint(np.linspace(1.5, -1.5, check_n(n)) * PER_UNIT) / PER_UNIT


def explorer_numbers(z, j=0, target=0, cost="quadratic"):
    """Every number the explorer shows, for logits z, output neuron j, target class and cost.

    z      : (n,) logits z^L (n from 2 to 8)
    j      : output neuron whose δ_j is taken apart into the terms of (37), 0-based
    target : the correct class; y is its one-hot vector, (n,)
    cost   : "quadratic", "cross_entropy" or "log_likelihood"
    returns a dict with z, y, j, target, cost, n and, for "sigmoid" and "softmax", a dict with
        a          (n,)   the activations a_k
        J          (n, n) J[k, j] = ∂a_k/∂z_j (diagonal for sigmoid: 1[k = j] σ'(z_j))
        grad_a     (n,)   ∂C/∂a_k
        terms      (n,)   ∂C/∂a_k · ∂a_k/∂z_j for the chosen j: the sum (37), term by term
        delta37    (n,)   δ by (37) (bp1.output_error), every neuron
        delta36    (n,)   δ by the definition (36), central differences (bp1.output_error_numeric)
        rel_error  float  relative error between the two (gradcheck.relative_error)
        delta_j, delta_j_numeric, diagonal_only_j  floats: δ_j by (37), by (36), and the
                   "skip the sum" answer (only the k = j term of (37))
    Raises TypeError / ValueError for z, j, target or cost outside the above.
    Used in notebooks: 05.
    """
    z = check_logits(z)
    n = z.size
    j = check_index(j, n, "j")
    target = check_index(target, n, "target")
    cost = check_choice(cost, COSTS, "cost")
    y = np.zeros(n)
    y[target] = 1.0
    numbers = {"z": z, "y": y, "j": j, "target": target, "cost": cost, "n": n}
    for act in ACTIVATIONS:
        terms = bp1.eq37_terms(z, y, act, cost, j)
        delta37 = bp1.output_error(z, y, act, cost)
        delta36 = bp1.output_error_numeric(z, y, act, cost, method="central")
        a = act(z)
        numbers[act.name] = {
            "a": a, "J": act.jacobian(z), "grad_a": COSTS[cost].grad(a, y), "terms": terms,
            "delta37": delta37, "delta36": delta36,
            "rel_error": relative_error(delta37, delta36),
            "delta_j": float(delta37[j]), "delta_j_numeric": float(delta36[j]),
            "diagonal_only_j": float(terms[j]),
        }
    return numbers
