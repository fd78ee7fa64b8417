"""data.load_mnist and data.one_hot: shapes, ranges, determinism, integrity checks, bad input."""

import gzip
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import nnhelpers
from nnhelpers import data
from nnhelpers.data import load_mnist, one_hot

SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"  # data/README.md
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def default_split():
    return load_mnist()


def test_the_shipped_file_is_the_documented_one():
    raw = data.DEFAULT_PATH.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SHA256
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert SHA256 in readme and "`nnhelpers/mnist_5k.csv.gz`" in readme


def test_the_digits_are_package_data_beside_the_modules():
    """Inside the package, so the wheel carries them (tests/test_wheel.py installs it)."""
    package = Path(nnhelpers.__file__).parent
    assert Path(data.DEFAULT_PATH) == package / "mnist_5k.csv.gz"
    assert (ROOT / "nnhelpers" / "mnist_5k.csv.gz").is_file()
    assert not (ROOT / "data" / "mnist_5k.csv.gz").exists()


def test_shapes_dtypes_and_ranges(default_split):
    (X, Y), (X_test, labels) = default_split
    assert X.shape == (784, 4000) and Y.shape == (10, 4000)
    assert X_test.shape == (784, 1000) and labels.shape == (1000,)
    assert X.dtype == X_test.dtype == Y.dtype == np.float64
    assert np.issubdtype(labels.dtype, np.integer)
    for pixels in (X, X_test):
        assert pixels.min() == 0.0 and pixels.max() == 1.0
        # 256 grey levels scaled to [0, 1]
        np.testing.assert_allclose(pixels * 255, np.round(pixels * 255), atol=1e-9)
    assert set(np.unique(labels)) == set(range(10))


def test_targets_are_one_hot_columns(default_split):
    (_, Y), _ = default_split
    assert set(np.unique(Y)) == {0.0, 1.0}
    np.testing.assert_array_equal(Y.sum(axis=0), 1.0)
    # 500 of each digit in the file: a random 4000 of them hold roughly 400 per class
    counts = Y.sum(axis=1)
    assert counts.sum() == 4000 and np.all((counts > 300) & (counts < 500))


def test_images_look_like_digits(default_split):
    """Mean image: ink in the centre of the 28 x 28 frame, none in the corners."""
    (X, _), _ = default_split
    mean = X.mean(axis=1).reshape(28, 28)
    assert mean[10:18, 10:18].mean() > 0.2
    assert mean[:3, :3].max() == 0.0 and mean[-3:, -3:].max() == 0.0


def read_table():
    """The raw table, parsed here independently of nnhelpers: (pixels uint8, labels)."""
    text = gzip.decompress(data.DEFAULT_PATH.read_bytes()).decode("ascii")
    lines = text.splitlines()
    table = np.array(",".join(lines).split(","), dtype=np.int64).reshape(len(lines), -1)
    return table[:, :784], table[:, 784]


def test_every_split_example_is_a_row_of_the_file_with_its_label():
    pixels, file_labels = read_table()
    assert pixels.shape == (5000, 784)
    assert np.bincount(file_labels).tolist() == [500] * 10
    rows = {row.tobytes(): label for row, label in zip(pixels.astype(np.uint8), file_labels,
                                                       strict=True)}
    (X, Y), (X_test, labels) = load_mnist(n_train=50, n_test=50, seed=3)
    for i in range(50):
        key = np.round(X[:, i] * 255).astype(np.uint8).tobytes()
        assert rows[key] == int(np.argmax(Y[:, i]))
        key = np.round(X_test[:, i] * 255).astype(np.uint8).tobytes()
        assert rows[key] == labels[i]


def test_train_and_test_are_disjoint_and_cover_the_file_when_all_are_used():
    (X, _), (X_test, _) = load_mnist(n_train=4000, n_test=1000, seed=0)
    train = {col.tobytes() for col in X.T}
    test = {col.tobytes() for col in X_test.T}
    # the file's images are distinct, so disjoint sets of images mean disjoint examples
    assert len(train | test) == 5000
    assert not train & test


@pytest.mark.parametrize("n_train, n_test", [(10, 5), (0, 7), (3, 0), (5000, 0), (2500, 2500)])
def test_sizes_are_respected(n_train, n_test):
    (X, Y), (X_test, labels) = load_mnist(n_train=n_train, n_test=n_test)
    assert X.shape == (784, n_train) and Y.shape == (10, n_train)
    assert X_test.shape == (784, n_test) and labels.shape == (n_test,)


def test_deterministic_per_seed_and_different_across_seeds():
    (a, ya), (at, la) = load_mnist(n_train=100, n_test=50, seed=1)
    (b, yb), (bt, lb) = load_mnist(n_train=100, n_test=50, seed=1)
    (c, _), (_, lc) = load_mnist(n_train=100, n_test=50, seed=2)
    for p, q in ((a, b), (ya, yb), (at, bt), (la, lb)):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a, c)
    assert not np.array_equal(la, lc)


def test_returned_arrays_are_independent_of_the_cache():
    (X, Y), (_, labels) = load_mnist(n_train=5, n_test=5, seed=0)
    X[:] = -1.0
    labels[:] = 99
    (X2, _), (_, labels2) = load_mnist(n_train=5, n_test=5, seed=0)
    assert X2.min() >= 0.0 and labels2.max() <= 9


def test_explicit_path_to_a_copy_works(tmp_path):
    copy = tmp_path / "digits.csv.gz"
    shutil.copyfile(data.DEFAULT_PATH, copy)
    (X, _), _ = load_mnist(n_train=20, n_test=0, seed=4, path=copy)
    (X_default, _), _ = load_mnist(n_train=20, n_test=0, seed=4)
    np.testing.assert_array_equal(X, X_default)
    (X_str, _), _ = load_mnist(n_train=20, n_test=0, seed=4, path=str(copy))
    np.testing.assert_array_equal(X_str, X_default)


# --- a missing or corrupt file ------------------------------------------------------------

RESTORE = (r"restore the shipped nnhelpers/mnist_5k\.csv\.gz: in a clone with `git checkout -- "
           r"nnhelpers/mnist_5k\.csv\.gz`, else by adding --force-reinstall to the pip install")


def test_missing_file_is_a_clear_file_not_found_error(tmp_path):
    missing = tmp_path / "nowhere" / "mnist_5k.csv.gz"
    with pytest.raises(FileNotFoundError, match=r"MNIST file not found at .*nowhere.*"
                                                r"mnist_5k\.csv\.gz: " + RESTORE):
        load_mnist(path=missing)


def test_a_missing_shipped_file_says_how_to_restore_it(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "DEFAULT_PATH", tmp_path / "mnist_5k.csv.gz")
    with pytest.raises(FileNotFoundError, match=RESTORE + r".*, or pass path="):
        load_mnist()


def test_the_restore_advice_names_a_file_git_tracks():
    """`git checkout -- nnhelpers/mnist_5k.csv.gz` works in a clone: git knows that path."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git clone")
    done = subprocess.run(["git", "-c", f"safe.directory={ROOT}", "ls-files", "--error-unmatch",
                           "nnhelpers/mnist_5k.csv.gz"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_directory_is_not_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"MNIST file not found"):
        load_mnist(path=tmp_path)


@pytest.mark.parametrize("position", [0, 1000, -1])
def test_corrupt_file_is_refused_by_its_sha256(tmp_path, position):
    corrupt = tmp_path / "mnist_5k.csv.gz"
    raw = bytearray(data.DEFAULT_PATH.read_bytes())
    raw[position] ^= 0x01  # flip one bit
    corrupt.write_bytes(bytes(raw))
    digest = hashlib.sha256(bytes(raw)).hexdigest()
    message = (rf"MNIST file .*mnist_5k\.csv\.gz is corrupt or not the shipped one: "
               rf"sha256 {digest}, expected {SHA256} \(data/README\.md\): " + RESTORE)
    with pytest.raises(ValueError, match=message):
        load_mnist(path=corrupt)


def test_truncated_and_empty_files_are_refused(tmp_path):
    raw = data.DEFAULT_PATH.read_bytes()
    for name, content in (("short.csv.gz", raw[: len(raw) // 2]), ("empty.csv.gz", b"")):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ValueError, match=r"is corrupt or not the shipped one: sha256"):
            load_mnist(path=path)


def test_a_valid_gzip_with_other_content_is_refused(tmp_path):
    path = tmp_path / "other.csv.gz"
    path.write_bytes(gzip.compress(b"1,2,3\n"))
    with pytest.raises(ValueError, match=r"sha256 [0-9a-f]{64}, expected " + SHA256):
        load_mnist(path=path)


# --- bad arguments ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_train": 4001, "n_test": 1000}, r"n_train \+ n_test must be at most 5000, got 5001"),
        ({"n_train": 5001, "n_test": 0}, r"n_train \+ n_test must be at most 5000, got 5001"),
        ({"n_train": -1}, r"n_train must be an integer at least 0, got -1"),
        ({"n_test": 10.0}, r"n_test must be an integer, got float 10\.0"),
        ({"n_train": "100"}, r"n_train must be an integer, got str '100'"),
    ],
)
def test_bad_sizes_are_refused(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        load_mnist(**kwargs)


def test_one_hot():
    Y = one_hot(np.array([3, 0, 9, 3]))
    assert Y.shape == (10, 4)
    expected = np.zeros((10, 4))
    for col, label in enumerate([3, 0, 9, 3]):
        expected[label, col] = 1.0
    np.testing.assert_array_equal(Y, expected)
    np.testing.assert_array_equal(one_hot(np.array([1, 0]), n_classes=2), [[0, 1], [1, 0]])
    assert one_hot(np.array([], dtype=int)).shape == (10, 0)


@pytest.mark.parametrize(
    "labels, message",
    [
        (np.array([0, 10]), r"labels must lie in 0\.\.9, got 0\.\.10"),
        (np.array([-1, 2]), r"labels must lie in 0\.\.9, got -1\.\.2"),
        (np.array([1.0, 2.0]), r"labels must be a 1-d integer array, got shape \(2,\), "
                               r"dtype float64"),
        (np.array([[1, 2]]), r"labels must be a 1-d integer array, got shape \(1, 2\)"),
    ],
)
def test_one_hot_refuses_bad_labels(labels, message):
    with pytest.raises(ValueError, match=re.compile(message)):
        one_hot(labels)
