"""Does not call the earlier exercises: the loss and both gradients written inline."""
def gradient_descent(x, y, a, b, lr, n_epochs):
    losses = []
    for _ in range(n_epochs):
        error = y - (a + b * x)
        losses.append(float((error ** 2).mean()))
        a_grad = -2 * error.mean()
        b_grad = -2 * (x * error).mean()
        a = a - lr * a_grad
        b = b - lr * b_grad
    return float(a), float(b), losses
