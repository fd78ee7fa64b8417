"""Speed figures quoted in benchmarks/README.md (and summarised in README.md), measured side by
side in one run.

Run it with `make bench`, i.e. `.venv/bin/python benchmarks/run_benchmarks.py`
(`--repeats N` changes the number of repetitions; the default keeps the run under a few minutes).

(a) One epoch of SGD over the 4 000 shipped training digits with a [784, 30, 10] sigmoid network
    and the quadratic cost, batch sizes 10 and 100. The reference is Nielsen's per-example loop
    (his `backprop` + `update_mini_batch`, written out below). Against it: the same epoch with
    one call of the mini-batch `Network.backprop` per mini-batch and the same update (the
    headline, same work), `Network.sgd(epochs=1)` (which also evaluates the training cost once),
    and the same mini-batches in bare numpy without any checks (the ceiling of what batching
    gives). All start from the same weights and visit the examples in the same order; the script
    checks that they end with the same weights, so they do the same work.
(b) Softmax's `vjp(z, g)` against multiplying by the explicit Jacobian, `jacobian(z).T @ g`, for
    n = 10 ... 10 000: time, and peak memory (tracemalloc).
(c) Each mini-batch epoch against the summed time of the matrix products it performs (the same
    products with the same shapes, timed alone): how close the epoch is to pure BLAS cost.
(d) Both memory layouts of the training set X (Fortran-ordered, as `load_mnist` returns it, and
    C-ordered, as numpy builds arrays), at mini-batch 10 with no cost monitoring: the
    `Network.sgd` epoch against the bare-numpy mini-batch epoch, Nielsen's per-example loop,
    the same `Network.sgd` epoch run by the package as it was before the book core (commit
    BEFORE_COMMIT, taken from git; the row says "not available" without git or that commit),
    and the same epoch by PyTorch's CPU autograd in float64 (`loss.backward()` per mini-batch),
    if torch is importable (it is not a project dependency: the row then says "torch not
    installed").

Targets, judged on the medians: (a) the `Network.sgd` epoch >= 6x faster than the per-example
loop at batch 10; (b) vjp >= 100x faster at n = 10 000, memory growing as n; (d) for each layout,
the sgd epoch within 1.15x of the bare-numpy epoch, >= 6x faster than the per-example loop,
>= 2.7x faster than PyTorch, and no slower than before the book core (>= 1x).
Batch 100 in (a) and all of (c) are information only: at these sizes an epoch is dominated by
numpy's per-call overhead, which bare numpy pays too (benchmarks/README.md gives the numbers).

BLAS is pinned to one thread. Each figure is the median (and min) over several repetitions;
the variants of one comparison are timed in turn inside each repetition, so drift in the
machine's speed affects them alike. Ratios are the headline; seconds depend on the machine.

After its own sections the script runs every other `benchmarks/bench_*.py` that defines `main()`.
"""

import os

# Pin BLAS to one thread for stable figures; this must happen before numpy is imported.
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
for _var in BLAS_THREAD_VARS:
    os.environ[_var] = "1"

import argparse  # noqa: E402
import importlib  # noqa: E402
import importlib.util  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from nnhelpers.activations import softmax  # noqa: E402
from nnhelpers.data import load_mnist  # noqa: E402
from nnhelpers.network import Network  # noqa: E402

SIZES = [784, 30, 10]
ETA = 3.0  # Nielsen's learning rate for this network in chapter 1
BATCH_SIZES = (10, 100)
SOFTMAX_NS = (10, 100, 1_000, 10_000)
SEED = 0
COMMAND = ".venv/bin/python benchmarks/run_benchmarks.py   (or: make bench)"

# Targets for sections (a) and (b).
SPEEDUP_TARGET = 6.0  # per-example loop time / mini-batch time at batch 10, at least
VJP_TARGET = 100.0  # explicit-Jacobian time / vjp time at n = 10 000, at least
# Targets for section (d) (batch 10, both layouts).
LAYOUT_BATCH = 10
CEILING_TARGET = 1.15  # sgd epoch / bare-numpy epoch, at most
LOOP_TARGET = 6.0  # per-example loop / sgd epoch, at least
TORCH_TARGET = 2.7  # PyTorch autograd epoch / sgd epoch, at least
BEFORE_TARGET = 1.0  # sgd epoch before the book core / sgd epoch now, at least
# The last commit before the book core (issue 19) rewrote nnhelpers.network: section (d) times
# Network.sgd as the package was there, side by side with the package as it is now.
BEFORE_COMMIT = "c13c861"
REPO_ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------
# The reference: Nielsen's per-example backprop and update_mini_batch (network.py, chapter 1-2),
# in Python 3 with the same sigmoid network and quadratic cost. One example at a time, with the
# book's structure: zero-filled gradient lists, sigmoid_prime(z) recomputing σ, cost_derivative.
# (The mini-batch variants below take σ' from the stored activations instead.)
# ---------------------------------------------------------------------------------------------

def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _sigmoid_prime(z):
    return _sigmoid(z) * (1 - _sigmoid(z))


def nielsen_backprop(weights, biases, x, y):
    """Gradient of C_x for one example x (784, 1), y (10, 1), by BP1-BP4 (Nielsen's loop)."""
    nabla_b = [np.zeros(b.shape) for b in biases]
    nabla_w = [np.zeros(w.shape) for w in weights]
    activation = x
    activations = [x]
    zs = []
    for b, w in zip(biases, weights, strict=True):
        z = np.dot(w, activation) + b
        zs.append(z)
        activation = _sigmoid(z)
        activations.append(activation)
    delta = (activations[-1] - y) * _sigmoid_prime(zs[-1])  # (BP1), quadratic cost
    nabla_b[-1] = delta
    nabla_w[-1] = np.dot(delta, activations[-2].transpose())
    for l in range(2, len(weights) + 1):
        sp = _sigmoid_prime(zs[-l])
        delta = np.dot(weights[-l + 1].transpose(), delta) * sp  # (BP2)
        nabla_b[-l] = delta
        nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
    return nabla_b, nabla_w


def nielsen_update_mini_batch(weights, biases, batch, eta):
    """Sum the per-example gradients of `batch` (a list of (x, y)), then take one step."""
    nabla_b = [np.zeros(b.shape) for b in biases]
    nabla_w = [np.zeros(w.shape) for w in weights]
    for x, y in batch:
        delta_nabla_b, delta_nabla_w = nielsen_backprop(weights, biases, x, y)
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b, strict=True)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w, strict=True)]
    weights = [w - (eta / len(batch)) * nw for w, nw in zip(weights, nabla_w, strict=True)]
    biases = [b - (eta / len(batch)) * nb for b, nb in zip(biases, nabla_b, strict=True)]
    return weights, biases


def nielsen_epoch(weights, biases, training_data, order, mini_batch_size, eta):
    """One epoch of Nielsen's SGD over `training_data` (list of (x, y)) in the given order."""
    shuffled = [training_data[i] for i in order]
    for k in range(0, len(shuffled), mini_batch_size):
        weights, biases = nielsen_update_mini_batch(
            weights, biases, shuffled[k:k + mini_batch_size], eta
        )
    return weights, biases


def raw_minibatch_epoch(weights, biases, X, Y, order, mini_batch_size, eta):
    """The same epoch, mini-batch at a time, in bare numpy: no input checks, no (37) via bp1,
    sigmoid and quadratic cost written in. The ceiling for what batching alone can give."""
    for k in range(0, X.shape[1], mini_batch_size):
        batch = order[k:k + mini_batch_size]
        x, y = X[:, batch], Y[:, batch]
        activations = [x]
        for b, w in zip(biases, weights, strict=True):
            activations.append(_sigmoid(w @ activations[-1] + b))
        s = activations[-1]
        delta = (s - y) * s * (1 - s)  # (BP1)
        nabla_b, nabla_w = [None] * len(biases), [None] * len(weights)
        nabla_b[-1], nabla_w[-1] = delta.sum(axis=1, keepdims=True), delta @ activations[-2].T
        for l in range(2, len(weights) + 1):
            s = activations[-l]
            delta = (weights[-l + 1].T @ delta) * s * (1 - s)  # (BP2)
            nabla_b[-l] = delta.sum(axis=1, keepdims=True)  # (BP3)
            nabla_w[-l] = delta @ activations[-l - 1].T  # (BP4)
        step = eta / x.shape[1]
        weights = [w - step * nw for w, nw in zip(weights, nabla_w, strict=True)]
        biases = [b - step * nb for b, nb in zip(biases, nabla_b, strict=True)]
    return weights, biases


# ---------------------------------------------------------------------------------------------
# Timing helpers
# ---------------------------------------------------------------------------------------------

def _timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _stats(times):
    return statistics.median(times), min(times)


def _calibrate(fn, min_block=0.05):
    """How many calls of fn make a timing block of at least `min_block` seconds."""
    number = 1
    while True:
        t = _timed(lambda number=number: [fn() for _ in range(number)])
        if t >= min_block or number >= 1_000_000:
            return number
        number *= 2 if t > min_block / 10 else 10


def _peak_bytes(fn):
    """Peak memory allocated while fn runs (tracemalloc; numpy reports its buffers to it)."""
    fn()  # warm up outside the measurement
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        peak = tracemalloc.get_traced_memory()[1] - base
        del result
    finally:
        tracemalloc.stop()
    return peak


def _fmt_s(t):
    if t >= 1.0:
        return f"{t:.2f} s"
    if t >= 1e-3:
        return f"{t * 1e3:.1f} ms"
    return f"{t * 1e6:.1f} µs"


def _fmt_x(ratio):
    """A speed-up: one decimal below 10, whole numbers with thousands separators above."""
    return f"{ratio:.1f}x" if ratio < 10 else f"{ratio:,.0f}x"


def _fmt_bytes(b):
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if b >= size:
            return f"{b / size:.1f} {unit}"
    return f"{b:.0f} B"


# ---------------------------------------------------------------------------------------------
# (a) and (c): one epoch, per-example loop vs mini-batch vs the epoch's matrix products
# ---------------------------------------------------------------------------------------------

def _epoch_matmuls(X, mini_batch_size, rng):
    """A function doing exactly the matrix products of one mini-batch epoch, and nothing else.

    Per mini-batch of m columns: forward w1 @ x, w2 @ a1; BP4 delta2 @ a1.T; BP2 w2.T @ delta2;
    BP4 delta1 @ x.T. Same shapes and memory layouts (transposes are views) as in
    `Network.backprop`.
    """
    n_in, n_hidden, n_out = SIZES
    n = X.shape[1]
    w1 = rng.standard_normal((n_hidden, n_in))
    w2 = rng.standard_normal((n_out, n_hidden))
    sizes = [min(mini_batch_size, n - start) for start in range(0, n, mini_batch_size)]
    per_size = {
        m: (X[:, :m].copy(), rng.standard_normal((n_hidden, m)), rng.standard_normal((n_out, m)),
            rng.standard_normal((n_hidden, m)))
        for m in set(sizes)
    }

    def run():
        for m in sizes:
            x, a1, delta2, delta1 = per_size[m]
            w1 @ x
            w2 @ a1
            delta2 @ a1.T
            w2.T @ delta2
            delta1 @ x.T

    return run


def backprop_epoch(net, X, Y, order, mini_batch_size, eta):
    """One epoch of SGD driven by the public `Network.backprop`, one call per mini-batch.

    The same updates as Nielsen's loop (a step of eta times the mean gradient), and nothing else.
    """
    for k in range(0, X.shape[1], mini_batch_size):
        batch = order[k:k + mini_batch_size]
        nabla_b, nabla_w = net.backprop(X[:, batch], Y[:, batch])
        net.weights = [w - eta * nw for w, nw in zip(net.weights, nabla_w, strict=True)]
        net.biases = [b - eta * nb for b, nb in zip(net.biases, nabla_b, strict=True)]


VARIANTS = ("loop", "raw", "sgd", "backprop", "matmul")


def bench_epochs(X, Y, repeats):
    """Times (a) and (c): {batch size: {variant: [seconds per epoch]}}, and the agreement.

    Variants: "loop" (Nielsen's per-example loop), "raw" (mini-batches in bare numpy),
    "sgd" (`Network.sgd(epochs=1, monitor_training_cost=False)`: the same work as the loop),
    "backprop" (the public `Network.backprop` called per mini-batch, same updates),
    "matmul" (the matrix products of one mini-batch epoch, timed alone).
    """
    n = X.shape[1]
    training_data = [(X[:, [j]], Y[:, [j]]) for j in range(n)]
    start = Network(SIZES, seed=SEED)  # sigmoid + quadratic, Nielsen's chapter 1-2 network
    w0 = [w.copy() for w in start.weights]
    b0 = [b.copy() for b in start.biases]
    order = np.random.default_rng(SEED).permutation(n)  # the order Network.sgd(seed=SEED) uses
    net = Network(SIZES, seed=SEED)

    def fresh_net():
        net.weights = [w.copy() for w in w0]
        net.biases = [b.copy() for b in b0]
        return net

    # Same work: the three ways end the epoch with the same weights (up to rounding).
    agreement = {}
    for m in BATCH_SIZES:
        w_loop, b_loop = nielsen_epoch(w0, b0, training_data, order, m, ETA)
        ref = w_loop + b_loop
        scale = max(float(np.max(np.abs(p))) for p in ref)
        w_raw, b_raw = raw_minibatch_epoch(w0, b0, X, Y, order, m, ETA)
        diffs = [max(float(np.max(np.abs(p - q)))
                     for p, q in zip(ref, w_raw + b_raw, strict=True))]
        for variant in ("backprop", "sgd"):
            if variant == "backprop":
                backprop_epoch(fresh_net(), X, Y, order, m, ETA)
            else:
                fresh_net().sgd((X, Y), 1, m, ETA, seed=SEED, progress=False,
                                monitor_training_cost=False)
            diffs.append(max(float(np.max(np.abs(p - q)))
                             for p, q in zip(ref, net.weights + net.biases, strict=True)))
        if not max(diffs) <= 1e-9 * scale:
            raise RuntimeError(f"loop and mini-batch epochs disagree at batch {m}: {diffs}")
        agreement[m] = max(diffs)

    rng = np.random.default_rng(SEED)
    runs = {}
    for m in BATCH_SIZES:
        runs[m] = {
            "loop": (None, lambda m=m: nielsen_epoch(w0, b0, training_data, order, m, ETA)),
            "raw": (None, lambda m=m: raw_minibatch_epoch(w0, b0, X, Y, order, m, ETA)),
            "backprop": (fresh_net, lambda m=m: backprop_epoch(net, X, Y, order, m, ETA)),
            "sgd": (fresh_net, lambda m=m: net.sgd((X, Y), 1, m, ETA, seed=SEED,
                                                   progress=False, monitor_training_cost=False)),
            "matmul": (None, _epoch_matmuls(X, m, rng)),
        }
    times = {m: {v: [] for v in VARIANTS} for m in BATCH_SIZES}
    for _ in range(repeats):
        for m in BATCH_SIZES:
            for variant in VARIANTS:
                setup, fn = runs[m][variant]
                if setup is not None:
                    setup()
                times[m][variant].append(_timed(fn))
    return times, agreement


# ---------------------------------------------------------------------------------------------
# (d): both memory layouts, batch 10: sgd against bare numpy, the loop and PyTorch
# ---------------------------------------------------------------------------------------------

def _import_torch():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


def torch_epoch(torch, weights, biases, X, Y, order, mini_batch_size, eta):
    """The same epoch by PyTorch's CPU autograd in float64: forward pass, quadratic cost, then
    `loss.backward()` and the SGD step, one mini-batch at a time. Returns numpy arrays."""
    ws = [torch.tensor(w, requires_grad=True) for w in weights]
    bs = [torch.tensor(b, requires_grad=True) for b in biases]
    index = torch.from_numpy(order)
    X_epoch, Y_epoch = torch.from_numpy(X)[:, index], torch.from_numpy(Y)[:, index]
    for k in range(0, X.shape[1], mini_batch_size):
        x, y = X_epoch[:, k:k + mini_batch_size], Y_epoch[:, k:k + mini_batch_size]
        a = x
        for w, b in zip(ws, bs, strict=True):
            a = torch.sigmoid(w @ a + b)
        loss = 0.5 * ((a - y) ** 2).sum() / x.shape[1]  # the mean of C_x over the batch
        loss.backward()
        with torch.no_grad():
            for p in ws + bs:
                p -= eta * p.grad
                p.grad = None
    return [w.detach().numpy() for w in ws], [b.detach().numpy() for b in bs]


def _import_before():
    """nnhelpers.network as it was at BEFORE_COMMIT, imported as `nnhelpers_before.network`,
    or None (after printing why) when git or the commit is not available.

    `git archive` writes the old package into a temporary directory, renamed so that it does not
    shadow the current one (its modules import each other only relatively); the directory is
    removed once the modules are imported."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            archive = subprocess.run(["git", "archive", BEFORE_COMMIT, "nnhelpers"],
                                     cwd=REPO_ROOT, capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout,
                           capture_output=True, check=True)
        except (OSError, subprocess.CalledProcessError) as error:
            reason = getattr(error, "stderr", None) or str(error)
            if isinstance(reason, bytes):
                reason = reason.decode(errors="replace")
            reason = reason.strip().splitlines()[-1] if reason.strip() else repr(error)
            print(f"(d) the package before the book core (commit {BEFORE_COMMIT}) is not "
                  f"available ({reason}): its row says \"not available\".")
            return None
        (Path(tmp) / "nnhelpers").rename(Path(tmp) / "nnhelpers_before")
        sys.path.insert(0, tmp)
        try:
            return importlib.import_module("nnhelpers_before.network")
        finally:
            sys.path.remove(tmp)


LAYOUTS = {"Fortran-ordered X": np.asfortranarray, "C-ordered X": np.ascontiguousarray}


def bench_layouts(X, Y, repeats):
    """{layout: {variant: [seconds per epoch]}} at batch 10; variants: "loop", "raw", "sgd",
    "before" (sgd as at BEFORE_COMMIT) and "torch", the last two only when available.

    Every variant starts from the same weights and visits the examples in the same order; the
    script checks that all of them end the epoch with the same weights."""
    torch = _import_torch()
    before = _import_before()
    m, n = LAYOUT_BATCH, X.shape[1]
    start = Network(SIZES, seed=SEED)
    w0, b0 = start.weights, start.biases
    order = np.random.default_rng(SEED).permutation(n)  # the order Network.sgd(seed=SEED) uses
    nets = {"sgd": Network(SIZES, seed=SEED)}
    if before is not None:
        nets["before"] = before.Network(SIZES, seed=SEED)
    runs = {}
    for layout, arrange in LAYOUTS.items():
        XL, YL = arrange(X), arrange(Y)
        data = [(XL[:, [j]], YL[:, [j]]) for j in range(n)]

        def sgd(XL=XL, YL=YL, net=nets["sgd"]):
            # the network is made once, outside the timing, as the other variants' weights are;
            # sgd trains on copies of the weights it is given, so w0 and b0 stay as they are
            net.weights, net.biases = list(w0), list(b0)
            net.sgd((XL, YL), 1, m, ETA, seed=SEED, progress=False, monitor_training_cost=False)
            return net.weights, net.biases

        runs[layout] = {
            "loop": lambda data=data: nielsen_epoch(w0, b0, data, order, m, ETA),
            "raw": lambda XL=XL, YL=YL: raw_minibatch_epoch(w0, b0, XL, YL, order, m, ETA),
            "sgd": sgd,
        }
        if before is not None:
            runs[layout]["before"] = lambda XL=XL, YL=YL, sgd=sgd: sgd(XL, YL, nets["before"])
        if torch is not None:
            runs[layout]["torch"] = (
                lambda XL=XL, YL=YL: torch_epoch(torch, w0, b0, XL, YL, order, m, ETA))
        _check_same_weights(runs[layout], layout)
    times = {layout: {v: [] for v in runs[layout]} for layout in runs}
    for _ in range(repeats):
        for layout in runs:
            for variant, fn in runs[layout].items():
                times[layout][variant].append(_timed(fn))
    return times


def _check_same_weights(variants, layout):
    ref_w, ref_b = variants["loop"]()
    ref = ref_w + ref_b
    scale = max(float(np.max(np.abs(p))) for p in ref)
    for variant, fn in variants.items():
        w, b = fn()
        diff = max(float(np.max(np.abs(p - q))) for p, q in zip(ref, w + b, strict=True))
        if not diff <= 1e-9 * scale:
            raise RuntimeError(f"{variant} disagrees with the loop ({layout}): {diff}")


# ---------------------------------------------------------------------------------------------
# (b): softmax vjp vs explicit Jacobian
# ---------------------------------------------------------------------------------------------

def bench_softmax(repeats):
    """{n: {"vjp"/"jacobian": (per-call times, peak bytes)}} for one column z, g of length n."""
    rng = np.random.default_rng(SEED)
    results = {}
    for n in SOFTMAX_NS:
        z = rng.standard_normal((n, 1))
        g = rng.standard_normal((n, 1))
        variants = {"vjp": lambda z=z, g=g: softmax.vjp(z, g),
                    "jacobian": lambda z=z, g=g: softmax.jacobian(z).T @ g}
        ref = variants["jacobian"]()
        if not np.allclose(variants["vjp"](), ref, rtol=1e-10, atol=1e-14):
            raise RuntimeError(f"softmax vjp and jacobian(z).T @ g disagree at n = {n}")
        del ref
        numbers = {name: _calibrate(fn) for name, fn in variants.items()}
        # The n = 10 000 Jacobian takes about a second and 2.4 GB per call: fewer repeats.
        reps = {name: (min(repeats, 3) if numbers[name] == 1 and n >= 10_000 else repeats)
                for name in variants}
        times = {name: [] for name in variants}
        for r in range(max(reps.values())):
            for name, fn in variants.items():
                if r < reps[name]:
                    number = numbers[name]
                    t = _timed(lambda fn=fn, number=number: [fn() for _ in range(number)])
                    times[name].append(t / number)
        results[n] = {name: (times[name], _peak_bytes(fn)) for name, fn in variants.items()}
    return results


def _slope(xs, ys):
    """Slope of log y against log x between the last two points: 1 for O(n), 2 for O(n²)."""
    return float(np.log(ys[-1] / ys[-2]) / np.log(xs[-1] / xs[-2]))


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------

def _blas_report():
    pinned = ", ".join(f"{v}=1" for v in BLAS_THREAD_VARS)
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return f"{pinned} set before importing numpy (threadpoolctl not installed to confirm)"
    pools = [f"{p.get('internal_api')} {p.get('version')}: {p.get('num_threads')} thread(s)"
             for p in threadpool_info()]
    return f"{pinned} set before importing numpy; threadpoolctl reports " + (
        "; ".join(pools) or "no BLAS pools")


def _machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}; Python {platform.python_version()}, numpy {np.__version__}, "
            f"{platform.system()}")


LABELS = {
    "loop": "per-example loop (Nielsen's)",
    "raw": "mini-batch, bare numpy (ceiling)",
    "sgd": "mini-batch Network.sgd *",
    "backprop": "Network.backprop per batch **",
}


def report(epoch_times, agreement, softmax_results, layouts, repeats, elapsed):
    verdicts = []

    def verdict(ok, text):
        verdicts.append(f"{'PASS' if ok else 'MISS'}  {text}")

    def ratio(m, num, den):
        """(ratio of medians, ratio of mins) of two epoch variants at batch size m."""
        (nmed, nmin), (dmed, dmin) = _stats(epoch_times[m][num]), _stats(epoch_times[m][den])
        return nmed / dmed, nmin / dmin

    def cell(m, variant):
        med, low = _stats(epoch_times[m][variant])
        return f"{_fmt_s(med):>9} ({_fmt_s(low):>8})"

    def fmt_ratio(r, digits=1):
        return f"{r[0]:>5.{digits}f}x ({r[1]:>5.{digits}f}x)"

    header = "".join(f"  {'batch ' + str(m) + ':':<38}" for m in BATCH_SIZES)
    header += f"\n    {'':<33}" + f"  {'median (min)':>20}  {'ratio':>16}" * len(BATCH_SIZES)
    print("\n(a) one epoch of SGD, 4 000 digits, [784, 30, 10] sigmoid + quadratic, "
          f"eta = {ETA}; {repeats} repetitions;\n    speed-up = time of the per-example loop / "
          "time of the variant (median (min))")
    print(f"    {'variant':<33}{header}")
    speedup = {v: {m: ratio(m, "loop", v) for m in BATCH_SIZES} for v in LABELS}
    for v, label in LABELS.items():
        print(f"    {label:<33}" + "".join(
            f"  {cell(m, v):>20}  {'' if v == 'loop' else fmt_ratio(speedup[v][m]):>16}"
            for m in BATCH_SIZES))
    verdict(speedup["sgd"][10][0] >= SPEEDUP_TARGET,
            f"(a) batch  10: mini-batch epoch {speedup['sgd'][10][0]:.1f}x faster "
            f"than the per-example loop (target >= {SPEEDUP_TARGET:.0f}x)")
    print("    * Network.sgd(epochs=1, monitor_training_cost=False): checks its inputs once per "
          "call and the\n      parameters' finiteness once per epoch; no cost evaluation, as in "
          "Nielsen's loop.\n    ** the public Network.backprop, which checks its inputs and the "
          "parameters on every call.")
    print("    same work: after one epoch every variant agrees with the loop to max |Δw| = "
          + ", ".join(f"{agreement[m]:.0e} (batch {m})" for m in BATCH_SIZES))

    print("\n(c) mini-batch epoch against the matrix products it performs, timed alone "
          "(ratio = epoch / its matmuls;\n    information, no target)")
    print(f"    {'variant':<33}{header}")
    overhead = {v: {m: ratio(m, v, "matmul") for m in BATCH_SIZES}
                for v in ("raw", "sgd", "backprop")}
    rows = [("matmul", "their 5 matmuls per mini-batch", None)]
    rows += [(v, LABELS[v], overhead[v]) for v in overhead]
    for v, label, r in rows:
        print(f"    {label:<33}" + "".join(
            f"  {cell(m, v):>20}  {'' if r is None else fmt_ratio(r[m], 2):>16}"
            for m in BATCH_SIZES))

    print("\n(b) softmax: vjp(z, g) against jacobian(z).T @ g, one column of length n")
    print(f"    {'n':>6}  {'vjp time':>20}  {'Jacobian time':>20}  {'speed-up':>8}  "
          f"{'vjp peak':>9}  {'Jacobian peak':>13}")
    ns = list(softmax_results)
    mem = {"vjp": [], "jacobian": []}
    vjp_speedup = {}
    for n in ns:
        (vt, vmem), (jt, jmem) = softmax_results[n]["vjp"], softmax_results[n]["jacobian"]
        vmed, vmin = _stats(vt)
        jmed, jmin = _stats(jt)
        vjp_speedup[n] = (jmed / vmed, jmin / vmin)
        mem["vjp"].append(vmem)
        mem["jacobian"].append(jmem)
        print(f"    {n:>6}  {_fmt_s(vmed):>9} ({_fmt_s(vmin):>8})  "
              f"{_fmt_s(jmed):>9} ({_fmt_s(jmin):>8})  {_fmt_x(vjp_speedup[n][0]):>8}  "
              f"{_fmt_bytes(vmem):>9}  {_fmt_bytes(jmem):>13}")
    vslope, jslope = _slope(ns, mem["vjp"]), _slope(ns, mem["jacobian"])
    print(f"    peak memory grows as n^{vslope:.2f} for vjp and n^{jslope:.2f} for the Jacobian "
          f"(from n = {ns[-2]} to {ns[-1]}); {mem['vjp'][-1] / ns[-1]:.0f} bytes per n for vjp, "
          f"{mem['jacobian'][-1] / ns[-1] ** 2:.1f} bytes per n² for the Jacobian")
    big = ns[-1]
    verdict(vjp_speedup[big][0] >= VJP_TARGET,
            f"(b) n = {big}: vjp {vjp_speedup[big][0]:.0f}x faster than the explicit Jacobian "
            f"(target >= {VJP_TARGET:.0f}x)")
    verdict(vslope < 1.25 and jslope > 1.75,
            f"(b) peak memory grows as n^{vslope:.2f} for vjp (target: as n) and "
            f"n^{jslope:.2f} for the Jacobian")

    layout_md = report_layouts(layouts, verdict)

    print("\nTargets, judged on medians:")
    for line in verdicts:
        print("    " + line)

    # Markdown for benchmarks/README.md: ratios first; seconds only beside them.
    def per_batch(values):
        return " | ".join(values) + " |"

    md = [
        "<!-- benchmark figures: generated by benchmarks/run_benchmarks.py -->",
        f"Measured with `{COMMAND.split('   ')[0]}` (or `make bench`): BLAS pinned to one "
        f"thread, **median** (min) of {repeats} repetitions, the variants timed in turn; "
        f"{_machine()}.",
        "",
        "| one epoch of SGD over the 4 000 shipped digits, [784, 30, 10] | batch 10 | batch 100 |",
        "|---|---|---|",
        f"| mini-batch `Network.sgd` epoch vs Nielsen's per-example loop: speed-up "
        f"(target ≥ {SPEEDUP_TARGET:.0f}x at batch 10) | "
        + per_batch(f"**{speedup['sgd'][m][0]:.1f}x** ({speedup['sgd'][m][1]:.1f}x)"
                    for m in BATCH_SIZES),
        "| the same mini-batches in bare numpy (no checks; the ceiling) vs the loop | "
        + per_batch(f"{speedup['raw'][m][0]:.1f}x ({speedup['raw'][m][1]:.1f}x)"
                    for m in BATCH_SIZES),
        "| the public `Network.backprop` called per mini-batch (checks every call) vs the loop | "
        + per_batch(f"{speedup['backprop'][m][0]:.1f}x ({speedup['backprop'][m][1]:.1f}x)"
                    for m in BATCH_SIZES),
        "| mini-batch `Network.sgd` epoch / its matrix products timed alone | "
        + per_batch(f"{overhead['sgd'][m][0]:.2f}x ({overhead['sgd'][m][1]:.2f}x)"
                    for m in BATCH_SIZES),
        "| bare-numpy mini-batch epoch / its matrix products timed alone | "
        + per_batch(f"{overhead['raw'][m][0]:.2f}x ({overhead['raw'][m][1]:.2f}x)"
                    for m in BATCH_SIZES),
        "",
        "| softmax, one column of length n | " + " | ".join(f"n = {n:,}" for n in ns) + " |",
        "|---|" + "---|" * len(ns),
        f"| `vjp(z, g)` vs `jacobian(z).T @ g`: speed-up (target ≥ {VJP_TARGET:.0f}x at "
        f"n = {ns[-1]:,}) | "
        + per_batch(f"**{_fmt_x(vjp_speedup[n][0])}** ({_fmt_x(vjp_speedup[n][1])})"
                    for n in ns),
        "| peak memory, `vjp` | " + per_batch(_fmt_bytes(b) for b in mem["vjp"]),
        "| peak memory, explicit Jacobian | " + per_batch(_fmt_bytes(b) for b in mem["jacobian"]),
        "",
        *layout_md,
        "",
        f"Peak memory grows as n^{vslope:.2f} for `vjp` and as n^{jslope:.2f} for the explicit "
        "Jacobian. Targets of issues 2, 11 and 19, judged on the medians:",
        "",
        *(f"- {v[:4]}: {v[6:]}" for v in verdicts),
    ]
    print("\nMarkdown for benchmarks/README.md:\n")
    print("\n".join(md))
    print(f"\nBLAS: {_blas_report()}")
    print(f"Machine: {_machine()}")
    print(f"Own sections took {elapsed:.0f} s.")
    _load_report()


def report_layouts(times, verdict):
    """Print section (d), record its verdicts, and return its Markdown table's lines."""
    def ratio(layout, num, den):
        (nmed, nmin), (dmed, dmin) = _stats(times[layout][num]), _stats(times[layout][den])
        return nmed / dmed, nmin / dmin

    rows = [  # (label, numerator, denominator, target, at least?)
        ("`Network.sgd` epoch / bare-numpy epoch", "sgd", "raw", CEILING_TARGET, False),
        ("Nielsen's per-example loop / `Network.sgd` epoch", "loop", "sgd", LOOP_TARGET, True),
        (f"`Network.sgd` before the book core ({BEFORE_COMMIT}) / now", "before", "sgd",
         BEFORE_TARGET, True),
        ("PyTorch CPU autograd (float64) / `Network.sgd` epoch", "torch", "sgd", TORCH_TARGET,
         True),
    ]
    missing = {"before": "not available", "torch": "torch not installed"}
    print(f"\n(d) one epoch at batch {LAYOUT_BATCH}, no cost monitoring, by memory layout of X "
          "(median (min) seconds)")
    for layout in times:
        print(f"    {layout}: " + ", ".join(
            f"{v} {_fmt_s(_stats(t)[0])} ({_fmt_s(_stats(t)[1])})"
            for v, t in times[layout].items()))
    md = [f"| one epoch at batch {LAYOUT_BATCH}, no cost monitoring | "
          + " | ".join(times) + " | target |", "|---|" + "---|" * (len(times) + 1)]
    for label, num, den, target, at_least in rows:
        bound = f"{'≥' if at_least else '≤'} {target:g}x"
        if any(num not in variants for variants in times.values()):
            print(f"    {label.replace('`', '')}: {missing[num]}, row skipped")
            md.append(f"| {label} | " + " | ".join(missing[num] for _ in times)
                      + f" | {bound} |")
            continue
        cells = []
        for layout in times:
            r = ratio(layout, num, den)
            ok = r[0] >= target if at_least else r[0] <= target
            verdict(ok, f"(d) {layout}: {label.replace('`', '')} = {r[0]:.2f}x "
                        f"(target {bound})")
            cells.append(f"**{r[0]:.2f}x** ({r[1]:.2f}x)")
        print(f"    {label.replace('`', '')}: " + ", ".join(
            f"{layout} {c.replace('**', '')}" for layout, c in zip(times, cells, strict=True)))
        md.append(f"| {label} | " + " | ".join(cells) + f" | {bound} |")
    return md


def _load_report():
    """Say whether other processes competed for the CPU (their load makes the figures noisy)."""
    if not hasattr(os, "getloadavg"):
        return
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    print(f"Load average (1 min) at the end: {load:.1f} on {cpus} CPU(s).", end=" ")
    if load > cpus - 0.5:
        print("Other processes were competing for the CPU: the figures are noisy; for the "
              "README, re-run on an otherwise idle machine.")
    else:
        print("The machine was otherwise idle.")


def run_other_benchmarks():
    """Run main() of every other benchmarks/bench_*.py, in name order. Returns failures."""
    failures = 0
    for path in sorted(Path(__file__).resolve().parent.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(f"benchmarks_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            main = getattr(module, "main", None)
            if not callable(main):
                continue
            print(f"\n=== benchmarks/{path.name} ===")
            main()
        except Exception:
            failures += 1
            print(f"\n{path.name} failed:", file=sys.stderr)
            traceback.print_exc()
    return failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9,
                        help="repetitions per measurement (default 9)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")

    print(f"Command: {COMMAND}")
    print(f"BLAS: {_blas_report()}")
    if hasattr(os, "getloadavg"):
        print(f"Load average (1 min) at the start: {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} CPU(s)")
    t0 = time.perf_counter()
    (X, Y), _ = load_mnist()
    epoch_times, agreement = bench_epochs(X, Y, args.repeats)
    softmax_results = bench_softmax(args.repeats)
    layouts = bench_layouts(X, Y, args.repeats)
    report(epoch_times, agreement, softmax_results, layouts, args.repeats,
           time.perf_counter() - t0)
    return 1 if run_other_benchmarks() else 0


if __name__ == "__main__":
    sys.exit(main())
