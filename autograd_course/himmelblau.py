"""Himmelblau's function, the two-dimensional landscape of chapter 5: where its four minima are, which
of them a point is closest to, and a contour map to draw optimizer paths on.

    f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2

Everything here works on NumPy arrays (a contour map needs values on a grid, not gradients); the
notebooks compute the function on tensors themselves.
"""

import numpy as np

# The four points where f is 0, to six decimals: (3, 2) exactly, the other three only approximately.
MINIMA = np.array([[3.0, 2.0], [-2.805118, 3.131313], [-3.779310, -3.283186], [3.584428, -1.848127]])
MINIMA_NAMES = ("(3, 2)", "(-2.81, 3.13)", "(-3.78, -3.28)", "(3.58, -1.85)")
MINIMUM_COLOURS = ("tab:red", "tab:blue", "tab:green", "tab:purple")


def height_on_grid(x, y):
    """f on NumPy arrays ``x`` and ``y`` of the same shape (a meshgrid), in float64."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return np.square(np.square(x) + y - 11.0) + np.square(x + np.square(y) - 7.0)


def nearest_minimum(points):
    """For each row of ``points`` (shape ``(k, 2)``; a tensor or an array): the index into MINIMA of the
    closest minimum and the distance to it, as two NumPy arrays of length ``k``."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    distances = np.linalg.norm(points[:, None, :] - MINIMA[None, :, :], axis=-1)
    index = np.argmin(distances, axis=1)
    return index, distances[np.arange(len(points)), index]


def draw_contours(ax, limit=5.0, resolution=300):
    """Draw f's contour lines over ``[-limit, limit]^2`` on the matplotlib axes ``ax``, and its minima.

    The levels are spaced geometrically, so the flat valleys near the minima show as clearly as the
    steep walls. Returns ``ax``.
    """
    grid = np.linspace(-limit, limit, resolution)
    xx, yy = np.meshgrid(grid, grid)
    levels = np.geomspace(0.3, 900.0, 16)
    ax.contour(xx, yy, height_on_grid(xx, yy), levels=levels, colors="0.7", linewidths=0.7)
    for (mx, my), colour in zip(MINIMA, MINIMUM_COLOURS):
        ax.plot(mx, my, marker="*", markersize=13, color=colour, markeredgecolor="black", zorder=5)
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return ax
