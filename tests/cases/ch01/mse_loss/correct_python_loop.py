"""A plain Python loop over the flattened arrays."""
def mse_loss(y_hat, y):
    total = 0.0
    flat_hat, flat_y = y_hat.ravel(), y.ravel()
    for p, t in zip(flat_hat, flat_y):
        total += (p - t) ** 2
    return total / len(flat_hat)
