"""The course's two experiments, defined once, so that a notebook, a test and the README agree.

1. Nielsen's single neuron (chapter 3, "The cross-entropy cost function"): x = 1, y = 0, 300
   epochs of gradient descent from two starts, quadratic cost against cross-entropy. The
   quadratic δ = (a - y) σ'(z) (BP1) keeps σ'(z), so a saturated start learns slowly.
2. A [784, 30, 10] network on the shipped digits (4 000 / 1 000 images, 10 epochs, mini-batches
   of 10, seed 0): sigmoid + quadratic, softmax + log-likelihood, and the latter trained with
   the diagonal-only δ^L (the "skip the sum in (37)" answer).

Used in notebooks: 06, 07.
Also used by benchmarks/results.py (the README's Results section) and tests/test_training.py.
"""

from dataclasses import dataclass

import numpy as np

from . import bp1
from .data import load_mnist
from .network import Network
from .validation import check_choice, check_integer, check_number

# --- 1. Nielsen's single neuron (chapter 3) ---

NEURON_X = 1.0  # the one input x
NEURON_Y = 0.0  # the target y
NEURON_EPOCHS = 300
NEURON_STARTS = {"w = 0.6, b = 0.9": (0.6, 0.9),  # a = σ(1.5) ≈ 0.82
                 "w = b = 2.0": (2.0, 2.0)}  # a = σ(4) ≈ 0.98: saturated and badly wrong
NEURON_RUNS = {"quadratic, η = 0.15": ("quadratic", 0.15),  # the book's quadratic runs
               "cross-entropy, η = 0.005": ("cross_entropy", 0.005),  # the book's cross-entropy η
               "cross-entropy, η = 0.15": ("cross_entropy", 0.15)}  # same η as quadratic: fair
NEURON_COSTS = ("quadratic", "cross_entropy")


def single_neuron(w, b, cost, eta, epochs=NEURON_EPOCHS):
    """Train Nielsen's chapter-3 neuron (x = 1, y = 0) from weight w and bias b.

    cost : "quadratic" or "cross_entropy"; eta > 0; epochs >= 0 gradient-descent steps
    returns {"epoch": [0, ..., epochs], "output": [a], "cost": [C]}, lists of epochs + 1
    floats, entry 0 the start. Gradients by `Network([1, 1]).backprop` (BP1-BP4).
    Raises ValueError for an unknown cost, a non-positive eta or a negative number of epochs.
    """
    check_choice(cost, NEURON_COSTS, "cost")
    eta = check_number(eta, "eta")
    epochs = check_integer(epochs, "epochs", minimum=0)
    neuron = Network([1, 1], activation="sigmoid", cost=cost)
    neuron.weights = [np.array([[float(w)]])]
    neuron.biases = [np.array([[float(b)]])]
    x, y = np.array([[NEURON_X]]), np.array([[NEURON_Y]])
    history = {"epoch": [0], "output": [neuron.feedforward(x).item()],
               "cost": [neuron.total_cost(x, y)]}
    for epoch in range(1, epochs + 1):
        nabla_b, nabla_w = neuron.backprop(x, y)
        neuron.weights = [neuron.weights[0] - eta * nabla_w[0]]
        neuron.biases = [neuron.biases[0] - eta * nabla_b[0]]
        history["epoch"].append(epoch)
        history["output"].append(neuron.feedforward(x).item())
        history["cost"].append(neuron.total_cost(x, y))
    return history


def slowdown_runs(epochs=NEURON_EPOCHS):
    """{(start label, run label): `single_neuron` history} for every start of NEURON_STARTS
    and run of NEURON_RUNS, six runs in a fixed order.

    Used in notebooks: 06.
    """
    return {(start, run): single_neuron(*NEURON_STARTS[start], *NEURON_RUNS[run], epochs=epochs)
            for start in NEURON_STARTS for run in NEURON_RUNS}


def first_epoch_below(history, level):
    """The first epoch of a `single_neuron` history whose output is below `level`, or None."""
    return next((e for e, out in zip(history["epoch"], history["output"], strict=True)
                 if out < level), None)


# --- 2. [784, 30, 10] on the shipped digits (chapters 1 and 3) ---

DIGITS_SIZES = (784, 30, 10)
DIGITS_N_TRAIN, DIGITS_N_TEST = 4000, 1000
DIGITS_EPOCHS = 10
DIGITS_MINI_BATCH = 10
DIGITS_SEED = 0  # initial weights and shuffling


@dataclass(frozen=True)
class DigitsSetup:
    """One digits set-up; diagonal_only trains with bp1.output_error_diagonal_only (only the
    terms k = j of (37)) instead of the network's default δ^L."""

    output_activation: str
    cost: str
    eta: float
    diagonal_only: bool = False

    def network(self, seed=DIGITS_SEED):
        """A fresh [784, 30, 10] Network (sigmoid hidden layer) for this set-up."""
        extra = {"output_error": bp1.output_error_diagonal_only} if self.diagonal_only else {}
        return Network(list(DIGITS_SIZES), activation="sigmoid",
                       output_activation=self.output_activation, cost=self.cost, seed=seed,
                       **extra)


DIGITS_SETUPS = {
    # chapter 1's network and learning rate
    "sigmoid + quadratic": DigitsSetup("sigmoid", "quadratic", 3.0),
    # eta from a small search (0.1-1.5, seeds 0-3): 0.7-1.0 reach 92 % within 10 epochs
    "softmax + log-likelihood": DigitsSetup("softmax", "log_likelihood", 0.7),
    # the same, with the "skip the sum" δ^L of notebook 04
    "softmax + LL, diagonal-only δ": DigitsSetup("softmax", "log_likelihood", 0.7,
                                                 diagonal_only=True),
}


def digits_data():
    """load_mnist(4000, 1000, seed=0): ((X_train (784, 4000), Y_train (10, 4000) one-hot),
    (X_test (784, 1000), labels (1000,))), one image per column."""
    return load_mnist(n_train=DIGITS_N_TRAIN, n_test=DIGITS_N_TEST, seed=DIGITS_SEED)


def train_digits(name, data=None, eta=None, epochs=DIGITS_EPOCHS, seed=DIGITS_SEED,
                 progress=False):
    """Train the set-up `name` of DIGITS_SETUPS; return (Network, `Network.sgd`'s history).

    data : `digits_data()` (loaded when None); eta : default the set-up's own; epochs >= 1;
    seed : initial weights and shuffling; progress : print one line per epoch.
    Raises ValueError for an unknown set-up name (naming the set-ups).
    Used in notebooks: 07.
    """
    setup = DIGITS_SETUPS[check_choice(name, DIGITS_SETUPS, "digits set-up")]
    eta = setup.eta if eta is None else check_number(eta, "eta")
    epochs = check_integer(epochs, "epochs", minimum=1)
    train, test = digits_data() if data is None else data
    net = setup.network(seed=seed)
    history = net.sgd(train, epochs, DIGITS_MINI_BATCH, eta, test=test, seed=seed,
                      progress=progress)
    return net, history
