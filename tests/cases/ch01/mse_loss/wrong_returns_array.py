"""Returns a one-element array (keepdims) instead of a float."""
# diagnosis: should be a float
def mse_loss(y_hat, y):
    return np.mean((y_hat - y) ** 2, keepdims=True).reshape(1)
