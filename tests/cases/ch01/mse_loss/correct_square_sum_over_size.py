"""np.square, np.sum and division by the number of elements."""
def mse_loss(y_hat, y):
    return np.sum(np.square(y_hat - y)) / y.size
