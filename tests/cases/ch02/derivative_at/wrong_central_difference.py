"""Estimates the derivative with a central finite difference (in float64) instead of autograd."""
# diagnosis: finite difference
def derivative_at(f, xs):
    x = xs.detach().double()
    h = 1e-6
    with torch.no_grad():
        grad = (f(x + h) - f(x - h)) / (2 * h)
    return grad.to(xs.dtype)
