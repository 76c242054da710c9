"""Builds the point from a list of numbers and clears gradients by setting them to None."""
def minimize(f, start, optimizer_cls, n_steps, **opt_kwargs):
    point = torch.tensor(start.tolist(), dtype=start.dtype, requires_grad=True)
    optimizer = optimizer_cls([point], **opt_kwargs)
    rows = [point.detach().clone()]
    for _ in range(n_steps):
        point.grad = None
        f(point).backward()
        optimizer.step()
        rows.append(point.detach().clone())
    trajectory = torch.stack(rows)
    return trajectory[-1].clone(), trajectory
