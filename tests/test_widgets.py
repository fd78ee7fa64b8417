"""The Jacobian explorer (nnhelpers.widgets) without a browser: its numbers and its updates.

Every number the explorer shows is checked against a formula written out here (sigmoid
σ(1 - σ) on the diagonal, softmax diag(a) - a aᵀ, the closed forms a - y of (37)), not
against the code that produced it.
"""

import base64
import html
import io
import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnhelpers import bp1
from nnhelpers.widgets import (
    JacobianExplorer,
    default_logits,
    explorer_state,
    jacobian_explorer,
    plot_explorer,
)

COSTS = ("quadratic", "cross_entropy", "log_likelihood")


def sigmoid_ref(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax_ref(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def jacobians_ref(z):
    """Independent closed forms: (sigmoid J, softmax J), J[k, j] = ∂a_k/∂z_j."""
    s = sigmoid_ref(z)
    a = softmax_ref(z)
    return np.diag(s * (1.0 - s)), np.diag(a) - np.outer(a, a)


def grad_a_ref(a, y, cost):
    """∂C/∂a_k written out for each cost."""
    if cost == "quadratic":
        return a - y
    if cost == "cross_entropy":
        return (a - y) / (a * (1.0 - a))
    return -y / a  # log-likelihood, one-hot y


def shown_png(explorer):
    """The PNG bytes the explorer's Output widget holds (what the browser displays)."""
    (output,) = explorer.output.outputs
    return base64.b64decode(output["data"]["image/png"])


@pytest.fixture
def explorer():
    ex = jacobian_explorer()
    yield ex
    plt.close("all")
    ex.close()


# ------------------------------------------------------------------ the numbers -----------

@pytest.mark.parametrize("cost", COSTS)
def test_state_matches_independent_formulas(cost):
    rng = np.random.default_rng(5)
    for n in (2, 4, 7):
        z = rng.uniform(-3, 3, n)
        for j, target in itertools.product(range(n), (0, n - 1)):
            y = np.zeros(n)
            y[target] = 1.0
            state = explorer_state(z, j, target, cost)
            J_sig, J_soft = jacobians_ref(z)
            for name, a_ref, J_ref in (("sigmoid", sigmoid_ref(z), J_sig),
                                       ("softmax", softmax_ref(z), J_soft)):
                s = state[name]
                np.testing.assert_allclose(s["a"], a_ref, rtol=1e-13)
                np.testing.assert_allclose(s["J"], J_ref, rtol=1e-12, atol=1e-15)
                g = grad_a_ref(a_ref, y, cost)
                terms_ref = g * J_ref[:, j]  # (37) term by term
                np.testing.assert_allclose(s["terms"], terms_ref, rtol=1e-11, atol=1e-14)
                delta_ref = J_ref.T @ g  # (37) as a matrix product
                np.testing.assert_allclose(s["delta37"], delta_ref, rtol=1e-10, atol=1e-13)
                assert s["delta_j"] == pytest.approx(terms_ref.sum(), rel=1e-10, abs=1e-13)
                assert s["diagonal_only_j"] == pytest.approx(g[j] * J_ref[j, j], rel=1e-10,
                                                             abs=1e-14)
                # the readout's (36) is a finite difference: close to (37), not equal
                np.testing.assert_allclose(s["delta36"], delta_ref, rtol=1e-6, atol=1e-8)
                assert s["rel_error"] < 1e-6


def test_state_equals_what_nnhelpers_computes():
    z = np.array([0.3, -1.2, 2.0, 0.7])
    for cost, j, target in itertools.product(COSTS, range(4), range(4)):
        y = np.eye(4)[target]
        state = explorer_state(z, j, target, cost)
        for name in ("sigmoid", "softmax"):
            s = state[name]
            np.testing.assert_array_equal(s["delta37"], bp1.output_error(z, y, name, cost))
            np.testing.assert_array_equal(s["terms"], bp1.eq37_terms(z, y, name, cost, j))
            np.testing.assert_array_equal(s["delta36"],
                                          bp1.output_error_numeric(z, y, name, cost))


@pytest.mark.parametrize("cost", ["cross_entropy", "log_likelihood"])
def test_closed_forms_a_minus_y(cost):
    # (37) for softmax + log-likelihood and (38) for sigmoid + cross-entropy reduce to a - y
    z = np.array([1.1, -0.4, 0.2, -2.5])
    pair = "softmax" if cost == "log_likelihood" else "sigmoid"
    ref = softmax_ref(z) if pair == "softmax" else sigmoid_ref(z)
    for target in range(4):
        state = explorer_state(z, 0, target, cost)
        np.testing.assert_allclose(state[pair]["delta37"], ref - np.eye(4)[target], rtol=1e-12,
                                   atol=1e-15)


def test_sigmoid_is_diagonal_and_one_term_survives():
    rng = np.random.default_rng(1)
    for cost in COSTS:
        z = rng.uniform(-3, 3, 5)
        for j in range(5):
            s = explorer_state(z, j, (j + 1) % 5, cost)["sigmoid"]
            off = ~np.eye(5, dtype=bool)
            assert np.all(s["J"][off] == 0.0)
            others = np.delete(s["terms"], j)
            assert np.all(others == 0.0), "sigmoid: only the k = j term of (37) is nonzero"
            if cost != "log_likelihood":  # there ∂C/∂a_j = -y_j / a_j is 0 for j != target
                assert s["terms"][j] != 0.0
            assert s["delta_j"] == s["diagonal_only_j"]


def test_softmax_every_term_counts():
    z = np.array([1.0, 0.2, -0.6, 0.4])
    s = explorer_state(z, 1, 0, "quadratic")["softmax"]
    assert np.all(s["J"] != 0.0)
    assert np.all(s["terms"] != 0.0)
    np.testing.assert_allclose(s["J"].sum(axis=0), 0.0, atol=1e-15)  # Σ_k a_k = 1 for every z
    assert abs(s["delta_j"] - s["diagonal_only_j"]) > 0.01  # skipping the sum is wrong


def test_log_likelihood_off_diagonal_is_everything():
    # j != target: the only nonzero term is k = target, an off-diagonal one, and it equals a_j
    z = np.array([-1.0, 2.0, 0.0, 0.5])
    s = explorer_state(z, 1, 0, "log_likelihood")["softmax"]
    a = softmax_ref(z)
    np.testing.assert_allclose(s["terms"], [a[1], 0, 0, 0], atol=1e-15)
    assert s["diagonal_only_j"] == 0.0
    assert s["delta_j"] == pytest.approx(a[1], rel=1e-12)


# ------------------------------------------------------------------ the widget ------------

def test_defaults(explorer):
    assert isinstance(explorer, JacobianExplorer)
    assert len(explorer.sliders) == 4
    np.testing.assert_array_equal(explorer.z, default_logits(4))
    assert (explorer.neuron.value, explorer.target.value, explorer.cost.value) == (
        0, 0, "quadratic")
    assert explorer.png.startswith(b"\x89PNG")
    assert shown_png(explorer) == explorer.png


def test_moving_one_slider_changes_data_figure_and_readout(explorer):
    before = explorer.state
    png, readout, count = explorer.png, explorer.readout.value, explorer.update_count
    explorer.sliders[2].value = 1.3  # the observe callback runs update()
    after = explorer.state
    assert explorer.update_count == count + 1
    np.testing.assert_allclose(after["z"], [1.5, 0.5, 1.3, -1.5])
    # sigmoid: only a_3 moved; softmax: every a_k moved
    changed_sig = after["sigmoid"]["a"] != before["sigmoid"]["a"]
    changed_soft = after["softmax"]["a"] != before["softmax"]["a"]
    np.testing.assert_array_equal(changed_sig, [False, False, True, False])
    assert changed_soft.all()
    np.testing.assert_allclose(after["softmax"]["a"], softmax_ref(after["z"]), rtol=1e-13)
    # the figure shown and the readout changed, and show the new numbers
    assert explorer.png != png and shown_png(explorer) == explorer.png
    assert explorer.readout.value != readout
    text = html.unescape(explorer.readout.value)
    for name in ("sigmoid", "softmax"):
        assert f"{after[name]['delta_j']:+.6f}" in text
        assert f"{after[name]['delta_j_numeric']:+.6f}" in text
    assert text.count("✔") == 2


def test_selectors_change_j_target_and_cost(explorer):
    explorer.neuron.value = 2
    assert explorer.state["j"] == 2
    J = explorer.state["softmax"]["J"]
    a = explorer.state["softmax"]["a"]
    np.testing.assert_allclose(explorer.state["softmax"]["terms"], (a - np.eye(4)[0]) * J[:, 2],
                               rtol=1e-12)
    assert "δ<sub>3</sub>" in explorer.readout.value
    explorer.target.value = 3
    np.testing.assert_array_equal(explorer.state["y"], [0, 0, 0, 1])
    png = explorer.png
    explorer.cost.value = "log_likelihood"
    assert explorer.state["cost"] == "log_likelihood"
    assert explorer.png != png
    a = softmax_ref(explorer.z)
    np.testing.assert_allclose(explorer.state["softmax"]["delta37"], a - np.eye(4)[3],
                               rtol=1e-12, atol=1e-15)


def test_slider_values_are_exact_tenths(explorer):
    # the browser moves an index over these exact values, so it never sends back a rounded one
    slider = explorer.sliders[0]
    values = [value for _, value in slider.options]
    assert values == [k / 10 for k in range(-40, 41)]
    explorer.set(z=[0.7, -0.3, 0.1, 3.9])
    assert explorer.sliders[0].value == 0.7 and explorer.sliders[3].value == 3.9
    assert [s.label for s in explorer.sliders] == ["0.7", "-0.3", "0.1", "3.9"]
    assert jacobian_explorer(n=5).z.tolist() == [1.5, 0.8, 0.0, -0.8, -1.5]


def test_set_updates_once(explorer):
    count = explorer.update_count
    state = explorer.set(z=[0, 0, 0, 0], j=1, target=2, cost="cross_entropy")
    assert explorer.update_count == count + 1
    assert state is explorer.state
    np.testing.assert_array_equal(state["z"], 0.0)
    assert (state["j"], state["target"], state["cost"]) == (1, 2, "cross_entropy")
    np.testing.assert_allclose(state["softmax"]["a"], 0.25)


def test_fast_redraw_equals_a_fresh_figure(explorer):
    # the live figure redraws only what changes; after every change it must show exactly
    # what a new explorer with the same values shows
    steps = [
        lambda: setattr(explorer.sliders[0], "value", -2.0),
        lambda: setattr(explorer.neuron, "value", 2),  # new titles, same scale
        lambda: setattr(explorer.sliders[3], "value", 3.9),
        lambda: explorer.set(j=3, cost="log_likelihood"),  # new scale
        lambda: setattr(explorer.target, "value", 1),
        lambda: setattr(explorer.sliders[1], "value", 0.0),
    ]
    for step in steps:
        step()
        s = explorer.state
        fresh = jacobian_explorer(z=s["z"], j=s["j"], target=s["target"], cost=s["cost"])
        assert fresh.png == explorer.png, f"after a change to {s}"
        fresh.close()


def test_png_is_the_rendered_figure(explorer):
    # the hand-written PNG encoder: decode it independently (Pillow) and compare the pixels
    from PIL import Image

    explorer.sliders[1].value = -1.2
    decoded = np.asarray(Image.open(io.BytesIO(explorer.png)).convert("RGB"))
    rendered = np.asarray(explorer.figure.canvas.buffer_rgba())[:, :, :3]
    np.testing.assert_array_equal(decoded, rendered)


def test_other_sizes():
    for n in (2, 8):
        ex = jacobian_explorer(n=n, j=n - 1, target=n - 1)
        assert len(ex.sliders) == n and ex.state["softmax"]["J"].shape == (n, n)
        ex.sliders[0].value = 2.0
        assert ex.state["z"][0] == 2.0
        ex.close()


def test_static_figure():
    fig = plot_explorer(z=[0.5, 0.0, -0.5], j=2, target=1, cost="log_likelihood")
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert len(fig.axes) == 7  # 3 rows x 2 activations + the shared colour bar
    assert texts.count("0") == 6  # sigmoid's off-diagonal entries, every number shown
    assert "log-likelihood" in fig._suptitle.get_text()
    plt.close(fig)


# ------------------------------------------------------------------ bad arguments ---------

@pytest.mark.parametrize("kwargs, error", [
    ({"n": 1}, ValueError), ({"n": 9}, ValueError), ({"n": 4.0}, TypeError),
    ({"n": True}, TypeError), ({"n": "4"}, TypeError),
    ({"z": [0.0, 1.0, 2.0]}, ValueError), ({"z": [0.0, 1.0, 2.0, 9.0]}, ValueError),
    ({"z": [0.0, 1.0, np.nan, 2.0]}, ValueError), ({"z": "1234"}, TypeError),
    ({"z": [[0.0, 1.0], [2.0, 3.0]]}, ValueError),
    ({"j": 4}, ValueError), ({"j": -1}, ValueError), ({"j": 1.0}, TypeError),
    ({"target": 7}, ValueError), ({"target": None}, TypeError),
    ({"cost": "mse"}, ValueError), ({"cost": 3}, TypeError),
    ({"z": [0.05, 0.0, 0.0, 0.0]}, ValueError), ({"z_range": (-4, 4.05)}, ValueError),
    ({"z_range": (2, -2)}, ValueError), ({"z_range": 4}, TypeError),
    ({"z_range": (0, 1)}, ValueError),  # the default logits do not fit
])
def test_bad_arguments_raise(kwargs, error):
    with pytest.raises(error):
        jacobian_explorer(**kwargs)


def test_bad_values_in_set_and_state(explorer):
    with pytest.raises(ValueError, match="4 logits"):
        explorer.set(z=[1.0, 2.0])
    with pytest.raises(ValueError, match="range"):
        explorer.set(z=[0, 0, 0, 5.0])
    with pytest.raises(ValueError):
        explorer.set(j=4)
    with pytest.raises(ValueError):
        explorer.set(cost="hinge")
    assert explorer.state["j"] == 0  # nothing changed
    with pytest.raises(ValueError):
        explorer_state([0.0] * 9)
    with pytest.raises(ValueError):
        explorer_state([0.0, 1.0], j=2)
