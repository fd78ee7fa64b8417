"""The shipped MNIST digits: 5 000 images, 500 of each class (data/README.md has the credit).

`load_mnist` reads the package data file nnhelpers/mnist_5k.csv.gz (found with importlib.resources,
so a wheel carries it; gzip CSV: 784 pixels 0-255, then the label), checks its sha256, shuffles
with a seeded Generator and splits; nothing is unpickled or downloaded.

Used in notebooks: none.
Notebook 07 loads the digits through `nnhelpers.experiments.digits_data`.
"""

import gzip
import hashlib
from importlib import resources
from pathlib import Path

import numpy as np

from .validation import check_integer

SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"
DEFAULT_PATH = resources.files(__package__) / "mnist_5k.csv.gz"  # in a clone or site-packages
N_EXAMPLES, N_PIXELS, N_CLASSES = 5000, 784, 10
_CACHE = {}
RESTORE = ("restore the shipped nnhelpers/mnist_5k.csv.gz: in a clone with `git checkout -- "
           "nnhelpers/mnist_5k.csv.gz`, else by adding --force-reinstall to the pip install of "
           "nnhelpers you used")


def _read(path):
    """(pixels (5000, 784) uint8, labels (5000,) int64) from the checked file, cached."""
    if not path.is_file():
        raise FileNotFoundError(f"MNIST file not found at {path}: {RESTORE}, or pass path=...")
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SHA256:
        raise ValueError(f"MNIST file {path} is corrupt or not the shipped one: sha256 {digest}, "
                         f"expected {SHA256} (data/README.md): {RESTORE}")
    if digest not in _CACHE:
        table = np.loadtxt(gzip.decompress(raw).decode("ascii").splitlines(), delimiter=",",
                           dtype=np.int64)  # (5000, 785): the sha256 above fixes the shape
        _CACHE[digest] = (table[:, :N_PIXELS].astype(np.uint8), table[:, N_PIXELS])
    return _CACHE[digest]


def one_hot(labels, n_classes=N_CLASSES):
    """(n_classes, n) one-hot columns for integer labels of shape (n,)."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a 1-d integer array, got shape {labels.shape}, "
                         f"dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, got "
                         f"{labels.min()}..{labels.max()}")
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def load_mnist(n_train=4000, n_test=1000, seed=0, path=None):
    """Shuffled, split digits: ((X_train, Y_train), (X_test, labels_test)); `seed` fixes the
    shuffle, n_train + n_test <= 5 000.

    X_train (784, n_train) float64 in [0, 1], one image per column (row-major 28 x 28);
    Y_train (10, n_train) one-hot; X_test (784, n_test); labels_test (n_test,) int64 in 0..9
    """
    n_train = check_integer(n_train, "n_train", minimum=0)
    n_test = check_integer(n_test, "n_test", minimum=0)
    if n_train + n_test > N_EXAMPLES:
        raise ValueError(f"n_train + n_test must be at most {N_EXAMPLES}, got {n_train + n_test}")
    pixels, labels = _read(DEFAULT_PATH if path is None else Path(path))
    order = np.random.default_rng(seed).permutation(N_EXAMPLES)
    train, test = order[:n_train], order[n_train:n_train + n_test]
    return ((pixels[train].T / 255.0, one_hot(labels[train])),
            (pixels[test].T / 255.0, labels[test].copy()))
