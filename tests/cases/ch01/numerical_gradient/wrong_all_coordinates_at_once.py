"""Nudges every coordinate together, which measures a directional derivative, not each partial."""
# diagnosis: along one coordinate only
def numerical_gradient(f, x, eps=1e-6):
    slope = (f(x + eps) - f(x - eps)) / (2 * eps)
    return np.full(x.shape, slope, dtype=float)
