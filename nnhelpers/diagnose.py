"""What a failing gradient check's signature says: `diagnose(analytic, numeric)`, one sentence.

Used in notebooks: 10.
Source: notebook 10, "When your gradient check fails: a field guide".
"""

import numpy as np

from .gradcheck import relative_error
from .validation import as_array

# Thresholds for a check done in float64. In a precision with machine epsilon eps each keeps the
# same share of the digits: t becomes eps ** (log t / log eps64), so PASS = 1e-7 (7 of float64's
# 15.7 digits) becomes 8e-4 in float32 (3.1 of its 6.9 digits).
EPS64 = float(np.finfo(np.float64).eps)
PASS = 1e-7  # relative error below which a central-difference check passes (CS231n)
ROUND_OFF = 1e-12  # agreement at this level is round-off, as with the complex step
NUMERIC_NOISE = 1e-3  # between PASS and this, the numerical derivative itself is suspect
NEAR_ONE = 1e-3  # a ratio analytic/numeric within this of 1 is a small error, not a factor
RATIO_FIT = 1e-5  # analytic = c · numeric to this relative error: a constant ratio c
OFF = 1e-5  # an entry whose difference is beyond this, relative, is off
WHOLE = 1e-4  # a ratio within this, relative, of a whole number k is k
STANDS_OUT_FACTOR = 100.0  # an entry whose difference is this many times the median stands out


def diagnose(analytic, numeric, *, dtype=None, kinks=None):
    """Name the likely mistake behind a gradient check from its signature; return a sentence.

    analytic : the gradient your code computes, e.g. δ^L, (n,) or (n, m), one example per column
    numeric  : the reference from (36) (numerical_gradient, bp1.output_error_numeric), same shape
    dtype    : the precision the check ran in (np.float32, "float32", ...); by default the coarser
               float dtype of the two arrays (lists count as float64). Every threshold scales
               with its machine epsilon (see above), and so does the step advice.
    kinks    : None, or a boolean mask broadcastable to the gradient's shape, True for entries
               whose function passes through a kink within the step h (a ReLU input z with
               |z| < h, e.g. np.any(np.abs(z) < h, axis=1) for a ReLU layer's biases).
    The verdict starts with "correct" (relative error below PASS) or names, in this order:
    a side that is 0 everywhere; a constant ratio analytic/numeric (a sign, a missing or extra
    1/m or 1/n, the ½ of the quadratic cost), within the precision's noise; entries off only
    where `kinks` is True (a check at a kink disagrees even when the code is right); in the band
    PASS..NUMERIC_NOISE, a few entries that stand out (a bug confined to them) or a spread error
    (the finite difference itself); numeric rows that sum to 0 instead of columns (softmax over
    the wrong axis); numeric columns that sum to 0 while the analytic ones do not (the
    off-diagonal terms of (37) dropped); otherwise which entries are off.
    Raises ValueError for different shapes (naming a transpose), NaN or infinity, a `kinks` of
    another shape; TypeError for non-numbers or a dtype that is not a float type.
    """
    precision = _precision(dtype, analytic, numeric)
    s = np.log(np.finfo(precision).eps) / np.log(EPS64)  # 1 for float64, 0.44 for float32
    analytic = as_array(analytic, "analytic", allow_complex=False)
    numeric = as_array(numeric, "numeric", allow_complex=False)
    if analytic.shape != numeric.shape:
        hint = (" (transposed: one example per row instead of per column?)"
                if analytic.shape == numeric.shape[::-1] else "")
        raise ValueError(f"analytic and numeric must have the same shape, got {analytic.shape} "
                         f"and {numeric.shape}{hint}")
    in_dtype = "" if s == 1 else f", the {precision.name} pass line"
    err = relative_error(analytic, numeric)
    if err < ROUND_OFF ** s:
        return f"correct: relative error {err:.1e}, agreement at round-off level"
    if err < PASS ** s:
        return f"correct: relative error {err:.1e}, below {PASS ** s:.0e}{in_dtype}"
    if not np.any(numeric):
        return (f"the numeric gradient is 0 everywhere but the analytic one is not (relative "
                f"error {err:.2g}): does the function you differentiate use these parameters?")
    if not np.any(analytic):
        return (f"the analytic gradient is 0 everywhere but the numeric one is not (relative "
                f"error {err:.2g}): the backward pass never reached these parameters (a "
                "gradient overwritten or never accumulated, or the wrong array returned)")
    # least-squares c with analytic ≈ c · numeric; a constant ratio if it fits to RATIO_FIT
    c = float(np.sum(analytic * numeric) / np.sum(numeric * numeric))
    fit = relative_error(analytic, c * numeric)
    if c != 0.0 and fit < RATIO_FIT ** s and abs(c - 1.0) >= NEAR_ONE ** s:
        return _ratio_verdict(c, err, s, "" if fit < RATIO_FIT else f"{precision.name} noise")
    diff = np.abs(analytic - numeric)
    off = diff > OFF ** s * (np.abs(numeric) + np.max(np.abs(numeric)))  # beyond OFF, relative
    if kinks is not None and np.any(off) and not np.any(off & ~_mask(kinks, off.shape)):
        return (f"{_entries_off(off)}, all where the check passes through a kink (relative error "
                f"{err:.2g}, differences {np.round(diff[off][:5], 6).tolist()}): a check at a kink "
                "disagrees even when the code is right. Central differences average the slopes "
                "on its two sides, (f'(x-) + f'(x+))/2, while backprop takes one side (relu'(0) "
                "= 0), so they differ by half the jump in slope. Not a bug: check away from the "
                "kink (perturb the inputs), or compare with a one-sided difference on the side "
                "the code takes")
    if err < NUMERIC_NOISE ** s:
        big = diff > STANDS_OUT_FACTOR * np.median(diff)
        if diff.size >= 3 and 0 < big.sum() <= max(1, diff.size // 5):
            return (f"close (relative error {err:.1e}) but the difference sits in a few entries: "
                    f"{_entries_off(big)}, each over {STANDS_OUT_FACTOR:.0f} times the median "
                    "difference. A finite-difference error is spread over every entry, so look "
                    "first at how those entries are computed (a bug confined to them)")
        return (f"close but not within {PASS ** s:.0e}{in_dtype} (relative error {err:.1e}), "
                "spread over every entry, no constant ratio: usually a finite-difference error, "
                f"not a bug. Check the numeric side first: {_step_advice(precision)}")
    step = f"; but in {precision.name} rule out the step first: {_step_advice(precision)}" \
        if s != 1 else ""
    if kinks is None and off.sum() <= max(1, off.size // 5):  # a kink touches a few entries
        step += ("; if those entries pass through a kink (a ReLU at z = 0), say so with kinks=: "
                 "a check at a kink disagrees even when the code is right")
    return (_softmax_sum_verdict(analytic, numeric, err, off)
            or f"{_entries_off(off)} (relative error {err:.2g}); no constant ratio or sign: "
            f"look at how those entries are computed{step}")


def _precision(dtype, *arrays):
    """The float dtype a check ran in: `dtype`, else the coarsest float dtype among `arrays`."""
    if dtype is not None:
        if not np.issubdtype(np.dtype(dtype), np.floating):
            raise TypeError(f"dtype must be a float type such as np.float32, got {dtype!r}")
        return np.dtype(dtype)
    found = [x.dtype for x in arrays if isinstance(x, (np.ndarray, np.generic))
             and np.issubdtype(x.dtype, np.floating)]
    return max(found, key=lambda d: np.finfo(d).eps, default=np.dtype(np.float64))


def _mask(kinks, shape):
    try:
        return np.broadcast_to(np.asarray(kinks, dtype=bool), shape)
    except ValueError:
        raise ValueError(f"kinks must be a boolean mask broadcastable to the gradient's shape "
                         f"{shape}, got shape {np.shape(kinks)}") from None


def _step_advice(precision):
    if precision == np.float64:
        return ("central differences with h ≈ 1e-6 (or the complex step); a forward difference "
                "with a tiny h (say 1e-12) is mostly round-off, a large h (say 1e-2) mostly "
                "truncation")
    h = float(np.finfo(precision).eps) ** (1 / 3)
    return (f"central differences with h ≈ eps^(1/3)·max(1, |x|) ≈ {h:.0e}·max(1, |x|), as "
            f"eps = {np.finfo(precision).eps:.1e} in {precision.name} (h = 1e-6 is mostly "
            "round-off there), or do the check in float64")


def _entries_off(mask):
    where = [tuple(int(i) for i in idx) for idx in np.argwhere(mask)[:5]]
    where = [w[0] if len(w) == 1 else w for w in where]
    return (f"{int(mask.sum())} of {mask.size} entries are off, "
            f"{'at' if mask.sum() <= 5 else 'first at'} index {where}")


def _ratio_verdict(c, err, s, noise):
    """The verdict for analytic = c · numeric; `noise` names the noise c was fitted within."""
    size = abs(c)
    head = (f"analytic / numeric = {c:.6g} for every entry" if not noise else
            f"analytic / numeric ≈ {c:.3g}" + (f" (1/{1 / size:.3g})" if size < 1 else "")
            + f" for every entry, within {noise}")
    head += f" (relative error {err:.2g})"
    sign = ("a flipped sign (a - y written as y - a, or the minus of -ln a_y lost)"
            if c < 0 else "")
    k = round(size)
    if k >= 2 and abs(size - k) < WHOLE ** s * k:
        factor = (f"the analytic gradient is {k} times too large, a missing 1/{k}: if {k} is "
                  f"the mini-batch size m, the gradient forgot the 1/m of the mean over "
                  f"examples; if {k} is the number of outputs n, the cost averaged over the "
                  f"classes too (a mean over all n·m entries instead of over the m columns)"
                  + (", or the ½ of the quadratic cost was dropped" if k == 2 else ""))
    elif size < 1 and round(1 / size) >= 2 and abs(1 / size - round(1 / size)) < WHOLE ** s / size:
        k = round(1 / size)
        factor = (f"the analytic gradient is {k} times too small, an extra 1/{k} (divided by "
                  f"m or n once too often, or the cost used for the numeric check sums what "
                  f"it should average)")
    elif abs(size - 1) < NEAR_ONE ** s:
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
