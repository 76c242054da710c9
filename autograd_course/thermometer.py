"""The thermometer model of chapters 4 and 5 (Deep Learning with PyTorch, chapter 5): a line from the
unknown units ``t_u`` to degrees Celsius, fitted with the mean squared error; plus the exact
least-squares answer and the two plots both chapters draw (the fit, and the loss curves)."""

import numpy as np
import torch


def model(t_u, w, b):
    """Predicted Celsius temperatures ``w * t_u + b`` (tensors broadcast as usual)."""
    return w * t_u + b


def loss_fn(t_p, t_c):
    """Mean squared error between predictions ``t_p`` and measured ``t_c``, a 0-dim tensor."""
    squared_diffs = (t_p - t_c) ** 2
    return squared_diffs.mean()


def least_squares(t_u, t_c):
    """The exact minimiser ``(w, b)`` of ``loss_fn(model(t_u, w, b), t_c)``, as two Python floats.

    Solved in float64 from the normal equations of the straight line, so it serves as the answer that
    gradient descent approaches. ``t_u`` and ``t_c`` are 1-D arrays or tensors of the same length.
    """
    x = np.asarray(t_u, dtype=np.float64)
    y = np.asarray(t_c, dtype=np.float64)
    x_mean, y_mean = x.mean(), y.mean()
    w = ((x - x_mean) * (y - y_mean)).sum() / ((x - x_mean) ** 2).sum()
    return float(w), float(y_mean - w * x_mean)


def plot_fit(ax, t_u, t_c, curves=(), xlabel="t_u (unknown units)"):
    """Draw the readings as dots and each ``(label, predict)`` of ``curves`` as a line over their range.

    ``predict`` maps a 1-D float32 tensor of inputs to predicted Celsius temperatures.
    """
    x = np.asarray(t_u, dtype=np.float64)
    ax.plot(x, np.asarray(t_c, dtype=np.float64), "o", color="black", label="readings")
    grid = torch.linspace(float(x.min()), float(x.max()), 100)
    with torch.no_grad():  # drawing needs numbers, not a graph
        for label, predict in curves:
            ax.plot(grid.numpy(), predict(grid).detach().numpy(), label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("t_c (degrees Celsius)")
    ax.legend()


def plot_losses(ax, train_losses, val_losses, title=""):
    """Draw a training and a validation loss curve (one value per epoch) on a logarithmic scale."""
    epochs = np.arange(1, len(train_losses) + 1)
    ax.plot(epochs, train_losses, label="training loss")
    ax.plot(epochs, val_losses, label="validation loss")
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("mean squared error")
    ax.set_title(title)
    ax.legend()
