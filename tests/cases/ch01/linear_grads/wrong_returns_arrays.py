"""Averages along axis 0, which returns arrays of shape (1,) for column inputs and breaks the float contract."""
# diagnosis: should be a float
def linear_grads(a, b, x, y):
    residual = (a + b * x - y).reshape(len(x), -1)
    return 2 * residual.mean(axis=0), 2 * (residual * x.reshape(len(x), -1)).mean(axis=0)
