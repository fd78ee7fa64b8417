"""Input checks, made once at the public boundary: clear errors, no silent broadcasting.

The public functions and methods that notebooks call (the activations' and costs' methods,
bp1's functions, `Network`'s) check their inputs here and then call the book's formulas,
which check nothing. Every check raises TypeError or ValueError naming what was expected.

Used in notebooks: none.
"""

import numpy as np


def as_array(x, name, *, ndims=(1, 2), allow_complex=True):
    """Return `x` as a float64 (or complex128) array, or raise naming what was expected.
    x : array-like of real numbers, with ndim in `ndims`"""
    arr = x
    if type(x) is not np.ndarray or x.dtype != np.float64:  # else already what we want
        if isinstance(x, (str, bytes)) or x is None:
            raise TypeError(f"{name} must be a numeric array, got {type(x).__name__}")
        arr = np.asarray(x)
        if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
            raise TypeError(f"{name} must be a numeric array, got dtype {arr.dtype}")
        if np.iscomplexobj(arr) and not allow_complex:
            raise TypeError(f"{name} must be real, got dtype {arr.dtype}")
        arr = arr.astype(np.complex128 if np.iscomplexobj(arr) else np.float64, copy=False)
    if arr.ndim not in ndims:
        shapes = " or ".join({1: "(n,)", 2: "(n, m)"}.get(d, f"{d}-d") for d in ndims)
        raise ValueError(f"{name} must have shape {shapes}, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    # inf or NaN anywhere makes the sum inf or NaN; only then (or on overflow) check each entry
    with np.errstate(over="ignore", invalid="ignore"):
        total = arr.sum()
    if not np.isfinite(total) and not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinity")
    return arr


def same_shape(a, b, name_a, name_b):
    """Raise ValueError unless `a` and `b` have the same shape (no broadcasting)."""
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape, got {a.shape} and "
                         f"{b.shape}")


def one_vector(z, name="z"):
    """Check that `z` is a single vector, shape (n,) or (n, 1); return it as given."""
    if z.ndim == 2 and z.shape[1] != 1:
        raise ValueError(f"{name} must be one vector of shape (n,) or (n, 1) for a Jacobian, "
                         f"got shape {z.shape}; take one column, e.g. {name}[:, [0]]")
    return z


def check_integer(value, name, *, minimum=None, maximum=None):
    """Return `value` as an int, or raise: TypeError for a non-integer (bool included, since
    True is not a count), ValueError outside [minimum, maximum] (either bound may be None)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    value = int(value)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        bounds = (f"between {minimum} and {maximum}" if minimum is not None and maximum is not None
                  else f"at least {minimum}" if minimum is not None else f"at most {maximum}")
        raise ValueError(f"{name} must be an integer {bounds}, got {value}")
    return value


def check_index(value, n, name):
    """Return `value` as an int index into a length-n axis (0-based), or raise naming 0..n-1."""
    expected = f"{name} must be an integer index in 0..{n - 1}"
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{expected}, got {type(value).__name__} {value!r}")
    if not 0 <= value < n:
        raise ValueError(f"{expected}, got {value}")
    return int(value)


def check_choice(value, choices, name):
    """Return `value` if it is one of `choices` (strings), or raise naming every choice."""
    choices = list(choices)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {choices}, got {type(value).__name__} {value!r}")
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}; expected one of {choices}")
    return value


TARGET_RULES = ("real", "unit_interval", "probability")
PROBABILITY_TOLERANCE = 1e-9  # |Σ_k y_k - 1| allowed per column: rounding, not a second label


def check_targets(y, rule, cost_name, name="y"):
    """Return the (already finite, real) targets `y`, (n,) or (n, m), or raise ValueError unless
    they follow the cost's `rule`: "real" (quadratic), "unit_interval" (0 <= y_j <= 1, soft
    yes/no targets: cross-entropy) or "probability" (each column y_k >= 0 with Σ_k y_k = 1 within
    PROBABILITY_TOLERANCE: one-hot, label smoothing, distillation: log-likelihood)."""
    check_choice(rule, TARGET_RULES, "target rule")
    if rule == "unit_interval" and np.any((y < 0) | (y > 1)):
        raise ValueError(f"{cost_name} needs targets 0 <= {name} <= 1 element-wise (each output "
                         f"is a yes/no probability); got values from {y.min():g} to {y.max():g}")
    if rule == "probability":
        if np.any(y < 0):
            raise ValueError(f"{cost_name} needs targets {name} >= 0 (a probability vector per "
                             f"column); got a smallest entry {y.min():g}")
        sums = np.atleast_1d(np.sum(y, axis=0))
        bad = np.flatnonzero(np.abs(sums - 1.0) > PROBABILITY_TOLERANCE)  # the columns off
        if bad.size:
            where = "" if y.ndim == 1 else f" column {bad[0]}"
            raise ValueError(
                f"{cost_name} needs each column of {name} to be a probability vector "
                f"(entries >= 0 that sum to 1: one-hot, or smoothed labels), one example per "
                f"column; {name}{where} sums to {sums[bad[0]]:g}. C = -Σ_k y_k ln a_k compares "
                "y with one softmax distribution over the classes, and δ = a - y holds only when "
                "Σ_k y_k = 1. For multi-label targets (several classes true at once) use sigmoid "
                "outputs with cross_entropy, which treats each output as its own yes/no.")
    return y


def check_outputs(cost_name, a, y, *, grad, activation=None):
    """Raise ValueError where the outputs a leave the domain of C_x (grad=False) or of ∂C/∂a
    (grad=True): cross-entropy needs 0 <= a <= 1 (0 < a < 1 for ∂C/∂a, and a > 0 where y > 0,
    a < 1 where y < 1 for C_x); log-likelihood a > 0 where y > 0. The advice names what works:
    for outputs that rounded to 0 or 1, the functions that compute from z."""
    ar = a.real
    if cost_name == "cross_entropy":
        outside, needs = (ar < 0) | (ar > 1), "outputs 0 < a < 1 (ln a, ln(1 - a))"
        edge = (((ar <= 0) | (ar >= 1)) if grad
                else ((ar == 0) & (y > 0)) | ((ar == 1) & (y < 1)))
        edge_needs = ("0 < a < 1 for ∂C/∂a = (a - y) / (a(1 - a))" if grad
                      else "a > 0 where y > 0 and a < 1 where y < 1 (ln a, ln(1 - a))")
        where = ("outside [0, 1]", "at exactly 0 or 1")
    elif cost_name == "log_likelihood":
        outside, needs = (ar < 0) & (y != 0), "outputs a > 0 where y > 0 (ln a)"
        edge = (ar == 0) & (y != 0)
        edge_needs = "outputs a > 0 where y > 0 (ln a and ∂C/∂a = -y / a)"
        where = ("below 0 where y > 0", "at exactly 0 where y > 0")
    else:
        return
    not_probabilities = (f"{activation or 'these'} outputs are not probabilities in (0, 1); use "
                         f"sigmoid or softmax outputs with {cost_name}.")
    if np.any(outside):
        raise ValueError(f"{cost_name} needs {needs}; got an output a {where[0]}. "
                         f"{not_probabilities}")
    if np.any(edge):
        if activation is None:
            fix = ("bp1.output_error(z, y, activation, cost)" if grad
                   else f"{cost_name}.value_from_z(z, y, activation)")
            advice = (f"If a = σ(z) is a sigmoid or softmax output that has rounded to 0 or 1, "
                      f"compute from z: {fix} works in log space and stays right.")
        else:
            advice = not_probabilities
        raise ValueError(f"{cost_name} needs {edge_needs}; got an output a {where[1]}. {advice}")


def check_sizes(sizes):
    """Layer sizes [n_1, ..., n_L] as a list of ints, at least two, each >= 1."""
    try:
        layers = [] if isinstance(sizes, (str, bytes)) else list(sizes)
    except TypeError:  # not a sequence at all, e.g. Network(784) or Network(None)
        layers = []
    if len(layers) < 2 or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool)
                                  and s >= 1 for s in layers):
        raise ValueError(f"sizes must be a list of at least two positive integers, e.g. "
                         f"[784, 30, 10]; got {sizes!r}")
    return [int(s) for s in layers]


def check_parameters(sizes, weights, biases):
    """Raise ValueError unless weights[l - 2] (w^l) is (n_l, n_{l-1}) and biases[l - 2] (b^l)
    is (n_l, 1) for l = 2..L, all finite. Layer 1 is the input, as in the book."""
    if len(weights) != len(sizes) - 1 or len(biases) != len(sizes) - 1:
        raise ValueError(f"weights and biases must be lists of {len(sizes) - 1} arrays")
    for i, (w, b) in enumerate(zip(weights, biases, strict=True)):
        l = str(i + 2).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))  # w^l as w²
        shape_w, shape_b = (sizes[i + 1], sizes[i]), (sizes[i + 1], 1)
        for name, p, shape in (("weights", w, shape_w), ("biases", b, shape_b)):
            if np.shape(p) != shape:
                raise ValueError(f"{name}[{i}] ({name[0]}{l}) must have shape {shape}, got "
                                 f"{np.shape(p)}")
        if not (np.isfinite(w).all() and np.isfinite(b).all()):
            raise ValueError(f"weights[{i}] or biases[{i}] contain NaN or infinity")


def check_columns(X, rows, name="X", columns=None):
    """X as a float64 array (rows, m), one example per column ((rows,) becomes (rows, 1));
    a batch stored one example per row gets the hint to pass X.T. With `columns`, the shape
    must be (rows, columns) (targets matching their inputs)."""
    X = as_array(X, name, allow_complex=False)
    if X.ndim == 1:
        X = X.reshape(-1, 1)
    if columns is not None and X.shape != (rows, columns):
        raise ValueError(f"{name} must have shape {(rows, columns)} (one example per column, "
                         f"matching X), got {X.shape}")
    if X.shape[0] != rows:
        hint = (f"; it looks like one example per row: pass {name}.T"
                if X.ndim == 2 and X.shape[1] == rows else "")
        raise ValueError(f"{name} must have {rows} rows (one example per column), "
                         f"got shape {X.shape}{hint}")
    return X


def check_layers(activation, output_activation, cost_name, num_layers):
    """Raise ValueError for a softmax hidden layer (BP2 needs σ'(z)) or a log cost (cross-entropy,
    log-likelihood) after outputs that are not probabilities (only sigmoid and softmax are)."""
    if not activation.elementwise and num_layers > 2:
        raise ValueError(f"hidden layers need an element-wise activation (BP2 uses σ'(z)); "
                         f"got {activation.name}. Use it as output_activation instead.")
    if cost_name != "quadratic" and output_activation.name not in ("sigmoid", "softmax"):
        raise ValueError(f"{cost_name} takes ln a of the outputs, which must lie in (0, 1); "
                         f"{output_activation.name} outputs do not. Use "
                         f"output_activation=\"sigmoid\" or \"softmax\", or cost=\"quadratic\".")


def check_number(value, name, *, minimum=0.0, strict=True):
    """A real finite number > minimum (>= minimum if not strict), or ValueError."""
    ok = (np.isscalar(value) and np.isreal(value) and not isinstance(value, (bool, str))
          and np.isfinite(value) and (value > minimum if strict else value >= minimum))
    if not ok:
        raise ValueError(f"{name} must be {'a positive' if strict else 'a non-negative'} "
                         f"number, got {value!r}")
    return float(value)
