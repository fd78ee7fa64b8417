"""Equations (36), (37) and (38) for a small output layer, exactly, with sympy.

    layer = output_layer(3, "softmax", "quadratic")
    simplifies_to_zero(layer, eq36(layer, 0) - eq37(layer, 0))   # proves (36) = (37) for j = 0

The symbols are z_1..z_n, a_1..a_n, y_1..y_n as in the book, but `j` is 0-based: j=0 is z_1.
sympy and the input checks of nnhelpers.validation only: an independent check of the numerical code.

Used in notebooks: 03, 04.
"""

from dataclasses import dataclass, field

import sympy as sp

from .validation import as_array, check_choice, check_index, check_integer

SUPPORTED_ACTIVATIONS = {  # name: (a_k(z_k, S = Σ_i e^{z_i}), the book's ∂a_k/∂z_j in a_k, a_j)
    "sigmoid": (lambda zk, S: 1 / (1 + sp.exp(-zk)), lambda ak, aj, same: ak * (1 - ak) * same),
    "softmax": (lambda zk, S: sp.exp(zk) / S, lambda ak, aj, same: ak * (same - aj)),
    "tanh": (lambda zk, S: sp.tanh(zk), lambda ak, aj, same: (1 - ak ** 2) * same),
    "identity": (lambda zk, S: zk, lambda ak, aj, same: same),
}  # same = 1[k = j]; only softmax's ∂a_k/∂z_j is not 0 for k != j
SUPPORTED_COSTS = {  # name: the term of C = Σ_k term(a_k, y_k)
    "quadratic": lambda ak, yk: sp.Rational(1, 2) * (ak - yk) ** 2,
    "log_likelihood": lambda ak, yk: -yk * sp.log(ak),  # -ln a_y as -Σ_k y_k ln a_k (y one-hot)
    "cross_entropy": lambda ak, yk: -(yk * sp.log(ak) + (1 - yk) * sp.log(1 - ak)),
}


@dataclass(frozen=True)
class OutputLayer:
    """Output layer L, as output_layer makes it; the repr names it (the expressions are long)."""

    n: int
    activation: str  # a key of SUPPORTED_ACTIVATIONS
    cost: str  # a key of SUPPORTED_COSTS
    z: tuple = field(repr=False)  # n symbols z_1..z_n, and so y and a
    y: tuple = field(repr=False)
    a: tuple = field(repr=False)
    a_of_z: tuple = field(repr=False)  # a_k(z) = σ(z)_k
    C_of_a: sp.Expr = field(repr=False)  # C in a and y
    C_of_z: sp.Expr = field(repr=False)  # C(a(z)), what (36) differentiates


def output_layer(n, activation="sigmoid", cost="quadratic"):
    """Symbols and expressions of an output layer with n neurons (2 <= n <= 6): an OutputLayer.

    activation : "sigmoid", "softmax", "tanh" or "identity" (SUPPORTED_ACTIVATIONS)
    cost       : "quadratic", "log_likelihood" or "cross_entropy" (SUPPORTED_COSTS: C's terms)
    Raises TypeError for a non-integer n or a non-string name, ValueError for others.
    Used in notebooks: 03, 04."""
    n = check_integer(n, "n", minimum=2, maximum=6)  # sympy stays fast
    check_choice(activation, SUPPORTED_ACTIVATIONS, "activation")
    check_choice(cost, SUPPORTED_COSTS, "cost")
    z, y, a = (sp.symbols(f"{s}_1:{n + 1}", real=True) for s in "zya")
    S = sum(sp.exp(zk) for zk in z)  # softmax's normaliser
    a_of_z = tuple(SUPPORTED_ACTIVATIONS[activation][0](zk, S) for zk in z)
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
    (SUPPORTED_ACTIVATIONS). Raises ValueError for another form."""
    _check(layer, form=form)
    n, a, closed_form = layer.n, layer.a, SUPPORTED_ACTIVATIONS[layer.activation][1]
    return sp.Matrix(n, n, lambda k, j: sp.diff(layer.a_of_z[k], layer.z[j]) if form == "z"
                     else closed_form(a[k], a[j], int(k == j)))


def eq36(layer, j):
    """(36): δ_j = ∂C/∂z_j, sympy differentiating C(a(z)) directly; an expression in z and y.
    Used in notebooks: 03, 04."""
    _check(layer, j)
    return sp.diff(layer.C_of_z, layer.z[j])


def eq37_terms(layer, j, form="z"):
    """(37) term by term: the list of n products ∂C/∂a_k · ∂a_k/∂z_j, k = 1..n, written with
    the outputs a_k (form="a", readable) or in terms of z (form="z").
    Used in notebooks: 03."""
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
    Used in notebooks: 04."""
    return eq37_terms(layer, j, form)[j]


def eq38(layer, j, form="z"):
    """(38): δ_j = ∂C/∂a_j · σ'(z_j), all of (37) for an element-wise σ. Raises ValueError for
    softmax, for which (38) does not hold (use eq37 or diagonal_only)."""
    _check(layer, j)
    if layer.activation == "softmax":
        raise ValueError("(38) needs an element-wise activation, and softmax is not one: the terms "
                         "k != j of (37) do not vanish. Use eq37, or diagonal_only for k = j.")
    return diagonal_only(layer, j, form)


def off_diagonal_terms(layer, j, form="a"):
    """The terms k != j of (37) as {k (0-based): simplified expression}.

    Zero for sigmoid, tanh and identity; ∂C/∂a_k · (-a_k a_j) for softmax. form="a" writes in
    the book's closed-form zeros; to *check* that they vanish, use form="z".
    Used in notebooks: 04."""
    terms = eq37_terms(layer, j, form)
    return {k: sp.factor(sp.simplify(t)) for k, t in enumerate(terms) if k != j}


def simplifies_to_zero(layer, expr):
    """True when `expr` (in z, y, maybe a) is identically 0, proved with sympy.
    z_k = ln u_k (u_k > 0) makes sigmoid, tanh and softmax (and the costs' derivatives)
    rational in u, so `cancel` decides; `simplify` for anything left."""
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
