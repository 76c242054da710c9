"""Returns the root of the mean squared error (RMSE)."""
# diagnosis: root of its square
def mse_loss(y_hat, y):
    return float(np.sqrt(np.mean((y_hat - y) ** 2)))
