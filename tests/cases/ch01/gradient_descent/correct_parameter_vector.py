"""Keeps (a, b) in one parameter vector and updates it with the matrix-form gradient."""
def gradient_descent(x, y, a, b, lr, n_epochs):
    xs, ys = x.reshape(-1), y.reshape(-1)
    design = np.stack([np.ones_like(xs), xs], axis=1)
    theta = np.array([a, b], dtype=float)
    losses = []
    for _ in range(n_epochs):
        residual = design @ theta - ys
        losses.append(float(residual @ residual / len(ys)))
        theta = theta - lr * (2.0 / len(ys)) * (design.T @ residual)
    return float(theta[0]), float(theta[1]), losses
