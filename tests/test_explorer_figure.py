"""The explorer's drawing (nnhelpers.explorer_figure): the static figure, the live figure's scene
(what the browser draws: tests/test_browser.py checks the drawing in JupyterLab), what is printed
in the Jacobian's cells, the (37) panels' scale and ticks, and the target class's hatching."""

import json

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from nnhelpers.explorer_figure import (
    DPI,
    entry_text,
    scene,
    term_scale,
    term_ticks,
)
from nnhelpers.explorer_state import explorer_numbers
from nnhelpers.widgets import plot_explorer


def column_pixels(pixels, ax, k, low=0.55, high=0.9):
    """The pixels of the middle half of output k's column of `ax`, from a = low to a = high."""
    height = pixels.shape[0]  # display y runs up from the bottom, image rows down
    x0, y_low = ax.transData.transform((k - 0.25, low))
    x1, y_high = ax.transData.transform((k + 0.25, high))
    return pixels[height - int(y_high):height - int(y_low), int(x0):int(x1), :3]


def test_static_figure():
    fig = plot_explorer(z=[0.5, 0.0, -0.5], j=2, target=1, cost="log_likelihood")
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert len(fig.axes) == 7  # 2 activations x 3 panels + the shared colour bar
    assert texts.count("0") == 6  # sigmoid's off-diagonal entries, every number shown
    assert "log-likelihood" in fig._suptitle.get_text()
    assert fig.get_size_inches().tolist() == [10.5, 5.4] and fig.dpi == DPI  # 840 x 432 px
    plt.close(fig)
    fig = plot_explorer(n=5)
    assert fig.get_size_inches().tolist() == [10.5, 5.4] and not fig.axes[1].texts  # no numbers
    plt.close(fig)


@pytest.mark.parametrize("z, j, target, cost", [
    ([1.5, 0.5, -0.5, -1.5], 0, 0, "quadratic"),
    ([-4.0, 4.0, 0.0, 0.0], 1, 0, "log_likelihood"),
    ([0.3, -2.0, 3.9, 0.0, 1.0], 2, 4, "cross_entropy"),
])
def test_scene_shows_what_the_static_figure_shows(z, j, target, cost):
    # the live figure (drawn by the browser from the scene) and the static one agree: the
    # heights of the bars, the colour of every Jacobian cell, the printed entries and the ticks
    state = explorer_numbers(z, j, target, cost)
    shown = json.loads(json.dumps(scene(state)))  # what travels to the browser
    fig = plot_explorer(z=z, j=j, target=target, cost=cost)
    panels = [fig.axes[3 * row:3 * row + 3] for row in range(2)]
    for row, (ax_a, ax_J, ax_terms) in zip(shown["rows"], panels, strict=True):
        assert row["a"] == [bar.get_height() for bar in ax_a.containers[0]]
        assert row["terms"] == [bar.get_height() for bar in ax_terms.containers[0]]
        assert row["delta_j"] == ax_terms.lines[-1].get_ydata()[0]  # the dashed line
        image = ax_J.images[0]
        assert row["J_colors"] == [[to_hex(c) for c in line]
                                   for line in image.to_rgba(image.get_array())]
        n = len(z)
        printed = [text.get_text() for text in ax_J.texts]  # every entry, row by row, if n <= 4
        assert [entry for line in row["J_text"] for entry in line] == printed
        assert len(printed) == (n * n if n <= 4 else 0)
        white = [text.get_color() == "white" for text in ax_J.texts]
        assert [w for line in row["J_white"] for w in line][:len(white)] == white
        assert row["titles"][2] == ax_terms.get_title()
        ticks = [(t, label.get_text()) for t, label in zip(
            ax_terms.get_yticks(), ax_terms.get_yticklabels(), strict=True)]
        assert [tuple(t) for t in shown["term_ticks"]] == ticks
        assert ax_terms.get_ylim() == (-shown["scale"], shown["scale"])
    # the colour bar (the Jacobians' colours): both run through the same colours from -1/4 to 1/4
    image = fig.axes[4].images[0]
    ends = [to_hex(image.cmap(image.norm(v))) for v in (-0.25, 0.0, 0.25)]
    stops = shown["colorbar"]["stops"]
    assert [stops[0], stops[len(stops) // 2], stops[-1]] == ends
    plt.close(fig)


def test_scene_panels_tile_the_figure():
    # six panels in two rows and three columns inside 840 x 432 px, none overlapping, the
    # colour bar right of the Jacobians; widths in the ratio 1 : 0.9 : 1.1
    shown = scene(explorer_numbers([0.0, 0.0, 0.0, 0.0]))
    assert (shown["width"], shown["height"]) == (840, 432)
    boxes = [row["boxes"] for row in shown["rows"]]
    for row in boxes:
        widths = [w for _, _, w, _ in row]
        np.testing.assert_allclose(np.array(widths) / widths[0], [1.0, 0.9, 1.1])
        for (x0, _, w0, _), (x1, _, _, _) in zip(row[:-1], row[1:], strict=True):
            assert x0 + w0 < x1  # left to right, apart
    for top, low in zip(*boxes, strict=True):
        assert top[0] == low[0] and top[1] + top[3] < low[1]  # columns aligned, rows apart
    for x, y, w, h in [*boxes[0], *boxes[1], shown["colorbar"]["box"]]:
        assert 0 <= x and x + w <= 840 and 0 <= y and y + h <= 432 and w > 0 and h > 0
    jacobian, bar = boxes[0][1], shown["colorbar"]["box"]
    assert jacobian[0] + jacobian[2] < bar[0] < boxes[0][2][0]


@pytest.mark.parametrize("value, text", [
    (0.0, "0"), (-0.0, "0"), (-1e-12, "0.000"), (-0.0004999, "0.000"), (3e-5, "0.000"),
    (-0.0005001, "-0.001"), (0.1234, "0.123"), (-0.25, "-0.250"),
])
def test_entry_text(value, text):
    assert entry_text(value) == text


def test_no_minus_zero_in_any_jacobian_cell():
    # saturated softmax: off-diagonal entries -a_k a_j of order 1e-4 to 1e-7, all negative
    state = explorer_numbers([4.0, -4.0, -4.0, -4.0], 1, 0, "quadratic")
    off = state["softmax"]["J"][~np.eye(4, dtype=bool)]
    assert np.all(off < 0) and np.any(off > -5e-4)  # the case that printed "-0.000"
    fig = plot_explorer(z=state["z"], j=1, target=0)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert len(texts) == 32 and "-0.000" not in texts and texts.count("0.000") >= 1
    plt.close(fig)
    entries = [entry for line in scene(state)["rows"][1]["J_text"] for entry in line]
    assert entries == texts[16:]  # softmax's, as the static figure prints them


def test_target_hatching_visible_when_the_target_output_is_near_zero():
    # confidently wrong: the target class 1 has a_1 = softmax ≈ 1e-4 and sigmoid ≈ 0.02
    state = explorer_numbers([-4.0, 4.0, 0.0, 0.0], 1, 0, "log_likelihood")
    assert state["softmax"]["a"][0] < 1e-3
    fig = plot_explorer(z=state["z"], j=1, target=0, cost="log_likelihood")
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba()).astype(int)
    for ax in (fig.axes[0], fig.axes[3]):
        target = column_pixels(pixels, ax, 0)
        other = column_pixels(pixels, ax, 3)  # a_4 is 0.018 or 0.5: blank from 0.55 up
        assert np.all(other == 255), "the non-target column above its bar is blank"
        dark = np.mean(target.sum(axis=2) < 600)
        assert dark > 0.05, f"hatching covers {dark:.1%} of the target column"
    plt.close(fig)
    # the live figure hatches the column of the target it is sent
    assert scene(explorer_numbers([-4.0, 4.0, 0.0, 0.0], 1, 3, "log_likelihood"))["target"] == 3


def test_term_scale():
    state = explorer_numbers([0.0, 0.0, 0.0, 0.0], 0, 0, "quadratic")
    largest = max(max(np.abs(state[a]["terms"]).max(), abs(state[a]["delta_j"]))
                  for a in ("sigmoid", "softmax"))
    scale = term_scale(state)
    assert largest <= scale / 1.05 and scale in (0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
    state = explorer_numbers([-4.0, 4.0, -4.0, -4.0], 0, 0, "cross_entropy")  # terms large
    assert term_scale(state) >= 1.0


@pytest.mark.parametrize("scale, labels", [
    (0.02, ["-0.02", "-0.01", "0.00", "0.01", "0.02"]),
    (0.05, ["-0.050", "-0.025", "0.000", "0.025", "0.050"]),
    (0.2, ["-0.2", "-0.1", "0.0", "0.1", "0.2"]),
    (2.0, ["-2", "-1", "0", "1", "2"]),
    (7.26, ["-7.26", "-3.63", "0.00", "3.63", "7.26"]),
])
def test_term_ticks(scale, labels):
    ticks = term_ticks(scale)
    assert [label for _, label in ticks] == labels
    np.testing.assert_allclose([v for v, _ in ticks], [-scale, -scale / 2, 0, scale / 2, scale])


def test_static_figures_share_a_scale_when_asked():
    # question 1's before and after: one scale, so the bars of both can be compared
    before = plot_explorer(n=4, j=2, scale=0.2)
    after = plot_explorer(z=[1.5, 0.5, 1.0, -1.5], j=2, scale=0.2)
    assert before.axes[2].get_ylim() == after.axes[2].get_ylim() == (-0.2, 0.2)
    assert plot_explorer(n=4, j=2).axes[2].get_ylim() == (-0.1, 0.1)  # its own, unasked
    plt.close("all")
    for bad in (0.0, -1.0, float("nan"), "0.2"):
        with pytest.raises(ValueError, match="scale must be a positive number"):
            plot_explorer(scale=bad)
