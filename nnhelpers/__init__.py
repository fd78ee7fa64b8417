"""Deriving BP1: helpers for the notebook course on Nielsen's chapter 2, equations (36)-(38).

Each module is imported on first use (`nnhelpers.bp1` after `import nnhelpers`; `help` opens it):

    activations  σ for sigmoid, tanh, relu, identity, softmax; the Jacobian J[k, j] = ∂a_k/∂z_j,
                 σ'(z) (used by (38) and BP1), the vector-Jacobian product Jᵀg (the Σ_k of (37))
    costs        quadratic, cross-entropy, log-likelihood: C(a, y) and ∂C/∂a, the first factor
                 of (37)
    bp1          (36) output_error_numeric, (37) output_error, (38) output_error_elementwise,
                 the "skip the sum" output_error_diagonal_only, a - y (output_error_fused, (84))
    network      Network: feedforward, backprop with BP1-BP4 on a mini-batch, mini-batch SGD
    stable, validation   the log-space forms for saturated outputs; the input checks
    gradcheck    numerical derivatives and relative_error: the independent reference for (36)
    diagnose     what a failing gradient check's signature says
    symbolic     (36), (37) term by term and (38) in sympy, for a small output layer
    autodiff     a scalar reverse-mode autodiff whose `+=` is the Σ_k of (37)
    data, experiments   the shipped MNIST digits; the single-neuron and digits experiments
    plotting, widgets, explorer_state, explorer_figure, exercises   figures, the Jacobian
                 explorer, the exercise checks

Shapes follow the book: one example is a column (n, 1) (or (n,)), a mini-batch is (n, m) with
one example per column; a batch stored one example per row must be transposed first.
"""

import importlib
import pkgutil


def _submodules():
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def __getattr__(name):
    """Import a submodule on first use: `nnhelpers.bp1` works after `import nnhelpers`."""
    if name in _submodules():
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}; its modules are "
                         f"{_submodules()}")


def __dir__():
    return sorted(set(globals()) | set(_submodules()))
