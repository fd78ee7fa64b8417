"""The course's figures (nnhelpers.plotting): each test checks what is drawn against the inputs
(edge positions against Nielsen's indices, label positions against the edge geometry, the tangent's
slope against δ, clipping of zero errors, one edge per nonzero derivative, marked zero bars), not
only that nothing raises. Figures are closed after each test by the fixture in conftest.py.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import Circle

from nnhelpers import activations, plotting
from nnhelpers.network import Network
from nnhelpers.plotting import plot_digits, plot_learning_curves

# --- notebooks 01-02: plot_network, plot_demon, plot_step_sweep ---

@pytest.fixture
def net():
    return Network([2, 3, 2], seed=1)


def _circles(ax):
    return [p for p in ax.patches if isinstance(p, Circle)]


def _text(ax, s):
    found = [t for t in ax.texts if t.get_text() == s]
    assert len(found) == 1, f"expected one text {s!r}, found {len(found)}"
    return found[0]


def _distance_to_segment(p, a, b):
    p, a, b = (np.asarray(v, dtype=np.float64) for v in (p, a, b))
    t = np.clip(np.dot(p - a, b - a) / np.dot(b - a, b - a), 0.0, 1.0)
    return float(np.linalg.norm(p - (a + t * (b - a))))


def _on_segment(p, a, b, tol=1e-9):
    (px, py), (ax_, ay), (bx, by) = p, a, b
    cross = (bx - ax_) * (py - ay) - (by - ay) * (px - ax_)
    inside = min(ax_, bx) - tol <= px <= max(ax_, bx) + tol
    return abs(cross) < tol and inside


# ---------------------------------------------------------------- plot_network

def test_plot_network_draws_every_edge_and_neuron(net):
    ax = plotting.plot_network(net.weights, net.biases)
    assert isinstance(ax, plt.Axes)
    assert len(ax.lines) == 2 * 3 + 3 * 2  # one line per weight
    assert len(_circles(ax)) == 2 + 3 + 2  # one circle per neuron
    assert ax.get_title() and ax.get_xlabel()
    for l, n in ((1, 2), (2, 3), (3, 2)):
        for j in range(1, n + 1):
            _text(ax, rf"$a^{{{l}}}_{{{j}}}$")


def test_plot_network_symbol_sits_on_the_edge_from_k_to_j(net):
    # w^3_12 is the weight from neuron 2 of layer 2 to neuron 1 of layer 3 (Nielsen's order of
    # indices); its label must lie on the segment between those two circles, not the transposed one
    ax = plotting.plot_network(net.weights, labels="symbols")
    centres = {}
    for c in _circles(ax):
        centres.setdefault(round(c.center[0], 6), []).append(c.center)
    layers = [sorted(centres[x], key=lambda p: -p[1]) for x in sorted(centres)]  # j = 1 on top
    label = _text(ax, r"$w^{3}_{12}$").get_position()
    assert _on_segment(label, layers[1][1], layers[2][0])
    assert not _on_segment(label, layers[1][0], layers[2][1])
    label = _text(ax, r"$w^{2}_{31}$").get_position()
    assert _on_segment(label, layers[0][0], layers[1][2])


@pytest.mark.parametrize(("sizes", "clearance", "apart"),
                         [([2, 3, 2], 0.2, 0.5), ([3, 4, 2], 0.15, 0.35), ([2, 2], 0.2, 0.5)])
def test_edge_labels_sit_on_their_own_edge_away_from_every_other_edge(sizes, clearance, apart):
    # notebook 01 teaches index order with w^3_13 and w^2_31: a label on a crossing would be
    # ambiguous, so each must lie on its own edge and clear of every other edge and label
    pos = plotting.neuron_positions(sizes)
    segments = {(l, j, k): (pos[l - 2][k - 1], pos[l - 1][j - 1])
                for l in range(2, len(sizes) + 1)
                for j in range(1, sizes[l - 1] + 1) for k in range(1, sizes[l - 2] + 1)}
    labels = plotting.edge_label_positions(sizes)
    assert set(labels) == set(segments)
    for key, point in labels.items():
        assert _on_segment(point, *segments[key]), key
        for other, segment in segments.items():
            if other != key:
                assert _distance_to_segment(point, *segment) > clearance, (key, other)
        for other, q in labels.items():
            if other != key:
                assert np.hypot(point[0] - q[0], point[1] - q[1]) > apart, (key, other)
        for layer in pos:  # and off the neurons' circles (radius 0.22)
            assert all(np.hypot(point[0] - x, point[1] - y) > 0.4 for x, y in layer)


def test_plot_network_writes_each_label_where_edge_label_positions_says(net):
    ax = plotting.plot_network(net.weights, labels="symbols")
    places = plotting.edge_label_positions([2, 3, 2])
    for l, j, k in [(3, 1, 3), (2, 3, 1), (3, 1, 2)]:
        label = _text(ax, rf"$w^{{{l}}}_{{{j}{k}}}$").get_position()
        np.testing.assert_allclose(label, places[(l, j, k)])


@pytest.mark.parametrize("as_given", [tuple, list])  # a list highlights as a tuple does
def test_plot_network_values_and_highlights(net, as_given):
    ax = plotting.plot_network(net.weights, net.biases, labels="values",
                               highlight_weight=as_given((3, 1, 2)),
                               highlight_neuron=as_given((3, 2)))
    texts = {t.get_text() for t in ax.texts}
    assert f"{net.weights[1][0, 1]:+.2f}" in texts
    assert f"b={net.biases[1][1, 0]:+.2f}" in texts
    black = [line for line in ax.lines if line.get_color() == "black"]
    assert len(black) == 1 and black[0].get_linewidth() == pytest.approx(3.5)
    red = [c for c in _circles(ax) if np.allclose(c.get_edgecolor()[:3], (0.839, 0.153, 0.157),
                                                   atol=0.01)]
    assert len(red) == 1
    # the red neuron is the lower of the two output neurons (j = 2)
    outputs = sorted((c for c in _circles(ax) if c.center[0] == max(
        c2.center[0] for c2 in _circles(ax))), key=lambda c: -c.center[1])
    assert outputs[1] is red[0]


def test_plot_network_given_axes_and_title(net):
    fig, ax = plt.subplots()
    out = plotting.plot_network(net.weights, ax=ax, labels="values", title="t")
    assert out is ax and ax.get_title() == "t"
    assert not any(t.get_text().startswith("$w") for t in ax.texts)


@pytest.mark.parametrize("bad, error", [
    (np.ones((3, 2)), TypeError),  # one matrix, not a list
    ([], TypeError),
    ([np.ones(3)], ValueError),  # not 2-d
    ([np.ones((3, 2)), np.ones((2, 2))], ValueError),  # (2, 2) does not follow a layer of 3
    ([np.array([[np.nan, 1.0]])], ValueError),
])
def test_plot_network_rejects_bad_weights(bad, error):
    with pytest.raises(error):
        plotting.plot_network(bad)


def test_plot_network_rejects_bad_options(net):
    with pytest.raises(ValueError, match="biases"):
        plotting.plot_network(net.weights, [np.ones((3, 1)), np.ones((3, 1))])
    with pytest.raises(ValueError, match="labels"):
        plotting.plot_network(net.weights, labels="numbers")
    with pytest.raises(TypeError, match="labels"):
        plotting.plot_network(net.weights, labels=None)
    with pytest.raises(ValueError, match="highlight_weight"):
        plotting.plot_network(net.weights, highlight_weight=(3, 2, 4))  # layer 2 has 3 neurons
    with pytest.raises(ValueError, match="highlight_weight"):
        plotting.plot_network(net.weights, highlight_weight=(1, 1, 1))  # no weights into layer 1
    with pytest.raises(ValueError, match="highlight_neuron"):
        plotting.plot_network(net.weights, highlight_neuron=(4, 1))


# ---------------------------------------------------------------- plot_demon

def test_plot_demon_tangent_has_slope_delta():
    dz = np.linspace(1.0, -1.0, 21)  # unsorted on purpose: drawn sorted
    delta_c = 0.3 * dz + 0.2 * dz**2
    ax = plotting.plot_demon(dz, delta_c, 0.3, j=2)
    curve, tangent = ax.lines[0], ax.lines[1]
    x, yv = tangent.get_data()
    assert np.all(np.diff(x) > 0)
    np.testing.assert_allclose(yv, 0.3 * x, rtol=1e-12)
    np.testing.assert_allclose(curve.get_ydata(), 0.3 * x + 0.2 * x**2, rtol=1e-12)
    assert "z^L_{2}" in ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    assert ax.get_legend() is not None


@pytest.mark.parametrize("dz, dc, delta", [
    (np.ones(3), np.ones(4), 1.0),
    (np.ones((3, 1)), np.ones((3, 1)), 1.0),
    (np.ones(1), np.ones(1), 1.0),
    (np.array([0.0, np.inf]), np.zeros(2), 1.0),
    (np.zeros(2), np.zeros(2), np.array([1.0, 2.0])),
    (np.zeros(2), np.zeros(2), np.nan),
])
def test_plot_demon_rejects_bad_input(dz, dc, delta):
    with pytest.raises(ValueError):
        plotting.plot_demon(dz, dc, delta)


# ---------------------------------------------------------------- plot_step_sweep

def test_plot_step_sweep_loglog_clipped_and_labelled():
    hs = np.logspace(-1, -10, 10)
    sweeps = {"central": (hs, hs**2 + 1e-16 / hs), "complex": (hs, np.where(hs < 1e-5, 0.0, hs**2))}
    ax = plotting.plot_step_sweep(sweeps)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.xaxis_inverted()
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == ["central", "complex"]
    assert "exactly 0" in labels[2] and "varepsilon" in labels[3]
    complex_line = ax.lines[2]  # central curve, its ring, complex curve, its ring, eps line
    assert complex_line.get_label() == "complex"
    assert np.min(complex_line.get_ydata()) == pytest.approx(1e-18)  # zeros drawn at the floor
    eps_line = ax.lines[-1]
    assert eps_line.get_ydata()[0] == pytest.approx(np.finfo(np.float64).eps)
    # the ring marks the smallest error of the central curve
    errs = sweeps["central"][1]
    assert ax.lines[1].get_xdata()[0] == pytest.approx(hs[np.argmin(errs)])


def test_plot_step_sweep_without_exact_zeros_has_no_floor_line():
    hs = np.array([1e-1, 1e-2])
    ax = plotting.plot_step_sweep({"forward": (hs, hs)})
    assert len(ax.lines) == 3  # the curve, its ring and machine epsilon


@pytest.mark.parametrize("sweeps, error", [
    ([], ValueError),
    ({}, ValueError),
    ({"a": (np.ones(3),)}, ValueError),
    ({"a": (np.ones(3), np.ones(2))}, ValueError),
    ({"a": (np.array([1e-1, 0.0]), np.ones(2))}, ValueError),
    ({"a": (np.array([1e-1, -1e-2]), np.ones(2))}, ValueError),
    ({"a": (np.array([1e-1, 1e-2]), np.array([1.0, -1.0]))}, ValueError),
    ({"a": (np.array([1e-1, 1e-2]), np.array([1.0, np.nan]))}, ValueError),
])
def test_plot_step_sweep_rejects_bad_input(sweeps, error):
    with pytest.raises(error):
        plotting.plot_step_sweep(sweeps)


# --- notebooks 03-04: dependency graph, error histogram, cost curves, delta bars ---

Z = np.array([0.5, -1.0, 1.5])




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


def test_dependency_graph_with_own_axes():
    fig, ax = plt.subplots()
    out = plotting.plot_dependency_graph(np.eye(2), ax=ax, title="identity")
    assert out is ax and ax.get_title() == "identity"
    assert len(_edge_lines(ax)) == 2  # exact zeros off the diagonal: no edge


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"J": np.ones((2, 3))}, "square"),
    ({"J": np.array([[1.0, np.nan], [0.0, 1.0]])}, "NaN"),
    ({"J": np.eye(3), "highlight": 3}, "highlight"),
    ({"J": np.eye(3), "highlight": 0.5}, "highlight"),
])
def test_dependency_graph_rejects_bad_input(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
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
    left, right = ax.get_xlim()
    labels = [t.get_text() for t, x in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True)
              if left <= x <= right]  # the ticks in view
    assert labels == ["0.05", "0.1", "0.2", "0.5"]
    assert left < 0.05 < 0.6 < right


@pytest.mark.parametrize(("errors", "kwargs", "match"), [
    ([], {}, "empty"),
    ([[0.1, 0.2]], {}, r"shape \(n,\)"),
    ([0.1, 0.0], {}, "positive"),
    ([0.1, np.inf], {}, "NaN or infinity"),
    ([0.1, 0.2], {"bins": 0}, "bins"),
    ([0.1, 0.2], {"threshold": 0.0}, "threshold"),
    ([0.1, 0.2], {"threshold": "0.05"}, "threshold"),
])
def test_error_histogram_rejects_bad_input(errors, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plotting.plot_error_histogram(np.asarray(errors, dtype=float), **kwargs)


def test_cost_curves_draws_one_labelled_line_per_curve():
    ax = plotting.plot_cost_curves({"(37)": [1.0, 0.5, 0.25], "diagonal only": [2.0, 1.0, 1.5]},
                                   title="training")
    assert [ln.get_label() for ln in ax.lines] == ["(37)", "diagonal only"]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "cost"
    assert ax.get_title() == "training"


@pytest.mark.parametrize(("curves", "match"), [
    ({}, "non-empty dict"),
    ([1.0, 2.0], "non-empty dict"),
    ({"a": []}, "'a'"),
    ({"a": [[1.0], [2.0]]}, "1-d"),
])
def test_cost_curves_rejects_bad_input(curves, match):
    with pytest.raises(ValueError, match=match):
        plotting.plot_cost_curves(curves)


# --- notebooks 06-07: plot_learning_curves, plot_digits ---

def _histories():
    return {
        "run A": {"epoch": [1, 2, 3], "train_cost": [0.5, 0.3, 0.2],
                  "test_accuracy": [0.8, 0.9, 0.95]},
        "run B": {"epoch": [1, 2, 3], "train_cost": [2.0, 3.0, 4.0],
                  "test_accuracy": [None, 0.1, 0.1]},
    }


def test_learning_curves_one_panel_per_key_one_line_per_run():
    fig = plot_learning_curves(_histories(), logy=("train_cost",))
    cost_ax, acc_ax = fig.axes[:2]
    assert [line.get_label() for line in cost_ax.get_lines()] == ["run A", "run B"]
    np.testing.assert_array_equal(cost_ax.get_lines()[0].get_ydata(), [0.5, 0.3, 0.2])
    np.testing.assert_array_equal(cost_ax.get_lines()[1].get_xdata(), [1, 2, 3])
    assert cost_ax.get_yscale() == "log" and acc_ax.get_yscale() == "linear"
    assert cost_ax.get_xlabel() == "epoch" and acc_ax.get_ylabel() == "test accuracy"


def test_learning_curves_skip_missing_values_and_use_given_axes_and_styles():
    fig, axes = plt.subplots(1, 1)
    out = plot_learning_curves(_histories(), keys="test_accuracy", axes=[axes],
                               styles={"run B": {"color": "tab:gray", "linestyle": "--"}},
                               titles=["accuracy"], ylabels=["fraction"])
    assert out is fig
    line_b = axes.get_lines()[1]
    np.testing.assert_array_equal(line_b.get_xdata(), [2, 3])  # the None at epoch 1 is left out
    assert line_b.get_linestyle() == "--"
    assert to_rgba(line_b.get_color()) == to_rgba("tab:gray")
    assert axes.get_title() == "accuracy" and axes.get_ylabel() == "fraction"


def test_learning_curves_accept_single_neuron_runs():
    run = {"epoch": list(range(301)), "output": list(np.linspace(0.8, 0.1, 301)),
           "cost": list(np.linspace(0.3, 0.01, 301))}
    fig = plot_learning_curves({"quadratic": run}, keys=("output", "cost"))
    assert len(fig.axes) == 2
    assert fig.axes[0].get_lines()[0].get_marker() in ("None", "", None)  # long runs: no markers


@pytest.mark.parametrize("histories, kwargs, message", [
    ({}, {}, "non-empty dict"),
    ({"a": {"epoch": [1]}}, {}, "has no"),
    ({"a": {"epoch": [1, 2], "train_cost": [1.0], "test_accuracy": [0.1, 0.2]}}, {},
     "has 1 values"),
    ({"a": {"epoch": [1], "train_cost": [1.0], "test_accuracy": [0.1]}}, {"keys": ()},
     "at least one"),
])
def test_learning_curves_reject_bad_input(histories, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plot_learning_curves(histories, **kwargs)


def test_learning_curves_need_one_axes_per_key():
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="need 2 axes"):
        plot_learning_curves(_histories(), axes=[ax])


def test_digits_show_each_image_with_its_labels():
    rng = np.random.default_rng(0)
    X = rng.uniform(0.0, 1.0, size=(784, 3))
    fig = plot_digits(X, np.array([3, 5, 7]), np.array([3, 6, 7]), ncols=2, title="digits")
    axes = fig.axes
    assert len(axes) == 4  # 2 x 2 grid, the last one empty
    images = [ax.get_images() for ax in axes]
    assert [len(i) for i in images] == [1, 1, 1, 0]
    np.testing.assert_array_equal(images[1][0].get_array(), X[:, 1].reshape(28, 28))
    assert axes[1].get_title() == "label 5, net 6"
    assert to_rgba(axes[1].title.get_color()) == to_rgba("tab:red")  # a mistake is red
    assert to_rgba(axes[0].title.get_color()) == to_rgba("black")
    assert fig._suptitle.get_text() == "digits"


def test_digits_without_predictions_and_one_column():
    fig = plot_digits(np.zeros((784, 1)), np.array([4]))
    assert fig.axes[0].get_title() == "label 4"


@pytest.mark.parametrize("X, labels, predicted, message", [
    (np.zeros((783, 2)), np.array([1, 2]), None, r"\(784, k\)"),
    (np.zeros((784, 2)), np.array([1]), None, "labels must have shape"),
    (np.zeros((784, 2)), np.array([1, 2]), np.array([1]), "predicted must have shape"),
])
def test_digits_reject_bad_shapes(X, labels, predicted, message):
    with pytest.raises(ValueError, match=message):
        plot_digits(X, labels, predicted)


# --- plot_delta_bars (notebook 04) and the step sweep's exact zeros (notebook 02) ---

def test_delta_bars_mark_every_zero_bar():
    true = np.array([0.2, 0.6, -0.9, 0.03])
    diag = np.array([0.0, 0.0, -0.9, 0.0])
    ax = plotting.plot_delta_bars({"(37)": true, "diagonal only": diag.reshape(4, 1)})
    assert len(ax.patches) == 8  # one bar per neuron and δ
    zeros = [t for t in ax.texts if t.get_text() == "0"]
    assert len(zeros) == 3
    (rings,) = ax.collections  # one hollow marker per bar of exactly 0
    bar_x = sorted(b.get_x() + b.get_width() / 2 for b, h in
                   zip(ax.patches, np.concatenate([true, diag]), strict=True) if h == 0.0)
    np.testing.assert_allclose(sorted(rings.get_offsets()[:, 0]), bar_x)
    np.testing.assert_allclose(rings.get_offsets()[:, 1], 0.0)
    np.testing.assert_allclose(sorted(t.xy[0] for t in zeros), bar_x)  # each "0" above its bar
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "a bar of exactly 0" in legend and "(37)" in legend


def test_delta_bars_without_zeros_have_no_marker():
    ax = plotting.plot_delta_bars({"a": [1.0, -2.0]}, title="t")
    assert not ax.texts and ax.get_title() == "t"


@pytest.mark.parametrize(("deltas", "match"), [
    ({}, "non-empty"), ({"a": [1.0, 2.0], "b": [1.0]}, "same length"),
    ({"a": [[1.0, 2.0]]}, "shape"), ({"a": [np.nan]}, "NaN or infinity")])
def test_delta_bars_reject_bad_input(deltas, match):
    with pytest.raises(ValueError, match=match):
        plotting.plot_delta_bars(deltas)


def test_step_sweep_legend_says_where_exact_zeros_are_drawn():
    hs = np.array([1e-2, 1e-10, 1e-20])
    ax = plotting.plot_step_sweep({"complex step": (hs, np.array([1e-6, 0.0, 0.0]))})
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("exactly 0" in t and "1e-18" in t for t in legend)
    ax = plotting.plot_step_sweep({"central": (hs, np.array([1e-6, 1e-9, 1e-3]))})
    assert not any("exactly 0" in t.get_text() for t in ax.get_legend().get_texts())


def test_learning_curves_zoom_inset_shows_the_close_runs_in_its_range():
    histories = {"good A": {"epoch": [1, 2, 3], "test_accuracy": [0.88, 0.90, 0.92]},
                 "good B": {"epoch": [1, 2, 3], "test_accuracy": [0.89, 0.91, 0.92]},
                 "chance": {"epoch": [1, 2, 3], "test_accuracy": [0.1, 0.09, 0.11]}}
    fig = plot_learning_curves(histories, keys="test_accuracy",
                               zoom={"test_accuracy": (0.87, 0.93)})
    ax = fig.axes[0]
    (inset,) = ax.child_axes
    assert inset.get_ylim() == (0.87, 0.93) and inset.get_xlim() == ax.get_xlim()
    assert [line.get_label() for line in inset.get_lines()] == ["good A", "good B", "chance"]
    np.testing.assert_array_equal(inset.get_lines()[1].get_ydata(), [0.89, 0.91, 0.92])


@pytest.mark.parametrize("zoom, message", [
    ({"train_cost": (0.1, 0.2)}, "for a plotted key"),
    ({"test_accuracy": (0.9, 0.9)}, "ymin < ymax"),
])
def test_learning_curves_refuse_a_bad_zoom(zoom, message):
    histories = {"a": {"epoch": [1, 2], "test_accuracy": [0.8, 0.9]}}
    with pytest.raises(ValueError, match=message):
        plot_learning_curves(histories, keys="test_accuracy", zoom=zoom)
