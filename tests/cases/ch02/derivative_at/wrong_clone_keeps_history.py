"""Copies xs with clone() alone: when xs requires grad the copy is a non-leaf, and its .grad stays None."""
# diagnosis: is None
def derivative_at(f, xs):
    x = xs.clone()
    x.requires_grad_(True)
    f(x).sum().backward()
    return x.grad
