"""Nudges a flattened copy and hands f the flat array instead of one shaped like x."""
# diagnosis: f is defined on arrays shaped like x
def numerical_gradient(f, x, eps=1e-6):
    flat = np.array(x, dtype=float).ravel()
    grad = np.zeros_like(flat)
    for i in range(flat.size):
        step = np.zeros_like(flat)
        step[i] = eps
        grad[i] = (f(flat + step) - f(flat - step)) / (2 * eps)
    return grad.reshape(np.shape(x))
