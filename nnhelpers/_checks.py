"""Input checks shared by every module: clear errors, no silent broadcasting."""

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
