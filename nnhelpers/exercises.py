"""Self-checks for the notebooks' exercises: `check(name, answer)` prints what is right or off.

Each exercise registers a function that returns the expected answer and, optionally, the
typical wrong answers with what they mean ("the transposed Jacobian", "the diagonal-only δ"),
so a learner who makes a known mistake is told which one. `check` prints "correct" or a short
explanation and returns True or False, so a worked solution can end with `assert check(...)`.

What `feedback` says, in order: "no answer yet" (None), a wrong shape, NaN, "correct", "not quite:
this is <a known mistake>", "the sign is flipped", "this is the transpose", "close: within 1 % of
the answer; keep more digits" (a value copied from a 4-decimal printout lands here), "this looks
like <a known mistake> (to within 1 %)", and otherwise how the number is off ("too large in size",
"too small in size", "wrong sign") or, for an array, how many entries are off and which, each
with its direction.

Expected answers are computed independently of the code a learner calls: loops, closed forms and
the one complex-step helper `_complex_step` below.

Used in notebooks: 01, 02, 03, 04, 06, 07, 08, 09, 10.
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


CLOSE = 0.01  # "close: keep more digits" when the answer is within 1 % of the expected one


def _close(a, b):
    return a.shape == b.shape and np.allclose(a, b, rtol=RTOL, atol=1e-9)


def _near_miss(answer, expected):
    """Within CLOSE of `expected`, norm-wise: max |answer - expected| <= CLOSE * max |expected|.

    Norm-wise, so a value rounded to 4 decimals (as the notebooks print them) counts as close even
    where one of its entries is tiny.
    """
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    return scale > 0 and float(np.max(np.abs(answer - expected))) <= CLOSE * scale


def _direction(got, want):
    """'wrong sign', 'too large' or 'too small' for one number `got` against the expected `want`."""
    if got * want < 0:
        return "wrong sign"
    if want == 0:
        return "too large" if got > 0 else "too small"
    return "too large in size" if abs(got) > abs(want) else "too small in size"


def _is_boolean(values):
    return bool(np.all((values == 0) | (values == 1)))


def feedback(answer, expected, wrong=None):
    """(ok, message) comparing a learner's `answer` with the `expected` one: what `check` prints.

    answer   : a number, an array or a list (None: not answered yet)
    expected : a number or an array
    wrong    : optional dict description -> what that typical mistake gives
    The message names, in this order: a missing answer, a wrong shape, NaN, "correct", a known
    mistake, a flipped sign, a transposed Jacobian (J[k, j] = ∂a_k/∂z_j), "close: keep more digits"
    (within 1 %), a known mistake rounded (within 1 % of it), or how a wrong number is off (too
    large, too small, wrong sign) and, for an array, which entries.
    """
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
    if np.any(expected != 0) and _close(answer, -expected):
        return False, "the sign is flipped"
    if answer.ndim == 2 and answer.shape[0] == answer.shape[1] and _close(answer, expected.T):
        return False, "this is the transpose: the convention is J[k, j] = ∂a_k/∂z_j (row = output)"
    if _near_miss(answer, expected):
        return False, ("close: within 1 % of the answer; keep more digits (use the unrounded "
                       "value, not a printed one)")
    for description, value in (wrong or {}).items():
        value = np.asarray(value, dtype=np.float64)
        if value.shape == answer.shape and _near_miss(answer, value):
            return False, f"not quite: this looks like {description} (to within 1 %)"
    if answer.ndim == 0:
        return False, f"the number is off: got {float(answer):.6g}, {_direction(answer, expected)}"
    off = ~np.isclose(answer, expected, rtol=RTOL, atol=1e-9)
    boolean = _is_boolean(expected) and _is_boolean(answer)
    where = []
    for idx in np.argwhere(off)[:5]:
        idx = tuple(int(i) for i in idx)
        name = str(idx[0]) if len(idx) == 1 else str(idx)
        where.append(name if boolean else f"{name} {_direction(answer[idx], expected[idx])}")
    return False, f"{int(off.sum())} of {off.size} entries are off, at index {', '.join(where)}"


def check(name, answer):
    """Print "correct" or what is off for exercise `name`; return True when correct.

    name   : a registered exercise (see `names()`); answer : the learner's number or array, or None
    Raises ValueError for an unknown name.
    Used in notebooks: 01, 02, 03, 04, 06, 07, 08, 09, 10.
    """
    if name not in _EXERCISES:
        raise ValueError(f"unknown exercise {name!r}; expected one of {names()}")
    expected, wrong = _EXERCISES[name]()
    ok, message = feedback(answer, expected, wrong)
    print(f"{name}: {message}")
    return ok


def _sigma(t):
    """Scalar sigmoid, written out (real or complex t)."""
    return 1.0 / (1.0 + np.exp(-t))


def _softmax(zs):
    """a_k = e^{z_k} / Σ_i e^{z_i} for a list of (real or complex) logits, written out."""
    e = [np.exp(v) for v in zs]
    return [v / sum(e) for v in e]


def _complex_step(f, z, h=1e-30):
    """The (len f(z), len z) Jacobian of a list-valued f by the complex step, one z_j at a time.

    f : a function of a list of (complex) numbers returning a list of numbers (wrap a scalar
        cost as `lambda z: [cost(z)]`); z : a sequence of real numbers.
    Column j is Im f(z + ih e_j) / h: exact to rounding for analytic f, with no subtraction.
    The exercises' expected answers use it so that they never call the code a learner calls.
    """
    out = np.zeros((len(f([complex(v) for v in z])), len(z)))
    for j in range(len(z)):
        zz = [complex(v) for v in z]
        zz[j] += 1j * h
        out[:, j] = [v.imag / h for v in f(zz)]
    return out


def _complex_step_gradient(cost, z):
    """∂cost/∂z_j for a scalar `cost` of a list z, as a column of shape (len z, 1)."""
    return _complex_step(lambda zz: [cost(zz)], z).reshape(len(z), 1)


# --- notebook 01 exercises ---

# Exercise data is written out here and in the notebook's task cell; the expected answers are
# computed with explicit loops and closed forms, never with the nnhelpers function a learner
# might call.

EX01_W2 = ((0.5, -1.0), (2.0, 0.0), (-0.5, 1.5))  # w^2, shape (3, 2): row j, column k
EX01_B2 = (0.1, -0.2, 0.0)  # b^2, shape (3, 1)
EX01_X = (1.0, 2.0)  # the input a^1 = x, shape (2, 1)


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


def _ex01_quadratic_cost(a):
    """C = ½ Σ_j (y_j - a_j)² for a list a of (real or complex) output activations."""
    return 0.5 * sum((EX01_Y[j] - a[j]) ** 2 for j in range(len(EX01_Y)))


@exercise("quadratic_cost_gradient")
def _quadratic_cost_gradient():
    """Notebook 01: ∇_a C = (∂C/∂a_1, ∂C/∂a_2) for C = ½ Σ_j (y_j - a_j)², shape (2, 1).

    Expected: the complex-step derivative of the cost written out, not the closed form a - y.
    """
    grad = _complex_step_gradient(_ex01_quadratic_cost, EX01_A)
    a = np.array(EX01_A).reshape(2, 1)
    y = np.array(EX01_Y).reshape(2, 1)
    return grad, {
        "2 (a - y): the factor ½ cancels the 2 from differentiating the square": 2.0 * (a - y),
        "(a - y)²: that is a term of C itself, not its derivative": (a - y) ** 2,
        "a: the target y is missing": a,
    }


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

EX02_Z = (0.5, -1.0, 2.0, 0.0)  # z^L, shape (4, 1), sigmoid output layer
EX02_Y = (0.0, 1.0, 0.0, 0.0)  # y, shape (4, 1)


def _ex02_cross_entropy(z):
    """C = -Σ_k [y_k ln σ(z_k) + (1 - y_k) ln(1 - σ(z_k))] for a list z (real or complex)."""
    return -sum(EX02_Y[k] * np.log(_sigma(z[k])) + (1.0 - EX02_Y[k]) * np.log(1.0 - _sigma(z[k]))
                for k in range(len(z)))


@exercise("sigmoid_cross_entropy_delta")
def _sigmoid_cross_entropy_delta():
    """Notebook 02: δ^L = ∂C/∂z^L by (36) for sigmoid + cross-entropy, shape (4, 1).

    Expected: the complex-step derivative of C(z), one z_j at a time, written out: independent
    of the closed form (a - y) the learner derives.
    """
    delta = _complex_step_gradient(_ex02_cross_entropy, EX02_Z)
    z = np.array(EX02_Z).reshape(4, 1)
    y = np.array(EX02_Y).reshape(4, 1)
    a = 1.0 / (1.0 + np.exp(-z))
    return delta, {
        "(a - y) σ'(z): the quadratic cost's δ; for cross-entropy ∂C/∂a_j is "
        "(a_j - y_j) / (a_j (1 - a_j)), and σ'(z_j) cancels its denominator": (a - y) * a * (1 - a),
        "∂C/∂a = (a - y) / (a (1 - a)) alone: the factor ∂a_j/∂z_j = σ'(z_j) is missing":
            (a - y) / (a * (1 - a)),
    }


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


EX02_EPS = 2.0 ** -52  # machine epsilon of float64
EX02_C = 0.5  # |C|, the size of the cost whose rounding error is ε |C|
EX02_C3 = 2.0  # |C‴|, the third derivative in the truncation error of central differences


def _ex02_central_error(h):
    """Step 5's error model of a central difference: h² |C‴| / 6 + ε |C| / h."""
    return h * h * EX02_C3 / 6.0 + EX02_EPS * EX02_C / h


@exercise("central_best_step")
def _central_best_step():
    """Notebook 02: the step h* that minimises E(h) = h² |C‴| / 6 + ε |C| / h (a number).

    Expected: E'(h) = h |C‴| / 3 - ε |C| / h² = 0, so h* = (3 ε |C| / |C‴|)^(1/3); the test
    checks it against a numerical minimisation of `_ex02_central_error`.
    """
    eps, c, c3 = EX02_EPS, EX02_C, EX02_C3
    return (3.0 * eps * c / c3) ** (1.0 / 3.0), {
        "the h where the two terms are equal, h³ = 6 ε |C| / |C‴|: the minimum of a sum is "
        "where its derivative is 0": (6.0 * eps * c / c3) ** (1.0 / 3.0),
        "h³ = ε |C| / (2 |C‴|): the factor ⅙ of the truncation term was dropped":
            (eps * c / (2.0 * c3)) ** (1.0 / 3.0),
        "ε^(1/3), the rule of thumb: the constants |C| and |C‴| are missing": eps ** (1.0 / 3.0),
        "√ε, the best step of forward differences": np.sqrt(eps),
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


@exercise("normaliser_jacobian")
def _normaliser_jacobian():
    """Notebook 03: the (3, 3) Jacobian J[k, j] = ∂a_k/∂z_j of a_k = z_k / Σ_i z_i at z = (1, 2, 3).

    Not symmetric, so the transposed answer is caught by `feedback`.
    """
    J = _complex_step(_normaliser, EX03_Z)
    return J, {"only the diagonal ∂a_j/∂z_j: every a_k depends on every z_j here":
               np.diag(np.diag(J))}


@exercise("normaliser_delta")
def _normaliser_delta():
    """Notebook 03: δ by (37) for the normaliser + quadratic cost at z = (1, 2, 3), y = e_2.

    Expected: ∂C/∂z_j of C(z) = ½ Σ_k (a_k(z) - y_k)², by complex step. Shape (3, 1).
    """
    def cost(z):
        return [0.5 * sum((ak - yk) ** 2 for ak, yk in zip(_normaliser(z), EX03_Y, strict=True))]
    delta = _complex_step(cost, EX03_Z).reshape(3, 1)
    z = np.array(EX03_Z)
    J = _complex_step(_normaliser, EX03_Z)
    g = (np.array(_normaliser(list(z))) - np.array(EX03_Y)).reshape(3, 1)
    return delta, {
        "J ∇_a C: each of its entries sums along a row of J, over the column index j; "
        "(37) sums over the row index k, down column j, so δ = Jᵀ ∇_a C": J @ g,
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
    grad_a = _complex_step(
        lambda aa: [-sum(yk * np.log(ak) for yk, ak in zip(EX03_Y, aa, strict=True))], a
    ).reshape(3)
    J = _complex_step(_normaliser, EX03_Z)
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
    delta = _complex_step_gradient(
        lambda zs: 0.5 * sum((np.tanh(zs[k]) - EX04_Y[k]) ** 2 for k in range(3)), EX04_Z)
    z = np.array(EX04_Z).reshape(3, 1)
    y = np.array(EX04_Y).reshape(3, 1)
    a = np.tanh(z)
    s = _sigma(z)
    return delta, {
        "∇_a C = a - y alone: the factor σ'(z) = 1 - tanh²z is missing": a - y,
        "(a - y) ⊙ s(1 - s) with the sigmoid's derivative instead of tanh's": (a - y) * s * (1 - s),
        "(a - y) ⊙ (1 - z²): σ' is 1 - a², with a = tanh z, not 1 - z²": (a - y) * (1 - z * z),
    }


EX04_LOGITS = (1.0, 2.0, 0.5, -1.0)  # z^L, shape (4, 1), softmax output layer
EX04_CLASS = 2  # the target class (0-based): y = e_3


def _ex04_softmax_quadratic(zs):
    """C = ½ Σ_k (a_k - y_k)² with a = softmax(z) and y = e_3, for a list of logits."""
    y = [1.0 if k == EX04_CLASS else 0.0 for k in range(len(zs))]
    return 0.5 * sum((ak - yk) ** 2 for ak, yk in zip(_softmax(zs), y, strict=True))


def _ex04_softmax_quadratic_parts():
    """(true δ by complex step, diagonal-only δ, a, y): softmax + quadratic at EX04_LOGITS."""
    delta = _complex_step_gradient(_ex04_softmax_quadratic, EX04_LOGITS)
    a = np.array(_softmax(list(EX04_LOGITS))).reshape(4, 1)
    y = np.zeros((4, 1))
    y[EX04_CLASS] = 1.0
    return delta, (a - y) * a * (1.0 - a), a, y


@exercise("softmax_quadratic_delta")
def _softmax_quadratic_delta():
    """Notebook 04: δ^L by (37) for softmax + quadratic at z = (1, 2, 0.5, -1), y = e_3, (4, 1).

    Expected: ∂C/∂z_j of C = ½ Σ_k (a_k(z) - y_k)², by complex step: not the formula derived.
    """
    delta, diagonal_only, a, y = _ex04_softmax_quadratic_parts()
    return delta, {
        "the diagonal-only δ, (a_j - y_j) a_j (1 - a_j): the terms k ≠ j of (37), "
        "(a_k - y_k)(-a_k a_j), are missing": diagonal_only,
        "a - y: that is softmax + log-likelihood's δ; with the quadratic cost ∇_a C = a - y "
        "still has to go through Jᵀ": a - y,
        "the off-diagonal terms alone: add the term k = j, (a_j - y_j) a_j (1 - a_j)":
            delta - diagonal_only,
    }


@exercise("softmax_quadratic_diagonal_error")
def _softmax_quadratic_diagonal_error():
    """Notebook 04: the relative error max|δ^diag - δ| / max(|δ^diag| + |δ|) (a number).

    Norm-wise, as `gradcheck.relative_error` defines it; computed here from the complex-step δ.
    """
    delta, diagonal_only, _, _ = _ex04_softmax_quadratic_parts()
    diff = np.max(np.abs(diagonal_only - delta))
    return diff / np.max(np.abs(diagonal_only) + np.abs(delta)), {
        "max |δ^diag - δ| alone: divide by max(|δ^diag| + |δ|)": diff,
        "max |δ^diag - δ| / max |δ|: the course's relative error divides by "
        "max(|δ^diag| + |δ|)": diff / np.max(np.abs(delta)),
    }


EX04_LAYER_Z = (0.5, 1.0, 2.0)  # z, shape (3,), where the four output layers below are compared


def _ex04_layers():
    """The four output layers of exercise 3, written out for a list of (real or complex) z."""
    return [
        lambda z: [np.tanh(zk) for zk in z],                                  # tanh
        lambda z: [_sigma(zk - sum(z) / len(z)) for zk in z],            # σ(z_k - mean z)
        lambda z: [_sigma(z[0]), np.tanh(z[1]), z[2]],                   # one function each
        lambda z: _normaliser(z),                                             # z_k / Σ_i z_i
    ]


@exercise("eq38_allowed")
def _eq38_allowed():
    """Notebook 04: for which of four output layers may (37) be replaced by (38) for every cost?

    Expected: True where the Jacobian (complex step, at z = EX04_LAYER_Z) is diagonal, shape (4,).
    """
    allowed = []
    for layer in _ex04_layers():
        J = _complex_step(layer, EX04_LAYER_Z)
        allowed.append(float(np.max(np.abs(J - np.diag(np.diag(J)))) < 1e-12))
    expected = np.array(allowed)
    return expected, {
        "the answer that counts layer 2 as element-wise: σ(z_k - mean z) looks like a sigmoid "
        "of z_k, but the mean contains every z_j, so ∂a_k/∂z_j ≠ 0 for k ≠ j":
            np.where(np.arange(4) == 1, 1.0, expected),
        "the answer that rules out layer 3: a different function for each neuron is still "
        "element-wise, each a_k depends on z_k alone, so J is diagonal":
            np.where(np.arange(4) == 2, 0.0, expected),
    }


# --- notebook 06 exercises ---

# Notebook 06 asks which (activation, cost, target) give δ = a - y. Both exercises change the pair
# and ask again; the expected δ is the complex-step derivative of the cost written out (the
# definition (36)), never the formula derived by (37).

EX06_Z = (0.5, 1.5, -1.0, 0.0)  # z^L of a softmax output layer, shape (4, 1)
EX06_TARGET = 1  # the true class (0-based): the one-hot y = e_2 = (0, 1, 0, 0)
EX06_ONE_HOT = tuple(1.0 if k == EX06_TARGET else 0.0 for k in range(len(EX06_Z)))
EX06_SMOOTHING = 0.1  # ε of label smoothing: y = (1 - ε) e_2 + ε / n
EX06_SMOOTHED = tuple((1.0 - EX06_SMOOTHING) * yk + EX06_SMOOTHING / len(EX06_Z)
                      for yk in EX06_ONE_HOT)  # (0.025, 0.925, 0.025, 0.025), Σ_k y_k = 1
EX06_TEMPERATURE = 2.0  # τ: a = softmax(z / τ), as in distillation


def _ex06_column(values):
    return np.array(values, dtype=np.float64).reshape(len(values), 1)


def _ex06_softmax_cross_entropy(zs):
    """C = -Σ_k [y_k ln a_k + (1 - y_k) ln(1 - a_k)] with a = softmax(z), y = e_2, written out."""
    return -sum(yk * np.log(ak) + (1.0 - yk) * np.log(1.0 - ak)
                for yk, ak in zip(EX06_ONE_HOT, _softmax(zs), strict=True))


@exercise("softmax_cross_entropy_delta")
def _softmax_cross_entropy_delta():
    """Notebook 06: δ^L by (37) for a softmax output with the cross-entropy cost of Part 2, at
    z = EX06_Z, y = e_2, shape (4, 1). It is not a - y: the terms k != j of (37) remain.

    Expected: ∂C/∂z_j of the cost written out, by complex step. (The mix-up J ∇_a C for Jᵀ ∇_a C
    is not listed: the softmax Jacobian is symmetric, so it gives the right number here.)
    """
    delta = _complex_step_gradient(_ex06_softmax_cross_entropy, EX06_Z)
    a = _ex06_column(_softmax(list(EX06_Z)))
    y = _ex06_column(EX06_ONE_HOT)
    return delta, {
        "a - y: that is the diagonal-only δ (the term k = j alone, where a_j (1 - a_j) cancels "
        "the cost's division as in Part 2), and softmax + log-likelihood's δ; with this cost the "
        "terms k != j of (37), (a_k - y_k) / (1 - a_k) · (-a_j), do not cancel": a - y,
        "∇_a C = (a - y) / (a (1 - a)) alone: the factor ∂a_k/∂z_j of (37) is missing":
            (a - y) / (a * (1.0 - a)),
        "the terms k != j alone: add the term k = j, a_j - y_j": delta - (a - y),
    }


def _ex06_tempered_log_likelihood(zs):
    """C = -Σ_k y_k ln a_k with a = softmax(z / τ) and the label-smoothed y, written out."""
    a = _softmax([v / EX06_TEMPERATURE for v in zs])
    return -sum(yk * np.log(ak) for yk, ak in zip(EX06_SMOOTHED, a, strict=True))


@exercise("softmax_temperature_smoothed_delta")
def _softmax_temperature_smoothed_delta():
    """Notebook 06: δ^L for a = softmax(z / τ) with the log-likelihood C = -Σ_k y_k ln a_k and the
    label-smoothed y = (1 - ε) e_2 + ε/n, at z = EX06_Z, τ = 2, ε = 0.1; shape (4, 1).

    It is (a - y) / τ: Σ_k y_k = 1 keeps Step 3's collapse, and z/τ adds the chain factor 1/τ.
    Expected: ∂C/∂z_j of the cost written out, by complex step.
    """
    tau = EX06_TEMPERATURE
    delta = _complex_step_gradient(_ex06_tempered_log_likelihood, EX06_Z)
    a = _ex06_column(_softmax([v / tau for v in EX06_Z]))
    a_untempered = _ex06_column(_softmax(list(EX06_Z)))
    y = _ex06_column(EX06_SMOOTHED)
    one_hot = _ex06_column(EX06_ONE_HOT)
    return delta, {
        "a - y without the factor 1/τ: the chain rule through u = z/τ adds ∂u_j/∂z_j = 1/τ":
            a - y,
        "τ (a - y): ∂u_j/∂z_j = 1/τ, so divide by τ": tau * (a - y),
        "(softmax(z) - y) / τ: the outputs are a = softmax(z/τ), not softmax(z)":
            (a_untempered - y) / tau,
        "softmax(z) - y: both the temperature of a and the factor 1/τ are missing":
            a_untempered - y,
        "(a - e_2) / τ with the one-hot target: y is the smoothed (1 - ε) e_2 + ε/n":
            (a - one_hot) / tau,
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
    M = _complex_step(_ex08_next_z(lambda z: [np.tanh(v) for v in z]), EX08_Z)
    w = np.array(EX08_W)
    t = np.tanh(np.array(EX08_Z))
    s = np.array([_sigma(v) for v in EX08_Z])
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
    next_z = _ex08_next_z(_softmax)

    def linear_in_next_z(z):
        return [sum(d * v for d, v in zip(EX08_DELTA_NEXT, next_z(z), strict=True))]

    delta = _complex_step(linear_in_next_z, EX08_Z).reshape(3, 1)
    w = np.array(EX08_W)
    a = np.array(_softmax(list(EX08_Z))).reshape(3, 1)
    back = w.T @ np.array(EX08_DELTA_NEXT).reshape(3, 1)
    return delta, {
        "BP2's Hadamard form (wᵀδ) ⊙ a(1 - a): it keeps only the diagonal of softmax's "
        "Jacobian; for a softmax layer (wᵀδ) must be multiplied by the full Jᵀ": back * a * (1 - a),
        "(w^{l+1})ᵀ δ^{l+1} alone: the factor ∂a^l/∂z^l is missing": back,
    }


# --- notebook 09 exercises ---

# Expected answers are written out with loops over k and j, the complex step of the layer written
# out here, and mpmath at 50 digits: never with nnhelpers.autodiff or Activation.vjp, which the
# learner is asked to use or to reproduce.

EX09_LN_Z = (1.0, 2.0, 4.0, -1.0)  # z, shape (4, 1), for both layer-normalisation exercises
EX09_LN_G = (0.5, -1.0, 2.0, 1.5)  # g = ∂C/∂a, shape (4, 1), for the VJP by hand
EX09_LN_Y = (0.0, 1.0, 0.0, 0.0)  # y, shape (4, 1)


def _layer_norm_scale(zs):
    """(μ, s): the mean of z and s = sqrt(mean of (z - μ)²), written out."""
    n = len(zs)
    mu = sum(zs) / n
    return mu, np.sqrt(sum((v - mu) ** 2 for v in zs) / n)


def _layer_norm(zs):
    """a_k = (z_k - μ) / s, μ = mean of z, s = sqrt(mean of (z - μ)²): no gain, bias or ε."""
    mu, s = _layer_norm_scale(zs)
    return [(v - mu) / s for v in zs]


@exercise("layer_norm_vjp_by_hand")
def _layer_norm_vjp_by_hand():
    """Notebook 09: Jᵀg for layer normalisation at EX09_LN_Z, g = EX09_LN_G, shape (4, 1).

    Expected: J from the complex step of the layer written out here, then Σ_k g_k J[k, j] as a
    loop. The typical wrong answers keep one or two of the three terms of
    J[k, j] = (1[k = j] - 1/n - a_k a_j / n) / s.
    """
    n = len(EX09_LN_Z)
    jac = _complex_step(_layer_norm, EX09_LN_Z)
    expected = np.array([[sum(EX09_LN_G[k] * jac[k, j] for k in range(n))] for j in range(n)])
    _, s = _layer_norm_scale(EX09_LN_Z)
    a = _layer_norm(list(EX09_LN_Z))
    g_mean = sum(EX09_LN_G) / n
    a_dot_g = sum(a_k * g_k for a_k, g_k in zip(a, EX09_LN_G, strict=True))
    column = np.array(EX09_LN_G).reshape(n, 1)
    a_col = np.array(a).reshape(n, 1)
    return expected, {"only the direct term 1[k = j]/s (μ and s held fixed)": column / s,
                      "without the path through s (only μ differentiated)":
                      (column - g_mean) / s,
                      "without the path through μ (only s differentiated)":
                      (column - a_col * a_dot_g / n) / s}


@exercise("layer_norm_delta")
def _layer_norm_delta():
    """Notebook 09: δ = ∂C/∂z for layer normalisation + quadratic cost, shape (4, 1).

    Expected: the complex step of C(z) = ½ Σ_k (a_k(z) - y_k)², column by column.
    """
    n = len(EX09_LN_Z)

    def cost(zs):
        return 0.5 * sum((a_k - y_k) ** 2 for a_k, y_k in zip(_layer_norm(zs), EX09_LN_Y,
                                                                strict=True))

    expected = _complex_step_gradient(cost, EX09_LN_Z)
    a = _layer_norm(list(EX09_LN_Z))
    g = [a_k - y_k for a_k, y_k in zip(a, EX09_LN_Y, strict=True)]
    # the diagonal-only answer: ∂a_j/∂z_j = (1 - 1/n - a_j²/n) / s, written out
    _, s = _layer_norm_scale(EX09_LN_Z)
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


@exercise("stable_log_one_minus_sigmoid")
def _stable_log_one_minus_sigmoid():
    """Notebook 10: ln(1 - σ(z)) at EX10_Z without overflow or ln 0, shape (5,); mpmath, 400 digits.

    The term of the cross-entropy for a target y = 0; it equals -ln(1 + e^z) = -softplus(z).
    """
    import mpmath

    with mpmath.workdps(400):  # 1 - σ(800) ≈ e^{-800} ≈ 1e-348 needs ~350 digits to survive
        zs = [mpmath.mpf(v) for v in EX10_Z]
        expected = np.array([float(mpmath.log(1 - 1 / (1 + mpmath.exp(-v)))) for v in zs])
        log_sigma = np.array([float(mpmath.log(1 / (1 + mpmath.exp(-v)))) for v in zs])
    return expected, {"ln σ(z), the term for y = 1, instead of ln(1 - σ(z))": log_sigma,
                      "ln(1 + e^{-z}) without the minus: -ln σ(z)": -log_sigma,
                      "+ln(1 + e^z): the minus sign dropped": -expected}


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
    """Notebook 10: the gradient a `gradcheck.diagnose` verdict of ratio -m asks for, (2, 3)."""
    rows, cols = len(EX10_BAD_GRAD), len(EX10_BAD_GRAD[0])
    expected = np.array([[-EX10_BAD_GRAD[r][c] / EX10_M for c in range(cols)]
                         for r in range(rows)])
    return expected, {"only the sign fixed (the 1/m is still missing)": -np.array(EX10_BAD_GRAD),
                      "only the 1/m fixed (the sign is still flipped)":
                      np.array(EX10_BAD_GRAD) / EX10_M}
