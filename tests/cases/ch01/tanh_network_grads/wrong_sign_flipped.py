"""Starts the backward pass from y - y_hat, which flips every gradient."""
# diagnosis: wrong sign
def tanh_network_grads(W1, b1, w2, b2, x, y):
    h = np.tanh(x @ W1 + b1)
    g_out = 2.0 * (y - (h @ w2 + b2)) / len(y)
    g_z = np.outer(g_out, w2) * (1.0 - h ** 2)
    return x.T @ g_z, g_z.sum(axis=0), h.T @ g_out, float(g_out.sum())
