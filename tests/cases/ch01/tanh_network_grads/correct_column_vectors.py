"""Works with the errors as an (n, 1) column and takes the mean's 1/n at the very end."""
def tanh_network_grads(W1, b1, w2, b2, x, y):
    h = np.tanh(x @ W1 + b1.reshape(1, -1))
    errors = h @ w2.reshape(-1, 1) + b2 - y.reshape(-1, 1)
    g_z = 2.0 * errors @ w2.reshape(1, -1) * (1.0 - h ** 2)
    n = x.shape[0]
    return (x.T @ g_z) / n, g_z.sum(axis=0) / n, (2.0 * h.T @ errors).ravel() / n, float(2.0 * errors.sum() / n)
