"""Numerical safety at the edges: the same quantities as the book's formulas, rearranged so
that they stay right where a = σ(z) has rounded to 0 or 1 (notebooks 09 and 10 teach why).

    sigmoid, sigma                  σ(z) (3) with no overflow, also for complex z
    sigmoid_prime                   σ'(z) = σ(z) σ(-z), right at large |z|
    softplus                        ln(1 + e^x): ln σ(z) = -softplus(-z)
    log_softmax, log1m_softmax      ln a_k = z_k - ln Σ_i e^{z_i}, ln(1 - a_k) = ln Σ_{i≠k} a_i
    LOG_FORMS                       (ln a, ln(1 - a)) from z, for sigmoid and softmax
    per_example_from_z              C_x from z, in log space
    output_error                    δ^L by (37) regrouped so that it never divides by a or 1 - a
    diagonal_only, eq37_terms       the same care for the "skip the sum" δ and (37)'s terms
    saturated                       whether the book's formulas would lose digits here

The public paths use these where saturation can occur: `Cost.value_from_z`,
`Network.total_cost` and `sgd` (monitoring and updates), and every bp1 function when
`saturated` says so. Each form is checked against the book's formulas away from saturation
and against mpmath at it (tests/test_saturation.py, tests/test_stable.py).

Shapes: z, y are (n,) or (n, m), one example per column; z may be complex (complex step).
`activation` and `cost` are the objects of nnhelpers.activations and nnhelpers.costs.
Used in notebooks: 09, 10.
"""

import numpy as np

from .validation import check_outputs

EDGE = 1e-3  # outputs closer than this to 1 (softmax: or to 0) count as saturated
TINY = np.finfo(np.float64).tiny  # the smallest normal float: below it, a has lost digits


def saturated(activation, a):
    """True if the book's formulas would lose digits for these sigmoid or softmax outputs a (any
    shape): some a_k within EDGE of 1 (1 - a_k cancels); for sigmoid some a_k below TINY (rounded
    to 0 or subnormal; above it 1/a_k is exact to rounding); for softmax some a_k within EDGE of 0
    (a_j (g_j - Σ_k a_k g_k) cancels when a few outputs hold almost all of the mass)."""
    if activation.name not in LOG_FORMS:
        return False
    low = TINY if activation.name == "sigmoid" else EDGE
    return not low <= a.real.min() <= a.real.max() <= 1 - EDGE


def sigmoid(z):
    """σ(z) (3) written e^z/(1 + e^z) where Re z < 0: the exponent is never positive, so e^z
    never overflows. The book's 1/(1 + e^{-z}) is exact for real z (e^{-z} = inf gives 0) but
    warns there, and for complex z with Re z < -709 it gives NaN (complex 1/inf)."""
    negative = z.real < 0
    e = np.exp(np.where(negative, z, -z))
    return np.where(negative, e, 1.0) / (1.0 + e)


def sigma(activation, z):
    """a = activation(z) for any z, real or complex, with no overflow: stable.sigmoid for sigmoid,
    the activation's own formula (which never overflows) for the others. The public paths use it."""
    return sigmoid(z) if activation.name == "sigmoid" else activation.sigma(z)


def sigmoid_prime(z, a):
    """σ'(z) = σ(z) σ(-z), a = σ(z): unlike a(1 - a), right where a has rounded to 1."""
    return a * sigmoid(-z)


def softplus(x):
    """ln(1 + e^x) without overflow: x + ln(1 + e^{-x}) for Re x > 0."""
    pos = x.real > 0
    return np.where(pos, x, 0.0) + np.log1p(np.exp(np.where(pos, -x, x)))


def _columns(z):
    return z.reshape(z.shape[0], -1)  # (n,) -> (n, 1); columns stay columns


def _shifted_by_largest(z):
    """(d, p, cols, log1p_s) for z (n, m): p = each column's largest logit, d = z - z_p
    (d_p = 0 exactly), log1p_s = ln(1 + s) with s = Σ_{i≠p} e^{d_i}, so that
    ln Σ_i e^{z_i} = z_p + log1p_s."""
    cols = np.arange(z.shape[1])
    p = np.argmax(z.real, axis=0)
    d = z - z[p, cols]
    e = np.exp(d)
    e[p, cols] = 0.0
    return d, p, cols, np.log1p(np.sum(e, axis=0))


def log_softmax(z):
    """ln a_k = (z_k - z_p) - ln(1 + s): ln a_p, near 0, keeps its digits (and its complex step)."""
    d, _, _, log1p_s = _shifted_by_largest(_columns(z))
    return (d - log1p_s).reshape(z.shape)


def log1m_softmax(z):
    """ln(1 - a_k) = ln Σ_{i≠k} a_i. Only the largest logit p can have a_p > 1/2: its 1 - a_p is
    taken in log space; for every other k, a_k <= 1/2 and log1p(-a_k) is accurate."""
    d, p, cols, log1p_s = _shifted_by_largest(_columns(z))
    with np.errstate(divide="ignore"):
        out = np.log1p(-np.exp(d - log1p_s))
        d[p, cols] = -np.inf  # now the d_i, i ≠ p; one output only: ln 0 = -inf, since a = 1
        shift = np.max(d.real, axis=0)  # ln Σ_{i≠p} e^{d_i}, shifted by its largest term
        shift = np.where(np.isfinite(shift), shift, 0.0)
        out[p, cols] = shift + np.log(np.sum(np.exp(d - shift), axis=0)) - log1p_s
    return out.reshape(z.shape)


LOG_FORMS = {"sigmoid": (lambda z: -softplus(-z), lambda z: -softplus(z)),  # ln σ, ln(1 - σ)
             "softmax": (log_softmax, log1m_softmax)}


def sum_y_log(y, log_values):
    """Σ_j y_j ln(·)_j per column, with 0 · ln 0 = 0: a term with y_j = 0 does not count."""
    return np.sum(y * np.where(y != 0, log_values, 0.0), axis=0)


def per_example_from_z(cost, activation, z, y):
    """C_x per column for a = activation(z), from z: ln a and ln(1 - a) by LOG_FORMS for sigmoid
    and softmax; other activations (and the quadratic cost) use the book's formula on a."""
    if cost.name == "quadratic" or activation.name not in LOG_FORMS:
        a = sigma(activation, z)
        check_outputs(cost.name, a, y, grad=False, activation=activation.name)  # none: quadratic
        return cost.per_example_of(a, y)
    log_a, log1m_a = (form(z) for form in LOG_FORMS[activation.name])
    if cost.name == "log_likelihood":
        return -sum_y_log(y, log_a)
    return -(sum_y_log(y, log_a) + sum_y_log(1.0 - y, log1m_a))


def _a_minus_y(a, y, log1m_a, total=1.0):
    """total · a - y, written (total - y) - total · (1 - a) with 1 - a = e^{ln(1 - a)} from z where
    a > 1/2: a saturated output keeps its tiny distance from a target 1 (σ(50) - 1 = -e^{-50})."""
    return np.where(a.real > 0.5, (total - y) - total * np.exp(log1m_a), total * a - y)


def _softmax_cross_entropy(z, a, y):
    # (37) with g_k = (a_k - y_k)/(a_k (1 - a_k)): δ_j = Σ_k u_k (1[k = j] - a_j) with
    # u_k = (a_k - y_k)/(1 - a_k). Only the largest logit p can have a_p > 1/2: there 1 - a_p
    # comes from z and a_j u_p = (a_p - y_p) a_j/(1 - a_p) takes the ratio in log space. Every
    # other |u_k| <= 2, and the sums over k ≠ j never subtract u_j.
    if z.shape[0] == 1:
        return np.zeros_like(a)  # one output: a = 1 whatever z is
    z2, a2, y2 = _columns(z), _columns(a), _columns(y)
    cols, p = np.arange(z2.shape[1]), np.argmax(z2.real, axis=0)
    log1m = log1m_softmax(z2)
    a_minus_y = _a_minus_y(a2, y2, log1m)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # row p: replaced below
        u = a_minus_y / (1.0 - a2)
        u[p, cols] = 0.0
        sum_without_p = np.sum(u, axis=0)
        ratio = np.exp(log_softmax(z2) - log1m[p, cols])  # a_j / (1 - a_p)
        delta = a_minus_y - a_minus_y[p, cols] * ratio - a2 * (sum_without_p - u)
    delta[p, cols] = a_minus_y[p, cols] - a2[p, cols] * sum_without_p
    return delta.reshape(z.shape)


def output_error(z, a, y, activation, cost):
    """δ^L = ∂C_x/∂z^L by (37), for sigmoid or softmax outputs a = σ(z), right at saturation."""
    pair = (activation.name, cost.name)
    if pair == ("sigmoid", "cross_entropy"):  # (a - y)/(a(1 - a)) · a(1 - a)
        return _a_minus_y(a, y, -softplus(z))
    if pair == ("sigmoid", "log_likelihood"):  # -y/a · a(1 - a) = -y σ(-z)
        return 0.0 - y * sigmoid(-z)  # +0, not -0, where y = 0
    if pair == ("softmax", "log_likelihood"):  # (Σ_k y_k) a - y, = a - y (Nielsen's (84))
        return _a_minus_y(a, y, log1m_softmax(z), np.sum(y, axis=0))
    if pair == ("softmax", "cross_entropy"):
        return _softmax_cross_entropy(z, a, y)
    g = cost.grad_of(a, y)  # the quadratic cost
    if activation.name == "sigmoid":
        return g * sigmoid_prime(z, a)
    # softmax: a_j (g_j - Σ_k a_k g_k) with g shifted by its entry at the largest output p
    # (Σ_k a_k = 1, so a constant shift changes nothing): the term that cancels at a_p ≈ 1 is gone
    a2, g2 = _columns(a), _columns(g)
    g2 = g2 - g2[np.argmax(a2.real, axis=0), np.arange(a2.shape[1])]
    return (a2 * (g2 - np.sum(a2 * g2, axis=0))).reshape(a.shape)


def diagonal_only(z, a, y, activation, cost):
    """The "skip the sum" δ (only k = j of (37)) for a softmax output, right at saturation."""
    if cost.name == "cross_entropy":
        return a - y  # (a - y)/(a(1 - a)) · a(1 - a)
    if cost.name == "log_likelihood":
        return 0.0 - y * np.exp(log1m_softmax(z))  # -y/a · a(1 - a)
    return cost.grad_of(a, y) * activation.diagonal_of(a)


def eq37_terms(z, a, y, activation, cost, j):
    """The n terms ∂C/∂a_k · ∂a_k/∂z_j of (37) for one softmax vector z (n,), a = σ(z), right
    at saturation: 1 - a_j from z, the division by a_k cancelled by hand."""
    log1m = log1m_softmax(z)
    column = np.full(z.shape, -a[j])  # ∂a_k/∂z_j / a_k = 1[k = j] - a_j
    column[j] = np.exp(log1m[j])
    if cost.name == "log_likelihood":  # -y_k/a_k · a_k (1[k = j] - a_j)
        return 0.0 - y * column
    if cost.name == "quadratic":
        return cost.grad_of(a, y) * a * column
    # cross-entropy: u_k (1[k = j] - a_j), u_k = (a_k - y_k)/(1 - a_k); the largest logit's
    # term for j != p takes the ratio a_j/(1 - a_p) in log space
    p = int(np.argmax(z))
    a_minus_y = _a_minus_y(a, y, log1m)
    with np.errstate(divide="ignore", invalid="ignore"):  # entry p: replaced below
        terms = a_minus_y / (1.0 - a) * column
    terms[p] = (a_minus_y[p] if j == p
                else -a_minus_y[p] * np.exp(log_softmax(z)[j] - log1m[p]))
    return terms
