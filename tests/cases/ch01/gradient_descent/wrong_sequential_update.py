"""Updates a first and then computes b's gradient at the new a: not a simultaneous update."""
# diagnosis: already-updated a
def gradient_descent(x, y, a, b, lr, n_epochs):
    losses = []
    for _ in range(n_epochs):
        losses.append(mse_loss(a + b * x, y))
        da, _ = linear_grads(a, b, x, y)
        a = a - lr * da
        _, db = linear_grads(a, b, x, y)
        b = b - lr * db
    return float(a), float(b), losses
