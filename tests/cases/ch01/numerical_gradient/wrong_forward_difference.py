"""One-sided (forward) difference: error of order eps instead of eps squared."""
# diagnosis: forward difference
def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros_like(x, dtype=float)
    base = f(x)
    for index in np.ndindex(x.shape):
        moved = x.copy()
        moved[index] += eps
        grad[index] = (f(moved) - base) / eps
    return grad
