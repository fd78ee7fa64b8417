"""The explorer's drawing (nnhelpers.explorer_figure): the static figure, the live figure's PNG,
what is printed in the Jacobian's cells, and the target class's hatching."""

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from nnhelpers.explorer_figure import DPI, ExplorerDrawing, entry_text, term_scale
from nnhelpers.explorer_state import explorer_numbers
from nnhelpers.widgets import jacobian_explorer, plot_explorer


def column_pixels(pixels, ax, k, low=0.55, high=0.9):
    """The pixels of the middle half of output k's column of `ax`, from a = low to a = high."""
    height = pixels.shape[0]  # display y runs up from the bottom, image rows down
    x0, y_low = ax.transData.transform((k - 0.25, low))
    x1, y_high = ax.transData.transform((k + 0.25, high))
    return pixels[height - int(y_high):height - int(y_low), int(x0):int(x1), :3]


def decode(png):
    return np.asarray(Image.open(io.BytesIO(png)))


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


def test_png_is_the_rendered_figure():
    # Pillow encodes; decode the bytes and compare with the pixels the canvas rendered
    explorer = jacobian_explorer()
    explorer.sliders[1].value = -1.2
    decoded = np.asarray(Image.open(io.BytesIO(explorer.png)).convert("RGB"))
    rendered = np.asarray(explorer.figure.canvas.buffer_rgba())[:, :, :3]
    np.testing.assert_array_equal(decoded, rendered)
    assert Image.open(io.BytesIO(explorer.png)).mode == "RGB"
    assert np.all(np.asarray(explorer.figure.canvas.buffer_rgba())[:, :, 3] == 255)  # opaque
    explorer.close()


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


def test_target_hatching_visible_when_the_target_output_is_near_zero():
    # confidently wrong: the target class 1 has a_1 = softmax ≈ 1e-4 and sigmoid ≈ 0.02
    state = explorer_numbers([-4.0, 4.0, 0.0, 0.0], 1, 0, "log_likelihood")
    assert state["softmax"]["a"][0] < 1e-3
    drawing = ExplorerDrawing(state, live=True)
    pixels = decode(drawing.png()).astype(int)
    for ax in drawing.ax_a:
        target = column_pixels(pixels, ax, 0)
        other = column_pixels(pixels, ax, 3)  # a_4 is 0.018 or 0.5: blank from 0.55 up
        assert np.all(other == 255), "the non-target column above its bar is blank"
        dark = np.mean(target.sum(axis=2) < 600)
        assert dark > 0.05, f"hatching covers {dark:.1%} of the target column"
    # moving the target moves the hatching
    state = explorer_numbers([-4.0, 4.0, 0.0, 0.0], 1, 3, "log_likelihood")
    drawing.draw(state)
    assert drawing.target_bands[0].get_x() == 2.5


def test_term_scale():
    state = explorer_numbers([0.0, 0.0, 0.0, 0.0], 0, 0, "quadratic")
    largest = max(max(np.abs(state[a]["terms"]).max(), abs(state[a]["delta_j"]))
                  for a in ("sigmoid", "softmax"))
    scale = term_scale(state)
    assert largest <= scale / 1.05 and scale in (0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
    state = explorer_numbers([-4.0, 4.0, -4.0, -4.0], 0, 0, "cross_entropy")  # terms large
    assert term_scale(state) >= 1.0


def test_live_drawing_redraws_the_whole_figure_once():
    state = explorer_numbers([1.5, 0.5, -0.5, -1.5])
    drawing = ExplorerDrawing(state, live=True)
    drawing.png()
    for j, target, cost, z in [(2, 0, "quadratic", [1.5, 0.5, -0.5, -1.5]),
                               (2, 3, "log_likelihood", [1.5, 0.5, -0.5, -1.5]),
                               (0, 3, "cross_entropy", [4.0, -4.0, 4.0, -4.0]),
                               (1, 1, "quadratic", [0.0, 0.0, 0.0, 0.0])]:
        drawing.draw(explorer_numbers(z, j, target, cost))
        drawing.png()
    assert drawing.full_redraws == 1
    with pytest.raises(ValueError, match="n = 4"):
        drawing.draw(explorer_numbers([0.0, 1.0]))
