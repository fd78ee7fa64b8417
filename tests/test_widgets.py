"""The Jacobian explorer widget (nnhelpers.widgets) without a browser: its controls, updates,
question checks and bad arguments. Numbers shown are checked against formulas written out here
(softmax e^z / Σ e^z, diag(a) - a aᵀ, the closed forms a - y of (37)), not the code under test.
"""

import html

import matplotlib.pyplot as plt
import numpy as np
import pytest
import reference as ref

from nnhelpers.explorer_figure import scene, term_scale
from nnhelpers.widgets import (
    JacobianExplorer,
    default_logits,
    explorer_numbers,
    jacobian_explorer,
)


def shown(explorer):
    """The scene the explorer's view holds (what the browser draws)."""
    return explorer.view.scene


def set_logit(explorer, k, value):
    """Move slider k (0-based) to `value`, as a learner's drag does: one new list of positions."""
    positions = list(explorer.view.positions)
    positions[k] = round(value * 10)
    explorer.view.positions = positions


@pytest.fixture
def explorer():
    ex = jacobian_explorer()
    yield ex
    plt.close("all")
    ex.close()


# ------------------------------------------------------------------ the widget ------------

def test_defaults(explorer):
    assert isinstance(explorer, JacobianExplorer)
    assert explorer.view.positions == [15, 5, -5, -15] and explorer.view.limits == [-40, 40]
    np.testing.assert_array_equal(explorer.z, default_logits(4))
    assert (explorer.j, explorer.target, explorer.cost) == (
        0, 0, "quadratic")
    assert shown(explorer)["rows"][0]["a"] == explorer.state["sigmoid"]["a"].tolist()
    assert explorer.view.description.startswith("Explorer figure at z = (1.5, 0.5, -0.5, -1.5)")


def test_moving_one_slider_changes_data_figure_and_readout(explorer):
    before = explorer.state
    figure, readout, count = shown(explorer), explorer.view.readout, explorer.update_count
    set_logit(explorer, 2, 1.3)  # the observe callback runs update()
    after = explorer.state
    assert explorer.update_count == count + 1
    np.testing.assert_allclose(after["z"], [1.5, 0.5, 1.3, -1.5])
    # sigmoid: only a_3 moved; softmax: every a_k moved
    changed_sig = after["sigmoid"]["a"] != before["sigmoid"]["a"]
    changed_soft = after["softmax"]["a"] != before["softmax"]["a"]
    np.testing.assert_array_equal(changed_sig, [False, False, True, False])
    assert changed_soft.all()
    np.testing.assert_allclose(after["softmax"]["a"], ref.softmax(after["z"]), rtol=1e-13)
    # the figure shown and the readout changed, and show the new numbers
    assert shown(explorer) != figure
    for row, name in zip(shown(explorer)["rows"], ("sigmoid", "softmax"), strict=True):
        assert row["a"] == after[name]["a"].tolist() and row["delta_j"] == after[name]["delta_j"]
    assert explorer.view.readout != readout
    text = html.unescape(explorer.view.readout)
    for name in ("sigmoid", "softmax"):
        assert f"{after[name]['delta_j']:+.6f}" in text
        assert f"{after[name]['delta_j_numeric']:+.6f}" in text
    assert text.count("✔") == 2


def test_selectors_change_j_target_and_cost(explorer):
    explorer.j = 2
    assert explorer.state["j"] == 2
    J = explorer.state["softmax"]["J"]
    a = explorer.state["softmax"]["a"]
    np.testing.assert_allclose(explorer.state["softmax"]["terms"], (a - np.eye(4)[0]) * J[:, 2],
                               rtol=1e-12)
    assert "δ<sub>3</sub>" in explorer.view.readout
    explorer.target = 3
    np.testing.assert_array_equal(explorer.state["y"], [0, 0, 0, 1])
    figure = shown(explorer)
    assert figure["target"] == 3 and figure["j"] == 2
    explorer.cost = "log_likelihood"
    assert explorer.state["cost"] == "log_likelihood"
    assert shown(explorer)["rows"][1]["terms"] != figure["rows"][1]["terms"]
    a = ref.softmax(explorer.z)
    np.testing.assert_allclose(explorer.state["softmax"]["delta37"], a - np.eye(4)[3],
                               rtol=1e-12, atol=1e-15)


def test_slider_positions_are_exact_tenths(explorer):
    # the browser moves integer positions k, z = k / 10, so it never sends back a rounded value
    ex = jacobian_explorer(z=[0.7, -0.3, 0.1, 3.9])
    assert ex.view.positions == [7, -3, 1, 39]
    assert ex.z.tolist() == [0.7, -0.3, 0.1, 3.9]  # exactly the decimals, as 7 / 10 is
    ex.close()
    ex = jacobian_explorer(n=5, z_range=(-2, 2))
    assert ex.z.tolist() == [1.5, 0.8, 0.0, -0.8, -1.5] and ex.view.limits == [-20, 20]
    ex.close()


def test_each_change_updates_once(explorer):
    changes = [*(lambda k=k: set_logit(explorer, k, 0.0) for k in range(4)),
               lambda: setattr(explorer, "j", 1), lambda: setattr(explorer, "target", 2),
               lambda: setattr(explorer, "cost", "cross_entropy"),
               lambda: setattr(explorer, "z", [0.0, 0.0, 0.0, 0.0])]
    for change in changes[:-1]:
        count = explorer.update_count
        change()
        assert explorer.update_count == count + 1
    count = explorer.update_count
    changes[-1]()  # the same logits again: nothing changed, nothing to update
    assert explorer.update_count == count
    state = explorer.update()  # the plain method returns the state it shows
    assert state is explorer.state
    assert shown(explorer)["rows"][1]["terms"] == state["softmax"]["terms"].tolist()
    np.testing.assert_array_equal(state["z"], 0.0)
    assert (state["j"], state["target"], state["cost"]) == (1, 2, "cross_entropy")
    np.testing.assert_allclose(state["softmax"]["a"], 0.25)


def test_setting_a_control_from_python_checks_it(explorer):
    with pytest.raises(ValueError, match="4 logits"):
        explorer.z = [0.0, 1.0]
    with pytest.raises(ValueError, match="multiple of 0.1"):
        explorer.z = [0.0, 0.0, 0.0, 0.05]
    with pytest.raises(ValueError, match="j must be an integer index in 0..3"):
        explorer.j = 4
    with pytest.raises(ValueError, match="hinge"):
        explorer.cost = "hinge"
    with pytest.raises(TypeError):
        explorer.target = 1.0
    assert explorer.update_count == 1  # no bad value reached the explorer


def test_figure_after_changes_equals_a_fresh_figure_at_its_scale(explorer):
    # after every change the live figure shows what a new explorer with the same values
    # shows, drawn at the scale the (37) panels have reached (never smaller than the fresh one's)
    steps = [
        lambda: set_logit(explorer, 0, -2.0),
        lambda: setattr(explorer, "j", 2),  # new titles, same scale
        lambda: set_logit(explorer, 3, 3.9),
        lambda: setattr(explorer, "j", 3),
        lambda: setattr(explorer, "cost", "log_likelihood"),  # new scale
        lambda: setattr(explorer, "target", 1),
        lambda: set_logit(explorer, 1, 0.0),
    ]
    for step in steps:
        step()
        s = explorer.state
        fresh = jacobian_explorer(z=s["z"], j=s["j"], target=s["target"], cost=s["cost"])
        scale = shown(explorer)["scale"]
        assert scale >= shown(fresh)["scale"]
        assert scene(fresh.state, scale) == shown(explorer), f"after a change to {s}"
        assert fresh.view.description == explorer.view.description
        assert fresh.view.readout == explorer.view.readout
        fresh.close()


def test_the_terms_scale_holds_while_one_control_moves(explorer):
    # sigmoid's term k = 1 keeps its value while z_3 moves: its bar must keep its height
    term = explorer.state["sigmoid"]["terms"][0]
    scales = []
    for value in (-0.5, 1.0, 2.0, 3.0, 4.0, 3.0, 1.0, -0.5):
        set_logit(explorer, 2, value)
        assert explorer.state["sigmoid"]["terms"][0] == term
        scales.append(shown(explorer)["scale"])
    assert scales == sorted(scales) and scales[-1] > scales[0]  # it grew and never shrank
    set_logit(explorer, 1, 0.6)  # another slider: the scale fits the terms afresh
    assert shown(explorer)["scale"] == term_scale(explorer.state) < scales[-1]
    set_logit(explorer, 2, 4.0)
    explorer.cost = "cross_entropy"  # a menu: afresh too
    assert shown(explorer)["scale"] == term_scale(explorer.state)


def test_other_sizes():
    for n in (2, 8):
        ex = jacobian_explorer(n=n, j=n - 1, target=n - 1)
        assert len(ex.view.positions) == n and ex.state["softmax"]["J"].shape == (n, n)
        set_logit(ex, 0, 2.0)
        assert ex.state["z"][0] == 2.0
        entries = shown(ex)["rows"][0]["J_text"]  # printed where the cells are large enough
        assert entries == [] if n > 4 else [len(line) for line in entries] == [n] * n
        ex.close()


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


def test_bad_values_name_the_problem():
    with pytest.raises(ValueError, match="4 logits"):
        jacobian_explorer(z=[1.0, 2.0])
    with pytest.raises(ValueError, match=r"slider value, a multiple of 0.1 in the sliders' range"):
        jacobian_explorer(z=[0, 0, 0, 5.0])
    with pytest.raises(ValueError, match=r"range \(-1.0, 1.0\)"):
        jacobian_explorer(z=[0, 0, 0, 0.05], z_range=(-1, 1))
    with pytest.raises(ValueError, match="j must be an integer index in 0..3"):
        jacobian_explorer(j=4)
    with pytest.raises(ValueError, match="hinge"):
        jacobian_explorer(cost="hinge")
    with pytest.raises(ValueError):
        explorer_numbers([0.0] * 9)
    with pytest.raises(ValueError):
        explorer_numbers([0.0, 1.0], j=2)


# ------------------------------------------------------------------ details (issue: explorer) --

def test_placeholder_is_true_wherever_it_shows(explorer):
    text = repr(explorer)
    assert "JupyterLab" not in text  # shown in JupyterLab itself before the cell runs
    assert "run the notebook's cells from the top" in text


def test_check_shows_a_verdict_only_when_asked():
    def verdict(state):
        return "yes" if state["z"][0] == 0.0 else "not yet"

    ex = jacobian_explorer(check=verdict)
    assert ex.view.checkable and ex.verdict == ""  # nothing shown before the learner asks
    assert ex.show_verdict() == "not yet" and ex.verdict == ex.view.verdict == "not yet"
    set_logit(ex, 0, 0.0)
    assert ex.verdict == ""  # a verdict about old slider values is not kept
    assert ex.show_verdict() == "yes" and ex.view.verdict == "yes"
    ex.close()
    with pytest.raises(TypeError, match="function of the explorer's state"):
        jacobian_explorer(check="yes")
    plain = jacobian_explorer()
    assert not plain.view.checkable and plain.verdict is None
    with pytest.raises(ValueError, match="check="):
        plain.show_verdict()
    plain.close()
    bad = jacobian_explorer(check=lambda state: 1)
    with pytest.raises(TypeError, match="verdict string"):
        bad.show_verdict()
    bad.close()


def test_figure_has_a_text_alternative_that_follows_the_state(explorer):
    title = explorer.view.description
    assert "z = (1.5, 0.5, -0.5, -1.5)" in title and "j = 1" in title
    set_logit(explorer, 0, 0.0)
    expected = 1 / (1 + np.exp(-0.0))  # sigmoid(0) = 0.5, written out
    title = explorer.view.description
    assert f"{expected:.2f}" in title and "z = (0.0," in title
    assert "<th></th>" not in explorer.view.readout  # every header cell says what it heads


def test_figure_description_counts_the_terms_of_37_that_are_left():
    # log-likelihood, target class 1, j = 2: ∂C/∂a_k = -1/a_1 for k = 1 only, so sigmoid's one
    # term (k = j = 2) is 0 and softmax keeps the single term k = 1, off the diagonal
    ex = jacobian_explorer(j=1, target=0, cost="log_likelihood")
    text = ex.view.description
    assert "sigmoid: " in text and "0 of the 4 terms of (37) nonzero" in text
    assert "softmax: " in text and "1 of the 4 terms of (37) nonzero" in text
    ex.j = 0  # the target's own neuron: one term each
    assert ex.view.description.count("1 of the 4 terms of (37) nonzero") == 2
    ex.close()
