"""Figures of notebooks 06-07: plot_learning_curves and plot_digits draw what they are given."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from nnhelpers.plotting import plot_digits, plot_learning_curves


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


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
    fig = plot_digits(np.zeros(784), np.array([4]))
    assert fig.axes[0].get_title() == "label 4"


@pytest.mark.parametrize("X, labels, predicted, message", [
    (np.zeros((783, 2)), np.array([1, 2]), None, r"\(784, k\)"),
    (np.zeros((784, 2)), np.array([1]), None, "labels must have shape"),
    (np.zeros((784, 2)), np.array([1, 2]), np.array([1]), "predicted must have shape"),
])
def test_digits_reject_bad_shapes(X, labels, predicted, message):
    with pytest.raises(ValueError, match=message):
        plot_digits(X, labels, predicted)


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
    ({"train_cost": (0.1, 0.2)}, "not among the plotted keys"),
    ({"test_accuracy": (0.9, 0.9)}, "ymin < ymax"),
])
def test_learning_curves_refuse_a_bad_zoom(zoom, message):
    histories = {"a": {"epoch": [1, 2], "test_accuracy": [0.8, 0.9]}}
    with pytest.raises(ValueError, match=message):
        plot_learning_curves(histories, keys="test_accuracy", zoom=zoom)
