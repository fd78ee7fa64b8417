"""How long the Jacobian explorer (notebook 05) takes to answer a slider move.

    .venv/bin/python benchmarks/bench_explorer.py [--updates 50] [--n 4]

Times the whole callback a slider move triggers, as in JupyterLab: the observe callback runs
`JacobianExplorer.update()`, which recomputes a, J, the terms of (37), δ by (37) and by (36),
redraws the figure and encodes the PNG the Output widget shows. The slider z_1 sweeps down and
back up one step (0.1) at a time, as with the arrow keys; a few moves cross a scale of the
bars and redraw the whole figure, as they would for a learner. Target (issue 4): median under
100 ms for n = 4. Also run by benchmarks/run_benchmarks.py.
"""

import argparse
import os
import statistics
import time

from nnhelpers.widgets import jacobian_explorer

TARGET_MS = 100.0


def measure(n=4, updates=50):
    """Callback times in ms for `updates` slider moves; returns (times, full redraws)."""
    explorer = jacobian_explorer(n=n)
    slider = explorer.sliders[0]
    values = [value for _, value in slider.options]  # the slider's positions, steps of 0.1
    start = values.index(slider.value)
    times = []
    full_before = explorer.full_redraws
    for i in range(updates):
        # down one step at a time and back up: z_1 from 1.5 to -1.0 and back for 50 updates
        offset = i + 1 if i < updates // 2 else updates - i - 1
        t0 = time.perf_counter()
        slider.value = values[max(start - offset, 0)]  # the observe callback runs update()
        times.append(1000 * (time.perf_counter() - t0))
    full = explorer.full_redraws - full_before
    explorer.close()
    return times, full


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=50)
    parser.add_argument("--n", type=int, default=4)
    args = parser.parse_args(argv if argv is not None else [])
    jacobian_explorer(n=args.n).close()  # warm up: imports, font cache, first layout
    times, full = measure(args.n, args.updates)
    median = statistics.median(times)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Jacobian explorer, n = {args.n}: {len(times)} slider moves "
          f"({full} of them redrew the whole figure), load average {load:.1f} on "
          f"{os.cpu_count()} CPUs")
    print(f"  callback time: median {median:.1f} ms, min {min(times):.1f} ms, "
          f"max {max(times):.1f} ms")
    verdict = "PASS" if median < TARGET_MS else "MISS"
    print(f"  {verdict}: median {median:.1f} ms against the target of {TARGET_MS:.0f} ms")
    return median


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
