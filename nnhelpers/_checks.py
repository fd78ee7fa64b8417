"""Input checks shared by every module: clear errors, no silent broadcasting.

Used in notebooks: none.
"""

import numpy as np


def as_array(x, name, *, ndims=(1, 2), allow_complex=True):
    """Return `x` as a float64 (or complex128) array, or raise naming what was expected.

    x : array-like of real numbers, with ndim in `ndims`
    """
    if type(x) is np.ndarray and x.dtype == np.float64:
        arr = x  # already what we want: skip the conversion, keep every check below
    else:
        arr = _convert(x, name, allow_complex)
    if arr.ndim not in ndims:
        shapes = " or ".join({1: "(n,)", 2: "(n, m)"}.get(d, f"{d}-d") for d in ndims)
        raise ValueError(f"{name} must have shape {shapes}, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinity")
    return arr


def _convert(x, name, allow_complex):
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be a numeric array, got {type(x).__name__}")
    arr = np.asarray(x)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"{name} must be a numeric array, got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        if not allow_complex:
            raise TypeError(f"{name} must be real, got dtype {arr.dtype}")
        return arr.astype(np.complex128, copy=False)
    return arr.astype(np.float64, copy=False)


def same_shape(a, b, name_a, name_b):
    """Raise ValueError unless `a` and `b` have the same shape (no broadcasting)."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def one_vector(z, name="z"):
    """Check that `z` is a single vector, shape (n,) or (n, 1); return it as given."""
    if z.ndim == 2 and z.shape[1] != 1:
        raise ValueError(
            f"{name} must be one vector of shape (n,) or (n, 1) for a Jacobian, got shape "
            f"{z.shape}; take one column, e.g. {name}[:, [0]]"
        )
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
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer index in 0..{n - 1}, got "
                        f"{type(value).__name__} {value!r}")
    if not 0 <= value < n:
        raise ValueError(f"{name} must be an integer index in 0..{n - 1}, got {value}")
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
    """Raise ValueError unless the (already finite, real) targets `y` follow `rule`.

    rule "real"          : any finite real y (the quadratic cost)
    rule "unit_interval" : 0 <= y_j <= 1 element-wise, soft binary targets (cross-entropy)
    rule "probability"   : every column a probability vector, y_k >= 0 and Σ_k y_k = 1 within
                           PROBABILITY_TOLERANCE (log-likelihood: one-hot, label smoothing,
                           distillation); y is (n,) for one example or (n, m), one per column
    Returns y unchanged.
    """
    check_choice(rule, TARGET_RULES, "target rule")
    if rule == "unit_interval" and np.any((y < 0) | (y > 1)):
        raise ValueError(
            f"{cost_name} needs targets 0 <= {name} <= 1 element-wise (each output is a yes/no "
            f"probability); got values from {y.min():g} to {y.max():g}"
        )
    if rule == "probability":
        if np.any(y < 0):
            raise ValueError(f"{cost_name} needs targets {name} >= 0 (a probability vector per "
                             f"column); got a smallest entry {y.min():g}")
        sums = np.sum(y, axis=0)
        bad = np.abs(sums - 1.0) > PROBABILITY_TOLERANCE
        if np.any(bad):
            where = "" if sums.ndim == 0 else f" column {int(np.argmax(np.ravel(bad)))}"
            total = float(np.ravel(sums)[np.argmax(np.ravel(bad))])
            raise ValueError(
                f"{cost_name} needs each column of {name} to be a probability vector "
                f"(entries >= 0 that sum to 1: one-hot, or smoothed labels), one example per "
                f"column; {name}{where} sums to {total:g}. C = -Σ_k y_k ln a_k compares y with "
                "one softmax distribution over the classes, and δ = a - y holds only when "
                "Σ_k y_k = 1. For multi-label targets (several classes true at once) use sigmoid "
                "outputs with cross_entropy, which treats each output as its own yes/no."
            )
    return y
