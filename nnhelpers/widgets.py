"""The Jacobian explorer: sliders that put sigmoid and softmax side by side (notebook 05).

Move one logit z_k and watch: under sigmoid only a_k moves (the Jacobian ∂a/∂z is diagonal and
one term of (37) is left), under softmax every a_i moves (a full Jacobian: every term of (37)
counts). The explorer shows, for both activations, the outputs a, the Jacobians
J[k, j] = ∂a_k/∂z_j on one colour scale, the n terms ∂C/∂a_k · ∂a_k/∂z_j of (37) for the chosen
output neuron j, and a readout that δ by (37) equals the definition (36) computed numerically.

    explorer_state(z, j, target, cost)   the numbers, as a dict (no drawing, no widgets)
    plot_explorer(z, j, target, cost)    the same picture as a static matplotlib Figure
    jacobian_explorer(n=4, ...)          the widget; its `update()` is a plain method

Indices j, k and the target class are 0-based in code and shown 1-based, as in the figures of
`nnhelpers.plotting`. Used in notebook 05 (and its screenshot in the README).
"""

import base64
import io
import struct
import zlib
from contextlib import contextmanager

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from . import bp1
from .activations import sigmoid, softmax
from .costs import COSTS
from .gradcheck import relative_error
from .plotting import plot_eq37_terms, plot_jacobian

ACTIVATIONS = (sigmoid, softmax)  # left and right column of the explorer
COST_LABELS = {"quadratic": "quadratic", "cross_entropy": "cross-entropy",
               "log_likelihood": "log-likelihood"}
N_RANGE = (2, 8)
Z_RANGE = (-4.0, 4.0)
Z_STEP = 0.1
# The sliders are SelectionSliders over the exact values k / 10: the browser then only moves an
# integer index. (A FloatSlider's browser side recomputes its value as a percentage of the range,
# gets 0.7000000000000002 for 0.7, and sends that back; after "Run All" such late messages
# overwrite the values the notebook's cells set.)
_PER_UNIT = 10  # slider positions per unit of z (1 / Z_STEP)
JACOBIAN_VMAX = 0.25  # |∂a_k/∂z_j| <= 1/4 for sigmoid (σ' <= 1/4) and softmax (a_k a_j <= 1/4)
TOLERANCE = 1e-6  # (37) against central differences (36), h = 1e-6: agreement is about 1e-9
DPI = 80
COLORS = {"sigmoid": "tab:blue", "softmax": "tab:orange"}


# ---------------------------------------------------------------- checks -------------------

def _check_n(n):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"n must be an integer, got {type(n).__name__}")
    if not N_RANGE[0] <= n <= N_RANGE[1]:
        raise ValueError(f"n must be between {N_RANGE[0]} and {N_RANGE[1]}, got {n}")
    return int(n)


def _check_index(value, n, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer index in 0..{n - 1}, got "
                        f"{type(value).__name__}")
    if not 0 <= value < n:
        raise ValueError(f"{name} must be an integer index in 0..{n - 1}, got {value}")
    return int(value)


def _check_cost(cost):
    if not isinstance(cost, str):
        raise TypeError(f"cost must be a name, one of {sorted(COSTS)}, got {type(cost).__name__}")
    if cost not in COSTS:
        raise ValueError(f"unknown cost {cost!r}; expected one of {sorted(COSTS)}")
    return cost


def _check_z(z, n=None, z_range=None):
    if isinstance(z, (str, bytes)) or z is None:
        raise TypeError(f"z must be a sequence of numbers, got {type(z).__name__}")
    z = np.asarray(z)
    if z.dtype == bool or not np.issubdtype(z.dtype, np.number) or np.iscomplexobj(z):
        raise TypeError(f"z must hold real numbers, got dtype {z.dtype}")
    z = z.astype(np.float64).reshape(-1) if z.ndim == 2 and z.shape[1] == 1 else z
    if z.ndim != 1:
        raise ValueError(f"z must have shape (n,) or (n, 1), got shape {z.shape}")
    if n is not None and z.size != n:
        raise ValueError(f"z must have {n} logits (one per slider), got {z.size}")
    _check_n(z.size)
    z = z.astype(np.float64)
    if not np.all(np.isfinite(z)):
        raise ValueError("z contains NaN or infinity")
    if z_range is not None:
        if np.any(z < z_range[0]) or np.any(z > z_range[1]):
            raise ValueError(f"every logit must lie in the sliders' range {tuple(z_range)}, got "
                             f"{np.round(z, 3).tolist()}")
        ticks = np.rint(z * _PER_UNIT)
        if np.any(np.abs(z * _PER_UNIT - ticks) > 1e-6):
            raise ValueError(f"logits must be multiples of the sliders' step {Z_STEP}, got "
                             f"{z.tolist()}")
        z = ticks / _PER_UNIT  # the exact slider values k / 10
    return z


def default_logits(n):
    """The starting logits, (n,): from 1.5 down to -1.5, evenly spaced, rounded to steps of 0.1."""
    return np.rint(np.linspace(1.5, -1.5, _check_n(n)) * _PER_UNIT) / _PER_UNIT


# ---------------------------------------------------------------- the numbers --------------

def explorer_state(z, j=0, target=0, cost="quadratic"):
    """Everything the explorer shows, for logits z, output neuron j, target class and cost.

    z      : (n,) logits z^L (n from 2 to 8)
    j      : output neuron whose δ_j is taken apart into the terms of (37), 0-based
    target : the correct class; y is its one-hot vector, (n,)
    cost   : "quadratic", "cross_entropy" or "log_likelihood"
    returns a dict with z, y, j, target, cost and, for "sigmoid" and "softmax", a dict with
        a          (n,)   the activations a_k
        J          (n, n) J[k, j] = ∂a_k/∂z_j
        grad_a     (n,)   ∂C/∂a_k
        terms      (n,)   ∂C/∂a_k · ∂a_k/∂z_j for the chosen j: the sum (37), term by term
        delta37    (n,)   δ by (37) (bp1.output_error), every neuron
        delta36    (n,)   δ by the definition (36), central differences (bp1.output_error_numeric)
        rel_error  float  relative error between the two
        delta_j, delta_j_numeric, diagonal_only_j  floats: δ_j by (37), by (36), and the
                   "skip the sum" answer (only the k = j term of (37))
    """
    z = _check_z(z)
    n = z.size
    j = _check_index(j, n, "j")
    target = _check_index(target, n, "target")
    cost = _check_cost(cost)
    y = np.zeros(n)
    y[target] = 1.0
    state = {"z": z, "y": y, "j": j, "target": target, "cost": cost, "n": n}
    for act in ACTIVATIONS:
        a = act(z)
        grad_a = COSTS[cost].grad(a, y)
        terms = bp1.eq37_terms(z, y, act, cost, j)
        delta37 = bp1.output_error(z, y, act, cost)
        delta36 = bp1.output_error_numeric(z, y, act, cost, method="central")
        state[act.name] = {
            "a": a,
            "J": act.jacobian(z),
            "grad_a": grad_a,
            "terms": terms,
            "delta37": delta37,
            "delta36": delta36,
            "rel_error": relative_error(delta37, delta36),
            "delta_j": float(delta37[j]),
            "delta_j_numeric": float(delta36[j]),
            "diagonal_only_j": float(terms[j]),
        }
    return state


# ---------------------------------------------------------------- the picture --------------

_SUBSCRIPTS = {k: chr(0x2080 + k) for k in range(10)}  # ₀ ... ₉
# Scales for the bars of (37): the smallest of these that holds every term of both columns.
# A scale change redraws the whole figure (new ticks); moving within one scale is fast.
TERM_SCALES = (0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)


def _term_scale(state):
    largest = max(np.max(np.abs(state[act.name]["terms"])) for act in ACTIVATIONS)
    largest = max(largest, max(abs(state[act.name]["delta_j"]) for act in ACTIVATIONS))
    for scale in TERM_SCALES:
        if largest <= scale / 1.05:
            return scale
    return float(1.1 * largest)


def _entry_text(value):
    return "0" if value == 0 else f"{value:.3f}"


class _ExplorerDrawing:
    """The explorer's figure: one column per activation, rows a, Jacobian, terms of (37).

    Built once with `plotting.plot_jacobian` and `plotting.plot_eq37_terms`; `draw(state)` then
    changes the data of the existing artists (bar heights, image, numbers, titles) in place.
    live=True renders by blitting: the axes, ticks and labels are drawn once into a background,
    and each update draws only the artists that change onto it (a full redraw takes several
    times longer); the Jacobians show their numbers in column j only. live=False is for a
    static pyplot figure with every number.
    """

    def __init__(self, fig, state, live=False):
        self.fig, self.n, self.live = fig, state["n"], live
        self.scale = self.j = None
        self._background = None
        self.full_redraws = 0
        n = self.n
        ks = np.arange(n)
        axes = fig.subplots(3, 2, gridspec_kw={"height_ratios": [0.8, 1.15, 1.0]})
        self.ax_a, self.ax_J, self.ax_terms = axes[0], axes[1], axes[2]
        fig.subplots_adjust(left=0.11, right=0.87, top=0.95 if live else 0.9, bottom=0.07,
                            wspace=0.45, hspace=0.62)
        self.a_bars, self.images, self.numbers, self.column = [], [], [], []
        self.term_bars, self.term_titles, self.zero_lines, self.sum_lines = [], [], [], []
        for col, act in enumerate(ACTIVATIONS):
            s = state[act.name]
            ax = self.ax_a[col]
            self.a_bars.append(ax.bar(ks, s["a"], color=COLORS[act.name], alpha=0.85))
            ax.set_ylim(0, 1.0)
            ax.set_xticks(ks, [str(k + 1) for k in ks])
            ax.set_xlabel(r"output $k$ (hatched: target class)", fontsize=9)
            ax.set_ylabel(r"$a_k$")
            formula = (r"$a_k = \sigma(z_k)$" if act.elementwise
                       else r"$a_k = e^{z_k} / \Sigma_i\, e^{z_i}$")
            ax.set_title(f"{act.name}: {formula}", fontsize=10)

            ax = self.ax_J[col]
            title = f"{act.name} Jacobian " + ("(diagonal)" if act.elementwise else "(full)")
            if live:
                title += "\noutlined: column j, the factors in (37)"
            plot_jacobian(s["J"], ax=ax, vmax=JACOBIAN_VMAX, colorbar=False, annotate=n <= 5,
                          title=title)
            ax.title.set_fontsize(10)
            ax.xaxis.label.set_fontsize(9)
            ax.yaxis.label.set_fontsize(9)
            self.images.append(ax.get_images()[0])
            self.numbers.append(list(ax.texts))  # row-major: text k * n + j is J[k, j]
            # column j of J holds the factors ∂a_k/∂z_j of the terms in the panel below
            self.column.append(ax.add_patch(Rectangle((-0.5, -0.5), 1, n, fill=False,
                                                      edgecolor="black", linewidth=2)))

            ax = self.ax_terms[col]
            plot_eq37_terms(s["terms"], state["j"], ax=ax, color=COLORS[act.name], title="")
            ax.yaxis.label.set_fontsize(9)
            ax.xaxis.label.set_fontsize(9)
            self.term_bars.append(ax.containers[0])
            self.term_titles.append(ax.title)
            self.zero_lines.append(ax.lines[-1])
            self.sum_lines.append(ax.axhline(0.0, color="black", linestyle="--", linewidth=1))
        cax = fig.add_axes([0.9, 0.415, 0.015, 0.225])
        norm = TwoSlopeNorm(vcenter=0.0, vmin=-JACOBIAN_VMAX, vmax=JACOBIAN_VMAX)
        bar = fig.colorbar(ScalarMappable(norm=norm, cmap="RdBu_r"), cax=cax)
        bar.ax.tick_params(labelsize=8)
        bar.set_label(r"$\partial a_k/\partial z_j$, one scale for both", fontsize=9)
        # the live figure leaves the values to the controls beside it; a static one names them
        self.suptitle = None if live else fig.suptitle("", fontsize=11)
        self.dynamic = []  # drawn in this order on every live update
        for col in range(len(ACTIVATIONS)):
            self.dynamic += [*self.a_bars[col], self.images[col], *self.numbers[col],
                             self.column[col], *self.term_bars[col], self.zero_lines[col],
                             self.sum_lines[col]]
        if live:
            for artist in self.dynamic:
                artist.set_animated(True)
        self.draw(state)

    def draw(self, state):
        """Put the numbers of `state` (from `explorer_state`, same n) into the artists."""
        n, j, target = self.n, state["j"], state["target"]
        if state["n"] != n:
            raise ValueError(f"this figure shows n = {n} neurons, got a state with {state['n']}")
        scale = _term_scale(state)
        if scale != self.scale:  # new ticks: the background must be drawn again
            self.scale = scale
            for ax in self.ax_terms:
                ax.set_ylim(-scale, scale)
            self._background = None
        if j != self.j:  # new titles
            self.j = j
            self._background = None
        for col, act in enumerate(ACTIVATIONS):
            s = state[act.name]
            for k, bar in enumerate(self.a_bars[col]):
                bar.set_height(s["a"][k])
                bar.set_hatch("//" if k == target else None)
                bar.set_edgecolor("black" if k == target else "none")
            self.images[col].set_data(s["J"])
            for index, text in enumerate(self.numbers[col]):  # no numbers when n > 5
                value = s["J"][index // n, index % n]
                text.set_text(_entry_text(value))
                text.set_color("white" if abs(value) > 0.6 * JACOBIAN_VMAX else "black")
                # live: numbers in column j only; each drawn text costs about a millisecond
                text.set_visible(not self.live or index % n == j)
            self.column[col].set_x(j - 0.5)
            for k, bar in enumerate(self.term_bars[col]):
                bar.set_height(s["terms"][k])
                bar.set_edgecolor("black" if k == j else "none")
                bar.set_linewidth(2 if k == j else 0)
            self.sum_lines[col].set_ydata([s["delta_j"], s["delta_j"]])
            # the live figure leaves the value of the sum to the readout beside it, so that its
            # titles change only with j (in the background) and each update draws fewer texts
            value = "" if self.live else f" = {s['delta_j']:+.4f}"
            self.term_titles[col].set_text(f"{act.name}: terms of (37) for j = {j + 1}\n"
                                           f"their sum δ{_SUBSCRIPTS[j + 1]}{value} (dashed)")
        if self.suptitle is not None:
            z_text = ", ".join(f"{v:.1f}" for v in state["z"])
            self.suptitle.set_text(f"z = ({z_text}),  j = {j + 1},  target class {target + 1},"
                                   f"  {state['cost'].replace('_', '-')} cost")

    def png(self):
        """The figure as PNG bytes; live figures redraw only what changes (see class doc)."""
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
        for artist in self.dynamic:
            self.fig.draw_artist(artist)
        return _png_bytes(np.asarray(canvas.buffer_rgba()))


def _png_bytes(rgba):
    """Encode an (height, width, 4) uint8 image as an RGB PNG, quickly.

    No row filters and zlib level 1: about twice as fast as PIL's default, for a file of the
    same size (a figure is mostly flat colour). Used by the live explorer on every update.
    """
    height, width, _ = rgba.shape
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row: filter byte 0, RGB
    rows[:, 1:] = rgba[:, :, :3].reshape(height, 3 * width)

    def chunk(tag, payload):
        return (struct.pack(">I", len(payload)) + tag + payload
                + struct.pack(">I", zlib.crc32(tag + payload)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + chunk(b"IEND", b""))


def _figure_size(n):
    return (7.6, 8.4) if n <= 5 else (8.2, 9.0)


def plot_explorer(z=None, j=0, target=0, cost="quadratic", n=4):
    """The explorer's picture for fixed values, as a pyplot Figure (for static notebook output).

    z : (n,) logits, default `default_logits(n)`; j, target, cost as in `explorer_state`
    returns the Figure (end the cell with plt.show())
    """
    z = default_logits(n) if z is None else z
    state = explorer_state(z, j, target, cost)
    fig = plt.figure(figsize=_figure_size(state["n"]), dpi=DPI)
    _ExplorerDrawing(fig, state, live=False)
    return fig


# ---------------------------------------------------------------- the widget ---------------

def _readout_html(state):
    j = state["j"]
    rows = [
        (rf"δ<sub>{j + 1}</sub> by (37), Σ<sub>k</sub> of the terms",
         lambda s: f"{s['delta_j']:+.6f}"),
        (rf"δ<sub>{j + 1}</sub> by (36), numerically", lambda s: f"{s['delta_j_numeric']:+.6f}"),
        ("relative error, all of δ",
         lambda s: f"{s['rel_error']:.0e} "
         + ("✔" if s["rel_error"] < TOLERANCE else "✘ MISMATCH")),
        (rf"only the k = {j + 1} term (skip the sum)", lambda s: f"{s['diagonal_only_j']:+.6f}"),
    ]
    head = "".join(f"<th style='padding:0 6px'>{act.name}</th>" for act in ACTIVATIONS)
    body = "".join(
        f"<tr><td>{label}</td>"
        + "".join(f"<td style='padding:0 6px;text-align:right;font-family:monospace'>"
                  f"{fmt(state[act.name])}</td>" for act in ACTIVATIONS)
        + "</tr>"
        for label, fmt in rows
    )
    return (f"<table style='font-size:12px;line-height:1.5'><tr><th></th>{head}</tr>{body}"
            "</table>")


class JacobianExplorer(widgets.HBox):
    """Sliders for z_1..z_n, choices of j, target class and cost; figure and readout.

    Attributes the tests and notebook 05 use:
        sliders       list of n SelectionSliders, one per logit z_k, over the values k / 10
        neuron, target, cost   Dropdowns (values: 0-based index, index, cost name)
        state         dict from `explorer_state` for the values shown now
        png           bytes of the PNG shown now
        readout       HTML widget with (37) against (36)
        update()      recompute `state`, redraw, show; called on every change
        set(z=..., j=..., target=..., cost=...)   change several values, update once
    """

    def __init__(self, n=4, z=None, j=0, target=0, cost="quadratic", z_range=Z_RANGE):
        n = _check_n(n)
        z_range = self._check_range(z_range)
        z = _check_z(default_logits(n) if z is None else z, n, z_range)
        j = _check_index(j, n, "j")
        target = _check_index(target, n, "target")
        cost = _check_cost(cost)
        self.n = n
        self.z_range = z_range
        self.update_count = 0
        self._holding = False

        lo, hi = (round(v * _PER_UNIT) for v in z_range)
        positions = [(f"{k / _PER_UNIT:.1f}", k / _PER_UNIT) for k in range(lo, hi + 1)]
        self.sliders = [
            widgets.SelectionSlider(options=positions, value=float(z[k]), description=f"z{k + 1}",
                                    continuous_update=True, layout=widgets.Layout(width="280px"))
            for k in range(n)
        ]
        options = [(str(k + 1), k) for k in range(n)]
        common = {"style": {"description_width": "115px"}, "layout": widgets.Layout(width="280px")}
        self.neuron = widgets.Dropdown(options=options, value=j, description="output neuron j",
                                       **common)
        self.target = widgets.Dropdown(options=options, value=target,
                                       description="target class", **common)
        self.cost = widgets.Dropdown(options=[(label, name) for name, label in
                                              COST_LABELS.items()],
                                     value=cost, description="cost", **common)
        self.readout = widgets.HTML()
        self.output = widgets.Output(layout=widgets.Layout(min_width="620px"))
        self.figure = Figure(figsize=_figure_size(n), dpi=DPI)
        FigureCanvasAgg(self.figure)  # renders off-screen, whatever pyplot's backend is
        self._drawing = _ExplorerDrawing(
            self.figure, explorer_state(z, j, target, cost), live=True)

        title = widgets.HTML("<b>logits z<sup>L</sup></b>")
        controls = widgets.VBox(
            [title, *self.sliders, widgets.HTML("<b>neuron j, target y, cost C</b>"), self.neuron,
             self.target, self.cost, widgets.HTML("<b>(37) against (36)</b>"), self.readout],
            layout=widgets.Layout(width="320px", flex="0 0 320px"),
        )
        super().__init__([controls, self.output],
                         layout=widgets.Layout(align_items="flex-start"))
        for control in [*self.sliders, self.neuron, self.target, self.cost]:
            control.observe(self._on_change, names="value")
        self.update()

    def __repr__(self):
        # the text shown where widgets cannot run (GitHub, nbconvert), instead of the widget tree
        return (f"<Jacobian explorer, n = {self.n}: sliders for z_1..z_{self.n}; run the notebook "
                "in JupyterLab to use it>")

    @staticmethod
    def _check_range(z_range):
        try:
            low, high = (float(v) for v in z_range)
        except (TypeError, ValueError):
            raise TypeError(f"z_range must be a pair (low, high) of numbers, got {z_range!r}"
                            ) from None
        if not low < high:
            raise ValueError(f"z_range must have low < high, got {z_range!r}")
        ends = np.array([low, high]) * _PER_UNIT
        if np.any(np.abs(ends - np.rint(ends)) > 1e-6) or np.any(np.abs(ends) > 1000):
            raise ValueError(f"z_range must run between multiples of {Z_STEP} within "
                             f"[-100, 100], got {z_range!r}")
        return tuple(np.rint(ends) / _PER_UNIT)

    @property
    def full_redraws(self):
        """How many updates so far drew the whole figure (new bar scale or new j)."""
        return self._drawing.full_redraws

    @property
    def z(self):
        """(n,) logits from the sliders."""
        return np.array([s.value for s in self.sliders], dtype=np.float64)

    def _on_change(self, change):
        if not self._holding:
            self.update()

    @contextmanager
    def hold(self):
        """Change several controls and update once at the end: `with explorer.hold(): ...`."""
        self._holding = True
        try:
            yield self
        finally:
            self._holding = False
        self.update()

    def set(self, z=None, j=None, target=None, cost=None):
        """Set any of the logits (n,), neuron j, target class and cost; update once."""
        if z is not None:
            z = _check_z(z, self.n, self.z_range)
        values = {"j": j, "target": target}
        for name, value in values.items():
            if value is not None:
                _check_index(value, self.n, name)
        if cost is not None:
            _check_cost(cost)
        with self.hold():
            if z is not None:
                for slider, value in zip(self.sliders, z, strict=True):
                    slider.value = float(value)
            if j is not None:
                self.neuron.value = int(j)
            if target is not None:
                self.target.value = int(target)
            if cost is not None:
                self.cost.value = cost
        return self.state

    def update(self):
        """Recompute `state` from the controls, redraw the figure and the readout.

        Plain method: tests call it without a browser or kernel. Returns the state dict.
        """
        self.state = explorer_state(self.z, self.neuron.value, self.target.value,
                                    self.cost.value)
        self._drawing.draw(self.state)
        self.png = self._drawing.png()
        self.readout.value = _readout_html(self.state)
        # Set the Output widget's content directly: this works from a callback, at
        # construction, and without a kernel (the frontend renders an <img> data URI).
        self.output.outputs = ({
            "output_type": "display_data",
            "data": {"image/png": base64.b64encode(self.png).decode("ascii"),
                     "text/plain": "<Jacobian explorer figure>"},
            "metadata": {},
        },)
        self.update_count += 1
        return self.state


def jacobian_explorer(n=4, z=None, j=0, target=0, cost="quadratic", z_range=Z_RANGE):
    """The explorer widget of notebook 05 (display it by ending a cell with it).

    n       : number of output neurons, 2..8 (one slider per logit z_k)
    z       : (n,) starting logits, multiples of 0.1 inside z_range; default `default_logits(n)`
    z_range : (low, high), the sliders' range, in steps of 0.1
    j       : output neuron whose (37) is shown term by term, 0-based
    target  : target class (y is one-hot), 0-based
    cost    : "quadratic", "cross_entropy" or "log_likelihood"
    returns a JacobianExplorer (an ipywidgets HBox)
    """
    return JacobianExplorer(n=n, z=z, j=j, target=target, cost=cost, z_range=z_range)
