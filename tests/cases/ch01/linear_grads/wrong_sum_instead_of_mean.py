"""Sums the per-example gradients instead of averaging them."""
# diagnosis: instead of summing
def linear_grads(a, b, x, y):
    residual = a + b * x - y
    return float(2 * np.sum(residual)), float(2 * np.sum(residual * x))
