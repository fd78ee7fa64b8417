"""The Jacobian explorer widget (nnhelpers.widgets) without a browser: its controls, updates,
question checks and bad arguments. Numbers shown are checked against formulas written out here
(softmax e^z / Σ e^z, diag(a) - a aᵀ, the closed forms a - y of (37)), not the code under test.
"""

import html

import matplotlib.pyplot as plt
import numpy as np
import pytest
import reference as ref

from nnhelpers.widgets import (
    JacobianExplorer,
    default_logits,
    explorer_numbers,
    jacobian_explorer,
)


def shown(explorer):
    """The scene the explorer's figure widget holds (what the browser draws)."""
    return explorer.figure.scene


@pytest.fixture
def explorer():
    ex = jacobian_explorer()
    yield ex
    plt.close("all")
    ex.close()


# ------------------------------------------------------------------ the widget ------------

def test_defaults(explorer):
    assert isinstance(explorer, JacobianExplorer)
    assert len(explorer.sliders) == 4
    np.testing.assert_array_equal(explorer.z, default_logits(4))
    assert (explorer.neuron.value, explorer.target.value, explorer.cost.value) == (
        0, 0, "quadratic")
    assert shown(explorer)["rows"][0]["a"] == explorer.state["sigmoid"]["a"].tolist()
    assert explorer.figure.description.startswith("Explorer figure at z = (1.5, 0.5, -0.5, -1.5)")


def test_moving_one_slider_changes_data_figure_and_readout(explorer):
    before = explorer.state
    figure, readout, count = shown(explorer), explorer.readout.value, explorer.update_count
    explorer.sliders[2].value = 1.3  # the observe callback runs update()
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
    figure = shown(explorer)
    assert figure["target"] == 3 and figure["j"] == 2
    explorer.cost.value = "log_likelihood"
    assert explorer.state["cost"] == "log_likelihood"
    assert shown(explorer)["rows"][1]["terms"] != figure["rows"][1]["terms"]
    a = ref.softmax(explorer.z)
    np.testing.assert_allclose(explorer.state["softmax"]["delta37"], a - np.eye(4)[3],
                               rtol=1e-12, atol=1e-15)


def test_slider_values_are_exact_tenths(explorer):
    # the browser moves an index over these exact values, so it never sends back a rounded one
    slider = explorer.sliders[0]
    values = [value for _, value in slider.options]
    assert values == [k / 10 for k in range(-40, 41)]
    ex = jacobian_explorer(z=[0.7, -0.3, 0.1, 3.9])
    assert ex.sliders[0].value == 0.7 and ex.sliders[3].value == 3.9
    assert [s.label for s in ex.sliders] == ["0.7", "-0.3", "0.1", "3.9"]
    ex.close()
    ex = jacobian_explorer(n=5)
    assert ex.z.tolist() == [1.5, 0.8, 0.0, -0.8, -1.5]
    ex.close()


def test_each_change_updates_once(explorer):
    for control, value in [*((s, 0.0) for s in explorer.sliders), (explorer.neuron, 1),
                           (explorer.target, 2), (explorer.cost, "cross_entropy")]:
        count = explorer.update_count
        control.value = value
        assert explorer.update_count == count + 1
    state = explorer.update()  # the plain method returns the state it shows
    assert state is explorer.state
    assert shown(explorer)["rows"][1]["terms"] == state["softmax"]["terms"].tolist()
    np.testing.assert_array_equal(state["z"], 0.0)
    assert (state["j"], state["target"], state["cost"]) == (1, 2, "cross_entropy")
    np.testing.assert_allclose(state["softmax"]["a"], 0.25)


def test_figure_after_changes_equals_a_fresh_figure(explorer):
    # after every change the live figure shows exactly what a new explorer with the same
    # values shows
    steps = [
        lambda: setattr(explorer.sliders[0], "value", -2.0),
        lambda: setattr(explorer.neuron, "value", 2),  # new titles, same scale
        lambda: setattr(explorer.sliders[3], "value", 3.9),
        lambda: setattr(explorer.neuron, "value", 3),
        lambda: setattr(explorer.cost, "value", "log_likelihood"),  # new scale
        lambda: setattr(explorer.target, "value", 1),
        lambda: setattr(explorer.sliders[1], "value", 0.0),
    ]
    for step in steps:
        step()
        s = explorer.state
        fresh = jacobian_explorer(z=s["z"], j=s["j"], target=s["target"], cost=s["cost"])
        assert shown(fresh) == shown(explorer), f"after a change to {s}"
        assert fresh.figure.description == explorer.figure.description
        fresh.close()


def test_other_sizes():
    for n in (2, 8):
        ex = jacobian_explorer(n=n, j=n - 1, target=n - 1)
        assert len(ex.sliders) == n and ex.state["softmax"]["J"].shape == (n, n)
        ex.sliders[0].value = 2.0
        assert ex.state["z"][0] == 2.0
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


def test_check_button_shows_a_verdict_only_when_pressed():
    def verdict(state):
        return "yes" if state["z"][0] == 0.0 else "not yet"

    ex = jacobian_explorer(check=verdict)
    assert ex.verdict.value == ""  # nothing shown before the learner asks
    ex.check_button.click()
    assert "not yet" in ex.verdict.value
    ex.sliders[0].value = 0.0
    assert ex.verdict.value == ""  # a verdict about old slider values is not kept
    assert ex.show_verdict() == "yes" and "yes" in ex.verdict.value
    ex.close()
    with pytest.raises(TypeError, match="function of the explorer's state"):
        jacobian_explorer(check="yes")
    plain = jacobian_explorer()
    assert plain.check_button is None
    with pytest.raises(ValueError, match="check="):
        plain.show_verdict()
    plain.close()
    bad = jacobian_explorer(check=lambda state: 1)
    with pytest.raises(TypeError, match="verdict string"):
        bad.show_verdict()
    bad.close()


def test_figure_has_a_text_alternative_that_follows_the_state(explorer):
    title = explorer.figure.description
    assert "z = (1.5, 0.5, -0.5, -1.5)" in title and "j = 1" in title
    explorer.sliders[0].value = 0.0
    expected = 1 / (1 + np.exp(-0.0))  # sigmoid(0) = 0.5, written out
    title = explorer.figure.description
    assert f"{expected:.2f}" in title and "z = (0.0," in title
    assert "<th></th>" not in explorer.readout.value  # every header cell says what it heads
