"""Equations (36), (37) and (38) for a small output layer, exactly, with sympy.

    (36)  δ_j = ∂C/∂z_j                       eq36: differentiate C(a(z)) directly
    (37)  δ_j = Σ_k ∂C/∂a_k · ∂a_k/∂z_j       eq37_terms (the n terms), eq37 (their sum)
    (38)  δ_j = ∂C/∂a_j · ∂a_j/∂z_j           eq38: only the term k = j (element-wise σ)
          the same term k = j, for any σ     diagonal_only ("skip the sum"; wrong for softmax)
          the terms k != j of (37)            off_diagonal_terms: 0 for an element-wise σ

Typical use::

    layer = output_layer(3, "softmax", "quadratic")
    eq37_terms(layer, 0)                 # three terms, one per output a_k that z_1 feeds
    check_eq37_equals_eq36(layer)        # (36) - (37) simplifies to 0 for every j

Indices: the symbols are named z_1..z_n, a_1..a_n, y_1..y_n as in the book, but the argument
`j` (like everywhere in nnhelpers) is 0-based, so `j=0` means z_1.

This module uses sympy only; it does not import the rest of nnhelpers, so its exact answers are an
independent check of the numerical code.

Used in notebooks: 03, 04.
"""

import random
from dataclasses import dataclass

import sympy as sp

SUPPORTED_ACTIVATIONS = ("sigmoid", "softmax", "tanh", "identity")  # names sympy can differentiate
ELEMENTWISE_ACTIVATIONS = ("sigmoid", "tanh", "identity")  # a_k depends on z_k alone: (38) holds
SUPPORTED_COSTS = ("quadratic", "log_likelihood", "cross_entropy")
MAX_N = 6
FORMS = ("z", "a")


@dataclass(frozen=True)
class OutputLayer:
    """The output layer L, with every symbol and expression the equations need.

    n          : number of output neurons
    activation : "sigmoid", "softmax", "tanh" or "identity"
    cost       : "quadratic", "log_likelihood" or "cross_entropy"
    z, y, a    : tuples of n sympy symbols z_1..z_n, y_1..y_n, a_1..a_n
    a_of_z     : tuple of n expressions a_k(z) = σ(z)_k
    C_of_a     : the cost as an expression in the symbols a and y
    C_of_z     : the cost with a replaced by a(z), the function that (36) differentiates
    """

    n: int
    activation: str
    cost: str
    z: tuple
    y: tuple
    a: tuple
    a_of_z: tuple
    C_of_a: sp.Expr
    C_of_z: sp.Expr

    def __repr__(self):
        return f"<OutputLayer n={self.n}, activation={self.activation!r}, cost={self.cost!r}>"


def _activation_exprs(name, z):
    if name == "sigmoid":
        return tuple(1 / (1 + sp.exp(-zk)) for zk in z)
    if name == "tanh":
        return tuple(sp.tanh(zk) for zk in z)
    if name == "identity":
        return tuple(z)
    total = sum(sp.exp(zi) for zi in z)  # softmax: a_k = e^{z_k} / Σ_i e^{z_i}
    return tuple(sp.exp(zk) / total for zk in z)


def _cost_expr(name, a, y):
    if name == "quadratic":
        return sp.Rational(1, 2) * sum((ak - yk) ** 2 for ak, yk in zip(a, y, strict=True))
    if name == "log_likelihood":  # -ln a_y written as -Σ_k y_k ln a_k (y one-hot)
        return -sum(yk * sp.log(ak) for ak, yk in zip(a, y, strict=True))
    return -sum(yk * sp.log(ak) + (1 - yk) * sp.log(1 - ak) for ak, yk in zip(a, y, strict=True))


def output_layer(n, activation="sigmoid", cost="quadratic"):
    """Symbols and expressions of an output layer with n neurons (2 <= n <= 6).

    activation : "sigmoid", "softmax", "tanh" or "identity"
    cost       : "quadratic" (½ Σ (a_k - y_k)²), "log_likelihood" (-Σ y_k ln a_k, i.e. -ln a_y
                 for one-hot y) or "cross_entropy" (-Σ [y_k ln a_k + (1 - y_k) ln(1 - a_k)])
    returns an OutputLayer.
    Used in notebooks: 03, 04.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an integer, got {type(n).__name__}")
    if not 2 <= n <= MAX_N:
        raise ValueError(f"n must be between 2 and {MAX_N} (sympy stays fast), got {n}")
    for label, value, allowed in (("activation", activation, SUPPORTED_ACTIVATIONS),
                                  ("cost", cost, SUPPORTED_COSTS)):
        if not isinstance(value, str):
            raise TypeError(f"{label} must be a name, one of {allowed}, got "
                            f"{type(value).__name__}")
        if value not in allowed:
            raise ValueError(f"unknown {label} {value!r}; expected one of {allowed}")
    z = sp.symbols(f"z_1:{n + 1}", real=True)
    y = sp.symbols(f"y_1:{n + 1}", real=True)
    a = sp.symbols(f"a_1:{n + 1}", real=True)
    a_of_z = _activation_exprs(activation, z)
    C_of_a = _cost_expr(cost, a, y)
    C_of_z = C_of_a.subs(dict(zip(a, a_of_z, strict=True)))
    return OutputLayer(n, activation, cost, z, y, a, a_of_z, C_of_a, C_of_z)


def _check_layer(layer):
    if not isinstance(layer, OutputLayer):
        raise TypeError(f"layer must be an OutputLayer from output_layer(n, activation, cost), "
                        f"got {type(layer).__name__}")


def _check_j(layer, j):
    _check_layer(layer)
    if isinstance(j, bool) or not isinstance(j, int) or not 0 <= j < layer.n:
        raise ValueError(f"j must be a 0-based integer index in 0..{layer.n - 1} "
                         f"(j=0 is z_1), got {j!r}")


def _check_form(form):
    if form not in FORMS:
        raise ValueError(f"form must be 'z' (everything in terms of z) or 'a' (written with "
                         f"the outputs a_k, as in the book), got {form!r}")


def in_terms_of_z(layer, expr):
    """Replace the symbols a_k in `expr` by a_k(z)."""
    _check_layer(layer)
    return sp.sympify(expr).subs(dict(zip(layer.a, layer.a_of_z, strict=True)))


def jacobian(layer, form="z"):
    """The (n, n) sympy Matrix J[k, j] = ∂a_k/∂z_j (row k = output, column j = input).

    form="z": by differentiating a_k(z); form="a": the same derivatives written with the
    outputs a_k (sigmoid a_k(1 - a_k), tanh 1 - a_k², softmax a_k(1[k = j] - a_j)), which is how
    the book writes them.
    """
    _check_layer(layer)
    _check_form(form)
    n, a = layer.n, layer.a
    if form == "z":
        return sp.Matrix(n, n, lambda k, j: sp.diff(layer.a_of_z[k], layer.z[j]))
    if layer.activation == "softmax":
        return sp.Matrix(n, n, lambda k, j: a[k] * (int(k == j) - a[j]))
    diag = {"sigmoid": lambda ak: ak * (1 - ak), "tanh": lambda ak: 1 - ak ** 2,
            "identity": lambda ak: sp.Integer(1)}[layer.activation]
    return sp.Matrix(n, n, lambda k, j: diag(a[k]) if k == j else sp.Integer(0))


def grad_a(layer, form="z"):
    """The n partial derivatives ∂C/∂a_k as a list; form "a" keeps the symbols a_k."""
    _check_layer(layer)
    _check_form(form)
    g = [sp.diff(layer.C_of_a, ak) for ak in layer.a]
    return g if form == "a" else [in_terms_of_z(layer, gk) for gk in g]


def eq36(layer, j):
    """(36): δ_j = ∂C/∂z_j, by differentiating C(a(z)) with respect to z_j directly.

    No chain rule by hand: sympy differentiates the whole composite. Returns an expression in
    z and y.
    Used in notebooks: 03, 04.
    """
    _check_j(layer, j)
    return sp.diff(layer.C_of_z, layer.z[j])


def eq37_terms(layer, j, form="z"):
    """(37) term by term: the list of n products ∂C/∂a_k · ∂a_k/∂z_j, k = 1..n.

    form="a" writes each term with the outputs a_k (readable); form="z" in terms of z.
    Used in notebooks: 03.
    """
    _check_j(layer, j)
    J = jacobian(layer, form)
    g = grad_a(layer, form)
    return [g[k] * J[k, j] for k in range(layer.n)]


def eq37(layer, j, form="z"):
    """(37): δ_j = Σ_k ∂C/∂a_k · ∂a_k/∂z_j, the sum of `eq37_terms`."""
    return sp.Add(*eq37_terms(layer, j, form))


def diagonal_only(layer, j, form="z"):
    """The "skip the sum" answer ∂C/∂a_j · ∂a_j/∂z_j: only the term k = j of (37), whatever σ.

    Equal to (36) only when the off-diagonal terms vanish (element-wise σ); for softmax it is
    wrong. The symbolic twin of bp1.output_error_diagonal_only.
    Used in notebooks: 04.
    """
    return eq37_terms(layer, j, form)[j]


def eq38(layer, j, form="z"):
    """(38): δ_j = ∂C/∂a_j · σ'(z_j), the term k = j of (37), which is all of (37) for an
    element-wise σ (bp1.output_error_elementwise).

    Raises ValueError for softmax, which is not element-wise: (38) does not hold for it. Use
    `eq37` for its δ, or `diagonal_only` for the "skip the sum" term k = j that (38) would keep.
    """
    _check_j(layer, j)
    if layer.activation not in ELEMENTWISE_ACTIVATIONS:
        raise ValueError(
            f"(38) needs an element-wise activation, and {layer.activation} is not one: each a_k "
            "depends on every z_j, so the terms k != j of (37) do not vanish. Use eq37 (37) for "
            "δ_j, or diagonal_only for the term k = j alone."
        )
    return diagonal_only(layer, j, form)


def off_diagonal_terms(layer, j, form="a"):
    """The terms k != j of (37), as a dict {k: simplified expression} with 0-based k.

    All zero for sigmoid, tanh and identity (a_k depends on z_k only); for softmax each term
    is ∂C/∂a_k · (-a_k a_j), not zero.
    Used in notebooks: 04.
    form="a" writes the terms with the closed-form Jacobian in a_k (as the book does), whose
    zeros are written in by hand; to *check* that they vanish, use form="z", which
    differentiates a(z) with sympy.
    """
    terms = eq37_terms(layer, j, form)
    return {k: sp.factor(sp.simplify(t)) for k, t in enumerate(terms) if k != j}


def _rational_form(layer, expr):
    """expr with z_k = ln u_k (u_k > 0), so exponentials become rational in u: cancel is exact."""
    u = sp.symbols(f"u_1:{layer.n + 1}", positive=True)
    expr = in_terms_of_z(layer, expr).rewrite(sp.exp)
    return expr.subs({zk: sp.log(uk) for zk, uk in zip(layer.z, u, strict=True)})


def simplifies_to_zero(layer, expr):
    """True when `expr` (in z, y, maybe a) is identically 0, proved with sympy.

    Tactic: write z_k = ln u_k, which turns sigmoid, tanh and softmax into rational functions
    of u (the derivatives of the costs' logarithms are rational too), then `cancel`; fall
    back to `simplify` for anything left. About a second or less per j for n <= 4.
    """
    rational = _rational_form(layer, expr)
    if sp.cancel(sp.together(rational)) == 0:
        return True
    return sp.simplify(rational) == 0


def evaluate(layer, expr, z, y=None, digits=30):
    """Value of `expr` at numbers z (and y): a Python float, computed with `digits` digits.

    z, y : sequences of n real numbers (one example); y is needed when expr contains y
    """
    _check_layer(layer)
    values = _point(layer, z, "z")
    if y is not None:
        values.update(_point(layer, y, "y"))
    expr = in_terms_of_z(layer, expr)
    missing = expr.free_symbols - set(values)
    if missing:
        raise ValueError(f"expr contains {sorted(map(str, missing))}: pass values for them "
                         "(y for the targets)")
    value = sp.sympify(expr).evalf(digits, subs=values)
    if not value.is_real:
        raise ValueError(f"expr is not real at this point: {value}")
    return float(value)


def _point(layer, values, name):
    symbols = layer.z if name == "z" else layer.y
    try:
        values = [float(v) for v in values]
    except TypeError:
        raise TypeError(f"{name} must be a sequence of {layer.n} numbers") from None
    if len(values) != layer.n:
        raise ValueError(f"{name} must have {layer.n} entries, got {len(values)}")
    return {s: sp.Float(v, 30) for s, v in zip(symbols, values, strict=True)}


@dataclass(frozen=True)
class Eq37Check:
    """Result of `check_eq37_equals_eq36`: true (as a bool) when (36) = (37) for every j.

    symbolic    : {j: True/False} for each proved case, or {} when the proof was skipped
    max_numeric : largest |(36) - (37)| over all j and all random points
    points      : how many random rational points were tried
    """

    holds: bool
    symbolic: dict
    max_numeric: float
    points: int

    def __bool__(self):
        return self.holds


def check_eq37_equals_eq36(layer, symbolic=None, points=3, seed=0, tol=1e-20):
    """Check that (36) − (37) is 0 for every output neuron j, symbolically and numerically.

    symbolic : prove it with `simplifies_to_zero` (default: when n <= 3)
    points   : number of random rational points (z in [-3, 3], y one-hot for log_likelihood,
               in [0, 1] otherwise) where the difference is evaluated with 30 digits
    returns an Eq37Check, truthy when every test passed.
    """
    _check_layer(layer)
    if isinstance(points, bool) or not isinstance(points, int) or points < 0:
        raise ValueError(f"points must be a non-negative integer, got {points!r}")
    if symbolic is None:
        symbolic = layer.n <= 3
    if not symbolic and points == 0:
        raise ValueError("nothing to check: symbolic=False and points=0")
    rng = random.Random(seed)
    diffs = [eq36(layer, j) - eq37(layer, j) for j in range(layer.n)]
    proved = {j: simplifies_to_zero(layer, d) for j, d in enumerate(diffs)} if symbolic else {}
    worst = 0.0
    for _ in range(points):
        subs = {zk: sp.Rational(rng.randint(-30, 30), 10) for zk in layer.z}
        if layer.cost == "log_likelihood":
            target = rng.randrange(layer.n)
            subs.update({yk: int(k == target) for k, yk in enumerate(layer.y)})
        else:
            subs.update({yk: sp.Rational(rng.randint(0, 10), 10) for yk in layer.y})
        for d in diffs:
            worst = max(worst, abs(float(in_terms_of_z(layer, d).evalf(30, subs=subs))))
    holds = all(proved.values()) and worst < tol
    return Eq37Check(holds, proved, worst, points)
