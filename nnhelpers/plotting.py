"""Figures for the course (matplotlib). Every function returns the Axes (or Figure) it drew on.

Used in notebooks: 00, 01, 02, 03, 04, 06, 07, 08, 09, 10.
Also used by the explorer's drawing in `nnhelpers.explorer_figure` (notebook 05).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import TwoSlopeNorm

from .validation import as_array, check_index


def _finite(x, name, ndim=1):
    """x as a float64 array with `ndim` dimensions, non-empty and finite, or ValueError."""
    try:
        return as_array(x, name, ndims=(ndim,), allow_complex=False)
    except TypeError as error:
        raise ValueError(str(error)) from None


def _square_matrix(J):
    J = _finite(J, "J", ndim=2)
    if J.shape[0] != J.shape[1]:
        raise ValueError(f"J must be a square (n, n) matrix, got shape {J.shape}")
    return J


def plot_jacobian(J, ax=None, title=None, vmax=None, annotate=None, colorbar=True):
    """Heat map of a Jacobian J[k, j] = ∂a_k/∂z_j (row k = output), J : (n, n); the colours run
    from -vmax to vmax (default max |J|), centred on 0; annotate : values in the cells (n <= 6)."""
    J = _square_matrix(J)
    n = J.shape[0]
    ax = ax if ax is not None else plt.subplots(figsize=(3.6, 3.2))[1]
    vmax = float(np.max(np.abs(J))) if vmax is None else vmax
    vmax = vmax if vmax > 0 else 1.0
    image = ax.imshow(J, cmap="RdBu_r", norm=TwoSlopeNorm(vcenter=0.0, vmin=-vmax, vmax=vmax))
    ticks = np.arange(n)
    ax.set_xticks(ticks, [str(j + 1) for j in ticks])
    ax.set_yticks(ticks, [str(k + 1) for k in ticks])
    ax.set_xlabel(r"input $j$ (of $z_j$)")
    ax.set_ylabel(r"output $k$ (of $a_k$)")
    ax.set_title(title if title is not None else r"$J_{kj} = \partial a_k / \partial z_j$")
    if annotate or (annotate is None and n <= 6):
        for k, j in np.ndindex(n, n):
            ax.text(j, k, f"{J[k, j]:.3f}", ha="center", va="center", fontsize=8,
                    color="white" if abs(J[k, j]) > 0.6 * vmax else "black")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax


def plot_eq37_terms(terms, j, ax=None, title=None, color="tab:blue"):
    """Bar chart of the n terms ∂C/∂a_k · ∂a_k/∂z_j of (37) for one 0-based neuron j (its bar
    outlined): terms : (n,), their sum is δ_j."""
    terms = _finite(terms, "terms")
    check_index(j, terms.size, "j")
    ax = ax if ax is not None else plt.subplots(figsize=(3.6, 2.8))[1]
    ks = np.arange(terms.size)
    bars = ax.bar(ks, terms, color=color, alpha=0.8)
    bars[j].set_edgecolor("black")
    bars[j].set_linewidth(2)
    ax.axhline(0.0, color="grey", linewidth=0.8)
    ax.set_xticks(ks, [str(k + 1) for k in ks])
    ax.set_xlabel(r"term $k$ of the sum")
    ax.set_ylabel(r"$\partial C/\partial a_k \cdot \partial a_k/\partial z_j$")
    if title is None:
        title = rf"terms of (37) for $j = {j + 1}$: sum $\delta_{{{j + 1}}} = {terms.sum():.3f}$"
    ax.set_title(title, fontsize=10)
    return ax


# --- notebooks 01-02 ---

_LAYER_GAP = 2.5  # horizontal distance between layers, in units of the neuron spacing


def neuron_positions(sizes):
    """Where plot_network draws the neurons: pos[i][j] = (x, y) of neuron j + 1 of layer i + 1,
    layers left to right, neuron 1 on top. sizes : layer sizes [n_1, ..., n_L]."""
    return [[(_LAYER_GAP * i, float(y)) for y in (n - 1) / 2.0 - np.arange(n)]
            for i, n in enumerate(sizes)]


def _distance_to_segment(p, a, b):
    p, a, b = (np.asarray(v, dtype=np.float64) for v in (p, a, b))
    t = np.clip(np.dot(p - a, b - a) / np.dot(b - a, b - a), 0.0, 1.0)
    return float(np.linalg.norm(p - (a + t * (b - a))))


def edge_label_positions(sizes):
    """Where plot_network writes each edge's label: {(l, j, k): (x, y)}, 1-based as in the book.
    On its own edge, farthest from every other edge and label: never on a crossing."""
    pos = neuron_positions(sizes)
    labels = {}
    for i in range(len(sizes) - 1):
        edges = {(i + 2, j + 1, k + 1): (pos[i][k], pos[i + 1][j])
                 for j in range(sizes[i + 1]) for k in range(sizes[i])}
        for key, (a, b) in edges.items():
            best, best_score = None, -np.inf
            for t in np.linspace(0.15, 0.85, 29):
                point = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
                clear = min((_distance_to_segment(point, *other)
                             for other_key, other in edges.items() if other_key != key),
                            default=np.inf)
                apart = min((np.hypot(point[0] - q[0], point[1] - q[1]) / 2.5
                             for q in labels.values()), default=np.inf)
                score = min(clear, apart) - 0.01 * abs(t - 0.5)  # ties: nearer the middle
                if score > best_score:
                    best, best_score = point, score
            labels[key] = (float(best[0]), float(best[1]))
    return labels


def plot_network(weights, biases=None, ax=None, labels="symbols", highlight_weight=None,
                 highlight_neuron=None, title=None):
    """Diagram of a feedforward network in Nielsen's notation (layer 1 = input layer).

    weights : list of (n_l, n_{l-1}) arrays: w^l_jk (neuron k of layer l-1 to neuron j of layer l)
              is weights[l - 2][j - 1, k - 1]; edge colour is its sign (red +), width |w|
    biases  : optional list of (n_l, 1) arrays, written under each neuron as b^l_j
    labels  : "symbols" (w^l_jk, b^l_j), "values" (the numbers) or None (no edge labels)
    highlight_weight : optional (l, j, k), 1-based, drawn black; highlight_neuron : (l, j), red
    Raises TypeError/ValueError for weights that are not a list of chained finite 2-d arrays,
    wrong bias shapes, an unknown `labels` or a highlight not in the network. Returns the Axes.
    Used in notebooks: 01.
    """
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
    if labels not in ("symbols", "values", None):
        raise ValueError(f"labels must be 'symbols', 'values' or None, got {labels!r}")
    n_layers = len(sizes)
    neurons = {(l, j) for l, n in enumerate(sizes, start=1) for j in range(1, n + 1)}
    edges = {(l, j, k) for l, j in neurons if l > 1 for k in range(1, sizes[l - 2] + 1)}
    for name, value, valid in (("highlight_weight (l, j, k)", highlight_weight, edges),
                               ("highlight_neuron (l, j)", highlight_neuron, neurons)):
        if value is not None and tuple(value) not in valid:
            raise ValueError(f"{name} = {value} is not in a network with sizes {sizes} (1-based; "
                             f"weights go into layers l = 2..{n_layers})")
    ax = ax if ax is not None else plt.subplots(figsize=(2.6 * n_layers, max(sizes) + 1.6))[1]
    pos = neuron_positions(sizes)
    wmax = max(float(np.max(np.abs(w))) for w in weights) or 1.0
    places = edge_label_positions(sizes) if labels is not None else {}
    for l, w in enumerate(weights, start=2):  # weights[l - 2] is w^l
        for j, k in np.ndindex(w.shape):
            (x0, y0), (x1, y1) = pos[l - 2][k], pos[l - 1][j]
            on = highlight_weight == (l, j + 1, k + 1)
            ax.plot([x0, x1], [y0, y1],
                    color="black" if on else ("tab:red" if w[j, k] > 0 else "tab:blue"),
                    alpha=0.9 if on else 0.55, zorder=1,
                    linewidth=3.5 if on else 0.6 + 2.6 * abs(w[j, k]) / wmax)
            if labels is not None:
                text = (rf"$w^{{{l}}}_{{{j + 1}{k + 1}}}$" if labels == "symbols"
                        else f"{w[j, k]:+.2f}")
                ax.text(*places[(l, j + 1, k + 1)], text, ha="center", va="center", fontsize=9,
                        zorder=3, fontweight="bold" if on else "normal",
                        bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none",
                              "alpha": 0.85})
    radius = 0.22
    for l, layer in enumerate(pos, start=1):
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
    top = (max(sizes) - 1) / 2.0
    for i in range(n_layers):
        name = "input" if i == 0 else ("output" if i == n_layers - 1 else "hidden")
        ax.text(_LAYER_GAP * i, top + 0.55, f"layer {i + 1}\n({name})", ha="center", va="bottom",
                fontsize=9)
    ax.set_xlim(-0.6, _LAYER_GAP * (n_layers - 1) + 0.6)
    ax.set_ylim(-top - 0.6, top + 1.05)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[:].set_visible(False)
    ax.set_xlabel(r"layer $l$ (left to right); neuron $j$ numbered from the top")
    ax.set_title(title if title is not None else f"network {sizes} in Nielsen's notation")
    return ax


def plot_demon(dz, delta_c, delta_j, ax=None, j=None, title=None):
    """The demon's experiment: the true change ΔC against Δz, and the tangent line δ_j Δz.

    dz : (p,) steps Δz added to z^L_j (any order); delta_c : (p,) C(z^L_j + Δz) - C for each;
    delta_j : δ^L_j = ∂C/∂z^L_j, the tangent's slope; j : optional 1-based neuron, for the labels.
    Used in notebooks: 01.
    """
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
    ax.set_xlabel(rf"$\Delta z$ added to $z^L_{{{sub}}}$ by the demon")
    ax.set_ylabel(r"change of the cost $\Delta C$")
    ax.set_title(title if title is not None
                 else rf"$\Delta C \approx \delta^L_{{{sub}}}\,\Delta z$ for small $\Delta z$")
    ax.legend(fontsize=8)
    return ax


def plot_step_sweep(sweeps, ax=None, title=None, floor=1e-18, reference="eps"):
    """Error of numerical derivatives against the step h on log-log axes (the V curve).

    sweeps : dict label -> (hs, errors), 1-d arrays of the same length, hs > 0, errors >= 0;
    each curve's smallest error is ringed. floor : errors below it (the complex step's exact 0)
    are drawn at floor, said in the legend. reference : a dotted line ("eps": machine ε; None).
    Used in notebooks: 02, 10.
    """
    if not isinstance(sweeps, dict) or not sweeps:
        raise TypeError(f"sweeps must be a non-empty dict label -> (hs, errors), "
                        f"got {type(sweeps).__name__}")
    checked = {label: [_finite(p, f"sweeps[{label!r}] (hs, errors)") for p in pair]
               for label, pair in sweeps.items()}
    for label, pair in checked.items():
        if len(pair) != 2 or pair[0].shape != pair[1].shape or np.any(pair[0] <= 0) \
                or np.any(pair[1] < 0):
            raise ValueError(f"sweeps[{label!r}] must be a pair (hs, errors) of one length, "
                             "hs > 0 and errors >= 0")
    ax = ax if ax is not None else plt.subplots(figsize=(6.4, 4.2))[1]
    markers = "osd^v<>"
    for i, (label, (hs, errs)) in enumerate(checked.items()):
        shown = np.maximum(errs, floor)
        line, = ax.loglog(hs, shown, marker=markers[i % len(markers)], markersize=4,
                          linewidth=1.5, label=label)
        best = int(np.argmin(errs))
        ax.loglog(hs[best], shown[best], "o", markersize=11, markerfacecolor="none",
                  markeredgecolor=line.get_color(), markeredgewidth=2)
    if any(np.any(errs < floor) for _, errs in checked.values()):
        ax.axhline(floor, color="black", linestyle="-.", linewidth=0.8,
                   label=f"error exactly 0 (< {floor:.0e}): drawn at {floor:.0e}")
    if isinstance(reference, str) and reference == "eps":
        reference = float(np.finfo(np.float64).eps)
    if reference is not None:
        ax.axhline(reference, color="grey", linestyle=":", linewidth=1.2,
                   label=rf"machine $\varepsilon$ = {reference:.1e}")
    ax.invert_xaxis()  # h shrinks from left to right, as in the text
    ax.set_xlabel(r"step $h$ (shrinking to the right)")
    ax.set_ylabel(r"relative error of $\delta^L$")
    ax.set_title(title if title is not None else "numerical derivative: error against step size")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="center right")  # right of the V, whose arms fill top and bottom
    return ax


# --- notebooks 03-04 ---

def plot_dependency_graph(J, ax=None, title=None, highlight=None):
    """Which z_j feeds which a_k: an edge z_j → a_k wherever J[k, j] = ∂a_k/∂z_j is not 0
    (sigmoid: n parallel edges; softmax: every edge), line width |J|, and every a_k → C.
    J : (n, n); highlight : 0-based j whose paths z_j → a_k → C (the terms of (37)) are red."""
    J = _square_matrix(J)
    n = J.shape[0]
    if highlight is not None:
        check_index(highlight, n, "highlight")
    ax = ax if ax is not None else plt.subplots(figsize=(3.8, 3.0))[1]
    ys = np.arange(n)[::-1] - (n - 1) / 2  # neuron 1 at the top
    x_z, x_a, x_c = 0.0, 1.0, 1.8
    scale = float(np.max(np.abs(J))) or 1.0
    for k, j in np.ndindex(n, n):
        if J[k, j] != 0:
            on = highlight is not None and j == highlight
            ax.plot([x_z, x_a], [ys[j], ys[k]], color="tab:red" if on else "0.55",
                    linewidth=0.8 + 2.5 * abs(J[k, j]) / scale, zorder=1 + on)
    for k in range(n):
        ax.plot([x_a, x_c], [ys[k], 0.0], color="0.75", linewidth=1.0, zorder=1)
    ax.scatter([x_c], [0.0], s=650, color="tab:green", zorder=3)
    ax.text(x_c, 0.0, "$C$", ha="center", va="center", fontsize=11, color="white", zorder=4)
    ax.scatter(np.full(n, x_z), ys, s=650, color="tab:blue", zorder=3)
    ax.scatter(np.full(n, x_a), ys, s=650, color="tab:orange", zorder=3)
    for i in range(n):
        ax.text(x_z, ys[i], f"$z_{i + 1}$", ha="center", va="center", color="white", zorder=4)
        ax.text(x_a, ys[i], f"$a_{i + 1}$", ha="center", va="center", color="white", zorder=4)
    ax.set_xlim(-0.4, x_c + 0.4)
    ax.set_ylim(ys.min() - 0.7, ys.max() + 0.7)
    ax.set_xticks([x_z, x_a, x_c], ["weighted input $z$", "output $a$", "cost"])
    ax.set_yticks([])
    ax.set_xlabel(r"an edge $z_j \to a_k$ where $\partial a_k/\partial z_j \neq 0$")
    ax.spines[["top", "right", "left"]].set_visible(False)
    edges = int(np.count_nonzero(J))
    ax.set_title(title if title is not None else f"{edges} edges from z to a", fontsize=10)
    return ax


def plot_delta_bars(deltas, ax=None, title=None, xlabel=r"output neuron $j$",
                    ylabel=r"$\delta_j$"):
    """Grouped bars of several δ vectors, one group per neuron j; a bar of exactly 0 gets a
    hollow marker and the text "0" (the diagonal-only δ of softmax + log-likelihood is 0 off the
    target). deltas : dict label -> (n,) or (n, 1) array, all of length n. Returns the Axes."""
    if not isinstance(deltas, dict) or not deltas:
        raise ValueError("deltas must be a non-empty dict {label: (n,) array}")
    values = {label: _finite(np.reshape(d, -1) if np.ndim(d) == 2 and np.shape(d)[1] == 1
                             else d, f"deltas[{label!r}] ((n,) or (n, 1))")
              for label, d in deltas.items()}
    sizes = {d.size for d in values.values()}
    if len(sizes) != 1:
        raise ValueError(f"every δ must have the same length, got lengths {sorted(sizes)}")
    ax = ax if ax is not None else plt.subplots(figsize=(6.0, 3.0))[1]
    js, width = np.arange(1, sizes.pop() + 1), 0.8 / len(values)
    span = max(float(np.max(np.abs(d))) for d in values.values()) or 1.0
    marked = False
    for g, (label, d) in enumerate(values.items()):
        x = js + (g - (len(values) - 1) / 2) * width
        bars = ax.bar(x, d, width=width, label=label)
        zero = d == 0.0
        if np.any(zero):
            ax.plot(x[zero], np.zeros(zero.sum()), linestyle="none", marker="o", markersize=7,
                    markerfacecolor="white", markeredgecolor=bars.patches[0].get_facecolor(),
                    markeredgewidth=2, zorder=3, label=None if marked else "a bar of exactly 0")
            for xz in x[zero]:
                ax.text(xz, 0.06 * span, "0", ha="center", va="bottom", fontsize=9,
                        fontweight="bold")
            marked = True
    ax.axhline(0.0, color="grey", linewidth=0.8)
    ax.set_xticks(js)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    return ax


def plot_error_histogram(errors, ax=None, title=None, xlabel="relative error", bins=30,
                         threshold=None):
    """Histogram of positive errors on a log x axis (e.g. the relative error of the diagonal-only
    δ against (37) over many random logits). errors : 1-d array of positive numbers;
    threshold : optional dashed vertical line (a tolerance). Returns the Axes."""
    errors = _finite(errors, "errors")
    if np.any(errors <= 0):
        raise ValueError("errors must be positive (they go on a log axis)")
    if not isinstance(bins, (int, np.integer)) or bins < 1:
        raise ValueError(f"bins must be a positive integer, got {bins!r}")
    if threshold is not None and not (isinstance(threshold, (int, float, np.number))
                                      and np.isfinite(threshold) and threshold > 0):
        raise ValueError(f"threshold must be a positive number, got {threshold!r}")
    ax = ax if ax is not None else plt.subplots(figsize=(5.0, 3.0))[1]
    lo, hi = np.log10(errors.min()), np.log10(errors.max())
    edges = np.logspace(lo - 0.05, hi + 0.05, bins + 1)
    if threshold is not None:  # keep the threshold line inside the axes
        lo, hi = min(lo, np.log10(threshold) - 0.05), max(hi, np.log10(threshold) + 0.05)
    ax.hist(errors, bins=edges, color="tab:purple", alpha=0.8, edgecolor="white")
    ax.set_xscale("log")
    ax.xaxis.set_minor_formatter(plt.NullFormatter())  # minor labels overlap
    ticks = [m * 10.0**e for e in range(int(np.floor(lo)) - 1, int(np.ceil(hi)) + 2)
             for m in (1, 2, 5) if 10**(lo - 0.05) <= m * 10.0**e <= 10**(hi + 0.05)]
    if len(ticks) <= 8:  # a narrow range: label 1, 2, 5 times the powers of 10
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.set_xlim(10**(lo - 0.1), 10**(hi + 0.1))
    if threshold is not None:
        ax.axvline(threshold, color="black", linestyle="--", linewidth=1,
                   label=f"threshold {threshold:g}")
        ax.legend(fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("count")
    ax.set_title(title if title is not None else f"{errors.size} samples", fontsize=10)
    return ax


def plot_cost_curves(curves, ax=None, title=None, ylabel="cost"):
    """Several cost curves on one Axes (e.g. training with (37) and with the diagonal-only δ).
    curves : dict label -> 1-d sequence of costs, one per epoch 1, 2, ... Returns the Axes."""
    if not isinstance(curves, dict) or not curves:
        raise ValueError("curves must be a non-empty dict {label: sequence of costs}")
    ax = ax if ax is not None else plt.subplots(figsize=(5.0, 3.2))[1]
    for label, values in curves.items():
        values = np.asarray(values, dtype=np.float64)
        if values.ndim != 1 or values.size == 0:
            raise ValueError(f"curve {label!r} must be a non-empty 1-d sequence, got shape "
                             f"{values.shape}")
        ax.plot(np.arange(1, values.size + 1), values, label=str(label), linewidth=1.8)
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    if title is not None:
        ax.set_title(title, fontsize=10)
    return ax


# --- notebooks 06-07 ---

_CURVE_LABELS = {"train_cost": "training cost", "test_accuracy": "test accuracy",
                 "output": r"output $a$", "cost": r"cost $C$"}


def _draw_curves(ax, histories, key, styles):
    """One line per run of `histories[label][key]` against its "epoch", None/NaN left out."""
    for label, history in histories.items():
        pairs = [(e, v) for e, v in zip(history["epoch"], history[key], strict=True)
                 if v is not None and np.isfinite(v)]
        if pairs:
            x, y = zip(*pairs, strict=True)
            style = dict((styles or {}).get(label, {}))
            if len(x) < 25:
                style.setdefault("marker", "o")
                style.setdefault("markersize", 3)
            ax.plot(x, y, label=label, **style)


def plot_learning_curves(histories, keys=("train_cost", "test_accuracy"), axes=None, titles=None,
                         ylabels=None, logy=(), styles=None, zoom=None):
    """One panel per key, one line per run: cost and accuracy (or output) per epoch.

    histories : dict label -> history, a dict with "epoch" and one list per key (as `Network.sgd`
                returns); None entries (no test set, a diverged epoch) are left out
    axes : optional len(keys) Axes; logy : keys drawn on a log y axis; styles : label -> keywords
    zoom : optional dict key -> (ymin, ymax): an inset (`child_axes[0]`) showing that range
    Returns the Figure. Raises ValueError for an empty dict, a missing or short list, or a bad zoom.
    Used in notebooks: 06, 07.
    """
    if not isinstance(histories, dict) or not histories:
        raise ValueError("histories must be a non-empty dict: label -> history dict")
    keys = (keys,) if isinstance(keys, str) else tuple(keys)
    if not keys:
        raise ValueError("keys must name at least one list of the histories, e.g. 'train_cost'")
    for label, history in histories.items():
        missing = [k for k in ("epoch",) + keys if k not in history]
        if missing:
            raise ValueError(f"history {label!r} has no {missing}; it has {sorted(history)}")
        for k in keys:
            if len(history[k]) != len(history["epoch"]):
                raise ValueError(f"history {label!r}: {k!r} has {len(history[k])} values but "
                                 f"'epoch' has {len(history['epoch'])}")
    zoom = dict(zoom or {})
    for key, (lo, hi) in zoom.items():
        if key not in keys or not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            raise ValueError(f"zoom[{key!r}] must be (ymin, ymax), ymin < ymax, for a plotted key "
                             f"(one of {keys}); got {(lo, hi)}")
    if axes is None:
        fig, axes = plt.subplots(1, len(keys), figsize=(4.6 * len(keys), 3.4), squeeze=False)
        axes = axes[0]
    else:
        axes = list(np.atleast_1d(axes))
        if len(axes) != len(keys):
            raise ValueError(f"need {len(keys)} axes (one per key), got {len(axes)}")
        fig = axes[0].figure
    for i, (ax, key) in enumerate(zip(axes, keys, strict=True)):
        _draw_curves(ax, histories, key, styles)
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabels[i] if ylabels else _CURVE_LABELS.get(key, key))
        if titles:
            ax.set_title(titles[i], fontsize=10)
        if key in logy:
            ax.set_yscale("log")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    for ax, key in zip(axes, keys, strict=True):  # after tight_layout, which ignores insets
        if key in zoom:
            inset = ax.inset_axes((0.38, 0.3, 0.58, 0.42))
            _draw_curves(inset, histories, key, styles)
            inset.set_xlim(ax.get_xlim())
            inset.set_ylim(*zoom[key])
            inset.tick_params(labelsize=7)
            inset.grid(alpha=0.3)
            inset.set_title(f"zoom: {zoom[key][0]:g} to {zoom[key][1]:g}", fontsize=7)
            ax.indicate_inset_zoom(inset, edgecolor="0.4")
    return fig


def plot_digits(X, labels, predicted=None, ncols=5, title=None):
    """A grid of 28 x 28 digit images with their labels (and the network's answers, mistakes red).

    X : (784, k), one image per column; labels, predicted (optional) : (k,) digits. Returns the
    Figure.
    Used in notebooks: 07.
    """
    X = np.asarray(X, dtype=np.float64)
    X = X.reshape(-1, 1) if X.ndim == 1 else X
    if X.ndim != 2 or X.shape[0] != 784 or X.shape[1] < 1:
        raise ValueError(f"X must be (784, k) with k >= 1, one image per column; got {X.shape}")
    k = X.shape[1]
    labels = np.asarray(labels)
    if labels.shape != (k,):
        raise ValueError(f"labels must have shape {(k,)} to match X {X.shape}, got {labels.shape}")
    if predicted is not None and np.shape(predicted) != (k,):
        raise ValueError(f"predicted must have shape {(k,)}, got {np.shape(predicted)}")
    if not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"ncols must be a positive integer, got {ncols!r}")
    ncols = min(ncols, k)
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
