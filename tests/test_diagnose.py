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


finite = st.floats(min_value=-1e3, max_value=1e3).filter(lambda v: abs(v) > 1e-3)


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
