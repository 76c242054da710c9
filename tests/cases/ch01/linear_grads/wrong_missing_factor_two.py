"""Drops the factor 2 from the derivative of the square."""
# diagnosis: Half the expected gradient
def linear_grads(a, b, x, y):
    residual = a + b * x - y
    return float(np.mean(residual)), float(np.mean(residual * x))
