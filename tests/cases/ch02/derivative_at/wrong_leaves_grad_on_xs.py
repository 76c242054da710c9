"""Tracks the caller's xs, then switches tracking off again but leaves the gradient in xs.grad."""
# diagnosis: left a gradient in xs.grad
def derivative_at(f, xs):
    xs.requires_grad_(True)
    f(xs).sum().backward()
    grad = xs.grad.clone()
    xs.requires_grad_(False)
    return grad
