"""Uses the pre-activation z instead of the activation tanh(z) as w2's local gradient."""
# diagnosis: dw2
def tanh_network_grads(W1, b1, w2, b2, x, y):
    z = x @ W1 + b1
    h = np.tanh(z)
    g_out = 2.0 * (h @ w2 + b2 - y) / len(y)
    g_z = np.outer(g_out, w2) * (1.0 - h ** 2)
    return x.T @ g_z, g_z.sum(axis=0), z.T @ g_out, float(g_out.sum())
