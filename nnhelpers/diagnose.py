"""What a failing gradient check's signature says: `diagnose(analytic, numeric)`, one sentence.

Used in notebooks: 10.
Source: notebook 10, "When your gradient check fails: a field guide".
"""

import numpy as np

from .gradcheck import relative_error
from .validation import as_array

# Thresholds for a check done in float64. In a precision with machine epsilon eps each keeps the
# same share of the digits: t becomes eps ** (log t / log eps64), so PASS = 1e-7 (7 of float64's
# 15.7 digits) becomes 8e-4 in float32 (3.1 of its 6.9 digits). The step advice follows eps too.
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
               float dtype of the two arrays (lists count as float64)
    kinks    : None, or a boolean mask broadcastable to the gradient's shape, True for entries
               whose function passes through a kink within the step h (a ReLU input |z| < h)
    The verdict starts with "correct" or names the first signature that fits: a side 0 everywhere;
    a constant ratio (a sign, 1/m, 1/n, the ½); entries off only at `kinks`; below NUMERIC_NOISE, a
    few entries or a spread error; softmax's sums (wrong axis, off-diagonal terms of (37) dropped).
    Raises ValueError for different shapes (naming a transpose), NaN or infinity, a `kinks` of
    another shape; TypeError for non-numbers or a dtype that is not a float type."""
    if dtype is None:  # the coarser of the arrays' float dtypes
        floats = [x.dtype for x in (analytic, numeric) if isinstance(x, (np.ndarray, np.generic))
                  and np.issubdtype(x.dtype, np.floating)]
        dtype = max(floats, key=lambda d: np.finfo(d).eps, default=np.float64)
    precision = np.dtype(dtype)
    if not np.issubdtype(precision, np.floating):
        raise TypeError(f"dtype must be a float type such as np.float32, got {dtype!r}")
    s = np.log(np.finfo(precision).eps) / np.log(np.finfo(np.float64).eps)  # 0.44 for float32
    analytic = as_array(analytic, "analytic", allow_complex=False)
    numeric = as_array(numeric, "numeric", allow_complex=False)
    if analytic.shape != numeric.shape:
        hint = (" (transposed: one example per row instead of per column?)"
                if analytic.shape == numeric.shape[::-1] else "")
        raise ValueError(f"analytic and numeric must have the same shape, got {analytic.shape} "
                         f"and {numeric.shape}{hint}")
    if kinks is not None:
        try:
            kinks = np.broadcast_to(np.asarray(kinks, dtype=bool), numeric.shape)
        except ValueError:
            raise ValueError(f"kinks must be a boolean mask broadcastable to the gradient's shape "
                             f"{numeric.shape}, got shape {np.shape(kinks)}") from None
    pass_line = f"{PASS ** s:.0e}" + ("" if s == 1 else f", the {precision.name} pass line")
    err = relative_error(analytic, numeric)
    if err < PASS ** s:
        why = "agreement at round-off level" if err < ROUND_OFF ** s else f"below {pass_line}"
        return f"correct: relative error {err:.1e}, {why}"
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
    if kinks is not None and np.any(off) and not np.any(off & ~kinks):
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
        return (f"close but not within {pass_line} (relative error {err:.1e}), "
                "spread over every entry, no constant ratio: usually a finite-difference error, "
                f"not a bug. Check the numeric side first: {_step_advice(precision)}")
    step = (f"; but in {precision.name} rule out the step first: {_step_advice(precision)}"
            if s != 1 else "")
    if kinks is None and off.sum() <= max(1, off.size // 5):  # a kink touches a few entries
        step += ("; if those entries pass through a kink (a ReLU at z = 0), say so with kinks=: "
                 "a check at a kink disagrees even when the code is right")
    return (_softmax_sum_verdict(analytic, numeric, err, off)
            or f"{_entries_off(off)} (relative error {err:.2g}); no constant ratio or sign: "
            f"look at how those entries are computed{step}")


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
    where = [tuple(i) if mask.ndim > 1 else i[0] for i in np.argwhere(mask)[:5].tolist()]
    return (f"{int(mask.sum())} of {mask.size} entries are off, "
            f"{'at' if mask.sum() <= 5 else 'first at'} index {where}")


def _ratio_verdict(c, err, s, noise):
    """The verdict for analytic = c · numeric; `noise` names the noise c was fitted within."""
    size = abs(c)
    ratio = f"≈ {c:.3g}" + (f" (1/{1 / size:.3g})" if size < 1 else "") if noise else f"= {c:.6g}"
    head = f"analytic / numeric {ratio} for every entry" + (f", within {noise}" if noise else "")
    sign = "a flipped sign (a - y written as y - a, or the minus of -ln a_y lost)" if c < 0 else ""
    times = max(size, 1 / size)  # k = round(times) times too large (size > 1) or too small
    k = round(times)
    if k >= 2 and abs(times - k) < WHOLE ** s * times:
        factor = (f"the analytic gradient is {k} times too large, a missing 1/{k}: if {k} is "
                  f"the mini-batch size m, the gradient forgot the 1/m of the mean over "
                  f"examples; if {k} is the number of outputs n, the cost averaged over the "
                  f"classes too (a mean over all n·m entries instead of over the m columns)"
                  + (", or the ½ of the quadratic cost was dropped" if k == 2 else "")
                  if size > 1 else
                  f"the analytic gradient is {k} times too small, an extra 1/{k} (divided by "
                  f"m or n once too often, or the cost used for the numeric check sums what "
                  f"it should average)")
    else:  # c = -1: the sign says it all (c = +1 never reaches here)
        factor = "" if abs(size - 1) < NEAR_ONE ** s else (
            f"a constant factor {size:.6g}: look for a scale factor")
    return (f"{head} (relative error {err:.2g}): "
            + "; and ".join(part for part in (sign, factor) if part))


def _softmax_sum_verdict(analytic, numeric, err, off):
    """Softmax's signature: each example's δ sums to 0, as shifting all z_j changes nothing."""
    def sums_to_zero(x, axis):
        return np.atleast_1d(np.abs(x.sum(axis)) <= 1e-6 * np.abs(x).sum(axis) + 1e-300)

    if numeric.ndim == 2 and min(numeric.shape) > 1 and sums_to_zero(numeric, 1).all() \
            and not sums_to_zero(numeric, 0).all():
        return (f"relative error {err:.2g}; each row of the numeric gradient sums to 0, not each "
                "column: the function you check normalises over the wrong axis (softmax over "
                "axis 1, one example per row). Nielsen puts one example per column: sum over "
                "axis 0")
    bad = np.flatnonzero(~sums_to_zero(analytic, 0)).tolist()  # columns that do not sum to 0
    if len(numeric) < 2 or not sums_to_zero(numeric, 0).all() or not bad:
        return None
    columns = "" if analytic.ndim == 1 else f" (columns {bad[:5]})"
    return (f"relative error {err:.2g}; each numeric column sums to 0, as every softmax δ must "
            f"(shifting every z_j by one amount changes nothing), but the analytic ones do "
            f"not{columns}. The usual cause: the off-diagonal terms -a_k a_j of (37) are missing "
            "(the sum over k cut to k = j, or the gradient passed through softmax unchanged); "
            "other causes break the sums too (a sign or a softmax over the wrong axis in the "
            f"analytic code). {_entries_off(off)}")
