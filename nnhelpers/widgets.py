"""The Jacobian explorer widget (notebook 05): sliders for the logits, the figure, a readout.

Move one logit z_k: under sigmoid only a_k moves (a diagonal Jacobian, one term of (37) left),
under softmax every a_i moves (every term counts). The readout checks δ by (37) against the
definition (36) computed numerically. The numbers are `nnhelpers.explorer_state`, the drawing
`nnhelpers.explorer_figure`; `explorer_numbers`, `default_logits` and `plot_explorer` are
importable from here too. Indices are 0-based in code, 1-based on screen.

Used in notebooks: 05.
"""

import base64
import functools
import html

import ipywidgets as widgets
import numpy as np

from .explorer_figure import ExplorerDrawing, plot_explorer
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
# The sliders are SelectionSliders over the exact values k / 10: the browser then only moves an
# integer index. (A FloatSlider's browser side recomputes its value as a percentage of the range,
# gets 0.7000000000000002 for 0.7, and sends that back; after "Run All" such late messages
# overwrite the values the notebook's cells set.)
SLIDER_WIDTH = "390px"  # the track gets about 3.3 px per step of 0.1 over the 81 values of -4..4
CONTROLS_WIDTH = "400px"


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
    body = "".join(f"<tr><td>{label}</td>"
                   + "".join(f"{cell}{fmt(state[act.name])}</td>" for act in ACTIVATIONS)
                   + "</tr>" for label, fmt in rows)
    return (f"<table style='font-size:13px;line-height:1.5'><tr><th></th>{head}</tr>{body}"
            "</table>")


class JacobianExplorer(widgets.HBox):
    """The explorer: sliders for z_1..z_n, choices of j, target class and cost; figure, readout.

    n       : number of output neurons, 2..8 (one slider per logit z_k)
    z       : (n,) starting logits, multiples of 0.1 inside z_range; default `default_logits(n)`
    z_range : (low, high), the sliders' range, in steps of 0.1
    j, target : output neuron whose (37) is shown term by term, target class (0-based)
    cost    : "quadratic", "cross_entropy" or "log_likelihood"
    check   : None, or a function state -> verdict string: a "Check my sliders" button then
              shows its verdict for the sliders' state when pressed
    Raises TypeError / ValueError naming the argument that is out of range.

    Attributes: `sliders` (SelectionSliders over k / 10), `neuron`, `target`, `cost`
    (Dropdowns), `state` (the `explorer_numbers` dict shown now), `png` (its bytes), `readout`,
    `check_button` and `verdict` (with check=...).
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
        self.n = n
        self.update_count = 0
        self._check = check
        self._drawing = ExplorerDrawing(state, live=True)
        self.figure = self._drawing.fig

        positions = [(f"{value:.1f}", value) for value in values]
        self.sliders = [widgets.SelectionSlider(
            options=positions, value=float(z_k), description=f"z{k + 1}", continuous_update=True,
            style={"description_width": "28px"}, layout=widgets.Layout(width=SLIDER_WIDTH))
            for k, z_k in enumerate(z)]
        dropdown = functools.partial(widgets.Dropdown, style={"description_width": "115px"},
                                     layout=widgets.Layout(width="280px"))
        neurons = [(str(k + 1), k) for k in range(n)]
        self.neuron = dropdown(options=neurons, value=state["j"], description="output neuron j")
        self.target = dropdown(options=neurons, value=state["target"], description="target class")
        self.cost = dropdown(options=[(label, name) for name, label in COST_LABELS.items()],
                             value=state["cost"], description="cost")
        self.readout = widgets.HTML()
        self.output = widgets.Output(
            layout=widgets.Layout(min_width=f"{round(self.figure.bbox.width)}px"))
        children = [widgets.HTML("<b>logits z<sup>L</sup></b>"), *self.sliders,
                    widgets.HTML("<b>neuron j, target y, cost C</b>"), self.neuron, self.target,
                    self.cost, widgets.HTML("<b>(37) against (36)</b>"), self.readout]
        self.check_button = self.verdict = None
        if check is not None:
            self.check_button = widgets.Button(description="Check my sliders", button_style="info")
            self.verdict = widgets.HTML("")
            self.check_button.on_click(lambda _: self.show_verdict())
            children += [self.check_button, self.verdict]
        controls = widgets.VBox(children, layout=widgets.Layout(width=CONTROLS_WIDTH,
                                                                 flex=f"0 0 {CONTROLS_WIDTH}"))
        # side by side where the notebook is wide enough, the figure under the controls where not
        super().__init__([controls, self.output],
                         layout=widgets.Layout(align_items="flex-start", flex_flow="row wrap"))
        for control in [*self.sliders, self.neuron, self.target, self.cost]:
            control.observe(lambda change: self.update(), names="value")
        self.update()

    def __repr__(self):
        # the text shown where the widget is not running: on GitHub, in a static export, and in
        # Jupyter before this cell has run
        return (f"<Jacobian explorer, n = {self.n}: its sliders and figure appear when this cell "
                "runs in a live Jupyter kernel; run the notebook's cells from the top>")

    @property
    def full_redraws(self):
        """How many updates so far drew the whole figure (only the first, unless resized)."""
        return self._drawing.full_redraws

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
        """Recompute `state` from the controls, redraw figure and readout; return the state.
        A plain method: it runs without a browser or kernel."""
        self.state = explorer_numbers(self.z, self.neuron.value, self.target.value,
                                    self.cost.value)
        self._drawing.draw(self.state)
        self.png = self._drawing.png()
        self.readout.value = _readout_html(self.state)
        if self.verdict is not None:
            self.verdict.value = ""  # a verdict is about the state it was asked for
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


def jacobian_explorer(n=4, z=None, j=0, target=0, cost="quadratic", z_range=Z_RANGE, check=None):
    """The explorer widget of notebook 05, a JacobianExplorer (end a cell with it to show it).

    Used in notebooks: 05.
    """
    return JacobianExplorer(n=n, z=z, j=j, target=target, cost=cost, z_range=z_range, check=check)
