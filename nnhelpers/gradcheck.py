"""Numerical derivatives: the independent reference every analytic formula is checked against.

- central differences  (f(x + h) - f(x - h)) / 2h   error O(h²) + round-off ~ eps/h
- forward differences  (f(x + h) - f(x)) / h        error O(h)  + round-off ~ eps/h
- complex step         Im f(x + ih) / h             error O(h²), no subtraction, so no
                                                    round-off: h = 1e-20 gives machine precision
                                                    (needs f analytic and written for complex input)

Used in notebooks: 00, 01, 02, 03, 04, 06, 07, 08, 09, 10.
Notebook 02 sweeps the step size; notebook 10 reads failing checks with `diagnose`.
"""

import numpy as np

from ._checks import as_array, one_vector

METHODS = ("central", "forward", "complex")
DEFAULT_STEP = {"central": 1e-6, "forward": 1e-8, "complex": 1e-20}


def check_method(method, h):
    """The step h to use: `h` checked (a positive finite number), or the method's default.

    method : "central", "forward" or "complex"; raises ValueError naming the three otherwise."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if h is None:
        return DEFAULT_STEP[method]
    if not np.isscalar(h) or not np.isreal(h) or not h > 0 or not np.isfinite(h):
        raise ValueError(f"step h must be a positive number, got {h!r}")
    return float(h)


def perturbation_base(x, method):
    """A copy of x to perturb in place: complex128 for the complex step, else float64."""
    return x.astype(np.complex128) if method == "complex" else x.astype(np.float64, copy=True)


def difference_quotient(f, base, index, h, method, f0=None):
    """One numerical partial derivative of f: the loop body every numerical derivative here
    (and bp1.output_error_numeric, the definition (36)) shares.

    f      : callable on arrays shaped like base; may return a scalar or an array
    base   : the point, from `perturbation_base`; base[index] is perturbed in place and restored
    index  : anything numpy accepts, e.g. (i, j) for one entry or j for a whole row
    f0     : f(base), needed by forward differences only
    returns the real array (or scalar) ∂f/∂base[index], shaped like f's value
    """
    old = np.copy(base[index])
    try:
        if method == "complex":
            base[index] = old + 1j * h
            return np.imag(np.asarray(f(base))) / h
        base[index] = old + h
        fp = np.asarray(f(base))
        if method == "central":
            base[index] = old - h
            return np.real(fp - np.asarray(f(base))) / (2 * h)
        return np.real(fp - f0) / h
    finally:
        base[index] = old


def numerical_gradient(f, x, h=None, method="central"):
    """∂f/∂x_i for a scalar function f, one entry at a time.

    f : callable taking an array shaped like x and returning a scalar
    x : array of any shape (it is copied, never changed)
    returns an array shaped like x
    """
    h = check_method(method, h)
    x = as_array(x, "x", ndims=(0, 1, 2, 3), allow_complex=False)
    grad = np.empty_like(x)
    base = perturbation_base(x, method)
    f0 = np.asarray(f(base)) if method == "forward" else None
    for i in np.ndindex(x.shape):
        grad[i] = difference_quotient(f, base, i, h, method, f0)
    return grad


def numerical_jacobian(f, z, h=None, method="central"):
    """J[k, j] = ∂f_k/∂z_j for a vector function f of one vector z.

    f : callable mapping an array shaped like z to an array (flattened to length p)
    z : (n,) or (n, 1)
    returns a (p, n) array
    """
    h = check_method(method, h)
    z = one_vector(as_array(z, "z", allow_complex=False))
    base = perturbation_base(z, method)
    flat = base.reshape(-1)  # a view: writing to flat changes base

    def f_flat(flat_z):
        return np.asarray(f(flat_z.reshape(base.shape))).reshape(-1)

    f0 = f_flat(flat) if method == "forward" else None
    return np.stack([difference_quotient(f_flat, flat, j, h, method, f0)
                     for j in range(flat.size)], axis=1)


def relative_error(a, b):
    """max_i |a_i - b_i| / max_i (|a_i| + |b_i|): one number for two arrays of one shape.

    Norm-wise (max-norm), not element-wise: the largest difference is measured against the
    largest entry, so an entry far smaller than the others may be wrong by more than this
    number says (CS231n's convention is element-wise, |a_i - b_i| / max(|a_i|, |b_i|)).
    A tiny floor makes two zero arrays give 0. Thresholds for float64 and a smooth function:
    central differences (h = 1e-6) agree to about 1e-8 to 1e-10, so about 1e-7 or below is a
    pass; the complex step agrees to about 1e-15; 1e-4 or above points to a wrong formula.
    Raises ValueError for arrays of different shapes.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = np.max(np.abs(a) + np.abs(b)) if a.size else 0.0
    return float(np.max(np.abs(a - b), initial=0.0) / max(scale, np.finfo(np.float64).tiny))


# --- diagnose: what a failing gradient check's signature says (notebook 10) ---

PASS = 1e-7  # relative error below which a central-difference check passes (CS231n)
ROUND_OFF = 1e-12  # agreement at this level is round-off, as with the complex step
NUMERIC_NOISE = 1e-3  # between PASS and this, the numerical derivative itself is suspect
NEAR_ONE = 1e-3  # a ratio analytic/numeric within this of 1 is a small error, not a factor
FEW = 100.0  # an entry whose difference is this many times the median one stands out


def diagnose(analytic, numeric):
    """Name the likely mistake behind a gradient check from its signature; return a sentence.

    analytic : the gradient your code computes (e.g. δ^L, shape (n, m), one example per column)
    numeric  : the reference from (36), e.g. numerical_gradient or bp1.output_error_numeric
               (same shape; (n,) or (n, m))
    returns a one-line verdict that starts with "correct" (relative error below 1e-7, and says
    "round-off level" below 1e-12) or names the signature and its usual cause:
      - one side 0 everywhere: the numeric (the function ignores these parameters) or the
        analytic (the backward pass never reached them);
      - a constant ratio analytic/numeric = c (|c - 1| at least 1e-3): c = -1 a flipped
        sign; an integer c a missing 1/c (the 1/m of the mini-batch mean, or an average over
        the n classes; c = 2 may also be the ½ of the quadratic cost); 1/c an integer: an
        extra factor;
      - a relative error between 1e-7 and 1e-3 (including a ratio within 1e-3 of 1): if the
        difference sits in a few entries (at most a fifth of them, each over 100 times the
        median difference), those entries, as a bug confined to them; otherwise, spread over
        every entry, usually the finite difference itself (a step h too small: round-off;
        too large: truncation);
      - the numeric gradient's rows sum to 0 instead of its columns: the function checked
        normalises over the wrong axis (softmax over axis 1, one example per row);
      - the numeric δ of every example (column) sums to 0, as every softmax δ must, while the
        analytic one does not: usually the off-diagonal terms of (37) were dropped (a sign
        error or a wrong-axis softmax in the analytic code also breaks the sums), with the
        entries that are off. A gradient passed through softmax unchanged with the quadratic
        cost (a - y) is not caught this way: a - y sums to 0 down each column as well;
      - otherwise: which entries are off (at most five indices) and the relative error.
    Raises ValueError for different shapes (naming a transpose), NaN or infinity; TypeError
    for non-numbers. Source: notebook 10, "When your gradient check fails: a field guide".
    """
    analytic = as_array(analytic, "analytic", allow_complex=False)
    numeric = as_array(numeric, "numeric", allow_complex=False)
    if analytic.shape != numeric.shape:
        hint = (" (transposed: one example per row instead of per column?)"
                if analytic.shape == numeric.shape[::-1] else "")
        raise ValueError(f"analytic and numeric must have the same shape, got {analytic.shape} "
                         f"and {numeric.shape}{hint}")
    err = relative_error(analytic, numeric)
    if err < ROUND_OFF:
        return f"correct: relative error {err:.1e}, agreement at round-off level"
    if err < PASS:
        return f"correct: relative error {err:.1e}, below {PASS:.0e}"
    scale = np.max(np.abs(numeric))
    if scale == 0.0:
        return (f"the numeric gradient is 0 everywhere but the analytic one is not (relative "
                f"error {err:.2g}): does the function you differentiate use these parameters?")
    if not np.any(analytic):
        return (f"the analytic gradient is 0 everywhere but the numeric one is not (relative "
                f"error {err:.2g}): the backward pass never reached these parameters (a "
                "gradient overwritten or never accumulated, or the wrong array returned)")
    ratio = _constant_ratio(analytic, numeric)
    if ratio is not None and abs(ratio - 1.0) >= NEAR_ONE:
        return _ratio_verdict(ratio, err)
    diff = np.abs(analytic - numeric)
    if err < NUMERIC_NOISE:
        few = _few_entries(diff)
        if few is not None:
            return (f"close (relative error {err:.1e}) but the difference sits in a few entries: "
                    f"{_entries_off(few)}, each over {FEW:.0f} times the median difference. A "
                    "finite-difference error is spread over every entry, so look first at how "
                    "those entries are computed (a bug confined to them)")
        return (f"close but not within {PASS:.0e} (relative error {err:.1e}), spread over every "
                "entry, no constant ratio: usually a finite-difference error, not a bug. Check "
                "the numeric side first: central differences with h ≈ 1e-6 (or the complex "
                "step); a forward difference with a tiny h (say 1e-12) is mostly round-off, a "
                "large h (say 1e-2) mostly truncation")
    verdict = _softmax_sum_verdict(analytic, numeric, err, diff)
    if verdict is not None:
        return verdict
    return (f"{_entries_off(_off(diff, numeric))} (relative error {err:.2g}); no constant ratio "
            "or sign: look at how those entries are computed")


def _off(diff, numeric):
    """The entries where analytic and numeric differ beyond 1e-5 (relative, and of the scale)."""
    return diff > 1e-5 * (np.abs(numeric) + np.max(np.abs(numeric)))


def _few_entries(diff):
    """The mask of the entries whose difference is over FEW times the median one, if they are
    at most a fifth of the array (a bug in a few entries); None otherwise."""
    if diff.size < 3:
        return None
    big = diff > FEW * np.median(diff)
    return big if 0 < big.sum() <= max(1, diff.size // 5) else None


def _entries_off(mask):
    where = [tuple(int(i) for i in idx) for idx in np.argwhere(mask)[:5]]
    where = [w[0] if len(w) == 1 else w for w in where]
    return (f"{int(mask.sum())} of {mask.size} entries are off, "
            f"{'at' if mask.sum() <= 5 else 'first at'} index {where}")


def _constant_ratio(analytic, numeric):
    """c with analytic ≈ c · numeric (relative error below 1e-5), or None."""
    c = float(np.sum(analytic * numeric) / np.sum(numeric * numeric))  # least squares
    if c != 0.0 and relative_error(analytic, c * numeric) < 1e-5:
        return c
    return None


def _ratio_verdict(c, err):
    head = f"analytic / numeric = {c:.6g} for every entry (relative error {err:.2g})"
    sign = ("a flipped sign (a - y written as y - a, or the minus of -ln a_y lost)"
            if c < 0 else "")
    size = abs(c)
    k = round(size)
    if k >= 2 and abs(size - k) < 1e-4 * k:
        factor = (f"the analytic gradient is {k} times too large, a missing 1/{k}: if {k} is "
                  f"the mini-batch size m, the gradient forgot the 1/m of the mean over "
                  f"examples; if {k} is the number of outputs n, the cost averaged over the "
                  f"classes too (a mean over all n·m entries instead of over the m columns)"
                  + (", or the ½ of the quadratic cost was dropped" if k == 2 else ""))
    elif size < 1 and round(1 / size) >= 2 and abs(1 / size - round(1 / size)) < 1e-4 / size:
        k = round(1 / size)
        factor = (f"the analytic gradient is {k} times too small, an extra 1/{k} (divided by "
                  f"m or n once too often, or the cost used for the numeric check sums what "
                  f"it should average)")
    elif abs(size - 1) < NEAR_ONE:
        factor = ""  # c = -1: the sign says it all (c = +1 never reaches here)
    else:
        factor = f"a constant factor {size:.6g}: look for a scale factor"
    return f"{head}: " + "; and ".join(part for part in (sign, factor) if part)


def _softmax_sum_verdict(analytic, numeric, err, diff):
    """Softmax's signature: each example's δ sums to 0, as shifting all z_j changes nothing."""
    def column_sums_ok(x, axis):
        return np.abs(np.sum(x, axis=axis)) <= 1e-6 * np.sum(np.abs(x), axis=axis) + 1e-300

    if numeric.ndim == 2 and numeric.shape[1] > 1 and numeric.shape[0] > 1 \
            and np.all(column_sums_ok(numeric, 1)) and not np.all(column_sums_ok(numeric, 0)):
        return (f"relative error {err:.2g}; each row of the numeric gradient sums to 0, not each "
                "column: the function you check normalises over the wrong axis (softmax over "
                "axis 1, one example per row). Nielsen puts one example per column: sum over "
                "axis 0")
    if numeric.shape[0] < 2 or not np.all(column_sums_ok(numeric, 0)) \
            or np.all(column_sums_ok(analytic, 0)):
        return None
    bad = np.flatnonzero(~np.atleast_1d(column_sums_ok(analytic, 0)))
    columns = "" if analytic.ndim == 1 else f" (columns {[int(j) for j in bad[:5]]})"
    return (f"relative error {err:.2g}; each numeric column sums to 0, as every softmax δ must "
            f"(shifting every z_j by one amount changes nothing), but the analytic ones do "
            f"not{columns}. The usual cause: the off-diagonal terms -a_k a_j of (37) are missing "
            "(the sum over k cut to k = j, or the gradient passed through softmax unchanged); "
            "other causes break the sums too (a sign or a softmax over the wrong axis in the "
            f"analytic code). {_entries_off(_off(diff, numeric))}")
