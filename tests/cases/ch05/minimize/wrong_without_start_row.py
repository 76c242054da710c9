"""Records only the points after each step, leaving out the start."""
def minimize(f, start, optimizer_cls, n_steps, **opt_kwargs):
    point = start.detach().clone().requires_grad_(True)
    optimizer = optimizer_cls([point], **opt_kwargs)
    trajectory = []
    for _ in range(n_steps):
        optimizer.zero_grad()
        f(point).backward()
        optimizer.step()
        trajectory.append(point.detach().clone())
    return point.detach().clone(), torch.stack(trajectory)
# diagnosis: should have shape (21, 2)
