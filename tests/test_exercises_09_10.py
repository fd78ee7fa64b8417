"""Notebooks 09 and 10's exercises: the registry's typical mistakes are told apart from the
answer, and the derivations the hints lead to give the registry's answers (closed forms written
here; the registry's own references are the complex step and mpmath)."""

import warnings

import numpy as np
import pytest

from nnhelpers import exercises
from nnhelpers.exercises import check


@pytest.mark.parametrize("name", ["layer_norm_vjp_by_hand", "layer_norm_delta",
                                  "stable_log_one_minus_sigmoid"])
def test_every_typical_mistake_is_named_and_is_not_the_answer(name, capsys):
    expected, wrong = exercises._EXERCISES[name]()
    assert wrong
    for description, answer in wrong.items():
        assert not np.allclose(answer, expected, rtol=1e-3)
        assert not check(name, answer)
        assert description in capsys.readouterr().out


def test_layer_norm_jacobian_closed_form_gives_the_vjp():
    z = np.array(exercises.EX09_LN_Z).reshape(-1, 1)
    g = np.array(exercises.EX09_LN_G).reshape(-1, 1)
    n = z.shape[0]
    s = np.sqrt(np.mean((z - z.mean()) ** 2))
    a = (z - z.mean()) / s
    jac = (np.eye(n) - np.ones((n, n)) / n - a @ a.T / n) / s  # hint 3's J, formed here
    assert check("layer_norm_vjp_by_hand", jac.T @ g)
    assert check("layer_norm_vjp_by_hand", (g - g.mean() - a * (a.T @ g) / n) / s)


def test_stable_log_one_minus_sigmoid_derivation_and_the_naive_route():
    z = np.array(exercises.EX10_Z)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        stable = -(np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))))  # hint 3
        with pytest.raises(RuntimeWarning):
            np.log(1 - 1 / (1 + np.exp(-z)))  # what the exercise cell refuses
    assert check("stable_log_one_minus_sigmoid", stable)
    with np.errstate(all="ignore"):
        naive = np.log(1 - 1 / (1 + np.exp(-z)))
    assert not check("stable_log_one_minus_sigmoid", naive)  # ln 0 at z = 800, digits lost at 30
    assert np.isneginf(naive[-1]) and abs(naive[3] / -30.0 - 1) > 1e-6  # the two failures named
