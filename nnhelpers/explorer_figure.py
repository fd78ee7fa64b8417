"""The Jacobian explorer's picture (notebook 05): one row per activation, redrawn in place.

Panels, left to right, for sigmoid (top) and softmax (bottom): the outputs a_k (the target class
hatched), the Jacobian J[k, j] = ∂a_k/∂z_j on one colour scale, and the n terms
∂C/∂a_k · ∂a_k/∂z_j of (37) for output neuron j, with their sum δ_j dashed. Wide and low: the
figure and the sliders under it fit a laptop's notebook view together. The numbers come from
`nnhelpers.explorer_state.explorer_numbers`; the widget is `nnhelpers.widgets`.

Used in notebooks: 05.
"""

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox
from PIL import Image

from .explorer_state import ACTIVATIONS, default_logits, explorer_numbers
from .plotting import plot_eq37_terms, plot_jacobian

JACOBIAN_VMAX = 0.25  # |∂a_k/∂z_j| <= 1/4 for sigmoid (σ' <= 1/4) and softmax (a_k a_j <= 1/4)
DPI = 80
SIZE = (10.5, 5.4)  # inches: 840 x 432 px at DPI
COLORS = {"sigmoid": "tab:blue", "softmax": "tab:orange"}
FONT = {"title": 12, "label": 11, "ticks": 10, "numbers": 10}
TERM_SCALES = (0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)


def term_scale(state):
    """The y-range ±scale of the (37) panels: the smallest TERM_SCALES entry holding every term
    and δ_j of both columns with 5 % to spare (beyond 5: 1.1 times the largest)."""
    largest = max(max(np.max(np.abs(state[act.name]["terms"])), abs(state[act.name]["delta_j"]))
                  for act in ACTIVATIONS)
    return next((scale for scale in TERM_SCALES if largest <= scale / 1.05), float(1.1 * largest))


def entry_text(value):
    """A Jacobian entry as printed: "0" for an exact zero (sigmoid's k ≠ j), else three
    decimals, never "-0.000"."""
    return "0" if value == 0 else f"{value:.3f}".replace("-0.000", "0.000")


def _set_fonts(ax, title=FONT["title"]):
    ax.title.set_fontsize(title)
    ax.xaxis.label.set_fontsize(FONT["label"])
    ax.yaxis.label.set_fontsize(FONT["label"])
    ax.tick_params(labelsize=FONT["ticks"])


def _set_bars(bars, heights, outlined, linewidth):
    """Bar k gets height heights[k]; bar `outlined` alone a black edge of `linewidth`."""
    for k, (bar, height) in enumerate(zip(bars, heights, strict=True)):
        bar.set_height(height)
        bar.set_edgecolor("black" if k == outlined else "none")
        bar.set_linewidth(linewidth if k == outlined else 0)


class ExplorerDrawing:
    """The explorer's figure `fig` (SIZE at DPI: 840 x 432 px), built once from `state` (an
    `explorer_numbers` dict); `draw(state)` then changes the artists' data.

    live=False: a pyplot figure with every number and a suptitle naming z, j, target and cost.
    live=True: an off-screen Agg figure whose `png()` blits: the background is drawn once, each
    update draws only `self.dynamic`, and the (37) panels' y-axes once per TERM_SCALES entry.
    The Jacobians then show numbers in column j only, and titles say "j" (the controls give it).
    """

    def __init__(self, state, live=False):
        self.n, self.live = state["n"], live
        self.fig = fig = (Figure if live else plt.figure)(figsize=SIZE, dpi=DPI)
        if live:
            FigureCanvasAgg(fig)  # renders off-screen, whatever pyplot's backend is
        self._background, self.full_redraws = None, 0
        self._axis_pixels = {}  # live: term scale -> pixels of both (37) panels' y-axes
        axes = fig.subplots(2, 3, gridspec_kw={"width_ratios": [1.0, 0.9, 1.1]})
        self.ax_a, self.ax_J, self.ax_terms = axes.T
        fig.subplots_adjust(left=0.06, right=0.985, top=0.9 if live else 0.84, bottom=0.1,
                            wspace=0.72, hspace=0.62)
        self.target_bands, self.column, self.sum_lines = [], [], []
        for col, act in enumerate(ACTIVATIONS):
            s = state[act.name]
            self._outputs_panel(self.ax_a[col], act, s)
            self._jacobian_panel(self.ax_J[col], act, s)
            self._terms_panel(self.ax_terms[col], act, s, state["j"])
        # one colour bar for both Jacobians, which share the norm ±JACOBIAN_VMAX
        top, low = (ax.get_position() for ax in self.ax_J)
        cax = fig.add_axes([top.x1 + 0.008, low.y0, 0.011, top.y1 - low.y0])
        self.bar = fig.colorbar(self.ax_J[0].images[0], cax=cax)
        self.bar.ax.tick_params(labelsize=FONT["ticks"])
        # what changes is what the panels hold (hatching, bars, image, numbers, outline, lines),
        # drawn row by row in this order on every live update; axes and titles stay
        self.dynamic = [artist for ax in axes.flat
                        for artist in (*ax.images, *ax.texts, *ax.patches, *ax.lines)]
        if live:
            for artist in [*self.dynamic, *(ax.yaxis for ax in self.ax_terms)]:
                artist.set_animated(True)
        self.draw(state)

    def _outputs_panel(self, ax, act, s):
        ks = np.arange(self.n)
        # the target class's column, hatched from 0 to 1: visible however small a_target is
        band = Rectangle((-0.5, 0.0), 1.0, 1.0, facecolor="none", edgecolor="0.45",
                         hatch="//", linewidth=0.0, zorder=0.5)
        self.target_bands.append(ax.add_patch(band))
        ax.bar(ks, s["a"], color=COLORS[act.name], alpha=0.85, zorder=1)
        ax.set_ylim(0, 1.0)
        ax.set_xticks(ks, [str(k + 1) for k in ks])
        ax.set_xlabel(r"output $k$ (hatched: target)")
        ax.set_ylabel(r"$a_k$")
        ax.set_title(f"{act.name}: " + (r"$a_k = \sigma(z_k)$" if act.elementwise
                                        else r"$a_k = e^{z_k} / \Sigma_i\, e^{z_i}$"))
        _set_fonts(ax)

    def _jacobian_panel(self, ax, act, s):
        title = act.name + r" $\partial a_k/\partial z_j$ " + ("(diagonal)" if act.elementwise
                                                              else "(full)")
        if self.live:
            title += "\noutlined: column j"
        plot_jacobian(s["J"], ax=ax, vmax=JACOBIAN_VMAX, colorbar=False, annotate=self.n <= 4,
                      title=title)
        ax.set_aspect("auto")  # fill the panel: the cells need not be square
        _set_fonts(ax)
        for text in ax.texts:  # the numbers, row-major: text k * n + j is J[k, j]
            text.set_fontsize(FONT["numbers"])
        # column j of J holds the factors ∂a_k/∂z_j of the terms in the panel below
        self.column.append(ax.add_patch(Rectangle((-0.5, -0.5), 1, self.n, fill=False,
                                                  edgecolor="black", linewidth=2.5)))

    def _terms_panel(self, ax, act, s, j):
        # live: one title for every j, drawn once into the background; static: set by draw()
        title = (f"{act.name}: terms of (37), neuron $j$\n" r"their sum $\delta_j$ (dashed)"
                 if self.live else "")
        plot_eq37_terms(s["terms"], j, ax=ax, color=COLORS[act.name], title=title)
        _set_fonts(ax, FONT["title"] - 1)
        self.sum_lines.append(ax.axhline(0.0, color="black", linestyle="--", linewidth=1.2))

    def draw(self, state):
        """Put the numbers of `state` (from `explorer_numbers`) into the artists; ValueError
        for a state with another n than the figure's."""
        n, j, target = self.n, state["j"], state["target"]
        if state["n"] != n:
            raise ValueError(f"this figure shows n = {n} neurons, got a state with {state['n']}")
        self.scale = term_scale(state)
        for col, act in enumerate(ACTIVATIONS):
            s = state[act.name]
            self.target_bands[col].set_x(target - 0.5)
            _set_bars(self.ax_a[col].containers[0], s["a"], target, 1.5)
            self.ax_J[col].images[0].set_data(s["J"])
            for index, text in enumerate(self.ax_J[col].texts):  # no numbers when n > 4
                value = s["J"][index // n, index % n]
                text.set_text(entry_text(value))
                text.set_color("white" if abs(value) > 0.6 * JACOBIAN_VMAX else "black")
                text.set_visible(not self.live or index % n == j)  # live: column j only
            self.column[col].set_x(j - 0.5)
            self.ax_terms[col].set_ylim(-self.scale, self.scale)
            _set_bars(self.ax_terms[col].containers[0], s["terms"], j, 2)
            self.sum_lines[col].set_ydata([s["delta_j"], s["delta_j"]])
            if not self.live:
                self.ax_terms[col].title.set_text(
                    f"{act.name}: terms of (37) for j = {j + 1}\n"
                    f"their sum δ{chr(0x2080 + j + 1)} = {s['delta_j']:+.4f} (dashed)")
        if not self.live:
            z_text = ", ".join(f"{v:.1f}" for v in state["z"])
            self.fig.suptitle(f"z = ({z_text}),  j = {j + 1},  target class {target + 1},"
                              f"  {state['cost'].replace('_', '-')} cost", fontsize=FONT["title"])

    def png(self):
        """A live drawing as RGB PNG bytes, redrawing only what changes; zlib level 1 (flat
        colour: hardly larger, several times faster)."""
        canvas = self.fig.canvas
        if self._background is None:
            self.full_redraws += 1
            canvas.draw()  # everything but the animated (changing) artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(self._background)
        self._draw_term_axes()
        for artist in self.dynamic:
            self.fig.draw_artist(artist)
        rgb = np.asarray(canvas.buffer_rgba())[:, :, :3]  # the figure is opaque: alpha is 255
        buffer = io.BytesIO()
        Image.fromarray(np.ascontiguousarray(rgb)).save(buffer, "PNG", compress_level=1)
        return buffer.getvalue()

    def _draw_term_axes(self):
        """Live: the (37) panels' y-axes at the current scale, drawn once per scale; the strip
        left of each panel (from the colour bar on) that holds its axis is kept and put back."""
        canvas = self.fig.canvas
        if self.scale not in self._axis_pixels:
            strips = []
            left = self.bar.ax.get_tightbbox().x1 + 1  # right of the colour bar's label
            for ax in self.ax_terms:
                self.fig.draw_artist(ax.yaxis)
                margin = 0.06 * ax.bbox.height  # the end tick labels stick out by half a line
                # to 2 px right of the spine: tick marks are antialiased across it (the changing
                # artists are drawn after this strip is put back, so the lines of δ_j stay whole)
                strips.append(canvas.copy_from_bbox(
                    Bbox([[left, ax.bbox.y0 - margin], [ax.bbox.x0 + 2, ax.bbox.y1 + margin]])))
            self._axis_pixels[self.scale] = strips
        for region in self._axis_pixels[self.scale]:
            canvas.restore_region(region)


def plot_explorer(z=None, j=0, target=0, cost="quadratic", n=4):
    """The explorer's picture for fixed values, a pyplot Figure (end the cell with plt.show()).
    z : (n,) logits, default `default_logits(n)` (n is used only then); j, target, cost and the
    errors raised as in `explorer_numbers`.
    Used in notebooks: 05."""
    state = explorer_numbers(default_logits(n) if z is None else z, j, target, cost)
    return ExplorerDrawing(state).fig
