"""Back-propagates one example at a time and adds up each parameter's gradient over the examples."""
def tanh_network_grads(W1, b1, w2, b2, x, y):
    n = len(y)
    dW1, db1, dw2, db2 = np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(w2), 0.0
    for xi, yi in zip(x, y):
        h = np.tanh(xi @ W1 + b1)
        g_out = 2.0 * (h @ w2 + b2 - yi) / n
        db2 += g_out
        dw2 += g_out * h
        g_z = g_out * w2 * (1.0 - h * h)
        db1 += g_z
        dW1 += np.outer(xi, g_z)
    return dW1, db1, dw2, db2
