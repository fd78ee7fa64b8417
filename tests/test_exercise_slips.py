"""exercises: the learner's typical slips (issue 16) are named, each from the wrong answer a learner
would compute with numpy from the exercise's data in its notebook.

- the complex step without /h, a one-sided difference where a central one is asked;
- shape messages that say what the rows and columns are in that exercise, a transposed answer
  called transposed, "a single number" instead of "()";
- BP4 without the transpose of A^{L-1}; an error measure given to two digits (accepted);
- sign slips, a missing or extra 1/m, σ' at a instead of z, a forgotten σ or σ'.
"""

import numpy as np
import pytest
import reference as ref

from nnhelpers import exercises


def verdict(name, answer, capsys):
    """(ok, the message) that `check` prints for `answer` to exercise `name`."""
    ok = exercises.check(name, answer)
    out = capsys.readouterr().out
    assert out.startswith(f"{name}: ")
    return ok, out[len(name) + 2:].strip()


def column(values):
    return np.array(values, dtype=np.float64).reshape(-1, 1)


# --- notebook 01's demon and notebook 02's complex step: the numerical derivatives ---

def demon_cost(dz):
    """The cost of notebook 01's exercise 3 with z^L_2 nudged by dz, as a learner writes it."""
    z = column(exercises.EX01_ZL)
    z[1, 0] += dz
    return 0.5 * np.sum((1 / (1 + np.exp(-z)) - column(exercises.EX01_Y)) ** 2)


def test_the_demon_by_a_central_difference_is_correct(capsys):
    dz = 1e-5
    assert verdict("demon_delta_2", (demon_cost(dz) - demon_cost(-dz)) / (2 * dz), capsys)[0]


@pytest.mark.parametrize("one_sided", [
    lambda dz: (demon_cost(dz) - demon_cost(0.0)) / dz,
    lambda dz: (demon_cost(0.0) - demon_cost(-dz)) / dz])
def test_a_one_sided_difference_for_the_demon_is_named(one_sided, capsys):
    ok, message = verdict("demon_delta_2", one_sided(1e-5), capsys)
    assert not ok and "one-sided" in message and "(C(z + Δz) - C(z - Δz)) / (2Δz)" in message
    assert "keep more digits" not in message


def test_a_central_difference_divided_by_dz_instead_of_2dz_is_named(capsys):
    ok, message = verdict("demon_delta_2", (demon_cost(1e-5) - demon_cost(-1e-5)) / 1e-5, capsys)
    assert not ok and "divide by 2Δz" in message


def f02(x):
    """Notebook 02's f(x) = e^x / sqrt(sin³x + cos³x), complex-safe."""
    return np.exp(x) / np.sqrt(np.sin(x) ** 3 + np.cos(x) ** 3)


def test_the_complex_step_without_dividing_by_h_is_named(capsys):
    h = 1e-20
    assert verdict("complex_step_derivative", np.imag(f02(1.5 + 1j * h)) / h, capsys)[0]
    ok, message = verdict("complex_step_derivative", np.imag(f02(1.5 + 1j * h)), capsys)
    assert not ok and "Im f(x + ih) without dividing by h" in message
    assert "real difference" not in message
    # a forward difference with the same h is exactly 0, and is still told so
    ok, message = verdict("complex_step_derivative", (f02(1.5 + h) - f02(1.5)) / h, capsys)
    assert not ok and "0: a real difference with h = 1e-20" in message


def test_the_complex_step_with_another_h_and_no_division_is_a_power_of_ten(capsys):
    ok, message = verdict("complex_step_derivative", np.imag(f02(1.5 + 1e-30j)), capsys)
    assert not ok and "1e-30 times the expected one" in message and "step h" in message


def test_the_real_part_of_the_complex_step_is_named(capsys):
    ok, message = verdict("complex_step_derivative", np.real(f02(1.5 + 1e-20j)) / 1e-20, capsys)
    assert not ok and "imaginary part" in message


# --- shapes: what the rows and columns are, transposes, "a single number" ---

def bp4_data():
    return np.array(exercises.EX07_DELTA_BATCH), np.array(exercises.EX07_A_PREV_BATCH)


def test_a_transposed_bp4_gradient_is_called_transposed_with_its_axes(capsys):
    delta, a_prev = bp4_data()
    assert verdict("bp4_minibatch", delta @ a_prev.T / 3, capsys)[0]
    ok, message = verdict("bp4_minibatch", a_prev @ delta.T / 3, capsys)  # (3, 2)
    assert not ok and message.startswith("this is the transpose")
    assert "rows are the neurons j of layer L, columns the neurons k of layer L-1" in message
    assert "examples" not in message


def test_a_transposed_bp2_jacobian_is_called_transposed_with_its_axes(capsys):
    w = np.array(exercises.EX07_W)
    s = ref.sigmoid(column(exercises.EX07_Z_PREV))
    sp = s * (1 - s)
    assert verdict("bp2_jacobian", sp * w.T, capsys)[0]
    ok, message = verdict("bp2_jacobian", w * sp.T, capsys)  # (2, 3): w_jk σ'(z_k)
    assert not ok and message.startswith("this is the transpose")
    assert "rows are the neurons k of layer L-1" in message and "columns the neurons j of layer L" \
        in message


def test_a_column_where_a_flat_vector_is_asked_says_reshape_and_what_the_entries_are(capsys):
    z = np.array(exercises.EX10_Z).reshape(5, 1)  # a learner who made z a column
    right = -(np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))))
    ok, message = verdict("stable_log_one_minus_sigmoid", right, capsys)
    assert not ok
    assert message == ("shape (5, 1), expected (5,) (one entry per entry of z, shape (5,)): "
                       "reshape your answer; the numbers are right")
    ok, message = verdict("stable_log_one_minus_sigmoid", 2.0 * right + 1.0, capsys)
    assert not ok and "reshape your answer; reshaped, it says: 5 of 5 entries are off" in message


def test_examples_in_rows_is_a_transpose_with_the_classes_and_examples_named(capsys):
    z = np.array(exercises.EX10_Z_ROWS)  # (m, n): the learner forgot to transpose the data
    y = np.eye(4)[list(exercises.EX10_LABELS)]
    a = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    ok, message = verdict("examples_per_column", a - y, capsys)
    assert not ok and message == ("this is the transpose: rows are the 4 classes (output neurons), "
                                  "columns the 3 examples")


def test_columns_are_examples_is_said_only_where_they_are(capsys):
    for name in exercises.names():
        expected = np.asarray(exercises.expected(name), dtype=np.float64)
        ok, message = verdict(name, np.zeros(expected.size + 1), capsys)
        assert not ok and message.startswith(f"shape ({expected.size + 1},), expected ")
        assert ("examples" in message) == (name == "examples_per_column"), message


def test_a_vector_where_a_number_is_asked_says_a_single_number(capsys):
    z, y = column(exercises.EX01_ZL), column(exercises.EX01_Y)
    a = 1 / (1 + np.exp(-z))
    delta = (a - y) * a * (1 - a)  # the whole δ^L instead of δ^L_2
    ok, message = verdict("demon_delta_2", delta, capsys)
    assert not ok and message.startswith("shape (2, 1), expected a single number")
    assert "its entry (1, 0) is the answer: give that number alone" in message
    ok, message = verdict("demon_delta_2", delta[0], capsys)  # δ_1, as an array of shape (1,)
    assert message == "shape (1,), expected a single number (δ^L_2 alone)"


# --- BP4 without the transpose, and the other slips of notebook 07 ---

def test_bp4_without_the_transpose_is_named(capsys):
    delta, a_prev = bp4_data()
    ok, message = verdict("bp4_minibatch", delta @ a_prev / 3, capsys)
    assert not ok and "missing the transpose of A^{L-1}" in message
    ok, message = verdict("bp4_minibatch", delta @ a_prev, capsys)
    assert not ok and "missing the transpose of A^{L-1} and the 1/m" in message


def test_bp4_divided_by_the_number_of_rows_is_named(capsys):
    delta, a_prev = bp4_data()
    ok, message = verdict("bp4_minibatch", delta @ a_prev.T / delta.shape[0], capsys)
    assert not ok and "divided by n = 2" in message


@pytest.mark.parametrize("prime, words", [
    (lambda z: ref.sigmoid(ref.sigmoid(z)) * (1 - ref.sigmoid(ref.sigmoid(z))), "not at a^{L-1}"),
    (lambda z: z * (1 - z), "not z(1 - z)")])
def test_bp2_with_sigma_prime_at_the_wrong_place_is_named(prime, words, capsys):
    w, d = np.array(exercises.EX07_W), column(exercises.EX07_DELTA)
    ok, message = verdict("bp2_delta", (w.T @ d) * prime(column(exercises.EX07_Z_PREV)), capsys)
    assert not ok and words in message


# --- an error measure to two digits ---

def test_a_relative_error_to_two_digits_is_accepted_with_a_note(capsys):
    expected = exercises.expected("softmax_quadratic_diagonal_error")
    assert round(expected, 4) == 0.1739
    assert verdict("softmax_quadratic_diagonal_error", expected, capsys) == (True, "correct")
    ok, message = verdict("softmax_quadratic_diagonal_error", 0.17, capsys)
    assert ok and message == "correct to within 3 %, enough for an error measure"
    ok, message = verdict("softmax_quadratic_diagonal_error", 0.16, capsys)  # 8 % off
    assert not ok and "too small" in message
    # other answers keep the 1 % band: 2 % off is off
    assert not verdict("demon_delta_2", exercises.expected("demon_delta_2") * 1.02, capsys)[0]


# --- other slips, one exercise each ---

def test_slips_of_notebooks_01_to_04_are_named(capsys):
    a, y = column(exercises.EX01_A), column(exercises.EX01_Y)
    assert "is -1" in verdict("quadratic_cost_gradient", y - a, capsys)[1]
    z, y = column(exercises.EX01_ZL), column(exercises.EX01_Y)
    s = ref.sigmoid(z)
    sa = ref.sigmoid(s)
    assert "σ' belongs at z_2" in verdict("demon_delta_2", ((s - y) * sa * (1 - sa))[1, 0],
                                          capsys)[1]
    z, y = column(exercises.EX02_Z), column(exercises.EX02_Y)
    assert "the sigmoid is missing" in verdict("sigmoid_cross_entropy_delta", z - y, capsys)[1]
    t = exercises.EX03_T
    plus_sin = 2 * np.cos(t) * np.exp(t) * np.sin(t) + np.cos(t) ** 2 * np.exp(t)
    assert "is -sin t" in verdict("chain_rule_two_paths", plus_sin, capsys)[1]
    zn = np.array([1.0, 2.0, 3.0])
    assert "second term is missing" in verdict("normaliser_jacobian", np.eye(3) / zn.sum(),
                                               capsys)[1]
    z, y = column(exercises.EX04_Z), column(exercises.EX04_Y)
    a = np.tanh(z)
    assert "σ' belongs at z" in verdict("bp1_tanh_quadratic", (a - y) * (1 - np.tanh(a) ** 2),
                                        capsys)[1]


def test_slips_of_notebooks_09_and_10_are_named(capsys):
    z = np.array(exercises.EX09_LOGITS)
    only_max = z.max() - z[exercises.EX09_TRUE_CLASS]  # 1300: the e^{-10} term dropped
    ok, message = verdict("logits_cross_entropy", only_max, capsys)
    assert not ok and "ln(1 + e^{-10} + ...), is not 0" in message
    assert verdict("logits_cross_entropy", round(exercises.expected("logits_cross_entropy"), 7),
                   capsys)[0]  # the solution's printed 7 decimals
    zc = np.array(exercises.EX10_Z_ROWS).T
    a = np.exp(zc) / np.exp(zc).sum(axis=0)
    y = np.eye(4)[:, list(exercises.EX10_LABELS)]
    assert "subtract the one-hot targets" in verdict("examples_per_column", a, capsys)[1]
    ok, message = verdict("examples_per_column", (a - y) / 3, capsys)  # δ is not averaged
    assert not ok and message.startswith("every entry is 0.3333 times the expected one")
    bad = np.array(exercises.EX10_BAD_GRAD)
    assert "divide by m" in verdict("fix_sign_and_scale", -bad * 3, capsys)[1]
