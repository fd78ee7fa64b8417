"""A feedforward network trained by mini-batch SGD with BP1-BP4: Nielsen's network2.py, with
each mini-batch held as one matrix.

Layers are numbered as in the book: layer 1 is the input, layer L the output, so a [2, 3, 2]
network has layers 1, 2, 3 and L = 3. The lists start at the first weighted layer:
`weights[l - 2]` is w^l, shape (n_l, n_{l-1}), and `biases[l - 2]` is b^l, shape (n_l, 1).
Inside, z[l] and a[l] are dicts keyed by the book's l (a[1] = X). A mini-batch X is (n_1, m),
one example per column; backprop returns the gradients of the mean cost over the m columns (the
book's code, `_backprop`, returns their sums, and the update divides by m, as network2.py does).

The public methods check their input once (nnhelpers.validation), then call the book's code.
Used in notebooks: 01, 04, 06, 07, 08, 09.
"""

import numpy as np

from . import bp1, stable, validation
from .activations import get_activation
from .costs import get_cost

WEIGHT_INITS = ("scaled", "standard")


class NonFiniteError(ValueError):
    """The weighted inputs z^L overflowed to infinity or NaN: the weights grew too large."""


class Network:
    """Network(sizes, activation="sigmoid", output_activation=None, cost="quadratic",
    weight_init="scaled", seed=0, output_error=None)

    sizes             : layer sizes [n_1, ..., n_L], input first, e.g. [784, 30, 10]
    activation        : the hidden layers' σ, element-wise (BP2 uses σ'(z))
    output_activation : layer L's σ (default: `activation`); softmax allowed
    cost              : "quadratic", "cross_entropy" or "log_likelihood" (the last two need
                        sigmoid or softmax outputs, in (0, 1))
    weight_init       : "scaled" (N(0, 1/n_{l-1}), Nielsen ch. 3) or "standard" (N(0, 1), ch. 1)
    seed              : seed of the generator that draws the initial weights and biases
    output_error      : how BP1's δ^L is computed: a function of bp1, (z, y, activation, cost)
                        -> δ^L; default bp1.output_error, (37). bp1.output_error_diagonal_only
                        trains with the "skip the sum" counterexample.
    Raises ValueError/TypeError naming what was expected for any bad option."""

    def __init__(self, sizes, activation="sigmoid", output_activation=None, cost="quadratic",
                 weight_init="scaled", seed=0, output_error=None):
        self.sizes = validation.check_sizes(sizes)
        self.num_layers = len(self.sizes)  # L
        self.activation = get_activation(activation)
        self.output_activation = get_activation(output_activation or activation)
        self.cost = get_cost(cost)
        validation.check_layers(self.activation, self.output_activation, self.cost.name,
                                self.num_layers)
        self.output_error = bp1.output_error if output_error is None else output_error
        self.delta_L = bp1.formula_of(self.output_error, self.output_activation, self.cost)
        scaled = validation.check_choice(weight_init, WEIGHT_INITS, "weight_init") == "scaled"
        rng = np.random.default_rng(seed)
        self.biases = [rng.standard_normal((n, 1)) for n in self.sizes[1:]]
        self.weights = [rng.standard_normal((n, n_in)) / (np.sqrt(n_in) if scaled else 1.0)
                        for n_in, n in zip(self.sizes[:-1], self.sizes[1:], strict=True)]

    def __repr__(self):
        return (f"Network({self.sizes}, activation={self.activation.name!r}, "
                f"output_activation={self.output_activation.name!r}, cost={self.cost.name!r})")

    # --- the book's code: no checks ----------------------------------------------------

    def _forward_pass(self, X):
        """(z, a) as dicts by layer: z[l] = w^l a^{l-1} + b^l and a[l] = σ(z[l]) for l = 2..L."""
        L, z, a = self.num_layers, {}, {1: X}
        for l in range(2, L + 1):
            z[l] = self.weights[l - 2] @ a[l - 1] + self.biases[l - 2]
            a[l] = (self.output_activation if l == L else self.activation).sigma(z[l])
        return z, a

    def _backprop(self, X, Y):
        """(nabla_b, nabla_w): Σ_x ∂C_x/∂b^l and Σ_x ∂C_x/∂w^l, summed over the m columns."""
        L = self.num_layers
        z, a = self._forward_pass(X)
        nabla_b, nabla_w = [None] * (L - 1), [None] * (L - 1)
        delta = self.delta_L(z[L], a[L], Y, self.output_activation, self.cost)  # (BP1)
        for l in range(L, 1, -1):  # l = L, L - 1, ..., 2; nabla_b[l - 2] sums ∂C_x/∂b^l over x
            if l < L:
                sp = self.activation.prime_from_a(a[l])  # σ'(z^l), written with a^l = σ(z^l)
                delta = (self.weights[l - 1].T @ delta) * sp  # (BP2)
            nabla_b[l - 2] = delta.sum(axis=1, keepdims=True)  # (BP3), summed over the batch
            nabla_w[l - 2] = delta @ a[l - 1].T  # (BP4), summed over the batch
        return nabla_b, nabla_w

    def _update_mini_batch(self, X, Y, eta, lmbda, n):
        """w <- (1 - ηλ/n) w - η ∂C/∂w and b <- b - η ∂C/∂b, in place (Nielsen ch. 3, L2),
        with C the mean cost over the m columns: η/m times the sums, as network2.py."""
        nabla_b, nabla_w = self._backprop(X, Y)
        step = eta / X.shape[1]  # network2.py's eta / len(mini_batch)
        for w, nw in zip(self.weights, nabla_w, strict=True):
            if lmbda:
                w *= 1.0 - eta * lmbda / n
            w -= step * nw
        for b, nb in zip(self.biases, nabla_b, strict=True):
            b -= step * nb

    def _total_cost(self, z_L, Y, lmbda):
        """C = mean of C_x over the columns (from z^L, in log space) + λ/(2n) Σ_w w²."""
        c = np.mean(stable.per_example_from_z(self.cost, self.output_activation, z_L, Y))
        return c + 0.5 * lmbda / Y.shape[1] * sum(np.sum(w * w) for w in self.weights)

    # --- the public methods: check once, then call the book's code ----------------------

    def _checked(self, X, Y=None, prefix=""):
        validation.check_parameters(self.sizes, self.weights, self.biases)
        X = validation.check_columns(X, self.sizes[0], prefix + "X")
        if Y is None:
            return X
        Y = validation.check_columns(Y, self.sizes[-1], prefix + "Y", columns=X.shape[1])
        return X, validation.check_targets(Y, self.cost.targets, self.cost.name, prefix + "Y")

    def _finite_forward_pass(self, X):
        """(z, a) for checked X, as `_forward_pass`; NonFiniteError if z^L overflowed."""
        with np.errstate(over="ignore", invalid="ignore"):
            z, a = self._forward_pass(X)
        if not np.isfinite(z[self.num_layers]).all():
            raise NonFiniteError("the weighted inputs z^L are no longer finite: the weights "
                                 "grew too large (in training: try a smaller eta)")
        return z, a

    def forward_pass(self, X):
        """(z, a): dicts by the book's layer numbers, z[l] and a[l] of shape (n_l, m) for
        l = 2..L and a[1] = X. X: (n_1, m) or (n_1,). Raises NonFiniteError if z^L overflowed."""
        return self._finite_forward_pass(self._checked(X))

    def feedforward(self, X):
        """Output activations a^L, shape (n_L, m), for inputs X of shape (n_1, m) or (n_1,)."""
        return self._finite_forward_pass(self._checked(X))[1][self.num_layers]

    def backprop(self, X, Y):
        """(nabla_b, nabla_w) for X (n_1, m) and Y (n_L, m), one example per column: the
        gradients of the mean cost over the m columns by BP1-BP4; nabla_b[l - 2], nabla_w[l - 2]
        are ∂C/∂b^l, ∂C/∂w^l. For m = 1 this is Nielsen's per-example backprop.
        Raises ValueError/TypeError for bad input, NonFiniteError if z^L overflowed."""
        X, Y = self._checked(X, Y)
        with np.errstate(over="ignore", invalid="ignore"):  # the mean over the m columns
            nabla_b, nabla_w = ([g / X.shape[1] for g in sums] for sums in self._backprop(X, Y))
        if not all(np.isfinite(g).all() for g in nabla_b + nabla_w):
            self._finite_forward_pass(X)  # raises NonFiniteError if z^L overflowed
        return nabla_b, nabla_w

    def total_cost(self, X, Y, lmbda=0.0):
        """Mean cost over the columns of X, Y plus λ/(2n) Σ w² (n = m here), from z^L in log
        space: softmax z^L = [1000, 0, -1000] with y = e_3 gives its finite cost 2000.
        A float; a complex number when weights or biases are complex (the complex step,
        notebook 02, differentiates through it)."""
        X, Y = self._checked(X, Y)
        lmbda = validation.check_number(lmbda, "lmbda", strict=False)
        cost = self._total_cost(self._finite_forward_pass(X)[0][self.num_layers], Y, lmbda)
        return complex(cost) if np.iscomplexobj(cost) else float(cost)

    def evaluate(self, X, labels):
        """The number of columns of X whose largest output is the integer label."""
        X = self._checked(X)
        labels = np.asarray(labels)
        if labels.shape != (X.shape[1],) or not np.issubdtype(labels.dtype, np.integer):
            raise ValueError(f"labels must be {X.shape[1]} integers, one per column of X; got "
                             f"shape {labels.shape}, dtype {labels.dtype}")
        z_L = self._finite_forward_pass(X)[0][self.num_layers]
        return int(np.sum(np.argmax(z_L, axis=0) == labels))

    def sgd(self, train, epochs, mini_batch_size, eta, test=None, lmbda=0.0, seed=0,
            progress=True, monitor_training_cost=True):
        """Mini-batch stochastic gradient descent; returns the per-epoch history.

        train : (X, Y), X (n_1, n) and Y (n_L, n), one example per column; checked once
        test  : optional (X_test, labels), integer labels, evaluated after each epoch
        lmbda : L2 regularisation λ (weight decay 1 - ηλ/n), Nielsen ch. 3
        seed  : seed of the generator that shuffles the training set each epoch
        progress : print one line per epoch; monitor_training_cost : the cost over the
            whole training set after each epoch (from z^L, in log space), as network2.py
        returns {"epoch", "train_cost" (None when not monitored), "test_accuracy" (None
        without test), "diverged"}. A finite run never raises: training stops early, with
        "diverged" True, only if the parameters or the cost stop being finite, and says so."""
        X, Y = train
        Y = validation.as_array(Y, "train Y", ndims=(2,), allow_complex=False)
        X, Y = self._checked(X, Y, "train ")
        epochs = validation.check_integer(epochs, "epochs", minimum=1)
        mini_batch_size = validation.check_integer(mini_batch_size, "mini_batch_size", minimum=1)
        eta = validation.check_number(eta, "eta")
        lmbda = validation.check_number(lmbda, "lmbda", strict=False)
        # train on copies, updated in place: the caller's arrays are never changed
        self.weights = [np.array(w, dtype=np.float64) for w in self.weights]
        self.biases = [np.array(b, dtype=np.float64) for b in self.biases]
        rng, n = np.random.default_rng(seed), X.shape[1]
        history = {"epoch": [], "train_cost": [], "test_accuracy": [], "diverged": False}
        for epoch in range(1, epochs + 1):
            order = rng.permutation(n)
            X_epoch, Y_epoch = _columns_in_order(X, order), _columns_in_order(Y, order)
            with np.errstate(over="ignore", invalid="ignore"):
                for k in range(0, n, mini_batch_size):
                    self._update_mini_batch(X_epoch[:, k:k + mini_batch_size],
                                            Y_epoch[:, k:k + mini_batch_size], eta, lmbda, n)
                ok = all(np.isfinite(p).all() for p in self.weights + self.biases)
                cost = None
                if monitor_training_cost:  # over the whole training set, from z^L
                    cost = (float(self._total_cost(self._forward_pass(X)[0][self.num_layers],
                                                   Y, lmbda)) if ok else float("nan"))
                    ok = ok and bool(np.isfinite(cost))
            accuracy = self.evaluate(*test) / np.shape(test[1])[0] if test and ok else None
            history["epoch"].append(epoch)
            history["train_cost"].append(cost)
            history["test_accuracy"].append(accuracy)
            if progress:
                parts = [] if cost is None else [f"training cost {cost:.4f}"]
                parts += [] if accuracy is None else [f"test accuracy {accuracy:.1%}"]
                print(f"Epoch {epoch}/{epochs}: " + (", ".join(parts) or "done"), flush=True)
            if not ok:
                history["diverged"] = True
                if progress:
                    print(f"Stopped after epoch {epoch}: the parameters or the cost are no "
                          "longer finite.")
                break
        return history


def _columns_in_order(A, order):
    """A[:, order], gathered along A's memory layout (whole columns of a Fortran-ordered A, as
    load_mnist returns), so that either layout costs about one sequential pass; `order` is a
    permutation, so mode="clip" never clips: it skips numpy's bounds checks."""
    if A.flags.f_contiguous and not A.flags.c_contiguous:
        return np.take(A.T, order, axis=0, mode="clip").T
    return np.take(A, order, axis=1, mode="clip")
