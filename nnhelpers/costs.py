"""Cost functions C(a, y), their gradients ∂C_x/∂a (the first factor of (37) and (38)), the
same costs computed from z in log space, and the output error δ^L that each activation/cost
pair owns (Nielsen's `cost.delta(z, a, y)`, network2.py).

Shapes: a, z and y are (n,) for one example, or (n, m) with one example per column (a batch
stored one example per row, as most frameworks store it, must be transposed first: nothing
here can tell the two layouts apart). `value` is the mean over the m columns of the
per-example cost C_x; `grad` is ∂C_x/∂a for each example separately (same shape as a).

Targets, one rule per cost, enforced the same way on every path (value, grad, delta, bp1's
(36), (37), (38) and fused forms, Network.backprop and Network.sgd):

    quadratic       any finite real y of a's shape
    cross_entropy   0 <= y_j <= 1 element-wise (soft binary targets; multi-label one-hot)
    log_likelihood  each column a probability vector: y_k >= 0, Σ_k y_k = 1 (within 1e-9):
                    one-hot, label smoothing, distillation. Multi-hot columns are refused:
                    use sigmoid outputs with cross_entropy for multi-label targets.

Saturation: where a = σ(z) has rounded to 0 or 1 (z = [1000, 0, -1000] for softmax), ln a and
1/a can no longer be computed from a. `value_from_z`, `per_example_from_z` and `delta` take z
and work in log space (log-softmax, softplus) for sigmoid and softmax outputs, and stay right.

All three accept complex a (and z) so that the complex-step derivative can run through them.
Used in notebooks: 00, 01, 02, 04, 06, 08, 09, 10.
"""

import numpy as np

from ._checks import as_array, check_targets, same_shape
from .activations import get_activation


def _weighted_sum(y, log_values):
    """Σ_j y_j ln(·)_j per column, taking 0 · ln 0 = 0 (a term with y_j = 0 does not count)."""
    nz = y != 0
    terms = np.zeros(log_values.shape, dtype=log_values.dtype)
    terms[nz] = y[nz] * log_values[nz]
    return np.sum(terms, axis=0)


def _log(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x)


class Cost:
    """A cost C_x(a, y) per example, and C, the mean over the columns of a batch.

    name    : "quadratic", "cross_entropy" or "log_likelihood"
    targets : the rule its targets y follow ("real", "unit_interval", "probability"; see the
              module docstring)
    formula : C_x in the book's notation

    Every method takes `check_input=True`: False skips the shape, finiteness and target checks
    for a caller that has checked its arrays once already (the domain of a is always checked:
    that is where a division by zero would happen).
    """

    targets = "real"
    uses_logs = False  # whether C_x needs ln a or ln(1 - a)

    def __init__(self, name, formula):
        self.name = name
        self.formula = formula

    def __repr__(self):
        return f"<Cost {self.name}: {self.formula}>"

    def check_targets(self, y, name="y"):
        """Raise ValueError unless the finite real targets y follow this cost's rule."""
        return check_targets(y, self.targets, self.name, name)

    def _checked(self, first, y, first_name):
        first = as_array(first, first_name)
        y = as_array(y, "y", allow_complex=False)
        same_shape(first, y, first_name, "y")
        self.check_targets(y)
        return first, y

    # --- from a (what a learner holding only a can compute) -------------------------------

    def per_example(self, a, y, check_input=True):
        """C_x for each column: a scalar for (n,) input, shape (m,) for (n, m).

        Raises ValueError where a has rounded to 0 or 1 and the cost needs ln of it; the
        message names `value_from_z`, which computes the same cost from z (so does
        `per_example_from_z`, per column)."""
        if check_input:
            a, y = self._checked(a, y, "a")
        self._check_output(a, y)
        logs = (_log(a), _log(1.0 - a)) if self.uses_logs else (None, None)
        return self._from_logs(a, y, *logs)

    def value(self, a, y, check_input=True):
        """C = mean over the columns of C_x (a single example: C_x itself)."""
        return np.mean(self.per_example(a, y, check_input))

    def grad(self, a, y, check_input=True):
        """∂C_x/∂a_j for each example, same shape as a (the first factor of (37))."""
        if check_input:
            a, y = self._checked(a, y, "a")
        self._check_output(a, y, grad=True)
        return self._grad(a, y)

    # --- from z, in log space (what a network, which holds z^L, computes) -----------------

    def per_example_from_z(self, z, y, activation, check_input=True):
        """C_x of a = activation(z), computed from z: log-softmax / log-sigmoid for sigmoid and
        softmax outputs, so the cost stays finite and right where a has rounded (softmax,
        z = [1000, 0, -1000], y = e_3: C = logsumexp(z) - z_3 = 2000).

        z, y : same shape, (n,) or (n, m) one example per column; activation : an Activation
        or its name.
        Raises ValueError for an activation whose outputs leave (0, 1) where ln is needed."""
        activation = get_activation(activation)
        if check_input:
            z, y = self._checked(z, y, "z")
        a = activation(z, check_input=False)
        if not self.uses_logs:
            return self._from_logs(a, y, None, None)
        if not activation.log_space:
            self._check_output(a, y, activation=activation)
        return self._from_logs(a, y, activation.log(z, check_input=False),
                               activation.log1m(z, check_input=False))

    def value_from_z(self, z, y, activation, check_input=True):
        """C = mean over the columns of `per_example_from_z`."""
        return np.mean(self.per_example_from_z(z, y, activation, check_input))

    def delta(self, z, a, y, activation, check_input=True):
        """The output error δ^L = ∂C_x/∂z^L by (37), δ = Jᵀ ∇_a C, for this cost after
        `activation` (Nielsen's cost.delta(z, a, y)); same shape as z.

        z, y : (n,) or (n, m), one example per column; a : activation(z), or None to compute it.
        For sigmoid and softmax outputs with the cross-entropy or log-likelihood cost the sum
        over k of (37) is taken in a rearranged form that never divides by a or 1 - a, so δ is
        right where a has rounded to 0 or 1 (softmax + cross_entropy, z = [40, 0, -40], y = e_1:
        δ = [-8.4967e-18, 8.4967e-18, 3.6097e-35]); every other pair is the plain vjp of (37).
        """
        activation = get_activation(activation)
        if check_input:
            z, y = self._checked(z, y, "z")
            if a is not None:
                a = as_array(a, "a")
                same_shape(z, a, "z", "a")
        if a is None:
            a = activation(z, check_input=False)
        stable = _STABLE_DELTAS.get((activation.name, self.name))
        if stable is not None:
            return stable(z, a, y, activation)
        if self.uses_logs:
            self._check_output(a, y, grad=True, activation=activation)
        return activation.vjp(z, self._grad(a, y), a=a, check_input=False)  # (37)

    # --- per cost ---------------------------------------------------------------------------

    def _check_output(self, a, y, grad=False, activation=None):
        """Raise if a lies where C_x (grad=False) or ∂C_x/∂a (grad=True) is not finite."""

    def _from_logs(self, a, y, log_a, log_1m_a):
        raise NotImplementedError

    def _grad(self, a, y):
        raise NotImplementedError


class _Quadratic(Cost):
    def _from_logs(self, a, y, log_a, log_1m_a):
        return 0.5 * np.sum((a - y) ** 2, axis=0)

    def _grad(self, a, y):
        return a - y


def _refuse_output(cost, where, needs, advice):
    raise ValueError(f"{cost} needs {needs}; got an output a {where}. {advice}")


def _advice(cost, rounded, activation, grad):
    """What to do instead, for the case at hand (every advice here is followed by a test)."""
    if rounded and activation is None:
        fix = ("bp1.output_error(z, y, activation, cost)" if grad
               else f"{cost}.value_from_z(z, y, activation)")
        return (f"If a = σ(z) is a sigmoid or softmax output that has rounded to 0 or 1, "
                f"compute from z: {fix} works in log space and stays right.")
    name = "these outputs are" if activation is None else f"{activation.name} outputs are"
    return f"{name} not probabilities in (0, 1); use sigmoid or softmax outputs with {cost}."


class _CrossEntropy(Cost):
    targets = "unit_interval"
    uses_logs = True

    def _check_output(self, a, y, grad=False, activation=None):
        ar = a.real
        if np.any((ar < 0) | (ar > 1)):
            _refuse_output(self.name, "outside [0, 1]", "outputs 0 < a < 1 (ln a, ln(1 - a))",
                           _advice(self.name, False, activation, grad))
        # C_x needs ln a_j where y_j > 0 and ln(1 - a_j) where y_j < 1 (0 ln 0 = 0); the
        # gradient (a - y) / (a (1 - a)) needs 0 < a < 1 everywhere
        edge = ((ar <= 0) | (ar >= 1)) if grad else (((ar == 0) & (y > 0)) | ((ar == 1) & (y < 1)))
        if np.any(edge):
            needs = ("0 < a < 1 for ∂C/∂a = (a - y) / (a(1 - a))" if grad
                     else "a > 0 where y > 0 and a < 1 where y < 1 (ln a, ln(1 - a))")
            _refuse_output(self.name, "at exactly 0 or 1", needs,
                           _advice(self.name, True, activation, grad))

    def _from_logs(self, a, y, log_a, log_1m_a):
        return -(_weighted_sum(y, log_a) + _weighted_sum(1.0 - y, log_1m_a))

    def _grad(self, a, y):
        return (a - y) / (a * (1.0 - a))


class _LogLikelihood(Cost):
    targets = "probability"
    uses_logs = True

    def _check_output(self, a, y, grad=False, activation=None):
        ar = a.real[y != 0]
        if np.any(ar < 0):
            _refuse_output(self.name, "below 0 where y > 0", "outputs a > 0 where y > 0 (ln a)",
                           _advice(self.name, False, activation, grad))
        if np.any(ar == 0):
            _refuse_output(self.name, "at exactly 0 where y > 0",
                           "outputs a > 0 where y > 0 (ln a and ∂C/∂a = -y / a)",
                           _advice(self.name, True, activation, grad))

    def _from_logs(self, a, y, log_a, log_1m_a):
        return -_weighted_sum(y, log_a)

    def _grad(self, a, y):
        # ∂/∂a_j of -Σ_k y_k ln a_k is -y_j / a_j; entries with y_j = 0 are exactly 0
        g = np.zeros_like(a)
        nz = y != 0
        g[nz] = -y[nz] / a[nz]
        return g


# --- δ^L for the pairs whose (37) divides by a or 1 - a: the same sum, rearranged -----------

def _a_minus_y(z, a, y, log1m_a, total=1.0):
    """total · a - y, with total · a - y = (total - y) - total · (1 - a) and 1 - a = e^{ln(1 - a)}
    from z where a > 1/2, so that a saturated output keeps its tiny distance from a target 1
    (σ(50) - 1 = -e^{-50})."""
    return np.where(a.real > 0.5, (total - y) - total * np.exp(log1m_a), total * a - y)


def _sigmoid_cross_entropy(z, a, y, activation):
    # (38): (a - y)/(a(1 - a)) · a(1 - a) = a - y (Nielsen's (66))
    return _a_minus_y(z, a, y, activation.log1m(z, check_input=False))


def _sigmoid_log_likelihood(z, a, y, activation):
    # (38): -y/a · a(1 - a) = -y (1 - a), with 1 - a = σ(-z) computed from z
    return 0.0 - y * activation(-z, check_input=False)  # +0, not -0, where y = 0


def _softmax_log_likelihood(z, a, y, activation):
    # (37): Σ_k (-y_k/a_k) a_k (1[k = j] - a_j) = (Σ_k y_k) a_j - y_j, which is a - y since the
    # target rule makes Σ_k y_k = 1 (Nielsen's (84)); the sum as given (1 within 1e-9) is kept
    total = np.sum(y, axis=0)
    return _a_minus_y(z, a, y, activation.log1m(z, check_input=False), total)


def _softmax_cross_entropy(z, a, y, activation):
    # (37) with g_k = (a_k - y_k) / (a_k (1 - a_k)) and ∂a_k/∂z_j = a_k (1[k = j] - a_j):
    #     δ_j = Σ_k u_k (1[k = j] - a_j) = (a_j - y_j) - a_j Σ_{k≠j} u_k,
    # with u_k = g_k a_k = (a_k - y_k)/(1 - a_k).
    # Only the largest logit p of a column can have a_p > 1/2: there 1 - a_p comes from z (log
    # space) and a_p - y_p = (1 - y_p) - (1 - a_p), so nothing cancels when a_p rounds to 1,
    # and a_j u_p = (a_p - y_p) · a_j / (1 - a_p) takes the ratio in log space (<= 1). Every
    # other u_k has 1 - a_k >= 1/2 and |u_k| <= 2: the sums over k ≠ j never subtract u_j.
    if z.shape[0] == 1:
        return np.zeros_like(a)  # one output: a = 1 whatever z is
    z2 = z.reshape(z.shape[0], -1)  # (n,) -> (n, 1)
    a2, y2 = a.reshape(z2.shape), y.reshape(z2.shape)
    cols = np.arange(z2.shape[1])
    p = np.argmax(z2.real, axis=0)
    log1m = activation.log1m(z2, check_input=False)
    a_minus_y = _a_minus_y(z2, a2, y2, log1m)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # row p: replaced below
        u = a_minus_y / (1.0 - a2)
        u[p, cols] = 0.0
        sum_without_p = np.sum(u, axis=0)  # Σ_{k≠p} u_k
        ratio = np.exp(activation.log(z2, check_input=False) - log1m[p, cols])  # a_j/(1 - a_p)
        delta = a_minus_y - a_minus_y[p, cols] * ratio - a2 * (sum_without_p - u)
    delta[p, cols] = a_minus_y[p, cols] - a2[p, cols] * sum_without_p
    return delta.reshape(z.shape)


_STABLE_DELTAS = {
    ("sigmoid", "cross_entropy"): _sigmoid_cross_entropy,
    ("sigmoid", "log_likelihood"): _sigmoid_log_likelihood,
    ("softmax", "log_likelihood"): _softmax_log_likelihood,
    ("softmax", "cross_entropy"): _softmax_cross_entropy,
}

quadratic = _Quadratic("quadratic", formula="C_x = ½ Σ_j (a_j - y_j)²")
cross_entropy = _CrossEntropy("cross_entropy",
                              formula="C_x = -Σ_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)]")
log_likelihood = _LogLikelihood("log_likelihood", formula="C_x = -ln a_y = -Σ_j y_j ln a_j")

COSTS = {c.name: c for c in (quadratic, cross_entropy, log_likelihood)}  # the cost objects by name


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
