"""The Jacobian explorer's picture (notebook 05): one row per activation, static or live.

Panels, left to right, for sigmoid (top) and softmax (bottom): the outputs a_k (the target class
hatched), the Jacobian J[k, j] = ∂a_k/∂z_j on one colour scale, and the n terms
∂C/∂a_k · ∂a_k/∂z_j of (37) for output neuron j, with their sum δ_j dashed. Wide and low: the
figure and the sliders under it fit a laptop's notebook view together. The numbers come from
`nnhelpers.explorer_state.explorer_numbers`. `plot_explorer` draws the static figure with
matplotlib; `scene` gives the live widget (`nnhelpers.widgets`) the same panels, ticks and colours
as numbers, which the browser draws (explorer_view.js): no image travels on each update.

Used in notebooks: 05.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import TwoSlopeNorm, to_hex
from matplotlib.gridspec import GridSpec
from matplotlib.patches import Rectangle

from .explorer_state import ACTIVATIONS, default_logits, explorer_numbers
from .plotting import plot_eq37_terms, plot_jacobian
from .validation import check_number

JACOBIAN_VMAX = 0.25  # |∂a_k/∂z_j| <= 1/4 for sigmoid (σ' <= 1/4) and softmax (a_k a_j <= 1/4)
JACOBIAN_COLORS = ScalarMappable(TwoSlopeNorm(0.0, -JACOBIAN_VMAX, JACOBIAN_VMAX), "RdBu_r")
COLORBAR_TICKS = (-0.2, -0.1, 0.0, 0.1, 0.2)
DPI = 80
SIZE = (10.5, 5.4)  # inches: 840 x 432 px at DPI
COLORS = {"sigmoid": "tab:blue", "softmax": "tab:orange"}
FONT = {"title": 12, "label": 11, "ticks": 10, "numbers": 10}
TERM_SCALES = (0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
BAR_MARGIN = 0.6  # the bar panels show k = 1..n from 0.6 left of bar 1 to 0.6 right of bar n


def term_scale(state):
    """The y-range ±scale of the (37) panels: the smallest TERM_SCALES entry holding every term
    and δ_j of both columns with 5 % to spare (beyond 5: 1.1 times the largest)."""
    largest = max(max(np.max(np.abs(state[act.name]["terms"])), abs(state[act.name]["delta_j"]))
                  for act in ACTIVATIONS)
    return next((scale for scale in TERM_SCALES if largest <= scale / 1.05), float(1.1 * largest))


def term_ticks(scale):
    """The (37) panels' y-ticks for ±scale: [(value, label)] at -scale, -scale/2, 0, scale/2 and
    scale, every label with the same number of decimals."""
    values = [scale * f for f in (-1.0, -0.5, 0.0, 0.5, 1.0)]
    decimals = next((d for d in range(6) if all(abs(round(v, d) - v) < 1e-12 for v in values)),
                    3)
    return [(v, f"{v:.{decimals}f}") for v in values]


def entry_text(value):
    """A Jacobian entry as printed: "0" for an exact zero (sigmoid's k ≠ j), else three
    decimals, never "-0.000"."""
    return "0" if value == 0 else f"{value:.3f}".replace("-0.000", "0.000")


def panel_boxes(top):
    """Where the panels sit, as figure fractions [left, bottom, width, height]: boxes[row][col]
    (row 0 sigmoid, 1 softmax; columns outputs, Jacobian, terms), then the colour bar's box.
    top : the panels' top edge (lower when a suptitle sits above them)."""
    grid = GridSpec(2, 3, width_ratios=[1.0, 0.9, 1.1], left=0.06, right=0.985, top=top,
                    bottom=0.1, wspace=0.72, hspace=0.62)
    bottoms, tops, lefts, rights = grid.get_grid_positions(None)
    boxes = [[[x0, y0, x1 - x0, y1 - y0] for x0, x1 in zip(lefts, rights, strict=True)]
             for y0, y1 in zip(bottoms, tops, strict=True)]
    jacobian_top, jacobian_low = boxes[0][1], boxes[1][1]
    colorbar = [jacobian_top[0] + jacobian_top[2] + 0.008, jacobian_low[1], 0.011,
                jacobian_top[1] + jacobian_top[3] - jacobian_low[1]]
    return boxes, colorbar


def terms_title(name, j, delta_j):
    """The title of a (37) panel, static or live: neuron j (0-based) and δ_j's value."""
    return (f"{name}: terms of (37) for j = {j + 1}\n"
            f"their sum δ{chr(0x2080 + j + 1)} = {delta_j:+.4f} (dashed)")


def _set_fonts(ax, title=FONT["title"]):
    ax.title.set_fontsize(title)
    ax.xaxis.label.set_fontsize(FONT["label"])
    ax.yaxis.label.set_fontsize(FONT["label"])
    ax.tick_params(labelsize=FONT["ticks"])


def _outline(bars, k, linewidth):
    bars[k].set(edgecolor="black", linewidth=linewidth)


def plot_explorer(z=None, j=0, target=0, cost="quadratic", n=4, scale=None):
    """The explorer's picture for fixed values, with every number and a suptitle naming z, j,
    target and cost: a pyplot Figure, SIZE at DPI (840 x 432 px; end the cell with plt.show()).
    z : (n,) logits, default `default_logits(n)` (n is used only then); j, target, cost and the
    errors raised as in `explorer_numbers`; scale : the (37) panels' y-range ±scale, default
    `term_scale` of the state (give two figures one scale to compare their bars).
    Used in notebooks: 05."""
    state = explorer_numbers(default_logits(n) if z is None else z, j, target, cost)
    n, j, target = state["n"], state["j"], state["target"]
    fig = plt.figure(figsize=SIZE, dpi=DPI)
    boxes, colorbar = panel_boxes(top=0.84)
    ks, labels = np.arange(n), [str(k + 1) for k in range(n)]
    scale = term_scale(state) if scale is None else check_number(scale, "scale")
    for row, act in zip(boxes, ACTIVATIONS, strict=True):
        s = state[act.name]
        ax_a, ax_J, ax_terms = (fig.add_axes(box) for box in row)
        # the outputs; the target class's column hatched from 0 to 1, however small a_target
        ax_a.add_patch(Rectangle((target - 0.5, 0.0), 1.0, 1.0, facecolor="none",
                                 edgecolor="0.45", hatch="//", linewidth=0.0, zorder=0.5))
        _outline(ax_a.bar(ks, s["a"], color=COLORS[act.name], alpha=0.85, zorder=1), target, 1.5)
        ax_a.set(xlim=(-BAR_MARGIN, n - 1 + BAR_MARGIN), ylim=(0.0, 1.0),
                 xlabel=r"output $k$ (hatched: target)", ylabel=r"$a_k$",
                 title=f"{act.name}: " + (r"$a_k = \sigma(z_k)$" if act.elementwise
                                          else r"$a_k = e^{z_k} / \Sigma_i\, e^{z_i}$"))
        ax_a.set_xticks(ks, labels)
        _set_fonts(ax_a)
        # the Jacobian; its column j holds the factors ∂a_k/∂z_j of the terms beside it
        plot_jacobian(s["J"], ax=ax_J, vmax=JACOBIAN_VMAX, colorbar=False, annotate=n <= 4,
                      title=act.name + r" $\partial a_k/\partial z_j$ "
                      + ("(diagonal)" if act.elementwise else "(full)"))
        ax_J.set_aspect("auto")  # fill the panel: the cells need not be square
        _set_fonts(ax_J)
        # row-major: text k * n + j is J[k, j]; plot_jacobian coloured it for vmax
        for index, text in enumerate(ax_J.texts):
            text.set(text=entry_text(s["J"][index // n, index % n]), fontsize=FONT["numbers"])
        ax_J.add_patch(Rectangle((j - 0.5, -0.5), 1, n, fill=False, edgecolor="black",
                                 linewidth=2.5))
        # the terms of (37) and their sum
        plot_eq37_terms(s["terms"], j, ax=ax_terms, color=COLORS[act.name],
                        title=terms_title(act.name, j, s["delta_j"]))
        ax_terms.axhline(s["delta_j"], color="black", linestyle="--", linewidth=1.2)
        ax_terms.set(xlim=(-BAR_MARGIN, n - 1 + BAR_MARGIN), ylim=(-scale, scale))
        ax_terms.set_yticks(*zip(*term_ticks(scale), strict=True))
        _set_fonts(ax_terms, FONT["title"] - 1)
    # one colour bar for both Jacobians, which share the colours JACOBIAN_COLORS
    bar = fig.colorbar(ax_J.images[0], cax=fig.add_axes(colorbar), ticks=COLORBAR_TICKS)
    bar.ax.tick_params(labelsize=FONT["ticks"])
    z_text = ", ".join(f"{v:.1f}" for v in state["z"])
    fig.suptitle(f"z = ({z_text}),  j = {j + 1},  target class {target + 1},"
                 f"  {state['cost'].replace('_', '-')} cost", fontsize=FONT["title"])
    return fig


def scene(state, scale=None):
    """What the live figure shows for `state` (an `explorer_numbers` dict), as JSON-ready numbers
    and strings in pixels (y down, SIZE at DPI): the panels' boxes and titles, the colours of each
    Jacobian cell (JACOBIAN_COLORS, as plot_explorer's) and its entries as printed (for n <= 4),
    the (37) panels' ±scale (default `term_scale(state)`) and ticks, and per activation its outputs
    a, its terms and δ_j. The browser draws it (nnhelpers/explorer_view.js); the live figure has
    no suptitle (the controls show z, j, the target and the cost).
    """
    width, height = SIZE[0] * DPI, SIZE[1] * DPI
    boxes, colorbar = panel_boxes(top=0.9)

    def pixels(box):
        return [box[0] * width, (1.0 - box[1] - box[3]) * height, box[2] * width, box[3] * height]

    n, j, rows = state["n"], state["j"], []
    scale = term_scale(state) if scale is None else scale
    for act, row in zip(ACTIVATIONS, boxes, strict=True):
        s = state[act.name]
        formula = "a_k = σ(z_k)" if act.elementwise else "a_k = e^zₖ / Σ_i e^zᵢ"
        kind = "diagonal" if act.elementwise else "full"
        rows.append({
            "name": act.name, "color": to_hex(COLORS[act.name]),
            "boxes": [pixels(box) for box in row],
            "titles": [f"{act.name}: {formula}",
                       f"{act.name} ∂a_k/∂z_j ({kind})\noutlined: column j = {j + 1}",
                       terms_title(act.name, j, s["delta_j"])],
            "a": s["a"].tolist(), "terms": s["terms"].tolist(), "delta_j": float(s["delta_j"]),
            "J_colors": [[to_hex(c) for c in line] for line in JACOBIAN_COLORS.to_rgba(s["J"])],
            "J_text": [[entry_text(v) for v in line] for line in s["J"]] if n <= 4 else [],
            "J_white": (np.abs(s["J"]) > 0.6 * JACOBIAN_VMAX).tolist()})
    stops = np.linspace(-JACOBIAN_VMAX, JACOBIAN_VMAX, 11)
    return {"width": width, "height": height, "n": n, "j": j, "target": state["target"],
            "bar_margin": BAR_MARGIN, "scale": scale, "term_ticks": term_ticks(scale),
            "rows": rows,
            "colorbar": {"box": pixels(colorbar), "vmax": JACOBIAN_VMAX,
                         "ticks": [(t, f"{t:.1f}") for t in COLORBAR_TICKS],
                         "stops": [to_hex(c) for c in JACOBIAN_COLORS.to_rgba(stops)]},
            "font": {key: size * DPI / 72 for key, size in FONT.items()}}
