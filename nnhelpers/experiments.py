"""The course's two experiments, defined once for notebooks, tests and benchmarks/results.py.

NEURON_*: Nielsen's chapter-3 neuron (BP1's σ'(z) slows a saturated start). DIGITS_*: the digits.

Used in notebooks: 06, 07.
"""

from dataclasses import dataclass

import numpy as np

from . import bp1
from .data import load_mnist
from .network import Network
from .validation import check_choice, check_integer, check_number

NEURON_X = 1.0  # the one input x
NEURON_Y = 0.0  # the target y
NEURON_EPOCHS = 300
NEURON_STARTS = {"w = 0.6, b = 0.9": (0.6, 0.9),  # a = σ(1.5) ≈ 0.82
                 "w = b = 2.0": (2.0, 2.0)}  # a = σ(4) ≈ 0.98: saturated and badly wrong
NEURON_RUNS = {"quadratic, η = 0.15": ("quadratic", 0.15),  # the book's quadratic runs
               "cross-entropy, η = 0.005": ("cross_entropy", 0.005),  # the book's cross-entropy η
               "cross-entropy, η = 0.15": ("cross_entropy", 0.15)}  # same η as quadratic: fair
DIGITS_EPOCHS = 10
DIGITS_MINI_BATCH = 10
DIGITS_SEED = 0  # initial weights and shuffling


def single_neuron(w, b, cost, eta, epochs=NEURON_EPOCHS):
    """Train Nielsen's chapter-3 neuron (x = 1, y = 0) from weight w and bias b, with gradients
    by `Network([1, 1]).backprop` (BP1-BP4): cost "quadratic" or "cross_entropy", eta > 0,
    epochs >= 0 steps. Returns {"epoch": [0, ..., epochs], "output": [a], "cost": [C]}, entry 0
    the start. Raises ValueError for an unknown cost, eta <= 0 or epochs < 0."""
    check_choice(cost, ("quadratic", "cross_entropy"), "cost")
    eta = check_number(eta, "eta")
    epochs = check_integer(epochs, "epochs", minimum=0)
    neuron = Network([1, 1], activation="sigmoid", cost=cost)
    neuron.weights[0][0, 0], neuron.biases[0][0, 0] = w, b
    x, y = np.array([[NEURON_X]]), np.array([[NEURON_Y]])
    history = {"epoch": list(range(epochs + 1)), "output": [], "cost": []}
    for _ in history["epoch"]:  # record, then step (the step after the last record goes unused)
        history["output"].append(neuron.feedforward(x).item())
        history["cost"].append(neuron.total_cost(x, y))
        nabla_b, nabla_w = neuron.backprop(x, y)
        neuron.weights[0] -= eta * nabla_w[0]
        neuron.biases[0] -= eta * nabla_b[0]
    return history


def slowdown_runs():
    """{(start label, run label): `single_neuron` history}, NEURON_STARTS × NEURON_RUNS in order.
    Used in notebooks: 06."""
    return {(start, run): single_neuron(*NEURON_STARTS[start], *NEURON_RUNS[run])
            for start in NEURON_STARTS for run in NEURON_RUNS}


def first_epoch_below(history, level):
    """The first epoch of a `single_neuron` history whose output is below `level`, or None."""
    return next((epoch for epoch, a in enumerate(history["output"]) if a < level), None)


@dataclass(frozen=True)
class DigitsSetup:
    """One digits set-up; diagonal_only: δ^L by bp1.output_error_diagonal_only (k = j of (37))."""

    output_activation: str
    cost: str
    eta: float
    diagonal_only: bool = False

    def network(self):
        """A fresh [784, 30, 10] Network (sigmoid hidden layer, seed 0) for this set-up."""
        return Network([784, 30, 10], activation="sigmoid",
                       output_activation=self.output_activation, cost=self.cost, seed=DIGITS_SEED,
                       output_error=bp1.output_error_diagonal_only if self.diagonal_only else None)


# eta: chapter 1's 3.0; 0.7 from a search over 0.1-1.5, seeds 0-3 (0.7-1.0 reach 92 % in 10 epochs)
DIGITS_SETUPS = {
    "sigmoid + quadratic": DigitsSetup("sigmoid", "quadratic", 3.0),
    "softmax + log-likelihood": DigitsSetup("softmax", "log_likelihood", 0.7),
    "softmax + LL, diagonal-only δ": DigitsSetup("softmax", "log_likelihood", 0.7,
                                                 diagonal_only=True),
}


def digits_data():
    """load_mnist(4000, 1000, seed=0): ((X_train (784, 4000), Y_train (10, 4000) one-hot),
    (X_test (784, 1000), labels (1000,))), one image per column."""
    return load_mnist(n_train=4000, n_test=1000, seed=DIGITS_SEED)


def train_digits(name, data, eta=None, epochs=DIGITS_EPOCHS, progress=False):
    """Train the set-up `name` of DIGITS_SETUPS on `data` = `digits_data()`: (Network, the
    history `Network.sgd` returns). eta > 0, default the set-up's own; epochs >= 1; progress:
    print one line per epoch. Raises ValueError for an unknown set-up (naming them).
    Used in notebooks: 07."""
    setup = DIGITS_SETUPS[check_choice(name, DIGITS_SETUPS, "digits set-up")]
    net = setup.network()
    return net, net.sgd(data[0], epochs, DIGITS_MINI_BATCH, setup.eta if eta is None else eta,
                        test=data[1], seed=DIGITS_SEED, progress=progress)
