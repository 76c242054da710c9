"""Calls backward() on the vector of outputs, with no gradient argument and no sum."""
# diagnosis: several elements
def derivative_at(f, xs):
    x = xs.detach().clone().requires_grad_(True)
    f(x).backward()
    return x.grad
