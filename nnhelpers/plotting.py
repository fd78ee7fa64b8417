"""Figures for the course (matplotlib). Every function returns the Axes (or Figure) it drew on.

Used in notebooks 03-07 and by the explorer in `nnhelpers.widgets`.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import TwoSlopeNorm


def _square_matrix(J, name="J"):
    J = np.asarray(J, dtype=np.float64)
    if J.ndim != 2 or J.shape[0] != J.shape[1]:
        raise ValueError(f"{name} must be a square (n, n) matrix, got shape {J.shape}")
    if not np.all(np.isfinite(J)):
        raise ValueError(f"{name} contains NaN or infinity")
    return J


def plot_jacobian(J, ax=None, title=None, vmax=None, annotate=None, cmap="RdBu_r", colorbar=True):
    """Heat map of a Jacobian J[k, j] = ∂a_k/∂z_j: row k = output, column j = input.

    J        : (n, n) array
    vmax     : colour scale runs from -vmax to +vmax, centred on 0 (default: max |J|)
    annotate : write each value in its cell (default: when n <= 6)
    returns the Axes
    """
    J = _square_matrix(J)
    n = J.shape[0]
    if ax is None:
        _, ax = plt.subplots(figsize=(3.6, 3.2))
    if vmax is None:
        vmax = float(np.max(np.abs(J)))
    vmax = vmax if vmax > 0 else 1.0
    image = ax.imshow(J, cmap=cmap, norm=TwoSlopeNorm(vcenter=0.0, vmin=-vmax, vmax=vmax))
    ticks = np.arange(n)
    ax.set_xticks(ticks, [str(j + 1) for j in ticks])
    ax.set_yticks(ticks, [str(k + 1) for k in ticks])
    ax.set_xlabel(r"input $j$ (of $z_j$)")
    ax.set_ylabel(r"output $k$ (of $a_k$)")
    ax.set_title(title if title is not None else r"$J_{kj} = \partial a_k / \partial z_j$")
    if annotate is None:
        annotate = n <= 6
    if annotate:
        for k in range(n):
            for j in range(n):
                value = J[k, j]
                dark = abs(value) > 0.6 * vmax
                ax.text(j, k, f"{value:.3f}", ha="center", va="center", fontsize=8,
                        color="white" if dark else "black")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax


def plot_eq37_terms(terms, j, ax=None, title=None, ylim=None, color="tab:blue"):
    """Bar chart of the k terms ∂C/∂a_k · ∂a_k/∂z_j of the sum (37) for one neuron j.

    terms : (n,) array, terms[k] is the k-th term; their sum is δ_j
    j     : the output neuron (0-based index) the terms belong to; its bar is outlined
    returns the Axes
    """
    terms = np.asarray(terms, dtype=np.float64)
    if terms.ndim != 1:
        raise ValueError(f"terms must be a 1-d array of length n, got shape {terms.shape}")
    n = terms.size
    if not isinstance(j, (int, np.integer)) or not 0 <= j < n:
        raise ValueError(f"j must be an integer index in 0..{n - 1}, got {j!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(3.6, 2.8))
    ks = np.arange(n)
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
    if ylim is not None:
        ax.set_ylim(*ylim)
    return ax



# --- notebooks 01-02 figures ---

# --- notebooks 03-04 figures ---

# --- notebooks 06-07 figures ---
