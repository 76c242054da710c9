"""Clones start without detaching it: when start requires grad, the clone is a non-leaf the optimizer refuses."""
def minimize(f, start, optimizer_cls, n_steps, **opt_kwargs):
    point = start.clone().requires_grad_(True)
    optimizer = optimizer_cls([point], **opt_kwargs)
    trajectory = [point.detach().clone()]
    for _ in range(n_steps):
        optimizer.zero_grad()
        f(point).backward()
        optimizer.step()
        trajectory.append(point.detach().clone())
    return point.detach().clone(), torch.stack(trajectory)
# diagnosis: the result of a computation, not a leaf
