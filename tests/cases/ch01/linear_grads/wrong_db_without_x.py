"""Forgets the local gradient x in dL/db."""
# diagnosis: local gradient of a + b*x with respect to b is x
def linear_grads(a, b, x, y):
    residual = a + b * x - y
    return float(2 * np.mean(residual)), float(2 * np.mean(residual))
