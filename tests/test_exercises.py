"""exercises.check: accepts the right answer, names typical mistakes, raises for unknown names.

Three layers of tests:
- `diagnose`/`check` on a made-up exercise (monkeypatched into the registry): transposed
  Jacobian, flipped sign, wrong shape, reshaped answer, NaN, non-numbers, a registered mistake;
- every registered exercise: its expected answer passes and each listed mistake is caught with
  its description (this covers the exercises of every notebook);
- the expected answers of notebooks 01-02 against independent references from nnhelpers
  (the registry computes them with loops and closed forms; here: matrix products, (37), the
  numerical derivative of (36)).
"""

import numpy as np
import pytest

from nnhelpers import bp1, costs, exercises
from nnhelpers.gradcheck import numerical_gradient, relative_error

J_TRUE = np.array([[0.2, -0.1, 0.05],
                   [-0.3, 0.25, 0.0],
                   [0.1, 0.4, -0.2]])  # deliberately not symmetric
DIAGONAL_ONLY = np.diag(np.diag(J_TRUE))


@pytest.fixture
def fake(monkeypatch):
    """Register a made-up Jacobian exercise for the duration of one test."""
    def made_up():
        return J_TRUE, {"only the diagonal ∂a_j/∂z_j": DIAGONAL_ONLY}
    monkeypatch.setitem(exercises._EXERCISES, "_test_jacobian", made_up)
    return "_test_jacobian"


def test_check_accepts_the_right_answer(fake, capsys):
    assert exercises.check(fake, J_TRUE.copy()) is True
    assert capsys.readouterr().out.strip() == f"{fake}: correct"
    assert exercises.check(fake, J_TRUE + 1e-12)  # rounding is not a mistake
    assert exercises.check(fake, J_TRUE.tolist())  # nested lists are fine


@pytest.mark.parametrize("answer, words", [
    (J_TRUE.T, "transpose"),
    (-J_TRUE, "sign is flipped"),
    (DIAGONAL_ONLY, "only the diagonal"),
    (J_TRUE[:2], "shape (2, 3), expected (3, 3)"),
    (J_TRUE.reshape(9), "same numbers of entries"),
    (np.where(np.eye(3, dtype=bool), np.nan, J_TRUE), "NaN"),
    ("J", "expected numbers"),
])
def test_check_names_the_mistake(fake, capsys, answer, words):
    assert exercises.check(fake, answer) is False
    out = capsys.readouterr().out
    assert words in out, out
    assert "correct" not in out


def test_check_points_at_the_wrong_entries(fake, capsys):
    answer = J_TRUE.copy()
    answer[1, 2] += 0.5
    assert not exercises.check(fake, answer)
    out = capsys.readouterr().out
    assert "1 of 9 entries are off" in out and "(1, 2)" in out


def test_check_raises_for_an_unknown_name():
    with pytest.raises(ValueError, match="unknown exercise 'no_such_exercise'") as info:
        exercises.check("no_such_exercise", 1.0)
    assert "z2_by_hand" in str(info.value)  # the message lists the known names


def test_an_exercise_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="registered twice"):
        exercises.exercise("z2_by_hand")(lambda: (0.0, {}))


@pytest.mark.parametrize("name", exercises.names())
def test_every_exercise_accepts_its_answer_and_catches_its_mistakes(name, capsys):
    expected, wrong = exercises._EXERCISES[name]()
    expected = np.asarray(expected, dtype=np.float64)
    assert np.all(np.isfinite(expected))
    assert exercises.check(name, expected)
    for description, value in (wrong or {}).items():
        value = np.asarray(value, dtype=np.float64)
        assert not np.allclose(value, expected), f"the mistake {description!r} equals the answer"
        capsys.readouterr()
        assert exercises.check(name, value) is False, description
        if value.shape == expected.shape:
            assert description in capsys.readouterr().out


# ------------------------------------------- notebooks 01-02: expected answers, independently

def _expected(name):
    return np.asarray(exercises._EXERCISES[name]()[0], dtype=np.float64)


def test_z2_by_hand_is_the_matrix_product():
    w2 = np.array(exercises.EX01_W2)
    b2 = np.array(exercises.EX01_B2).reshape(3, 1)
    x = np.array(exercises.EX01_X).reshape(2, 1)
    np.testing.assert_allclose(_expected("z2_by_hand"), w2 @ x + b2, rtol=1e-14)
    np.testing.assert_allclose(_expected("z2_by_hand").ravel(), [-1.4, 1.8, 2.5], rtol=1e-14)


def test_quadratic_cost_one_example_matches_costs():
    a = np.array(exercises.EX01_A).reshape(2, 1)
    y = np.array(exercises.EX01_Y).reshape(2, 1)
    assert _expected("quadratic_cost_one_example") == pytest.approx(costs.quadratic.value(a, y))
    assert _expected("quadratic_cost_one_example") == pytest.approx(0.065)


def test_demon_delta_2_is_the_slope_of_the_cost():
    z = np.array(exercises.EX01_ZL).reshape(2, 1)
    y = np.array(exercises.EX01_Y).reshape(2, 1)
    delta = bp1.output_error_numeric(z, y, "sigmoid", "quadratic", method="complex")
    assert _expected("demon_delta_2") == pytest.approx(delta[1, 0], rel=1e-13)


def test_sigmoid_quadratic_delta_matches_eq37():
    z = np.array(exercises.EX02_Z).reshape(4, 1)
    y = np.array(exercises.EX02_Y).reshape(4, 1)
    assert relative_error(_expected("sigmoid_quadratic_delta"),
                          bp1.output_error(z, y, "sigmoid", "quadratic")) < 1e-14


def test_complex_step_derivative_matches_central_differences():
    def f(x):
        return np.exp(x[0]) / np.sqrt(np.sin(x[0]) ** 3 + np.cos(x[0]) ** 3)

    central = numerical_gradient(f, np.array([exercises.EX02_X]), h=1e-5)[0]
    assert _expected("complex_step_derivative") == pytest.approx(central, rel=1e-9)
    assert _expected("complex_step_derivative") == pytest.approx(4.0534278938986, rel=1e-12)


def test_truncation_orders_are_the_measured_slopes():
    rng = np.random.default_rng(5)
    z = rng.standard_normal((3, 1))
    y = np.array([[0.0], [1.0], [0.0]])
    exact = bp1.output_error(z, y, "sigmoid", "quadratic")
    hs = np.logspace(-1, -3, 9)
    slopes = []
    for method in ("forward", "central", "complex"):
        errs = [relative_error(bp1.output_error_numeric(z, y, "sigmoid", "quadratic", h=h,
                                                        method=method), exact) for h in hs]
        slopes.append(np.polyfit(np.log10(hs), np.log10(errs), 1)[0])
    np.testing.assert_allclose(slopes, _expected("truncation_orders"), atol=0.1)


def test_a_learner_answer_of_none_is_rejected(capsys):
    # the notebooks' placeholders are None; check must not report it as correct
    assert exercises.check("z2_by_hand", None) is False


# --- notebooks 06 and 07: expected answers against (37) and the complex step from nnhelpers ---

def test_softmax_quadratic_delta_matches_eq37_and_eq36():
    z = np.array(exercises.EX06_Z).reshape(-1, 1)
    y = np.zeros_like(z)
    y[exercises.EX06_TARGET] = 1.0
    expected, _ = exercises._EXERCISES["softmax_quadratic_delta"]()
    by_37 = bp1.output_error(z, y, "softmax", "quadratic")
    by_36 = bp1.output_error_numeric(z, y, "softmax", "quadratic", method="complex")
    assert relative_error(expected, by_37) < 1e-13 and relative_error(expected, by_36) < 1e-13
    off, _ = exercises._EXERCISES["softmax_quadratic_off_diagonal"]()
    diagonal = bp1.output_error_diagonal_only(z, y, "softmax", "quadratic")
    assert relative_error(off, by_37 - diagonal) < 1e-12
    assert np.all(np.abs(off) > 1e-3)  # the shortcut is wrong in every entry


def test_bp2_jacobian_is_diag_sigma_prime_times_w_transpose():
    from nnhelpers.activations import sigmoid
    w = np.array(exercises.EX07_W)
    z = np.array(exercises.EX07_Z_PREV).reshape(-1, 1)
    expected, _ = exercises._EXERCISES["bp2_jacobian"]()
    np.testing.assert_allclose(expected, sigmoid.prime(z) * w.T, rtol=1e-13)
    delta_prev, _ = exercises._EXERCISES["bp2_delta"]()
    np.testing.assert_allclose(expected @ np.array(exercises.EX07_DELTA).reshape(-1, 1),
                               delta_prev, rtol=1e-13)  # BP2 is linear in δ^L
