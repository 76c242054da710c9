"""Accumulates both partial derivatives example by example."""
def linear_grads(a, b, x, y):
    da = db = 0.0
    xs, ys = x.ravel(), y.ravel()
    for xi, yi in zip(xs, ys):
        s = a + b * xi - yi
        da += 2 * s
        db += 2 * s * xi
    return float(da / len(xs)), float(db / len(xs))
