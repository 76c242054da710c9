"""Builds each basis direction e_i explicitly, as in the formula."""
def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros(x.shape)
    for i in range(x.size):
        e = np.zeros(x.size)
        e[i] = 1.0
        e = e.reshape(x.shape)
        grad.flat[i] = (f(x + eps * e) - f(x - eps * e)) / (2 * eps)
    return grad
