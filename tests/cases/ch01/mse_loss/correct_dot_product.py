"""A dot product of the differences with themselves, in the inputs' own dtype."""
def mse_loss(y_hat, y):
    d = (y_hat - y).ravel()
    return np.dot(d, d) / d.size
