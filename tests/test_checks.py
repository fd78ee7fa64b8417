"""The shared input checks in nnhelpers.validation: what they accept and the messages they give."""

import numpy as np
import pytest

from nnhelpers.validation import check_choice, check_index, check_integer


def test_check_integer_accepts_python_and_numpy_integers():
    assert check_integer(3, "n", minimum=1) == 3
    assert type(check_integer(np.int64(7), "n")) is int


@pytest.mark.parametrize("bad", [True, 2.0, "3", None])
def test_check_integer_refuses_non_integers(bad):
    with pytest.raises(TypeError, match="n must be an integer"):
        check_integer(bad, "n")


@pytest.mark.parametrize("value, bounds, words", [
    (0, dict(minimum=1, maximum=4), "between 1 and 4, got 0"),
    (5, dict(minimum=1, maximum=4), "between 1 and 4, got 5"),
    (-1, dict(minimum=0), "at least 0, got -1"),
    (9, dict(maximum=8), "at most 8, got 9"),
])
def test_check_integer_names_its_bounds(value, bounds, words):
    with pytest.raises(ValueError, match=words):
        check_integer(value, "n", **bounds)


def test_check_index():
    assert check_index(np.int32(2), 3, "j") == 2
    with pytest.raises(ValueError, match=r"j must be an integer index in 0\.\.2, got 3"):
        check_index(3, 3, "j")
    with pytest.raises(ValueError, match="got -1"):
        check_index(-1, 3, "j")
    with pytest.raises(TypeError, match="index in 0..2"):
        check_index(1.0, 3, "j")


def test_check_choice():
    assert check_choice("a", ("a", "b"), "cost") == "a"
    with pytest.raises(ValueError, match=r"unknown cost 'c'; expected one of \['a', 'b'\]"):
        check_choice("c", ("a", "b"), "cost")
    with pytest.raises(TypeError, match="cost must be one of"):
        check_choice(1, ("a", "b"), "cost")
