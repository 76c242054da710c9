"""Takes tanh's local gradient as 1 / cosh(z)^2 at the pre-activation, and sums with einsum."""
def tanh_network_grads(W1, b1, w2, b2, x, y):
    z = np.einsum("nd,dk->nk", x, W1) + b1[None, :]
    h = np.tanh(z)
    residual = np.einsum("nk,k->n", h, w2) + b2 - y
    g_out = residual * 2.0 / residual.size
    g_z = g_out[:, None] * w2[None, :] / np.cosh(z) ** 2
    return (np.einsum("nd,nk->dk", x, g_z), np.einsum("nk->k", g_z), np.einsum("nk,n->k", h, g_out),
            np.float64(g_out.sum()))
