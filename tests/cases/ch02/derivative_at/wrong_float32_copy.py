"""Rebuilds the points with torch.tensor(xs.tolist()), which makes them float32 whatever xs was."""
# diagnosis: should have dtype torch.float64
def derivative_at(f, xs):
    x = torch.tensor(xs.tolist(), requires_grad=True)
    (grad,) = torch.autograd.grad(f(x).sum(), x)
    return grad
