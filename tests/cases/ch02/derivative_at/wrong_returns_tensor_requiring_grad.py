"""Keeps the graph of the gradient (create_graph=True), so the result still requires grad."""
# diagnosis: should not require grad
def derivative_at(f, xs):
    x = xs.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    return grad
