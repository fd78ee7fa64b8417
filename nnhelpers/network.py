"""A feedforward network trained by mini-batch SGD with BP1-BP4, after Nielsen's network.py.

Shapes follow the book: layer sizes [n_0, ..., n_L]; `weights[l]` is (n_{l+1}, n_l) and
`biases[l]` is (n_{l+1}, 1). A mini-batch is a matrix X of shape (n_0, m), one example per
column, and `backprop` handles all m columns with one matrix product per layer.

Used in notebooks: 01, 04, 06, 07, 08, 09.
"""

import numpy as np

from . import bp1
from ._checks import as_array, check_choice, check_integer
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
    cost              : "quadratic", "cross_entropy" or "log_likelihood"; the two log costs need
                        outputs in (0, 1): a sigmoid or softmax output layer
    weight_init       : "scaled" (N(0, 1/n_in), Nielsen ch. 3) or "standard" (N(0, 1), ch. 1)
    seed              : seed of the numpy Generator that draws the initial weights
    output_error      : a function (z, y, activation, cost) -> δ^L, kept as `self.output_error`;
                        default (None): bp1.output_error, the pair's own δ^L by (37),
                        `cost.delta(z, a, y, activation)`, which is a - y for softmax +
                        log-likelihood and sigmoid + cross-entropy and stays right at
                        saturation. bp1.output_error_diagonal_only trains with the "skip the
                        sum" counterexample.

    Layers are numbered as in the book: l = 1 is the first layer after the input, l = L the
    output layer; the Python lists hold layer l at index l - 1 (`weights[l - 1]` is w^l, of
    shape (n_l, n_{l-1}), `biases[l - 1]` is b^l, (n_l, 1)).
    Raises ValueError/TypeError naming what was expected for any bad option.
    """

    def __init__(self, sizes, activation="sigmoid", output_activation=None, cost="quadratic",
                 weight_init="scaled", seed=0, output_error=None):
        self.sizes = _checked_sizes(sizes)
        self.num_layers = len(self.sizes)
        self.activation = get_activation(activation)
        self.output_activation = get_activation(
            activation if output_activation is None else output_activation
        )
        self.cost = get_cost(cost)
        self._check_layer_choices()
        if output_error is not None and not callable(output_error):
            raise TypeError(f"output_error must be a function, got {type(output_error).__name__}")
        # the function (z, y, activation, cost) -> δ^L; by default the pair's own, by (37), which
        # backprop then takes from the a^L it has already computed
        self._pair_delta = output_error is None
        self.output_error = bp1.output_error if output_error is None else output_error
        check_choice(weight_init, WEIGHT_INITS, "weight_init")
        self.biases, self.weights = _initial_parameters(self.sizes, weight_init, seed)

    def _check_layer_choices(self):
        if not self.activation.elementwise and self.num_layers > 2:
            raise ValueError(
                f"hidden layers need an element-wise activation (BP2 uses σ'(z)); got "
                f"{self.activation.name}. Use it as output_activation instead."
            )
        if self.cost.uses_logs and not self.output_activation.log_space:
            raise ValueError(
                f"{self.cost.name} takes ln a of the outputs, which must lie in (0, 1); "
                f"{self.output_activation.name} outputs do not. Use output_activation=\"sigmoid\" "
                f"or \"softmax\", or cost=\"quadratic\"."
            )

    def __repr__(self):
        return (f"Network({self.sizes}, activation={self.activation.name!r}, "
                f"output_activation={self.output_activation.name!r}, cost={self.cost.name!r})")

    def layer_activation(self, l):
        """The activation of layer l = 1..L (the book's numbering): σ for hidden layers, the
        output activation for l = L."""
        l = check_integer(l, "layer l", minimum=1, maximum=self.num_layers - 1)
        return self.output_activation if l == self.num_layers - 1 else self.activation

    def check_parameters(self):
        """Raise ValueError unless weights and biases have the shapes (n_l, n_{l-1}), (n_l, 1)
        for l = 1..L and are finite (they are assignable attributes)."""
        if len(self.weights) != self.num_layers - 1 or len(self.biases) != self.num_layers - 1:
            raise ValueError(f"weights and biases must be lists of {self.num_layers - 1} arrays")
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            n_in, n_out = self.sizes[i], self.sizes[i + 1]
            if np.shape(w) != (n_out, n_in):
                raise ValueError(f"weights[{i}] (w^{i + 1}) must have shape {(n_out, n_in)}, "
                                 f"got {np.shape(w)}")
            if np.shape(b) != (n_out, 1):
                raise ValueError(f"biases[{i}] (b^{i + 1}) must have shape {(n_out, 1)}, "
                                 f"got {np.shape(b)}")
            if not (np.isfinite(w).all() and np.isfinite(b).all()):
                raise ValueError(f"weights[{i}] or biases[{i}] contain NaN or infinity")

    def check_inputs(self, X, name="X"):
        """X as a float64 array (n_0, m), one example per column ((n_0,) becomes (n_0, 1));
        raises ValueError naming the rows expected (a batch stored one example per row must
        be transposed: pass X.T)."""
        X = as_array(X, name, allow_complex=False)
        if X.ndim == 1:
            X = X.reshape(-1, 1)
        if X.shape[0] != self.sizes[0]:
            hint = (f"; it looks like one example per row: pass {name}.T"
                    if X.ndim == 2 and X.shape[1] == self.sizes[0] else "")
            raise ValueError(
                f"{name} must have {self.sizes[0]} rows (one example per column), "
                f"got shape {X.shape}{hint}"
            )
        return X

    def check_targets(self, Y, m, name="Y"):
        """Y as a float64 array (n_L, m), one example per column ((n_L,) for m = 1), following
        the cost's target rule (nnhelpers.costs); raises ValueError otherwise."""
        Y = as_array(Y, name, allow_complex=False)
        if Y.ndim == 1:
            Y = Y.reshape(-1, 1)
        if Y.shape != (self.sizes[-1], m):
            raise ValueError(f"{name} must have shape {(self.sizes[-1], m)} (one example per "
                             f"column, matching X), got {Y.shape}")
        self.cost.check_targets(Y, name)
        return Y

    def feedforward(self, X):
        """Output activations a^L, shape (n_L, m), for inputs X of shape (n_0, m) or (n_0,)."""
        return self.forward_pass(X)[1][-1]

    def forward_pass(self, X, check_input=True):
        """(zs, activations): zs[l - 1] = z^l for l = 1..L, activations[l] = a^l for l = 0..L
        (a^0 = X), each (n_l, m). Raises NonFiniteError if z^L overflowed. check_input=False
        skips the checks of X and of the parameters and that of z^L (for a caller that has
        made the first once and checks its parameters' finiteness itself, as `sgd` does after
        each epoch)."""
        if check_input:
            X = self.check_inputs(X)
            self.check_parameters()
        a, zs, activations = X, [], [X]
        sigmas = [self.activation] * (self.num_layers - 2) + [self.output_activation]
        for w, b, sigma in zip(self.weights, self.biases, sigmas, strict=True):
            z = w @ a + b  # z^l = w^l a^{l-1} + b^l, for all m columns at once
            a = sigma(z, check_input=False)
            zs.append(z)
            activations.append(a)
        if check_input and not np.isfinite(zs[-1]).all():  # an overflow reached the output
            raise NonFiniteError("the weighted inputs z^L are no longer finite: the weights "
                                 "grew too large (in training: try a smaller eta)")
        return zs, activations


    def output_delta(self, z, a, Y):
        """δ^L (n_L, m) from z^L, a^L = σ(z^L) and the targets Y, all checked: the pair's own
        `cost.delta` by (37), or the `output_error` function given to the constructor."""
        if self._pair_delta:
            return self.cost.delta(z, a, Y, self.output_activation, check_input=False)
        return self.output_error(z, Y, self.output_activation, self.cost)

    def backprop(self, X, Y, check_input=True):
        """(nabla_b, nabla_w): gradients of the mean cost over the m columns of X, Y by BP1-BP4.

        X : (n_0, m) inputs, Y : (n_L, m) targets, one example per column; nabla_b[l - 1],
        nabla_w[l - 1] are ∂C/∂b^l and ∂C/∂w^l, shaped like biases[l - 1], weights[l - 1].
        For m = 1 this is Nielsen's per-example backprop.
        check_input : False skips the checks of X, Y (shapes, finiteness, the cost's target
        rule) and of the parameters, for a caller that has checked them once (`sgd`).
        Raises ValueError/TypeError for bad input, NonFiniteError if z^L overflowed.
        """
        if check_input:
            X = self.check_inputs(X)
            Y = self.check_targets(Y, X.shape[1])
        m, L = X.shape[1], self.num_layers - 1  # L: the output layer's number
        zs, activations = self.forward_pass(X, check_input)  # zs[l - 1] = z^l, activations[l] = a^l
        nabla_b, nabla_w = [None] * L, [None] * L
        delta = self.output_delta(zs[-1], activations[-1], Y)  # (BP1)
        for l in range(L, 0, -1):  # l = L, L - 1, ..., 1
            if l < L:  # σ'(z^l) from the stored a^l; hidden activations are element-wise
                sp = self.activation.diagonal(zs[l - 1], activations[l], check_input=False)
                delta = (self.weights[l].T @ delta) * sp  # (BP2)
            mean = delta / m  # each column's δ^l / m: the gradients are means over the batch
            nabla_b[l - 1] = mean.sum(axis=1, keepdims=True)  # (BP3)
            nabla_w[l - 1] = mean @ activations[l - 1].T  # (BP4)
        return nabla_b, nabla_w

    def total_cost(self, X, Y, lmbda=0.0, check_input=True):
        """Mean cost over the columns of X, Y, plus the L2 term λ/(2n) Σ w² if λ > 0.

        Computed from z^L (`cost.value_from_z`: log-softmax, log-sigmoid), so a saturated
        output gives its finite cost (softmax z^L = [1000, 0, -1000], y = e_3: 2000)."""
        if check_input:
            X = self.check_inputs(X)
            Y = self.check_targets(Y, X.shape[1])
        z_L = self.forward_pass(X, check_input)[0][-1]
        c = float(self.cost.value_from_z(z_L, Y, self.output_activation, check_input=False))
        if lmbda:
            c += 0.5 * lmbda / X.shape[1] * sum(float(np.sum(w * w)) for w in self.weights)
        return c

    def evaluate(self, X, labels):
        """Number of columns of X whose largest output is the integer label."""
        X = self.check_inputs(X)
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

        train : (X, Y) with X (n_0, n) and Y (n_L, n), one example per column (Y following the
                cost's target rule); checked once per call, not per mini-batch
        test  : optional (X_test, labels) with integer labels, evaluated after each epoch
        lmbda : L2 regularisation λ (weight decay 1 - ηλ/n), as in Nielsen ch. 3
        seed  : seed of the Generator that shuffles the training set each epoch
        progress : print one line per epoch (to stdout)
        monitor_training_cost : evaluate the cost on the whole training set after each epoch
            (a forward pass over all n examples, in log space; as Nielsen's network2.py, it can
            be turned off)
        returns {"epoch": [...], "train_cost": [...] (None when not monitored), "test_accuracy":
        [...] (fractions; None without test), "diverged": bool}. A finite run never raises:
        training stops early, with "diverged" True, only if the parameters, z^L or the cost
        stop being finite, and says so.
        """
        X, Y = self._checked_training_set(train)
        epochs = check_integer(epochs, "epochs", minimum=1)
        mini_batch_size = check_integer(mini_batch_size, "mini_batch_size", minimum=1)
        for name, value, low in (("eta", eta, "a positive"), ("lmbda", lmbda, "a non-negative")):
            if not (np.isscalar(value) and np.isreal(value) and not isinstance(value, bool)
                    and np.isfinite(value) and (value > 0 if name == "eta" else value >= 0)):
                raise ValueError(f"{name} must be {low} number, got {value!r}")
        self.check_parameters()
        # train on copies, updated in place: the caller's arrays are never changed
        self.weights = [np.array(w, dtype=np.float64) for w in self.weights]
        self.biases = [np.array(b, dtype=np.float64) for b in self.biases]
        rng = np.random.default_rng(seed)
        history = {"epoch": [], "train_cost": [], "test_accuracy": [], "diverged": False}
        for epoch in range(1, epochs + 1):
            cost, ok = self._train_epoch(X, Y, rng.permutation(X.shape[1]), mini_batch_size,
                                         eta, lmbda, monitor_training_cost)
            accuracy = (self.evaluate(*test) / np.shape(test[1])[0]
                        if test is not None and ok else None)
            for key, value in (("epoch", epoch), ("train_cost", cost),
                               ("test_accuracy", accuracy)):
                history[key].append(value)
            if progress:
                _report_epoch(epoch, epochs, cost, accuracy, ok)
            if not ok:
                history["diverged"] = True
                break
        return history

    def _checked_training_set(self, train):
        X, Y = train
        X = self.check_inputs(X, "train X")
        Y = as_array(Y, "train Y", ndims=(2,), allow_complex=False)
        return X, self.check_targets(Y, X.shape[1], "train Y")

    def _train_epoch(self, X, Y, order, mini_batch_size, eta, lmbda, monitor_training_cost):
        """One pass over the training set in the given order; returns (cost or None, ok).

        The set is gathered once in the permuted order and each mini-batch is a slice of it
        (a view: no copy per mini-batch)."""
        n = X.shape[1]
        X_epoch, Y_epoch = _columns_in_order(X, order), _columns_in_order(Y, order)
        with np.errstate(over="ignore", invalid="ignore"):
            try:
                for start in range(0, n, mini_batch_size):
                    stop = start + mini_batch_size
                    self._update(X_epoch[:, start:stop], Y_epoch[:, start:stop], eta, lmbda, n)
                if not all(np.isfinite(p).all() for p in self.weights + self.biases):
                    return float("nan"), False
                if not monitor_training_cost:
                    return None, True
                cost = self.total_cost(X, Y, lmbda, check_input=False)
            except NonFiniteError:  # z^L overflowed
                return float("nan"), False
        return cost, bool(np.isfinite(cost))

    def _update(self, X, Y, eta, lmbda, n):
        """One step w <- (1 - ηλ/n) w - η ∇_w C and b <- b - η ∇_b C, in place.

        In place on the copies `sgd` made of the parameters (no array is allocated per step,
        and arrays the caller holds are never changed)."""
        nabla_b, nabla_w = self.backprop(X, Y, check_input=False)
        for w, nw in zip(self.weights, nabla_w, strict=True):
            if lmbda:
                w *= 1.0 - eta * lmbda / n
            nw *= eta
            w -= nw
        for b, nb in zip(self.biases, nabla_b, strict=True):
            nb *= eta
            b -= nb


def _columns_in_order(A, order):
    """A[:, order] for a permutation `order` of its columns, gathered along A's memory layout
    (whole columns of a Fortran-ordered A, as load_mnist returns; rows' entries of a C-ordered
    one), so that either layout costs about one sequential pass. `order` is a permutation of
    0..n-1, so mode="clip" never clips: it only skips numpy's bounds checks (twice as fast)."""
    if A.flags.f_contiguous and not A.flags.c_contiguous:
        return np.take(A.T, order, axis=0, mode="clip").T
    return np.take(A, order, axis=1, mode="clip")


def _report_epoch(epoch, epochs, cost, accuracy, ok):
    parts = [] if cost is None else [f"training cost {cost:.4f}"]
    if accuracy is not None:
        parts.append(f"test accuracy {accuracy:.1%}")
    print(f"Epoch {epoch}/{epochs}: " + (", ".join(parts) or "done"), flush=True)
    if not ok:
        print(f"Stopped after epoch {epoch}: the parameters or the cost are no longer finite.")


def _checked_sizes(sizes):
    """Layer sizes as a list of ints, at least two, each >= 1; ValueError otherwise."""
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
    return [int(s) for s in sizes]


def _initial_parameters(sizes, weight_init, seed):
    """(biases, weights): b^l ~ N(0, 1), w^l ~ N(0, 1) scaled by 1/√n_{l-1} for "scaled"."""
    rng = np.random.default_rng(seed)
    biases = [rng.standard_normal((n, 1)) for n in sizes[1:]]
    weights = [rng.standard_normal((n_out, n_in)) * (1.0 / np.sqrt(n_in)
                                                     if weight_init == "scaled" else 1.0)
               for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]
    return biases, weights
