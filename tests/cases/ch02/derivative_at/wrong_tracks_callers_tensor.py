"""Switches on requires_grad of the caller's xs and runs backward on it."""
# diagnosis: switched requires_grad of the caller's xs
def derivative_at(f, xs):
    xs.requires_grad_(True)
    f(xs).sum().backward()
    return xs.grad.clone()
