"""Creates a fresh optimizer at every step, which throws away its state."""
def minimize(f, start, optimizer_cls, n_steps, **opt_kwargs):
    point = start.detach().clone().requires_grad_(True)
    trajectory = [point.detach().clone()]
    for _ in range(n_steps):
        optimizer = optimizer_cls([point], **opt_kwargs)
        optimizer.zero_grad()
        f(point).backward()
        optimizer.step()
        trajectory.append(point.detach().clone())
    return point.detach().clone(), torch.stack(trajectory)
# diagnosis: created 20 optimizers
