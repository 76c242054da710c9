"""Differentiates the sum of the squared errors, not their mean."""
# diagnosis: not a sum
def tanh_network_grads(W1, b1, w2, b2, x, y):
    h = np.tanh(x @ W1 + b1)
    g_out = 2.0 * (h @ w2 + b2 - y)
    g_z = np.outer(g_out, w2) * (1.0 - h ** 2)
    return x.T @ g_z, g_z.sum(axis=0), h.T @ g_out, float(g_out.sum())
