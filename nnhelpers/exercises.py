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

# --- notebook 02 exercises ---

# --- notebook 03 exercises ---

# --- notebook 04 exercises ---

# --- notebook 06 exercises ---

# --- notebook 07 exercises ---
