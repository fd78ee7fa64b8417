"""Figures for the course (matplotlib). Every function returns the Axes (or Figure) it drew on,
labelled: axis labels, a title, and a legend wherever there is more than one line or bar.

Used in notebooks: 00, 01, 02, 03, 04, 06, 07, 08, 09, 10.
Also used by the explorer's drawing in `nnhelpers.explorer_figure` (notebook 05).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import TwoSlopeNorm
from matplotlib.ticker import LogLocator

from .validation import as_array, check_choice, check_index, check_integer, check_number

FLOOR = 1e-18  # plot_step_sweep draws errors below this (the complex step's exact 0) at FLOOR


def _finite(x, name, ndim=1):
    """x as a non-empty float64 array with `ndim` dimensions and finite real entries, or raise."""
    return as_array(x, name, ndims=(ndim,), allow_complex=False)


def _square_matrix(J):
    """J as a finite (n, n) float64 array, and n."""
    J = _finite(J, "J", ndim=2)
    if J.shape[0] != J.shape[1]:
        raise ValueError(f"J must be a square (n, n) matrix, got shape {J.shape}")
    return J, J.shape[0]


def _nonempty_dict(d, name, values):
    if not isinstance(d, dict) or not d:
        raise ValueError(f"{name} must be a non-empty dict label -> {values}")


def _labelled(ax, xlabel, ylabel, title):
    """Label the axes, add the title (if not None) and a legend if any line or bar has a label."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title, fontsize=10)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8)
    return ax


def plot_jacobian(J, ax=None, title=None, vmax=None, annotate=None, colorbar=True):
    """Heat map of a Jacobian J[k, j] = ∂a_k/∂z_j (row k = output), J : (n, n); the colours run
    from -vmax to vmax (default max |J|), centred on 0; annotate : values in the cells (n <= 6).
    Raises ValueError unless J is square and finite.
    Used in notebooks: 00, 03, 08, 09."""
    J, n = _square_matrix(J)
    ax = ax if ax is not None else plt.subplots(figsize=(3.6, 3.2))[1]
    vmax = (float(np.max(np.abs(J))) if vmax is None else vmax) or 1.0  # all zero: any scale
    image = ax.imshow(J, cmap="RdBu_r", norm=TwoSlopeNorm(vcenter=0.0, vmin=-vmax, vmax=vmax))
    numbers = [str(i + 1) for i in range(n)]
    ax.set_xticks(range(n), numbers)
    ax.set_yticks(range(n), numbers)
    if annotate or (annotate is None and n <= 6):
        for k, j in np.ndindex(n, n):
            ax.text(j, k, f"{J[k, j]:.3f}", ha="center", va="center", fontsize=8,
                    color="white" if abs(J[k, j]) > 0.6 * vmax else "black")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return _labelled(ax, r"input $j$ (of $z_j$)", r"output $k$ (of $a_k$)",
                     r"$J_{kj} = \partial a_k / \partial z_j$" if title is None else title)


def plot_eq37_terms(terms, j, ax=None, title=None, color="tab:blue"):
    """Bar chart of the n terms ∂C/∂a_k · ∂a_k/∂z_j of (37) for one 0-based neuron j (its bar
    outlined): terms : (n,), their sum is δ_j.
    Used in notebooks: 03, 06."""
    terms = _finite(terms, "terms")
    check_index(j, terms.size, "j")
    ax = ax if ax is not None else plt.subplots(figsize=(3.6, 2.8))[1]
    ks = np.arange(terms.size)
    bars = ax.bar(ks, terms, color=color, alpha=0.8)
    bars[j].set(edgecolor="black", linewidth=2)
    ax.axhline(0.0, color="grey", linewidth=0.8)
    ax.set_xticks(ks, [str(k + 1) for k in ks])
    if title is None:
        title = rf"terms of (37) for $j = {j + 1}$: sum $\delta_{{{j + 1}}} = {terms.sum():.3f}$"
    return _labelled(ax, r"term $k$ of the sum",
                     r"$\partial C/\partial a_k \cdot \partial a_k/\partial z_j$", title)


_LAYER_GAP = 2.5  # horizontal distance between layers, in units of the neuron spacing


def neuron_positions(sizes):
    """Where plot_network draws the neurons: pos[i][j] = (x, y) of neuron j + 1 of layer i + 1,
    layers left to right, neuron 1 on top. sizes : layer sizes [n_1, ..., n_L]."""
    return [[(_LAYER_GAP * i, float(y)) for y in (n - 1) / 2.0 - np.arange(n)]
            for i, n in enumerate(sizes)]


def _distance_to_segment(points, a, b):
    """Distances from each of the points (m, 2) to the segment from a to b."""
    a, b = np.asarray(a), np.asarray(b)
    t = np.clip((points - a) @ (b - a) / np.dot(b - a, b - a), 0.0, 1.0)
    return np.linalg.norm(points - (a + t[:, None] * (b - a)), axis=1)


def edge_label_positions(sizes):
    """Where plot_network writes each edge's label: {(l, j, k): (x, y)}, 1-based as in the book.
    On its own edge, farthest from every other edge and label: never on a crossing."""
    pos = neuron_positions(sizes)
    ts = np.linspace(0.15, 0.85, 29)  # the candidate places along an edge
    labels = {}
    for i in range(len(sizes) - 1):
        edges = {(i + 2, j + 1, k + 1): (pos[i][k], pos[i + 1][j])
                 for j in range(sizes[i + 1]) for k in range(sizes[i])}
        for key, (a, b) in edges.items():
            points = np.asarray(a) + ts[:, None] * (np.subtract(b, a))
            near = [_distance_to_segment(points, *e) for other, e in edges.items() if other != key]
            near += [np.hypot(*(points - q).T) / 2.5 for q in labels.values()]
            clear = np.min(near, axis=0, initial=np.inf)  # to the nearest other edge or label
            best = points[np.argmax(clear - 0.01 * np.abs(ts - 0.5))]  # ties: nearer the middle
            labels[key] = (float(best[0]), float(best[1]))
    return labels


def plot_network(weights, biases=None, ax=None, labels="symbols", highlight_weight=None,
                 highlight_neuron=None, title=None):
    """Diagram of a feedforward network in Nielsen's notation (layer 1 = input layer).

    weights : list of (n_l, n_{l-1}) arrays: w^l_jk (neuron k of layer l-1 to neuron j of layer l)
              is weights[l - 2][j - 1, k - 1]; edge colour is its sign (red +), width |w|
    biases  : optional list of (n_l, 1) arrays, written under each neuron as b^l_j
    labels  : "symbols" (w^l_jk, b^l_j) or "values" (the numbers)
    highlight_weight : optional (l, j, k), 1-based, drawn black; highlight_neuron : (l, j), red
    Raises TypeError/ValueError for weights that are not a list of chained finite 2-d arrays,
    wrong bias shapes, an unknown `labels` or a highlight not in the network. Returns the Axes.
    Used in notebooks: 01."""
    if not isinstance(weights, (list, tuple)) or not weights:
        raise TypeError(
            f"weights must be a non-empty list of 2-d arrays, got {type(weights).__name__}")
    weights = [_finite(w, f"weights[{i}]", ndim=2) for i, w in enumerate(weights)]
    sizes = [weights[0].shape[1]] + [w.shape[0] for w in weights]
    if [w.shape[1] for w in weights] != sizes[:-1]:
        raise ValueError(f"each weights[i] must have as many columns as the layer before has "
                         f"neurons; got shapes {[w.shape for w in weights]}")
    if biases is not None and [np.shape(b) for b in biases] != [(n, 1) for n in sizes[1:]]:
        raise ValueError(f"biases must have shapes {[(n, 1) for n in sizes[1:]]}, got "
                         f"{[np.shape(b) for b in biases]}")
    check_choice(labels, ("symbols", "values"), "labels")
    n_layers = len(sizes)
    neurons = {(l, j) for l, n in enumerate(sizes, start=1) for j in range(1, n + 1)}
    edges = {(l, j, k) for l, j in neurons if l > 1 for k in range(1, sizes[l - 2] + 1)}
    highlight_weight, highlight_neuron = (None if h is None else tuple(h)
                                          for h in (highlight_weight, highlight_neuron))
    for name, value, valid in (("highlight_weight (l, j, k)", highlight_weight, edges),
                               ("highlight_neuron (l, j)", highlight_neuron, neurons)):
        if value is not None and value not in valid:
            raise ValueError(f"{name} = {value} is not in a network with sizes {sizes} (1-based; "
                             f"weights go into layers l = 2..{n_layers})")
    ax = ax if ax is not None else plt.subplots(figsize=(2.6 * n_layers, max(sizes) + 1.6))[1]
    pos = neuron_positions(sizes)
    wmax = max(float(np.max(np.abs(w))) for w in weights) or 1.0
    places = edge_label_positions(sizes)
    for l, w in enumerate(weights, start=2):  # weights[l - 2] is w^l
        for j, k in np.ndindex(w.shape):
            on = highlight_weight == (l, j + 1, k + 1)
            colour = "black" if on else ("tab:red" if w[j, k] > 0 else "tab:blue")
            width = 3.5 if on else 0.6 + 2.6 * abs(w[j, k]) / wmax
            ax.plot(*zip(pos[l - 2][k], pos[l - 1][j], strict=True), color=colour,
                    alpha=0.9 if on else 0.55, linewidth=width, zorder=1)
            text = rf"$w^{{{l}}}_{{{j + 1}{k + 1}}}$" if labels == "symbols" else f"{w[j, k]:+.2f}"
            ax.text(*places[(l, j + 1, k + 1)], text, ha="center", va="center", fontsize=9,
                    zorder=3, fontweight="bold" if on else "normal",
                    bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85})
    radius, top = 0.22, (max(sizes) - 1) / 2.0
    for l, layer in enumerate(pos, start=1):
        name = "input" if l == 1 else ("output" if l == n_layers else "hidden")
        ax.text(layer[0][0], top + 0.55, f"layer {l}\n({name})", ha="center", va="bottom",
                fontsize=9)
        for j, (x, y) in enumerate(layer, start=1):
            on = highlight_neuron == (l, j)
            ax.add_patch(plt.Circle((x, y), radius, facecolor="mistyrose" if on else "white",
                                    edgecolor="tab:red" if on else "black",
                                    linewidth=2.0 if on else 1.2, zorder=4))
            ax.text(x, y, rf"$a^{{{l}}}_{{{j}}}$", ha="center", va="center", fontsize=10, zorder=5)
            if biases is not None and l > 1:
                b = biases[l - 2][j - 1, 0]
                text = rf"$b^{{{l}}}_{{{j}}}$" if labels != "values" else f"b={b:+.2f}"
                ax.text(x, y - radius - 0.05, text, ha="center", va="top", fontsize=8, zorder=5)
    ax.set(xlim=(-0.6, _LAYER_GAP * (n_layers - 1) + 0.6), ylim=(-top - 0.6, top + 1.05),
           xticks=[], yticks=[], aspect="equal")
    ax.spines[:].set_visible(False)
    return _labelled(ax, r"layer $l$ (left to right); neuron $j$ numbered from the top", "",
                     f"network {sizes} in Nielsen's notation" if title is None else title)


def plot_demon(dz, delta_c, delta_j, ax=None, j=None, title=None):
    """The demon's experiment: the true change ΔC against Δz, and the tangent line δ_j Δz.

    dz : (p,) steps Δz added to z^L_j (any order); delta_c : (p,) C(z^L_j + Δz) - C for each;
    delta_j : δ^L_j = ∂C/∂z^L_j, the tangent's slope; j : optional 1-based neuron, for the labels.
    Raises ValueError for p < 2, unequal or non-finite inputs.
    Used in notebooks: 01."""
    dz, delta_c = _finite(dz, "dz"), _finite(delta_c, "delta_c")
    if delta_c.shape != dz.shape or dz.size < 2:
        raise ValueError(f"dz and delta_c must have the same length >= 2, got shapes {dz.shape} "
                         f"and {delta_c.shape}")
    if not (np.isscalar(delta_j) and np.isfinite(delta_j)):
        raise ValueError(f"delta_j must be a finite number, got {delta_j!r}")
    order = np.argsort(dz)
    dz, delta_c = dz[order], delta_c[order]
    sub = "j" if j is None else str(j)
    ax = ax if ax is not None else plt.subplots(figsize=(5.0, 3.4))[1]
    ax.plot(dz, delta_c, color="tab:blue", linewidth=2,
            label=r"true change $\Delta C$ (cost recomputed)")
    ax.plot(dz, delta_j * dz, color="tab:orange", linestyle="--", linewidth=2,
            label=rf"tangent $\delta^L_{{{sub}}}\,\Delta z$, $\delta^L_{{{sub}}} = {delta_j:.4f}$")
    ax.axhline(0.0, color="grey", linewidth=0.6)
    ax.axvline(0.0, color="grey", linewidth=0.6)
    if title is None:
        title = rf"$\Delta C \approx \delta^L_{{{sub}}}\,\Delta z$ for small $\Delta z$"
    return _labelled(ax, rf"$\Delta z$ added to $z^L_{{{sub}}}$ by the demon",
                     r"change of the cost $\Delta C$", title)


def plot_step_sweep(sweeps, ax=None, title=None):
    """Error of numerical derivatives against the step h on log-log axes (the V curve), machine ε
    dotted; each curve's smallest error is ringed.

    sweeps : dict label -> (hs, errors), 1-d arrays of one length, hs > 0, errors >= 0; errors
    below FLOOR (the complex step's exact 0) are drawn at FLOOR, as the legend says.
    Raises ValueError for anything else.
    Used in notebooks: 02, 10."""
    _nonempty_dict(sweeps, "sweeps", "(hs, errors)")
    checked = {label: [_finite(p, f"sweeps[{label!r}] (hs, errors)") for p in pair]
               for label, pair in sweeps.items()}
    for label, pair in checked.items():
        if len(pair) != 2 or pair[0].shape != pair[1].shape or np.any(pair[0] <= 0) \
                or np.any(pair[1] < 0):
            raise ValueError(f"sweeps[{label!r}] must be a pair (hs, errors) of one length, "
                             "hs > 0 and errors >= 0")
    ax = ax if ax is not None else plt.subplots(figsize=(6.4, 4.2))[1]
    for i, (label, (hs, errs)) in enumerate(checked.items()):
        shown = np.maximum(errs, FLOOR)
        line, = ax.loglog(hs, shown, marker="osd^v<>"[i % 7], markersize=4, linewidth=1.5,
                          label=label)
        best = int(np.argmin(errs))
        ax.loglog(hs[best], shown[best], "o", markersize=11, markerfacecolor="none",
                  markeredgecolor=line.get_color(), markeredgewidth=2)
    if any(np.any(errs < FLOOR) for _, errs in checked.values()):
        ax.axhline(FLOOR, color="black", linestyle="-.", linewidth=0.8,
                   label=f"error exactly 0 (< {FLOOR:.0e}): drawn at {FLOOR:.0e}")
    eps = float(np.finfo(np.float64).eps)
    ax.axhline(eps, color="grey", linestyle=":", linewidth=1.2,
               label=rf"machine $\varepsilon$ = {eps:.1e}")
    ax.invert_xaxis()  # h shrinks from left to right, as in the text
    ax.grid(True, which="major", alpha=0.3)
    _labelled(ax, r"step $h$ (shrinking to the right)", r"relative error of $\delta^L$",
              "numerical derivative: error against step size" if title is None else title)
    ax.legend(fontsize=8, loc="center right")  # right of the V, whose arms fill top and bottom
    return ax


def plot_dependency_graph(J, ax=None, title=None, highlight=None):
    """Which z_j feeds which a_k: an edge z_j → a_k wherever J[k, j] = ∂a_k/∂z_j is not 0
    (sigmoid: n parallel edges; softmax: every edge), line width |J|, and every a_k → C.
    J : (n, n); highlight : 0-based j whose paths z_j → a_k → C (the terms of (37)) are red.
    Used in notebooks: 03."""
    J, n = _square_matrix(J)
    if highlight is not None:
        check_index(highlight, n, "highlight")
    ax = ax if ax is not None else plt.subplots(figsize=(3.8, 3.0))[1]
    ys = np.arange(n)[::-1] - (n - 1) / 2  # neuron 1 at the top
    x_z, x_a, x_c = 0.0, 1.0, 1.8
    scale = float(np.max(np.abs(J))) or 1.0
    for k, j in zip(*np.nonzero(J), strict=True):
        on = j == highlight
        ax.plot([x_z, x_a], [ys[j], ys[k]], color="tab:red" if on else "0.55",
                linewidth=0.8 + 2.5 * abs(J[k, j]) / scale, zorder=2 if on else 1)
    for k in range(n):
        ax.plot([x_a, x_c], [ys[k], 0.0], color="0.75", linewidth=1.0, zorder=1)
    ax.scatter([x_c], [0.0], s=650, color="tab:green", zorder=3)
    ax.text(x_c, 0.0, "$C$", ha="center", va="center", fontsize=11, color="white", zorder=4)
    for x, colour, symbol in ((x_z, "tab:blue", "z"), (x_a, "tab:orange", "a")):
        ax.scatter(np.full(n, x), ys, s=650, color=colour, zorder=3)
        for i, y in enumerate(ys, start=1):
            ax.text(x, y, f"${symbol}_{i}$", ha="center", va="center", color="white", zorder=4)
    ax.set(xlim=(-0.4, x_c + 0.4), ylim=(ys.min() - 0.7, ys.max() + 0.7), yticks=[])
    ax.set_xticks([x_z, x_a, x_c], ["weighted input $z$", "output $a$", "cost"])
    ax.spines[["top", "right", "left"]].set_visible(False)
    return _labelled(ax, r"an edge $z_j \to a_k$ where $\partial a_k/\partial z_j \neq 0$", "",
                     f"{np.count_nonzero(J)} edges from z to a" if title is None else title)


def plot_delta_bars(deltas, ax=None, title=None, xlabel=r"output neuron $j$"):
    """Grouped bars of several δ vectors, one group per neuron j; a bar of exactly 0 gets a
    hollow marker and the text "0" (the diagonal-only δ of softmax + log-likelihood is 0 off the
    target). deltas : dict label -> (n,) or (n, 1) array, all of length n. Returns the Axes.
    Used in notebooks: 04."""
    _nonempty_dict(deltas, "deltas", "(n,) array")
    values = {label: _finite(np.reshape(d, -1) if np.ndim(d) == 2 and np.shape(d)[1] == 1
                             else d, f"deltas[{label!r}] ((n,) or (n, 1))")
              for label, d in deltas.items()}
    sizes = {d.size for d in values.values()}
    if len(sizes) != 1:
        raise ValueError(f"every δ must have the same length, got lengths {sorted(sizes)}")
    ax = ax if ax is not None else plt.subplots(figsize=(6.0, 3.0))[1]
    js, width = np.arange(1, sizes.pop() + 1), 0.8 / len(values)
    zeros = []  # (x, colour) of every bar of exactly 0
    for g, (label, d) in enumerate(values.items()):
        x = js + (g - (len(values) - 1) / 2) * width
        colour = ax.bar(x, d, width=width, label=label).patches[0].get_facecolor()
        zeros += [(xz, colour) for xz in x[d == 0.0]]
    if zeros:
        xs, colours = zip(*zeros, strict=True)
        ax.scatter(xs, np.zeros(len(xs)), s=50, facecolors="white", edgecolors=colours,
                   linewidths=2, zorder=3, label="a bar of exactly 0")
        for xz in xs:
            ax.annotate("0", (xz, 0.0), xytext=(0, 6), textcoords="offset points", ha="center",
                        va="bottom", fontsize=9, fontweight="bold")
    ax.axhline(0.0, color="grey", linewidth=0.8)
    ax.set_xticks(js)
    return _labelled(ax, xlabel, r"$\delta_j$", title)


def plot_error_histogram(errors, ax=None, title=None, xlabel="relative error", bins=30,
                         threshold=None):
    """Histogram of positive errors on a log x axis (e.g. the relative error of the diagonal-only
    δ against (37) over many random logits). errors : 1-d array of positive numbers;
    threshold : optional dashed vertical line (a tolerance). Returns the Axes.
    Used in notebooks: 04."""
    errors = _finite(errors, "errors")
    if np.any(errors <= 0):
        raise ValueError("errors must be positive (they go on a log axis)")
    check_integer(bins, "bins", minimum=1)
    if threshold is not None:
        threshold = check_number(threshold, "threshold")
    ax = ax if ax is not None else plt.subplots(figsize=(5.0, 3.0))[1]
    lo, hi = np.log10(errors.min()), np.log10(errors.max())
    ax.hist(errors, bins=np.logspace(lo - 0.05, hi + 0.05, bins + 1), color="tab:purple",
            alpha=0.8, edgecolor="white")
    ax.set_xscale("log")
    if threshold is not None:
        lo, hi = min(lo, np.log10(threshold)), max(hi, np.log10(threshold))  # keep it in view
        ax.axvline(threshold, color="black", linestyle="--", linewidth=1,
                   label=f"threshold {threshold:g}")
    ax.set_xlim(10**(lo - 0.15), 10**(hi + 0.15))
    ax.xaxis.set_minor_formatter(plt.NullFormatter())  # minor labels overlap
    if hi - lo < 2:  # a narrow range: label 1, 2 and 5 times the powers of 10
        ax.xaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))
        ax.xaxis.set_major_formatter("{x:g}")
    return _labelled(ax, xlabel, "count", f"{errors.size} samples" if title is None else title)


def _draw_curves(ax, histories, key, styles=None):
    """One line per run of `histories[label][key]` against its "epoch", None/NaN left out."""
    for label, history in histories.items():
        pairs = [(e, v) for e, v in zip(history["epoch"], history[key], strict=True)
                 if v is not None and np.isfinite(v)]
        if pairs:
            x, y = zip(*pairs, strict=True)
            short = {"marker": "o", "markersize": 3} if len(x) < 25 else {}  # a few points: marked
            ax.plot(x, y, label=label, **(short | dict((styles or {}).get(label, {}))))
    ax.grid(alpha=0.3)


def plot_cost_curves(curves, ax=None, title=None, ylabel="cost"):
    """Several cost curves on one Axes (e.g. training with (37) and with the diagonal-only δ).
    curves : dict label -> 1-d sequence of costs, one per epoch 1, 2, ...; None/NaN left out.
    Used in notebooks: 04."""
    _nonempty_dict(curves, "curves", "sequence of costs")
    histories = {}
    for label, costs in curves.items():
        if np.ndim(costs) != 1 or len(costs) == 0:
            raise ValueError(f"curve {label!r} must be a non-empty 1-d sequence, got shape "
                             f"{np.shape(costs)}")
        histories[str(label)] = {"epoch": range(1, len(costs) + 1), "cost": costs}
    ax = ax if ax is not None else plt.subplots(figsize=(5.0, 3.2))[1]
    _draw_curves(ax, histories, "cost")
    return _labelled(ax, "epoch", ylabel, title)


def plot_learning_curves(histories, keys=("train_cost", "test_accuracy"), axes=None, titles=None,
                         ylabels=None, logy=(), styles=None, zoom=None):
    """One panel per key, one line per run: cost and accuracy (or output) per epoch.

    histories : dict label -> history, a dict with "epoch" and one list per key (as `Network.sgd`
                returns); None entries (no test set, a diverged epoch) are left out
    axes : optional len(keys) Axes; logy : keys drawn on a log y axis; styles : label -> keywords
    zoom : optional dict key -> (ymin, ymax): an inset (`child_axes[0]`) showing that range
    Returns the Figure. Raises ValueError for an empty dict, a missing or short list, or a bad zoom.
    Used in notebooks: 06, 07."""
    _nonempty_dict(histories, "histories", "history dict")
    keys = (keys,) if isinstance(keys, str) else tuple(keys)
    if not keys:
        raise ValueError("keys must name at least one list of the histories, e.g. 'train_cost'")
    for label, history in histories.items():
        for k in ("epoch",) + keys:
            if k not in history:
                raise ValueError(f"history {label!r} has no {k!r}; it has {sorted(history)}")
            if len(history[k]) != len(history["epoch"]):
                raise ValueError(f"history {label!r}: {k!r} has {len(history[k])} values but "
                                 f"'epoch' has {len(history['epoch'])}")
    zoom = dict(zoom or {})
    for key, (lo, hi) in zoom.items():
        if key not in keys or not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            raise ValueError(f"zoom[{key!r}] must be (ymin, ymax), ymin < ymax, for a plotted key "
                             f"(one of {keys}); got {(lo, hi)}")
    if axes is None:
        axes = plt.subplots(1, len(keys), figsize=(4.6 * len(keys), 3.4), squeeze=False)[1]
    axes = list(np.ravel(axes))
    if len(axes) != len(keys):
        raise ValueError(f"need {len(keys)} axes (one per key), got {len(axes)}")
    for i, (ax, key) in enumerate(zip(axes, keys, strict=True)):
        _draw_curves(ax, histories, key, styles)
        if key in logy:
            ax.set_yscale("log")
        _labelled(ax, "epoch", ylabels[i] if ylabels else key.replace("_", " "),
                  titles[i] if titles else None)
    axes[0].figure.tight_layout()
    for ax, key in zip(axes, keys, strict=True):  # after tight_layout, which ignores insets
        if key in zoom:
            inset = ax.inset_axes((0.38, 0.3, 0.58, 0.42))
            _draw_curves(inset, histories, key, styles)
            inset.set(xlim=ax.get_xlim(), ylim=zoom[key])
            inset.tick_params(labelsize=7)
            inset.set_title(f"zoom: {zoom[key][0]:g} to {zoom[key][1]:g}", fontsize=7)
            ax.indicate_inset_zoom(inset, edgecolor="0.4")
    return axes[0].figure


def plot_digits(X, labels, predicted=None, ncols=5, title=None):
    """A grid of 28 x 28 digit images with their labels (and the network's answers, mistakes red).

    X : (784, k), one image per column; labels, predicted (optional) : (k,) digits. Returns the
    Figure. Raises ValueError for other shapes.
    Used in notebooks: 07."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] != 784 or X.shape[1] < 1:
        raise ValueError(f"X must be (784, k) with k >= 1, one image per column; got {X.shape}")
    k = X.shape[1]
    if np.shape(labels) != (k,):
        raise ValueError(f"labels must have shape {(k,)} to match X, got {np.shape(labels)}")
    if predicted is not None and np.shape(predicted) != (k,):
        raise ValueError(f"predicted must have shape {(k,)}, got {np.shape(predicted)}")
    ncols = min(check_integer(ncols, "ncols", minimum=1), k)
    nrows = -(-k // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.7 * ncols, 1.9 * nrows), squeeze=False)
    for i, ax in enumerate(axes.ravel()):
        ax.set_axis_off()
        if i < k:
            ax.imshow(X[:, i].reshape(28, 28), cmap="gray_r", vmin=0.0, vmax=1.0)
            text = f"label {labels[i]}" + ("" if predicted is None else f", net {predicted[i]}")
            right = predicted is None or predicted[i] == labels[i]
            ax.set_title(text, fontsize=9, color="black" if right else "tab:red")
    if title is not None:
        fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig
