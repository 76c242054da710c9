"""Divides by n - 1, as for a sample variance."""
# diagnosis: divided by zero
def mse_loss(y_hat, y):
    d = (y_hat - y).ravel()
    return float(np.sum(d ** 2) / (d.size - 1))
