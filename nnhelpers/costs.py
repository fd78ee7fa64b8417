"""Cost functions C_x(a, y) and their gradients ∂C_x/∂a: the first factor of (37) and (38).

    quadratic       C_x = ½ Σ_j (a_j - y_j)²                     (6); any finite y
    cross_entropy   C_x = -Σ_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)]   (63); 0 <= y_j <= 1
    log_likelihood  C_x = -Σ_j y_j ln a_j = -ln a_y            (80); each column of y a
                    probability vector (one-hot or smoothed); multi-hot y is refused: use
                    sigmoid outputs with cross_entropy for several true classes

Shapes: a and y are (n,) for one example or (n, m) with one example per column (a batch
stored one example per row must be transposed first). `per_example` gives C_x per column,
`value` their mean C = (1/m) Σ_x C_x (the book's (27) over a mini-batch), `grad` ∂C_x/∂a_j per
column, shaped like a. The public methods check a and y once (shapes, finiteness, the target
rule, and the outputs' domain: ln a needs a > 0) and call the formulas `per_example_of` and
`grad_of`, which check nothing. Where a has rounded to 0 or 1, compute from z instead:
`value_from_z` (nnhelpers.stable, log space).

Used in notebooks: 00, 01, 02, 04, 06, 08, 09, 10.
"""

import numpy as np

from . import stable
from .activations import get_activation
from .validation import as_array, check_choice, check_outputs, check_targets, same_shape


def _log(x):
    with np.errstate(divide="ignore", invalid="ignore"):  # ln 0 = -inf, multiplied by y = 0
        return np.log(x)


class Cost:
    """A cost C_x(a, y) per example; `value` is the mean over the columns.

    name          : "quadratic", "cross_entropy" or "log_likelihood"
    formula       : C_x in the book's notation
    targets       : its target rule, "real", "unit_interval" or "probability"
    per_example_of, grad_of : (a, y) -> C_x per column, ∂C_x/∂a; the formulas, no checks"""

    def __init__(self, name, formula, targets, per_example_of, grad_of):
        self.name, self.formula, self.targets = name, formula, targets
        self.per_example_of, self.grad_of = per_example_of, grad_of

    def __repr__(self):
        return f"<Cost {self.name}: {self.formula}>"

    def check(self, first, y, first_name="a"):
        """(first, y) as float arrays of one shape, y following this cost's target rule."""
        first = as_array(first, first_name)
        y = as_array(y, "y", allow_complex=False)
        same_shape(first, y, first_name, "y")
        check_targets(y, self.targets, self.name)
        return first, y

    def per_example(self, a, y):
        """C_x for each column: a scalar for (n,) input, shape (m,) for (n, m)."""
        a, y = self.check(a, y)
        check_outputs(self.name, a, y, grad=False)
        return self.per_example_of(a, y)

    def value(self, a, y):
        """C = mean over the columns of C_x (one example: C_x itself)."""
        return np.mean(self.per_example(a, y))

    def grad(self, a, y):
        """∂C_x/∂a_j for each example, shaped like a: the first factor of (37)."""
        a, y = self.check(a, y)
        check_outputs(self.name, a, y, grad=True)
        return self.grad_of(a, y)

    def value_from_z(self, z, y, activation):
        """C for a = activation(z), computed from z: log-softmax and log-sigmoid keep it finite
        and right where a has rounded (softmax, z = [1000, 0, -1000], y = e_3: 2000)."""
        activation = get_activation(activation)
        z, y = self.check(z, y, "z")
        return np.mean(stable.per_example_from_z(self, activation, z, y))


quadratic = Cost(
    "quadratic", "C_x = ½ Σ_j (a_j - y_j)²", "real",
    lambda a, y: 0.5 * np.sum((a - y) ** 2, axis=0),
    lambda a, y: a - y)
cross_entropy = Cost(
    "cross_entropy", "C_x = -Σ_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)]", "unit_interval",
    lambda a, y: -(stable.sum_y_log(y, _log(a)) + stable.sum_y_log(1.0 - y, _log(1.0 - a))),
    lambda a, y: (a - y) / (a * (1.0 - a)))
log_likelihood = Cost(
    "log_likelihood", "C_x = -ln a_y = -Σ_j y_j ln a_j", "probability",
    lambda a, y: -stable.sum_y_log(y, _log(a)),
    lambda a, y: np.where(y != 0, -y / np.where(y != 0, a, 1.0), 0.0))  # -y_j / a_j

COSTS = {c.name: c for c in (quadratic, cross_entropy, log_likelihood)}


def get_cost(name):
    """The Cost called `name` (or `name` itself if it already is one)."""
    if isinstance(name, Cost):
        return name
    if not isinstance(name, str):
        raise TypeError(f"cost must be a name or a Cost, got {type(name).__name__}")
    return COSTS[check_choice(name, sorted(COSTS), "cost")]
