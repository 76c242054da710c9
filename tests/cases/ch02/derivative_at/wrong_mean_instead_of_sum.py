"""Reduces the outputs with mean() before backward, which divides every derivative by n."""
# diagnosis: divided by the number of points
def derivative_at(f, xs):
    x = xs.detach().clone().requires_grad_(True)
    f(x).mean().backward()
    return x.grad
