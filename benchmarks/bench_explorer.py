"""How long the Jacobian explorer (notebook 05) takes to answer each kind of change.

    .venv/bin/python benchmarks/bench_explorer.py [--updates 40] [--n 4]

Times the whole callback a change triggers, as in JupyterLab: the observe callback runs
`JacobianExplorer.update()`, which recomputes a, J, the terms of (37), δ by (37) and by (36),
the figure's scene (the numbers, colours and ticks the browser draws) and the readout. Four
kinds of change, each `--updates` times:

    logit   slider z_1 down one step (0.1) at a time and back up, as with the arrow keys
    j       the output neuron j, cycling through 1..n
    target  the target class, cycling through 1..n
    cost    the cost, cycling quadratic, cross-entropy, log-likelihood (the bars of (37) change
            scale)

Target: the median of every kind under 100 ms for n = 4. Prints the median per kind.
"""

import argparse
import os
import statistics
import time

from nnhelpers.widgets import jacobian_explorer

TARGET_MS = 100.0
COSTS = ("quadratic", "cross_entropy", "log_likelihood")


def _changes(explorer, kind, updates):
    """The `updates` changes of one kind, as functions that set one control as the browser does."""
    if kind == "logit":
        start = list(explorer.view.positions)
        half = (updates + 1) // 2  # down, then back up: no two steps alike, odd or even
        offsets = [i + 1 if i < half else updates - i - 1 for i in range(updates)]

        def move(offset):  # slider z_1 `offset` steps of 0.1 below where it started
            positions = list(start)
            positions[0] = max(start[0] - offset, explorer.view.limits[0])
            explorer.view.positions = positions

        return [lambda o=o: move(o) for o in offsets]
    cycle = {"j": list(range(explorer.n)), "target": list(range(explorer.n)),
             "cost": list(COSTS)}[kind]
    start = cycle.index(getattr(explorer, kind))
    return [lambda i=i: setattr(explorer, kind, cycle[(start + i + 1) % len(cycle)])
            for i in range(updates)]


def measure(n=4, updates=40, kinds=("logit", "j", "target", "cost")):
    """Callback times in ms per kind of change: {kind: [ms, ...]}."""
    explorer = jacobian_explorer(n=n)
    times = {}
    for kind in kinds:
        times[kind] = []
        for change in _changes(explorer, kind, updates):
            count = explorer.update_count
            t0 = time.perf_counter()
            change()  # the observe callback runs update()
            times[kind].append(1000 * (time.perf_counter() - t0))
            assert explorer.update_count == count + 1, f"a {kind} change did not update once"
    explorer.close()
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=40)
    parser.add_argument("--n", type=int, default=4)
    args = parser.parse_args(argv if argv is not None else [])
    jacobian_explorer(n=args.n).close()  # warm up: imports, font cache, first layout
    times = measure(args.n, args.updates)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Jacobian explorer, n = {args.n}: {args.updates} changes of each kind, load average "
          f"{load:.1f} on {os.cpu_count()} CPUs")
    medians = {}
    for kind, values in times.items():
        medians[kind] = statistics.median(values)
        verdict = "PASS" if medians[kind] < TARGET_MS else "MISS"
        print(f"  {kind:7s} median {medians[kind]:5.1f} ms  (min {min(values):5.1f}, "
              f"max {max(values):5.1f})  {verdict} against {TARGET_MS:.0f} ms")
    return medians


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
