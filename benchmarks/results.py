"""The results quoted in the README: the learning slowdown (notebook 06) and the digits (07).

    .venv/bin/python benchmarks/results.py

Both experiments are defined once in `nnhelpers.experiments` (the notebooks and
tests/test_training.py run the same code):

(1) Nielsen's chapter 3 neuron (input 1, target 0), 300 epochs of gradient descent from
    w = 0.6, b = 0.9 and from w = b = 2: the output after 300 epochs and the first epoch with
    output below 0.5, for the quadratic cost (eta 0.15) and cross-entropy (eta 0.005, the book's,
    and eta 0.15, the same as the quadratic runs).
(2) [784, 30, 10] on the shipped digits (4 000 train / 1 000 test), 10 epochs, mini-batches of 10,
    same seed: the set-ups of `experiments.DIGITS_SETUPS`. Final and best test accuracy, and the
    diagonal-only δ^L at three learning rates.

Runs in about 10 s. The accuracies can differ by a few tenths of a percent on another BLAS.
"""

import time

import numpy as np

from nnhelpers import experiments as ex

DIAGONAL_ONLY = "softmax + LL, diagonal-only δ"
DIAGONAL_ONLY_ETAS = (0.1, 0.7, 3.0)


def slowdown():
    print(f"(1) Nielsen's single neuron, input 1, target 0, {ex.NEURON_EPOCHS} epochs")
    print(f"    {'start':18s} {'cost, eta':26s} {'a(0)':>6s} {'a(300)':>7s}"
          f" {'epochs to a < 0.9':>18s} {'epochs to a < 0.5':>18s}")
    for (start, run), history in ex.slowdown_runs().items():
        out = history["output"]
        below = [ex.first_epoch_below(history, level) for level in (0.9, 0.5)]
        below = ["never" if e is None else str(e) for e in below]
        print(f"    {start:18s} {run:26s} {out[0]:6.3f} {out[-1]:7.3f} {below[0]:>18s}"
              f" {below[1]:>18s}")


def digits():
    print(f"\n(2) [784, 30, 10] on 4 000 / 1 000 shipped digits, {ex.DIGITS_EPOCHS} epochs, "
          f"mini-batch {ex.DIGITS_MINI_BATCH}, seed {ex.DIGITS_SEED}")
    data = ex.digits_data()
    print(f"    {'set-up':32s} {'eta':>5s} {'final':>7s} {'best (epoch)':>14s} {'final cost':>11s}")
    runs = [(name, setup.eta) for name, setup in ex.DIGITS_SETUPS.items()]
    runs += [(DIAGONAL_ONLY, eta) for eta in DIAGONAL_ONLY_ETAS
             if eta != ex.DIGITS_SETUPS[DIAGONAL_ONLY].eta]
    for name, eta in runs:
        _, h = ex.train_digits(name, data, eta=eta)
        acc = h["test_accuracy"]
        best = int(np.argmax(acc))
        print(f"    {name:32s} {eta:5.1f} {acc[-1]:7.1%} {acc[best]:7.1%} ({best + 1:2d})"
              f" {h['train_cost'][-1]:11.3f}")


def main():
    start = time.perf_counter()
    slowdown()
    digits()
    print(f"\n(took {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
