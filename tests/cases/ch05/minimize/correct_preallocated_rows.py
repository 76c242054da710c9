"""Writes each point into a preallocated tensor (assignment copies the values)."""
def minimize(f, start, optimizer_cls, n_steps, **opt_kwargs):
    point = start.detach().clone()
    point.requires_grad_()
    optimizer = optimizer_cls([point], **opt_kwargs)
    trajectory = torch.empty(n_steps + 1, 2, dtype=start.dtype)
    trajectory[0] = point.detach()
    for k in range(1, n_steps + 1):
        optimizer.zero_grad(set_to_none=False)
        loss = f(point)
        loss.backward()
        optimizer.step()
        trajectory[k] = point.detach()
    return trajectory[-1].clone(), trajectory
