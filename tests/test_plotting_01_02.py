"""The figures of notebooks 01 and 02: plot_network, plot_demon, plot_step_sweep.

Each test checks what is drawn against the inputs (edge positions against Nielsen's indices,
the tangent's slope against δ, clipping of zero errors), not only that nothing raises.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Circle

from nnhelpers import plotting
from nnhelpers.network import Network


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def net():
    return Network([2, 3, 2], seed=1)


def _circles(ax):
    return [p for p in ax.patches if isinstance(p, Circle)]


def _text(ax, s):
    found = [t for t in ax.texts if t.get_text() == s]
    assert len(found) == 1, f"expected one text {s!r}, found {len(found)}"
    return found[0]


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


def test_plot_network_values_and_highlights(net):
    ax = plotting.plot_network(net.weights, net.biases, labels="values",
                               highlight_weight=(3, 1, 2), highlight_neuron=(3, 2))
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


def test_plot_network_no_labels_and_given_axes(net):
    fig, ax = plt.subplots()
    out = plotting.plot_network(net.weights, ax=ax, labels=None, title="t")
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
    ax = plotting.plot_step_sweep(sweeps, floor=1e-18)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.xaxis_inverted()
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == ["central", "complex"]
    assert "varepsilon" in labels[2]
    complex_line = ax.lines[2]  # central curve, its ring, complex curve, its ring, eps line
    assert complex_line.get_label() == "complex"
    assert np.min(complex_line.get_ydata()) == pytest.approx(1e-18)  # zeros drawn at the floor
    eps_line = ax.lines[-1]
    assert eps_line.get_ydata()[0] == pytest.approx(np.finfo(np.float64).eps)
    # the ring marks the smallest error of the central curve
    errs = sweeps["central"][1]
    assert ax.lines[1].get_xdata()[0] == pytest.approx(hs[np.argmin(errs)])


def test_plot_step_sweep_without_reference_line():
    hs = np.array([1e-1, 1e-2])
    ax = plotting.plot_step_sweep({"forward": (hs, hs)}, reference=None)
    assert len(ax.lines) == 2  # the curve and its ring


@pytest.mark.parametrize("sweeps, error", [
    ([], TypeError),
    ({}, TypeError),
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
