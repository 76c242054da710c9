"""Gets the gradient from torch.autograd.grad, hands it to the optimizer through point.grad, rows preallocated."""
def minimize(f, start, optimizer_cls, n_steps, **opt_kwargs):
    point = start.detach().clone().requires_grad_()
    opt = optimizer_cls([point], **opt_kwargs)
    rows = torch.empty(n_steps + 1, 2, dtype=start.dtype)
    rows[0] = start.detach()
    for k in range(n_steps):
        g, = torch.autograd.grad(f(point), point)
        point.grad = g
        opt.step()
        rows[k + 1] = point.detach()
    return point.detach().clone(), rows
