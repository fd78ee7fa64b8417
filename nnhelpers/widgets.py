"""The Jacobian explorer widget (notebook 05): the figure, sliders for the logits, a readout.

Move one logit z_k: under sigmoid only a_k moves (one term of (37) left), under softmax every a_i
moves. The readout checks δ by (37) against (36) computed numerically. Numbers: `explorer_state`;
the figure: `explorer_figure` (the static one re-exported here; the live one is drawn in the
browser from its `scene` by explorer_view.js, an anywidget). 0-based in code, 1-based on screen.

Used in notebooks: 05.
"""

import functools
import html
import pathlib

import anywidget
import ipywidgets as widgets
import numpy as np
import traitlets

from .explorer_figure import plot_explorer, scene
from .explorer_state import (
    ACTIVATIONS,
    TOLERANCE,
    Z_RANGE,
    check_logits,
    check_n,
    default_logits,
    explorer_numbers,
    slider_values,
)

__all__ = ["JacobianExplorer", "default_logits", "explorer_numbers", "jacobian_explorer",
           "plot_explorer"]

COST_LABELS = {"quadratic": "quadratic", "cross_entropy": "cross-entropy",
               "log_likelihood": "log-likelihood"}
# SelectionSliders over exact values k / 10: the browser moves an index (a FloatSlider would echo
# 0.7 back as 0.7000000000000002 after Run All, overwriting values that cells set).
# Figure first, then a grid of controls: at 1366 x 768 with the file browser open, all fit in view.
CONTROLS_LAYOUT = widgets.Layout(grid_template_columns="repeat(auto-fill, minmax(340px, 1fr))",
                                 grid_gap="0 12px", width="100%", max_width="860px")


def _readout_html(state):
    j = state["j"] + 1
    rows = [(f"δ<sub>{j}</sub> by (37), Σ<sub>k</sub> of the terms",
             lambda s: f"{s['delta_j']:+.6f}"),
            (f"δ<sub>{j}</sub> by (36), numerically", lambda s: f"{s['delta_j_numeric']:+.6f}"),
            ("relative error, all of δ", lambda s: f"{s['rel_error']:.0e} "
             + ("✔" if s["rel_error"] < TOLERANCE else "✘ MISMATCH")),
            (f"only the k = {j} term (skip the sum)", lambda s: f"{s['diagonal_only_j']:+.6f}")]
    cell = "<td style='padding:0 6px;text-align:right;font-family:monospace'>"
    head = "".join(f"<th style='padding:0 6px'>{act.name}</th>" for act in ACTIVATIONS)
    head = f"<th style='text-align:left'>(37) against (36)</th>{head}"
    body = "".join(f"<tr><td>{label}</td>"
                   + "".join(f"{cell}{fmt(state[act.name])}</td>" for act in ACTIVATIONS)
                   + "</tr>" for label, fmt in rows)
    return f"<table style='font-size:13px;line-height:1.5'><tr>{head}</tr>{body}</table>"


def _alt_text(state):
    """What the figure shows, in words, for screen readers (its accessible name)."""
    z = ", ".join(f"{v:.1f}" for v in state["z"])
    deltas = "; ".join(f"{act.name} δ{state['j'] + 1} = {state[act.name]['delta_j']:+.4f}, "
                       f"outputs {', '.join(f'{a:.2f}' for a in state[act.name]['a'])}"
                       for act in ACTIVATIONS)
    return (f"Explorer figure at z = ({z}), j = {state['j'] + 1}, target class "
            f"{state['target'] + 1}, {COST_LABELS[state['cost']]} cost: {deltas}. Sigmoid's "
            "Jacobian is diagonal, one term of (37) is nonzero; softmax's is full.")


class ExplorerFigure(anywidget.AnyWidget):
    """The live figure: `scene` (from `explorer_figure.scene`) drawn by the browser as SVG, with
    `description` (what it shows, in words) as its accessible name."""
    _esm = pathlib.Path(__file__).with_name("explorer_view.js")
    scene = traitlets.Dict().tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)


class JacobianExplorer(widgets.VBox):
    """The explorer: the figure; under it sliders for z_1..z_n, j, target class, cost; a readout.

    n       : number of output neurons, 2..8 (one slider per logit z_k)
    z       : (n,) starting logits, multiples of 0.1 inside z_range; default `default_logits(n)`
    z_range : (low, high), the sliders' range, in steps of 0.1
    j, target : output neuron whose (37) is shown term by term, target class (0-based)
    cost    : "quadratic", "cross_entropy" or "log_likelihood"
    check   : None, or a function state -> verdict string: a "Check my sliders" button then
              shows its verdict for the sliders' state when pressed
    Raises TypeError / ValueError naming the argument that is out of range.

    Attributes: `sliders` (SelectionSliders over k / 10), `neuron`, `target`, `cost` (Dropdowns),
    `state` (the `explorer_numbers` dict shown), `figure` (an ExplorerFigure: its `scene` and
    `description`), `readout`, `check_button` and `verdict` (with check=...).
    """

    def __init__(self, n=4, z=None, j=0, target=0, cost="quadratic", z_range=Z_RANGE,
                 check=None):
        n = check_n(n)
        values = slider_values(z_range)  # checks z_range
        z = check_logits(default_logits(n) if z is None else z, n, (values[0], values[-1]))
        state = explorer_numbers(z, j, target, cost)  # checks j, target and cost
        if check is not None and not callable(check):
            raise TypeError(f"check must be a function of the explorer's state that returns a "
                            f"verdict (a string), or None; got {type(check).__name__}")
        self.n, self.update_count, self._check = n, 0, check

        positions = [(f"{value:.1f}", value) for value in values]
        self.sliders = [widgets.SelectionSlider(
            options=positions, value=float(z_k), description=f"z{k + 1}", continuous_update=True,
            style={"description_width": "28px"}, layout=widgets.Layout(width="auto"))
            for k, z_k in enumerate(z)]
        dropdown = functools.partial(widgets.Dropdown, style={"description_width": "120px"},
                                     layout=widgets.Layout(width="auto"))
        neurons = [(str(k + 1), k) for k in range(n)]
        self.neuron = dropdown(options=neurons, value=state["j"], description="output neuron j")
        self.target = dropdown(options=neurons, value=state["target"], description="target class")
        self.cost = dropdown(options=[(label, name) for name, label in COST_LABELS.items()],
                             value=state["cost"], description="cost")
        self.readout = widgets.HTML()
        self.figure = ExplorerFigure(layout=widgets.Layout(max_width="100%"))
        controls = widgets.GridBox([*self.sliders, self.neuron, self.target, self.cost],
                                   layout=CONTROLS_LAYOUT)
        children = [self.figure, controls, self.readout]
        self.check_button = self.verdict = None
        if check is not None:
            self.check_button = widgets.Button(description="Check my sliders", button_style="info")
            self.verdict = widgets.HTML("")
            self.check_button.on_click(lambda _: self.show_verdict())
            children += [self.check_button, self.verdict]
        super().__init__(children)
        self.add_class("nnhelpers-explorer")  # for the browser test and the benchmark
        for control in [*self.sliders, self.neuron, self.target, self.cost]:
            control.observe(lambda change: self.update(), names="value")
        self.update()

    def __repr__(self):
        # shown where the widget is not running: GitHub, static exports, before the cell runs
        return (f"<Jacobian explorer, n = {self.n}: its sliders and figure appear when this cell "
                "runs in a live Jupyter kernel; run the notebook's cells from the top>")

    @property
    def z(self):
        """(n,) logits from the sliders."""
        return np.array([s.value for s in self.sliders], dtype=np.float64)

    def show_verdict(self):
        """Run the question's check on the current state, show its verdict and return it (the
        check button calls it: Run All never shows a verdict)."""
        if self._check is None:
            raise ValueError("this explorer has no question to check: create it with "
                             "jacobian_explorer(..., check=a_function_of_the_state)")
        verdict = self._check(self.state)
        if not isinstance(verdict, str):
            raise TypeError(f"the check function must return a verdict string, got "
                            f"{type(verdict).__name__}")
        self.verdict.value = f"<span style='font-size:13px'>{html.escape(verdict)}</span>"
        return verdict

    def update(self):
        """Recompute `state` from the controls, send the figure its new scene and description
        (in one message) and update the readout; return the state. A plain method: it runs
        without a browser or kernel."""
        self.state = explorer_numbers(self.z, self.neuron.value, self.target.value,
                                    self.cost.value)
        with self.figure.hold_sync():
            self.figure.scene = scene(self.state)
            self.figure.description = _alt_text(self.state)
        self.readout.value = _readout_html(self.state)
        if self.verdict is not None:
            self.verdict.value = ""  # a verdict is about the state it was asked for
        self.update_count += 1
        return self.state


def jacobian_explorer(n=4, z=None, j=0, target=0, cost="quadratic", z_range=Z_RANGE, check=None):
    """The explorer widget of notebook 05, a JacobianExplorer (end a cell with it to show it).
    Used in notebooks: 05."""
    return JacobianExplorer(n=n, z=z, j=j, target=target, cost=cost, z_range=z_range, check=check)
