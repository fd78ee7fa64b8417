"""Deriving BP1: helpers for the notebook course on Nielsen's chapter 2, equations (36)-(38).

Which module holds what (`help(nnhelpers.bp1)` and the like open each one; a module is
imported the first time it is used, so `import nnhelpers` stays fast):

    activations  a = σ(z) for sigmoid, tanh, relu, identity, softmax; the Jacobian
                 J[k, j] = ∂a_k/∂z_j, its diagonal (σ'(z), used by (38) and BP1), the
                 vector-Jacobian product Jᵀg (the sum over k in (37)), ln a and ln(1 - a)
    costs        C(a, y) for quadratic, cross-entropy, log-likelihood; ∂C/∂a (the first factor
                 of (37)); the same costs from z in log space; each cost's target rule; the
                 output error δ^L = cost.delta(z, a, y, activation) of each activation/cost pair
    gradcheck    numerical derivatives (central, forward, complex step) and relative_error:
                 the independent reference for (36)
    bp1          (36) output_error_numeric, (37) output_error, (38) output_error_elementwise,
                 the "skip the sum" counterexample output_error_diagonal_only, and a - y
                 (output_error_fused, Nielsen's (84))
    network      Network: feedforward, backprop with BP1-BP4 on a mini-batch, mini-batch SGD
    symbolic     (36), (37) term by term and (38) in sympy, for a small output layer
    data         the shipped MNIST digits (load_mnist) and one_hot
    plotting, widgets, exercises   the notebooks' figures, the Jacobian explorer, the
                 exercise checks (and any further module of the package, imported on use)

Shapes follow the book: one example is a column (n, 1) (or (n,)), a mini-batch is (n, m) with
one example per column; a batch stored one example per row must be transposed first.
"""

import importlib
import importlib.util
import pkgutil


def _submodules():
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def __getattr__(name):
    """Import a submodule on first use: `nnhelpers.bp1` works after `import nnhelpers`."""
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}; its modules are "
                         f"{_submodules()}")


def __dir__():
    return sorted(set(globals()) | set(_submodules()))
