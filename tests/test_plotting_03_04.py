"""Figures of notebooks 03-04: drawn, labelled, right number of edges/bars/curves; bad input."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnhelpers import activations, plotting

Z = np.array([0.5, -1.0, 1.5])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _edge_lines(ax):
    """Lines between the z column (x = 0) and the a column (x = 1)."""
    return [ln for ln in ax.lines if tuple(ln.get_xdata()) == (0.0, 1.0)]


@pytest.mark.parametrize(("activation", "edges"), [("sigmoid", 3), ("softmax", 9)])
def test_dependency_graph_draws_one_edge_per_nonzero_derivative(activation, edges):
    J = activations.get_activation(activation).jacobian(Z)
    ax = plotting.plot_dependency_graph(J, highlight=1)
    assert len(_edge_lines(ax)) == edges
    red = [ln for ln in _edge_lines(ax) if ln.get_color() == "tab:red"]
    assert len(red) == (1 if activation == "sigmoid" else 3)
    assert all(ln.get_xdata()[0] == 0.0 and ln.get_ydata()[0] == 0.0 for ln in red)  # from z_2
    assert ax.get_xlabel() and ax.get_title() == f"{edges} edges from z to a"
    texts = {t.get_text() for t in ax.texts}
    assert {"$z_1$", "$a_3$", "$C$"} <= texts


def test_dependency_graph_without_cost_and_with_own_axes():
    fig, ax = plt.subplots()
    out = plotting.plot_dependency_graph(np.eye(2), ax=ax, show_cost=False, title="identity")
    assert out is ax and ax.get_title() == "identity"
    assert "$C$" not in {t.get_text() for t in ax.texts}


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"J": np.ones((2, 3))}, "square"),
    ({"J": np.array([[1.0, np.nan], [0.0, 1.0]])}, "NaN"),
    ({"J": np.eye(3), "highlight": 3}, "highlight"),
    ({"J": np.eye(3), "highlight": 0.5}, "highlight"),
    ({"J": np.eye(3), "tol": -1.0}, "tol"),
])
def test_dependency_graph_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        plotting.plot_dependency_graph(**kwargs)


def test_error_histogram_is_labelled_and_counts_every_sample():
    errors = np.random.default_rng(0).lognormal(-2.0, 1.0, size=500)
    ax = plotting.plot_error_histogram(errors, threshold=1e-7, bins=20)
    heights = [p.get_height() for p in ax.patches]
    assert len(heights) == 20 and sum(heights) == 500
    assert ax.get_xscale() == "log"
    assert ax.get_xlabel() == "relative error" and ax.get_ylabel() == "count"
    assert ax.get_title() == "500 samples"
    assert ax.get_legend() is not None


def test_error_histogram_narrow_range_gets_readable_ticks_and_shows_the_threshold():
    errors = np.random.default_rng(1).uniform(0.08, 0.6, size=200)
    ax = plotting.plot_error_histogram(errors, threshold=0.05)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["0.05", "0.1", "0.2", "0.5"]
    left, right = ax.get_xlim()
    assert left < 0.05 < 0.6 < right


@pytest.mark.parametrize(("errors", "kwargs", "match"), [
    ([], {}, "non-empty"),
    ([[0.1, 0.2]], {}, "1-d"),
    ([0.1, 0.0], {}, "positive"),
    ([0.1, np.inf], {}, "finite"),
    ([0.1, 0.2], {"bins": 0}, "bins"),
    ([0.1, 0.2], {"threshold": 0.0}, "threshold"),
    ([0.1, 0.2], {"threshold": "0.05"}, "threshold"),
])
def test_error_histogram_rejects_bad_input(errors, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plotting.plot_error_histogram(np.asarray(errors, dtype=float), **kwargs)


def test_cost_curves_draws_one_labelled_line_per_curve():
    ax = plotting.plot_cost_curves({"(37)": [1.0, 0.5, 0.25], "diagonal only": [2.0, 1.0, 1.5]},
                                   title="training", logy=True)
    assert [ln.get_label() for ln in ax.lines] == ["(37)", "diagonal only"]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "cost"
    assert ax.get_title() == "training" and ax.get_yscale() == "log"


@pytest.mark.parametrize(("curves", "match"), [
    ({}, "non-empty dict"),
    ([1.0, 2.0], "non-empty dict"),
    ({"a": []}, "'a'"),
    ({"a": [[1.0], [2.0]]}, "1-d"),
])
def test_cost_curves_rejects_bad_input(curves, match):
    with pytest.raises(ValueError, match=match):
        plotting.plot_cost_curves(curves)
