"""nnhelpers.diagnose: each mistake of the field guide (notebook 10), reproduced here on purpose,
is named; correct gradients are called correct.

Every mistake is written out in this file (a softmax over rows, a δ without the off-diagonal
terms, a sum instead of a mean, ...); the numerical reference is the derivative of the cost
itself (central differences or the complex step), never the code under test.
"""

import numpy as np
import pytest
import reference as ref
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnhelpers import bp1
from nnhelpers.diagnose import diagnose
from nnhelpers.gradcheck import numerical_gradient

N, M = 4, 5


def _batch(seed=0):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=1.5, size=(N, M))
    y = np.zeros((N, M))
    y[rng.integers(0, N, size=M), np.arange(M)] = 1.0
    return z, y


def _softmax(z, axis=0):
    """Softmax along `axis`: 0 is the book's layout, 1 normalises the rows (the wrong axis)."""
    return ref.softmax(z) if axis == 0 else ref.softmax(z.T).T


def _mean_ll(z, y, axis=0):
    """C = (1/m) Σ_x -ln a_y, with softmax over `axis`."""
    return np.mean(-np.log(np.sum(_softmax(z, axis) * y, axis=0)))


def _mean_quadratic(z, y):
    return np.mean(0.5 * np.sum((_softmax(z) - y) ** 2, axis=0))


def _true_delta_quadratic(z, y):
    a = _softmax(z)
    g = a - y
    return a * (g - np.sum(a * g, axis=0)) / M  # Jᵀ g per column, of the mean cost


# entries with 1e-3 < |v| <= 1e3, built rather than filtered (older hypothesis releases fail their
# health check when most drawn arrays are thrown away)
finite = st.builds(lambda size, sign: sign * size,
                   st.floats(min_value=1e-3, max_value=1e3, exclude_min=True),
                   st.sampled_from((-1.0, 1.0)))


@given(arrays(np.float64, (3, 2), elements=finite),
       st.floats(min_value=-1e-10, max_value=1e-10))
def test_a_correct_gradient_is_called_correct(g, noise):
    assert diagnose(g * (1 + noise), g).startswith("correct")


def test_round_off_agreement_is_named():
    z, y = _batch()
    numeric = numerical_gradient(lambda zz: _mean_ll(zz, y), z, method="complex")
    verdict = diagnose((_softmax(z) - y) / M, numeric)
    assert verdict.startswith("correct") and "round-off level" in verdict


def test_central_differences_pass():
    z, y = _batch()
    numeric = numerical_gradient(lambda zz: _mean_quadratic(zz, y), z)
    verdict = diagnose(_true_delta_quadratic(z, y), numeric)
    assert verdict.startswith("correct") and "round-off" not in verdict


@given(st.integers(min_value=2, max_value=1000), arrays(np.float64, (3, 4), elements=finite))
def test_a_constant_ratio_is_named_with_its_value(k, g):
    verdict = diagnose(k * g, g)
    assert f"= {k} for every entry" in verdict and f"missing 1/{k}" in verdict
    verdict = diagnose(g / k, g)
    assert f"{k} times too small" in verdict
    verdict = diagnose(-k * g, g)
    assert "flipped sign" in verdict and f"missing 1/{k}" in verdict


def test_forgetting_one_over_m():
    z, y = _batch()
    numeric = numerical_gradient(lambda zz: _mean_ll(zz, y), z)
    forgot = _softmax(z) - y  # Σ_x instead of (1/m) Σ_x
    assert f"{M} times too large" in diagnose(forgot, numeric)
    assert "mini-batch size m" in diagnose(forgot, numeric)


def test_averaging_over_classes():
    z, y = _batch()
    # the cost averaged over all n·m entries: n times smaller than the mean over m examples
    numeric = numerical_gradient(lambda zz: np.mean(0.5 * (_softmax(zz) - y) ** 2), z)
    verdict = diagnose(_true_delta_quadratic(z, y), numeric)
    assert f"= {N} for every entry" in verdict and "number of outputs n" in verdict


def test_a_flipped_sign():
    z, y = _batch()
    numeric = numerical_gradient(lambda zz: _mean_ll(zz, y), z)
    assert "flipped sign" in diagnose((y - _softmax(z)) / M, numeric)


def test_dropping_the_off_diagonal_terms():
    z, y = _batch()
    a = _softmax(z)
    numeric = numerical_gradient(lambda zz: _mean_ll(zz, y), z)
    diagonal_only = (-y / a) * a * (1 - a) / M  # ∂C/∂a_j · ∂a_j/∂z_j only
    verdict = diagnose(diagonal_only, numeric)
    assert "off-diagonal" in verdict
    assert not verdict.startswith("correct")


def test_the_wrong_axis():
    z, y = _batch()
    numeric = numerical_gradient(lambda zz: _mean_ll(zz, y, axis=1), z)
    analytic = (_softmax(z, axis=1) - y) / M
    assert "wrong axis" in diagnose(analytic, numeric)


def _ends_in_words(verdict):
    """A verdict never ends on its colon: each ':' is followed by words."""
    return all(part.strip() for part in verdict.split(":")[1:])


def test_a_well_fitted_correct_gradient_is_not_called_a_factor():
    # reviewer's case: |δ| ~ 5e-6, exact (a - y)/m against central differences (h = 1e-6)
    rng = np.random.default_rng(1)
    z, y = _batch()
    z_fit = 12 * y + rng.normal(scale=0.1, size=(N, M))
    numeric = numerical_gradient(lambda zz: _mean_ll(zz, y), z_fit)
    analytic = (_softmax(z_fit) - y) / M
    verdict = diagnose(analytic, numeric)
    assert 1e-7 < np.max(np.abs(analytic - numeric)) / np.max(np.abs(analytic) + np.abs(numeric))
    assert "finite-difference error" in verdict and "analytic / numeric" not in verdict
    assert _ends_in_words(verdict)


@pytest.mark.parametrize("method, h", [("central", 1e-2), ("forward", 1e-4), ("forward", 1e-5),
                                        ("central", 1e-9), ("forward", 1e-12)])
def test_a_correct_gradient_with_a_poor_step_is_called_a_step_problem(method, h):
    z, y = _batch()
    numeric = numerical_gradient(lambda zz: _mean_ll(zz, y), z, method=method, h=h)
    verdict = diagnose((_softmax(z) - y) / M, numeric)
    assert verdict.startswith("close but not within") and "finite-difference error" in verdict
    assert "entries are off" not in verdict and _ends_in_words(verdict)


@given(st.floats(min_value=-0.999e-3, max_value=0.999e-3).filter(lambda e: abs(e) > 1e-6),
       arrays(np.float64, (3, 4), elements=finite))
def test_a_ratio_near_one_never_gives_an_empty_verdict(eps, g):
    verdict = diagnose(g * (1 + eps), g)
    assert _ends_in_words(verdict) and "for every entry" not in verdict


def test_one_wrong_entry_in_the_noise_band_is_named():
    # reviewer's case: a correct δ with one entry 0.1 % off; relative error ~1e-4
    z, y = _batch()
    numeric = numerical_gradient(lambda zz: _mean_ll(zz, y), z)
    analytic = (_softmax(z) - y) / M
    i = np.unravel_index(np.argmax(np.abs(analytic)), analytic.shape)
    analytic[i] *= 1.001
    verdict = diagnose(analytic, numeric)
    err = np.max(np.abs(analytic - numeric)) / np.max(np.abs(analytic) + np.abs(numeric))
    assert 1e-7 < err < 1e-3  # in the band once called 'the size of a finite-difference error'
    assert f"1 of {N * M} entries are off, at index [{tuple(int(k) for k in i)}]" in verdict
    assert "finite-difference error is spread" in verdict


@pytest.mark.parametrize("mistake", ["row sign flipped", "smallest entry zeroed",
                                     "softmax over the wrong axis"])
def test_other_broken_column_sums_are_not_blamed_on_off_diagonal_terms_alone(mistake):
    z, y = _batch()
    numeric = numerical_gradient(lambda zz: _mean_ll(zz, y), z)
    analytic = (_softmax(z) - y) / M
    if mistake == "row sign flipped":
        analytic[1] *= -1
        expected = [(1, j) for j in range(M)]
    elif mistake == "smallest entry zeroed":
        i = np.unravel_index(np.argmin(np.abs(analytic)), analytic.shape)
        analytic[i] = 0.0
        expected = [tuple(int(k) for k in i)]
    else:
        analytic = (_softmax(z, axis=1) - y) / M
        expected = None
    verdict = diagnose(analytic, numeric)
    assert "must" in verdict and "The usual cause" in verdict and "other causes" in verdict
    assert "entries are off" in verdict
    if expected is not None:
        assert f"{len(expected)} of {N * M} entries are off, at index {expected}" in verdict


def test_quadratic_a_minus_y_sums_to_zero_so_the_sums_cannot_catch_it():
    z, y = _batch()
    passed_through = (_softmax(z) - y) / M
    assert np.allclose(passed_through.sum(axis=0), 0.0, atol=1e-15)  # why the sums are silent
    numeric = numerical_gradient(lambda zz: _mean_quadratic(zz, y), z)
    assert "sums to 0" not in diagnose(passed_through, numeric)


def test_a_too_small_forward_step():
    z, y = _batch()
    numeric = numerical_gradient(lambda zz: _mean_ll(zz, y), z, method="forward", h=1e-12)
    verdict = diagnose((_softmax(z) - y) / M, numeric)
    assert "finite-difference error" in verdict and not verdict.startswith("correct")


def test_passing_the_gradient_through_softmax_unchanged():
    z, y = _batch()
    numeric = numerical_gradient(lambda zz: _mean_quadratic(zz, y), z)
    verdict = diagnose((_softmax(z) - y) / M, numeric)  # ∇_a C of the quadratic cost as δ
    assert f"{N * M} of {N * M} entries are off" in verdict
    # ... which is right for log-likelihood (bp1's fused form against (36))
    numeric_ll = bp1.output_error_numeric(z, y, "softmax", "log_likelihood", method="complex")
    assert diagnose(_softmax(z) - y, numeric_ll).startswith("correct")


def test_which_entries_are_off():
    g = np.arange(1.0, 13.0).reshape(3, 4)
    wrong = g.copy()
    wrong[1, 2] += 5.0
    wrong[2, 0] *= -1
    verdict = diagnose(wrong, g)
    assert "2 of 12 entries are off" in verdict and "[(1, 2), (2, 0)]" in verdict
    v = np.array([1.0, 2.0, 3.0])
    assert "1 of 3 entries are off, at index [1]" in diagnose(np.array([1.0, 2.5, 3.0]), v)


def test_a_zero_numeric_gradient():
    assert "numeric gradient is 0" in diagnose(np.ones(3), np.zeros(3))
    assert "analytic gradient is 0" in diagnose(np.zeros(3), np.ones(3))
    assert diagnose(np.zeros(3), np.zeros(3)).startswith("correct")


@pytest.mark.parametrize("analytic, numeric, error, words", [
    (np.ones((2, 3)), np.ones((3, 2)), ValueError, "transposed"),
    (np.ones((2, 3)), np.ones((2, 2)), ValueError, "same shape"),
    (np.array([1.0, np.nan]), np.ones(2), ValueError, "NaN"),
    ("grad", np.ones(2), TypeError, "numeric array"),
    (np.ones(2), np.array([1j, 1.0]), TypeError, "real"),
])
def test_bad_input_is_refused(analytic, numeric, error, words):
    with pytest.raises(error) as info:
        diagnose(analytic, numeric)
    assert words in str(info.value)


# --- notebook 10's exercises: the registry's answers against nnhelpers ---

def test_exercise_answers_of_notebook_10():
    from nnhelpers import exercises
    from nnhelpers.activations import softmax

    expected = exercises.expected("stable_log_one_minus_sigmoid")
    z = np.array(exercises.EX10_Z)
    assert np.allclose(expected, -np.logaddexp(0.0, z), rtol=1e-15, atol=0)  # -softplus(z)
    assert expected[2] == pytest.approx(np.log(0.5), rel=1e-15)  # ln(1 - σ(0)) = ln ½

    expected = exercises.expected("examples_per_column")
    z = np.array(exercises.EX10_Z_ROWS).T
    y = np.zeros_like(z)
    y[list(exercises.EX10_LABELS), range(z.shape[1])] = 1.0
    assert np.allclose(expected, bp1.output_error(z, y, softmax, "log_likelihood"), rtol=1e-13)

    expected = exercises.expected("fix_sign_and_scale")
    bad = np.array(exercises.EX10_BAD_GRAD)
    verdict = diagnose(bad, expected)
    assert verdict.startswith(f"analytic / numeric = -{exercises.EX10_M} ")
    assert "flipped sign" in verdict and f"missing 1/{exercises.EX10_M}" in verdict


@given(arrays(np.float64, (3, 4), elements=finite), arrays(np.float64, (3, 4), elements=finite),
       st.floats(min_value=0.0, max_value=1.0))
def test_every_verdict_has_words_after_each_colon(g, noise, mix):
    # any pair, from almost equal to unrelated: never a verdict that stops at its colon
    verdict = diagnose(g + mix * noise * 1e-3, g)
    assert verdict and _ends_in_words(verdict)
    verdict = diagnose(noise, g)
    assert verdict and _ends_in_words(verdict)


# --- precision: a check done in float32 (issue 17) ---

F32 = np.finfo(np.float32).eps

# a public question's float32 check: the analytic gradient ~39 times too small (the backward pass
# averaged over ~40 timesteps that the cost sums); float32 noise spreads the entry ratios 34-41
PUBLIC_NUMERIC = [-0.015223, 0, -0.058794, -0.000381, 9.537e-05, 0.000215, -0.015223]
PUBLIC_ANALYTIC = [-0.000385, 0, -0.001509, -9.238e-06, 2.473e-06, 6.266e-06, -0.000385]


def test_the_public_float32_question_is_a_constant_ratio_within_float32_noise():
    numeric, analytic = np.array(PUBLIC_NUMERIC), np.array(PUBLIC_ANALYTIC)
    ratios = numeric[numeric != 0] / analytic[analytic != 0]
    assert 34 < ratios.min() and ratios.max() < 42 and round(np.median(ratios)) == 39
    for verdict in (diagnose(analytic, numeric, dtype=np.float32),
                    diagnose(analytic.astype(np.float32), numeric.astype(np.float32)),
                    diagnose(analytic, numeric.astype(np.float32))):  # the coarser dtype counts
        assert verdict.startswith("analytic / numeric ≈ 0.0256 (1/39) for every entry, within "
                                  "float32 noise")
        assert "39 times too small, an extra 1/39" in verdict and "sums what" in verdict
    # in float64 the spread is far beyond noise: no ratio, rightly
    assert "entries are off" in diagnose(analytic, numeric)
    assert "kink" not in diagnose(analytic, numeric)  # 6 of 7 off: more than a kink touches


def _mean_ll_float32(zz, y):
    """_mean_ll computed in float32 (the perturbed z rounded to float32, as a float32 net does)."""
    zz = zz.astype(np.float32)
    e = np.exp(zz - zz.max(axis=0))
    return np.mean(-np.log(np.sum(e / e.sum(axis=0) * y.astype(np.float32), axis=0)))


def test_a_correct_gradient_checked_in_float32():
    z, y = _batch()
    exact = ((ref.softmax(z) - y) / M).astype(np.float32)  # (a - y)/m, closed form
    good = numerical_gradient(lambda zz: _mean_ll_float32(zz, y), z.astype(np.float32),
                              h=float(F32 ** (1 / 3)))
    err = np.max(np.abs(exact - good)) / np.max(np.abs(exact) + np.abs(good))
    assert 1e-7 < err < 8e-4  # fails float64's pass line, passes float32's
    verdict = diagnose(exact, good)
    assert verdict.startswith("correct") and "float32 pass line" in verdict
    assert diagnose(exact.astype(np.float64), good).startswith("close but not within 1e-07")
    tiny = numerical_gradient(lambda zz: _mean_ll_float32(zz, y), z.astype(np.float32), h=1e-6)
    verdict = diagnose(exact, tiny)  # h = 1e-6 in float32: round-off of order eps32 / h ~ 0.1
    assert not verdict.startswith("correct") and "rule out the step first" in verdict
    assert "5e-03·max(1, |x|)" in verdict and "do the check in float64" in verdict
    assert "h ≈ 1e-6" not in verdict


@pytest.mark.parametrize("dtype, pass_line", [(np.float64, "1e-07"), (np.float32, "8e-04"),
                                              (np.float16, "5e-02")])
def test_the_pass_line_keeps_the_same_share_of_digits(dtype, pass_line):
    # float64 carries 52·log10(2) = 15.65 digits and passes at 7 of them; float32 (23 bits)
    # and float16 (10 bits) pass at the same share of theirs
    digits = {np.float64: 52, np.float32: 23, np.float16: 10}[dtype] * np.log10(2.0)
    expected = 10.0 ** (-7 * digits / (52 * np.log10(2.0)))
    assert f"{expected:.0e}" == pass_line
    g = np.arange(1.0, 7.0).reshape(2, 3)
    assert diagnose(g * (1 + 0.5 * expected), g, dtype=dtype).startswith("correct")
    verdict = diagnose(g * (1 + 4 * expected), g, dtype=dtype)
    assert not verdict.startswith("correct") and pass_line in verdict


@given(st.integers(min_value=2, max_value=100), arrays(np.float64, (3, 4), elements=finite),
       arrays(np.float64, (3, 4), elements=st.floats(min_value=-1e-3, max_value=1e-3)))
def test_a_float32_ratio_is_named_through_noise(k, g, noise):
    verdict = diagnose((k * g * (1 + noise)).astype(np.float32), g.astype(np.float32))
    assert f"{k} times too large" in verdict and "for every entry" in verdict


def test_a_bad_dtype_is_refused():
    with pytest.raises(TypeError, match="float type"):
        diagnose(np.ones(2), np.ones(2), dtype=int)


# --- kinks: one ReLU neuron, w = 1, b = 0, X = (0, 1, 2), Y = (1, 0, 1), quadratic cost ---

X_KINK, Y_KINK = np.array([0.0, 1.0, 2.0]), np.array([1.0, 0.0, 1.0])


def _kink_cost(p, x=X_KINK):
    """C = (1/m) Σ_x ½ (relu(w x + b) - y)², p = (w, b); the first example sits at z = 0."""
    w, b = p[0], p[1]
    return np.mean(0.5 * (np.maximum(w * x + b, 0.0) - Y_KINK) ** 2)


def test_a_check_at_a_kink_is_named():
    # closed forms: a - y = (-1, 1, 1); dC/db = (1/3)(-1·relu'(0) + 1 + 1) = 2/3 with relu'(0) = 0,
    # 1/3 with the right-hand slope 1, and central differences average them: 1/2; dC/dw = 1
    analytic = np.array([1.0, 2 / 3])
    numeric = numerical_gradient(_kink_cost, np.array([1.0, 0.0]))
    assert np.allclose(numeric, [1.0, 0.5], atol=1e-6)
    plain = diagnose(analytic, numeric)
    assert plain.startswith("1 of 2 entries are off, at index [1]") and "kinks=" in plain
    for kinks in (True, [False, True], np.array([True, True])):
        verdict = diagnose(analytic, numeric, kinks=kinks)
        assert verdict.startswith("1 of 2 entries are off, at index [1], all where the check "
                                  "passes through a kink")
        assert "differences [0.166667]" in verdict
        assert "disagrees even when the code is right" in verdict
        assert "one-sided difference" in verdict and _ends_in_words(verdict)
    # the fixes: a one-sided difference on relu'(0) = 0's side (b going down), or away from it
    backward = (_kink_cost([1.0, 0.0]) - _kink_cost([1.0, -1e-6])) / 1e-6
    forward = (_kink_cost([1.0, 1e-6]) - _kink_cost([1.0, 0.0])) / 1e-6
    assert abs(backward - 2 / 3) < 1e-5 and abs(forward - 1 / 3) < 1e-5
    x_off = X_KINK + np.array([0.1, 0.0, 0.0])  # z = 0.1 for the first example: a - y = -0.9
    numeric_off = numerical_gradient(lambda p: _kink_cost(p, x_off), np.array([1.0, 0.0]))
    assert diagnose(np.array([2.91 / 3, 1.1 / 3]), numeric_off).startswith("correct")


def test_kinks_do_not_excuse_entries_away_from_them():
    analytic = np.array([1.5, 2 / 3])  # dC/dw wrong too, and w's check passes no kink
    numeric = numerical_gradient(_kink_cost, np.array([1.0, 0.0]))
    verdict = diagnose(analytic, numeric, kinks=[False, True])
    assert verdict.startswith("2 of 2 entries are off") and "kink" not in verdict
    for gradient in (analytic, numeric):  # checked at the door, whatever the verdict
        with pytest.raises(ValueError, match="broadcastable"):
            diagnose(gradient, numeric, kinks=[True, False, True])


def _relu_net(seed=4):
    """A 2-3-1 network, ReLU hidden layer, linear output, quadratic cost; 6 examples."""
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(2, 6)), rng.normal(size=(1, 6))
    w1, b1, w2 = rng.normal(size=(3, 2)), rng.normal(size=(3, 1)), rng.normal(size=(1, 3))
    return x, y, w1, b1, w2


def test_a_relu_mask_taken_with_a_greater_or_equal_on_the_activations():
    x, y, w1, b1, w2 = _relu_net()
    z1 = w1 @ x + b1
    assert np.min(np.abs(z1)) > 1e-3 and np.any(z1 < 0)  # no kink within h, some units off

    def cost(w):  # np.where on the real part lets the complex step through the ReLU
        a1 = np.where((w @ x + b1).real > 0, w @ x + b1, 0.0)
        return np.mean(0.5 * np.sum((w2 @ a1 - y) ** 2, axis=0))

    numeric = numerical_gradient(cost, w1, method="complex")
    a1 = np.maximum(z1, 0.0)
    grad_a1 = w2.T @ (w2 @ a1 - y) / x.shape[1]
    wrong = (grad_a1 * (a1 >= 0)) @ x.T  # A >= 0 is all ones: the layer backpropagated as linear
    right = (grad_a1 * (z1 > 0)) @ x.T  # relu' = 1[z > 0]
    assert np.all(a1 >= 0)
    assert diagnose(right, numeric).startswith("correct")
    verdict = diagnose(wrong, numeric, kinks=np.zeros(w1.shape, dtype=bool))
    off_rows = np.flatnonzero(np.any(z1 < 0, axis=1))  # units off for some example
    expected = [(int(i), j) for i in off_rows for j in range(2)]
    assert f"{len(expected)} of 6 entries are off" in verdict
    assert f"index {expected}" in verdict and "kink" not in verdict


# --- Nielsen's network.py fed lists: a^L (n, 1) - y (n,) broadcasts to (n, n) ---

def test_the_book_s_broadcast_and_its_fix():
    from nnhelpers.costs import quadratic
    from nnhelpers.network import Network

    a_L, y = np.array([[0.6], [0.3]]), np.array([3.0, 4.0])
    assert (a_L - y).shape == (2, 2)  # cost_derivative: output_activations - y
    assert np.array_equal(a_L - y, [[-2.4, -3.4], [-2.7, -3.7]])  # a_j - y_k for every j, k
    with pytest.raises(ValueError, match=r"shapes \(2,2\) and \(1,1\) not aligned"):
        np.dot(a_L - y, np.array([[0.5]]).T)  # nabla_w[-1] of a [2, 1, 2] network
    assert (a_L - y.reshape(-1, 1)).shape == (2, 1)
    with pytest.raises(ValueError, match=r"same shape, got \(2, 1\) and \(2,\)"):
        quadratic.grad(a_L, y)  # nnhelpers refuses the pair instead of broadcasting
    net = Network([2, 1, 2])
    from_lists = net.backprop([1, 2], [3, 4])  # the package takes lists as columns
    from_columns = net.backprop(np.array([[1.0], [2.0]]), np.array([[3.0], [4.0]]))
    for got, want in zip(from_lists, from_columns, strict=True):
        assert all(np.array_equal(g, w) for g, w in zip(got, want, strict=True))
