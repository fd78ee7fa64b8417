"""Self-checks for the notebooks' exercises: `check(name, answer)` prints what is right or off.

Each exercise registers a function that returns the expected answer and, optionally, the
typical wrong answers with what they mean ("the transposed Jacobian", "the diagonal-only δ"),
so a learner who makes a known mistake is told which one. `check` prints "correct" or a short
explanation and returns True or False, so a solution cell can `assert check(...)`.
"""

import numpy as np

_EXERCISES = {}
RTOL = 1e-6


def exercise(name):
    """Register the decorated function as exercise `name`.

    The function takes no argument and returns (expected, wrong) where `expected` is an array
    (or a number) and `wrong` maps a description of a typical mistake to the array it gives.
    """
    def register(func):
        if name in _EXERCISES:
            raise ValueError(f"exercise {name!r} is registered twice")
        _EXERCISES[name] = func
        return func
    return register


def names():
    """The registered exercise names, sorted."""
    return sorted(_EXERCISES)


def _close(a, b):
    return a.shape == b.shape and np.allclose(a, b, rtol=RTOL, atol=1e-9)


def diagnose(answer, expected, wrong=None):
    """(ok, message) comparing `answer` with `expected`: shape, known mistakes, wrong entries."""
    expected = np.asarray(expected, dtype=np.float64)
    if answer is None:
        return False, "no answer yet: replace None with your answer"
    try:
        answer = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return False, f"expected numbers, got {type(answer).__name__}"
    if answer.shape != expected.shape:
        if answer.size == expected.size:
            return False, (f"shape {answer.shape}, expected {expected.shape}: same numbers of "
                           "entries, so check how you reshaped (columns are examples)")
        return False, f"shape {answer.shape}, expected {expected.shape}"
    if not np.all(np.isfinite(answer)):
        return False, "your answer contains NaN or infinity"
    if _close(answer, expected):
        return True, "correct"
    for description, value in (wrong or {}).items():
        value = np.asarray(value, dtype=np.float64)
        if _close(answer, value):
            return False, f"not quite: this is {description}"
    if _close(answer, -expected):
        return False, "the sign is flipped"
    if answer.ndim == 2 and answer.shape[0] == answer.shape[1] and _close(answer, expected.T):
        return False, "this is the transpose: the convention is J[k, j] = ∂a_k/∂z_j (row = output)"
    if answer.ndim == 0:
        return False, f"the number is off: got {float(answer):.6g}"
    off = ~np.isclose(answer, expected, rtol=RTOL, atol=1e-9)
    where = [tuple(int(i) for i in idx) for idx in np.argwhere(off)[:5]]
    where = [w[0] if len(w) == 1 else w for w in where]
    return False, f"{int(off.sum())} of {off.size} entries are off, first at index {where}"


def check(name, answer):
    """Print "correct" or what is off for exercise `name`; return True when correct."""
    if name not in _EXERCISES:
        raise ValueError(f"unknown exercise {name!r}; expected one of {names()}")
    expected, wrong = _EXERCISES[name]()
    ok, message = diagnose(answer, expected, wrong)
    print(f"{name}: {message}")
    return ok


# --- notebook 01 exercises ---

# Exercise data is written out here and in the notebook's task cell; the expected answers are
# computed with explicit loops and closed forms, never with the nnhelpers function a learner
# might call.

EX01_W2 = ((0.5, -1.0), (2.0, 0.0), (-0.5, 1.5))  # w^2, shape (3, 2): row j, column k
EX01_B2 = (0.1, -0.2, 0.0)  # b^2, shape (3, 1)
EX01_X = (1.0, 2.0)  # the input a^1 = x, shape (2, 1)


def _sigma(t):
    """Scalar sigmoid, written out (real or complex t)."""
    return 1.0 / (1.0 + np.exp(-t))


@exercise("z2_by_hand")
def _z2_by_hand():
    """Notebook 01: z^2_j = Σ_k w^2_jk x_k + b^2_j for the hand-picked w^2, b^2, x above."""
    z2 = np.zeros((3, 1))
    for j in range(3):
        z2[j, 0] = sum(EX01_W2[j][k] * EX01_X[k] for k in range(2)) + EX01_B2[j]
    a2 = np.array([[_sigma(v)] for v in z2[:, 0]])
    no_bias = z2 - np.array(EX01_B2).reshape(3, 1)
    return z2, {"a^2 = σ(z^2), the activation; the exercise asks for the weighted input z^2": a2,
                "w^2 x without the bias b^2": no_bias}


EX01_A = (0.8, 0.3)  # a^L, shape (2, 1)
EX01_Y = (1.0, 0.0)  # y, shape (2, 1)


@exercise("quadratic_cost_one_example")
def _quadratic_cost_one_example():
    """Notebook 01: C = ½ Σ_j (y_j - a_j)² for one example (a number)."""
    squares = [(EX01_Y[j] - EX01_A[j]) ** 2 for j in range(2)]
    cost = 0.5 * sum(squares)
    return cost, {"Σ_j (y_j - a_j)² without the factor ½": sum(squares),
                  "½ ‖y - a‖, the norm instead of its square": 0.5 * np.sqrt(sum(squares)),
                  "½ Σ_j (y_j - a_j), the differences are not squared":
                      0.5 * sum(EX01_Y[j] - EX01_A[j] for j in range(2))}


EX01_ZL = (0.5, -1.0)  # z^L, shape (2, 1), sigmoid output layer, quadratic cost, y = EX01_Y


@exercise("demon_delta_2")
def _demon_delta_2():
    """Notebook 01: δ^L_2 = ∂C/∂z^L_2 = (a_2 - y_2) σ'(z_2) (a number), the demon's slope."""
    def delta(j):
        a = _sigma(EX01_ZL[j])
        return (a - EX01_Y[j]) * a * (1.0 - a)
    a2 = _sigma(EX01_ZL[1])
    return delta(1), {"∂C/∂a_2 = a_2 - y_2: the factor σ'(z_2) is missing": a2 - EX01_Y[1],
                      "δ^L_1, the slope for the demon at neuron 1": delta(0)}


# --- notebook 02 exercises ---

EX02_Z = (0.5, -1.0, 2.0, 0.0)  # z^L, shape (4, 1)
EX02_Y = (0.0, 1.0, 0.0, 0.0)  # y, shape (4, 1)


@exercise("sigmoid_quadratic_delta")
def _sigmoid_quadratic_delta():
    """Notebook 02: δ^L for sigmoid + quadratic, shape (4, 1).

    The expected answer is the complex-step derivative of C = ½ Σ_k (σ(z_k) - y_k)², one z_j
    at a time, written out with loops: independent of the closed form the learner writes.
    """
    h = 1e-30
    delta = np.zeros((4, 1))
    for j in range(4):
        zs = [complex(v) for v in EX02_Z]
        zs[j] += 1j * h
        cost = 0.5 * sum((_sigma(zs[k]) - EX02_Y[k]) ** 2 for k in range(4))
        delta[j, 0] = cost.imag / h
    z = np.array(EX02_Z).reshape(4, 1)
    y = np.array(EX02_Y).reshape(4, 1)
    a = 1.0 / (1.0 + np.exp(-z))
    sa = 1.0 / (1.0 + np.exp(-a))
    return delta, {"∇_a C = a - y alone: the factor σ'(z) is missing": a - y,
                   "(a - y) σ(z): σ instead of σ'": (a - y) * a,
                   "(a - y) σ'(a): σ' taken at a instead of at z": (a - y) * sa * (1.0 - sa)}


EX02_X = 1.5


def _squire_trapp(x):
    """f(x) = e^x / sqrt(sin³x + cos³x), the classic test function of the complex step."""
    return np.exp(x) / np.sqrt(np.sin(x) ** 3 + np.cos(x) ** 3)


@exercise("complex_step_derivative")
def _complex_step_derivative():
    """Notebook 02: f'(1.5) by the closed form f' = f (1 - g'/(2g)), g = sin³x + cos³x."""
    x = EX02_X
    g = np.sin(x) ** 3 + np.cos(x) ** 3
    dg = 3.0 * np.sin(x) ** 2 * np.cos(x) - 3.0 * np.cos(x) ** 2 * np.sin(x)
    f = _squire_trapp(x)
    return f * (1.0 - dg / (2.0 * g)), {
        "0: a real difference with h = 1e-20, where x + h == x in float64": 0.0,
        "f(1.5), the function's value rather than its derivative": f,
    }


@exercise("truncation_orders")
def _truncation_orders():
    """Notebook 02: the order p of the truncation error (≈ c h^p) of forward, central, complex."""
    # From the Taylor series: forward keeps the h f''/2 term, central and complex step cancel
    # every even (resp. real) term and keep h² f'''/6.
    return np.array([1.0, 2.0, 2.0]), {
        "the slopes of the round-off arm (error ~ ε/h) for forward and central":
            np.array([-1.0, -1.0, 2.0]),
        "complex step counted as first order": np.array([1.0, 2.0, 1.0]),
    }


# --- notebook 03 exercises ---

# The expected answers below are computed from the composite function itself (closed form or
# complex step, written out with loops), never by the chain rule a learner is asked to apply.

EX03_T = 0.7  # warm-up: f(x, y) = x² y with x(t) = cos t, y(t) = e^t


@exercise("chain_rule_two_paths")
def _chain_rule_two_paths():
    """Notebook 03: df/dt at t = 0.7 for f = x² y, x = cos t, y = e^t (a number).

    Expected: the derivative of the composite g(t) = cos²t · e^t, g' = e^t (cos²t - 2 sin t cos t).
    """
    t = EX03_T
    x, y = np.cos(t), np.exp(t)
    expected = np.exp(t) * (np.cos(t) ** 2 - 2.0 * np.sin(t) * np.cos(t))
    return expected, {
        "only the path through x, ∂f/∂x · dx/dt: the path through y is missing":
            2.0 * x * y * (-np.sin(t)),
        "only the path through y, ∂f/∂y · dy/dt: the path through x is missing": x * x * y,
    }


EX03_Z = (1.0, 2.0, 3.0)  # z, shape (3, 1), all positive
EX03_Y = (0.0, 1.0, 0.0)  # y, shape (3, 1)


def _normaliser(z):
    """a_k = z_k / Σ_i z_i, written out for a list of (real or complex) numbers."""
    total = sum(z)
    return [zk / total for zk in z]


def _ex03_complex_step(f, z, h=1e-30):
    """Column j = Im f(z + ih e_j) / h for a list-valued f: the (len f, len z) Jacobian."""
    out = np.zeros((len(f(list(z))), len(z)))
    for j in range(len(z)):
        zz = [complex(v) for v in z]
        zz[j] += 1j * h
        out[:, j] = [v.imag / h for v in f(zz)]
    return out


@exercise("normaliser_jacobian")
def _normaliser_jacobian():
    """Notebook 03: the (3, 3) Jacobian J[k, j] = ∂a_k/∂z_j of a_k = z_k / Σ_i z_i at z = (1, 2, 3).

    Not symmetric, so the transposed answer is caught by `diagnose`.
    """
    J = _ex03_complex_step(_normaliser, EX03_Z)
    return J, {"only the diagonal ∂a_j/∂z_j: every a_k depends on every z_j here":
               np.diag(np.diag(J))}


@exercise("normaliser_delta")
def _normaliser_delta():
    """Notebook 03: δ by (37) for the normaliser + quadratic cost at z = (1, 2, 3), y = e_2.

    Expected: ∂C/∂z_j of C(z) = ½ Σ_k (a_k(z) - y_k)², by complex step. Shape (3, 1).
    """
    def cost(z):
        return [0.5 * sum((ak - yk) ** 2 for ak, yk in zip(_normaliser(z), EX03_Y, strict=True))]
    delta = _ex03_complex_step(cost, EX03_Z).reshape(3, 1)
    z = np.array(EX03_Z)
    J = _ex03_complex_step(_normaliser, EX03_Z)
    g = (np.array(_normaliser(list(z))) - np.array(EX03_Y)).reshape(3, 1)
    return delta, {
        "J ∇_a C: the sum ran over j, the rows; (37) sums over k, so it is Jᵀ ∇_a C": J @ g,
        "the diagonal-only δ, ∂C/∂a_j · ∂a_j/∂z_j: the terms k ≠ j of (37) are missing":
            g * np.diag(J).reshape(3, 1),
        "∇_a C = a - y: the factor ∂a_k/∂z_j is missing": g,
    }


@exercise("normaliser_ll_terms")
def _normaliser_ll_terms():
    """Notebook 03: the terms T[k, j] = ∂C/∂a_k · ∂a_k/∂z_j of (37), shape (3, 3), for the
    normaliser a_k = z_k / Σ_i z_i with the log-likelihood cost C = -ln a_y at z = (1, 2, 3),
    y = e_2 (0-based class 1). Column j holds the n terms whose sum is δ_j.

    Expected: ∂C/∂a_k by complex step on C(a) = -Σ_k y_k ln a_k, times the complex-step
    Jacobian, entry by entry (no (37) and no closed form).
    """
    a = _normaliser(list(EX03_Z))
    grad_a = _ex03_complex_step(
        lambda aa: [-sum(yk * np.log(ak) for yk, ak in zip(EX03_Y, aa, strict=True))], a
    ).reshape(3)
    J = _ex03_complex_step(_normaliser, EX03_Z)
    terms = np.array([[grad_a[k] * J[k, j] for j in range(3)] for k in range(3)])
    quadratic = np.array(a) - np.array(EX03_Y)
    return terms, {
        "the transpose: row k is the output a_k, so T[k, j] = ∂C/∂a_k · J[k, j]": terms.T,
        "only the diagonal terms k = j: for j ≠ 2 the surviving term is off the diagonal":
            np.diag(np.diag(terms)),
        "the terms for the quadratic cost (a_k - y_k) J[k, j]; here C = -ln a_y":
            quadratic[:, None] * J,
    }


# --- notebook 04 exercises ---

EX04_Z = (0.5, -1.0, 2.0)  # z^L, shape (3, 1), tanh output layer, quadratic cost
EX04_Y = (1.0, 0.0, 0.0)  # y, shape (3, 1)


@exercise("bp1_tanh_quadratic")
def _bp1_tanh_quadratic():
    """Notebook 04: δ^L = ∇_a C ⊙ σ'(z) for tanh + quadratic, shape (3, 1).

    Expected: ∂C/∂z_j of C = ½ Σ_k (tanh z_k - y_k)² by complex step, one z_j at a time.
    """
    h = 1e-30
    delta = np.zeros((3, 1))
    for j in range(3):
        zs = [complex(v) for v in EX04_Z]
        zs[j] += 1j * h
        delta[j, 0] = (0.5 * sum((np.tanh(zs[k]) - EX04_Y[k]) ** 2 for k in range(3))).imag / h
    z = np.array(EX04_Z).reshape(3, 1)
    y = np.array(EX04_Y).reshape(3, 1)
    a = np.tanh(z)
    s = 1.0 / (1.0 + np.exp(-z))
    return delta, {
        "∇_a C = a - y alone: the factor σ'(z) = 1 - tanh²z is missing": a - y,
        "(a - y) ⊙ s(1 - s) with the sigmoid's derivative instead of tanh's": (a - y) * s * (1 - s),
        "(a - y) ⊙ (1 - z²): σ' is 1 - a², with a = tanh z, not 1 - z²": (a - y) * (1 - z * z),
    }


EX04_LOGITS = (1.0, 2.0, 0.5, -1.0)  # z^L, shape (4, 1), softmax output layer
EX04_CLASS = 2  # the target class (0-based): y = e_3


@exercise("softmax_log_likelihood_delta")
def _softmax_log_likelihood_delta():
    """Notebook 04: the true δ^L for softmax + log-likelihood, shape (4, 1).

    Expected: ∂C/∂z_j of C = -ln a_y = -z_y + ln Σ_i e^{z_i}, by complex step.
    """
    h = 1e-30
    delta = np.zeros((4, 1))
    for j in range(4):
        zs = [complex(v) for v in EX04_LOGITS]
        zs[j] += 1j * h
        cost = -zs[EX04_CLASS] + np.log(sum(np.exp(v) for v in zs))
        delta[j, 0] = cost.imag / h
    z = np.array(EX04_LOGITS).reshape(4, 1)
    a = np.exp(z) / np.sum(np.exp(z))
    y = np.zeros((4, 1))
    y[EX04_CLASS] = 1.0
    return delta, {
        "the diagonal-only δ, ∂C/∂a_j · a_j(1 - a_j): it drops every k ≠ j term of (37) "
        "(zero except at the target)": np.where(y == 1, a - 1.0, 0.0),
        "∇_a C = -y/a: the factor ∂a_k/∂z_j is missing": np.where(y == 1, -1.0 / a, 0.0),
        "a alone: subtract y": a,
    }


EX04_LAYER_Z = (0.5, 1.0, 2.0)  # z, shape (3,), where the four output layers below are compared


def _ex04_sigma(t):
    return 1.0 / (1.0 + np.exp(-t))


def _ex04_layers():
    """The four output layers of exercise 3, written out for a list of (real or complex) z."""
    return [
        lambda z: [np.tanh(zk) for zk in z],                                  # tanh
        lambda z: [_ex04_sigma(zk - sum(z) / len(z)) for zk in z],            # σ(z_k - mean z)
        lambda z: [_ex04_sigma(z[0]), np.tanh(z[1]), z[2]],                   # one function each
        lambda z: _normaliser(z),                                             # z_k / Σ_i z_i
    ]


@exercise("eq38_allowed")
def _eq38_allowed():
    """Notebook 04: for which of four output layers may (37) be replaced by (38) for every cost?

    Expected: True where the Jacobian (complex step, at z = EX04_LAYER_Z) is diagonal, shape (4,).
    """
    allowed = []
    for layer in _ex04_layers():
        J = _ex03_complex_step(layer, EX04_LAYER_Z)
        allowed.append(float(np.max(np.abs(J - np.diag(np.diag(J)))) < 1e-12))
    expected = np.array(allowed)
    return expected, {
        "σ(z_k - mean z) looks like a sigmoid of z_k, but the mean contains every z_j, "
        "so ∂a_k/∂z_j ≠ 0 for k ≠ j": np.where(np.arange(4) == 1, 1.0, expected),
        "a different function for each neuron is still element-wise: each a_k depends on z_k "
        "alone, so J is diagonal": np.where(np.arange(4) == 2, 0.0, expected),
    }


# --- notebook 06 exercises ---

EX06_Z = (0.5, 1.5, -1.0, 0.0)  # z^L of a softmax output layer, shape (4, 1)
EX06_TARGET = 1  # the true class (0-based): y = (0, 1, 0, 0)


def _ex06_softmax(zs):
    """Softmax of a list of (real or complex) numbers, written out."""
    e = [np.exp(v) for v in zs]
    total = sum(e)
    return [v / total for v in e]


def _ex06_quadratic_cost(zs):
    """C = ½ Σ_k (a_k - y_k)² with a = softmax(z), y one-hot at EX06_TARGET, written out."""
    a = _ex06_softmax(zs)
    return 0.5 * sum((a[k] - (1.0 if k == EX06_TARGET else 0.0)) ** 2 for k in range(len(zs)))


def _ex06_softmax_quadratic():
    """(δ by (36), the diagonal-only δ, a, y) for softmax + quadratic at EX06_Z, each (4, 1).

    δ_j = ∂C/∂z_j by the complex step of the cost written out, one z_j at a time (the definition
    (36)); the diagonal-only δ_j = (a_j - y_j) a_j (1 - a_j) keeps the k = j term of (37) only.
    """
    h = 1e-30
    n = len(EX06_Z)
    delta = np.zeros((n, 1))
    for j in range(n):
        zs = [complex(v) for v in EX06_Z]
        zs[j] += 1j * h
        delta[j, 0] = _ex06_quadratic_cost(zs).imag / h
    a = np.array(_ex06_softmax(list(EX06_Z))).reshape(n, 1)
    y = np.zeros((n, 1))
    y[EX06_TARGET, 0] = 1.0
    diagonal_only = (a - y) * a * (1.0 - a)
    return delta, diagonal_only, a, y


@exercise("softmax_quadratic_delta")
def _softmax_quadratic_delta():
    """Notebook 06: δ^L for softmax + quadratic cost at EX06_Z, y = e_2, shape (4, 1).

    Expected: the complex-step derivative of C = ½ Σ_k (a_k - y_k)² (the definition (36)),
    written out with loops, independent of the (37) the learner derives.
    """
    delta, diagonal_only, a, y = _ex06_softmax_quadratic()
    return delta, {
        "the diagonal-only δ (a - y) a (1 - a): only the k = j terms of (37) were kept":
            diagonal_only,
        "a - y: that is log-likelihood's δ; the quadratic cost keeps the softmax Jacobian": a - y,
    }


@exercise("softmax_quadratic_off_diagonal")
def _softmax_quadratic_off_diagonal():
    """Notebook 06: what the diagonal-only shortcut misses, δ - δ_diagonal-only, shape (4, 1).

    That is Σ_{k ≠ j} ∂C/∂a_k ∂a_k/∂z_j for each j. Expected: (36) by the complex step minus the
    diagonal term written out.
    """
    delta, diagonal_only, _, _ = _ex06_softmax_quadratic()
    return delta - diagonal_only, {
        "the whole δ: subtract the diagonal term (a_j - y_j) a_j (1 - a_j)": delta,
        "the diagonal term itself, not what it misses": diagonal_only,
    }


# --- notebook 07 exercises ---

EX07_W = ((0.5, -1.0, 2.0), (1.5, 0.5, -0.5))  # w^L, shape (2, 3): row j, column k
EX07_Z_PREV = (0.0, 1.0, -2.0)  # z^{L-1}, shape (3, 1), sigmoid hidden layer
EX07_DELTA = (0.25, -0.5)  # δ^L, shape (2, 1)


@exercise("bp2_delta")
def _bp2_delta():
    """Notebook 07: δ^{L-1}_k = Σ_j w^L_jk δ^L_j σ'(z^{L-1}_k) by (BP2), shape (3, 1).

    Expected: written out with loops over j and k, not as a matrix product.
    """
    n_out, n_in = len(EX07_W), len(EX07_W[0])
    expected = np.zeros((n_in, 1))
    back = np.zeros((n_in, 1))
    for k in range(n_in):
        back[k, 0] = sum(EX07_W[j][k] * EX07_DELTA[j] for j in range(n_out))
        s = _sigma(EX07_Z_PREV[k])
        expected[k, 0] = back[k, 0] * s * (1.0 - s)
    sig = np.array([[_sigma(v)] for v in EX07_Z_PREV])
    return expected, {
        "(w^L)ᵀ δ^L without the factor σ'(z^{L-1})": back,
        "(w^L)ᵀ δ^L ⊙ σ(z^{L-1}): σ instead of σ'": back * sig,
    }


@exercise("bp2_jacobian")
def _bp2_jacobian():
    """Notebook 07: BP2's Jacobian ∂δ^{L-1}_k/∂δ^L_j for the data of `bp2_delta`, shape (3, 2).

    Row k = hidden neuron, column j = output neuron (J[k, j], as for every Jacobian here).
    Expected: the complex step of BP2's map δ^L -> δ^{L-1}, written out with loops, one δ^L_j at
    a time (the map is linear, so the complex step is exact up to rounding).
    """
    n_out, n_in = len(EX07_W), len(EX07_W[0])
    h = 1e-30

    def bp2(delta):
        out = []
        for k in range(n_in):
            s = _sigma(EX07_Z_PREV[k])
            out.append(sum(EX07_W[j][k] * delta[j] for j in range(n_out)) * s * (1.0 - s))
        return out

    jac = np.zeros((n_in, n_out))
    for j in range(n_out):
        delta = [complex(v) for v in EX07_DELTA]
        delta[j] += 1j * h
        jac[:, j] = [v.imag / h for v in bp2(delta)]
    return jac, {
        "(w^L)ᵀ without the factor σ'(z^{L-1}) on each row":
            np.array([[EX07_W[j][k] for j in range(n_out)] for k in range(n_in)]),
    }


EX07_DELTA_BATCH = ((0.5, -0.25, 0.0), (-0.5, 0.75, 1.0))  # Δ^L, shape (2, 3): m = 3 columns
EX07_A_PREV_BATCH = ((1.0, 0.0, 0.5), (0.2, 0.4, 0.6), (0.0, 1.0, 1.0))  # A^{L-1}, (3, 3)


@exercise("bp4_minibatch")
def _bp4_minibatch():
    """Notebook 07: ∂C/∂w^L_jk = (1/m) Σ_x δ^L_{j,x} a^{L-1}_{k,x} by (BP4), shape (2, 3)."""
    n_out, m = len(EX07_DELTA_BATCH), len(EX07_DELTA_BATCH[0])
    n_in = len(EX07_A_PREV_BATCH)
    total = np.zeros((n_out, n_in))
    for j in range(n_out):
        for k in range(n_in):
            total[j, k] = sum(EX07_DELTA_BATCH[j][x] * EX07_A_PREV_BATCH[k][x] for x in range(m))
    first = np.array([[EX07_DELTA_BATCH[j][0] * EX07_A_PREV_BATCH[k][0] for k in range(n_in)]
                      for j in range(n_out)])
    return total / m, {
        "the sum over the mini-batch without dividing by m": total,
        "the first example's gradient only": first,
    }


# --- notebook 08 exercises ---

# BP2 one layer down: z^{l+1} = w^{l+1} a^l + b^{l+1}, a^l = σ(z^l). The expected answers are
# complex-step derivatives of these maps written out with loops, never BP2's matrix formula.

EX08_W = ((0.5, -1.0, 2.0), (1.5, 0.25, -0.5), (-1.0, 0.75, 1.0))  # w^{l+1}, (3, 3): row k, col j
EX08_B = (0.1, -0.2, 0.3)  # b^{l+1}, shape (3, 1)
EX08_Z = (0.4, -1.2, 2.0)  # z^l, shape (3, 1)
EX08_DELTA_NEXT = (0.25, -0.5, 0.125)  # δ^{l+1}, shape (3, 1)


def _ex08_sigma(t):
    """Scalar sigmoid, written out (real or complex t)."""
    return 1.0 / (1.0 + np.exp(-t))


def _ex08_softmax(zs):
    """Softmax of a list of (real or complex) numbers, written out."""
    e = [np.exp(v) for v in zs]
    return [v / sum(e) for v in e]


def _ex08_next_z(a_of_z):
    """z ↦ z^{l+1} = w^{l+1} a(z) + b^{l+1} for a list z, with the hidden activation a_of_z."""
    def next_z(z):
        a = a_of_z(z)
        return [sum(EX08_W[k][i] * a[i] for i in range(3)) + EX08_B[k] for k in range(3)]
    return next_z


@exercise("next_z_jacobian")
def _next_z_jacobian():
    """Notebook 08: M[k, j] = ∂z^{l+1}_k/∂z^l_j, shape (3, 3), for a tanh layer l, at EX08_Z.

    Step 2 of the notebook derives M for a sigmoid layer; the exercise redoes it for tanh.
    Expected: the complex-step Jacobian of z^l ↦ w^{l+1} tanh(z^l) + b^{l+1} (written out).
    """
    M = _ex03_complex_step(_ex08_next_z(lambda z: [np.tanh(v) for v in z]), EX08_Z)
    w = np.array(EX08_W)
    t = np.tanh(np.array(EX08_Z))
    s = np.array([_ex08_sigma(v) for v in EX08_Z])
    return M, {
        "w^{l+1} alone: the factor tanh'(z^l_j) of each column is missing": w,
        "w^{l+1}_kj tanh(z^l_j): tanh instead of its derivative tanh' = 1 - tanh²": w * t[None, :],
        "w^{l+1}_kj σ'(z^l_j): the sigmoid's derivative, but layer l is tanh (tanh' = 1 - tanh²)":
            w * (s * (1 - s))[None, :],
        "w^{l+1}_kj tanh'(z^l_k): the derivative belongs to the column j (the neuron z^l_j), "
        "not the row k": w * (1 - t**2)[:, None],
    }


@exercise("bp2_softmax_hidden")
def _bp2_softmax_hidden():
    """Notebook 08: δ^l, shape (3, 1), if layer l were a softmax, given δ^{l+1} = EX08_DELTA_NEXT.

    Expected: δ^l_j = Σ_k δ^{l+1}_k ∂z^{l+1}_k/∂z^l_j, i.e. the complex-step derivative of the
    number Σ_k δ^{l+1}_k z^{l+1}_k(z^l) (whose gradient in z^l is exactly that sum), one z^l_j
    at a time.
    """
    next_z = _ex08_next_z(_ex08_softmax)

    def linear_in_next_z(z):
        return [sum(d * v for d, v in zip(EX08_DELTA_NEXT, next_z(z), strict=True))]

    delta = _ex03_complex_step(linear_in_next_z, EX08_Z).reshape(3, 1)
    w = np.array(EX08_W)
    a = np.array(_ex08_softmax(list(EX08_Z))).reshape(3, 1)
    back = w.T @ np.array(EX08_DELTA_NEXT).reshape(3, 1)
    return delta, {
        "BP2's Hadamard form (wᵀδ) ⊙ a(1 - a): it keeps only the diagonal of softmax's "
        "Jacobian; for a softmax layer (wᵀδ) must be multiplied by the full Jᵀ": back * a * (1 - a),
        "(w^{l+1})ᵀ δ^{l+1} alone: the factor ∂a^l/∂z^l is missing": back,
    }


# --- notebook 09 exercises ---

# Expected answers are written out with loops over k and j, a complex step of the layer written
# out here, and mpmath at 50 digits: never with nnhelpers.autodiff or Activation.vjp, which the
# learner is asked to use or to reproduce.

EX09_Z = (0.5, -1.0, 2.0)  # z, shape (3, 1)
EX09_G = (1.0, -2.0, 0.5)  # g = ∂C/∂a, shape (3, 1)


def _ex09_softmax(zs):
    e = [np.exp(v) for v in zs]
    return [v / sum(e) for v in e]


@exercise("softmax_vjp_by_hand")
def _softmax_vjp_by_hand():
    """Notebook 09: (Jᵀ g)_j = Σ_k g_k a_k (1[k = j] - a_j) for softmax at EX09_Z, shape (3, 1)."""
    a = _ex09_softmax(EX09_Z)
    n = len(a)
    expected = np.zeros((n, 1))
    diagonal = np.zeros((n, 1))
    for j in range(n):
        expected[j, 0] = sum(EX09_G[k] * a[k] * ((1.0 if k == j else 0.0) - a[j])
                             for k in range(n))
        diagonal[j, 0] = EX09_G[j] * a[j] * (1.0 - a[j])
    return expected, {"only the diagonal term k = j of the sum (38)": diagonal,
                      "g ⊙ a without subtracting aᵀg": np.array(EX09_G).reshape(n, 1)
                      * np.array(a).reshape(n, 1)}


EX09_LN_Z = (1.0, 2.0, 4.0, -1.0)  # z, shape (4, 1)
EX09_LN_Y = (0.0, 1.0, 0.0, 0.0)  # y, shape (4, 1)


def _layer_norm(zs):
    """a_k = (z_k - μ) / s, μ = mean of z, s = sqrt(mean of (z - μ)²): no gain, bias or ε."""
    n = len(zs)
    mu = sum(zs) / n
    s = np.sqrt(sum((v - mu) ** 2 for v in zs) / n)
    return [(v - mu) / s for v in zs]


@exercise("layer_norm_delta")
def _layer_norm_delta():
    """Notebook 09: δ = ∂C/∂z for layer normalisation + quadratic cost, shape (4, 1).

    Expected: the complex step of C(z) = ½ Σ_k (a_k(z) - y_k)², column by column.
    """
    n, h = len(EX09_LN_Z), 1e-30

    def cost(zs):
        return 0.5 * sum((a_k - y_k) ** 2 for a_k, y_k in zip(_layer_norm(zs), EX09_LN_Y,
                                                                strict=True))

    expected = np.zeros((n, 1))
    for j in range(n):
        zs = [complex(v) for v in EX09_LN_Z]
        zs[j] += 1j * h
        expected[j, 0] = cost(zs).imag / h
    a = _layer_norm(list(EX09_LN_Z))
    g = [a_k - y_k for a_k, y_k in zip(a, EX09_LN_Y, strict=True)]
    # the diagonal-only answer: ∂a_j/∂z_j = (1 - 1/n - a_j²/n) / s, written out
    mu = sum(EX09_LN_Z) / n
    s = np.sqrt(sum((v - mu) ** 2 for v in EX09_LN_Z) / n)
    diagonal = np.array([[g[j] * (1 - 1 / n - a[j] ** 2 / n) / s] for j in range(n)])
    return expected, {"only the diagonal term k = j of (37), i.e. (38)": diagonal,
                      "∂C/∂a = a - y, the gradient passed through the layer unchanged":
                      np.array(g).reshape(n, 1)}


EX09_LOGITS = (-500.0, 800.0, 790.0)  # z, shape (3, 1); the true class is y = 0 (0-based)
EX09_TRUE_CLASS = 0


@exercise("logits_cross_entropy")
def _logits_cross_entropy():
    """Notebook 09: C = -ln a_y = ln Σ_i e^{z_i} - z_y at EX09_LOGITS, y = 0 (a number).

    Expected: mpmath at 50 digits, where e^{800} is an ordinary number.
    """
    import mpmath

    with mpmath.workdps(50):
        zs = [mpmath.mpf(v) for v in EX09_LOGITS]
        lse = mpmath.log(sum(mpmath.exp(v) for v in zs))
        cost = lse - zs[EX09_TRUE_CLASS]
    return float(cost), {"ln Σ_i e^{z_i} alone, without the - z_y": float(lse),
                         "- z_y alone, without ln Σ_i e^{z_i}": -EX09_LOGITS[EX09_TRUE_CLASS]}


# --- notebook 10 exercises ---

EX10_Z = (-800.0, -30.0, 0.0, 30.0, 800.0)  # z, shape (5,)


@exercise("stable_sigmoid")
def _stable_sigmoid():
    """Notebook 10: σ(z) = 1/(1 + e^{-z}) at EX10_Z without overflow, shape (5,); mpmath."""
    import mpmath

    with mpmath.workdps(50):
        expected = np.array([float(1 / (1 + mpmath.exp(-mpmath.mpf(v)))) for v in EX10_Z])
    return expected, {"σ(-z) = 1 - σ(z): the sign of the exponent flipped": expected[::-1].copy()}


EX10_Z_ROWS = ((2.0, 0.0, -1.0, 0.5), (0.0, 1.0, 1.0, -2.0), (3.0, 3.0, 0.0, 1.0))  # (m, n)
EX10_LABELS = (0, 2, 1)  # one class per example (row of EX10_Z_ROWS)


@exercise("examples_per_column")
def _examples_per_column():
    """Notebook 10: δ^L = a - y for softmax + log-likelihood, in Nielsen's shape (n, m) = (4, 3).

    The learner's data has one example per row; the expected answer is built column by column.
    """
    m, n = len(EX10_Z_ROWS), len(EX10_Z_ROWS[0])
    expected = np.zeros((n, m))
    wrong_axis = np.zeros((n, m))
    for x in range(m):
        e = [np.exp(v) for v in EX10_Z_ROWS[x]]
        for j in range(n):
            expected[j, x] = e[j] / sum(e) - (1.0 if j == EX10_LABELS[x] else 0.0)
    for j in range(n):  # softmax normalised over the examples instead of the classes
        e = [np.exp(EX10_Z_ROWS[x][j]) for x in range(m)]
        for x in range(m):
            wrong_axis[j, x] = e[x] / sum(e) - (1.0 if j == EX10_LABELS[x] else 0.0)
    return expected, {"softmax normalised over the examples (the wrong axis)": wrong_axis}


EX10_BAD_GRAD = ((-0.6, 1.2, 0.3), (0.9, -0.3, -1.5))  # a learner's ∇_w C, shape (2, 3)
EX10_M = 3  # the mini-batch size behind it


@exercise("fix_sign_and_scale")
def _fix_sign_and_scale():
    """Notebook 10: the gradient a diagnose verdict of ratio -m asks for, shape (2, 3)."""
    rows, cols = len(EX10_BAD_GRAD), len(EX10_BAD_GRAD[0])
    expected = np.array([[-EX10_BAD_GRAD[r][c] / EX10_M for c in range(cols)]
                         for r in range(rows)])
    return expected, {"only the sign fixed (the 1/m is still missing)": -np.array(EX10_BAD_GRAD),
                      "only the 1/m fixed (the sign is still flipped)":
                      np.array(EX10_BAD_GRAD) / EX10_M}
