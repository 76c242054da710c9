"""Steps before back-propagating, so each step uses the previous step's gradient."""
def minimize(f, start, optimizer_cls, n_steps, **opt_kwargs):
    point = start.detach().clone().requires_grad_(True)
    optimizer = optimizer_cls([point], **opt_kwargs)
    trajectory = [point.detach().clone()]
    for _ in range(n_steps):
        optimizer.step()
        optimizer.zero_grad()
        f(point).backward()
        trajectory.append(point.detach().clone())
    return point.detach().clone(), torch.stack(trajectory)
# diagnosis: was step() called before backward()
