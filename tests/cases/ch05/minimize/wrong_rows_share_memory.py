"""Appends point.detach() without a copy, so every row is the same memory as the moving point."""
def minimize(f, start, optimizer_cls, n_steps, **opt_kwargs):
    point = start.detach().clone().requires_grad_(True)
    optimizer = optimizer_cls([point], **opt_kwargs)
    trajectory = [point.detach()]
    for _ in range(n_steps):
        optimizer.zero_grad()
        f(point).backward()
        optimizer.step()
        trajectory.append(point.detach())
    return point.detach(), torch.stack(trajectory)
# diagnosis: Every row of the trajectory
