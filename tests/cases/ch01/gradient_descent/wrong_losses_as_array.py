"""Returns the losses as a NumPy array, not the list of floats the docstring promises."""
# diagnosis: should be a list
def gradient_descent(x, y, a, b, lr, n_epochs):
    losses = np.zeros(n_epochs)
    for i in range(n_epochs):
        losses[i] = mse_loss(a + b * x, y)
        da, db = linear_grads(a, b, x, y)
        a, b = a - lr * da, b - lr * db
    return float(a), float(b), losses
