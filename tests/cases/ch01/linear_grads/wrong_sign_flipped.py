"""Differentiates with the residual y - prediction but forgets the minus sign of the chain rule."""
# diagnosis: signs are flipped
def linear_grads(a, b, x, y):
    error = y - (a + b * x)
    return float(2 * np.mean(error)), float(2 * np.mean(error * x))
