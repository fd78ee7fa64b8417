"""A feedforward network trained by mini-batch SGD with BP1-BP4, after Nielsen's network.py.

Shapes follow the book: layer sizes [n_0, ..., n_L]; `weights[l]` is (n_{l+1}, n_l) and
`biases[l]` is (n_{l+1}, 1). A mini-batch is a matrix X of shape (n_0, m), one example per
column, and `backprop` handles all m columns with one matrix product per layer.

Used in notebooks 01, 04 and 07.
"""

import numpy as np

from . import bp1
from ._checks import as_array
from .activations import get_activation
from .costs import get_cost

WEIGHT_INITS = ("scaled", "standard")


class NonFiniteError(ValueError):
    """The weighted inputs z^L overflowed to infinity or NaN: the weights grew too large."""


class Network:
    """Network(sizes, activation="sigmoid", output_activation=None, cost="quadratic", ...)

    sizes             : list of layer sizes, input first, e.g. [784, 30, 10]
    activation        : hidden layers' activation (must be element-wise, for BP2)
    output_activation : the output layer's activation (default: `activation`), softmax allowed
    cost              : "quadratic", "cross_entropy" or "log_likelihood"
    weight_init       : "scaled" (N(0, 1/n_in), Nielsen ch. 3) or "standard" (N(0, 1), ch. 1)
    seed              : seed of the numpy Generator that draws the initial weights
    output_error      : function (z, y, activation, cost) -> δ^L; default: the fused a - y where
                        the pair allows it, else (37). Pass bp1.output_error_diagonal_only to
                        train with the "skip the sum" counterexample.
    """

    def __init__(self, sizes, activation="sigmoid", output_activation=None, cost="quadratic",
                 weight_init="scaled", seed=0, output_error=None):
        given = sizes
        try:
            sizes = None if isinstance(sizes, (str, bytes)) else list(sizes)
        except TypeError:  # not a sequence at all, e.g. Network(784) or Network(None)
            sizes = None
        if (sizes is None or len(sizes) < 2
                or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool)
                           and s >= 1 for s in sizes)):
            raise ValueError(
                f"sizes must be a list of at least two positive integers, e.g. [784, 30, 10]; "
                f"got {given!r}"
            )
        if weight_init not in WEIGHT_INITS:
            raise ValueError(f"weight_init must be one of {WEIGHT_INITS}, got {weight_init!r}")
        self.sizes = [int(s) for s in sizes]
        self.num_layers = len(sizes)
        self.activation = get_activation(activation)
        if not self.activation.elementwise and self.num_layers > 2:
            raise ValueError(
                f"hidden layers need an element-wise activation (BP2 uses σ'(z)); got "
                f"{self.activation.name}. Use it as output_activation instead."
            )
        self.output_activation = get_activation(
            activation if output_activation is None else output_activation
        )
        self.cost = get_cost(cost)
        pair = (self.output_activation.name, self.cost.name)
        if output_error is None:
            output_error = bp1.output_error_fused if pair in bp1.FUSED_PAIRS else bp1.output_error
        if output_error is bp1.output_error_fused and pair not in bp1.FUSED_PAIRS:
            raise ValueError(
                f"output_error_fused (δ = a - y) does not hold for {pair[0]} + {pair[1]}; "
                f"it holds for {' and '.join('+'.join(p) for p in bp1.FUSED_PAIRS)}"
            )
        if not callable(output_error):
            raise TypeError(f"output_error must be a function, got {type(output_error).__name__}")
        self.output_error = output_error
        rng = np.random.default_rng(seed)
        scale = (lambda n_in: 1.0 / np.sqrt(n_in)) if weight_init == "scaled" else (lambda n: 1.0)
        self.biases = [rng.standard_normal((n, 1)) for n in self.sizes[1:]]
        self.weights = [rng.standard_normal((n_out, n_in)) * scale(n_in)
                        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True)]

    def __repr__(self):
        return (f"Network({self.sizes}, activation={self.activation.name!r}, "
                f"output_activation={self.output_activation.name!r}, cost={self.cost.name!r})")

    def _layer_activation(self, i):
        return self.output_activation if i == self.num_layers - 2 else self.activation

    def _check_params(self):
        """Shapes and finiteness of weights and biases (they are assignable attributes)."""
        if len(self.weights) != self.num_layers - 1 or len(self.biases) != self.num_layers - 1:
            raise ValueError(f"weights and biases must be lists of {self.num_layers - 1} arrays")
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            n_in, n_out = self.sizes[i], self.sizes[i + 1]
            if np.shape(w) != (n_out, n_in):
                raise ValueError(f"weights[{i}] must have shape {(n_out, n_in)}, got {np.shape(w)}")
            if np.shape(b) != (n_out, 1):
                raise ValueError(f"biases[{i}] must have shape {(n_out, 1)}, got {np.shape(b)}")
            if not (np.isfinite(w).all() and np.isfinite(b).all()):
                raise ValueError(f"weights[{i}] or biases[{i}] contain NaN or infinity")

    def _check_input(self, X, name="X"):
        X = as_array(X, name, allow_complex=False)
        if X.ndim == 1:
            X = X.reshape(-1, 1)
        if X.shape[0] != self.sizes[0]:
            raise ValueError(
                f"{name} must have {self.sizes[0]} rows (one example per column), "
                f"got shape {X.shape}"
            )
        return X

    def feedforward(self, X):
        """Output activations a^L, shape (n_L, m), for inputs X of shape (n_0, m) or (n_0,)."""
        X = self._check_input(X)
        self._check_params()
        return self._forward(X)[1][-1]

    def _forward(self, X):
        """(zs, activations): z^l for l = 1..L and a^l for l = 0..L, each (n_l, m).

        X and the parameters are checked by the caller (once per sgd call, not per batch)."""
        a, zs, activations = X, [], [X]
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z = w @ a + b  # z^l = w^l a^{l-1} + b^l, for all m columns at once
            a = self._layer_activation(i)._forward(z)
            zs.append(z)
            activations.append(a)
        if not np.isfinite(zs[-1]).all():  # an overflow that reached the output layer
            raise NonFiniteError("the weighted inputs z^L are no longer finite: the weights "
                                 "grew too large (in training: try a smaller eta)")
        return zs, activations

    def backprop(self, X, Y):
        """(nabla_b, nabla_w): gradients of the mean cost over the m columns of X, Y by BP1-BP4.

        X : (n_0, m) inputs, Y : (n_L, m) targets; nabla_b[l], nabla_w[l] shaped like biases[l],
        weights[l]. For m = 1 this is Nielsen's per-example backprop.
        """
        X = self._check_input(X)
        Y = as_array(Y, "Y", allow_complex=False)
        if Y.ndim == 1:
            Y = Y.reshape(-1, 1)
        if Y.shape != (self.sizes[-1], X.shape[1]):
            raise ValueError(
                f"Y must have shape {(self.sizes[-1], X.shape[1])} to match X {X.shape}, "
                f"got {Y.shape}"
            )
        self._check_params()
        return self._backprop(X, Y)

    def _output_delta(self, z, a, Y):
        """δ^L (n_L, m) by `self.output_error`; the two defaults reuse the stored a^L = σ(z^L)."""
        if self.output_error is bp1.output_error_fused:
            return a - Y  # (37) for softmax + log-likelihood, (38) for sigmoid + cross-entropy
        if self.output_error is bp1.output_error:
            return bp1._output_error(z, a, Y, self.output_activation, self.cost)  # (37)
        return self.output_error(z, Y, self.output_activation, self.cost)

    def _backprop(self, X, Y):
        """`backprop` without re-checking X and Y: for `sgd`, whose mini-batches are columns of
        the training set it has already checked once."""
        m = X.shape[1]
        zs, activations = self._forward(X)
        nabla_b = [None] * len(self.biases)
        nabla_w = [None] * len(self.weights)
        delta = self._output_delta(zs[-1], activations[-1], Y)  # (BP1), one column per example
        nabla_b[-1] = delta.sum(axis=1, keepdims=True) / m  # (BP3), averaged over the batch
        nabla_w[-1] = delta @ activations[-2].T / m  # (BP4): Σ_x delta_x (a_x^{L-1})^T / m
        for l in range(2, self.num_layers):
            # σ'(z^l) from the a^l = σ(z^l) already computed (prime(z) would recompute σ);
            # hidden activations are element-wise (checked in __init__)
            sp = self.activation._diagonal(zs[-l], activations[-l])
            delta = (self.weights[-l + 1].T @ delta) * sp  # (BP2)
            nabla_b[-l] = delta.sum(axis=1, keepdims=True) / m  # (BP3)
            nabla_w[-l] = delta @ activations[-l - 1].T / m  # (BP4)
        return nabla_b, nabla_w

    def total_cost(self, X, Y, lmbda=0.0):
        """Mean cost over the columns of X, Y, plus the L2 term λ/(2n) Σ w² if λ > 0."""
        X = self._check_input(X)
        c = float(self.cost.value(self.feedforward(X), Y))
        if lmbda:
            c += 0.5 * lmbda / X.shape[1] * sum(float(np.sum(w * w)) for w in self.weights)
        return c

    def evaluate(self, X, labels):
        """Number of columns of X whose largest output is the integer label."""
        X = self._check_input(X)
        labels = np.asarray(labels)
        if labels.shape != (X.shape[1],) or not np.issubdtype(labels.dtype, np.integer):
            raise ValueError(
                f"labels must be {X.shape[1]} integers, one per column of X; got "
                f"shape {labels.shape}, dtype {labels.dtype}"
            )
        return int(np.sum(np.argmax(self.feedforward(X), axis=0) == labels))

    def sgd(self, train, epochs, mini_batch_size, eta, test=None, lmbda=0.0, seed=0,
            progress=True, monitor_training_cost=True):
        """Mini-batch stochastic gradient descent; returns the per-epoch history.

        train : (X, Y) with X (n_0, n) and Y (n_L, n), one example per column
        test  : optional (X_test, labels) with integer labels, evaluated after each epoch
        lmbda : L2 regularisation λ (weight decay 1 - ηλ/n), as in Nielsen ch. 3
        seed  : seed of the Generator that shuffles the training set each epoch
        progress : print one line per epoch (to stdout)
        monitor_training_cost : evaluate the cost on the whole training set after each epoch
            (a forward pass over all n examples; as Nielsen's network2.py, it can be turned off)
        returns {"epoch": [...], "train_cost": [...] (None when not monitored), "test_accuracy":
        [...] (fractions; None without test), "diverged": bool}. Training stops early if the
        parameters or the cost stop being finite, and says so.
        """
        X, Y = train
        X = self._check_input(X, "train X")
        Y = as_array(Y, "train Y", ndims=(2,), allow_complex=False)
        if Y.shape != (self.sizes[-1], X.shape[1]):
            raise ValueError(
                f"train Y must have shape {(self.sizes[-1], X.shape[1])}, got {Y.shape}"
            )
        for name, value in (("epochs", epochs), ("mini_batch_size", mini_batch_size)):
            if not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if not (np.isscalar(eta) and np.isfinite(eta) and eta > 0):
            raise ValueError(f"eta must be a positive number, got {eta!r}")
        self._check_params()
        # train on copies, updated in place: the caller's arrays are never changed
        self.weights = [np.array(w, dtype=np.float64) for w in self.weights]
        self.biases = [np.array(b, dtype=np.float64) for b in self.biases]
        n = X.shape[1]
        rng = np.random.default_rng(seed)
        history = {"epoch": [], "train_cost": [], "test_accuracy": [], "diverged": False}
        for epoch in range(1, epochs + 1):
            order = rng.permutation(n)
            with np.errstate(over="ignore", invalid="ignore"):
                try:
                    for start in range(0, n, mini_batch_size):
                        batch = order[start:start + mini_batch_size]
                        self._update(X[:, batch], Y[:, batch], eta, lmbda, n)
                    finite = all(np.isfinite(p).all() for p in self.weights + self.biases)
                    cost = float("nan") if not finite else (
                        self.total_cost(X, Y, lmbda) if monitor_training_cost else None)
                except NonFiniteError:  # z^L overflowed during the epoch
                    finite, cost = False, float("nan")
            ok = finite and (cost is None or np.isfinite(cost))
            accuracy = None
            if test is not None and ok:
                accuracy = self.evaluate(*test) / np.shape(test[1])[0]
            history["epoch"].append(epoch)
            history["train_cost"].append(cost)
            history["test_accuracy"].append(accuracy)
            if progress:
                parts = [] if cost is None else [f"training cost {cost:.4f}"]
                if accuracy is not None:
                    parts.append(f"test accuracy {accuracy:.1%}")
                print(f"Epoch {epoch}/{epochs}: " + (", ".join(parts) or "done"), flush=True)
            if not ok:
                history["diverged"] = True
                if progress:
                    print(f"Stopped after epoch {epoch}: the parameters or the cost are no "
                          "longer finite.")
                break
        return history

    def _update(self, X, Y, eta, lmbda, n):
        """One step w <- (1 - ηλ/n) w - η ∇_w C and b <- b - η ∇_b C, in place.

        In place on the copies `sgd` made of the parameters (no array is allocated per step,
        and arrays the caller holds are never changed)."""
        nabla_b, nabla_w = self._backprop(X, Y)
        for w, nw in zip(self.weights, nabla_w, strict=True):
            if lmbda:
                w *= 1.0 - eta * lmbda / n
            nw *= eta
            w -= nw
        for b, nb in zip(self.biases, nabla_b, strict=True):
            nb *= eta
            b -= nb
