"""Computes the right numbers but returns them flattened, not in x's shape."""
# diagnosis: should have shape (2, 3)
def numerical_gradient(f, x, eps=1e-6):
    flat = x.astype(float).ravel()
    grad = []
    for i in range(flat.size):
        up, down = flat.copy(), flat.copy()
        up[i] += eps
        down[i] -= eps
        grad.append((f(up.reshape(x.shape)) - f(down.reshape(x.shape))) / (2 * eps))
    return np.array(grad)
