"""What a failing gradient check's signature says: `diagnose(analytic, numeric)`, one sentence.

Used in notebooks: 10.
Source: notebook 10, "When your gradient check fails: a field guide".
"""

import numpy as np

from .gradcheck import relative_error
from .validation import as_array

PASS = 1e-7  # relative error below which a central-difference check passes (CS231n)
ROUND_OFF = 1e-12  # agreement at this level is round-off, as with the complex step
NUMERIC_NOISE = 1e-3  # between PASS and this, the numerical derivative itself is suspect
NEAR_ONE = 1e-3  # a ratio analytic/numeric within this of 1 is a small error, not a factor
STANDS_OUT_FACTOR = 100.0  # an entry whose difference is this many times the median stands out


def diagnose(analytic, numeric):
    """Name the likely mistake behind a gradient check from its signature; return a sentence.

    analytic : the gradient your code computes, e.g. δ^L, (n,) or (n, m), one example per column
    numeric  : the reference from (36) (numerical_gradient, bp1.output_error_numeric), same shape
    The verdict starts with "correct" (relative error below PASS) or names, in this order:
    a side that is 0 everywhere; a constant ratio analytic/numeric (a sign, a missing or extra
    1/m or 1/n, the ½ of the quadratic cost); in the band PASS..NUMERIC_NOISE, a few entries
    that stand out (a bug confined to them) or a spread error (the finite difference itself);
    numeric rows that sum to 0 instead of columns (softmax over the wrong axis); numeric
    columns that sum to 0 while the analytic ones do not (the off-diagonal terms of (37)
    dropped); otherwise which entries are off.
    Raises ValueError for different shapes (naming a transpose), NaN or infinity; TypeError
    for non-numbers.
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
    if not np.any(numeric):
        return (f"the numeric gradient is 0 everywhere but the analytic one is not (relative "
                f"error {err:.2g}): does the function you differentiate use these parameters?")
    if not np.any(analytic):
        return (f"the analytic gradient is 0 everywhere but the numeric one is not (relative "
                f"error {err:.2g}): the backward pass never reached these parameters (a "
                "gradient overwritten or never accumulated, or the wrong array returned)")
    # least-squares c with analytic ≈ c · numeric; a constant ratio if it fits to 1e-5
    c = float(np.sum(analytic * numeric) / np.sum(numeric * numeric))
    if c != 0.0 and relative_error(analytic, c * numeric) < 1e-5 and abs(c - 1.0) >= NEAR_ONE:
        return _ratio_verdict(c, err)
    diff = np.abs(analytic - numeric)
    if err < NUMERIC_NOISE:
        big = diff > STANDS_OUT_FACTOR * np.median(diff)
        if diff.size >= 3 and 0 < big.sum() <= max(1, diff.size // 5):
            return (f"close (relative error {err:.1e}) but the difference sits in a few entries: "
                    f"{_entries_off(big)}, each over {STANDS_OUT_FACTOR:.0f} times the median "
                    "difference. A finite-difference error is spread over every entry, so look "
                    "first at how those entries are computed (a bug confined to them)")
        return (f"close but not within {PASS:.0e} (relative error {err:.1e}), spread over every "
                "entry, no constant ratio: usually a finite-difference error, not a bug. Check "
                "the numeric side first: central differences with h ≈ 1e-6 (or the complex "
                "step); a forward difference with a tiny h (say 1e-12) is mostly round-off, a "
                "large h (say 1e-2) mostly truncation")
    off = diff > 1e-5 * (np.abs(numeric) + np.max(np.abs(numeric)))  # beyond 1e-5, relative
    return (_softmax_sum_verdict(analytic, numeric, err, off)
            or f"{_entries_off(off)} (relative error {err:.2g}); no constant ratio or sign: "
            "look at how those entries are computed")


def _entries_off(mask):
    where = [tuple(int(i) for i in idx) for idx in np.argwhere(mask)[:5]]
    where = [w[0] if len(w) == 1 else w for w in where]
    return (f"{int(mask.sum())} of {mask.size} entries are off, "
            f"{'at' if mask.sum() <= 5 else 'first at'} index {where}")


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


def _softmax_sum_verdict(analytic, numeric, err, off):
    """Softmax's signature: each example's δ sums to 0, as shifting all z_j changes nothing."""
    def sums_to_zero(x, axis):
        return np.abs(np.sum(x, axis=axis)) <= 1e-6 * np.sum(np.abs(x), axis=axis) + 1e-300

    if numeric.ndim == 2 and numeric.shape[1] > 1 and numeric.shape[0] > 1 \
            and np.all(sums_to_zero(numeric, 1)) and not np.all(sums_to_zero(numeric, 0)):
        return (f"relative error {err:.2g}; each row of the numeric gradient sums to 0, not each "
                "column: the function you check normalises over the wrong axis (softmax over "
                "axis 1, one example per row). Nielsen puts one example per column: sum over "
                "axis 0")
    if numeric.shape[0] < 2 or not np.all(sums_to_zero(numeric, 0)) \
            or np.all(sums_to_zero(analytic, 0)):
        return None
    bad = np.flatnonzero(~np.atleast_1d(sums_to_zero(analytic, 0)))
    columns = "" if analytic.ndim == 1 else f" (columns {[int(j) for j in bad[:5]]})"
    return (f"relative error {err:.2g}; each numeric column sums to 0, as every softmax δ must "
            f"(shifting every z_j by one amount changes nothing), but the analytic ones do "
            f"not{columns}. The usual cause: the off-diagonal terms -a_k a_j of (37) are missing "
            "(the sum over k cut to k = j, or the gradient passed through softmax unchanged); "
            "other causes break the sums too (a sign or a softmax over the wrong axis in the "
            f"analytic code). {_entries_off(off)}")
