"""The results quoted in the README: the learning slowdown (notebook 06) and the digits (07).

    .venv/bin/python benchmarks/results.py

(1) Nielsen's chapter 3 neuron (input 1, target 0), 300 epochs of gradient descent from
    w = 0.6, b = 0.9 and from w = b = 2: the output after 300 epochs and the first epoch with
    output below 0.5, for the quadratic cost (eta 0.15) and cross-entropy (eta 0.005, the book's,
    and eta 0.15, the same as the quadratic runs).
(2) [784, 30, 10] on the shipped digits (4 000 train / 1 000 test), 10 epochs, mini-batches of 10,
    same seed: sigmoid + quadratic (eta 3.0), softmax + log-likelihood (eta 0.7), and softmax +
    log-likelihood with the diagonal-only δ^L (eta 0.7). Final and best test accuracy.

Runs in about 10-20 s. The accuracies can differ by a few tenths of a percent on another BLAS.
"""

import time

import numpy as np

from nnhelpers import bp1
from nnhelpers.data import load_mnist
from nnhelpers.network import Network


def neuron_outputs(w, b, cost, eta, epochs=300):
    """Outputs a(0), ..., a(epochs) of one sigmoid neuron (x = 1, y = 0) trained with backprop."""
    net = Network([1, 1], cost=cost)
    net.weights, net.biases = [np.array([[w]])], [np.array([[b]])]
    x, y = np.array([[1.0]]), np.array([[0.0]])
    outputs = [net.feedforward(x).item()]
    for _ in range(epochs):
        nabla_b, nabla_w = net.backprop(x, y)
        net.weights = [net.weights[0] - eta * nabla_w[0]]
        net.biases = [net.biases[0] - eta * nabla_b[0]]
        outputs.append(net.feedforward(x).item())
    return outputs


def slowdown():
    print("(1) Nielsen's single neuron, input 1, target 0, 300 epochs")
    print(f"    {'start':18s} {'cost, eta':24s} {'a(0)':>6s} {'a(300)':>7s}"
          f" {'epochs to a < 0.5':>18s}")
    for w, b in ((0.6, 0.9), (2.0, 2.0)):
        for cost, eta in (("quadratic", 0.15), ("cross_entropy", 0.005), ("cross_entropy", 0.15)):
            out = neuron_outputs(w, b, cost, eta)
            below = next((str(i) for i, a in enumerate(out) if a < 0.5), "never")
            run = f"{cost}, {eta}"
            print(f"    w = {w}, b = {b}   {run:24s} {out[0]:6.3f} {out[-1]:7.3f} {below:>18s}")


def digits(epochs=10):
    print(f"\n(2) [784, 30, 10] on 4 000 / 1 000 shipped digits, {epochs} epochs, "
          "mini-batch 10, seed 0")
    train, test = load_mnist(n_train=4000, n_test=1000, seed=0)
    setups = {
        "sigmoid + quadratic, eta 3.0": (dict(cost="quadratic"), 3.0),
        "softmax + log-likelihood, eta 0.7": (
            dict(output_activation="softmax", cost="log_likelihood"), 0.7),
        "softmax + LL, diagonal-only delta, eta 0.7": (
            dict(output_activation="softmax", cost="log_likelihood",
                 output_error=bp1.output_error_diagonal_only), 0.7),
    }
    print(f"    {'set-up':44s} {'final':>7s} {'best (epoch)':>14s} {'final cost':>11s}")
    for name, (kwargs, eta) in setups.items():
        net = Network([784, 30, 10], seed=0, **kwargs)
        h = net.sgd(train, epochs, 10, eta, test=test, seed=0, progress=False)
        acc = h["test_accuracy"]
        best = int(np.argmax(acc))
        print(f"    {name:44s} {acc[-1]:7.1%} {acc[best]:7.1%} ({best + 1:2d})"
              f" {h['train_cost'][-1]:11.3f}")


def main():
    start = time.perf_counter()
    slowdown()
    digits()
    print(f"\n(took {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
