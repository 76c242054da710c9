"""Averages absolute differences instead of squared ones."""
# diagnosis: absolute
def mse_loss(y_hat, y):
    return float(np.mean(np.abs(y_hat - y)))
