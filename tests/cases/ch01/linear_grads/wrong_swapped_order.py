"""Returns (dL/db, dL/da) in the wrong order."""
# diagnosis: swapped
def linear_grads(a, b, x, y):
    residual = a + b * x - y
    return float(2 * np.mean(residual * x)), float(2 * np.mean(residual))
