"""Runs backward on the vector of outputs with gradient=ones, on a fresh leaf."""
def derivative_at(f, xs):
    x = xs.detach().clone()
    x.requires_grad = True
    y = f(x)
    y.backward(gradient=torch.ones_like(y))
    return x.grad
