"""The Jacobian explorer widget (notebook 05): the figure, sliders for the logits, a readout.

Move one logit z_k: under sigmoid only a_k moves (one term of (37) left), under softmax every a_i
moves. The readout checks δ by (37) against (36) computed numerically. Numbers: `explorer_state`;
the figure: `explorer_figure` (the static one re-exported here). In the browser the figure and the
controls are one view, explorer_view.js (an anywidget): the kernel sends it the numbers and it
draws the figure as SVG. 0-based in code, 1-based on screen.

Used in notebooks: 05.
"""

import pathlib

import anywidget
import ipywidgets as widgets
import numpy as np
import traitlets

from .explorer_figure import plot_explorer, scene, term_scale
from .explorer_state import (
    ACTIVATIONS,
    PER_UNIT,
    TOLERANCE,
    Z_RANGE,
    check_logits,
    check_n,
    default_logits,
    explorer_numbers,
    slider_values,
)
from .validation import check_choice, check_index

__all__ = ["JacobianExplorer", "default_logits", "explorer_numbers", "jacobian_explorer",
           "plot_explorer"]

COST_LABELS = {"quadratic": "quadratic", "cross_entropy": "cross-entropy",
               "log_likelihood": "log-likelihood"}
HERE = pathlib.Path(__file__).parent


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
    parts = []
    for act in ACTIVATIONS:
        s = state[act.name]
        nonzero = np.count_nonzero(s["terms"])
        parts.append(f"{act.name}: outputs {', '.join(f'{a:.2f}' for a in s['a'])}; Jacobian "
                     f"{'diagonal' if act.elementwise else 'full'}; {nonzero} of the "
                     f"{state['n']} terms of (37) nonzero, their sum δ{state['j'] + 1} = "
                     f"{s['delta_j']:+.4f}")
    return (f"Explorer figure at z = ({z}), j = {state['j'] + 1}, target class "
            f"{state['target'] + 1}, {COST_LABELS[state['cost']]} cost. " + ". ".join(parts) + ".")


class ExplorerView(anywidget.AnyWidget):
    """The explorer as the browser shows it (explorer_view.js, explorer_view.css): the figure,
    drawn as SVG from `scene`, with `description` as its accessible name; under it labelled native
    controls, a range slider per logit and menus for j, the target class and the cost, with the
    `readout` table (HTML) beside the menus; if `checkable`, a "Check my sliders" button under
    the menus (it sends the message "check") and the `verdict` (text) under it.

    The sliders move integer `positions` between `limits` (z_k = positions[k] / 10 exactly: a
    float slider would send 0.7 back as 0.7000000000000002); `costs` lists (name, label) pairs.
    """
    _esm = HERE / "explorer_view.js"
    _css = HERE / "explorer_view.css"
    positions = traitlets.List(traitlets.Int()).tag(sync=True)
    limits = traitlets.List(traitlets.Int()).tag(sync=True)
    j = traitlets.Int().tag(sync=True)
    target = traitlets.Int().tag(sync=True)
    cost = traitlets.Unicode().tag(sync=True)
    costs = traitlets.List().tag(sync=True)
    scene = traitlets.Dict().tag(sync=True)
    description = traitlets.Unicode().tag(sync=True)
    readout = traitlets.Unicode().tag(sync=True)
    checkable = traitlets.Bool(False).tag(sync=True)
    verdict = traitlets.Unicode().tag(sync=True)


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

    Attributes: `z`, `j`, `target`, `cost` (what the controls show; setting one checks it as
    above and updates the explorer, as moving the control does), `state` (the `explorer_numbers`
    dict shown), `view` (the ExplorerView: figure, controls, readout and, with check=..., the
    Check button), `verdict` (the verdict shown: "" until the button is pressed; None without
    check). While the same control keeps moving (a drag, arrow key after arrow key), the (37)
    panels keep their scale unless a term outgrows it, so a bar that keeps its value keeps its
    height; moving another control fits the scale afresh.
    """

    def __init__(self, n=4, z=None, j=0, target=0, cost="quadratic", z_range=Z_RANGE,
                 check=None):
        n = check_n(n)
        values = slider_values(z_range)  # checks z_range
        self.z_range = (values[0], values[-1])
        z = check_logits(default_logits(n) if z is None else z, n, self.z_range)
        state = explorer_numbers(z, j, target, cost)  # checks j, target and cost
        if check is not None and not callable(check):
            raise TypeError(f"check must be a function of the explorer's state that returns a "
                            f"verdict (a string), or None; got {type(check).__name__}")
        self.n, self.update_count, self._check = n, 0, check
        self.view = ExplorerView(
            positions=_positions(z), limits=_positions(self.z_range), j=state["j"],
            target=state["target"], cost=state["cost"], costs=list(COST_LABELS.items()),
            checkable=check is not None)
        self._moving, self._scale = None, 0.0  # the control moving now, the (37) panels' scale
        super().__init__([self.view])
        self.add_class("nnhelpers-explorer")  # for the browser test and the benchmark
        self.view.observe(self._changed, names=["positions", "j", "target", "cost"])
        self.view.on_msg(self._message)
        self.update()

    def __repr__(self):
        # shown where the widget is not running: GitHub, static exports, before the cell runs
        return (f"<Jacobian explorer, n = {self.n}: its sliders and figure appear when this cell "
                "runs in a live Jupyter kernel; run the notebook's cells from the top>")

    @property
    def z(self):
        """(n,) logits from the sliders, exact multiples of 0.1."""
        return np.array(self.view.positions, dtype=np.float64) / PER_UNIT

    @z.setter
    def z(self, z):
        self.view.positions = _positions(check_logits(z, self.n, self.z_range))

    @property
    def j(self):
        """The output neuron j whose (37) is taken apart (0-based)."""
        return self.view.j

    @j.setter
    def j(self, j):
        self.view.j = check_index(j, self.n, "j")

    @property
    def target(self):
        """The target class (0-based)."""
        return self.view.target

    @target.setter
    def target(self, target):
        self.view.target = check_index(target, self.n, "target")

    @property
    def cost(self):
        """The cost's name: "quadratic", "cross_entropy" or "log_likelihood"."""
        return self.view.cost

    @cost.setter
    def cost(self, cost):
        self.view.cost = check_choice(cost, COST_LABELS, "cost")

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
        self.view.verdict = verdict
        return verdict

    @property
    def verdict(self):
        """The verdict shown under the Check button ("" before it is pressed), None without it."""
        return self.view.verdict if self._check is not None else None

    def _message(self, view, content, buffers):
        """The view's Check button sends "check"."""
        if content == "check":
            self.show_verdict()

    def _changed(self, change):
        """A control moved (in the browser or from Python): which one, then update."""
        if change.name == "positions":  # which sliders: one is a drag or a key step
            moved = [k for k, (old, new) in enumerate(zip(change.old, change.new, strict=True))
                     if old != new]
        else:
            moved = [change.name]
        moving = moved[0] if len(moved) == 1 else None
        if moving != self._moving:
            self._moving, self._scale = moving, 0.0  # another control: fit the scale afresh
        self.update()

    def update(self):
        """Recompute `state` from the controls, send the view its new scene, description and
        readout (in one message); return the state. A plain method: it runs without a browser
        or kernel."""
        self.state = explorer_numbers(self.z, self.j, self.target, self.cost)
        self._scale = max(term_scale(self.state), self._scale)
        with self.view.hold_sync():
            self.view.scene = scene(self.state, self._scale)
            self.view.description = _alt_text(self.state)
            self.view.readout = _readout_html(self.state)
            self.view.verdict = ""  # a verdict is about the state it was asked for
        self.update_count += 1
        return self.state


def _positions(z):
    """Slider positions, the integers k of z = k / 10."""
    return [round(v * PER_UNIT) for v in z]


def jacobian_explorer(n=4, z=None, j=0, target=0, cost="quadratic", z_range=Z_RANGE, check=None):
    """The explorer widget of notebook 05, a JacobianExplorer (end a cell with it to show it).
    Used in notebooks: 05."""
    return JacobianExplorer(n=n, z=z, j=j, target=target, cost=cost, z_range=z_range, check=check)
