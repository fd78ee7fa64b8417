"""Equations (36), (37) and (38) for a small output layer, exactly, with sympy.

    layer = output_layer(3, "softmax", "quadratic")
    eq36(layer, j)           δ_j = ∂C/∂z_j, sympy differentiates C(a(z)) directly
    eq37_terms, eq37         the n terms ∂C/∂a_k · ∂a_k/∂z_j of (37), and their sum
    eq38, diagonal_only      the term k = j alone: (38) (element-wise σ only), "skip the sum"
    off_diagonal_terms       the terms k != j: 0 for an element-wise σ, not for softmax
    simplifies_to_zero(layer, eq36(layer, 0) - eq37(layer, 0))   proves (36) = (37)

The symbols are z_1..z_n, a_1..a_n, y_1..y_n as in the book, but `j` is 0-based: j=0 is z_1.
sympy and the input checks of nnhelpers.validation only: an independent check of the numerical code.

Used in notebooks: 03, 04.
"""

from dataclasses import dataclass

import sympy as sp

from .validation import as_array, check_choice, check_index, check_integer

SUPPORTED_ACTIVATIONS = ("sigmoid", "softmax", "tanh", "identity")  # all but softmax element-wise
SUPPORTED_COSTS = {  # name: the term of C = Σ_k term(a_k, y_k)
    "quadratic": lambda ak, yk: sp.Rational(1, 2) * (ak - yk) ** 2,
    "log_likelihood": lambda ak, yk: -yk * sp.log(ak),  # -ln a_y as -Σ_k y_k ln a_k (y one-hot)
    "cross_entropy": lambda ak, yk: -(yk * sp.log(ak) + (1 - yk) * sp.log(1 - ak)),
}
MAX_N = 6  # sympy stays fast


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
    S = sum(sp.exp(zi) for zi in z)  # softmax: a_k = e^{z_k} / Σ_i e^{z_i}
    sigma = {"sigmoid": lambda zk: 1 / (1 + sp.exp(-zk)), "tanh": sp.tanh,
             "identity": lambda zk: zk, "softmax": lambda zk: sp.exp(zk) / S}[name]
    return tuple(sigma(zk) for zk in z)


def output_layer(n, activation="sigmoid", cost="quadratic"):
    """Symbols and expressions of an output layer with n neurons (2 <= n <= 6): an OutputLayer.

    activation : "sigmoid", "softmax", "tanh" or "identity"
    cost       : "quadratic" (½ Σ (a_k - y_k)²), "log_likelihood" (-Σ y_k ln a_k) or
                 "cross_entropy" (-Σ [y_k ln a_k + (1 - y_k) ln(1 - a_k)])
    Raises TypeError for a non-integer n or a non-string name, ValueError for others.
    Used in notebooks: 03, 04.
    """
    n = check_integer(n, "n", minimum=2, maximum=MAX_N)
    check_choice(activation, SUPPORTED_ACTIVATIONS, "activation")
    check_choice(cost, SUPPORTED_COSTS, "cost")
    z, y, a = (sp.symbols(f"{s}_1:{n + 1}", real=True) for s in "zya")
    a_of_z = _activation_exprs(activation, z)
    C_of_a = sum(SUPPORTED_COSTS[cost](ak, yk) for ak, yk in zip(a, y, strict=True))
    C_of_z = C_of_a.subs(dict(zip(a, a_of_z, strict=True)))
    return OutputLayer(n, activation, cost, z, y, a, a_of_z, C_of_a, C_of_z)


def _check(layer, j=None, form="z"):
    if not isinstance(layer, OutputLayer):
        raise TypeError(f"layer must be an OutputLayer (output_layer), got {type(layer).__name__}")
    if j is not None:
        check_index(j, layer.n, "j (0-based: j=0 is z_1)")
    check_choice(form, ("z", "a"), "form")


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
    terms = [sp.diff(layer.C_of_a, ak) * J[k, j] for k, ak in enumerate(layer.a)]
    return terms if form == "a" else [in_terms_of_z(layer, t) for t in terms]


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
    if layer.activation == "softmax":
        raise ValueError("(38) needs an element-wise activation, and softmax is not one: the terms "
                         "k != j of (37) do not vanish. Use eq37, or diagonal_only for k = j.")
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


def evaluate(layer, expr, z, y=None):
    """Value of `expr` at one example's z (and y, needed when expr contains y), (n,) arrays or
    sequences of n numbers: a Python float computed with 30 digits."""
    expr = in_terms_of_z(layer, expr)
    values = {}
    for name, symbols, numbers in (("z", layer.z, z), ("y", layer.y, y)):
        if numbers is not None:
            numbers = as_array(numbers, name, ndims=(1,), allow_complex=False)
            if len(numbers) != layer.n:
                raise ValueError(f"{name} must have {layer.n} entries, got {len(numbers)}")
            values.update({s: sp.Float(v, 30) for s, v in zip(symbols, numbers, strict=True)})
    missing = expr.free_symbols - set(values)
    if missing:
        raise ValueError(f"expr contains {sorted(map(str, missing))}: pass values for them "
                         "(y for the targets)")
    return float(expr.evalf(30, subs=values))  # TypeError if not real (ln of a negative a)
