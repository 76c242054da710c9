"""The course's data sets: small, fixed, and generated exactly as in the articles the numbers come from."""

import numpy as np

# Celsius readings and the same moments on a thermometer with unknown units (Deep Learning with
# PyTorch, chapter 5). The book's gradient at w=1, b=0 is [4517.2969, 82.6000].
THERMOMETER_CELSIUS = [0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0]
THERMOMETER_UNKNOWN = [35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4]


def thermometer():
    """Return ``(t_c, t_u)``: the 11 Celsius readings and the matching unknown-unit readings, float32 arrays."""
    return (np.array(THERMOMETER_CELSIUS, dtype=np.float32), np.array(THERMOMETER_UNKNOWN, dtype=np.float32))


def doubling():
    """Return ``(x, y)``: four inputs and their doubles, the network that should learn ``w = 2``."""
    return np.array([2.0, 4.0, 6.0, 8.0], dtype=np.float32), np.array([4.0, 8.0, 12.0, 16.0], dtype=np.float32)


def linear_regression(seed=42, n=100, train_fraction=0.8):
    """Return ``(x_train, y_train, x_val, y_val)`` for ``y = 1 + 2x + 0.1 * noise``, each of shape ``(k, 1)``.

    The draws follow ``np.random.seed(seed)`` then ``rand``, ``randn`` and ``shuffle``, the order in
    which the published example made them, but from a private generator so that the caller's global
    random state is left alone. With the defaults the least-squares fit on the training part is
    a = 1.0235, b = 1.9690.
    """
    rng = np.random.RandomState(seed)
    x = rng.rand(n, 1)
    y = 1 + 2 * x + 0.1 * rng.randn(n, 1)
    idx = np.arange(n)
    rng.shuffle(idx)
    cut = int(round(train_fraction * n))
    train, val = idx[:cut], idx[cut:]
    return x[train], y[train], x[val], y[val]
