"""The Jacobian explorer's picture (notebook 05): one column per activation, redrawn in place.

Rows, top to bottom, for sigmoid (left) and softmax (right): the outputs a_k (the target class
hatched), the Jacobian J[k, j] = ∂a_k/∂z_j on one colour scale, and the n terms
∂C/∂a_k · ∂a_k/∂z_j of (37) for output neuron j, with their sum δ_j dashed. The numbers come from
`nnhelpers.explorer_state.explorer_numbers`; the widget is `nnhelpers.widgets`.

Used in notebooks: 05.
"""

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import TwoSlopeNorm
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox
from PIL import Image

from .explorer_state import ACTIVATIONS, default_logits, explorer_numbers
from .plotting import plot_eq37_terms, plot_jacobian

JACOBIAN_VMAX = 0.25  # |∂a_k/∂z_j| <= 1/4 for sigmoid (σ' <= 1/4) and softmax (a_k a_j <= 1/4)
DPI = 80
COLORS = {"sigmoid": "tab:blue", "softmax": "tab:orange"}
FONT = {"title": 12, "label": 11, "ticks": 10, "numbers": 10}
# Scales for the bars of (37): the smallest of these that holds every term of both columns.
TERM_SCALES = (0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
_SUBSCRIPTS = {k: chr(0x2080 + k) for k in range(10)}  # ₀ ... ₉


def term_scale(state):
    """The y-range ±scale of the (37) panels: the smallest TERM_SCALES entry holding every term
    and δ_j of both columns with 5 % to spare (beyond 5: 1.1 times the largest)."""
    largest = max(max(np.max(np.abs(state[act.name]["terms"])), abs(state[act.name]["delta_j"]))
                  for act in ACTIVATIONS)
    for scale in TERM_SCALES:
        if largest <= scale / 1.05:
            return scale
    return float(1.1 * largest)


def entry_text(value):
    """A Jacobian entry as printed: "0" for an exact zero (sigmoid's k ≠ j), else three
    decimals, never "-0.000"."""
    if value == 0:
        return "0"
    text = f"{value:.3f}"
    return "0.000" if text == "-0.000" else text


def figure_size(n):
    """The explorer's (width, height) in inches for n outputs (at DPI dots per inch)."""
    return (8.2, 9.2) if n <= 5 else (8.8, 9.8)


class ExplorerDrawing:
    """The explorer's figure, built once on `fig` from `state` (an `explorer_numbers` dict);
    `draw(state)` then changes the existing artists' data in place, `png()` renders it.

    live=True blits: what never changes is drawn once into a background, each update draws
    only `self.dynamic`; the (37) panels' y-axes are drawn once per TERM_SCALES entry and their
    pixels kept. The Jacobians then show numbers in column j only, and titles say "j" (the
    controls give its value). live=False: a static figure with every number and a suptitle.
    """

    def __init__(self, fig, state, live=False):
        self.fig, self.n, self.live = fig, state["n"], live
        self._background = None
        self._axis_pixels = {}  # live: term scale -> pixels of both (37) panels' y-axes
        self.full_redraws = 0
        axes = fig.subplots(3, 2, gridspec_kw={"height_ratios": [0.8, 1.15, 1.0]})
        self.ax_a, self.ax_J, self.ax_terms = axes[0], axes[1], axes[2]
        fig.subplots_adjust(left=0.12, right=0.86, top=0.95 if live else 0.9, bottom=0.07,
                            wspace=0.5, hspace=0.7)
        self.a_bars, self.target_bands = [], []
        self.images, self.numbers, self.column = [], [], []
        self.term_bars, self.term_titles, self.zero_lines, self.sum_lines = [], [], [], []
        for col, act in enumerate(ACTIVATIONS):
            s = state[act.name]
            self._outputs_panel(self.ax_a[col], act, s)
            self._jacobian_panel(self.ax_J[col], act, s)
            self._terms_panel(self.ax_terms[col], act, s, state["j"])
        self._colorbar()
        # the live figure leaves the values to the controls beside it; a static one names them
        self.suptitle = None if live else fig.suptitle("", fontsize=FONT["title"])
        self.dynamic = []  # drawn in this order on every live update
        for col in range(len(ACTIVATIONS)):
            self.dynamic += [self.target_bands[col], *self.a_bars[col], self.images[col],
                             *self.numbers[col], self.column[col], *self.term_bars[col],
                             self.zero_lines[col], self.sum_lines[col]]
        if live:
            for artist in [*self.dynamic, *(ax.yaxis for ax in self.ax_terms)]:
                artist.set_animated(True)
        self.draw(state)

    # ------------------------------------------------------------ building, once ----------

    def _outputs_panel(self, ax, act, s):
        ks = np.arange(self.n)
        # the target class's column, hatched from 0 to 1: visible however small a_target is
        band = Rectangle((-0.5, 0.0), 1.0, 1.0, facecolor="none", edgecolor="0.45",
                         hatch="//", linewidth=0.0, zorder=0.5)
        self.target_bands.append(ax.add_patch(band))
        self.a_bars.append(ax.bar(ks, s["a"], color=COLORS[act.name], alpha=0.85, zorder=1))
        ax.set_ylim(0, 1.0)
        ax.set_xticks(ks, [str(k + 1) for k in ks])
        ax.tick_params(labelsize=FONT["ticks"])
        ax.set_xlabel(r"output $k$ (hatched: target class)", fontsize=FONT["label"])
        ax.set_ylabel(r"$a_k$", fontsize=FONT["label"])
        formula = (r"$a_k = \sigma(z_k)$" if act.elementwise
                   else r"$a_k = e^{z_k} / \Sigma_i\, e^{z_i}$")
        ax.set_title(f"{act.name}: {formula}", fontsize=FONT["title"])

    @staticmethod
    def _set_fonts(ax, title=FONT["title"]):
        ax.title.set_fontsize(title)
        ax.xaxis.label.set_fontsize(FONT["label"])
        ax.yaxis.label.set_fontsize(FONT["label"])
        ax.tick_params(labelsize=FONT["ticks"])

    def _jacobian_panel(self, ax, act, s):
        n = self.n
        title = f"{act.name} Jacobian " + ("(diagonal)" if act.elementwise else "(full)")
        if self.live:
            title += "\noutlined: column j, the factors in (37)"
        plot_jacobian(s["J"], ax=ax, vmax=JACOBIAN_VMAX, colorbar=False, annotate=n <= 5,
                      title=title)
        self._set_fonts(ax)
        self.images.append(ax.get_images()[0])
        numbers = list(ax.texts)  # row-major: text k * n + j is J[k, j]
        for text in numbers:
            text.set_fontsize(FONT["numbers"] if n <= 4 else FONT["numbers"] - 1)
        self.numbers.append(numbers)
        # column j of J holds the factors ∂a_k/∂z_j of the terms in the panel below
        self.column.append(ax.add_patch(Rectangle((-0.5, -0.5), 1, n, fill=False,
                                                  edgecolor="black", linewidth=2.5)))

    def _terms_panel(self, ax, act, s, j):
        plot_eq37_terms(s["terms"], j, ax=ax, color=COLORS[act.name], title="")
        self._set_fonts(ax, FONT["title"] - 1)
        self.term_bars.append(ax.containers[0])
        self.term_titles.append(ax.title)
        self.zero_lines.append(ax.lines[-1])
        self.sum_lines.append(ax.axhline(0.0, color="black", linestyle="--", linewidth=1.2))
        if self.live:  # one title for every j: drawn once, in the background
            ax.set_title(f"{act.name}: terms of (37) for neuron $j$\n"
                         r"their sum $\delta_j$ (dashed)", fontsize=FONT["title"] - 1)

    def _colorbar(self):
        cax = self.fig.add_axes([0.89, 0.41, 0.017, 0.23])
        norm = TwoSlopeNorm(vcenter=0.0, vmin=-JACOBIAN_VMAX, vmax=JACOBIAN_VMAX)
        bar = self.fig.colorbar(ScalarMappable(norm=norm, cmap="RdBu_r"), cax=cax)
        bar.ax.tick_params(labelsize=FONT["ticks"])
        bar.set_label(r"$\partial a_k/\partial z_j$, one scale for both", fontsize=FONT["label"])

    # ------------------------------------------------------------ every update ------------

    def draw(self, state):
        """Put the numbers of `state` (from `explorer_numbers`) into the artists; ValueError
        for a state with another n than the figure's."""
        n, j, target = self.n, state["j"], state["target"]
        if state["n"] != n:
            raise ValueError(f"this figure shows n = {n} neurons, got a state with {state['n']}")
        self.scale = term_scale(state)
        for ax in self.ax_terms:
            ax.set_ylim(-self.scale, self.scale)
        for col, act in enumerate(ACTIVATIONS):
            s = state[act.name]
            self.target_bands[col].set_x(target - 0.5)
            for k, bar in enumerate(self.a_bars[col]):
                bar.set_height(s["a"][k])
                bar.set_edgecolor("black" if k == target else "none")
                bar.set_linewidth(1.5 if k == target else 0)
            self._draw_jacobian(col, s["J"], j)
            for k, bar in enumerate(self.term_bars[col]):
                bar.set_height(s["terms"][k])
                bar.set_edgecolor("black" if k == j else "none")
                bar.set_linewidth(2 if k == j else 0)
            self.sum_lines[col].set_ydata([s["delta_j"], s["delta_j"]])
            if not self.live:  # the live figure leaves j and δ_j to the controls beside it
                self.term_titles[col].set_text(
                    f"{act.name}: terms of (37) for j = {j + 1}\n"
                    f"their sum δ{_SUBSCRIPTS[j + 1]} = {s['delta_j']:+.4f} (dashed)")
        if self.suptitle is not None:
            z_text = ", ".join(f"{v:.1f}" for v in state["z"])
            self.suptitle.set_text(f"z = ({z_text}),  j = {j + 1},  target class {target + 1},"
                                   f"  {state['cost'].replace('_', '-')} cost")

    def _draw_jacobian(self, col, J, j):
        n = self.n
        self.images[col].set_data(J)
        for index, text in enumerate(self.numbers[col]):  # no numbers when n > 5
            value = J[index // n, index % n]
            text.set_text(entry_text(value))
            text.set_color("white" if abs(value) > 0.6 * JACOBIAN_VMAX else "black")
            text.set_visible(not self.live or index % n == j)  # live: column j only
        self.column[col].set_x(j - 0.5)

    def png(self):
        """The figure as PNG bytes (live: only what changes is redrawn)."""
        if not self.live:
            buffer = io.BytesIO()
            self.fig.savefig(buffer, format="png", dpi=DPI)
            return buffer.getvalue()
        canvas = self.fig.canvas
        if self._background is None:
            self.full_redraws += 1
            canvas.draw()  # everything but the animated (changing) artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(self._background)
        self._draw_term_axes()
        for artist in self.dynamic:
            self.fig.draw_artist(artist)
        return png_bytes(np.asarray(canvas.buffer_rgba()))

    def _draw_term_axes(self):
        """Live: the (37) panels' y-axes at the current scale, drawn once per scale, then copied
        back from the strip left of each panel, before the changing artists are drawn."""
        canvas = self.fig.canvas
        pixels = self._axis_pixels.get(self.scale)
        if pixels is None:
            for ax in self.ax_terms:
                self.fig.draw_artist(ax.yaxis)
            pixels = [canvas.copy_from_bbox(self._axis_strip(col)) for col in range(2)]
            self._axis_pixels[self.scale] = pixels
        for region in pixels:
            canvas.restore_region(region)

    def _axis_strip(self, col):
        """The region (display units) left of (37) panel `col` that holds its y-axis."""
        box = self.ax_terms[col].bbox
        left = 0.0 if col == 0 else self.ax_terms[col - 1].bbox.x1 + 1
        margin = 0.06 * box.height  # the top and bottom tick labels stick out by half a line
        # to 2 px right of the spine: tick marks are antialiased across it (the changing
        # artists are drawn after this strip is put back, so the lines of δ_j stay whole)
        return Bbox([[left, box.y0 - margin], [box.x0 + 2, box.y1 + margin]])


def png_bytes(rgba):
    """An opaque (height, width, 4) uint8 image as RGB PNG bytes, zlib level 1 (flat colour:
    hardly larger, several times faster). ValueError for another shape or a transparent pixel.
    """
    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8:
        raise ValueError(f"expected an (height, width, 4) uint8 RGBA image, got shape "
                         f"{rgba.shape} and dtype {rgba.dtype}")
    if not np.all(rgba[:, :, 3] == 255):
        raise ValueError("the image has transparent pixels; an RGB PNG would lose them")
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba[:, :, :3])).save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def plot_explorer(z=None, j=0, target=0, cost="quadratic", n=4):
    """The explorer's picture for fixed values, a pyplot Figure (end the cell with plt.show()).

    z : (n,) logits, default `default_logits(n)` (n is used only then); j, target, cost and the
    errors raised as in `explorer_numbers`.
    Used in notebooks: 05.
    """
    state = explorer_numbers(default_logits(n) if z is None else z, j, target, cost)
    fig = plt.figure(figsize=figure_size(state["n"]), dpi=DPI)
    ExplorerDrawing(fig, state, live=False)
    return fig
