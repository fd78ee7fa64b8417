"""exercises: `feedback`/`check` say what is right or off, and every exercise's expected answer
is right.

- `feedback` on made-up answers and `check` on registered exercises: transposed Jacobian,
  flipped sign, wrong shape, reshaped answer, NaN, non-numbers, a registered mistake (exact or
  rounded), "close: keep more digits" within 1 %, too large / too small / wrong sign per number and
  per entry, booleans without a direction;
- the complex-step helper against closed forms; `expected`/`mistakes`/`check` refuse unknown names;
- every registered exercise: its expected answer passes and each listed mistake is caught with its
  description (this covers the exercises of every notebook);
- the expected answers of notebooks 01-04 and 06-08 against independent references (matrix
  products, nnhelpers' analytic code, central differences, a golden-section search, closed forms
  such as the quotient rule and the chain rule through the weights, tests/reference.py): the
  registry computes them another way (loops, complex step), so the two must agree;
- the exercise data that notebook 08 writes out are the ones `check` grades against;
- the registry and the notebooks name the same exercises.
"""

import json
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
import reference as ref

from nnhelpers import activations, bp1, costs, exercises
from nnhelpers.gradcheck import numerical_gradient, relative_error

J_TRUE = np.array([[0.2, -0.1, 0.05],
                   [-0.3, 0.25, 0.0],
                   [0.1, 0.4, -0.2]])  # deliberately not symmetric
DIAGONAL_ONLY = np.diag(np.diag(J_TRUE))
WRONG = {"only the diagonal ∂a_j/∂z_j": DIAGONAL_ONLY}


def made_up(answer, expected=J_TRUE, wrong=WRONG):
    """`feedback` on a made-up Jacobian exercise: (ok, message)."""
    return exercises.feedback(answer, expected, wrong)


def test_feedback_accepts_the_right_answer():
    assert made_up(J_TRUE.copy()) == (True, "correct")
    assert made_up(J_TRUE + 1e-12)[0]  # rounding is not a mistake
    assert made_up(J_TRUE.tolist())[0]  # nested lists are fine


def test_check_prints_the_name_and_the_verdict(capsys):
    J = exercises.expected("normaliser_jacobian")
    assert exercises.check("normaliser_jacobian", J) is True
    assert capsys.readouterr().out == "normaliser_jacobian: correct\n"
    assert exercises.check("normaliser_jacobian", J.T) is False
    assert capsys.readouterr().out.startswith("normaliser_jacobian: this is the transpose")


@pytest.mark.parametrize("answer, words", [
    (J_TRUE.T, "transpose"),
    (-J_TRUE, "sign is flipped"),
    (DIAGONAL_ONLY, "only the diagonal"),
    (J_TRUE[:2], "shape (2, 3), expected (3, 3)"),
    (J_TRUE.reshape(9), "the same number of entries"),
    (np.where(np.eye(3, dtype=bool), np.nan, J_TRUE), "NaN"),
    ("J", "expected numbers"),
])
def test_feedback_names_the_mistake(answer, words):
    ok, out = made_up(answer)
    assert ok is False
    assert words in out, out
    assert "correct" not in out


def test_feedback_points_at_the_wrong_entries_and_says_how_they_are_off():
    answer = J_TRUE.copy()
    answer[1, 2] += 0.5   # expected 0: too large
    answer[0, 0] = -0.2   # expected 0.2: wrong sign
    answer[2, 1] = 0.1    # expected 0.4: too small
    answer[1, 0] = -0.9   # expected -0.3: too large in size
    ok, out = made_up(answer)
    assert not ok
    assert "4 of 9 entries are off" in out
    assert "(0, 0) wrong sign" in out and "(1, 0) too large in size" in out
    assert "(1, 2) too large" in out and "(2, 1) too small in size" in out


@pytest.mark.parametrize(("answer", "words"), [
    (2.5, "too large in size"), (1.0, "too small in size"), (-3.0, "wrong sign"),
    (-2.0, "the sign is flipped")])
def test_a_wrong_number_says_too_large_too_small_or_wrong_sign(answer, words):
    ok, out = exercises.feedback(answer, 2.0)
    assert ok is False
    assert words in out and "close" not in out


def test_a_wrong_zero_says_which_side():
    assert exercises.feedback(0.5, 0.0)[1].endswith("too large")
    assert exercises.feedback(-0.5, 0.0)[1].endswith("too small")


def test_values_rounded_to_4_decimals_are_close_not_off():
    # the notebooks print 4 decimals; copying them is a near miss, not "4 of 9 entries are off"
    rounded = np.round(J_TRUE * 1.2345678, 4)
    monkeypatch_expected = J_TRUE * 1.2345678
    ok, message = exercises.feedback(rounded, monkeypatch_expected)
    assert not ok and message.startswith("close: within 1 %") and "more digits" in message
    ok, message = exercises.feedback(0.0529, 0.052877)
    assert not ok and message.startswith("close")
    # 1 % is the edge: 0.5 % off is close, 2 % off is not
    assert exercises.feedback(1.005, 1.0)[1].startswith("close")
    assert exercises.feedback(1.02, 1.0)[1] == "the number is off: got 1.02, too large in size"


def test_a_known_mistake_and_a_flip_win_over_close():
    # a registered mistake within 1 % of the answer is still named as that mistake
    ok, message = exercises.feedback(1.004, 1.0, {"the mistake": 1.004})
    assert message == "not quite: this is the mistake"
    assert exercises.feedback(-J_TRUE, J_TRUE)[1] == "the sign is flipped"


def test_a_rounded_known_mistake_is_still_named():
    ok, message = exercises.feedback(np.round(DIAGONAL_ONLY, 2) + 0.001, J_TRUE,
                                     {"only the diagonal": DIAGONAL_ONLY})
    assert not ok and message == "not quite: this looks like only the diagonal (to within 1 %)"


def test_booleans_name_the_entries_without_a_direction():
    ok, message = exercises.feedback([True, False, False], [1.0, 0.0, 1.0])
    assert message == "1 of 3 entries are off, at index 2"


def test_complex_step_helper_matches_closed_forms():
    # the Jacobian of f(z) = (z_1 z_2, sin z_1) is [[z_2, z_1], [cos z_1, 0]]
    J = exercises.complex_step(lambda z: [z[0] * z[1], np.sin(z[0])], [0.3, -2.0])
    np.testing.assert_allclose(J, [[-2.0, 0.3], [np.cos(0.3), 0.0]], rtol=1e-15, atol=0)
    g = exercises.complex_step(lambda z: z[0] ** 3 + z[1], (2.0, 5.0)).T  # a number: one row
    assert g.shape == (2, 1)
    np.testing.assert_allclose(g.ravel(), [12.0, 1.0], rtol=1e-15)


@pytest.mark.parametrize("function", [exercises.check, exercises.expected, exercises.mistakes])
def test_an_unknown_name_is_refused_with_the_known_names(function):
    args = ("no_such_exercise", 1.0) if function is exercises.check else ("no_such_exercise",)
    with pytest.raises(ValueError, match="unknown exercise 'no_such_exercise'") as info:
        function(*args)
    assert "z2_by_hand" in str(info.value)  # the message lists the known names


def test_each_exercise_is_checked_in_one_notebook_and_its_answer_is_computed_afresh():
    where = _notebooks_checking_each_name()
    assert {name: files for name, files in where.items() if len(files) > 1} == {}
    exercises.expected("normaliser_jacobian")[:] = 0.0  # a caller overwriting its copy
    assert np.all(exercises.expected("normaliser_jacobian") != 0.0)


@pytest.mark.parametrize("name", exercises.names())
def test_every_exercise_accepts_its_answer_and_catches_its_mistakes(name, capsys):
    expected, wrong = exercises.expected(name), exercises.mistakes(name)
    expected = np.asarray(expected, dtype=np.float64)
    assert np.all(np.isfinite(expected))
    assert exercises.check(name, expected)
    for description, value in wrong.items():
        value = np.asarray(value, dtype=np.float64)
        assert not np.allclose(value, expected, rtol=1e-9, atol=0), f"{description!r} is the answer"
        capsys.readouterr()
        assert exercises.check(name, value) is False, description
        assert description in capsys.readouterr().out  # named, whatever its shape


# ------------------------------------------- notebooks 01-02: expected answers, independently

def _expected(name):
    return np.asarray(exercises.expected(name), dtype=np.float64)


def test_z2_by_hand_is_the_matrix_product():
    w2 = np.array(exercises.EX01_W2)
    b2 = np.array(exercises.EX01_B2).reshape(3, 1)
    x = np.array(exercises.EX01_X).reshape(2, 1)
    np.testing.assert_allclose(_expected("z2_by_hand"), w2 @ x + b2, rtol=1e-14)
    np.testing.assert_allclose(_expected("z2_by_hand").ravel(), [-1.4, 1.8, 2.5], rtol=1e-14)


def test_quadratic_cost_gradient_matches_costs_grad_and_central_differences():
    a = np.array(exercises.EX01_A).reshape(2, 1)
    y = np.array(exercises.EX01_Y).reshape(2, 1)
    central = numerical_gradient(lambda aa: costs.quadratic.value(aa, y), a, h=1e-5)
    np.testing.assert_allclose(_expected("quadratic_cost_gradient"), central, rtol=1e-9)
    np.testing.assert_allclose(_expected("quadratic_cost_gradient").ravel(), [-0.2, 0.3],
                               rtol=1e-14)


def test_demon_delta_2_is_the_slope_of_the_cost():
    z = np.array(exercises.EX01_ZL).reshape(2, 1)
    y = np.array(exercises.EX01_Y).reshape(2, 1)
    delta = bp1.output_error_numeric(z, y, "sigmoid", "quadratic", method="complex")
    assert _expected("demon_delta_2") == pytest.approx(delta[1, 0], rel=1e-13)


def test_sigmoid_cross_entropy_delta_is_a_minus_y():
    z = np.array(exercises.EX02_Z).reshape(4, 1)
    y = np.array(exercises.EX02_Y).reshape(4, 1)
    a = ref.sigmoid(z)
    assert relative_error(_expected("sigmoid_cross_entropy_delta"), a - y) < 1e-14
    assert relative_error(_expected("sigmoid_cross_entropy_delta"),
                          bp1.output_error(z, y, "sigmoid", "cross_entropy")) < 1e-14


def test_complex_step_derivative_matches_central_differences():
    def f(x):
        return np.exp(x[0]) / np.sqrt(np.sin(x[0]) ** 3 + np.cos(x[0]) ** 3)

    central = numerical_gradient(f, np.array([exercises.EX02_X]), h=1e-5)[0]
    assert _expected("complex_step_derivative") == pytest.approx(central, rel=1e-9)
    assert _expected("complex_step_derivative") == pytest.approx(4.0534278938986, rel=1e-12)


def test_central_best_step_minimises_the_error_model():
    # golden-section search on log h, independent of the closed form (3 ε |C| / |C‴|)^(1/3)
    def error(h):  # Step 5's error model of a central difference: h² |C‴| / 6 + ε |C| / h
        return h * h * exercises.EX02_C3 / 6.0 + exercises.EX02_EPS * exercises.EX02_C / h

    lo, hi = np.log(1e-9), np.log(1e-2)
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    for _ in range(200):
        m1, m2 = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        if error(np.exp(m1)) < error(np.exp(m2)):
            hi = m2
        else:
            lo = m1
    assert _expected("central_best_step") == pytest.approx(np.exp((lo + hi) / 2), rel=1e-6)
    assert 1e-6 < _expected("central_best_step") < 1e-4  # Step 5's "near ε^(1/3) ≈ 1e-5"


def test_a_learner_answer_of_none_is_rejected(capsys):
    # the notebooks' placeholders are None; check must not report it as correct
    assert exercises.check("z2_by_hand", None) is False


# --- notebooks 06 and 07: expected answers against nnhelpers' (37), closed forms, central
# differences ---

def _ex06_data():
    z = np.array(exercises.EX06_Z).reshape(-1, 1)
    y = np.zeros_like(z)
    y[exercises.EX06_TARGET] = 1.0
    return z, y


def test_softmax_cross_entropy_delta_matches_eq37_eq36_and_the_closed_form():
    z, y = _ex06_data()
    expected = _expected("softmax_cross_entropy_delta")
    by_37 = bp1.output_error(z, y, "softmax", "cross_entropy")
    by_36 = bp1.output_error_numeric(z, y, "softmax", "cross_entropy", method="complex")
    assert relative_error(expected, by_37) < 1e-13 and relative_error(expected, by_36) < 1e-13
    # the closed form of the worked solution: δ_j = g_j - a_j Σ_k g_k, g_k = (a_k - y_k)/(1 - a_k)
    a = np.exp(z) / np.exp(z).sum()
    g = (a - y) / (1.0 - a)
    assert relative_error(expected, g - a * g.sum()) < 1e-13
    # not a - y, which is what the diagonal-only shortcut gives for this pair
    assert relative_error(a - y, expected) > 0.1
    np.testing.assert_allclose(bp1.output_error_diagonal_only(z, y, "softmax", "cross_entropy"),
                               a - y, rtol=1e-13)
    # why J ∇_a C is not a listed mistake: the softmax Jacobian is symmetric
    J = np.diagflat(a) - a @ a.T
    np.testing.assert_allclose(J, J.T, rtol=0, atol=1e-15)


def test_softmax_temperature_smoothed_delta_is_a_minus_y_over_tau():
    z, one_hot = _ex06_data()
    tau, eps, n = exercises.EX06_TEMPERATURE, exercises.EX06_SMOOTHING, z.shape[0]
    y = (1.0 - eps) * one_hot + eps / n
    assert y.sum() == pytest.approx(1.0, abs=1e-15)  # a probability vector: Step 6's rule
    expected = _expected("softmax_temperature_smoothed_delta")
    a = np.exp(z / tau) / np.exp(z / tau).sum()
    assert relative_error(expected, (a - y) / tau) < 1e-13
    # the chain rule through u = z/τ with nnhelpers' (37) at u, and central differences in z
    by_37 = bp1.output_error(z / tau, y, "softmax", "log_likelihood") / tau
    assert relative_error(expected, by_37) < 1e-13
    central = numerical_gradient(
        lambda zz: costs.log_likelihood.value(activations.softmax(zz / tau), y), z, h=1e-5)
    assert relative_error(expected, central) < 1e-8


def test_bp2_jacobian_is_diag_sigma_prime_times_w_transpose():
    from nnhelpers.activations import sigmoid
    w = np.array(exercises.EX07_W)
    z = np.array(exercises.EX07_Z_PREV).reshape(-1, 1)
    expected = exercises.expected("bp2_jacobian")
    np.testing.assert_allclose(expected, sigmoid.prime(z) * w.T, rtol=1e-13)
    delta_prev = exercises.expected("bp2_delta")
    np.testing.assert_allclose(expected @ np.array(exercises.EX07_DELTA).reshape(-1, 1),
                               delta_prev, rtol=1e-13)  # BP2 is linear in δ^L


# --- notebooks 03-04 and 08: expected answers against closed forms and nnhelpers' analytic code ---

T = 0.7
Z3 = np.array([[1.0], [2.0], [3.0]])
Y3 = np.array([[0.0], [1.0], [0.0]])
TARGET = 1  # Y3 = e_2: 0-based class 1
W = np.array(exercises.EX08_W)
B = np.array(exercises.EX08_B).reshape(3, 1)
ZL = np.array(exercises.EX08_Z).reshape(3, 1)
DELTA_NEXT = np.array(exercises.EX08_DELTA_NEXT).reshape(3, 1)


def _normaliser_jacobian():
    s = Z3.sum()
    return (np.eye(3) * s - Z3 @ np.ones((1, 3))) / s**2  # (1[k = j] S - z_k) / S²


def _check(name, answer, capsys):
    ok = exercises.check(name, answer)
    return ok, capsys.readouterr().out


def _normaliser_ll_terms():
    z = Z3.ravel()
    s = z.sum()
    J = (np.eye(3) * s - np.outer(z, np.ones(3))) / s**2  # quotient rule: (1[k = j] S - z_k) / S²
    grad_a = np.zeros(3)
    grad_a[TARGET] = -s / z[TARGET]  # ∂(-ln a_y)/∂a_y = -1/a_y, and a_y = z_y / S
    return grad_a[:, None] * J, J


def test_registered():
    assert {"chain_rule_two_paths", "normaliser_jacobian", "normaliser_delta",
            "bp1_tanh_quadratic", "eq38_allowed", "softmax_quadratic_delta",
            "normaliser_ll_terms", "next_z_jacobian", "bp2_softmax_hidden",
            } <= set(exercises.names())


def test_chain_rule_two_paths(capsys):
    u, v = np.cos(T), np.exp(T)  # notebook 03's names: x and y are the network's input, target
    du, dv = -np.sin(T), np.exp(T)
    right = 2 * u * v * du + u * u * dv  # ∂f/∂u du/dt + ∂f/∂v dv/dt
    ok, out = _check("chain_rule_two_paths", right, capsys)
    assert ok and out == "chain_rule_two_paths: correct\n"
    ok, out = _check("chain_rule_two_paths", 2 * u * v * du, capsys)
    assert not ok and "only the path through u" in out
    ok, out = _check("chain_rule_two_paths", u * u * dv, capsys)
    assert not ok and "only the path through v" in out
    ok, out = _check("chain_rule_two_paths", -right, capsys)
    assert not ok and "sign" in out


def test_normaliser_jacobian(capsys):
    J = _normaliser_jacobian()
    assert not np.allclose(J, J.T)  # otherwise the transpose could not be caught
    assert _check("normaliser_jacobian", J, capsys)[0]
    ok, out = _check("normaliser_jacobian", J.T, capsys)
    assert not ok and "transpose" in out
    ok, out = _check("normaliser_jacobian", np.diag(np.diag(J)), capsys)
    assert not ok and "only the diagonal" in out
    ok, out = _check("normaliser_jacobian", J[:2], capsys)
    assert not ok and "shape (2, 3), expected (3, 3)" in out


def test_normaliser_delta(capsys):
    J = _normaliser_jacobian()
    g = Z3 / Z3.sum() - Y3
    right = J.T @ g  # (37)
    assert _check("normaliser_delta", right, capsys)[0]
    ok, out = _check("normaliser_delta", J @ g, capsys)
    assert not ok and "Jᵀ ∇_a C" in out
    ok, out = _check("normaliser_delta", g * np.diag(J).reshape(3, 1), capsys)
    assert not ok and "diagonal-only" in out
    ok, out = _check("normaliser_delta", g, capsys)
    assert not ok and "∂a_k/∂z_j is missing" in out
    ok, out = _check("normaliser_delta", right.ravel(), capsys)
    assert not ok and "reshape your answer; the numbers are right" in out


def test_bp1_tanh_quadratic(capsys):
    z = np.array([[0.5], [-1.0], [2.0]])
    y = np.array([[1.0], [0.0], [0.0]])
    right = bp1.output_error_elementwise(z, y, "tanh", "quadratic")
    assert _check("bp1_tanh_quadratic", right, capsys)[0]
    a = np.tanh(z)
    ok, out = _check("bp1_tanh_quadratic", a - y, capsys)
    assert not ok and "σ'(z) = 1 - tanh²z is missing" in out
    sp = activations.sigmoid.prime(z)
    ok, out = _check("bp1_tanh_quadratic", (a - y) * sp, capsys)
    assert not ok and "sigmoid's derivative" in out
    ok, out = _check("bp1_tanh_quadratic", (a - y) * (1 - z**2), capsys)
    assert not ok and "not 1 - z²" in out


def test_eq38_allowed(capsys):
    # closed-form Jacobians at z = (0.5, 1, 2): diagonal exactly for the element-wise layers
    z = np.array(exercises.EX04_LAYER_Z)
    n = z.size
    s = activations.sigmoid(z - z.mean())
    jacobians = [
        np.diag(activations.tanh.prime(z)),                            # tanh
        np.diag(s * (1 - s)) @ (np.eye(n) - np.ones((n, n)) / n),      # σ(z_k - mean z)
        np.diag([activations.sigmoid.prime(z[:1])[0], 1 - np.tanh(z[1]) ** 2, 1.0]),
        (np.eye(n) * z.sum() - np.outer(z, np.ones(n))) / z.sum() ** 2,  # normaliser
    ]
    right = [bool(np.all(J == np.diag(np.diag(J)))) for J in jacobians]
    assert right == [True, False, True, False]
    assert _check("eq38_allowed", right, capsys)[0]
    ok, out = _check("eq38_allowed", [True, True, True, False], capsys)
    assert not ok and "the mean contains every z_j" in out
    ok, out = _check("eq38_allowed", [True, False, False, False], capsys)
    assert not ok and "a different function for each neuron" in out
    ok, out = _check("eq38_allowed", [False, False, True, False], capsys)
    assert not ok and "1 of 4 entries are off, at index 0" in out
    ok, out = _check("eq38_allowed", [[True], [False], [True], [False]], capsys)
    assert not ok and "reshape your answer; the numbers are right" in out


def test_exercise_data_match_the_notebook_text():
    # notebook 08 writes these numbers out in its exercise cells
    assert exercises.EX08_W == ((0.5, -1.0, 2.0), (1.5, 0.25, -0.5), (-1.0, 0.75, 1.0))
    assert exercises.EX08_Z == (0.4, -1.2, 2.0)
    assert exercises.EX08_DELTA_NEXT == (0.25, -0.5, 0.125)


def test_normaliser_ll_terms(capsys):
    right, J = _normaliser_ll_terms()
    # only the row k = y survives; in closed form it is (1/6, -1/3, 1/6)
    np.testing.assert_allclose(right[TARGET], [1 / 6, -1 / 3, 1 / 6], rtol=1e-14)
    assert np.all(np.delete(right, TARGET, axis=0) == 0)
    ok, out = _check("normaliser_ll_terms", right, capsys)
    assert ok and out == "normaliser_ll_terms: correct\n"
    ok, out = _check("normaliser_ll_terms", right.T, capsys)
    assert not ok and "transpose" in out
    ok, out = _check("normaliser_ll_terms", np.diag(np.diag(right)), capsys)
    assert not ok and "only the diagonal terms" in out
    a = Z3.ravel() / Z3.sum()
    y = np.eye(3)[TARGET]
    ok, out = _check("normaliser_ll_terms", (a - y)[:, None] * J, capsys)
    assert not ok and "quadratic cost" in out
    ok, out = _check("normaliser_ll_terms", right.sum(axis=0), capsys)  # δ instead of the terms
    assert not ok and "δ, the column sums" in out
    ok, out = _check("normaliser_ll_terms", right[:2], capsys)
    assert not ok and "shape (2, 3), expected (3, 3) (rows are the outputs a_k" in out


def test_next_z_jacobian(capsys):
    # a tanh layer l: tanh' = 1 - tanh², written from the closed form (cosh⁻²), not from tanh
    tp = 1.0 / np.cosh(ZL) ** 2  # tanh'(z^l), (3, 1)
    right = W * tp.T  # ∂z^{l+1}_k/∂z^l_j = w_kj tanh'(z^l_j): column j scaled by tanh'(z^l_j)
    # an independent check of the closed form: central differences on z^{l+1}(z^l)
    h = 1e-6
    numeric = np.column_stack([
        ((W @ np.tanh(ZL + h * e) + B) - (W @ np.tanh(ZL - h * e) + B))[:, 0] / (2 * h)
        for e in np.eye(3)[:, :, None]
    ])
    np.testing.assert_allclose(right, numeric, rtol=1e-8)
    ok, out = _check("next_z_jacobian", right, capsys)
    assert ok and out == "next_z_jacobian: correct\n"
    ok, out = _check("next_z_jacobian", W, capsys)
    assert not ok and "tanh'(z^l_j) of each column is missing" in out
    ok, out = _check("next_z_jacobian", W * np.tanh(ZL).T, capsys)
    assert not ok and "tanh instead of its derivative" in out
    sigmoid_prime = ref.sigmoid(ZL) * (1 - ref.sigmoid(ZL))  # step 2's answer, copied for tanh
    ok, out = _check("next_z_jacobian", W * sigmoid_prime.T, capsys)
    assert not ok and "the sigmoid's derivative, but layer l is tanh" in out
    ok, out = _check("next_z_jacobian", W * tp, capsys)
    assert not ok and "belongs to the column j" in out
    ok, out = _check("next_z_jacobian", right.T, capsys)
    assert not ok and "transpose" in out
    # the bias does not enter M (the hint's question): central differences with b^{l+1} moved by 1
    moved = np.column_stack([
        ((W @ np.tanh(ZL + h * e) + B + 1) - (W @ np.tanh(ZL - h * e) + B + 1))[:, 0] / (2 * h)
        for e in np.eye(3)[:, :, None]
    ])
    np.testing.assert_allclose(moved, right, rtol=1e-8)


def test_bp2_softmax_hidden(capsys):
    a = ref.softmax(ZL)
    J = ref.softmax_jacobian(ZL)  # softmax: ∂a_i/∂z_j = a_i (1[i = j] - a_j)
    right = J.T @ (W.T @ DELTA_NEXT)  # δ^l = (w J)ᵀ δ^{l+1}
    ok, out = _check("bp2_softmax_hidden", right, capsys)
    assert ok and out == "bp2_softmax_hidden: correct\n"
    ok, out = _check("bp2_softmax_hidden", (W.T @ DELTA_NEXT) * a * (1 - a), capsys)
    assert not ok and "Hadamard form" in out
    ok, out = _check("bp2_softmax_hidden", W.T @ DELTA_NEXT, capsys)
    assert not ok and "∂a^l/∂z^l is missing" in out
    ok, out = _check("bp2_softmax_hidden", -right, capsys)
    assert not ok and "sign" in out


@pytest.mark.parametrize("name", ["chain_rule_two_paths", "normaliser_jacobian",
                                  "normaliser_delta", "bp1_tanh_quadratic",
                                  "softmax_quadratic_delta", "eq38_allowed",
                                  "normaliser_ll_terms", "next_z_jacobian",
                                  "bp2_softmax_hidden"])
def test_a_placeholder_none_is_rejected_without_raising(name, capsys):
    ok, out = _check(name, None, capsys)
    assert not ok and out.startswith(f"{name}: ")


def test_softmax_quadratic_delta_is_jt_grad_and_the_written_out_formula():
    z = np.array(exercises.EX04_LOGITS).reshape(4, 1)
    y = np.eye(4)[:, [exercises.EX04_CLASS]]
    a = activations.softmax(z)
    J = activations.softmax.jacobian(z)
    expected = _expected("softmax_quadratic_delta")
    assert relative_error(expected, J.T @ (a - y)) < 1e-14
    # δ_j = a_j ((a_j - y_j) - Σ_k a_k (a_k - y_k)), the simplified (37)
    assert relative_error(expected, a * ((a - y) - np.sum(a * (a - y)))) < 1e-14


def test_softmax_quadratic_diagonal_error_is_the_relative_error_of_bp1_diagonal_only():
    z = np.array(exercises.EX04_LOGITS).reshape(4, 1)
    y = np.eye(4)[:, [exercises.EX04_CLASS]]
    diag = bp1.output_error_diagonal_only(z, y, "softmax", "quadratic")
    true = bp1.output_error(z, y, "softmax", "quadratic")
    assert _expected("softmax_quadratic_diagonal_error") == pytest.approx(
        relative_error(diag, true), rel=1e-12)
    assert _expected("softmax_quadratic_diagonal_error") > 0.05


# --- the registry and the notebooks agree ---

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_notebook_08_exercise_data_cell_matches_the_registered_data():
    """The arrays a learner sees in notebook 08 are the ones `check` grades against."""
    path = NOTEBOOKS[0].parent / "08_bp2_bp3_bp4.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    data_cell = [s for s in sources if s.startswith("W_ex = ")]
    assert len(data_cell) == 1
    names = {"np": np}
    exec(data_cell[0], names)  # four array literals, nothing else
    np.testing.assert_array_equal(names["W_ex"], W)
    np.testing.assert_array_equal(names["b_ex"], B)
    np.testing.assert_array_equal(names["z_ex"], ZL)
    np.testing.assert_array_equal(names["delta_next_ex"], DELTA_NEXT)


def _notebooks_checking_each_name():
    """exercise name -> the notebooks whose cells check it."""
    where = {}
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for name in re.findall(r'check\(\s*"(\w+)"', "".join(cell["source"])):
                where.setdefault(name, set()).add(path.name)
    return where


def test_every_exercise_a_notebook_checks_is_registered_and_every_registered_one_is_used():
    used = set(_notebooks_checking_each_name())
    assert used - set(exercises.names()) == set(), "a notebook checks an unknown exercise"
    assert set(exercises.names()) - used == set(), "a registered exercise no notebook uses"


# --- notebooks 09 and 10: the typical mistakes are named; the hints lead to the answers ---

@pytest.mark.parametrize("name", ["layer_norm_vjp_by_hand", "layer_norm_delta",
                                  "stable_log_one_minus_sigmoid"])
def test_every_typical_mistake_is_named_and_is_not_the_answer(name, capsys):
    expected, wrong = exercises.expected(name), exercises.mistakes(name)
    assert wrong
    for description, answer in wrong.items():
        assert not np.allclose(answer, expected, rtol=1e-3)
        assert not exercises.check(name, answer)
        assert description in capsys.readouterr().out


def test_layer_norm_jacobian_closed_form_gives_the_vjp():
    z = np.array(exercises.EX09_LN_Z).reshape(-1, 1)
    g = np.array(exercises.EX09_LN_G).reshape(-1, 1)
    n = z.shape[0]
    s = np.sqrt(np.mean((z - z.mean()) ** 2))
    a = (z - z.mean()) / s
    jac = (np.eye(n) - np.ones((n, n)) / n - a @ a.T / n) / s  # hint 3's J, formed here
    assert exercises.check("layer_norm_vjp_by_hand", jac.T @ g)
    assert exercises.check("layer_norm_vjp_by_hand", (g - g.mean() - a * (a.T @ g) / n) / s)


def test_stable_log_one_minus_sigmoid_derivation_and_the_naive_route():
    z = np.array(exercises.EX10_Z)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        stable = -(np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))))  # hint 3
        with pytest.raises(RuntimeWarning):
            np.log(1 - 1 / (1 + np.exp(-z)))  # what the exercise cell refuses
    assert exercises.check("stable_log_one_minus_sigmoid", stable)
    with np.errstate(all="ignore"):
        naive = np.log(1 - 1 / (1 + np.exp(-z)))
    # ln 0 at z = 800, digits lost at z = 30
    assert not exercises.check("stable_log_one_minus_sigmoid", naive)
    assert np.isneginf(naive[-1]) and abs(naive[3] / -30.0 - 1) > 1e-6  # the two failures named
