"""Sums the squared differences instead of averaging them."""
# diagnosis: sum of the squared differences
def mse_loss(y_hat, y):
    return float(np.sum((y_hat - y) ** 2))
