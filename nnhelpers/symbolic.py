"""Equations (36), (37) and (38) for a small output layer, exactly, with sympy.

    layer = output_layer(3, "softmax", "quadratic")
    eq36(layer, j)           δ_j = ∂C/∂z_j, sympy differentiates C(a(z)) directly
    eq37_terms, eq37         the n terms ∂C/∂a_k · ∂a_k/∂z_j of (37), and their sum
    eq38, diagonal_only      the term k = j alone: (38) (element-wise σ only), "skip the sum"
    off_diagonal_terms       the terms k != j: 0 for an element-wise σ, not for softmax
    simplifies_to_zero(layer, eq36(layer, 0) - eq37(layer, 0))   proves (36) = (37)

The symbols are z_1..z_n, a_1..a_n, y_1..y_n as in the book, but `j` is 0-based: j=0 is z_1.
sympy only, no other nnhelpers module: an independent check of the numerical code.

Used in notebooks: 03, 04.
"""

from dataclasses import dataclass

import sympy as sp

SUPPORTED_ACTIVATIONS = ("sigmoid", "softmax", "tanh", "identity")
ELEMENTWISE_ACTIVATIONS = ("sigmoid", "tanh", "identity")  # a_k depends on z_k alone: (38) holds
SUPPORTED_COSTS = ("quadratic", "log_likelihood", "cross_entropy")
MAX_N = 6


@dataclass(frozen=True)
class OutputLayer:
    """Output layer L: n, activation and cost names; tuples of n symbols z, y, a; the
    expressions a_of_z (a_k(z) = σ(z)_k), C_of_a (in a and y) and C_of_z (what (36) differentiates).
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
    pairs = list(zip(a, y, strict=True))
    if name == "quadratic":
        return sp.Rational(1, 2) * sum((ak - yk) ** 2 for ak, yk in pairs)
    if name == "log_likelihood":  # -ln a_y written as -Σ_k y_k ln a_k (y one-hot)
        return -sum(yk * sp.log(ak) for ak, yk in pairs)
    return -sum(yk * sp.log(ak) + (1 - yk) * sp.log(1 - ak) for ak, yk in pairs)


def output_layer(n, activation="sigmoid", cost="quadratic"):
    """Symbols and expressions of an output layer with n neurons (2 <= n <= 6): an OutputLayer.

    activation : "sigmoid", "softmax", "tanh" or "identity"
    cost       : "quadratic" (½ Σ (a_k - y_k)²), "log_likelihood" (-Σ y_k ln a_k) or
                 "cross_entropy" (-Σ [y_k ln a_k + (1 - y_k) ln(1 - a_k)])
    Raises TypeError for a non-integer n or a non-string name, ValueError for others.
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
    z, y, a = (sp.symbols(f"{s}_1:{n + 1}", real=True) for s in "zya")
    a_of_z = _activation_exprs(activation, z)
    C_of_a = _cost_expr(cost, a, y)
    C_of_z = C_of_a.subs(dict(zip(a, a_of_z, strict=True)))
    return OutputLayer(n, activation, cost, z, y, a, a_of_z, C_of_a, C_of_z)


def _check(layer, j=None, form="z"):
    if not isinstance(layer, OutputLayer):
        raise TypeError(f"layer must be an OutputLayer from output_layer(n, activation, cost), "
                        f"got {type(layer).__name__}")
    if j is not None and (isinstance(j, bool) or not isinstance(j, int)
                          or not 0 <= j < layer.n):
        raise ValueError(f"j must be a 0-based integer index in 0..{layer.n - 1} "
                         f"(j=0 is z_1), got {j!r}")
    if form not in ("z", "a"):
        raise ValueError(f"form must be 'z' (everything in terms of z) or 'a' (written with "
                         f"the outputs a_k, as in the book), got {form!r}")


def in_terms_of_z(layer, expr):
    """Replace the symbols a_k in `expr` by a_k(z)."""
    _check(layer)
    return sp.sympify(expr).subs(dict(zip(layer.a, layer.a_of_z, strict=True)))


def jacobian(layer, form="z"):
    """The (n, n) sympy Matrix J[k, j] = ∂a_k/∂z_j (row k = output, column j = input).

    form="z" differentiates a_k(z); form="a" writes the book's closed forms in the outputs a_k
    (sigmoid a_k(1 - a_k), tanh 1 - a_k², softmax a_k(1[k = j] - a_j)).
    """
    _check(layer, form=form)
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
    _check(layer, form=form)
    g = [sp.diff(layer.C_of_a, ak) for ak in layer.a]
    return g if form == "a" else [in_terms_of_z(layer, gk) for gk in g]


def eq36(layer, j):
    """(36): δ_j = ∂C/∂z_j, sympy differentiating C(a(z)) directly; an expression in z and y.

    Used in notebooks: 03, 04.
    """
    _check(layer, j)
    return sp.diff(layer.C_of_z, layer.z[j])


def eq37_terms(layer, j, form="z"):
    """(37) term by term: the list of n products ∂C/∂a_k · ∂a_k/∂z_j, k = 1..n.

    form="a" writes each term with the outputs a_k (readable); form="z" in terms of z.
    Used in notebooks: 03.
    """
    _check(layer, j, form)
    J = jacobian(layer, form)
    g = grad_a(layer, form)
    return [g[k] * J[k, j] for k in range(layer.n)]


def eq37(layer, j, form="z"):
    """(37): δ_j = Σ_k ∂C/∂a_k · ∂a_k/∂z_j, the sum of `eq37_terms`."""
    return sp.Add(*eq37_terms(layer, j, form))


def diagonal_only(layer, j, form="z"):
    """The "skip the sum" term k = j of (37), ∂C/∂a_j · ∂a_j/∂z_j, whatever σ: (36) only for
    an element-wise σ, wrong for softmax. The twin of bp1.output_error_diagonal_only.

    Used in notebooks: 04.
    """
    return eq37_terms(layer, j, form)[j]


def eq38(layer, j, form="z"):
    """(38): δ_j = ∂C/∂a_j · σ'(z_j), all of (37) for an element-wise σ.

    Raises ValueError for softmax, for which (38) does not hold (use eq37 or diagonal_only).
    """
    _check(layer, j)
    if layer.activation not in ELEMENTWISE_ACTIVATIONS:
        raise ValueError(
            f"(38) needs an element-wise activation, and {layer.activation} is not one: each a_k "
            "depends on every z_j, so the terms k != j of (37) do not vanish. Use eq37 (37) for "
            "δ_j, or diagonal_only for the term k = j alone."
        )
    return diagonal_only(layer, j, form)


def off_diagonal_terms(layer, j, form="a"):
    """The terms k != j of (37) as {k (0-based): simplified expression}.

    Zero for sigmoid, tanh and identity; ∂C/∂a_k · (-a_k a_j) for softmax. form="a" writes in
    the book's closed-form zeros; to *check* that they vanish, use form="z".
    Used in notebooks: 04.
    """
    terms = eq37_terms(layer, j, form)
    return {k: sp.factor(sp.simplify(t)) for k, t in enumerate(terms) if k != j}


def simplifies_to_zero(layer, expr):
    """True when `expr` (in z, y, maybe a) is identically 0, proved with sympy.

    z_k = ln u_k (u_k > 0) makes sigmoid, tanh and softmax (and the costs' derivatives)
    rational in u, so `cancel` decides; `simplify` for anything left.
    """
    u = sp.symbols(f"u_1:{layer.n + 1}", positive=True)
    rational = in_terms_of_z(layer, expr).rewrite(sp.exp).subs(
        {zk: sp.log(uk) for zk, uk in zip(layer.z, u, strict=True)})
    return sp.cancel(sp.together(rational)) == 0 or sp.simplify(rational) == 0


def evaluate(layer, expr, z, y=None, digits=30):
    """Value of `expr` at one example's z (and y, needed when expr contains y), sequences of n
    numbers: a Python float computed with `digits` digits."""
    _check(layer)
    values = {}
    for name, symbols, numbers in (("z", layer.z, z), ("y", layer.y, y)):
        if numbers is None and name == "y":
            continue
        try:
            numbers = [float(v) for v in numbers]
        except TypeError:
            raise TypeError(f"{name} must be a sequence of {layer.n} numbers") from None
        if len(numbers) != layer.n:
            raise ValueError(f"{name} must have {layer.n} entries, got {len(numbers)}")
        values.update({s: sp.Float(v, 30) for s, v in zip(symbols, numbers, strict=True)})
    expr = in_terms_of_z(layer, expr)
    missing = expr.free_symbols - set(values)
    if missing:
        raise ValueError(f"expr contains {sorted(map(str, missing))}: pass values for them "
                         "(y for the targets)")
    value = expr.evalf(digits, subs=values)
    if not value.is_real:
        raise ValueError(f"expr is not real at this point: {value}")
    return float(value)
