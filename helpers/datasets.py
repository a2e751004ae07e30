"""Small 2-D classification sets and scikit-learn's bundled digits, in the column convention.

Every function returns ``X`` of shape (n_features, m) and ``Y`` of shape (n_outputs, m):
one row of 0/1 labels for the binary sets, one-hot columns (10, m) for the digits. Randomness
comes only from the ``seed`` argument; global random state is never touched.
"""
import numpy as np

from . import _validate as V


def xor():
    """The four XOR points: X (2, 4) with columns (0,0), (0,1), (1,0), (1,1); Y (1, 4) = 0 1 1 0."""
    X = np.array([[0.0, 0.0, 1.0, 1.0],
                  [0.0, 1.0, 0.0, 1.0]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    return X, Y


def _check(n_samples, noise):
    V.positive_int(n_samples, "n_samples")
    if n_samples < 2:
        raise ValueError(f"n_samples: expected at least 2 (one per class), got {n_samples}")
    V.non_negative_float(noise, "noise")


def _finish(points, labels, noise, rng):
    X = points + noise * rng.standard_normal(points.shape)
    return X, labels.reshape(1, -1).astype(np.float64)


def moons(n_samples=200, noise=0.1, seed=0):
    """Two interleaving half circles; X (2, n_samples), Y (1, n_samples)."""
    _check(n_samples, noise)
    rng = np.random.default_rng(V.seed(seed))
    n_top = n_samples // 2
    n_bottom = n_samples - n_top
    t_top = np.linspace(0, np.pi, n_top)
    t_bottom = np.linspace(0, np.pi, n_bottom)
    top = np.vstack([np.cos(t_top), np.sin(t_top)])
    bottom = np.vstack([1 - np.cos(t_bottom), 0.5 - np.sin(t_bottom)])
    labels = np.r_[np.zeros(n_top), np.ones(n_bottom)]
    return _finish(np.hstack([top, bottom]), labels, noise, rng)


def circles(n_samples=200, noise=0.05, factor=0.5, seed=0):
    """A small circle (label 1) inside a large one (label 0); X (2, n), Y (1, n)."""
    _check(n_samples, noise)
    if not 0 < factor < 1:
        raise ValueError(f"factor: expected a number between 0 and 1 (inner radius / outer), "
                         f"got {factor!r}")
    rng = np.random.default_rng(V.seed(seed))
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    outer = np.vstack([np.cos(t_out), np.sin(t_out)])
    inner = factor * np.vstack([np.cos(t_in), np.sin(t_in)])
    labels = np.r_[np.zeros(n_out), np.ones(n_in)]
    return _finish(np.hstack([outer, inner]), labels, noise, rng)


def spirals(n_samples=200, noise=0.1, turns=1.5, seed=0):
    """Two interleaved spirals, one per class; X (2, n), Y (1, n). Coordinates lie in about
    [-1, 1]."""
    _check(n_samples, noise)
    rng = np.random.default_rng(V.seed(seed))
    n_a = n_samples // 2
    n_b = n_samples - n_a
    arms = []
    for n, phase in ((n_a, 0.0), (n_b, np.pi)):
        r = np.linspace(0.05, 1.0, n)
        t = r * turns * 2 * np.pi + phase
        arms.append(np.vstack([r * np.cos(t), r * np.sin(t)]))
    labels = np.r_[np.zeros(n_a), np.ones(n_b)]
    return _finish(np.hstack(arms), labels, noise, rng)


def one_hot(labels, n_classes=None):
    """Integer labels (m,) -> one-hot columns (n_classes, m)."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer) or labels.size == 0 \
            or labels.min() < 0:
        raise ValueError(f"labels: expected a 1-D array of integers >= 0, got shape "
                         f"{labels.shape} of {labels.dtype}")
    n_classes = int(labels.max()) + 1 if n_classes is None else n_classes
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def digits(scale=True):
    """scikit-learn's bundled 8x8 handwritten digits (1,797 images, no download).

    Returns ``X`` (64, 1797), pixel values divided by 16 into [0, 1] when ``scale``; ``Y`` (10,
    1797) one-hot; and ``labels`` (1797,) the integer digit of each column.
    """
    from sklearn.datasets import load_digits  # imported here: only the digits need it
    data = load_digits()
    X = data.data.T.astype(np.float64)
    if scale:
        X = X / 16.0
    labels = data.target.astype(int)
    return X, one_hot(labels, 10), labels


def train_test_split(X, Y, test_fraction=0.25, seed=0):
    """Shuffle the columns with ``seed`` and split them: ``X_train, X_test, Y_train, Y_test``."""
    X = np.asarray(X)
    Y = np.asarray(Y)
    if X.ndim != 2 or Y.ndim != 2 or X.shape[1] != Y.shape[1]:
        raise ValueError(f"Y: expected 2-D X and Y with the same number of columns (examples), "
                         f"got X {X.shape} and Y {Y.shape}")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction: expected a number between 0 and 1, got {test_fraction!r}")
    m = X.shape[1]
    n_test = int(round(m * test_fraction))
    if n_test == 0 or n_test == m:
        raise ValueError(f"test_fraction: {test_fraction} of {m} examples leaves an empty split")
    order = np.random.default_rng(V.seed(seed)).permutation(m)
    test, train = order[:n_test], order[n_test:]
    return X[:, train], X[:, test], Y[:, train], Y[:, test]


def xor_blobs(n_samples=200, noise=0.1, seed=0):
    """XOR as a cloud: points around the four corners of the unit square, labelled by XOR."""
    _check(n_samples, noise)
    rng = np.random.default_rng(V.seed(seed))
    corners, labels = xor()
    idx = np.arange(n_samples) % 4
    return _finish(corners[:, idx], labels[0, idx], noise, rng)


#: name -> generator for the 2-D binary sets (the playground's dataset dropdown)
TOY_SETS = {"xor": xor_blobs, "moons": moons, "circles": circles, "spirals": spirals}


def make(name, n_samples=200, noise=0.1, seed=0):
    """One of the 2-D sets by name: 'xor', 'moons', 'circles' or 'spirals'."""
    V.choice(name, "name", TOY_SETS)
    return TOY_SETS[name](n_samples=n_samples, noise=noise, seed=seed)
